/* em-tag-page-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Tag page's exports: per-class playlists, CSV and JSON written on a
 * worker thread by em_tag_results_export_async() — the very files
 * `earmark-cli export` writes — and a toast that opens the folder.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-tag-page-private.h"

void
_em_tag_page_open_folder_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  g_autoptr(GFile) folder = g_file_new_for_path (g_variant_get_string (parameter, NULL));
  g_autofree char *uri = g_file_get_uri (folder);
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

typedef struct
{
  EmTagPage *self;
  char      *folder;
} ExportCall;

static void
export_call_free (ExportCall *call)
{
  g_object_unref (call->self);
  g_free (call->folder);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportCall, export_call_free)

static void
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ExportCall) call = user_data;
  g_autoptr(GError) error = NULL;
  EmTagPage *self = call->self;
  AdwToast *toast;

  em_tag_results_export_finish (result, &error);
  if (self->export_job != NULL)
    em_job_finish (self->export_job);
  if (self->disposed)
    return;
  g_clear_object (&self->export_job);
  _em_tag_page_update_actions (self);

  if (error != NULL)
    {
      _em_tag_page_show_toast (self, error->message);
      return;
    }

  toast = adw_toast_new (_("Exported the predictions"));
  adw_toast_set_button_label (toast, _("Open Folder"));
  adw_toast_set_action_name (toast, "tag.open-folder");
  adw_toast_set_action_target_value (toast, g_variant_new_string (call->folder));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
export_to (EmTagPage  *self,
           ExportKind  kind,
           const char *target)
{
  EmTagExportOptions options = { NULL, FALSE, NULL, NULL };
  ExportCall *call;

  if (self->results == NULL || self->export_job != NULL)
    return;

  if (kind == EXPORT_PLAYLISTS)
    options.playlists = target;
  else if (kind == EXPORT_CSV)
    options.csv = target;
  else
    options.json = target;

  call = g_new0 (ExportCall, 1);
  call->self = g_object_ref (self);
  call->folder = kind == EXPORT_PLAYLISTS ? g_strdup (target) : g_path_get_dirname (target);
  self->export_job = em_job_new (_("Exporting predictions"));
  em_page_emit_job (EM_PAGE (self), self->export_job);
  _em_tag_page_update_actions (self);
  em_tag_results_export_async (self->results, &options, self->export_job, on_exported_cb, call);
}

static void
on_export_chosen_cb (GtkNativeDialog *dialog,
                     int              response,
                     EmTagPage       *self)
{
  ExportKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "em-export-kind"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        export_to (self, kind, path);
    }
  g_object_unref (dialog);
}

static void
choose_export_target (EmTagPage  *self,
                      ExportKind  kind)
{
  static const char *names[] = { NULL, "predictions.csv", "predictions.json" };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (kind == EXPORT_PLAYLISTS ? _("Export Playlists Into Folder")
                                                                  : _("Export Predictions"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        kind == EXPORT_PLAYLISTS ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                                 : GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  if (names[kind] != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), names[kind]);
  g_object_set_data (G_OBJECT (dialog), "em-export-kind", GUINT_TO_POINTER (kind));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* tag.export-*: an optional target ("ms"); without one, a file chooser asks. */
void
_em_tag_page_export_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  EmTagPage *self = EM_TAG_PAGE (widget);
  g_autoptr(GVariant) target = parameter ? g_variant_get_maybe (parameter) : NULL;
  ExportKind kind = g_str_equal (action_name, "tag.export-playlists") ? EXPORT_PLAYLISTS
                  : g_str_equal (action_name, "tag.export-csv") ? EXPORT_CSV : EXPORT_JSON;

  if (target != NULL)
    export_to (self, kind, g_variant_get_string (target, NULL));
  else
    choose_export_target (self, kind);
}

