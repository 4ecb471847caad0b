/* em-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: an empty state with the recent libraries, the progress
 * of a running scan, the summary of the last one, and the views of the
 * open library.  Scanning is an EmLibrary job; this file only shows it.
 * Every running job (the scan and the pages' jobs) is listed by the
 * header bar's jobs button.  A folder dropped on the window is opened.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-jobs-button.h"
#include "em-player.h"
#include "em-recent-folders.h"
#include "em-scan-report.h"
#include "em-window.h"

struct _EmWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GFile                *folder;
  EmLibrary            *library;
  EmJob                *scan_job;
  EmPlayer             *player;   /* plays what the Library page asks for */
  GMenu                *recent_menu;
  gboolean              recent_in_menu;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *view_stack;
  EmLibraryPage        *library_page;
  EmLabelPage          *label_page;
  EmPage               *explore_page;
  EmPage               *train_page;
  EmPage               *tag_page;
  AdwStatusPage        *scan_page;
  AdwStatusPage        *summary_page;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkLabel             *current_file_label;
  GtkLabel             *errors_heading;
  GtkListBox           *errors_list;
  GtkLabel             *vanished_heading;
  GtkListBox           *vanished_list;
  EmJobsButton         *jobs_button;
  GtkMenuButton        *menu_button;
  GMenu                *open_section;
  GtkWidget            *recent_box;
  GtkListBox           *recent_list;
};

G_DEFINE_FINAL_TYPE (EmWindow, em_window, ADW_TYPE_APPLICATION_WINDOW)

static void start_scan (EmWindow *self);

static void
show_toast (EmWindow   *self,
            const char *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
update_progress (EmWindow *self)
{
  g_autofree char *current = em_job_dup_message (self->scan_job);
  g_autofree char *counts = NULL;
  guint64 done = 0, total = 0;
  double eta = em_job_get_eta_seconds (self->scan_job);

  em_job_get_counts (self->scan_job, &done, &total);
  gtk_progress_bar_set_fraction (self->progress_bar, em_job_get_fraction (self->scan_job));

  if (total == 0)
    counts = g_strdup (_("Looking for audio files…"));
  else if (eta >= 0 && done > 0)
    /* Translators: files done, files in all, files per second, seconds left */
    counts = g_strdup_printf (_("%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " files · %.1f files/s · %.0f s left"),
                              done, total, em_job_get_rate (self->scan_job), eta);
  else
    counts = g_strdup_printf (_("%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " files"), done, total);

  gtk_label_set_label (self->progress_label, counts);
  if (current != NULL)
    {
      g_autofree char *base = g_path_get_basename (current);
      gtk_label_set_label (self->current_file_label, base);
    }
}

static void
on_scan_progress_cb (EmJob      *job,
                     GParamSpec *pspec,
                     EmWindow   *self)
{
  if (job == self->scan_job)
    update_progress (self);
}

static void
show_errors (EmWindow  *self,
             GPtrArray *errors)
{
  gboolean any = em_scan_report_fill_errors (self->errors_list, errors);

  gtk_widget_set_visible (GTK_WIDGET (self->errors_list), any);
  gtk_widget_set_visible (GTK_WIDGET (self->errors_heading), any);
}

/* Files the library knew that the last scan did not find. */
static void
show_vanished (EmWindow *self,
               guint     n_vanished)
{
  g_autoptr(GError) error = NULL;
  gboolean any = FALSE;

  if (!em_scan_report_fill_vanished (self->vanished_list, em_library_get_store (self->library),
                                     n_vanished, &any, &error))
    show_toast (self, error->message);

  gtk_widget_set_visible (GTK_WIDGET (self->vanished_list), any);
  gtk_widget_set_visible (GTK_WIDGET (self->vanished_heading), any);
}

static void
show_summary (EmWindow            *self,
              const EmScanSummary *summary,
              const char          *note)
{
  g_autofree char *name = g_file_get_basename (self->folder);
  g_autofree char *description = NULL;
  EmStoreCounts counts = { 0 };

  em_store_get_counts (em_library_get_store (self->library), &counts, NULL);
  if (counts.tracks_vanished > 0)
    /* Translators: tracks, chunks, files with errors and files gone from the disk */
    description = g_strdup_printf (_("%u tracks · %u chunks · %u errors · %u no longer on disk"),
                                   counts.tracks_ok, counts.chunks, counts.tracks_error,
                                   counts.tracks_vanished);
  else
    /* Translators: tracks, chunks and files with errors in the library */
    description = g_strdup_printf (_("%u tracks · %u chunks · %u errors"),
                                   counts.tracks_ok, counts.chunks, counts.tracks_error);
  if (note != NULL)
    {
      char *with_note = g_strdup_printf ("%s\n%s", description, note);
      g_free (description);
      description = with_note;
    }

  adw_status_page_set_title (self->summary_page, name);
  adw_status_page_set_description (self->summary_page, description);
  show_errors (self, summary ? summary->errors : NULL);
  show_vanished (self, counts.tracks_vanished);
  gtk_stack_set_visible_child_name (self->stack, "browse");
  adw_view_stack_set_visible_child_name (self->view_stack, "summary");
}

/* The pages read the library when a scan has brought it up to date. */
static void
show_library (EmWindow *self)
{
  if (em_library_page_get_library (self->library_page) == self->library)
    em_library_page_reload (self->library_page);
  else
    em_library_page_set_library (self->library_page, self->library);
  em_label_page_set_library (self->label_page, self->library);
  em_page_set_library (self->explore_page, self->library);
  em_page_set_library (self->train_page, self->library);
  em_page_set_library (self->tag_page, self->library);
}

static void
scan_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EmWindow) self = user_data;
  g_autoptr(EmScanSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *toast = NULL;

  summary = em_library_scan_finish (EM_LIBRARY (object), result, &error);
  em_job_finish (self->scan_job);
  g_clear_object (&self->scan_job);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-scan", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rescan", TRUE);

  show_library (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      show_summary (self, NULL, _("The scan was cancelled. Scan again to finish it: finished files are kept."));
      show_toast (self, _("Scan cancelled"));
      return;
    }

  if (error != NULL)
    {
      show_summary (self, NULL, error->message);
      show_toast (self, _("The scan failed"));
      return;
    }

  show_summary (self, summary, NULL);
  /* A clean scan goes straight to the chunks; failures and files gone
   * from the disk are shown first. */
  if (summary->n_failed == 0 && summary->n_vanished == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "library");
  if (summary->n_vanished > 0)
    /* Translators: files found, files decoded, files that failed, files no longer on disk */
    toast = g_strdup_printf (_("Scanned %u files: %u new or changed, %u errors, %u no longer on disk"),
                             summary->n_files, summary->n_scanned, summary->n_failed, summary->n_vanished);
  else
    toast = g_strdup_printf (_("Scanned %u files: %u new or changed, %u errors"),
                             summary->n_files, summary->n_scanned, summary->n_failed);
  show_toast (self, toast);
}

static void
start_scan (EmWindow *self)
{
  g_autofree char *path = g_file_get_path (self->folder);
  g_autofree char *name = g_file_get_basename (self->folder);
  g_autofree char *title = g_strdup_printf (_("Scanning %s"), name);
  const char *folders[] = { path, NULL };

  g_return_if_fail (self->scan_job == NULL);

  self->scan_job = em_job_new (title);
  g_signal_connect_object (self->scan_job, "notify::fraction",
                           G_CALLBACK (on_scan_progress_cb), self, 0);
  em_jobs_button_add_job (self->jobs_button, self->scan_job);
  adw_status_page_set_title (self->scan_page, title);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_label (self->current_file_label, "");
  update_progress (self);
  gtk_stack_set_visible_child_name (self->stack, "scanning");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-scan", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rescan", FALSE);

  em_library_scan_async (self->library, folders,
                         g_settings_get_double (self->settings, "chunk-seconds"),
                         self->scan_job, scan_done_cb, g_object_ref (self));
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
}

/* Rebuilds the empty state's list and the main menu's "Open Recent"
 * submenu from "recent-folders", forgetting folders that are gone. */
static void
refresh_recent (EmWindow *self)
{
  g_auto(GStrv) recent = em_recent_folders_dup_existing (self->settings);
  guint n = g_strv_length (recent);

  clear_list (self->recent_list);
  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GMenuItem) item = em_recent_folders_create_item (recent[i]);

      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (recent[i]));
      g_menu_append_item (self->recent_menu, item);
      gtk_list_box_append (self->recent_list, em_recent_folders_create_row (recent[i]));
    }
  gtk_widget_set_visible (self->recent_box, n > 0);

  /* An empty submenu would still show: add or remove the item. */
  if (n > 0 && !self->recent_in_menu)
    g_menu_insert_submenu (self->open_section, 1, _("Open _Recent"), G_MENU_MODEL (self->recent_menu));
  else if (n == 0 && self->recent_in_menu)
    g_menu_remove (self->open_section, 1);
  self->recent_in_menu = n > 0;
}

/**
 * em_window_open_folder:
 * @self: a #EmWindow
 * @folder: a local folder
 *
 * Opens the folder's library (creating it on first use) and scans it.
 */
void
em_window_open_folder (EmWindow *self,
                       GFile    *folder)
{
  g_autofree char *path = g_file_get_path (folder);
  g_autofree char *db_path = NULL;
  g_autoptr(EmLibrary) library = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (EM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));

  if (self->scan_job != NULL)
    {
      show_toast (self, _("Wait for the current scan to finish, or cancel it"));
      return;
    }

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *uri = g_file_get_parse_name (folder);
      g_autofree char *message = g_strdup_printf (_("%s is not a local folder"), uri);
      show_toast (self, message);
      return;
    }

  db_path = em_library_dup_path_for_folder (path);
  if (!(library = em_library_open (db_path, &error)))
    {
      show_toast (self, error->message);
      return;
    }

  g_set_object (&self->folder, folder);
  g_set_object (&self->library, library);
  g_settings_set_string (self->settings, "last-folder", path);
  em_recent_folders_add (self->settings, path);
  refresh_recent (self);
  start_scan (self);
}

static void
folder_chosen_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  EmWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      em_window_open_folder (self, folder);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open Folder"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (folder_chosen_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  EmWindow *self = EM_WINDOW (widget);
  const char *path = g_variant_get_string (param, NULL);
  g_autoptr(GFile) folder = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *display = em_recent_folders_dup_display_path (path);
      g_autofree char *message = g_strdup_printf (_("“%s” no longer exists"), display);

      show_toast (self, message);
      refresh_recent (self);
      return;
    }

  folder = g_file_new_for_path (path);
  em_window_open_folder (self, folder);
}

/* Opens the first folder dropped; files are named in a toast. */
static gboolean
open_dropped (EmWindow     *self,
              const GSList *files)
{
  for (const GSList *l = files; l != NULL; l = l->next)
    if (g_file_query_file_type (l->data, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
      {
        em_window_open_folder (self, l->data);
        return TRUE;
      }

  if (files != NULL)
    {
      g_autofree char *name = g_file_get_basename (files->data);
      g_autofree char *display = g_filename_display_name (name);
      g_autofree char *message = g_strdup_printf (_("“%s” is not a folder: drop a folder of audio files"), display);

      show_toast (self, message);
    }

  return FALSE;
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            EmWindow      *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return open_dropped (self, g_value_get_boxed (value));

  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      GSList one = { g_value_get_object (value), NULL };
      return open_dropped (self, &one);
    }

  return FALSE;
}

static void
setup_drop_target (EmWindow *self)
{
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);

  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (target), "window-drop");
  g_signal_connect (target, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

static void
cancel_scan_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  EmWindow *self = EM_WINDOW (widget);

  if (self->scan_job != NULL)
    em_job_cancel (self->scan_job);
}

static void
rescan_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  EmWindow *self = EM_WINDOW (widget);

  if (self->library != NULL && self->scan_job == NULL)
    start_scan (self);
}

static void
on_page_toast_cb (GtkWidget  *page,
                  const char *message,
                  EmWindow   *self)
{
  show_toast (self, message);
}

static void
on_player_error_cb (EmPlayer     *player,
                    const GError *error,
                    EmWindow     *self)
{
  show_toast (self, error->message);
}

static void
on_play_chunk_cb (GtkWidget     *page,
                  const char    *path,
                  double         start_s,
                  double         end_s,
                  EmWindow      *self)
{
  if (self->player == NULL)
    {
      self->player = em_player_new (NULL);
      g_signal_connect_object (self->player, "error", G_CALLBACK (on_player_error_cb), self, 0);
    }
  em_player_set_file (self->player, path);
  em_player_play_span (self->player, start_s, end_s);
}

static void
on_page_job_cb (EmPage   *page,
                EmJob    *job,
                EmWindow *self)
{
  em_jobs_button_add_job (self->jobs_button, job);
}

/* A page's clips (a cluster, a confusion-matrix cell…) go to the Label
 * page, which is shown. */
static void
on_page_queue_cb (EmPage     *page,
                  GPtrArray  *items,
                  const char *title,
                  EmWindow   *self)
{
  if (items == NULL || items->len == 0)
    return;

  em_label_page_set_queue (self->label_page, items, title);
  em_window_set_view (self, "label");
}

static void
connect_page (EmWindow *self,
              EmPage   *page)
{
  g_signal_connect (page, "toast", G_CALLBACK (on_page_toast_cb), self);
  g_signal_connect (page, "play-chunk", G_CALLBACK (on_play_chunk_cb), self);
  g_signal_connect (page, "job", G_CALLBACK (on_page_job_cb), self);
  g_signal_connect (page, "queue", G_CALLBACK (on_page_queue_cb), self);
}

/* A page's keys (M/D/B on the Label page, Ctrl+Return on the Train page)
 * work only with the focus inside it, so a newly shown view takes it. */
static void
focus_view (EmWindow  *self,
            GtkWidget *view)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (view != NULL && (focus == NULL || !gtk_widget_is_ancestor (focus, view)))
    gtk_widget_child_focus (view, GTK_DIR_TAB_FORWARD);
}

/* Labels given on the Label page show in the list when it comes back. */
static void
on_view_changed_cb (AdwViewStack *view_stack,
                    GParamSpec   *pspec,
                    EmWindow     *self)
{
  const char *name = adw_view_stack_get_visible_child_name (view_stack);

  if (g_strcmp0 (name, "label") != 0 && self->player != NULL)
    em_player_pause (self->player);
  if (g_strcmp0 (name, "library") == 0 && self->library != NULL &&
      em_library_page_get_library (self->library_page) == self->library)
    em_library_page_reload (self->library_page);
  focus_view (self, adw_view_stack_get_visible_child (view_stack));
}

/* The view switcher only means something once a library is shown. */
static void
on_stack_changed_cb (GtkStack   *stack,
                     GParamSpec *pspec,
                     EmWindow   *self)
{
  const char *name = gtk_stack_get_visible_child_name (stack);

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, g_strcmp0 (name, "browse") == 0);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  em_window_set_view (EM_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
em_window_dispose (GObject *object)
{
  EmWindow *self = (EmWindow *)object;

  if (self->scan_job != NULL)
    em_job_cancel (self->scan_job);

  /* A page's async work may end after the window is gone. */
  if (self->explore_page != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->explore_page, self);
      g_signal_handlers_disconnect_by_data (self->train_page, self);
      g_signal_handlers_disconnect_by_data (self->tag_page, self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), EM_TYPE_WINDOW);

  G_OBJECT_CLASS (em_window_parent_class)->dispose (object);
}

static void
em_window_finalize (GObject *object)
{
  EmWindow *self = (EmWindow *)object;

  g_clear_object (&self->scan_job);
  g_clear_object (&self->player);
  g_clear_object (&self->library);
  g_clear_object (&self->folder);
  g_clear_object (&self->settings);
  g_clear_object (&self->recent_menu);

  G_OBJECT_CLASS (em_window_parent_class)->finalize (object);
}

static void
em_window_class_init (EmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = em_window_dispose;
  object_class->finalize = em_window_finalize;

  g_type_ensure (EM_TYPE_LIBRARY_PAGE);
  g_type_ensure (EM_TYPE_LABEL_PAGE);
  g_type_ensure (EM_TYPE_EXPLORE_PAGE);
  g_type_ensure (EM_TYPE_TRAIN_PAGE);
  g_type_ensure (EM_TYPE_TAG_PAGE);
  g_type_ensure (EM_TYPE_JOBS_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/em-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, library_page);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, label_page);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, explore_page);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, train_page);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, tag_page);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, scan_page);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, summary_page);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, current_file_label);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, errors_heading);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, errors_list);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, vanished_heading);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, vanished_list);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, jobs_button);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, open_section);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, recent_box);
  gtk_widget_class_bind_template_child (widget_class, EmWindow, recent_list);

  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-scan", NULL, cancel_scan_action);
  gtk_widget_class_install_action (widget_class, "win.rescan", NULL, rescan_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
}

static void
em_window_init (EmWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->library_page, "toast", G_CALLBACK (on_page_toast_cb), self);
  g_signal_connect (self->label_page, "toast", G_CALLBACK (on_page_toast_cb), self);
  g_signal_connect (self->library_page, "play-chunk", G_CALLBACK (on_play_chunk_cb), self);
  connect_page (self, self->explore_page);
  connect_page (self, self->train_page);
  connect_page (self, self->tag_page);
  g_signal_connect (self->view_stack, "notify::visible-child-name", G_CALLBACK (on_view_changed_cb), self);
  g_signal_connect (self->stack, "notify::visible-child-name", G_CALLBACK (on_stack_changed_cb), self);
  on_stack_changed_cb (self->stack, NULL, self);

  setup_drop_target (self);

  self->settings = g_settings_new (APP_ID);
  self->recent_menu = g_menu_new ();
  refresh_recent (self);
  /* Folders deleted since are forgotten when the menu opens. */
  g_signal_connect_object (gtk_menu_button_get_popover (self->menu_button), "show",
                           G_CALLBACK (refresh_recent), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-scan", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rescan", FALSE);
}

EmWindow *
em_window_new (EmApplication *application)
{
  return g_object_new (EM_TYPE_WINDOW, "application", application, NULL);
}

EmLibrary *
em_window_get_library (EmWindow *self)
{
  g_return_val_if_fail (EM_IS_WINDOW (self), NULL);
  return self->library;
}

EmJob *
em_window_get_scan_job (EmWindow *self)
{
  g_return_val_if_fail (EM_IS_WINDOW (self), NULL);
  return self->scan_job;
}

/* "empty", "scanning", or the visible view once a library is open:
 * "library", "label" or "summary". */
const char *
em_window_get_page (EmWindow *self)
{
  const char *page;

  g_return_val_if_fail (EM_IS_WINDOW (self), NULL);

  page = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (page, "browse") == 0)
    return adw_view_stack_get_visible_child_name (self->view_stack);

  return page;
}

/* Shows the Library, Label or Scan view of an open library. */
void
em_window_set_view (EmWindow   *self,
                    const char *name)
{
  g_return_if_fail (EM_IS_WINDOW (self));

  if (self->library != NULL && self->scan_job == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "browse");
      adw_view_stack_set_visible_child_name (self->view_stack, name);
    }
}

/**
 * em_window_get_jobs_button:
 *
 * Returns: (transfer none): the header bar's list of running jobs
 */
EmJobsButton *
em_window_get_jobs_button (EmWindow *self)
{
  g_return_val_if_fail (EM_IS_WINDOW (self), NULL);
  return self->jobs_button;
}

EmLibraryPage *
em_window_get_library_page (EmWindow *self)
{
  g_return_val_if_fail (EM_IS_WINDOW (self), NULL);
  return self->library_page;
}

EmLabelPage *
em_window_get_label_page (EmWindow *self)
{
  g_return_val_if_fail (EM_IS_WINDOW (self), NULL);
  return self->label_page;
}

/* The Explore, Train or Tag page, by view name. */
EmPage *
em_window_get_page_widget (EmWindow   *self,
                           const char *name)
{
  g_return_val_if_fail (EM_IS_WINDOW (self), NULL);

  if (g_strcmp0 (name, "explore") == 0)
    return self->explore_page;
  if (g_strcmp0 (name, "train") == 0)
    return self->train_page;
  if (g_strcmp0 (name, "tag") == 0)
    return self->tag_page;
  return NULL;
}
