/* em-chroma.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chroma of features.md §4: librosa's tuning estimate (piptrack on the
 * power spectrogram, median magnitude threshold, histogram of semitone
 * residuals) and the Gaussian chroma filterbank for that tuning, with a
 * per-frame infinity norm.
 *
 * The tuning estimate decides between grid values 0.01 apart, so it
 * mirrors librosa's float32 steps exactly (the power spectrogram is the
 * same float32 data); numba evaluates the parabolic shift with float64
 * intermediates and stores it as float32.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "em-chroma.h"
#include "em-stft.h"

typedef float EmV4f __attribute__ ((vector_size (16)));
typedef gint32 EmV4i __attribute__ ((vector_size (16)));

/* piptrack's frequency range, 150 <= f < 4000 Hz. */
#define PEAK_FMIN 150.0
#define PEAK_FMAX 4000.0

struct _EmChroma
{
  GMutex  mutex;
  /* One filterbank per tuning grid value, built on first use; each is
   * EM_STFT_N_BINS columns of 12 values (bin-major), float32 values as
   * librosa stores them, held as doubles for the products. */
  double *banks[EM_TUNING_GRID_SIZE];
};

static void
peaks_append (EmTuningPeaks *peaks,
              float          pitch,
              float          mag)
{
  if (peaks->len == peaks->cap)
    {
      peaks->cap = MAX (1024, peaks->cap * 2);
      peaks->pitch = g_renew (float, peaks->pitch, peaks->cap);
      peaks->mag = g_renew (float, peaks->mag, peaks->cap);
    }
  peaks->pitch[peaks->len] = pitch;
  peaks->mag[peaks->len] = mag;
  peaks->len++;
}

/* Thresholded power Q[k] of piptrack: P where P > 0.1 * max (float32). */
static inline float
thresholded (const float *power,
             guint        k,
             float        ref)
{
  return power[k] > ref ? power[k] : 0.0f;
}

/* Parabolic shift of the numba stencil: a and b in float64 from float32
 * sums, the result stored as float32. */
static inline float
parabolic_shift (const float *power,
                 guint        k)
{
  double a = (double) (power[k + 1] + power[k - 1]) - 2.0 * (double) power[k];
  double b = (double) (power[k + 1] - power[k - 1]) / 2.0;

  if (fabs (b) >= fabs (a))
    return 0.0f;
  return (float) (-b / a);
}

/* Peaks of one frame (power: EM_STFT_N_BINS values, power_max their max). */
void
em_tuning_peaks_frame (EmTuningPeaks *peaks,
                       const float   *power,
                       float          power_max)
{
  static gsize k_lo, k_hi;
  float ref = 0.1f * power_max;

  if (g_once_init_enter (&k_hi))
    {
      gsize lo = 1, hi = 1;

      while (em_stft_bin_frequency (lo) < PEAK_FMIN)
        lo++;
      while (em_stft_bin_frequency (hi + 1) < PEAK_FMAX)
        hi++;
      k_lo = lo;
      g_once_init_leave (&k_hi, hi);
    }

  for (guint k = k_lo; k <= k_hi; k++)
    {
      float q, shift, grad, skew, mag, pitch;

      /* A peak needs Q[k] > Q[k-1] >= 0, i.e. P[k] > ref, which most bins
       * are not: skip blocks of 8 with no such bin (vector compare). */
      if (k + 8 <= k_hi + 1 && (k - k_lo) % 8 == 0)
        {
          EmV4f a, b;
          EmV4i hit;

          memcpy (&a, power + k, sizeof a);
          memcpy (&b, power + k + 4, sizeof b);
          hit = (a > ref) | (b > ref);
          if ((hit[0] | hit[1] | hit[2] | hit[3]) == 0)
            {
              k += 7;
              continue;
            }
        }

      q = thresholded (power, k, ref);
      if (!(q > thresholded (power, k - 1, ref) && q >= thresholded (power, k + 1, ref)))
        continue;

      shift = parabolic_shift (power, k);
      grad = (power[k + 1] - power[k - 1]) / 2.0f;
      /* float32 product rounded before the add: the product of two floats
       * is exact in double, and the explicit conversion keeps a compiler
       * from fusing it into an FMA (GCC contracts by default). */
      skew = (float) ((double) (0.5f * grad) * (double) shift);
      mag = power[k] + skew;
      pitch = (float) (((double) k + (double) shift) * 22050.0 / EM_STFT_N_FFT);
      peaks_append (peaks, pitch, mag);
    }
}

/* Wirth's selection: the k-th smallest of x[0..n-1]; afterwards every
 * x[i] with i < k is <= x[k]. */
static float
select_kth (float  *x,
            gssize  n,
            gssize  k)
{
  gssize lo = 0, hi = n - 1;

  while (lo < hi)
    {
      float pivot = x[k];
      gssize i = lo, j = hi;

      do
        {
          while (x[i] < pivot)
            i++;
          while (pivot < x[j])
            j--;
          if (i <= j)
            {
              float tmp = x[i];

              x[i++] = x[j];
              x[j--] = tmp;
            }
        }
      while (i <= j);
      if (j < k)
        lo = i;
      if (k < i)
        hi = j;
    }
  return x[k];
}

/* numpy.median in float32: the middle value, or the float32 mean of the
 * two middle values. */
static float
median_float32 (const float *mag,
                gsize        n)
{
  g_autofree float *copy = g_memdup2 (mag, n * sizeof (float));
  float hi = select_kth (copy, n, n / 2);
  float lo;

  if (n % 2 == 1)
    return hi;
  lo = copy[0];
  for (gsize i = 1; i < n / 2; i++)
    lo = MAX (lo, copy[i]);
  return (lo + hi) / 2.0f;
}

double
em_tuning_grid_value (guint index)
{
  return index * 0.01 + (-0.5);
}

/* Grid index i with e_i <= r < e_{i+1} (numpy.histogram on edges
 * linspace(-0.5, 0.5, 101)). */
static guint
grid_bin (double r)
{
  gint i = (gint) floor ((r + 0.5) * 100.0);

  i = CLAMP (i, 0, EM_TUNING_GRID_SIZE - 1);
  while (i > 0 && r < em_tuning_grid_value (i))
    i--;
  while (i < EM_TUNING_GRID_SIZE - 1 && r >= em_tuning_grid_value (i + 1))
    i++;
  return i;
}

/* Index of the tuning grid value (tuning = index * 0.01 - 0.5); 50 (0.0)
 * when there is no peak, as librosa returns for an empty set. */
guint
em_tuning_estimate (EmTuningPeaks *peaks)
{
  guint counts[EM_TUNING_GRID_SIZE] = { 0 };
  guint best = 0;
  float threshold;

  if (peaks->len == 0)
    return EM_TUNING_GRID_SIZE / 2;

  threshold = median_float32 (peaks->mag, peaks->len);
  for (gsize i = 0; i < peaks->len; i++)
    {
      float residual;

      if (!(peaks->mag[i] >= threshold && peaks->pitch[i] > 0.0f))
        continue;
      residual = fmodf (12.0f * log2f (peaks->pitch[i] / 27.5f), 1.0f);
      if (residual >= 0.5f)
        residual -= 1.0f;
      counts[grid_bin (residual)]++;
    }

  for (guint i = 1; i < EM_TUNING_GRID_SIZE; i++)
    if (counts[i] > counts[best])
      best = i;
  return best;
}

void
em_tuning_peaks_clear (EmTuningPeaks *peaks)
{
  g_clear_pointer (&peaks->pitch, g_free);
  g_clear_pointer (&peaks->mag, g_free);
  peaks->len = peaks->cap = 0;
}

/* librosa filters.chroma (ctroct 5, octwidth 2, norm 2, base_c) for
 * A = 440 * 2^(tuning/12), over the full 2048-bin DFT range, keeping the
 * first 1025 columns as float32, stored bin-major (12 values per bin). */
static double *
build_filterbank (double tuning)
{
  double a440 = 440.0 * pow (2.0, tuning / EM_CHROMA_N);
  g_autofree double *fb = g_new (double, EM_STFT_N_FFT);
  g_autofree double *width = g_new (double, EM_STFT_N_FFT);
  double *bank = g_new (double, EM_STFT_N_BINS * EM_CHROMA_N);

  for (guint k = 1; k < EM_STFT_N_FFT; k++)
    fb[k] = EM_CHROMA_N * log2 ((k * (22050.0 / EM_STFT_N_FFT) + 0.0) / (a440 / 16));
  fb[0] = fb[1] - 1.5 * EM_CHROMA_N;
  for (guint k = 0; k + 1 < EM_STFT_N_FFT; k++)
    width[k] = MAX (fb[k + 1] - fb[k], 1.0);
  width[EM_STFT_N_FFT - 1] = 1.0;

  for (guint k = 0; k < EM_STFT_N_BINS; k++)
    {
      double column[EM_CHROMA_N];
      double norm = 0.0, octave;

      for (guint c = 0; c < EM_CHROMA_N; c++)
        {
          /* Into [-6, 6) as numpy.remainder does; the offset of 120 makes
           * the argument positive, where remainder is fmod. */
          double d = fmod (fb[k] - c + 6.0 + 10 * EM_CHROMA_N, EM_CHROMA_N) - 6.0;

          column[c] = exp (-0.5 * pow (2 * d / width[k], 2));
          norm += column[c] * column[c];
        }
      norm = sqrt (norm);
      octave = exp (-0.5 * pow ((fb[k] / EM_CHROMA_N - 5.0) / 2.0, 2));

      /* Row 0 of the rolled bank is C = row 3 of the A-based one. */
      for (guint c = 0; c < EM_CHROMA_N; c++)
        bank[k * EM_CHROMA_N + c] = (float) (column[(c + 3) % EM_CHROMA_N] / norm * octave);
    }

  return bank;
}

EmChroma *
em_chroma_new (void)
{
  EmChroma *self = g_new0 (EmChroma, 1);

  g_mutex_init (&self->mutex);
  return self;
}

void
em_chroma_free (EmChroma *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < EM_TUNING_GRID_SIZE; i++)
    g_free (self->banks[i]);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

/* The filterbank for a tuning grid index, built once and shared by all
 * threads (only 100 tunings exist). */
const double *
em_chroma_filterbank (EmChroma *self,
                      guint     tuning_index)
{
  double *bank;

  g_return_val_if_fail (tuning_index < EM_TUNING_GRID_SIZE, NULL);

  g_mutex_lock (&self->mutex);
  if (self->banks[tuning_index] == NULL)
    self->banks[tuning_index] = build_filterbank (em_tuning_grid_value (tuning_index));
  bank = self->banks[tuning_index];
  g_mutex_unlock (&self->mutex);

  return bank;
}

typedef double EmV4d __attribute__ ((vector_size (32)));

/* Builds of the filterbank product for the widest vector unit present
 * (AVX2+FMA, AVX-512) besides the baseline; not under ASan, whose
 * instrumentation does not mix with ifunc resolvers. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define EM_CHROMA_CLONES __attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define EM_CHROMA_CLONES
#endif

/* raw[f][c] = sum_k W[k][c] * P_f[k] for two frames at once (each weight
 * load serves both), in double with three 4-wide accumulators per frame
 * held in registers (GCC vector extensions).  Each sum runs over k in
 * order, as for a single frame. */
EM_CHROMA_CLONES static void
filterbank_product2 (const double *filterbank,
                     const float  *power0,
                     const float  *power1,
                     double       *raw0,
                     double       *raw1)
{
  EmV4d a0 = { 0 }, a1 = { 0 }, a2 = { 0 };
  EmV4d b0 = { 0 }, b1 = { 0 }, b2 = { 0 };

  for (guint k = 0; k < EM_STFT_N_BINS; k++)
    {
      const double *w = filterbank + k * EM_CHROMA_N;
      double p = power0[k], r = power1[k];
      EmV4d w0, w1, w2;

      memcpy (&w0, w, sizeof w0);
      memcpy (&w1, w + 4, sizeof w1);
      memcpy (&w2, w + 8, sizeof w2);
      a0 += w0 * p;
      a1 += w1 * p;
      a2 += w2 * p;
      b0 += w0 * r;
      b1 += w1 * r;
      b2 += w2 * r;
    }
  memcpy (raw0, &a0, sizeof a0);
  memcpy (raw0 + 4, &a1, sizeof a1);
  memcpy (raw0 + 8, &a2, sizeof a2);
  memcpy (raw1, &b0, sizeof b0);
  memcpy (raw1 + 4, &b1, sizeof b1);
  memcpy (raw1 + 8, &b2, sizeof b2);
}

static void
normalise_column (const double *raw,
                  gsize         n_frames,
                  gsize         t,
                  double       *chroma)
{
  double top = 0.0;

  for (guint c = 0; c < EM_CHROMA_N; c++)
    top = MAX (top, raw[c]);
  if (top < G_MINFLOAT)
    top = 1.0;
  for (guint c = 0; c < EM_CHROMA_N; c++)
    chroma[c * n_frames + t] = raw[c] / top;
}

/* chroma (12 x n_frames, row-major) from the power frames (n_frames x
 * 1025): filterbank product, then each frame divided by its largest value
 * unless that is below the smallest normal float (silence stays 0). */
void
em_chroma_frames (const double *filterbank,
                  const float  *power,
                  gsize         n_frames,
                  double       *chroma)
{
  for (gsize t = 0; t < n_frames; t += 2)
    {
      /* An odd last frame is paired with itself. */
      gsize u = MIN (t + 1, n_frames - 1);
      double raw0[EM_CHROMA_N], raw1[EM_CHROMA_N];

      filterbank_product2 (filterbank, power + t * EM_STFT_N_BINS, power + u * EM_STFT_N_BINS,
                           raw0, raw1);
      normalise_column (raw0, n_frames, t, chroma);
      normalise_column (raw1, n_frames, u, chroma);
    }
}
