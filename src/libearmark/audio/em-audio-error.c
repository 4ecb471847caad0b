/* em-audio-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "em-audio-error.h"

G_DEFINE_QUARK (em-audio-error-quark, em_audio_error)
