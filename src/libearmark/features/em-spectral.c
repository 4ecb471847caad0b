/* em-spectral.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spectral contrast, roll-off, centroid and bandwidth on the magnitude
 * spectrogram (features.md §3, §6, §7).
 */

#include "config.h"

#include <math.h>

#include "em-spectral.h"
#include "em-stft.h"

/* Largest quantile count of any band (9 for the top band at 22050 Hz). */
#define MAX_Q 32

struct _EmContrastBands
{
  guint first[EM_CONTRAST_N_BANDS];
  guint count[EM_CONTRAST_N_BANDS];
  guint q[EM_CONTRAST_N_BANDS];
};

/* librosa's band construction (fmin 200 Hz, 6 octave bands + the rest):
 * mask edge_b <= f <= edge_b+1, add the bin below for b > 0, everything
 * above for the last band, q from the mask size, then drop the mask's
 * highest bin except in the last band. */
EmContrastBands *
em_contrast_bands_new (void)
{
  EmContrastBands *self = g_new0 (EmContrastBands, 1);
  double edges[EM_CONTRAST_N_BANDS + 1];

  edges[0] = 0.0;
  for (guint b = 1; b <= EM_CONTRAST_N_BANDS; b++)
    edges[b] = 200.0 * pow (2.0, b - 1);

  for (guint b = 0; b < EM_CONTRAST_N_BANDS; b++)
    {
      guint lo = EM_STFT_N_BINS, hi = 0, size;
      double q;

      for (guint k = 0; k < EM_STFT_N_BINS; k++)
        {
          double f = em_stft_bin_frequency (k);

          if (f >= edges[b] && f <= edges[b + 1])
            {
              lo = MIN (lo, k);
              hi = k;
            }
        }
      g_assert (lo <= hi);
      if (b > 0 && lo > 0)
        lo--;
      if (b == EM_CONTRAST_N_BANDS - 1)
        hi = EM_STFT_N_BINS - 1;
      size = hi - lo + 1;
      q = MAX (1.0, nearbyint (0.02 * size));
      if (b < EM_CONTRAST_N_BANDS - 1)
        hi--;

      self->first[b] = lo;
      self->count[b] = hi - lo + 1;
      self->q[b] = MIN ((guint) q, MIN (self->count[b], MAX_Q));
    }

  return self;
}

void
em_contrast_bands_free (EmContrastBands *self)
{
  g_free (self);
}

/* The q smallest (low, ascending) and q largest (high, ascending) values
 * of x[0..n-1], by insertion into two short sorted arrays. */
static void
select_extremes (const float *x,
                 guint        n,
                 guint        q,
                 float       *low,
                 float       *high)
{
  for (guint i = 0; i < q; i++)
    {
      low[i] = G_MAXFLOAT;
      high[i] = -G_MAXFLOAT;
    }

  for (guint i = 0; i < n; i++)
    {
      float v = x[i];

      if (v < low[q - 1])
        {
          guint j = q - 1;

          for (; j > 0 && low[j - 1] > v; j--)
            low[j] = low[j - 1];
          low[j] = v;
        }
      if (v > high[0])
        {
          guint j = 0;

          for (; j + 1 < q && high[j + 1] < v; j++)
            high[j] = high[j + 1];
          high[j] = v;
        }
    }
}

/* numpy's float32 mean of the sorted slice: a running float32 sum in
 * ascending order, divided by q in float32. */
static double
mean_float32 (const float *sorted,
              guint        q)
{
  float acc = sorted[0];

  for (guint i = 1; i < q; i++)
    acc += sorted[i];
  return acc / (float) q;
}

/* Peak and valley of each band for one frame (peak[b], valley[b]). */
void
em_contrast_frame (const EmContrastBands *self,
                   const float           *magnitude,
                   double                *peak,
                   double                *valley)
{
  for (guint b = 0; b < EM_CONTRAST_N_BANDS; b++)
    {
      float low[MAX_Q] = { 0 }, high[MAX_Q] = { 0 };

      select_extremes (magnitude + self->first[b], self->count[b], self->q[b], low, high);
      valley[b] = mean_float32 (low, self->q[b]);
      peak[b] = mean_float32 (high, self->q[b]);
    }
}

/* power_to_db (factor 10, amin 1e-10, top_db 80 over the whole matrix),
 * in double as librosa does on these float64 matrices. */
static void
to_db_clipped (double *x,
               gsize   n)
{
  double top = -G_MAXDOUBLE;

  for (gsize i = 0; i < n; i++)
    {
      x[i] = 10.0 * log10 (MAX (1e-10, x[i]));
      top = MAX (top, x[i]);
    }
  for (gsize i = 0; i < n; i++)
    x[i] = MAX (x[i], top - 80.0);
}

/* peak and valley are 7 x n_frames; peak becomes the contrast in dB.
 * valley is converted in a copy so the caller's buffer stays as is. */
void
em_contrast_finish (double       *peak,
                    const double *valley,
                    gsize         n_frames)
{
  gsize n = EM_CONTRAST_N_BANDS * n_frames;
  g_autofree double *vl = g_memdup2 (valley, n * sizeof (double));

  to_db_clipped (peak, n);
  to_db_clipped (vl, n);
  for (gsize i = 0; i < n; i++)
    peak[i] -= vl[i];
}

/* numpy's pairwise summation (what np.sum does along a contiguous axis),
 * here over float32 values widened to double as librosa's normalize()
 * does: blocks of up to 128 with eight partial sums, halves above. */
static double
pairwise_sum (const float *a,
              gsize        n)
{
  if (n < 8)
    {
      double res = 0.0;

      for (gsize i = 0; i < n; i++)
        res += a[i];
      return res;
    }
  else if (n <= 128)
    {
      double r[8], res;
      gsize i;

      for (guint j = 0; j < 8; j++)
        r[j] = a[j];
      for (i = 8; i < n - (n % 8); i += 8)
        for (guint j = 0; j < 8; j++)
          r[j] += a[i + j];
      res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++)
        res += a[i];
      return res;
    }
  else
    {
      gsize n2 = n / 2;

      n2 -= n2 % 8;
      return pairwise_sum (a, n2) + pairwise_sum (a + n2, n - n2);
    }
}

/* Roll-off (85 %) as librosa computes it: a sequential float32 cumulative
 * sum (numpy.cumsum) and a float32 threshold, first bin reaching it. */
double
em_spectral_rolloff (const float *magnitude)
{
  float cum[EM_STFT_N_BINS];
  float acc = 0.0f, threshold;
  guint k;

  for (k = 0; k < EM_STFT_N_BINS; k++)
    {
      acc += magnitude[k];
      cum[k] = acc;
    }
  threshold = 0.85f * acc;
  for (k = 0; k < EM_STFT_N_BINS && cum[k] < threshold; k++)
    ;

  return em_stft_bin_frequency (MIN (k, EM_STFT_N_BINS - 1));
}

/* Centroid and bandwidth (p = 2).  librosa's normalize() sums the column
 * in double, stores S_k / sum as float32, and the weights are then summed
 * against the double bin frequencies.  A column whose sum is below the
 * smallest normal float is left unnormalised. */
void
em_spectral_centroid_bandwidth (const float *magnitude,
                                double      *centroid,
                                double      *bandwidth)
{
  float weights[EM_STFT_N_BINS];
  double length = 0.0 + pairwise_sum (magnitude, EM_STFT_N_BINS);
  double c = 0.0, bw = 0.0;

  if (length < G_MINFLOAT)
    length = 1.0;
  for (guint k = 0; k < EM_STFT_N_BINS; k++)
    weights[k] = (float) (magnitude[k] / length);

  for (guint k = 0; k < EM_STFT_N_BINS; k++)
    c += em_stft_bin_frequency (k) * (double) weights[k];

  for (guint k = 0; k < EM_STFT_N_BINS; k++)
    {
      double dev = fabs (c - em_stft_bin_frequency (k));
      bw += (double) weights[k] * (dev * dev);
    }

  *centroid = c;
  *bandwidth = sqrt (bw);
}
