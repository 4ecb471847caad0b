/* bench-scan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole pipeline on the dev corpus:
 *  - MP3 decode + all 38 features, one thread, as × realtime
 *    (target ≥ 500×, i.e. ≤ 20 ms per 10-s clip);
 *  - a library scan of all 360 clips with 1 and with 2 threads, clips/s
 *    and the speed-up (target ≥ 1.8×);
 *  - how long a running scan takes to stop after em_job_cancel()
 *    (target ≤ 200 ms).
 * Prints figures, asserts nothing.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/resource.h>
#include <time.h>

#include "em-audio-files.h"
#include "em-file-features.h"
#include "em-library.h"

/* CPU seconds of the calling thread: on a loaded machine this, not the
 * wall clock, says what the code costs. */
static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds of the whole process, all threads. */
static double
process_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static char *
clips_folder (void)
{
  return g_build_filename (g_getenv ("EARMARK_SHARED_DIR"), "data", "dev", "clips", NULL);
}

static void
bench_decode_and_features (GPtrArray *files)
{
  EmFeatureExtractor *extractor = em_feature_extractor_new ();
  double audio_seconds = 0;
  guint n = 0;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = thread_cpu_seconds ();
  double elapsed, cpu;

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(EmFileFeatures) features = NULL;

      if (!g_str_has_suffix (path, ".mp3") || n == 100)
        continue;
      features = em_file_features_compute (extractor, path, 10.0, 0, NULL, NULL);
      if (features != NULL)
        audio_seconds += features->duration_s;
      n++;
    }

  elapsed = (g_get_monotonic_time () - start) / 1e6;
  cpu = thread_cpu_seconds () - cpu_start;
  printf ("MP3 decode + 38 features, 1 thread: %u clips, %.2f ms wall and %.2f ms CPU per clip, "
          "%.0fx realtime by CPU time (target >= 500x)\n",
          n, elapsed * 1000 / n, cpu * 1000 / n, audio_seconds / cpu);
  em_feature_extractor_free (extractor);
}

static double
bench_scan (const char *folder,
            guint       n_threads)
{
  g_autofree char *tmp = g_dir_make_tmp ("earmark-bench-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (tmp, "library.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  const char *folders[] = { folder, NULL };
  g_autoptr(EmLibrary) library = em_library_open (db, NULL);
  g_autoptr(EmScanSummary) summary = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = process_cpu_seconds ();
  double rate;

  summary = em_library_scan (library, folders, 10.0, n_threads, NULL, NULL);
  rate = summary->n_files / ((g_get_monotonic_time () - start) / 1e6);
  printf ("Scan of the dev corpus, %u thread%s: %u clips, %.1f clips/s wall, %.1f ms CPU per clip\n",
          n_threads, n_threads > 1 ? "s" : "", summary->n_files, rate,
          (process_cpu_seconds () - cpu_start) * 1000 / summary->n_files);

  g_clear_object (&library);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (tmp);

  return rate;
}

typedef struct
{
  EmJob     *job;
  gint64     cancelled_at;
  GMainLoop *loop;
} CancelRun;

static gboolean
cancel_cb (gpointer data)
{
  CancelRun *run = data;

  run->cancelled_at = g_get_monotonic_time ();
  em_job_cancel (run->job);

  return G_SOURCE_REMOVE;
}

static void
scan_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  CancelRun *run = data;
  g_autoptr(EmScanSummary) summary = NULL;

  summary = em_library_scan_finish (EM_LIBRARY (object), result, NULL);
  printf ("Cancel latency: %.1f ms (target <= 200 ms)\n",
           (g_get_monotonic_time () - run->cancelled_at) / 1000.0);
  g_main_loop_quit (run->loop);
}

static void
bench_cancel (const char *folder)
{
  g_autofree char *tmp = g_dir_make_tmp ("earmark-bench-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (tmp, "library.db", NULL);
  const char *folders[] = { folder, NULL };
  g_autoptr(EmLibrary) library = em_library_open (db, NULL);
  g_autoptr(EmJob) job = em_job_new ("bench");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  CancelRun run = { job, 0, loop };

  em_library_scan_async (library, folders, 10.0, job, scan_done_cb, &run);
  g_timeout_add (1500, cancel_cb, &run);
  g_main_loop_run (loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *folder = clips_folder ();
  const char *roots[] = { folder, NULL };
  g_autoptr(GPtrArray) files = em_audio_files_collect (roots, NULL, NULL);
  double one, two;

  if (files == NULL)
    {
      fprintf (stderr, "bench-scan: the dev corpus is missing at %s\n", folder);
      return 0;
    }

  bench_decode_and_features (files);
  one = bench_scan (folder, 1);
  two = bench_scan (folder, 2);
  printf ("2-thread speed-up: %.2fx (target >= 1.8x; meaningful only on an otherwise idle machine)\n", two / one);
  bench_cancel (folder);

  return 0;
}
