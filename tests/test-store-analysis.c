/* test-store-analysis.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The analysis cache: entries come back only for the same kind, version,
 * parameters and library state; a rescan that changes a chunk changes the
 * state; a v1 database is migrated to hold the cache.
 */

#include "config.h"

#include "em-store-analysis.h"
#include "store-test-util.h"

typedef StoreTestDir Fixture;

static EmStore *
open_store (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "library.db", NULL);
  g_autoptr(GError) error = NULL;
  EmStore *store = em_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
save_track (EmStore    *store,
            const char *path,
            gint64      mtime_usec,
            guint       n_chunks)
{
  g_autofree EmChunkRecord *chunks = g_new0 (EmChunkRecord, n_chunks);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_chunks; i++)
    {
      chunks[i].idx = i;
      chunks[i].end_s = 10.0 * (n_chunks - i);
      chunks[i].start_s = chunks[i].end_s - 10.0;
      for (guint j = 0; j < EM_STORE_N_FEATURES; j++)
        chunks[i].features[j] = i + j;
    }
  em_store_save_track (store, path, 100, mtime_usec, 10.0 * n_chunks, 44100, 1, 1,
                       chunks, n_chunks, &error);
  g_assert_no_error (error);
}

static char *
current_state (EmStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EmAnalysisRows) rows = em_store_load_analysis_rows (store, 1, &error);

  g_assert_no_error (error);
  return g_strdup (rows->state);
}

static void
test_rows (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(EmAnalysisRows) rows = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GArray) idx = NULL;
  g_autofree double *matrix = NULL;
  gsize n = 0;

  save_track (store, "/b.wav", 5, 2);
  save_track (store, "/a.wav", 7, 3);

  rows = em_store_load_analysis_rows (store, 1, &error);
  g_assert_no_error (error);
  em_store_load_features (store, 1, &matrix, &n, &paths, &idx, &error);
  g_assert_no_error (error);

  /* the same rows in the same order as the feature matrix, with spans */
  g_assert_cmpuint (rows->n_rows, ==, 5);
  g_assert_cmpuint (n, ==, rows->n_rows);
  for (guint r = 0; r < n; r++)
    {
      g_assert_cmpstr (g_ptr_array_index (rows->paths, r), ==, g_ptr_array_index (paths, r));
      g_assert_cmpuint (g_array_index (rows->chunk_idx, guint, r), ==, g_array_index (idx, guint, r));
    }
  g_assert_cmpstr (g_ptr_array_index (rows->paths, 0), ==, "/a.wav");
  g_assert_cmpfloat (g_array_index (rows->spans, double, 0), ==, 20.0);
  g_assert_cmpfloat (g_array_index (rows->spans, double, 1), ==, 30.0);
  g_assert_cmpuint (strlen (rows->state), ==, 64);

  /* no features of another version */
  g_clear_pointer (&rows, em_analysis_rows_free);
  rows = em_store_load_analysis_rows (store, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->n_rows, ==, 0);
}

static void
test_cache (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) saved = g_bytes_new_static ("\x01\x02\x00\x03", 4);
  g_autoptr(GBytes) loaded = NULL;
  g_autofree char *state = NULL;
  g_autofree char *state2 = NULL;
  g_autofree char *state3 = NULL;

  save_track (store, "/a.wav", 7, 3);
  state = current_state (store);

  /* a miss is NULL without an error */
  loaded = em_store_load_analysis (store, "kmeans", 1, "k=3", state, &error);
  g_assert_no_error (error);
  g_assert_null (loaded);

  g_assert_true (em_store_save_analysis (store, "kmeans", 1, "k=3", state, saved, &error));
  g_assert_no_error (error);
  loaded = em_store_load_analysis (store, "kmeans", 1, "k=3", state, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_true (g_bytes_equal (loaded, saved));
  g_clear_pointer (&loaded, g_bytes_unref);

  /* another kind, version or parameters miss */
  g_assert_null (em_store_load_analysis (store, "dbscan", 1, "k=3", state, &error));
  g_assert_null (em_store_load_analysis (store, "kmeans", 2, "k=3", state, &error));
  g_assert_null (em_store_load_analysis (store, "kmeans", 1, "k=4", state, &error));
  g_assert_no_error (error);

  /* the same state survives reopening; a changed track changes it */
  g_clear_object (&store);
  store = open_store (f);
  state2 = current_state (store);
  g_assert_cmpstr (state2, ==, state);
  loaded = em_store_load_analysis (store, "kmeans", 1, "k=3", state2, &error);
  g_assert_nonnull (loaded);
  g_clear_pointer (&loaded, g_bytes_unref);

  save_track (store, "/a.wav", 8, 3);
  state3 = current_state (store);
  g_assert_cmpstr (state3, !=, state);
  g_assert_null (em_store_load_analysis (store, "kmeans", 1, "k=3", state3, &error));
  g_assert_no_error (error);

  /* saving under the new state drops the stale entry */
  em_store_save_analysis (store, "pca", 1, "", state3, saved, &error);
  g_assert_no_error (error);
  g_assert_cmpint (store_test_query_int (em_store_get_path (store), "SELECT count(*) FROM analysis_cache"), ==, 1);
}

static void
test_migrate_v1 (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "library.db", NULL);
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) saved = g_bytes_new_static ("x", 1);
  sqlite3 *db = NULL;

  save_track (store, "/a.wav", 7, 2);
  g_clear_object (&store);

  /* back to what version 1 wrote */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE analysis_cache; PRAGMA user_version = 1",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = open_store (f);
  g_assert_cmpuint (em_store_get_schema_version (store), ==, 2);
  g_assert_cmpint (store_test_query_int (path, "SELECT count(*) FROM chunks"), ==, 2);
  g_assert_true (em_store_save_analysis (store, "pca", 1, "", "s", saved, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/earmark/core/store-analysis/rows", Fixture, NULL,
              store_test_dir_setup, test_rows, store_test_dir_teardown);
  g_test_add ("/earmark/core/store-analysis/cache", Fixture, NULL,
              store_test_dir_setup, test_cache, store_test_dir_teardown);
  g_test_add ("/earmark/core/store-analysis/migrate-v1", Fixture, NULL,
              store_test_dir_setup, test_migrate_v1, store_test_dir_teardown);

  return g_test_run ();
}
