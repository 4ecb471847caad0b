/* em-scan-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows of the Scan view: the files a scan could not read, with their
 * errors, and the files the library knew that are no longer on disk.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "em-library.h"
#include "em-scan-report.h"

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
}

/* Messages from libearmark start with the quoted path, which the row's
 * title and tooltip already show. */
static const char *
message_without_path (const EmScanError *error)
{
  g_autofree char *display = g_filename_display_name (error->path);
  g_autofree char *prefix = g_strdup_printf ("“%s”: ", display);

  if (g_str_has_prefix (error->message, prefix))
    return error->message + strlen (prefix);

  return error->message;
}

static GtkWidget *
create_error_row (const EmScanError *error)
{
  g_autofree char *base = g_path_get_basename (error->path);
  g_autofree char *title = g_markup_escape_text (base, -1);
  g_autofree char *subtitle = g_markup_escape_text (message_without_path (error), -1);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, error->path);

  return row;
}

static GtkWidget *
create_vanished_row (const EmTrackInfo *track)
{
  g_autofree char *base = g_path_get_basename (track->path);
  g_autofree char *title = g_markup_escape_text (base, -1);
  /* Translators: chunks of a file that is no longer on disk, and how many carry a label */
  g_autofree char *subtitle = g_strdup_printf (_("%u chunks, %u labelled: kept until the file is back"),
                                               track->n_chunks, track->n_labelled);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, track->path);

  return row;
}

/**
 * em_scan_report_fill_errors:
 * @list: the list to fill
 * @errors: (nullable) (element-type EmScanError): a scan's failures
 *
 * Returns: whether there is any error to show
 */
gboolean
em_scan_report_fill_errors (GtkListBox *list,
                            GPtrArray  *errors)
{
  clear_list (list);

  for (guint i = 0; errors != NULL && i < errors->len; i++)
    gtk_list_box_append (list, create_error_row (g_ptr_array_index (errors, i)));

  return errors != NULL && errors->len > 0;
}

/**
 * em_scan_report_fill_vanished:
 * @list: the list to fill
 * @store: the library's store
 * @n_vanished: how many tracks the store has as vanished (the list is
 *   only read when there are some)
 * @any: (out): whether a row was added
 * @error: where a failure to read the store goes
 *
 * Lists up to %EM_SCAN_REPORT_MAX_VANISHED_ROWS files that are gone.
 */
gboolean
em_scan_report_fill_vanished (GtkListBox  *list,
                              EmStore     *store,
                              guint        n_vanished,
                              gboolean    *any,
                              GError     **error)
{
  g_autoptr(GPtrArray) tracks = NULL;
  guint n_rows = 0;

  clear_list (list);
  *any = FALSE;
  if (n_vanished == 0)
    return TRUE;
  if (!(tracks = em_store_list_tracks (store, error)))
    return FALSE;

  for (guint i = 0; i < tracks->len && n_rows < EM_SCAN_REPORT_MAX_VANISHED_ROWS; i++)
    {
      const EmTrackInfo *track = g_ptr_array_index (tracks, i);

      if (g_strcmp0 (track->status, "vanished") != 0)
        continue;
      gtk_list_box_append (list, create_vanished_row (track));
      n_rows++;
    }

  *any = n_rows > 0;
  return TRUE;
}
