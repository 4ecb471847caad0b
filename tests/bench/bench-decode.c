/* bench-decode.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Decoding speed and memory of the audio module. Prints figures, asserts
 * nothing:
 *   1. pipeline setup cost (probe = build + preroll, and build alone);
 *   2. resampler quality levels vs speed (10 s at 44.1 kHz → 22.05 kHz);
 *   3. all 360 DEV clips decoded on one thread: ms per clip, × realtime
 *      (BENCH_DECODE_ALL=1 adds decodebin-only and quality 0/10 runs);
 *   4. the last chunk of a 3-hour MP3 (made once in the build dir by
 *      concatenating the MP3 frames of the CBR DEV episodes), read with
 *      em_audio_read_chunks (max_chunks = 1) in a child process: elapsed
 *      time and peak RSS; then the same with seeking disabled (streaming
 *      through the ring buffer).
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "em-audio-decoder-private.h"
#include "em-audio-pipeline.h"
#include "em-audio-resample.h"
#include "em-chunk-set.h"

#define TARGET_HOURS 3.0

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static char *
shared_path (const char *rel)
{
  const char *root = g_getenv ("EARMARK_SHARED_DIR");

  return g_build_filename (root != NULL ? root : "/work/shared", "data", "dev", rel, NULL);
}

static GPtrArray *
list_clips (void)
{
  g_autofree char *dir_path = shared_path ("clips");
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "clip-"))
      g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (paths, (GCompareFunc) (void *) g_strcmp0);
  return paths;
}

static void
bench_setup (GPtrArray *clips)
{
  guint n = MIN (clips->len, 100);
  double t0, c0, t_probe, t_build, c_probe, c_build;

  t0 = now_ms ();
  c0 = cpu_ms ();
  for (guint i = 0; i < n; i++)
    {
      EmAudioInfo info;

      em_audio_probe (g_ptr_array_index (clips, i), &info, NULL, NULL);
    }
  t_probe = (now_ms () - t0) / n;
  c_probe = (cpu_ms () - c0) / n;

  t0 = now_ms ();
  c0 = cpu_ms ();
  for (guint i = 0; i < n; i++)
    {
      EmAudioPipeline *pipeline = em_audio_pipeline_new (g_ptr_array_index (clips, i), NULL, NULL);

      em_audio_pipeline_free (pipeline);
    }
  t_build = (now_ms () - t0) / n;
  c_build = (cpu_ms () - c0) / n;

  printf ("pipeline setup per file (MP3 fast path), wall / CPU of all threads:\n"
          "  build + teardown %.3f / %.3f ms; probe (build + preroll + duration query) %.3f / %.3f ms\n",
          t_build, c_build, t_probe, c_probe);
  _em_audio_set_fast_path (FALSE);
  t0 = now_ms ();
  c0 = cpu_ms ();
  for (guint i = 0; i < n; i++)
    {
      EmAudioInfo info;

      em_audio_probe (g_ptr_array_index (clips, i), &info, NULL, NULL);
    }
  printf ("  probe through decodebin (typefind + autoplugging) %.3f / %.3f ms\n",
          (now_ms () - t0) / n, (cpu_ms () - c0) / n);
  _em_audio_set_fast_path (TRUE);
}

/* RMS (dB re. full-scale sine) of the output for a 0.5-amplitude tone of
 * @freq Hz at 44.1 kHz, skipping the edges. */
static double
tone_level_db (guint  quality,
               double freq)
{
  const guint n_in = 2 * 44100;
  g_autofree float *input = g_new (float, n_in);
  g_autofree float *out = NULL;
  gsize n_out;
  double sum = 0;

  for (guint i = 0; i < n_in; i++)
    input[i] = (float) (0.5 * sin (2 * G_PI * freq * i / 44100.0));
  out = em_audio_resample (input, n_in, 44100, EM_AUDIO_RATE, quality, &n_out, NULL, NULL);
  for (gsize i = n_out / 4; i < 3 * n_out / 4; i++)
    sum += (double) out[i] * out[i];
  return 10 * log10 (sum / (n_out / 2) / (0.5 * 0.5 / 2) + 1e-30);
}

static void
bench_resampler (void)
{
  const guint n_in = 10 * 44100;
  g_autofree float *input = g_new (float, n_in);
  guint32 seed = 1;

  for (guint i = 0; i < n_in; i++)
    {
      seed = seed * 1664525u + 1013904223u;
      input[i] = (float) ((seed >> 8) / 16777216.0 - 0.5);
    }

  printf ("resampler 44100 -> 22050 Hz, 10 s mono (GStreamer Kaiser sinc), CPU time (best of 5):\n"
          "  quality   ms/10 s   x realtime   gain 8 kHz   gain 10 kHz   alias of 13 kHz   alias of 12 kHz\n");
  for (guint q = 0; q <= 10; q += 2)
    {
      double best = G_MAXDOUBLE;

      for (guint rep = 0; rep < 5; rep++)
        {
          g_autofree float *out = NULL;
          gsize n_out;
          double t0 = thread_cpu_ms ();

          out = em_audio_resample (input, n_in, 44100, EM_AUDIO_RATE, q, &n_out, NULL, NULL);
          best = MIN (best, thread_cpu_ms () - t0);
        }
      printf ("  %4u%s %8.2f %11.0f %10.2f dB %11.2f dB %14.1f dB %16.1f dB\n", q,
              q == EM_AUDIO_RESAMPLE_QUALITY_DEFAULT ? "*" : " ", best, 10000.0 / best,
              tone_level_db (q, 8000), tone_level_db (q, 10000), tone_level_db (q, 13000),
              tone_level_db (q, 12000));
    }
  printf ("  (* default; alias = level of a tone above the new Nyquist frequency folded back into the band)\n");
}

static void
bench_clips (GPtrArray *clips,
             guint      quality,
             gboolean   fast_path)
{
  double t0, c0, wall, cpu, audio_s = 0;
  guint failed = 0;

  _em_audio_set_resample_quality (quality);
  _em_audio_set_fast_path (fast_path);
  t0 = now_ms ();
  c0 = cpu_ms ();
  for (guint i = 0; i < clips->len; i++)
    {
      g_autoptr(EmChunkSet) set = em_audio_read_chunks (g_ptr_array_index (clips, i), 10.0, 0, NULL, NULL);

      if (set == NULL)
        failed++;
      else
        audio_s += em_chunk_set_get_duration (set);
    }
  wall = now_ms () - t0;
  cpu = cpu_ms () - c0;
  _em_audio_set_resample_quality (EM_AUDIO_RESAMPLE_QUALITY_DEFAULT);
  _em_audio_set_fast_path (TRUE);

  printf ("decode %u DEV clips (%.0f s of audio), one thread, resampler quality %u%s:\n"
          "  %.2f ms per clip wall (%.0fx realtime), %.2f ms per clip CPU, all threads (%.0fx realtime)%s\n",
          clips->len, audio_s, quality, fast_path ? "" : ", decodebin for every file", wall / clips->len, audio_s * 1000.0 / wall,
          cpu / clips->len, audio_s * 1000.0 / cpu, failed > 0 ? " — SOME FAILED" : "");
}

/* The 12 DEV episodes (1-3 min): whole file vs the last chunk only. */
static void
bench_episodes (void)
{
  double cpu_full = 0, cpu_tail = 0, audio_s = 0;
  guint n = 0;

  for (guint e = 1; e <= 12; e++)
    {
      g_autofree char *name = g_strdup_printf ("episodes/episode-%02u.mp3", e);
      g_autofree char *path = shared_path (name);
      g_autoptr(EmChunkSet) full = NULL;
      g_autoptr(EmChunkSet) tail = NULL;
      double c0 = cpu_ms ();

      full = em_audio_read_chunks (path, 10.0, 0, NULL, NULL);
      cpu_full += cpu_ms () - c0;
      c0 = cpu_ms ();
      tail = em_audio_read_chunks (path, 10.0, 1, NULL, NULL);
      cpu_tail += cpu_ms () - c0;
      if (full != NULL)
        {
          audio_s += em_chunk_set_get_duration (full);
          n++;
        }
    }
  printf ("12 DEV episodes (%.0f s of audio), CPU of all threads per episode: all chunks %.1f ms, "
          "last chunk only (seek) %.1f ms\n", audio_s, cpu_full / MAX (n, 1), cpu_tail / MAX (n, 1));
}

/* Appends the audio frames of an MP3 file, without ID3 tags and without the
 * Xing/Info frame (whose frame count would claim the duration of one part). */
static gboolean
append_mp3_frames (GByteArray *out,
                   const char *path)
{
  g_autofree guint8 *data = NULL;
  static const int bitrates[16] = { 0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0 };
  static const int rates[4] = { 44100, 48000, 32000, 0 };
  gsize length, pos = 0;

  if (!g_file_get_contents (path, (char **) &data, &length, NULL))
    return FALSE;

  if (length > 10 && memcmp (data, "ID3", 3) == 0)
    pos = 10 + ((gsize) (data[6] & 0x7f) << 21 | (gsize) (data[7] & 0x7f) << 14 |
                (gsize) (data[8] & 0x7f) << 7 | (gsize) (data[9] & 0x7f));

  while (pos + 4 <= length)
    {
      const guint8 *h = data + pos;
      int bitrate, rate, frame;
      gsize side;

      /* MPEG-1 Layer III only (the DEV episodes). */
      if (h[0] != 0xff || (h[1] & 0xfe) != 0xfa)
        {
          pos++;
          continue;
        }
      bitrate = bitrates[h[2] >> 4];
      rate = rates[(h[2] >> 2) & 3];
      if (bitrate == 0 || rate == 0)
        {
          pos++;
          continue;
        }
      frame = 144000 * bitrate / rate + ((h[2] >> 1) & 1);
      side = ((h[3] >> 6) == 3) ? 17 : 32;
      if (pos + frame > length)
        break;
      if (!(pos + 4 + side + 4 <= length &&
            (memcmp (h + 4 + side, "Xing", 4) == 0 || memcmp (h + 4 + side, "Info", 4) == 0)))
        g_byte_array_append (out, h, frame);
      pos += frame;
    }

  return TRUE;
}

static char *
make_long_mp3 (void)
{
  const char *parts[] = { "episodes/episode-01.mp3", "episodes/episode-07.mp3", "episodes/episode-12.mp3" };
  const char *build_dir = g_getenv ("EARMARK_BUILD_DIR");
  g_autofree char *path = g_build_filename (build_dir != NULL ? build_dir : ".", "bench-3h.mp3", NULL);
  g_autoptr(GByteArray) once = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  double part_s = 167.886 + 62.827 + 74.627;   /* episodes.json durations */
  guint repeats = (guint) ceil (TARGET_HOURS * 3600 / part_s);
  FILE *fp;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *part = shared_path (parts[i]);

      if (!append_mp3_frames (once, part))
        return NULL;
    }

  /* 56 kbit/s CBR, 44.1 kHz mono: a valid CBR stream when concatenated. */
  fp = fopen (path, "wb");
  if (fp == NULL)
    return NULL;
  for (guint r = 0; r < repeats; r++)
    fwrite (once->data, 1, once->len, fp);
  fclose (fp);

  printf ("made %s: %u × %.0f s = %.2f h, %.0f MB\n", path, repeats, part_s, repeats * part_s / 3600,
          (double) once->len * repeats / 1e6);
  return g_steal_pointer (&path);
}

/* Child process: read the last chunk of @path, print time and peak RSS. */
static int
run_tail_child (const char *path,
                gboolean    allow_seek)
{
  g_autoptr(GError) error = NULL;
  struct rusage usage;
  EmDecodeResult result;
  double t0 = now_ms (), c0 = cpu_ms ();
  g_autoptr(EmChunkSet) set = NULL;
  g_autofree char *status = NULL;
  g_autofree char *hwm = NULL;

  if (allow_seek)
    set = em_audio_read_chunks (path, 10.0, 1, NULL, &error);
  else if (_em_audio_decode_tail (path, 11.0, FALSE, &result, NULL, &error))
    {
      set = em_chunk_set_new_from_samples (g_steal_pointer (&result.samples), result.n_samples,
                                           result.start_s, result.end_s, 10.0, 1, &error);
      _em_decode_result_clear (&result);
    }

  if (set == NULL)
    {
      printf ("  FAILED: %s\n", error->message);
      return 1;
    }

  /* ru_maxrss survives exec (it would include the parent's RSS at fork
   * time): the child is started before the parent decodes anything, and
   * VmHWM, which exec resets, is printed too. */
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *line = strstr (status, "VmHWM:");

      if (line != NULL)
        hwm = g_strstrip (g_strndup (line + 6, strcspn (line + 6, "\n")));
    }
  if (hwm == NULL)
    hwm = g_strdup ("?");
  getrusage (RUSAGE_SELF, &usage);
  printf ("  %s: duration %.1f s, %u chunk, last chunk %.3f-%.3f s; %.0f ms wall, %.0f ms CPU, peak RSS %.1f MB (getrusage; VmHWM %s)\n",
          allow_seek ? "seek to the tail" : "stream through the ring buffer (no seek)",
          em_chunk_set_get_duration (set), em_chunk_set_get_n_chunks (set),
          em_chunk_set_get_chunk (set, 0)->start_s, em_chunk_set_get_chunk (set, 0)->end_s,
          now_ms () - t0, cpu_ms () - c0, usage.ru_maxrss / 1024.0, hwm);
  return 0;
}

static void
bench_long_file (const char *self_exe)
{
  g_autofree char *path = make_long_mp3 ();

  if (path == NULL)
    {
      printf ("3-hour MP3: could not be made\n");
      return;
    }

  printf ("last chunk of a %.0f-hour MP3 (em_audio_read_chunks, max_chunks = 1), in a child process:\n", TARGET_HOURS);
  for (guint mode = 0; mode < 2; mode++)
    {
      const char *argv[] = { self_exe, mode == 0 ? "--tail-seek" : "--tail-stream", path, NULL };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, NULL, &error))
        printf ("  cannot run child: %s\n", error->message);
      else
        fputs (out, stdout);
      fflush (stdout);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) clips = NULL;

  if (argc == 3 && strcmp (argv[1], "--tail-seek") == 0)
    return run_tail_child (argv[2], TRUE);
  if (argc == 3 && strcmp (argv[1], "--tail-stream") == 0)
    return run_tail_child (argv[2], FALSE);

  clips = list_clips ();
  if (clips->len == 0)
    {
      printf ("no DEV clips found (set EARMARK_SHARED_DIR)\n");
      return 0;
    }

  {
    g_autofree char *loadavg = NULL;

    g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL);
    printf ("bench-decode: %u cores, load average %s", g_get_num_processors (),
            loadavg != NULL ? loadavg : "?\n");
  }
  /* First, while this process is small (see run_tail_child). */
  bench_long_file (argv[0]);

  /* Warm-up: load the plugins of every format once. */
  for (guint i = 0; i < clips->len; i += 10)
    {
      gsize n;
      g_autofree float *samples = em_audio_decode (g_ptr_array_index (clips, i), 0, -1, &n, NULL, NULL);
    }

  bench_setup (clips);
  bench_resampler ();
  bench_clips (clips, EM_AUDIO_RESAMPLE_QUALITY_DEFAULT, TRUE);
  if (g_getenv ("BENCH_DECODE_ALL") != NULL)
    {
      bench_clips (clips, EM_AUDIO_RESAMPLE_QUALITY_DEFAULT, FALSE);
      bench_clips (clips, 0, TRUE);
      bench_clips (clips, 10, TRUE);
    }
  bench_episodes ();

  return 0;
}
