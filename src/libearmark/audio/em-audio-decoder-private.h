/* em-audio-decoder-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "em-audio-decoder.h"

G_BEGIN_DECLS

/* Result of one decode, at EM_AUDIO_RATE. */
typedef struct
{
  float  *samples;
  gsize   n_samples;
  double  start_s;    /* time of samples[0] in the track */
  double  end_s;      /* end of the decoded track (s) */
  char   *warning;    /* nullable */
  gboolean seeked;    /* the tail was reached by seeking */
} EmDecodeResult;

void     _em_decode_result_clear (EmDecodeResult *result);

/* Decodes only the last @tail_seconds of @path (whole file if <= 0),
 * keeping at most that much PCM in memory. */
gboolean _em_audio_decode_tail   (const char      *path,
                                  double           tail_seconds,
                                  gboolean         allow_seek,
                                  EmDecodeResult  *result,
                                  GCancellable    *cancellable,
                                  GError         **error);

/* For benchmarks: the resampler quality used by later decodes. */
void     _em_audio_set_resample_quality (guint quality);
/* For benchmarks: FALSE builds every pipeline with decodebin. */
void     _em_audio_set_fast_path (gboolean enabled);

G_END_DECLS
