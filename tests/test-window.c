/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window in-process: opening the demo folder scans it with progress
 * and shows the summary; cancelling keeps finished files and a rescan
 * completes the library; the jobs button lists the running jobs; recent
 * folders, dropped folders, the preferences, the shortcuts window, the
 * 360-pixel layout and a library whose files vanished.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "em-job-row.h"
#include "em-label-queue.h"
#include "em-preferences-window.h"
#include "em-recent-folders.h"
#include "em-window.h"

static char *
demo_folder (void)
{
  return g_build_filename (g_getenv ("EARMARK_SOURCE_ROOT"), "data", "demo", NULL);
}

static void
drain_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The first widget under @root of @type (and named @name, if given). */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (root), name) == 0))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, name);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;

  return n;
}

static gboolean
lists_job (GListModel *jobs,
           EmJob      *job)
{
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(EmJob) item = g_list_model_get_item (jobs, i);
      if (item == job)
        return TRUE;
    }

  return FALSE;
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
  g_autoptr(EmJob) job = NULL;
  gboolean seen_progress = FALSE;
  EmStoreCounts counts;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (em_window_get_page (window), ==, "empty");

  em_window_open_folder (window, folder);
  g_assert_cmpstr (em_window_get_page (window), ==, "scanning");
  g_assert_nonnull (em_window_get_scan_job (window));
  job = g_object_ref (em_window_get_scan_job (window));
  g_signal_connect (job, "notify::fraction", G_CALLBACK (on_fraction_cb), &seen_progress);
  wait_for_scan (window);
  /* A notification may still be pending: it must not write into this
   * frame once the test has returned. */
  g_signal_handlers_disconnect_by_data (job, &seen_progress);

  g_assert_true (seen_progress);
  /* No file failed, so the window shows the chunks at once. */
  g_assert_cmpstr (em_window_get_page (window), ==, "library");
  counts = library_counts (window);
  g_assert_cmpuint (counts.tracks_ok, ==, 30);
  g_assert_cmpuint (counts.chunks, ==, 30);
  g_assert_cmpuint (counts.tracks_error, ==, 0);

  /* A page's queue goes to the Label page, which is shown. */
  {
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) em_label_queue_item_free);
    g_autofree char *first = g_build_filename (demo, "clip-0007.mp3", NULL);
    g_autofree char *second = g_build_filename (demo, "clip-0003.mp3", NULL);
    EmLabelQueueItem a = { first, 0, 0.0, 10.0, 1 };
    EmLabelQueueItem b = { second, 0, 0.0, 10.0, 1 };
    EmLabelPage *label_page = em_window_get_label_page (window);

    g_ptr_array_add (items, em_label_queue_item_copy (&a));
    g_ptr_array_add (items, em_label_queue_item_copy (&b));
    em_page_emit_queue (em_window_get_page_widget (window, "explore"), items, "Cluster 3");
    g_assert_cmpstr (em_window_get_page (window), ==, "label");
    g_assert_cmpuint (em_label_page_get_queue_length (label_page), ==, 2);
    g_assert_cmpstr (em_label_page_get_current_path (label_page), ==, first);
    g_assert_nonnull (strstr (em_label_page_get_queue_title (label_page), "Cluster 3"));
    /* Back to the library's unlabelled chunks for the checks below. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (label_page), "label.source", "s", "order"));
  }

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
  /* The shown view has the focus, so its keys work at once. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (em_window_get_label_page (window))));
  em_window_set_view (window, "train");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (em_window_get_page_widget (window, "train"))));

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

/* The scan is listed by the jobs button with its title; the row's cancel
 * button cancels it and the finished job leaves the list.  A page's job
 * is listed too, until it is finished. */
static void
test_window_jobs (void)
{
  g_autofree char *demo = demo_folder ();
  g_autoptr(GFile) folder = g_file_new_for_path (demo);
  g_autofree char *db = em_library_dup_path_for_folder (demo);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autoptr(EmJob) page_job = em_job_new ("Clustering");
  g_autoptr(EmJob) scan_job = NULL;
  EmWindow *window;
  GListModel *jobs;
  GtkWidget *row;

  g_unlink (db);
  g_unlink (wal);
  window = em_window_new (NULL);
  jobs = em_jobs_button_get_jobs (em_window_get_jobs_button (window));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (em_window_get_jobs_button (window))));

  em_window_open_folder (window, folder);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 1);
  {
    g_autoptr(EmJob) job = g_list_model_get_item (jobs, 0);
    g_assert_true (job == em_window_get_scan_job (window));
    g_assert_cmpstr (em_job_get_title (job), ==, "Scanning demo");
  }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (em_window_get_jobs_button (window))));

  /* A page's job joins the list. */
  em_page_emit_job (em_window_get_page_widget (window, "explore"), page_job);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 2);

  /* The popover has a row per job; the scan's cancel button cancels it. */
  row = find_widget (GTK_WIDGET (em_jobs_button_get_popover (em_window_get_jobs_button (window))),
                     EM_TYPE_JOB_ROW, NULL);
  g_assert_nonnull (row);
  scan_job = g_object_ref (em_window_get_scan_job (window));
  g_assert_true (em_job_row_get_job (EM_JOB_ROW (row)) == scan_job);
  g_assert_true (gtk_widget_activate_action (row, "job.cancel", NULL));
  g_assert_true (em_job_is_cancelled (scan_job));
  g_assert_false (gtk_widget_get_sensitive (find_widget (row, GTK_TYPE_BUTTON, NULL)));
  wait_for_scan (window);
  g_assert_cmpstr (em_window_get_page (window), ==, "summary");
  /* The finished scan left; the page's job stays until it is finished
   * (the pages may have started jobs of their own on the new library). */
  g_assert_false (lists_job (jobs, scan_job));
  g_assert_true (lists_job (jobs, page_job));
  em_job_finish (page_job);
  g_assert_false (lists_job (jobs, page_job));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Opening folders puts them first in "recent-folders", once each; the
 * empty state lists them and forgets the folders that are gone. */
static void
test_window_recent_folders (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *demo = demo_folder ();
  g_autofree char *other = g_dir_make_tmp ("earmark-recent-XXXXXX", NULL);
  g_autofree char *gone = g_build_filename (other, "gone", NULL);
  const char *initial[] = { gone, NULL };
  g_auto(GStrv) recent = NULL;
  EmWindow *window;
  GtkWidget *list;

  g_assert_no_errno (g_mkdir (gone, 0700));
  g_settings_set_strv (settings, "recent-folders", initial);
  g_assert_no_errno (g_rmdir (gone));

  window = em_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  list = find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, "recent-list");
  g_assert_nonnull (list);
  /* The vanished folder is pruned on show. */
  g_assert_cmpuint (count_rows (list), ==, 0);
  recent = g_settings_get_strv (settings, "recent-folders");
  g_assert_cmpuint (g_strv_length (recent), ==, 0);
  g_clear_pointer (&recent, g_strfreev);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", demo));
  wait_for_scan (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", other));
  wait_for_scan (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", demo));
  wait_for_scan (window);

  recent = g_settings_get_strv (settings, "recent-folders");
  g_assert_cmpuint (g_strv_length (recent), ==, 2);
  g_assert_cmpstr (recent[0], ==, demo);
  g_assert_cmpstr (recent[1], ==, other);
  {
    g_autofree char *last = g_settings_get_string (settings, "last-folder");
    g_assert_cmpstr (last, ==, demo);
  }
  g_assert_cmpuint (count_rows (list), ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));

  /* At most eight. */
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *path = g_strdup_printf ("/tmp/folder-%u", i);
      em_recent_folders_add (settings, path);
    }
  g_clear_pointer (&recent, g_strfreev);
  recent = g_settings_get_strv (settings, "recent-folders");
  g_assert_cmpuint (g_strv_length (recent), ==, EM_RECENT_FOLDERS_MAX);
  g_assert_cmpstr (recent[0], ==, "/tmp/folder-11");
  g_settings_reset (settings, "recent-folders");
  g_rmdir (other);
}

static gboolean
drop_files (EmWindow *window,
            GFile    *file)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_auto(GValue) value = G_VALUE_INIT;
  GSList files = { file, NULL };
  gboolean handled = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, &files);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "window-drop") == 0)
        {
          g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &handled);
          return handled;
        }
    }

  g_assert_not_reached ();
}

/* A folder dropped on the window is opened; a file is refused. */
static void
test_window_drop_folder (void)
{
  g_autofree char *demo = demo_folder ();
  g_autofree char *clip_path = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (demo);
  g_autoptr(GFile) clip = NULL;
  g_autoptr(GDir) dir = g_dir_open (demo, 0, NULL);
  const char *name;
  EmWindow *window = em_window_new (NULL);

  while ((name = g_dir_read_name (dir)) != NULL && clip_path == NULL)
    if (g_str_has_suffix (name, ".mp3"))
      clip_path = g_build_filename (demo, name, NULL);
  clip = g_file_new_for_path (clip_path);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (drop_files (window, clip));
  g_assert_cmpstr (em_window_get_page (window), ==, "empty");
  g_assert_null (em_window_get_library (window));

  g_assert_true (drop_files (window, folder));
  g_assert_cmpstr (em_window_get_page (window), ==, "scanning");
  wait_for_scan (window);
  g_assert_nonnull (em_window_get_library (window));
  g_assert_cmpuint (library_counts (window).tracks_ok, ==, 30);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The preferences' controls write their GSettings keys. */
static void
test_window_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  EmWindow *window = em_window_new (NULL);
  GtkWidget *prefs = em_preferences_window_new (GTK_WINDOW (window));
  GtkWidget *chunk, *rate, *auto_play;

  gtk_window_present (GTK_WINDOW (prefs));
  chunk = find_widget (prefs, GTK_TYPE_SPIN_BUTTON, "chunk-seconds");
  rate = find_widget (prefs, GTK_TYPE_SPIN_BUTTON, "playback-rate");
  auto_play = find_widget (prefs, GTK_TYPE_SWITCH, "auto-play");
  g_assert_nonnull (chunk);
  g_assert_nonnull (rate);
  g_assert_nonnull (auto_play);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (chunk)), ==, 10.0);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (chunk), 15.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "chunk-seconds"), ==, 15.0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (rate), 1.5);
  g_assert_cmpfloat (g_settings_get_double (settings, "playback-rate"), ==, 1.5);
  gtk_switch_set_active (GTK_SWITCH (auto_play), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "auto-play"));
  /* The range of the spin is the row's: 5–30 s. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (chunk), 90.0);
  g_assert_cmpfloat (g_settings_get_double (settings, "chunk-seconds"), ==, 30.0);

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "chunk-seconds");
  g_settings_reset (settings, "playback-rate");
  g_settings_reset (settings, "auto-play");
}

static void
collect_accels (GtkWidget *root,
                GString   *accels)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (root))
    {
      g_autofree char *accel = NULL;

      g_object_get (root, "accelerator", &accel, NULL);
      g_string_append_printf (accels, "[%s]", accel);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_accels (child, accels);
}

/* The shortcuts window GtkApplication loads for Ctrl+? lists the keys. */
static void
test_window_shortcuts (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");
  g_autoptr(GString) accels = g_string_new (NULL);
  const char *expected[] = { "[<Control>o]", "[<Control>q]", "[<Control>comma]", "[<Control>question]",
                             "[Escape]", "[<Alt>1]", "[<Alt>6]", "[m 1]", "[d 2]", "[b 3]", "[s]",
                             "[Left]", "[Right]", "[r]", "[space]", "[<Control>z]", "[<Control><Shift>z]" };

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  collect_accels (GTK_WIDGET (overlay), accels);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (accels->str, expected[i]) == NULL)
      g_error ("%s is missing from the shortcuts window: %s", expected[i], accels->str);
  gtk_window_destroy (GTK_WINDOW (overlay));
}

static int
content_min_width (EmWindow *window)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  int minimum = 0;

  drain_main_loop ();
  gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);

  return minimum;
}

/* The window's own states and views fit a phone-sized window, with the
 * view switcher at the bottom; so must every page. */
static void
test_window_narrow (void)
{
  g_autofree char *demo = demo_folder ();
  g_autoptr(GFile) folder = g_file_new_for_path (demo);
  const char *pages[] = { "library", "label", "explore", "train", "tag" };
  g_autoptr(GString) too_wide = g_string_new (NULL);
  EmWindow *window = em_window_new (NULL);
  GtkWidget *bar;

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpint (content_min_width (window), <=, 360);
  em_window_open_folder (window, folder);
  g_assert_cmpint (content_min_width (window), <=, 360);
  wait_for_scan (window);
  em_window_set_view (window, "summary");
  g_assert_cmpint (content_min_width (window), <=, 360);

  /* Let the header bar allocate its title: too narrow for the switcher. */
  for (guint i = 0; i < 10; i++)
    {
      g_usleep (20000);
      drain_main_loop ();
    }
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  bar = find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR, NULL);
  g_assert_nonnull (bar);
  g_assert_true (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)));

  /* The pages belong to their own files: name every one that is too wide. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      int minimum;

      em_window_set_view (window, pages[i]);
      minimum = content_min_width (window);
      if (minimum > 360)
        g_string_append_printf (too_wide, " %s (%d px)", pages[i], minimum);
    }
  g_assert_cmpstr (too_wide->str, ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) dest = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Files deleted after a scan show in the Scan view on the next one, and
 * their chunks stay in the store. */
static void
test_window_vanished_files (void)
{
  g_autofree char *demo = demo_folder ();
  g_autofree char *tmp = g_dir_make_tmp ("earmark-vanished-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (tmp);
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (demo, 0, NULL);
  const char *name;
  EmWindow *window = em_window_new (NULL);
  GtkWidget *list;
  EmStoreCounts counts;

  while ((name = g_dir_read_name (dir)) != NULL && copies->len < 3)
    if (g_str_has_suffix (name, ".mp3"))
      {
        g_autofree char *from = g_build_filename (demo, name, NULL);
        char *to = g_build_filename (tmp, name, NULL);

        copy_file (from, to);
        g_ptr_array_add (copies, to);
      }

  gtk_window_present (GTK_WINDOW (window));
  em_window_open_folder (window, folder);
  wait_for_scan (window);
  g_assert_cmpstr (em_window_get_page (window), ==, "library");
  g_assert_cmpuint (library_counts (window).tracks_ok, ==, 3);

  g_assert_no_errno (g_unlink (copies->pdata[0]));
  g_assert_no_errno (g_unlink (copies->pdata[1]));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rescan", NULL));
  wait_for_scan (window);

  /* The Scan view comes first and names the files that are gone. */
  g_assert_cmpstr (em_window_get_page (window), ==, "summary");
  counts = library_counts (window);
  g_assert_cmpuint (counts.tracks_vanished, ==, 2);
  g_assert_cmpuint (counts.tracks_ok, ==, 1);
  list = find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, "vanished-list");
  g_assert_true (gtk_widget_get_visible (list));
  g_assert_cmpuint (count_rows (list), ==, 2);

  /* The pages still work on what is left. */
  em_window_set_view (window, "label");
  drain_main_loop ();
  g_assert_cmpuint (em_label_page_get_queue_length (em_window_get_label_page (window)), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (copies->pdata[2]);
  g_rmdir (tmp);
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
  g_test_add_func ("/earmark/ui/window/jobs", test_window_jobs);
  g_test_add_func ("/earmark/ui/window/recent-folders", test_window_recent_folders);
  g_test_add_func ("/earmark/ui/window/drop-folder", test_window_drop_folder);
  g_test_add_func ("/earmark/ui/window/preferences", test_window_preferences);
  g_test_add_func ("/earmark/ui/window/shortcuts", test_window_shortcuts);
  g_test_add_func ("/earmark/ui/window/narrow", test_window_narrow);
  g_test_add_func ("/earmark/ui/window/vanished-files", test_window_vanished_files);

  return g_test_run ();
}
