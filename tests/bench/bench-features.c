/* bench-features.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Speed of the clip features on one core: the 37 librosa features of a
 * 10-s clip (anchor: librosa 155-220 ms per clip on this machine) and,
 * separately, HNR (anchor: Praat 285-410 ms per clip).  Input: the ten
 * 10-s fixture WAVs (22050 Hz) cycled to 100 clips; nothing is decoded
 * inside the timed loop.  Prints figures, asserts nothing.
 */

#include "config.h"

#include <math.h>
#include <time.h>

#include "em-features.h"
#include "em-hnr.h"
#include "em-stft.h"
#include "em-test-wav.h"

#define N_CLIPS     100
#define N_HNR_CLIPS 20

static const char * const fixtures[] = {
  "clipped_square", "dc_offset", "mix_music_voice", "music_wesnoth_battle",
  "noise_white", "silence", "sine_440", "sweep_log",
  "voice_asterisk_upsampled", "voice_wz2100_np1",
};

typedef struct
{
  float *y;
  gsize  n;
} Clip;

static void
load_clips (Clip *clips)
{
  const char *shared = g_getenv ("EARMARK_SHARED_DIR");

  if (shared == NULL)
    g_error ("EARMARK_SHARED_DIR is not set");

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *file = g_strconcat (fixtures[i], ".wav", NULL);
      g_autofree char *path = g_build_filename (shared, "fixtures", "features", file, NULL);
      g_autoptr(GError) error = NULL;
      guint rate = 0;

      clips[i].y = em_test_wav_read (path, &rate, &clips[i].n, &error);
      if (clips[i].y == NULL)
        g_error ("%s", error->message);
      g_assert (rate == EM_FEATURE_SAMPLE_RATE);
    }
}

/* CPU time of this thread in ms: on a shared machine wall time also
 * counts the time other processes hold the core. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double
time_librosa (EmFeatureExtractor *extractor,
              const Clip         *clips,
              double             *wall_ms)
{
  double out[EM_FEATURE_COUNT];
  gint64 start = g_get_monotonic_time ();
  double cpu_start = thread_cpu_ms ();

  for (guint c = 0; c < N_CLIPS; c++)
    {
      const Clip *clip = &clips[c % G_N_ELEMENTS (fixtures)];

      if (!em_feature_extractor_compute_full (extractor, clip->y, clip->n,
                                              EM_FEATURE_FLAGS_SKIP_HNR, out, NULL, NULL))
        g_error ("feature extraction failed");
    }

  *wall_ms = (g_get_monotonic_time () - start) / 1000.0 / N_CLIPS;
  return (thread_cpu_ms () - cpu_start) / N_CLIPS;
}

/* Reference on the same machine state: the bare double r2c FFTs of one
 * clip (431 x 2048 points), which any exact implementation must pay.
 * The ratio to it varies far less with machine load than milliseconds. */
static double
time_bare_fft (void)
{
  double *in = fftw_malloc (sizeof (double) * EM_STFT_N_FFT);
  fftw_complex *out = fftw_malloc (sizeof (fftw_complex) * EM_STFT_N_BINS);
  fftw_plan plan;
  double cpu_start, ms;

  em_fftw_lock ();
  plan = fftw_plan_dft_r2c_1d (EM_STFT_N_FFT, in, out, FFTW_ESTIMATE);
  em_fftw_unlock ();
  for (guint i = 0; i < EM_STFT_N_FFT; i++)
    in[i] = sin (i * 0.1);

  cpu_start = thread_cpu_ms ();
  for (guint c = 0; c < N_CLIPS; c++)
    for (guint t = 0; t < 431; t++)
      fftw_execute_dft_r2c (plan, in, out);
  ms = (thread_cpu_ms () - cpu_start) / N_CLIPS;

  em_fftw_lock ();
  fftw_destroy_plan (plan);
  em_fftw_unlock ();
  fftw_free (in);
  fftw_free (out);
  return ms;
}

static double
time_hnr (const Clip *clips)
{
  double sink = 0.0;
  double cpu_start = thread_cpu_ms ();

  for (guint c = 0; c < N_HNR_CLIPS; c++)
    {
      const Clip *clip = &clips[c % G_N_ELEMENTS (fixtures)];
      double v = em_hnr_compute (clip->y, clip->n, NULL);

      if (isfinite (v))
        sink += v;
    }

  g_assert (isfinite (sink));
  return (thread_cpu_ms () - cpu_start) / N_HNR_CLIPS;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EmFeatureExtractor) extractor = NULL;
  Clip clips[G_N_ELEMENTS (fixtures)];
  double best = G_MAXDOUBLE, best_wall = G_MAXDOUBLE, hnr_ms, fft_ms;
  gint64 start;

  load_clips (clips);

  start = g_get_monotonic_time ();
  extractor = em_feature_extractor_new ();
  g_print ("extractor setup (FFTW plan, filterbanks): %.1f ms\n",
           (g_get_monotonic_time () - start) / 1000.0);

  /* Warm-up builds the chroma filterbanks of the tunings these clips use. */
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    em_feature_extractor_compute_full (extractor, clips[i].y, clips[i].n,
                                       EM_FEATURE_FLAGS_SKIP_HNR, NULL, NULL, NULL);

  for (guint round = 0; round < 3; round++)
    {
      double wall, ms = time_librosa (extractor, clips, &wall);

      g_print ("37 librosa features, round %u: %.3f ms CPU (%.3f ms wall) per 10-s clip\n",
               round + 1, ms, wall);
      best = MIN (best, ms);
      best_wall = MIN (best_wall, wall);
    }
  g_print ("37 librosa features: %.3f ms CPU per clip (best of 3 x %d clips, one thread; "
           "best wall %.3f ms); librosa 155-220 ms -> %.0f-%.0fx faster\n",
           best, N_CLIPS, best_wall, 155.0 / best, 220.0 / best);

  fft_ms = time_bare_fft ();
  g_print ("reference: the clip's 431 bare FFTs (r2c, 2048, double) take %.3f ms CPU; "
           "the 37 features cost %.1f times that\n", fft_ms, best / fft_ms);

  hnr_ms = time_hnr (clips);
  g_print ("HNR: %.2f ms CPU per clip (%d clips, one thread); Praat 285-410 ms -> %.1f-%.1fx faster\n",
           hnr_ms, N_HNR_CLIPS, 285.0 / hnr_ms, 410.0 / hnr_ms);

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    g_free (clips[i].y);
  return 0;
}
