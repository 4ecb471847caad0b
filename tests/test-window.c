/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window in-process: opening the demo folder scans it with progress
 * and shows the summary; cancelling keeps finished files and a rescan
 * completes the library.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "em-window.h"

static char *
demo_folder (void)
{
  return g_build_filename (g_getenv ("EARMARK_SOURCE_ROOT"), "data", "demo", NULL);
}

static void
wait_for_scan (EmWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 240 * G_USEC_PER_SEC;

  while (em_window_get_scan_job (window) != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_null (em_window_get_scan_job (window));
}

static EmStoreCounts
library_counts (EmWindow *window)
{
  EmStoreCounts counts = { 0 };
  g_autoptr(GError) error = NULL;

  em_store_get_counts (em_library_get_store (em_window_get_library (window)), &counts, &error);
  g_assert_no_error (error);

  return counts;
}

static void
on_fraction_cb (EmJob      *job,
                GParamSpec *pspec,
                gboolean   *seen_progress)
{
  if (em_job_get_fraction (job) > 0.0)
    *seen_progress = TRUE;
}

static void
test_window_scans_demo (void)
{
  g_autofree char *demo = demo_folder ();
  g_autoptr(GFile) folder = g_file_new_for_path (demo);
  EmWindow *window = em_window_new (NULL);
  gboolean seen_progress = FALSE;
  EmStoreCounts counts;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (em_window_get_page (window), ==, "empty");

  em_window_open_folder (window, folder);
  g_assert_cmpstr (em_window_get_page (window), ==, "scanning");
  g_assert_nonnull (em_window_get_scan_job (window));
  g_signal_connect (em_window_get_scan_job (window), "notify::fraction",
                    G_CALLBACK (on_fraction_cb), &seen_progress);
  wait_for_scan (window);

  g_assert_true (seen_progress);
  /* No file failed, so the window shows the chunks at once. */
  g_assert_cmpstr (em_window_get_page (window), ==, "library");
  counts = library_counts (window);
  g_assert_cmpuint (counts.tracks_ok, ==, 30);
  g_assert_cmpuint (counts.chunks, ==, 30);
  g_assert_cmpuint (counts.tracks_error, ==, 0);

  /* The Library and Label views now hold the scanned library. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "summary"));
  g_assert_cmpstr (em_window_get_page (window), ==, "summary");
  em_window_set_view (window, "library");
  g_assert_cmpstr (em_window_get_page (window), ==, "library");
  while (em_library_page_is_loading (em_window_get_library_page (window)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (em_library_page_get_model (em_window_get_library_page (window)))), ==, 30);
  em_window_set_view (window, "label");
  g_assert_cmpstr (em_window_get_page (window), ==, "label");
  g_assert_cmpuint (em_label_page_get_queue_length (em_window_get_label_page (window)), ==, 30);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_cancel_then_rescan (void)
{
  g_autofree char *demo = demo_folder ();
  g_autoptr(GFile) folder = g_file_new_for_path (demo);
  g_autofree char *db = em_library_dup_path_for_folder (demo);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  EmWindow *window;

  /* Start from an empty library even though the other test scanned it. */
  g_unlink (db);
  g_unlink (wal);
  window = em_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  em_window_open_folder (window, folder);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-scan", NULL));
  wait_for_scan (window);
  g_assert_cmpstr (em_window_get_page (window), ==, "summary");
  g_assert_cmpuint (library_counts (window).tracks_ok, <, 30);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rescan", NULL));
  g_assert_cmpstr (em_window_get_page (window), ==, "scanning");
  wait_for_scan (window);
  g_assert_cmpuint (library_counts (window).tracks_ok, ==, 30);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("earmark-window-XXXXXX", NULL);

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system's XDG_DATA_DIRS
   * (the MIME database) to load its SVG icons. Only the libraries go to a
   * fresh folder. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/earmark/ui/window/scans-demo", test_window_scans_demo);
  g_test_add_func ("/earmark/ui/window/cancel-then-rescan", test_window_cancel_then_rescan);

  return g_test_run ();
}
