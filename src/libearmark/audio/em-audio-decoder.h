/* em-audio-decoder.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "em-audio-error.h"

G_BEGIN_DECLS

/* Every decoded signal is mono float32 at this rate. */
#define EM_AUDIO_RATE 22050

/**
 * EmAudioInfo:
 * @duration_s: duration reported by the demuxer/parser (s), or -1 if unknown
 * @rate: native sample rate (Hz)
 * @channels: native number of channels
 * @seekable: %TRUE if the pipeline reports the stream as seekable
 *
 * What em_audio_probe() learns without decoding the file.
 */
typedef struct
{
  double   duration_s;
  guint    rate;
  guint    channels;
  gboolean seekable;
} EmAudioInfo;

gboolean em_audio_probe  (const char    *path,
                          EmAudioInfo   *info,
                          GCancellable  *cancellable,
                          GError       **error);
float   *em_audio_decode (const char    *path,
                          double         start_s,
                          double         max_seconds,
                          gsize         *n_samples,
                          GCancellable  *cancellable,
                          GError       **error);

G_END_DECLS
