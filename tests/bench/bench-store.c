/* bench-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Speed of the library database, and what synchronous=FULL costs against
 * NORMAL: label writes (one committed transaction each, as on a key
 * press), saving scanned tracks, loading the feature matrix, importing a
 * labels file and reading labels.  Prints figures; asserts nothing.
 */

#include "config.h"

#include <math.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "em-store.h"
#include "em-store-private.h"

#define N_LABEL_WRITES 300
#define N_TRACKS 500
#define CHUNKS_PER_TRACK 60    /* a 10-minute track */
#define N_LABEL_READS 20000

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
    }
  g_remove (path);
}

static EmStore *
open_fresh (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  EmStore *store = em_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static double
bench_label_writes (const char *dir,
                    gboolean    full)
{
  g_autoptr(EmStore) store = open_fresh (dir, full ? "labels-full.db" : "labels-normal.db");
  gint64 start;

  _em_store_set_synchronous (store, full, FALSE);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_LABEL_WRITES; i++)
    {
      g_autofree char *path = g_strdup_printf ("/bench/track-%05u.mp3", i);
      em_store_set_label (store, path, 0, (EmLabel)(1 + i % 3), EM_LABEL_SOURCE_MANUAL, NULL);
    }

  return (g_get_monotonic_time () - start) / 1000.0 / N_LABEL_WRITES;
}

static double
bench_save_tracks (const char *dir,
                   gboolean    full,
                   EmStore   **out)
{
  g_autoptr(EmStore) store = open_fresh (dir, full ? "tracks-full.db" : "tracks-normal.db");
  g_autofree EmChunkRecord *chunks = g_new0 (EmChunkRecord, CHUNKS_PER_TRACK);
  gint64 start;

  for (guint c = 0; c < CHUNKS_PER_TRACK; c++)
    {
      chunks[c].idx = c;
      chunks[c].end_s = 600.0 - 10.0 * c;
      chunks[c].start_s = chunks[c].end_s - 10.0;
      for (guint j = 0; j < EM_STORE_N_FEATURES; j++)
        chunks[c].features[j] = j == 7 ? NAN : c * 0.5 + j;
    }

  _em_store_set_synchronous (store, TRUE, full);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_autofree char *path = g_strdup_printf ("/bench/show-%04u/episode.mp3", i);
      em_store_save_track (store, path, 1000, 1, 600, 44100, 2, 1, chunks, CHUNKS_PER_TRACK, NULL);
    }

  if (out != NULL)
    *out = g_object_ref (store);

  return N_TRACKS / ((g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *labels = NULL;
  g_autofree double *matrix = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(EmStore) big = NULL;
  double label_full, label_normal, tracks_full, tracks_normal;
  double load_ms, import_ms, read_us;
  const char *shared = g_getenv ("EARMARK_SHARED_DIR");
  gsize n_rows = 0;
  gint64 start;
  double load[3] = { 0 };

  /* On disk, not tmpfs, so that fsync costs what it costs. */
  dir = g_build_filename (g_get_user_cache_dir (), "earmark-bench-store-XXXXXX", NULL);
  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_assert_nonnull (g_mkdtemp (dir));
  if (getloadavg (load, 3) < 0)
    load[0] = -1;

  label_full = bench_label_writes (dir, TRUE);
  label_normal = bench_label_writes (dir, FALSE);
  tracks_full = bench_save_tracks (dir, TRUE, NULL);
  tracks_normal = bench_save_tracks (dir, FALSE, &big);

  start = g_get_monotonic_time ();
  em_store_load_features (big, 1, &matrix, &n_rows, &paths, NULL, &error);
  g_assert_no_error (error);
  load_ms = (g_get_monotonic_time () - start) / 1000.0;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_LABEL_READS; i++)
    {
      g_autofree char *path = g_strdup_printf ("/bench/show-%04u/episode.mp3", i % N_TRACKS);
      em_store_get_label (big, path, i % CHUNKS_PER_TRACK);
    }
  read_us = (g_get_monotonic_time () - start) / (double)N_LABEL_READS;

  labels = g_build_filename (shared ? shared : "../shared", "data", "dev", "labels.json", NULL);
  start = g_get_monotonic_time ();
  em_store_import_labels (big, labels, NULL, &error);
  g_assert_no_error (error);
  import_ms = (g_get_monotonic_time () - start) / 1000.0;

  printf ("bench-store (database on %s, load average %.2f at start)\n", dir, load[0]);
  printf ("  label write, synchronous=FULL:    %7.2f ms per committed label (%u writes)\n",
          label_full, N_LABEL_WRITES);
  printf ("  label write, synchronous=NORMAL:  %7.2f ms per committed label; FULL/NORMAL = %.1f\n",
          label_normal, label_full / label_normal);
  printf ("  save track (%d chunks), FULL:     %7.1f tracks/s\n", CHUNKS_PER_TRACK, tracks_full);
  printf ("  save track (%d chunks), NORMAL:   %7.1f tracks/s; NORMAL/FULL = %.1f\n",
          CHUNKS_PER_TRACK, tracks_normal, tracks_normal / tracks_full);
  printf ("  load features: %" G_GSIZE_FORMAT " rows x %d in %.1f ms (%.2f µs/row)\n",
          n_rows, EM_STORE_N_FEATURES, load_ms, load_ms * 1000.0 / MAX (n_rows, 1));
  printf ("  get label: %.2f µs per read\n", read_us);
  printf ("  import dev labels.json (360 labels, one transaction): %.1f ms\n", import_ms);

  g_clear_object (&big);
  rm_rf (dir);

  return 0;
}
