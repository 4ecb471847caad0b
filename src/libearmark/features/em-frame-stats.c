/* em-frame-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time-domain frame features: zero-crossing rate (features.md §2) and RMS
 * (§5).  Both frames are 2048 samples at hop 512 = four 512-sample blocks,
 * so each is computed from per-block partial results in O(N).
 */

#include "config.h"

#include <math.h>

#include "em-frame-stats.h"
#include "em-stft.h"

#define BLOCKS_PER_FRAME (EM_STFT_N_FFT / EM_STFT_HOP)

/* librosa's zero_crossings sign test: values with |v| <= 1e-10 (as
 * float32) become +0, so only v < -1e-10 counts as negative. */
static inline gboolean
is_negative (float v)
{
  return v < -1e-10f;
}

/* Crossing at padded position p: the sign differs from position p - 1.
 * ZCR pads by repeating the edge samples, so the padding never crosses
 * and padded position p >= 1 holds y[p - 1024] for 1024 < p < n + 1024. */
static inline guint
crossing_at (const float *y,
             gsize        n,
             gsize        p)
{
  if (p <= EM_STFT_PAD || p >= n + EM_STFT_PAD)
    return 0;
  return is_negative (y[p - EM_STFT_PAD]) != is_negative (y[p - EM_STFT_PAD - 1]);
}

/* scratch holds n_frames + 3 entries: crossings per 512-position block.
 * A frame counts crossings at its positions 1..2047 (the pair before its
 * first sample is not counted). */
void
em_frame_stats_zcr (const float *y,
                    gsize        n,
                    gsize        n_frames,
                    guint       *scratch,
                    double      *zcr)
{
  gsize n_blocks = n_frames + BLOCKS_PER_FRAME - 1;

  for (gsize j = 0; j < n_blocks; j++)
    {
      /* Only positions inside the clip can cross (see crossing_at). */
      gsize lo = MAX (j * EM_STFT_HOP, EM_STFT_PAD + 1);
      gsize hi = MIN ((j + 1) * EM_STFT_HOP, n + EM_STFT_PAD);
      guint count = 0;

      for (gsize p = lo; p < hi; p++)
        count += is_negative (y[p - EM_STFT_PAD]) != is_negative (y[p - EM_STFT_PAD - 1]);
      scratch[j] = count;
    }

  for (gsize t = 0; t < n_frames; t++)
    {
      guint count = 0;

      for (guint b = 0; b < BLOCKS_PER_FRAME; b++)
        count += scratch[t + b];
      count -= crossing_at (y, n, t * EM_STFT_HOP);
      zcr[t] = (double) count / EM_STFT_N_FFT;
    }
}

/* scratch holds n_frames + 3 entries.  RMS uses zero padding and no
 * window: sqrt(mean of the 2048 squares). */
void
em_frame_stats_rms (const float *y,
                    gsize        n,
                    gsize        n_frames,
                    double      *scratch,
                    double      *rms)
{
  gsize n_blocks = n_frames + BLOCKS_PER_FRAME - 1;

  for (gsize j = 0; j < n_blocks; j++)
    {
      gint64 first = (gint64) (j * EM_STFT_HOP) - EM_STFT_PAD;
      gint64 lo = MAX (first, 0);
      gint64 hi = MIN (first + EM_STFT_HOP, (gint64) n);
      double acc = 0.0;

      for (gint64 i = lo; i < hi; i++)
        acc += (double) y[i] * (double) y[i];
      scratch[j] = acc;
    }

  for (gsize t = 0; t < n_frames; t++)
    {
      double acc = 0.0;

      for (guint b = 0; b < BLOCKS_PER_FRAME; b++)
        acc += scratch[t + b];
      rms[t] = sqrt (acc / EM_STFT_N_FFT);
    }
}
