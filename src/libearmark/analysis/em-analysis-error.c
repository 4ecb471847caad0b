/* em-analysis-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "em-analysis-error.h"

G_DEFINE_QUARK (em-analysis-error-quark, em_analysis_error)
