/* test-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library database: schema and migrations, tracks/chunks/features as
 * the scanner writes them, labels with undo/redo, labels files, durability
 * across SIGKILL and concurrent use from two threads.
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <json-glib/json-glib.h>

#include "em-store.h"
#include "store-test-util.h"

typedef StoreTestDir Fixture;

static char *
db_path (Fixture *f)
{
  return g_build_filename (f->dir, "nested", "folder", "library.db", NULL);
}

static EmStore *
open_store (Fixture *f)
{
  g_autofree char *path = db_path (f);
  g_autoptr(GError) error = NULL;
  EmStore *store = em_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
make_chunks (EmChunkRecord *chunks,
             guint          n,
             double         seed)
{
  for (guint i = 0; i < n; i++)
    {
      chunks[i].idx = i;
      chunks[i].end_s = 100.0 - 10.0 * i;
      chunks[i].start_s = chunks[i].end_s - 10.0;
      chunks[i].partial = FALSE;
      for (guint j = 0; j < EM_STORE_N_FEATURES; j++)
        chunks[i].features[j] = seed + i * 100.0 + j * 0.25;
    }
}

static void
save_track (EmStore    *store,
            const char *path,
            guint       n_chunks,
            double      seed)
{
  g_autofree EmChunkRecord *chunks = g_new0 (EmChunkRecord, MAX (n_chunks, 1));
  g_autoptr(GError) error = NULL;

  make_chunks (chunks, n_chunks, seed);
  em_store_save_track (store, path, 1000 + n_chunks, 1700000000000000, 10.0 * n_chunks,
                       44100, 2, 1, chunks, n_chunks, &error);
  g_assert_no_error (error);
}

static EmStoreCounts
get_counts (EmStore *store)
{
  EmStoreCounts counts;
  g_autoptr(GError) error = NULL;

  em_store_get_counts (store, &counts, &error);
  g_assert_no_error (error);
  return counts;
}

static guint
total_labels (EmStore *store)
{
  EmStoreCounts counts = get_counts (store);

  return counts.labels[EM_LABEL_MUSIC] + counts.labels[EM_LABEL_DIALOGUE] + counts.labels[EM_LABEL_BOTH];
}

/* Schema ---------------------------------------------------------------- */

static void
test_open_migrate (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = db_path (f);
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *chunk_seconds = NULL;
  g_autofree char *mode = NULL;

  /* the parent folders were created */
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (em_store_get_schema_version (store), ==, EM_STORE_SCHEMA_VERSION);
  g_assert_cmpint (store_test_query_int (path, "PRAGMA user_version"), ==, EM_STORE_SCHEMA_VERSION);
  mode = store_test_query (path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");

  chunk_seconds = em_store_dup_meta (store, "chunk_seconds", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chunk_seconds, ==, "10");
  em_store_set_meta (store, "last_folder", "/music", &error);
  g_assert_no_error (error);
  em_store_check_integrity (store, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* reopening keeps the version and data, and does not migrate twice */
  store = open_store (f);
  g_assert_cmpuint (em_store_get_schema_version (store), ==, EM_STORE_SCHEMA_VERSION);
  g_clear_pointer (&chunk_seconds, g_free);
  chunk_seconds = em_store_dup_meta (store, "last_folder", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chunk_seconds, ==, "/music");
  g_assert_cmpint (store_test_query_int (path, "SELECT count(*) FROM meta WHERE key = 'chunk_seconds'"), ==, 1);
  g_clear_object (&store);
}

static void
test_open_too_new (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = db_path (f);
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = em_store_open (path, &error);
  g_assert_error (error, EM_STORE_ERROR, EM_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, "99"));
}

static void
test_open_not_a_database (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *text_file = g_build_filename (f->dir, "notes.db", NULL);
  g_autofree char *other_db = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(GString) junk = g_string_new (NULL);
  g_autoptr(EmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  sqlite3 *db = NULL;

  for (guint i = 0; i < 200; i++)
    g_string_append (junk, "These are my notes, not a database.\n");
  g_assert_true (g_file_set_contents (text_file, junk->str, (gssize)junk->len, NULL));

  store = em_store_open (text_file, &error);
  g_assert_null (store);
  g_assert_error (error, EM_STORE_ERROR, EM_STORE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, text_file));
  g_assert_nonnull (strstr (error->message, "not an Earmark library"));
  g_clear_error (&error);

  /* the file was not touched */
  g_assert_true (g_file_get_contents (text_file, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, junk->str);

  /* an SQLite file of another application is refused too */
  g_assert_cmpint (sqlite3_open (other_db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE songs (title TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = em_store_open (other_db, &error);
  g_assert_null (store);
  g_assert_error (error, EM_STORE_ERROR, EM_STORE_ERROR_NOT_A_DATABASE);
}

/* Tracks and features ----------------------------------------------------- */

static void
test_save_track_replaces (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = db_path (f);
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree double *matrix = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GArray) idx = NULL;
  g_autofree char *status = NULL;
  EmStoreCounts counts;
  guint64 size = 0;
  gint64 mtime = 0;
  gsize n_rows = 0;

  g_assert_false (em_store_lookup_track (store, "/music/a.mp3", &size, &mtime, &status, &error));
  g_assert_no_error (error);

  save_track (store, "/music/a.mp3", 3, 1.0);
  counts = get_counts (store);
  g_assert_cmpuint (counts.tracks_ok, ==, 1);
  g_assert_cmpuint (counts.chunks, ==, 3);

  g_assert_true (em_store_lookup_track (store, "/music/a.mp3", &size, &mtime, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size, ==, 1003);
  g_assert_cmpint (mtime, ==, 1700000000000000);
  g_assert_cmpstr (status, ==, "ok");

  /* a rescan with fewer chunks replaces chunks and features */
  save_track (store, "/music/a.mp3", 2, 5.0);
  counts = get_counts (store);
  g_assert_cmpuint (counts.tracks_ok, ==, 1);
  g_assert_cmpuint (counts.chunks, ==, 2);
  g_assert_cmpint (store_test_query_int (path, "SELECT count(*) FROM features"), ==, 2);
  g_assert_cmpint (store_test_query_int (path, "SELECT count(*) FROM tracks"), ==, 1);

  em_store_load_features (store, 1, &matrix, &n_rows, &paths, &idx, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 2);
  g_assert_cmpfloat (matrix[0], ==, 5.0);
  g_assert_cmpfloat (matrix[EM_STORE_N_FEATURES + 3], ==, 5.0 + 100.0 + 0.75);

  /* duplicate chunk indexes are refused and change nothing */
  {
    EmChunkRecord chunks[2];

    make_chunks (chunks, 2, 9.0);
    chunks[1].idx = 0;
    g_assert_false (em_store_save_track (store, "/music/a.mp3", 1, 1, 20, 44100, 2, 1, chunks, 2, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_cmpint (store_test_query_int (path, "SELECT count(*) FROM chunks"), ==, 2);
    g_assert_cmpint (store_test_query_int (path, "SELECT size FROM tracks"), ==, 1002);
  }

  /* relative paths are refused */
  g_assert_false (em_store_save_track (store, "music/a.mp3", 1, 1, 20, 44100, 2, 1, NULL, 0, &error));
  g_assert_error (error, EM_STORE_ERROR, EM_STORE_ERROR_INVALID);
}

static void
test_error_tracks (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = db_path (f);
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *message = NULL;
  EmStoreCounts counts;
  guint64 size = 0;

  save_track (store, "/music/b.ogg", 4, 0.0);
  em_store_save_track_error (store, "/music/b.ogg", 77, 5, "Could not decode: truncated stream", &error);
  g_assert_no_error (error);
  em_store_save_track_error (store, "/music/c.wav", 12, 6, "Not an audio file", &error);
  g_assert_no_error (error);

  counts = get_counts (store);
  g_assert_cmpuint (counts.tracks_ok, ==, 0);
  g_assert_cmpuint (counts.tracks_error, ==, 2);
  g_assert_cmpuint (counts.chunks, ==, 0);
  g_assert_cmpint (store_test_query_int (path, "SELECT count(*) FROM chunks"), ==, 0);

  g_assert_true (em_store_lookup_track (store, "/music/b.ogg", &size, NULL, &status, &error));
  g_assert_cmpstr (status, ==, "error");
  g_assert_cmpuint (size, ==, 77);
  message = store_test_query (path, "SELECT error FROM tracks WHERE path = '/music/b.ogg'");
  g_assert_cmpstr (message, ==, "Could not decode: truncated stream");

  /* a later successful scan clears the error */
  save_track (store, "/music/b.ogg", 1, 0.0);
  g_clear_pointer (&message, g_free);
  message = store_test_query (path, "SELECT coalesce(error, 'none') || status FROM tracks WHERE path = '/music/b.ogg'");
  g_assert_cmpstr (message, ==, "noneok");
}

static void
test_mark_vanished (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree double *matrix = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  const char *present[] = { "/lib/a.mp3", "/lib/new.mp3", NULL };
  EmStoreCounts counts;
  gsize n_rows = 0;
  guint n_marked = 99;

  save_track (store, "/lib/a.mp3", 1, 0.0);
  save_track (store, "/lib/sub/deep/b.mp3", 2, 0.0);
  save_track (store, "/lib-other/c.mp3", 1, 0.0);  /* '-' sorts before '/' */
  save_track (store, "/lib0/d.mp3", 1, 0.0);       /* '0' sorts right after '/' */
  save_track (store, "/library.mp3", 1, 0.0);
  em_store_save_track_error (store, "/lib/broken.mp3", 1, 1, "bad", &error);
  g_assert_no_error (error);

  em_store_mark_vanished (store, "/lib/", present, &n_marked, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_marked, ==, 2);  /* b.mp3 and broken.mp3 */

  counts = get_counts (store);
  g_assert_cmpuint (counts.tracks_ok, ==, 4);
  g_assert_cmpuint (counts.tracks_vanished, ==, 2);
  g_assert_cmpuint (counts.tracks_error, ==, 0);
  g_assert_cmpuint (counts.chunks, ==, 4);

  /* marking again finds nothing new */
  em_store_mark_vanished (store, "/lib", present, &n_marked, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_marked, ==, 0);

  /* vanished tracks are not analysed */
  em_store_load_features (store, 1, &matrix, &n_rows, &paths, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 4);
  for (guint i = 0; i < paths->len; i++)
    g_assert_cmpstr (g_ptr_array_index (paths, i), !=, "/lib/sub/deep/b.mp3");

  /* a file that comes back is "ok" again after its scan */
  save_track (store, "/lib/sub/deep/b.mp3", 2, 0.0);
  counts = get_counts (store);
  g_assert_cmpuint (counts.tracks_vanished, ==, 1);
}

static void
test_feature_order (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree double *matrix = NULL;
  g_autofree double *empty = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GArray) idx = NULL;
  const char *names[] = { "/m/zeta.mp3", "/m/Alpha.mp3", "/m/été.mp3", "/m/alpha.mp3" };
  EmChunkRecord chunks[3];
  gsize n_rows = 0;

  for (guint t = 0; t < G_N_ELEMENTS (names); t++)
    {
      make_chunks (chunks, 3, t * 1000.0);
      /* chunks handed over out of order */
      chunks[0].idx = 2;
      chunks[2].idx = 0;
      chunks[1].features[5] = NAN;
      chunks[0].features[0] = -INFINITY;
      em_store_save_track (store, names[t], 1, 1, 30, 48000, 1, 1, chunks, 3, &error);
      g_assert_no_error (error);
    }
  /* another feature-set version is not mixed in */
  make_chunks (chunks, 1, 0.0);
  em_store_save_track (store, "/m/beta.mp3", 1, 1, 10, 48000, 1, 2, chunks, 1, &error);
  g_assert_no_error (error);

  em_store_load_features (store, 1, &matrix, &n_rows, &paths, &idx, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 12);
  g_assert_cmpuint (paths->len, ==, 12);
  g_assert_cmpuint (idx->len, ==, 12);

  /* byte-wise path order, then chunk index */
  for (guint r = 0; r < n_rows; r++)
    {
      static const char *expected[] = { "/m/Alpha.mp3", "/m/alpha.mp3", "/m/zeta.mp3", "/m/été.mp3" };
      static const double seeds[] = { 1000.0, 3000.0, 0.0, 2000.0 };
      const double *row = matrix + r * EM_STORE_N_FEATURES;
      guint chunk = g_array_index (idx, guint, r);
      /* record i had idx (2 - i) */
      guint record = 2 - chunk;

      g_assert_cmpstr (g_ptr_array_index (paths, r), ==, expected[r / 3]);
      g_assert_cmpuint (chunk, ==, r % 3);
      if (record == 1)
        g_assert_true (isnan (row[5]));
      else
        g_assert_cmpfloat (row[5], ==, seeds[r / 3] + record * 100.0 + 5 * 0.25);
      if (record == 0)
        g_assert_true (isinf (row[0]) && row[0] < 0);
      g_assert_cmpfloat (row[37], ==, seeds[r / 3] + record * 100.0 + 37 * 0.25);
    }

  /* no rows: NULL matrix */
  g_clear_pointer (&paths, g_ptr_array_unref);
  g_clear_pointer (&idx, g_array_unref);
  em_store_load_features (store, 7, &empty, &n_rows, &paths, &idx, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 0);
  g_assert_null (empty);
}

/* Labels ------------------------------------------------------------------ */

static void
test_labels_set_get (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = db_path (f);
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *event = NULL;
  EmStoreCounts counts;

  g_assert_cmpint (em_store_get_label (store, "/m/a.mp3", 0), ==, EM_LABEL_NONE);

  /* a label may exist before the file is scanned */
  em_store_set_label (store, "/m/a.mp3", 0, EM_LABEL_MUSIC, EM_LABEL_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  em_store_set_label (store, "/m/a.mp3", 1, EM_LABEL_BOTH, EM_LABEL_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (em_store_get_label (store, "/m/a.mp3", 0), ==, EM_LABEL_MUSIC);
  g_assert_cmpint (em_store_get_label (store, "/m/a.mp3", 1), ==, EM_LABEL_BOTH);
  g_assert_cmpint (em_store_get_label (store, "/m/a.mp3", 2), ==, EM_LABEL_NONE);

  counts = get_counts (store);
  g_assert_cmpuint (counts.labels[EM_LABEL_MUSIC], ==, 1);
  g_assert_cmpuint (counts.labels[EM_LABEL_BOTH], ==, 1);
  g_assert_cmpuint (counts.labelled_chunks[EM_LABEL_MUSIC], ==, 0);

  /* the labels survive a scan and count as labelled chunks */
  save_track (store, "/m/a.mp3", 1, 0.0);
  counts = get_counts (store);
  g_assert_cmpuint (counts.labelled_chunks[EM_LABEL_MUSIC], ==, 1);
  g_assert_cmpuint (counts.labelled_chunks[EM_LABEL_BOTH], ==, 0);  /* chunk 1 not in the track */
  g_assert_cmpint (em_store_get_label (store, "/m/a.mp3", 0), ==, EM_LABEL_MUSIC);

  /* change, then clear */
  em_store_set_label (store, "/m/a.mp3", 0, EM_LABEL_DIALOGUE, EM_LABEL_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (em_store_get_label (store, "/m/a.mp3", 0), ==, EM_LABEL_DIALOGUE);
  em_store_set_label (store, "/m/a.mp3", 0, EM_LABEL_NONE, EM_LABEL_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (em_store_get_label (store, "/m/a.mp3", 0), ==, EM_LABEL_NONE);

  /* setting the same label again is not an event */
  em_store_set_label (store, "/m/a.mp3", 1, EM_LABEL_BOTH, EM_LABEL_SOURCE_MANUAL, &error);
  g_assert_no_error (error);

  /* every change is an event with old and new label, one group each */
  g_assert_cmpint (store_test_query_int (path, "SELECT count(*) FROM label_events"), ==, 4);
  g_assert_cmpint (store_test_query_int (path, "SELECT count(DISTINCT group_id) FROM label_events"), ==, 4);
  event = store_test_query (path, "SELECT coalesce(old_label, '-') || '>' || coalesce(new_label, '-') || ':' || source"
                                  " FROM label_events ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (event, ==, "dialogue>-:manual");
  g_clear_pointer (&event, g_free);
  event = store_test_query (path, "SELECT coalesce(old_label, '-') || '>' || new_label FROM label_events"
                                  " ORDER BY id LIMIT 1");
  g_assert_cmpstr (event, ==, "->music");
}

static void
test_labels_undo_redo (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = db_path (f);
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  const char *group[] = { "/m/a.mp3", "/m/b.mp3", "/m/c.mp3" };
  const guint group_idx[] = { 0, 0, 3 };
  gboolean did = FALSE;
  gboolean can_undo = TRUE;
  gboolean can_redo = TRUE;

  /* nothing to undo yet */
  g_assert_true (em_store_undo (store, &did, &error));
  g_assert_no_error (error);
  g_assert_false (did);
  em_store_get_undo_state (store, &can_undo, &can_redo, &error);
  g_assert_no_error (error);
  g_assert_false (can_undo);
  g_assert_false (can_redo);

  em_store_set_label (store, "/m/a.mp3", 0, EM_LABEL_MUSIC, EM_LABEL_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  em_store_set_labels (store, group, group_idx, 3, EM_LABEL_DIALOGUE, EM_LABEL_SOURCE_CLUSTER, &error);
  g_assert_no_error (error);
  g_assert_cmpint (store_test_query_int (path, "SELECT count(DISTINCT group_id) FROM label_events"), ==, 2);
  g_assert_cmpint (store_test_query_int (path, "SELECT count(*) FROM label_events"), ==, 4);

  em_store_get_undo_state (store, &can_undo, &can_redo, &error);
  g_assert_true (can_undo);
  g_assert_false (can_redo);

  /* undo takes back the whole group */
  g_assert_true (em_store_undo (store, &did, &error));
  g_assert_true (did);
  em_store_get_undo_state (store, &can_undo, &can_redo, &error);
  g_assert_true (can_undo);
  g_assert_true (can_redo);
  g_assert_cmpint (em_store_get_label (store, "/m/a.mp3", 0), ==, EM_LABEL_MUSIC);
  g_assert_cmpint (em_store_get_label (store, "/m/b.mp3", 0), ==, EM_LABEL_NONE);
  g_assert_cmpint (em_store_get_label (store, "/m/c.mp3", 3), ==, EM_LABEL_NONE);
  {
    g_autofree char *source = store_test_query (path, "SELECT source FROM labels WHERE path = '/m/a.mp3'");
    g_assert_cmpstr (source, ==, "manual");  /* the old source is restored too */
  }

  g_assert_true (em_store_undo (store, &did, &error));
  g_assert_true (did);
  g_assert_cmpint (em_store_get_label (store, "/m/a.mp3", 0), ==, EM_LABEL_NONE);
  g_assert_true (em_store_undo (store, &did, &error));
  g_assert_false (did);

  /* redo re-applies in order */
  g_assert_true (em_store_redo (store, &did, &error));
  g_assert_true (did);
  g_assert_cmpint (em_store_get_label (store, "/m/a.mp3", 0), ==, EM_LABEL_MUSIC);
  g_assert_cmpint (em_store_get_label (store, "/m/b.mp3", 0), ==, EM_LABEL_NONE);
  g_assert_true (em_store_redo (store, &did, &error));
  g_assert_true (did);
  g_assert_cmpint (em_store_get_label (store, "/m/a.mp3", 0), ==, EM_LABEL_DIALOGUE);
  g_assert_cmpint (em_store_get_label (store, "/m/c.mp3", 3), ==, EM_LABEL_DIALOGUE);
  g_assert_true (em_store_redo (store, &did, &error));
  g_assert_false (did);

  /* a new action after an undo drops the redo branch */
  g_assert_true (em_store_undo (store, &did, &error));
  em_store_set_label (store, "/m/z.mp3", 0, EM_LABEL_BOTH, EM_LABEL_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  g_assert_true (em_store_redo (store, &did, &error));
  g_assert_false (did);
  g_assert_cmpint (em_store_get_label (store, "/m/b.mp3", 0), ==, EM_LABEL_NONE);
  em_store_get_undo_state (store, &can_undo, &can_redo, &error);
  g_assert_true (can_undo);
  g_assert_false (can_redo);

  /* ...and undo then skips it: z, then a's first label */
  g_assert_true (em_store_undo (store, &did, &error));
  g_assert_cmpint (em_store_get_label (store, "/m/z.mp3", 0), ==, EM_LABEL_NONE);
  g_assert_true (em_store_undo (store, &did, &error));
  g_assert_true (did);
  g_assert_cmpint (em_store_get_label (store, "/m/a.mp3", 0), ==, EM_LABEL_NONE);
  g_assert_no_error (error);

  /* history persists across reopen */
  g_clear_object (&store);
  store = open_store (f);
  g_assert_true (em_store_redo (store, &did, &error));
  g_assert_true (did);
  g_assert_cmpint (em_store_get_label (store, "/m/a.mp3", 0), ==, EM_LABEL_MUSIC);
}

/* Labels files ------------------------------------------------------------ */

/* Every entry of the dev labels.json is in the store with its label, at
 * chunk 0 of the canonical absolute path. */
static void
assert_dev_labels_present (EmStore *store)
{
  g_autofree char *json_file = store_test_dev_file ("labels.json");
  g_autofree char *dev_dir = g_path_get_dirname (json_file);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  json_parser_load_from_file (parser, json_file, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 360);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      g_autofree char *abs = g_canonicalize_filename (json_object_get_string_member (object, "file"), dev_dir);
      EmLabel expected;

      g_assert_true (em_label_from_string (json_object_get_string_member (object, "label"), &expected));
      g_assert_true (g_file_test (abs, G_FILE_TEST_EXISTS));
      g_assert_cmpint (em_store_get_label (store, abs, 0), ==, expected);
    }
}

static void
test_import_dev (Fixture       *f,
                 gconstpointer  data)
{
  const char *name = data;
  g_autofree char *file = store_test_dev_file (name);
  g_autofree char *path = db_path (f);
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  gboolean did = FALSE;
  guint n = 0;

  g_assert_true (em_store_import_labels (store, file, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 360);
  g_assert_cmpuint (total_labels (store), ==, 360);
  assert_dev_labels_present (store);
  g_assert_cmpint (store_test_query_int (path, "SELECT count(*) FROM labels WHERE source = 'import'"), ==, 360);

  /* the import is one undoable action */
  g_assert_cmpint (store_test_query_int (path, "SELECT count(DISTINCT group_id) FROM label_events"), ==, 1);
  g_assert_true (em_store_undo (store, &did, &error));
  g_assert_true (did);
  g_assert_cmpuint (total_labels (store), ==, 0);
  g_assert_true (em_store_redo (store, &did, &error));
  g_assert_cmpuint (total_labels (store), ==, 360);
}

typedef struct
{
  const char *name;
  const char *contents;
  const char *where;     /* expected in the message */
} BadFile;

static const BadFile bad_files[] = {
  { "truncated.json", "[{\"file\": \"a.mp3\", \"label\": \"music\"},\n {\"file\": \"b.mp3\"", "not valid JSON" },
  { "not-array.json", "{\"file\": \"a.mp3\", \"label\": \"music\"}", "top level" },
  { "unknown.json",
    "[{\"file\": \"a.mp3\", \"label\": \"music\"}, {\"file\": \"b.mp3\", \"label\": \"dialogue\"},"
    " {\"file\": \"c.mp3\", \"label\": \"both\"}, {\"file\": \"d.mp3\", \"label\": \"speech\"}]",
    "index 3: unknown label “speech”" },
  { "missing.json", "[{\"file\": \"a.mp3\", \"label\": \"music\"}, {\"label\": \"music\"}]",
    "index 1: missing key “file”" },
  { "badchunk.json", "[{\"file\": \"a.mp3\", \"label\": \"music\", \"chunk\": -1}]", "index 0: chunk" },
  { "unknown.csv", "file,label\na.mp3,music\nb.mp3,dialogue\n\nc.mp3,noise\n", "line 5: unknown label “noise”" },
  { "nolabel.csv", "file,chunk\na.mp3,0\n", "line 1: missing column “label”" },
  { "fields.csv", "file,label\na.mp3,music\nb.mp3\n", "line 3:" },
  { "quote.csv", "file,label\na.mp3,music\n\"b.mp3,music\n", "line 3: a quoted field is not closed" },
  { "empty.csv", "", "empty" },
};

static void
test_import_malformed (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *dev = store_test_dev_file ("labels.csv");
  g_autofree char *path = db_path (f);
  gint64 n_events;

  em_store_import_labels (store, dev, NULL, &error);
  g_assert_no_error (error);
  n_events = store_test_query_int (path, "SELECT count(*) FROM label_events");

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *file = g_build_filename (f->dir, bad_files[i].name, NULL);
      guint n = 42;

      g_assert_true (g_file_set_contents (file, bad_files[i].contents, -1, NULL));
      g_assert_false (em_store_import_labels (store, file, &n, &error));
      g_assert_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, file));
      g_assert_nonnull (strstr (error->message, bad_files[i].where));
      g_assert_cmpuint (n, ==, 0);
      g_clear_error (&error);

      /* nothing applied, nothing recorded */
      g_assert_cmpuint (total_labels (store), ==, 360);
      g_assert_cmpint (store_test_query_int (path, "SELECT count(*) FROM label_events"), ==, n_events);
    }

  /* a missing file is an I/O error */
  {
    g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);
    g_assert_false (em_store_import_labels (store, missing, NULL, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  }
}

static gboolean
entries_equal (GPtrArray *a,
               GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const EmLabelEntry *x = g_ptr_array_index (a, i);
      const EmLabelEntry *y = g_ptr_array_index (b, i);

      if (g_strcmp0 (x->path, y->path) != 0 || x->chunk_idx != y->chunk_idx || x->label != y->label)
        return FALSE;
    }

  return TRUE;
}

static void
test_export_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *dev = store_test_dev_file ("labels.json");
  g_autoptr(GPtrArray) original = NULL;
  const char *odd[] = {
    "/home/ana/Émissions de radio/épisode 1 – « l’été », partie 2.mp3",
    "/srv/audio/with \"quotes\", commas.ogg",
    "/srv/audio/line\nbreak.flac",
    "/srv/audio/ leading space - and-dashes.mp3",
  };
  const guint odd_idx[] = { 0, 3, 12, 1 };
  const char *formats[] = { "export.json", "export.csv", "EXPORT.CSV" };

  em_store_import_labels (store, dev, NULL, &error);
  g_assert_no_error (error);
  em_store_set_labels (store, odd, odd_idx, G_N_ELEMENTS (odd), EM_LABEL_BOTH, EM_LABEL_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  em_store_set_label (store, odd[0], 7, EM_LABEL_MUSIC, EM_LABEL_SOURCE_CLUSTER, &error);
  g_assert_no_error (error);

  original = em_store_list_labels (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (original->len, ==, 365);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *file = g_build_filename (f->dir, formats[i], NULL);
      g_autofree char *other_db = g_strdup_printf ("%s/copy-%u.db", f->dir, i);
      g_autoptr(EmStore) copy = NULL;
      g_autoptr(GPtrArray) copied = NULL;
      guint n = 0;

      em_store_export_labels (store, file, &error);
      g_assert_no_error (error);

      copy = em_store_open (other_db, &error);
      g_assert_no_error (error);
      em_store_import_labels (copy, file, &n, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, 365);
      copied = em_store_list_labels (copy, &error);
      g_assert_no_error (error);
      g_assert_true (entries_equal (original, copied));
    }

  /* an unknown extension is refused before anything is written */
  {
    g_autofree char *file = g_build_filename (f->dir, "export.txt", NULL);
    g_assert_false (em_store_export_labels (store, file, &error));
    g_assert_error (error, EM_STORE_ERROR, EM_STORE_ERROR_INVALID);
    g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  }
}

/* Durability -------------------------------------------------------------- */

static void
test_durability_sigkill (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *writer = g_test_build_filename (G_TEST_BUILT, "label-writer", NULL);
  g_autofree char *path = db_path (f);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(EmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint target = (guint)g_test_rand_int_range (200, 400);
  gint64 n_acked = -1;
  char *line;

  /* the writer opens (and creates) the database itself */
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, writer, path, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));

  while ((line = g_data_input_stream_read_line (out, NULL, NULL, &error)) != NULL)
    {
      g_assert_true (g_str_has_prefix (line, "ok "));
      n_acked = g_ascii_strtoll (line + 3, NULL, 10);
      g_free (line);
      if (n_acked + 1 >= target)
        break;
    }
  g_assert_no_error (error);
  g_assert_cmpint (n_acked + 1, ==, target);

  /* kill it at a random moment, probably in the middle of a write */
  g_usleep ((gulong)g_test_rand_int_range (0, 20000));
  g_subprocess_send_signal (proc, SIGKILL);

  /* acks already in the pipe count too */
  while ((line = g_data_input_stream_read_line (out, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, "ok "))
        n_acked = g_ascii_strtoll (line + 3, NULL, 10);
      g_free (line);
    }
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);
  g_test_message ("%" G_GINT64_FORMAT " labels acknowledged before SIGKILL", n_acked + 1);

  store = em_store_open (path, &error);
  g_assert_no_error (error);
  em_store_check_integrity (store, &error);
  g_assert_no_error (error);

  for (gint64 i = 0; i <= n_acked; i++)
    {
      g_autofree char *track = g_strdup_printf ("/durability/track-%05" G_GINT64_FORMAT ".mp3", i / 3);

      g_assert_cmpint (em_store_get_label (store, track, (guint)(i % 3)), ==, (EmLabel)(1 + i % 3));
    }
  g_assert_cmpuint (total_labels (store), >=, (guint)(n_acked + 1));
  g_assert_cmpuint (total_labels (store), <=, (guint)(n_acked + 2));
}

/* Threads ----------------------------------------------------------------- */

typedef struct
{
  EmStore *store;
  guint    n_tracks;
} WriterData;

static gpointer
scanner_thread (gpointer user_data)
{
  WriterData *w = user_data;

  for (guint i = 0; i < w->n_tracks; i++)
    {
      g_autofree char *track = g_strdup_printf ("/threads/t%04u.mp3", i);
      save_track (w->store, track, 3, i);
    }

  return NULL;
}

static void
test_threads (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  WriterData w = { store, 150 };
  GThread *thread = g_thread_new ("scanner", scanner_thread, &w);
  guint last_ok = 0;
  EmStoreCounts counts;

  /* the UI thread reads and labels while the scanner writes */
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *track = g_strdup_printf ("/threads/t%04u.mp3", i);

      counts = get_counts (store);
      g_assert_cmpuint (counts.chunks, ==, counts.tracks_ok * 3);
      g_assert_cmpuint (counts.tracks_ok, >=, last_ok);
      last_ok = counts.tracks_ok;
      em_store_set_label (store, track, 1, EM_LABEL_DIALOGUE, EM_LABEL_SOURCE_MANUAL, &error);
      g_assert_no_error (error);
    }
  g_thread_join (thread);

  counts = get_counts (store);
  g_assert_cmpuint (counts.tracks_ok, ==, 150);
  g_assert_cmpuint (counts.labelled_chunks[EM_LABEL_DIALOGUE], ==, 150);
  em_store_check_integrity (store, &error);
  g_assert_no_error (error);
}

/* Two connections to one file, as the app and earmark-cli: each sees the
 * other's committed writes, and undo history is shared. */
static void
test_two_connections (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(EmStore) app = open_store (f);
  g_autoptr(EmStore) cli = open_store (f);
  g_autoptr(GError) error = NULL;
  gboolean did = FALSE;

  save_track (cli, "/two/a.mp3", 2, 0.0);
  g_assert_cmpuint (get_counts (app).tracks_ok, ==, 1);

  em_store_set_label (app, "/two/a.mp3", 1, EM_LABEL_BOTH, EM_LABEL_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (em_store_get_label (cli, "/two/a.mp3", 1), ==, EM_LABEL_BOTH);

  g_assert_true (em_store_undo (cli, &did, &error));
  g_assert_true (did);
  g_assert_cmpint (em_store_get_label (app, "/two/a.mp3", 1), ==, EM_LABEL_NONE);
}

static void
add (const char *name,
     gconstpointer data,
     void (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/earmark/core/store/%s", name);

  g_test_add (path, Fixture, data, store_test_dir_setup, func, store_test_dir_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add ("open-migrate", NULL, test_open_migrate);
  add ("open-too-new", NULL, test_open_too_new);
  add ("open-not-a-database", NULL, test_open_not_a_database);
  add ("save-track-replaces", NULL, test_save_track_replaces);
  add ("error-tracks", NULL, test_error_tracks);
  add ("mark-vanished", NULL, test_mark_vanished);
  add ("feature-order", NULL, test_feature_order);
  add ("labels-set-get", NULL, test_labels_set_get);
  add ("labels-undo-redo", NULL, test_labels_undo_redo);
  add ("import-dev-json", "labels.json", test_import_dev);
  add ("import-dev-csv", "labels.csv", test_import_dev);
  add ("import-malformed", NULL, test_import_malformed);
  add ("export-round-trip", NULL, test_export_round_trip);
  add ("durability-sigkill", NULL, test_durability_sigkill);
  add ("threads", NULL, test_threads);
  add ("two-connections", NULL, test_two_connections);

  return g_test_run ();
}
