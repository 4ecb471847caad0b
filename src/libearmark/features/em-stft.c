/* em-stft.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "em-stft.h"

struct _EmStft
{
  fftw_plan plan;
  double    window[EM_STFT_N_FFT];
};

/* T = 1 + floor(N / hop): frame t is centred on sample t * hop. */
gsize
em_stft_n_frames (gsize n)
{
  return 1 + n / EM_STFT_HOP;
}

/* scipy's periodic Hann (get_window fftbins=True): a symmetric window of
 * 2049 points on linspace(-pi, pi) with the last point dropped. */
static void
fill_hann (double *window)
{
  const double step = (M_PI - (-M_PI)) / EM_STFT_N_FFT;

  for (guint i = 0; i < EM_STFT_N_FFT; i++)
    window[i] = 0.5 + 0.5 * cos (i * step + (-M_PI));
}

EmStft *
em_stft_new (void)
{
  EmStft *self = g_new0 (EmStft, 1);
  EmStftBuffers *scratch = em_stft_buffers_new ();

  fill_hann (self->window);

  /* FFTW_ESTIMATE: measured as fast as FFTW_MEASURE for this size (about
   * 2 us per frame either way), without 0.3 s of planning, and the plan
   * (so every rounding) is the same on every run. */
  em_fftw_lock ();
  self->plan = fftw_plan_dft_r2c_1d (EM_STFT_N_FFT, scratch->frame, scratch->spectrum,
                                     FFTW_ESTIMATE);
  em_fftw_unlock ();

  em_stft_buffers_free (scratch);
  return self;
}

void
em_stft_free (EmStft *self)
{
  if (self == NULL)
    return;

  em_fftw_lock ();
  fftw_destroy_plan (self->plan);
  em_fftw_unlock ();
  g_free (self);
}

EmStftBuffers *
em_stft_buffers_new (void)
{
  EmStftBuffers *buffers = g_new0 (EmStftBuffers, 1);

  buffers->frame = fftw_malloc (sizeof (double) * EM_STFT_N_FFT);
  buffers->spectrum = fftw_malloc (sizeof (fftw_complex) * EM_STFT_N_BINS);
  if (buffers->frame == NULL || buffers->spectrum == NULL)
    g_error ("fftw_malloc failed");

  return buffers;
}

void
em_stft_buffers_free (EmStftBuffers *buffers)
{
  if (buffers == NULL)
    return;

  fftw_free (buffers->frame);
  fftw_free (buffers->spectrum);
  g_free (buffers);
}

/* Windowed frame t of the zero-padded signal: sample i of the frame is
 * y[t*hop + i - pad], or 0 outside the clip. */
static void
fill_frame (const EmStft *self,
            const float  *y,
            gsize         n,
            gsize         t,
            double       *frame)
{
  gint64 first = (gint64) (t * EM_STFT_HOP) - EM_STFT_PAD;
  gint64 lo = MAX (0, -first);
  gint64 hi = MIN ((gint64) EM_STFT_N_FFT, (gint64) n - first);

  if (lo == 0 && hi == EM_STFT_N_FFT)
    {
      const float *src = y + first;

      for (guint i = 0; i < EM_STFT_N_FFT; i++)
        frame[i] = self->window[i] * (double) src[i];
      return;
    }

  for (gint64 i = 0; i < EM_STFT_N_FFT; i++)
    frame[i] = (i >= lo && i < hi) ? self->window[i] * (double) y[first + i] : 0.0;
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define EM_STFT_CLONES __attribute__ ((target_clones ("arch=x86-64-v3", "default")))
#else
#define EM_STFT_CLONES
#endif

/* librosa computes the DFT in double but stores it as complex64, takes
 * |X| in float32 (hypotf, i.e. the double root rounded once) and squares
 * that in float32; doing the same keeps S and P bit-identical to the
 * reference, which the tuning estimate, roll-off and contrast depend on.
 * Plain per-bin arithmetic, so it vectorises (AVX2 build when present). */
EM_STFT_CLONES static void
spectrum_to_magnitude (const fftw_complex *spec,
                       float              *magnitude,
                       float              *power)
{
  for (guint k = 0; k < EM_STFT_N_BINS; k++)
    {
      double re = (float) spec[k][0];
      double im = (float) spec[k][1];
      float s = (float) sqrt (re * re + im * im);

      magnitude[k] = s;
      power[k] = s * s;
    }
}

/* Largest value, with eight independent running maxima (exact). */
static float
max_float (const float *x,
           guint        n)
{
  float m[8] = { 0 };
  guint i = 0;

  for (; i + 8 <= n; i += 8)
    for (guint j = 0; j < 8; j++)
      m[j] = MAX (m[j], x[i + j]);
  for (; i < n; i++)
    m[0] = MAX (m[0], x[i]);
  for (guint j = 1; j < 8; j++)
    m[0] = MAX (m[0], m[j]);
  return m[0];
}

/* One STFT column (frame t): magnitude S and power P as float32, as
 * librosa holds them.  Returns max P (P is never negative). */
float
em_stft_frame (const EmStft  *self,
               const float   *y,
               gsize          n,
               gsize          t,
               EmStftBuffers *buffers,
               float         *magnitude,
               float         *power)
{
  fill_frame (self, y, n, t, buffers->frame);
  fftw_execute_dft_r2c (self->plan, buffers->frame, buffers->spectrum);
  spectrum_to_magnitude (buffers->spectrum, magnitude, power);
  return max_float (power, EM_STFT_N_BINS);
}
