/* em-hnr.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feature 38: harmonics-to-noise ratio as Praat's `To Harmonicity (cc)`
 * (time step 0.01 s, minimum pitch 75 Hz, silence threshold 0.1, one period
 * per window) followed by `Get mean`, implemented from the step-by-step
 * description in spec §8 (no Praat code).  The input must be at 22050 Hz.
 *
 * Every frame is independent: the frame layout (§8.3) keeps the whole
 * correlation span inside the clip, so a frame needs only its 588 samples,
 * the local mean and the clip's global peak.
 */

#include "config.h"

#include <math.h>

#include "em-hnr.h"
#include "em-hnr-private.h"

#define TIME_STEP       0.01
#define MIN_PITCH       75.0
#define SILENCE         0.1

typedef struct
{
  double dx;          /* Δ = 1/sr */
  double x1;          /* time of the first sample, Δ/2 */
  double global_peak; /* G of §8.4 */
} Clip;

typedef struct
{
  double u[EM_HNR_SPAN_PADDED];   /* zero beyond EM_HNR_SPAN */
  double num[EM_HNR_LAGS_PADDED];
  double prefix_hi[EM_HNR_SPAN + 1];
  double prefix_lo[EM_HNR_SPAN + 1];
  /* r(ℓ) at r[EM_HNR_A_PAD + ℓ + LI], ℓ = -LI..LI: the sequence A, with
   * zero padding on both sides for the vector kernels */
  double r[EM_HNR_A_PAD + EM_HNR_M + EM_HNR_A_PAD];
} Work;

/* lowIndex(t) of spec §8: the last 1-based sample whose time is <= t. */
static gssize
low_index (const Clip *clip,
           double      t)
{
  return (gssize) floor ((t - clip->x1) / clip->dx + 1.0);
}

/* Spec §8.3: number of frames and centre of the first one. */
static gsize
frame_layout (gsize   n,
              double *t1)
{
  double dx = 1.0 / EM_HNR_SR;
  double x1 = 0.5 * dx;
  double duration = dx * (double) n;
  double span = 1.0 / MIN_PITCH + 1.0 / MIN_PITCH;
  double n_frames;

  if (span > duration)
    return 0;
  n_frames = floor ((duration - span) / TIME_STEP) + 1.0;
  *t1 = (x1 - 0.5 * dx + 0.5 * duration) - (n_frames * TIME_STEP) / 2.0 + TIME_STEP / 2.0;
  return (gsize) n_frames;
}

/* Spec §8.4: largest deviation from the clip mean. */
static double
global_peak (const float *y,
             gsize        n)
{
  double sum = 0.0, mean, peak = 0.0;

  for (gsize i = 0; i < n; i++)
    sum += y[i];
  mean = sum / (double) n;
  for (gsize i = 0; i < n; i++)
    peak = MAX (peak, fabs ((double) y[i] - mean));
  return peak;
}

/* Error-free sum a + b = *hi + *lo (Knuth's TwoSum). */
static inline void
two_sum (double  a,
         double  b,
         double *hi,
         double *lo)
{
  double s = a + b;
  double bb = s - a;

  *hi = s;
  *lo = (a - (s - bb)) + (b - bb);
}

/* Spec §8.5 step 5: normalised forward cross-correlation of the span u
 * into work->r.  Energies come from a double-double prefix sum, so a
 * window of exact zeros has exactly zero energy (and r = NaN, as in
 * Praat) and a quiet window after a loud one keeps its precision. */
static void
correlate (Work *work)
{
  const double *u = work->u;
  double *r = work->r + EM_HNR_A_PAD + EM_HNR_LI;
  double e0;

  work->prefix_hi[0] = work->prefix_lo[0] = 0.0;
  for (int j = 0; j < EM_HNR_SPAN; j++)
    {
      double hi, lo;

      two_sum (work->prefix_hi[j], u[j] * u[j], &hi, &lo);
      work->prefix_hi[j + 1] = hi;
      work->prefix_lo[j + 1] = work->prefix_lo[j] + lo;
    }
  e0 = (work->prefix_hi[EM_HNR_W] - work->prefix_hi[0])
       + (work->prefix_lo[EM_HNR_W] - work->prefix_lo[0]);

  _em_hnr_lag_products (u, work->num);
  _em_hnr_normalise (work->num, work->prefix_hi, work->prefix_lo, e0, r);
  r[0] = 1.0;
  for (int l = 1; l <= EM_HNR_LMAX; l++)
    r[-l] = r[l];
}

typedef struct
{
  int    lag;
  double bound;
} Candidate;

/* Spec §8.5 step 7: lags that are local maxima of r above 0, in
 * increasing lag order. */
static int
find_candidates (const double *r,
                 Candidate    *cands)
{
  int n = 0;

  for (int i = 2; i <= EM_HNR_LMAX - 1; i++)
    if (r[i] > 0.0 && r[i] > r[i - 1] && r[i] >= r[i + 1])
      cands[n++].lag = i;
  return n;
}

/* Index of the largest bound not yet taken (ties: the lower lag, which
 * comes first), or -1. */
static int
next_candidate (const Candidate *cands,
                int              n)
{
  int best = -1;

  for (int c = 0; c < n; c++)
    if (cands[c].bound >= 0.0 && (best < 0 || cands[c].bound > cands[best].bound))
      best = c;
  return best;
}

/* Spec §8.5 step 8 and §8.8: the winning candidate's strength, or -1 when
 * the unvoiced candidate wins.  Praat refines every candidate and keeps
 * the first with the highest score (the unvoiced one first).  Only the
 * winner matters, so candidates are refined in decreasing order of a
 * rigorous upper bound of their interpolated peak (em-hnr-bound.c), and
 * the search stops once no remaining bound can reach the best score; ties
 * go to the lower lag, as in Praat's strict in-order comparison. */
static double
pick_winner (const Work *work,
             double      unvoiced_score)
{
  const double *r = work->r + EM_HNR_A_PAD + EM_HNR_LI;
  const double *a1 = work->r + EM_HNR_A_PAD - 1;
  const double inv_dx = 1.0 / (1.0 / EM_HNR_SR);
  const double ceiling = 0.5 / (1.0 / EM_HNR_SR);
  Candidate cands[EM_HNR_LMAX];
  double best = unvoiced_score, best_strength = -1.0;
  int best_lag = 0, n;

  n = find_candidates (r, cands);
  for (int c = 0; c < n; c++)
    {
      double bound = _em_hnr_bracket_bound (a1, EM_HNR_M, cands[c].lag + EM_HNR_LI);

      /* a strength is at most 1 (a peak above 1 is reflected), and a
       * candidate that cannot exceed the unvoiced score is never needed */
      cands[c].bound = MIN (bound, 1.0);
      if (cands[c].bound < best)
        cands[c].bound = -1.0;
    }

  for (int c = next_candidate (cands, n); c >= 0; c = next_candidate (cands, n))
    {
      int i = cands[c].lag;
      double q, v, strength, freq;

      if (cands[c].bound < best)
        break;
      cands[c].bound = -1.0;   /* taken */
      v = _em_hnr_brent_max (a1, EM_HNR_M, i + EM_HNR_LI, i + EM_HNR_LI + 2, &q);
      strength = (v <= 1.0) ? v : 1.0 / v;
      freq = inv_dx / (q - (EM_HNR_LI + 1));
      if (!(freq > 0.0 && freq < ceiling))
        continue; /* scored as unvoiced: can never beat it */
      if (strength > best || (strength == best && best_strength >= 0.0 && i < best_lag))
        {
          best = strength;
          best_strength = strength;
          best_lag = i;
        }
    }
  return best_strength;
}

/* One frame at time t (spec §8.5), as a dB value or EM_HNR_UNVOICED. */
static double
analyse_frame (const Clip  *clip,
               const float *y,
               gsize        n,
               double       t,
               Work        *work)
{
  gssize c = low_index (clip, t);
  gssize s = low_index (clip, t - 0.5 * (1.0 / MIN_PITCH + 1.0 / MIN_PITCH));
  double peak, intensity, strength;

  /* The layout of §8.3 keeps these inside the clip; stay safe anyway. */
  if (s < 1)
    s = 1;
  if (c - EM_HNR_P < 0 || c + EM_HNR_P > (gssize) n || s - 1 + EM_HNR_SPAN > (gssize) n)
    return EM_HNR_UNVOICED;

  /* 0-based: μ over y[c-P .. c+P-1], the peak over y[c-h .. c+h-1], the
   * span from y[s-1] */
  _em_hnr_frame_prepare (y + c - EM_HNR_P, 2 * EM_HNR_P, y + c - EM_HNR_HALF_W, EM_HNR_W,
                         y + s - 1, EM_HNR_SPAN, &peak, work->u);
  if (peak == 0.0)
    return EM_HNR_UNVOICED;
  intensity = (peak > clip->global_peak) ? 1.0 : peak / clip->global_peak;

  correlate (work);

  strength = pick_winner (work, MAX (0.0, 2.0 - intensity / (SILENCE / (1.0 + 0.0))));
  if (strength < 0.0)
    return EM_HNR_UNVOICED;
  if (strength <= 1e-15)
    return -150.0;
  if (strength > 1.0 - 1e-15)
    return 150.0;
  return 10.0 * log10 (strength / (1.0 - strength));
}

/**
 * em_hnr_compute:
 * @y: (array length=n): mono samples at 22050 Hz
 * @n: number of samples
 * @frames: (out caller-allocates) (nullable): per-frame values, freed with
 *   em_hnr_frames_clear()
 *
 * Computes Praat's mean harmonics-to-noise ratio (`To Harmonicity (cc)`,
 * 0.01 s, 75 Hz, 0.1, 1.0, then `Get mean`) as described in spec §8.
 * Thread-safe.
 *
 * Returns: the clip's mean HNR in dB, or NaN when it is undefined (fewer
 *   than 588 samples, digital silence, or no voiced frame)
 */
double
em_hnr_compute (const float *y,
                gsize        n,
                EmHnrFrames *frames)
{
  Clip clip;
  g_autofree Work *work = NULL;
  g_autofree double *values = NULL;
  double t1 = NAN, sum = 0.0;
  gsize n_frames, n_voiced = 0;

  g_return_val_if_fail (y != NULL || n == 0, NAN);

  if (frames != NULL)
    {
      frames->t1 = NAN;
      frames->dt = NAN;
      frames->n_frames = 0;
      frames->values = NULL;
    }

  n_frames = frame_layout (n, &t1);
  if (n_frames == 0)
    return NAN;

  clip.dx = 1.0 / EM_HNR_SR;
  clip.x1 = 0.5 * clip.dx;
  clip.global_peak = global_peak (y, n);
  values = g_new (double, n_frames);
  work = g_new0 (Work, 1);

  for (gsize k = 0; k < n_frames; k++)
    {
      double t = t1 + (double) k * TIME_STEP;

      values[k] = (clip.global_peak == 0.0)
                  ? EM_HNR_UNVOICED
                  : analyse_frame (&clip, y, n, t, work);
      if (values[k] != EM_HNR_UNVOICED)
        {
          sum += values[k];
          n_voiced++;
        }
    }

  if (frames != NULL)
    {
      frames->t1 = t1;
      frames->dt = TIME_STEP;
      frames->n_frames = n_frames;
      frames->values = g_steal_pointer (&values);
    }

  return (n_voiced > 0) ? sum / (double) n_voiced : NAN;
}

/**
 * em_hnr_frames_clear:
 * @frames: frames filled by em_hnr_compute()
 *
 * Frees the values and resets @frames to no frame.
 */
void
em_hnr_frames_clear (EmHnrFrames *frames)
{
  g_return_if_fail (frames != NULL);

  g_clear_pointer (&frames->values, g_free);
  frames->n_frames = 0;
  frames->t1 = NAN;
  frames->dt = NAN;
}
