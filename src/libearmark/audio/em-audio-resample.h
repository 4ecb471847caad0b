/* em-audio-resample.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Kaiser-windowed sinc quality used by the decoder; see bench-decode for the
 * speed of every quality level. */
#define EM_AUDIO_RESAMPLE_QUALITY_DEFAULT 4

float *em_audio_resample (const float *input,
                          gsize        n_input,
                          guint        in_rate,
                          guint        out_rate,
                          guint        quality,
                          gsize       *n_output,
                          gsize       *n_dropped,
                          GCancellable *cancellable);

G_END_DECLS
