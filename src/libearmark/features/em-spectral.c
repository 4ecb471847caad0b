/* em-spectral.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spectral contrast, roll-off, centroid and bandwidth on the magnitude
 * spectrogram (features.md §3, §6, §7).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "em-spectral.h"
#include "em-stft.h"

/* Room for the quantile count of any band (9 for the top band at 22050 Hz). */
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
      self->q[b] = MIN ((guint) q, self->count[b]);
      g_assert (self->q[b] <= MAX_Q);
    }

  return self;
}

void
em_contrast_bands_free (EmContrastBands *self)
{
  g_free (self);
}

#define BLOCK      8
#define MAX_BLOCKS ((EM_STFT_N_BINS + BLOCK - 1) / BLOCK)

typedef float EmV4f __attribute__ ((vector_size (16)));
typedef gint32 EmV4i __attribute__ ((vector_size (16)));

/* Largest and smallest value of each block of 8 (the last may be short):
 * two 4-wide compares per block (GCC vector extensions), no branches. */
static void
block_extremes (const float *x,
                guint        n,
                float       *block_max,
                float       *block_min)
{
  guint n_full = n / BLOCK, n_blocks = (n + BLOCK - 1) / BLOCK;

  for (guint b = 0; b < n_full; b++)
    {
      EmV4f a, c, hi, lo;
      EmV4i gt;

      memcpy (&a, x + b * BLOCK, sizeof a);
      memcpy (&c, x + b * BLOCK + 4, sizeof c);
      gt = a > c;
      hi = (EmV4f) ((gt & (EmV4i) a) | (~gt & (EmV4i) c));
      lo = (EmV4f) ((gt & (EmV4i) c) | (~gt & (EmV4i) a));
      block_max[b] = MAX (MAX (hi[0], hi[1]), MAX (hi[2], hi[3]));
      block_min[b] = MIN (MIN (lo[0], lo[1]), MIN (lo[2], lo[3]));
    }
  if (n_blocks > n_full)
    {
      float hi = x[n_full * BLOCK], lo = hi;

      for (guint i = n_full * BLOCK + 1; i < n; i++)
        {
          hi = MAX (hi, x[i]);
          lo = MIN (lo, x[i]);
        }
      block_max[n_full] = hi;
      block_min[n_full] = lo;
    }
}

/* Position of the smallest of v[0..q-1]: a fixed-length loop of selects,
 * so nothing depends on the data but the values. */
static inline guint
argmin (const float *v,
        guint        q)
{
  guint m = 0;

  for (guint j = 1; j < q; j++)
    m = v[j] < v[m] ? j : m;
  return m;
}

/* Indices of the q blocks with the largest key (sign = 1) or smallest key
 * (sign = -1), unused entries G_MAXUINT; returns the q-th best key.  The
 * list is kept unordered with its weakest entry known: a key better than
 * that replaces it (no insertion loop whose length depends on the data). */
static float
best_blocks (const float *key,
             guint        n_blocks,
             guint        q,
             float        sign,
             guint       *best)
{
  float best_key[MAX_Q];
  guint weakest = 0;

  for (guint j = 0; j < q; j++)
    {
      best_key[j] = -G_MAXFLOAT;
      best[j] = G_MAXUINT;
    }
  /* Spectra mostly fall with frequency: maxima are met early going up and
   * minima going down, so later blocks rarely enter the list. */
  for (guint i = 0; i < n_blocks; i++)
    {
      guint b = sign > 0 ? i : n_blocks - 1 - i;
      float k = sign * key[b];

      if (!(k > best_key[weakest]))
        continue;
      best_key[weakest] = k;
      best[weakest] = b;
      weakest = argmin (best_key, q);
    }
  return best_key[weakest];
}

/* The q largest values of sign * x over the given blocks, ascending.
 * floor is the smallest of the blocks' maxima: each block holds a value
 * >= floor, so the q largest are all >= floor and only those few values
 * (gathered without branches) are searched. */
static void
top_of_blocks (const float *x,
               guint        n,
               const guint *blocks,
               guint        q,
               float        sign,
               float        floor,
               float       *top)
{
  float cand[MAX_Q * BLOCK];
  guint n_cand = 0, weakest = 0;

  for (guint j = 0; j < q; j++)
    {
      if (blocks[j] == G_MAXUINT)
        continue;
      for (guint i = blocks[j] * BLOCK; i < MIN (n, (blocks[j] + 1) * BLOCK); i++)
        {
          float v = sign * x[i];

          cand[n_cand] = v;
          n_cand += v >= floor;
        }
    }

  for (guint j = 0; j < q; j++)
    top[j] = -G_MAXFLOAT;
  for (guint c = 0; c < n_cand; c++)
    if (cand[c] > top[weakest])
      {
        top[weakest] = cand[c];
        weakest = argmin (top, q);
      }

  /* Ascending order, for the float32 running sum of the mean. */
  for (guint j = 1; j < q; j++)
    {
      float v = top[j];
      guint k = j;

      for (; k > 0 && top[k - 1] > v; k--)
        top[k] = top[k - 1];
      top[k] = v;
    }
}

/* Sort v[0..q-1] ascending (q <= MAX_Q). */
static void
sort_small (float *v,
            guint  q)
{
  for (guint j = 1; j < q; j++)
    {
      float x = v[j];
      guint k = j;

      for (; k > 0 && v[k - 1] > x; k--)
        v[k] = v[k - 1];
      v[k] = x;
    }
}

/* The q largest values of sign * x, ascending, if at least q values are
 * >= guess (then all q largest are, so only those are searched); FALSE
 * otherwise.  Blocks whose extreme is below the guess are skipped. */
static gboolean
top_above_guess (const float *x,
                 guint        n,
                 const float *block_key,
                 guint        q,
                 float        sign,
                 float        guess,
                 float       *top)
{
  guint n_blocks = (n + BLOCK - 1) / BLOCK, n_pass = 0, n_cand = 0, weakest = 0;
  guint pass[MAX_BLOCKS];
  float cand[EM_STFT_N_BINS];

  /* Gathered without branches: which blocks reach the guess, then their
   * values that do. */
  for (guint b = 0; b < n_blocks; b++)
    {
      pass[n_pass] = b;
      n_pass += sign * block_key[b] >= guess;
    }
  for (guint j = 0; j < n_pass; j++)
    for (guint i = pass[j] * BLOCK; i < MIN (n, (pass[j] + 1) * BLOCK); i++)
      {
        float v = sign * x[i];

        cand[n_cand] = v;
        n_cand += v >= guess;
      }
  if (n_cand < q)
    return FALSE;

  for (guint j = 0; j < q; j++)
    top[j] = -G_MAXFLOAT;
  for (guint c = 0; c < n_cand; c++)
    if (cand[c] > top[weakest])
      {
        top[weakest] = cand[c];
        weakest = argmin (top, q);
      }
  sort_small (top, q);
  return TRUE;
}

/* The q largest values of sign * x, ascending: first with the previous
 * frame's q-th largest as a guess (neighbouring frames overlap by 75 %, so
 * it usually holds and few values pass it), else exactly from the q blocks
 * with the best extremes.  Either way the result is exact; *guess becomes
 * this frame's q-th largest. */
static void
top_values (const float *x,
            guint        n,
            const float *block_key,
            guint        q,
            float        sign,
            float       *guess,
            float       *top)
{
  guint n_blocks = (n + BLOCK - 1) / BLOCK;
  guint blocks[MAX_Q];
  float floor;

  if (!top_above_guess (x, n, block_key, q, sign, *guess, top))
    {
      floor = best_blocks (block_key, n_blocks, q, sign, blocks);
      top_of_blocks (x, n, blocks, q, sign, floor, top);
    }
  /* Next frame's guess: this q-th value relaxed by 20 % (the values are
   * magnitudes, >= 0; negated for the smallest).  Measured on the music,
   * voice and noise fixtures: the guess then holds in 77 % of the searches
   * with about 13 values passing it (unrelaxed: 50 %, 7 values). */
  *guess = sign > 0 ? top[0] * 0.8f : top[0] / 0.8f;
}

/* The q smallest (low, ascending) and q largest (high, ascending) values
 * of x[0..n-1], n >= q.  The q largest values lie in the q blocks of 8
 * with the largest block maxima (each is at most its block's maximum), so
 * at most those 8q values are searched; likewise for the smallest.  Ties
 * may pick different but equal values, which leaves the result the same. */
static void
select_extremes (const float *x,
                 guint        n,
                 guint        q,
                 float       *guess_high,
                 float       *guess_low,
                 float       *low,
                 float       *high)
{
  float block_max[MAX_BLOCKS], block_min[MAX_BLOCKS], neg[MAX_Q];
  guint n_blocks = (n + BLOCK - 1) / BLOCK;

  block_extremes (x, n, block_max, block_min);
  if (q == 1)
    {
      high[0] = block_max[0];
      low[0] = block_min[0];
      for (guint b = 1; b < n_blocks; b++)
        {
          high[0] = MAX (high[0], block_max[b]);
          low[0] = MIN (low[0], block_min[b]);
        }
      return;
    }

  top_values (x, n, block_max, q, 1.0f, guess_high, high);
  top_values (x, n, block_min, q, -1.0f, guess_low, neg);
  for (guint j = 0; j < q; j++)
    low[j] = -neg[q - 1 - j];
}

/* Forgets the previous frame (call at the start of every clip).  The
 * state only speeds the search up; results never depend on it. */
void
em_contrast_state_reset (EmContrastState *state)
{
  for (guint b = 0; b < EM_CONTRAST_N_BANDS; b++)
    {
      state->guess_high[b] = G_MAXFLOAT;
      state->guess_low[b] = G_MAXFLOAT;
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
                   EmContrastState       *state,
                   const float           *magnitude,
                   double                *peak,
                   double                *valley)
{
  for (guint b = 0; b < EM_CONTRAST_N_BANDS; b++)
    {
      float low[MAX_Q] = { 0 }, high[MAX_Q] = { 0 };

      select_extremes (magnitude + self->first[b], self->count[b], self->q[b],
                       &state->guess_high[b], &state->guess_low[b], low, high);
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

/* numpy's pairwise summation (what np.sum does along a contiguous axis):
 * blocks of up to 128 with eight partial sums, halves above.  Defined for
 * double input and for float32 input widened to double (librosa's
 * normalize() sums np.abs(S).astype(float)). */
#define DEFINE_PAIRWISE_SUM(name, type)                                        \
static double                                                                  \
name (const type *a,                                                           \
      gsize       n)                                                           \
{                                                                              \
  if (n < 8)                                                                   \
    {                                                                          \
      double res = 0.0;                                                        \
                                                                               \
      for (gsize i = 0; i < n; i++)                                            \
        res += a[i];                                                           \
      return res;                                                              \
    }                                                                          \
  else if (n <= 128)                                                           \
    {                                                                          \
      double r[8], res;                                                        \
      gsize i;                                                                 \
                                                                               \
      for (guint j = 0; j < 8; j++)                                            \
        r[j] = a[j];                                                           \
      for (i = 8; i < n - (n % 8); i += 8)                                     \
        for (guint j = 0; j < 8; j++)                                          \
          r[j] += a[i + j];                                                    \
      res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7])); \
      for (; i < n; i++)                                                       \
        res += a[i];                                                           \
      return res;                                                              \
    }                                                                          \
  else                                                                         \
    {                                                                          \
      gsize n2 = n / 2;                                                        \
                                                                               \
      n2 -= n2 % 8;                                                            \
      return name (a, n2) + name (a + n2, n - n2);                             \
    }                                                                          \
}

DEFINE_PAIRWISE_SUM (pairwise_sum, double)
DEFINE_PAIRWISE_SUM (pairwise_sum_float, float)

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

/* Centroid and bandwidth (p = 2), as librosa's normalize() and numpy do
 * them: the column summed in double (pairwise), weights S_k / sum stored
 * as float32, then pairwise double sums of f_k * w_k and of
 * w_k * (f_k - centroid)^2.  A column whose sum is below the smallest
 * normal float is left unnormalised. */
void
em_spectral_centroid_bandwidth (const float *magnitude,
                                double      *centroid,
                                double      *bandwidth)
{
  double terms[EM_STFT_N_BINS];
  float weights[EM_STFT_N_BINS];
  double length, c;

  length = 0.0 + pairwise_sum_float (magnitude, EM_STFT_N_BINS);
  if (length < G_MINFLOAT)
    length = 1.0;

  for (guint k = 0; k < EM_STFT_N_BINS; k++)
    {
      weights[k] = (float) (magnitude[k] / length);
      terms[k] = em_stft_bin_frequency (k) * (double) weights[k];
    }
  c = 0.0 + pairwise_sum (terms, EM_STFT_N_BINS);

  for (guint k = 0; k < EM_STFT_N_BINS; k++)
    {
      double dev = fabs (c - em_stft_bin_frequency (k));

      terms[k] = (double) weights[k] * (dev * dev);
    }

  *centroid = c;
  *bandwidth = sqrt (0.0 + pairwise_sum (terms, EM_STFT_N_BINS));
}
