/* em-mel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MFCC of features.md §1: Slaney mel filterbank (128 bands, 0..11025 Hz,
 * area-normalised), power_to_db with a clip-wide top_db of 80, and an
 * orthonormal DCT-II keeping 13 coefficients.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "em-mel.h"
#include "em-stft.h"

#define N_EDGES    (EM_MEL_N_BANDS + 2)
#define DCT_STRIDE 16

typedef double EmV2d __attribute__ ((vector_size (16)));

struct _EmMel
{
  /* Band m covers bins start[m] .. start[m] + len[m] - 1; its weights are
   * weights[offset[m] ...].  Each bin lies in at most two bands, so this
   * is ~2 multiply-adds per bin instead of 128. */
  guint   start[EM_MEL_N_BANDS];
  guint   len[EM_MEL_N_BANDS];
  guint   offset[EM_MEL_N_BANDS];
  float  *weights;
  /* DCT basis transposed, band-major with 16 slots per band (13 used), so
   * a frame's 13 coefficients accumulate side by side. */
  double  dct[EM_MEL_N_BANDS * DCT_STRIDE];
};

/* librosa's Slaney hz_to_mel / mel_to_hz, written the way librosa
 * evaluates them (division by f_sp, log-region break at min_log_mel). */
static const double f_sp = 200.0 / 3;

static double
hz_to_mel (double f)
{
  const double min_log_mel = 1000.0 / f_sp;
  const double logstep = log (6.4) / 27.0;

  if (f >= 1000.0)
    return min_log_mel + log (f / 1000.0) / logstep;
  return f / f_sp;
}

static double
mel_to_hz (double m)
{
  const double min_log_mel = 1000.0 / f_sp;
  const double logstep = log (6.4) / 27.0;

  if (m >= min_log_mel)
    return 1000.0 * exp (logstep * (m - min_log_mel));
  return f_sp * m;
}

/* numpy.linspace(0, mel_hi, 130) then mel_to_hz. */
static void
fill_edges (double *edges)
{
  double mel_hi = hz_to_mel (22050.0 / 2);
  double step = (mel_hi - 0.0) / (N_EDGES - 1);

  for (guint j = 0; j < N_EDGES; j++)
    edges[j] = mel_to_hz (j == N_EDGES - 1 ? mel_hi : j * step + 0.0);
}

/* Weight of band m at bin frequency f, as librosa stores it: the triangle
 * rounded to float32, then scaled by the Slaney factor in double and
 * rounded again (an in-place multiply of a float32 array). */
static float
band_weight (const double *edges,
             guint         m,
             double        f)
{
  double lower = -(edges[m] - f) / (edges[m + 1] - edges[m]);
  double upper = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
  float tri = (float) MAX (0.0, MIN (lower, upper));
  double enorm = 2.0 / (edges[m + 2] - edges[m]);

  return (float) ((double) tri * enorm);
}

static void
fill_dct (double *dct)
{
  for (guint q = 0; q < EM_MFCC_N; q++)
    {
      double scale = sqrt (2.0 / EM_MEL_N_BANDS) * (q == 0 ? 1.0 / sqrt (2.0) : 1.0);

      for (guint m = 0; m < EM_MEL_N_BANDS; m++)
        dct[m * DCT_STRIDE + q] = scale * cos (M_PI * q * (2 * m + 1) / (2.0 * EM_MEL_N_BANDS));
    }
}

EmMel *
em_mel_new (void)
{
  EmMel *self = g_new0 (EmMel, 1);
  double edges[N_EDGES];
  GArray *weights = g_array_new (FALSE, FALSE, sizeof (float));

  fill_edges (edges);
  for (guint m = 0; m < EM_MEL_N_BANDS; m++)
    {
      guint first = EM_STFT_N_BINS, last = 0;

      for (guint k = 0; k < EM_STFT_N_BINS; k++)
        if (band_weight (edges, m, em_stft_bin_frequency (k)) != 0.0f)
          {
            first = MIN (first, k);
            last = k;
          }

      self->offset[m] = weights->len;
      self->start[m] = first < EM_STFT_N_BINS ? first : 0;
      self->len[m] = first < EM_STFT_N_BINS ? last - first + 1 : 0;
      for (guint k = self->start[m]; k < self->start[m] + self->len[m]; k++)
        {
          float w = band_weight (edges, m, em_stft_bin_frequency (k));
          g_array_append_val (weights, w);
        }
    }

  self->weights = (float *) (void *) g_array_free (weights, FALSE);
  fill_dct (self->dct);
  return self;
}

void
em_mel_free (EmMel *self)
{
  if (self == NULL)
    return;

  g_free (self->weights);
  g_free (self);
}

#define FRAMES_PER_PASS 4

/* Mel power of up to four frames at once: each band's weights are read
 * once for all of them, and the per-band loop (whose exit the branch
 * predictor misses) runs a quarter as often.  Each frame's sum runs over
 * the band's bins in order. */
static void
mel_power_frames (const EmMel  *self,
                  const float **power,
                  double      **mel)
{
  for (guint m = 0; m < EM_MEL_N_BANDS; m++)
    {
      const float *w = self->weights + self->offset[m];
      guint start = self->start[m];
      double acc[FRAMES_PER_PASS] = { 0 };

      for (guint i = 0; i < self->len[m]; i++)
        for (guint f = 0; f < FRAMES_PER_PASS; f++)
          acc[f] += (double) w[i] * (double) power[f][start + i];
      for (guint f = 0; f < FRAMES_PER_PASS; f++)
        mel[f][m] = acc[f];
    }
}

/* Mel power in dB (ref 1, amin 1e-10) of every frame (power: n_frames x
 * 1025; db: n_frames x 128, frame-major), before the top_db clip.
 * Returns the largest value of the clip.  10*log10(x) is taken as
 * ln(x) * 10/ln(10): the same to ~1e-15 and faster than log10. */
double
em_mel_db_frames (const EmMel *self,
                  const float *power,
                  gsize        n_frames,
                  double      *db)
{
  const double db_per_neper = 10.0 / G_LN10;
  double db_max = -G_MAXDOUBLE;
  double scratch[EM_MEL_N_BANDS];

  for (gsize t = 0; t < n_frames; t += FRAMES_PER_PASS)
    {
      const float *rows[FRAMES_PER_PASS];
      double *out[FRAMES_PER_PASS];

      /* Past the last frame, rows repeat it and the results are dropped. */
      for (guint f = 0; f < FRAMES_PER_PASS; f++)
        {
          rows[f] = power + MIN (t + f, n_frames - 1) * EM_STFT_N_BINS;
          out[f] = t + f < n_frames ? db + (t + f) * EM_MEL_N_BANDS : scratch;
        }
      mel_power_frames (self, rows, out);
    }

  for (gsize i = 0; i < n_frames * EM_MEL_N_BANDS; i++)
    {
      db[i] = db_per_neper * log (MAX (1e-10, db[i]));
      db_max = MAX (db_max, db[i]);
    }

  return db_max;
}

/* Clip every value at db_max - 80 (librosa's top_db over the whole clip),
 * then DCT-II (orthonormal) each frame.  db is n_frames x 128 (frame-major)
 * and is clipped in place; mfcc is 13 x n_frames (row-major). */
void
em_mel_mfcc (const EmMel *self,
             double      *db,
             gsize        n_frames,
             double       db_max,
             double      *mfcc)
{
  double floor_db = db_max - 80.0;

  for (gsize t = 0; t < n_frames; t++)
    {
      double *d = db + t * EM_MEL_N_BANDS;
      EmV2d acc[DCT_STRIDE / 2] = { { 0 } };
      double out[DCT_STRIDE];

      for (guint m = 0; m < EM_MEL_N_BANDS; m++)
        d[m] = MAX (d[m], floor_db);

      /* Bands in order for every coefficient (the same sums as one
       * coefficient at a time), in eight 2-wide accumulators. */
      for (guint m = 0; m < EM_MEL_N_BANDS; m++)
        {
          EmV2d basis[DCT_STRIDE / 2];

          memcpy (basis, self->dct + m * DCT_STRIDE, sizeof basis);
          for (guint v = 0; v < DCT_STRIDE / 2; v++)
            acc[v] += basis[v] * d[m];
        }
      memcpy (out, acc, sizeof out);
      for (guint q = 0; q < EM_MFCC_N; q++)
        mfcc[q * n_frames + t] = out[q];
    }
}
