/* em-ml-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "em-ml-error.h"

G_DEFINE_QUARK (em-ml-error-quark, em_ml_error)
