/* test-scan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Library scans through earmark-cli: incremental rescans, label import
 * and export, and no loss when the scanner is interrupted or killed.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "em-store.h"
#include "em-test-util.h"

typedef struct
{
  char *tmp;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->tmp = g_dir_make_tmp ("earmark-scan-XXXXXX", NULL);
  fixture->db = g_build_filename (fixture->tmp, "library.db", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->tmp);
  g_free (fixture->tmp);
  g_free (fixture->db);
}

static char *
demo_folder (void)
{
  return g_build_filename (g_getenv ("EARMARK_SOURCE_ROOT"), "data", "demo", NULL);
}

static EmStoreCounts
read_counts (const char *db)
{
  g_autoptr(EmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  EmStoreCounts counts = { 0 };

  store = em_store_open (db, &error);
  g_assert_no_error (error);
  em_store_get_counts (store, &counts, &error);
  g_assert_no_error (error);

  return counts;
}

static void
test_scan_incremental (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *demo = demo_folder ();
  const char *args[] = { "scan", "--library", fixture->db, demo, NULL };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  EmStoreCounts counts;

  g_assert_cmpint (em_test_run_cli (args, &first, NULL), ==, 0);
  g_assert_nonnull (strstr (first, "30 audio files: 30 analysed (30 chunks), 0 unchanged, 0 failed"));
  counts = read_counts (fixture->db);
  g_assert_cmpuint (counts.tracks_ok, ==, 30);
  g_assert_cmpuint (counts.chunks, ==, 30);
  g_assert_cmpuint (counts.tracks_error, ==, 0);

  g_assert_cmpint (em_test_run_cli (args, &second, NULL), ==, 0);
  g_assert_nonnull (strstr (second, "30 audio files: 0 analysed (0 chunks), 30 unchanged"));
}

static void
test_scan_bad_files_recorded (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *bad = em_test_shared_path ("data", "bad", NULL);
  const char *args[] = { "scan", "--library", fixture->db, bad, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  EmStoreCounts counts;

  g_assert_cmpint (em_test_run_cli (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "zero-byte.mp3"));
  g_assert_nonnull (strstr (err, "random-bytes.mp3"));
  counts = read_counts (fixture->db);
  g_assert_cmpuint (counts.tracks_ok + counts.tracks_error, ==, 9);
  g_assert_cmpuint (counts.tracks_error, >=, 3);
}

static void
test_labels_import_export (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *demo = demo_folder ();
  g_autofree char *labels = g_build_filename (demo, "labels.csv", NULL);
  g_autofree char *exported = g_build_filename (fixture->tmp, "labels.json", NULL);
  const char *import[] = { "labels", "import", "--library", fixture->db, labels, NULL };
  const char *export[] = { "labels", "export", "--library", fixture->db, exported, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  EmStoreCounts counts;

  g_assert_cmpint (em_test_run_cli (import, &out, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Imported 30 labels\n");
  counts = read_counts (fixture->db);
  g_assert_cmpuint (counts.labels[EM_LABEL_MUSIC], ==, 10);
  g_assert_cmpuint (counts.labels[EM_LABEL_DIALOGUE], ==, 10);
  g_assert_cmpuint (counts.labels[EM_LABEL_BOTH], ==, 10);

  g_assert_cmpint (em_test_run_cli (export, NULL, NULL), ==, 0);
  json_parser_load_from_file (parser, exported, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 30);
}

static void
test_labels_import_is_all_or_nothing (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autofree char *labels = g_build_filename (fixture->tmp, "labels.csv", NULL);
  const char *import[] = { "labels", "import", "--library", fixture->db, labels, NULL };
  g_autofree char *err = NULL;
  EmStoreCounts counts;

  g_assert_true (g_file_set_contents (labels,
                                      "file,label\na.mp3,music\nb.mp3,dialogue\nc.mp3,jingle\n",
                                      -1, NULL));
  g_assert_cmpint (em_test_run_cli (import, NULL, &err), ==, 3);
  g_assert_nonnull (strstr (err, "line 4"));
  g_assert_nonnull (strstr (err, "jingle"));
  counts = read_counts (fixture->db);
  g_assert_cmpuint (counts.labels[EM_LABEL_MUSIC] + counts.labels[EM_LABEL_DIALOGUE], ==, 0);
}

/* A folder of links to the MP3s among the first @n dev clips, so that
 * interruptions land mid-scan; returns the folder and sets @n_links. */
static char *
make_clip_folder (const char *tmp,
                  guint       n,
                  guint      *n_links)
{
  g_autofree char *clips = em_test_shared_path ("data", "dev", "clips", NULL);
  char *folder = g_build_filename (tmp, "clips", NULL);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  *n_links = 0;
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *name = g_strdup_printf ("clip-%04u.mp3", i);
      g_autofree char *target = g_build_filename (clips, name, NULL);
      g_autofree char *link = g_build_filename (folder, name, NULL);

      if (g_file_test (target, G_FILE_TEST_EXISTS))
        {
          g_assert_cmpint (symlink (target, link), ==, 0);
          (*n_links)++;
        }
    }

  return folder;
}

/* Starts a one-thread scan and sends @signum once @min_tracks are saved. */
static int
interrupt_scan (const char *db,
                const char *folder,
                int         signum,
                guint       min_tracks)
{
  const char *argv[] = { g_getenv ("EARMARK_CLI"), "scan", "--threads", "1",
                         "--library", db, folder, NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);

  for (guint tries = 0; tries < 6000; tries++)
    {
      g_usleep (20 * G_TIME_SPAN_MILLISECOND);
      if (g_file_test (db, G_FILE_TEST_EXISTS) && read_counts (db).tracks_ok >= min_tracks)
        break;
    }
  g_subprocess_send_signal (proc, signum);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);

  return g_subprocess_get_status (proc);
}

static void
assert_rescan_completes (const char *db,
                         const char *folder,
                         guint       n_files)
{
  const char *args[] = { "scan", "--library", db, folder, NULL };
  g_autoptr(EmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected = g_strdup_printf ("%u audio files: ", n_files);

  store = em_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (em_store_check_integrity (store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (em_test_run_cli (args, &out, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, expected));
  /* Work saved before the interruption is not redone. */
  g_assert_null (strstr (out, " 0 unchanged"));
  g_assert_cmpuint (read_counts (db).tracks_ok, ==, n_files);
}

static void
test_scan_sigint_resumes (Fixture       *fixture,
                          gconstpointer  data)
{
  guint n_links;
  g_autofree char *folder = make_clip_folder (fixture->tmp, 120, &n_links);
  int status = interrupt_scan (fixture->db, folder, SIGINT, 3);

  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 130);
  assert_rescan_completes (fixture->db, folder, n_links);
}

static void
test_scan_sigkill_resumes (Fixture       *fixture,
                           gconstpointer  data)
{
  guint n_links;
  g_autofree char *folder = make_clip_folder (fixture->tmp, 120, &n_links);
  int status = interrupt_scan (fixture->db, folder, SIGKILL, 3);

  g_assert_true (WIFSIGNALED (status));
  assert_rescan_completes (fixture->db, folder, n_links);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/earmark/scan/incremental", Fixture, NULL, fixture_set_up, test_scan_incremental, fixture_tear_down);
  g_test_add ("/earmark/scan/bad-files", Fixture, NULL, fixture_set_up, test_scan_bad_files_recorded, fixture_tear_down);
  g_test_add ("/earmark/scan/labels/import-export", Fixture, NULL, fixture_set_up, test_labels_import_export, fixture_tear_down);
  g_test_add ("/earmark/scan/labels/all-or-nothing", Fixture, NULL, fixture_set_up, test_labels_import_is_all_or_nothing, fixture_tear_down);
  g_test_add ("/earmark/scan/sigint-resumes", Fixture, NULL, fixture_set_up, test_scan_sigint_resumes, fixture_tear_down);
  g_test_add ("/earmark/scan/sigkill-resumes", Fixture, NULL, fixture_set_up, test_scan_sigkill_resumes, fixture_tear_down);

  return g_test_run ();
}
