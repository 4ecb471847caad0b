/* em-explore-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Explore page's "explore." actions: run a clustering, choose the map
 * and colours, and act on the selection (a cluster picked in the table, a
 * branch of the dendrogram, or points drawn around on the map): play a
 * sample of it, label it as one undo step, send it to the Label queue,
 * export it as an M3U playlist; and export any plot as PNG or SVG.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "em-cluster-item.h"
#include "em-explore-page-private.h"
#include "em-label-queue.h"
#include "widgets/em-plot-export.h"

#define SAMPLE_SIZE 5

static guint *
selected_rows (EmExplorePage *self,
               guint         *n)
{
  GtkBitset *selection = em_scatter_plot_get_selection (self->scatter);
  GtkBitsetIter iter;
  guint row, i = 0;
  guint *rows;

  *n = selection != NULL ? (guint)gtk_bitset_get_size (selection) : 0;
  rows = g_new (guint, MAX (*n, 1));
  if (*n > 0 && gtk_bitset_iter_init_first (&iter, selection, &row))
    do
      rows[i++] = row;
    while (i < *n && gtk_bitset_iter_next (&iter, &row));

  return rows;
}

/* "cluster 3" or "the selection", for titles and toasts. */
static char *
dup_selection_name (EmExplorePage *self)
{
  if (self->selected_cluster >= 0)
    return g_strdup_printf (_("cluster %d"), self->selected_cluster + 1);
  if (self->selected_cluster == -1)
    return g_strdup (_("the noise"));
  return g_strdup (_("the selection"));
}

static void
update_selection_label (EmExplorePage *self)
{
  guint n = 0;
  g_autofree guint *rows = selected_rows (self, &n);
  g_autofree char *name = dup_selection_name (self);
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("Pick a cluster in the table, or drag around points on the map"));
  else
    text = g_strdup_printf (g_dngettext (NULL, "%u chunk in %s", "%u chunks in %s", n), n, name);
  gtk_label_set_text (self->selection_label, text);
}

void
_em_explore_page_update_actions (EmExplorePage *self)
{
  GtkBitset *selection = em_scatter_plot_get_selection (self->scatter);
  gboolean any = selection != NULL && !gtk_bitset_is_empty (selection);
  gboolean loaded = self->explorer != NULL && em_explorer_is_loaded (self->explorer);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "explore.play-sample", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "explore.label-selection", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "explore.queue-selection", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "explore.export-m3u", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "explore.run-clustering", loaded);
  update_selection_label (self);
}

static void
on_selection_changed_cb (EmExplorePage *self)
{
  /* A selection drawn on the map is no longer the table's cluster. */
  if (!self->selecting)
    {
      self->selected_cluster = -2;
      self->selecting = TRUE;
      gtk_single_selection_set_selected (self->cluster_selection, GTK_INVALID_LIST_POSITION);
      self->selecting = FALSE;
    }
  _em_explore_page_update_actions (self);
}

/**
 * _em_explore_page_select_rows:
 * @self: the page
 * @rows: the rows to select on the map
 * @cluster: the cluster they are (-1 noise), or -2 for any other set
 */
void
_em_explore_page_select_rows (EmExplorePage *self,
                              GtkBitset     *rows,
                              int            cluster)
{
  self->selecting = TRUE;
  self->selected_cluster = cluster;
  em_scatter_plot_set_selection (self->scatter, rows);
  if (cluster == -2)
    gtk_single_selection_set_selected (self->cluster_selection, GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;
  _em_explore_page_update_actions (self);
}

static EmLabelQueueItem *
queue_item (EmExplorePage *self,
            guint          row)
{
  EmLabelQueueItem *item = g_new0 (EmLabelQueueItem, 1);
  const char *path = em_explorer_get_path (self->explorer, row);
  gsize n = em_explorer_get_n_rows (self->explorer);
  gsize first = row, last = row;

  /* Rows are sorted by path: the track's chunks are the neighbours. */
  while (first > 0 && g_str_equal (em_explorer_get_path (self->explorer, first - 1), path))
    first--;
  while (last + 1 < n && g_str_equal (em_explorer_get_path (self->explorer, last + 1), path))
    last++;

  item->path = g_strdup (path);
  item->idx = em_explorer_get_chunk_idx (self->explorer, row);
  em_explorer_get_span (self->explorer, row, &item->start_s, &item->end_s);
  item->n_chunks = last - first + 1;

  return item;
}

static void
emit_queue (EmExplorePage *self,
            const guint   *rows,
            guint          n,
            const char    *title)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)em_label_queue_item_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, queue_item (self, rows[i]));
  em_page_emit_queue (EM_PAGE (self), items, title);
}

static void
play_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EmExplorePage *self = EM_EXPLORE_PAGE (widget);
  guint n = 0;
  g_autofree guint *rows = selected_rows (self, &n);
  g_autofree char *name = dup_selection_name (self);
  g_autofree char *title = NULL;
  guint k = MIN (n, SAMPLE_SIZE);

  if (n == 0)
    return;
  /* A partial Fisher–Yates shuffle: the first k rows are the sample. */
  for (guint i = 0; i < k; i++)
    {
      guint j = g_random_int_range (i, n);
      guint t = rows[i];

      rows[i] = rows[j];
      rows[j] = t;
    }
  title = g_strdup_printf (_("Sample of %s"), name);
  emit_queue (self, rows, k, title);
}

static void
queue_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EmExplorePage *self = EM_EXPLORE_PAGE (widget);
  guint n = 0;
  g_autofree guint *rows = selected_rows (self, &n);
  g_autofree char *name = dup_selection_name (self);
  g_autofree char *title = NULL;

  if (n == 0)
    return;
  title = g_strdup_printf (_("Chunks of %s"), name);
  title[0] = g_ascii_toupper (title[0]);
  emit_queue (self, rows, n, title);
}

void
_em_explore_page_label_selection (EmExplorePage *self,
                                  EmLabel        label)
{
  guint n = 0;
  g_autofree guint *rows = selected_rows (self, &n);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (n == 0 || label == EM_LABEL_NONE || label >= EM_N_LABELS)
    return;
  if (!em_explorer_label_rows (self->explorer, rows, n, label, EM_LABEL_SOURCE_CLUSTER, &error))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }

  message = g_strdup_printf (g_dngettext (NULL, "Labelled %u chunk as %s", "Labelled %u chunks as %s", n),
                             n, em_label_to_string (label));
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "explore.undo-label");
  adw_toast_overlay_add_toast (self->toasts, toast);

  _em_explore_page_recolor (self);
  _em_explore_page_update_clusters (self);
}

static void
label_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  _em_explore_page_label_selection (EM_EXPLORE_PAGE (widget), g_variant_get_int32 (parameter));
}

static void
on_label_selection_cb (EmExplorePage *self,
                       int            label)
{
  _em_explore_page_label_selection (self, label);
}

static void
undo_label_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EmExplorePage *self = EM_EXPLORE_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gboolean did = FALSE;

  if (self->library == NULL)
    return;
  if (!em_store_undo (em_library_get_store (self->library), &did, &error) ||
      !em_explorer_refresh_labels (self->explorer, &error))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  _em_explore_page_recolor (self);
  _em_explore_page_update_clusters (self);
}

/**
 * em_explore_page_export_selection:
 * @self: a page
 * @file: the playlist to write
 * @error: return location for a #GError
 *
 * Writes the selected chunks as an M3U playlist, in row order.
 *
 * Returns: %TRUE on success
 */
gboolean
em_explore_page_export_selection (EmExplorePage  *self,
                                  GFile          *file,
                                  GError        **error)
{
  guint n = 0;
  g_autofree guint *rows = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (EM_IS_EXPLORE_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  rows = selected_rows (self, &n);
  if (!(path = g_file_get_path (file)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Choose a local file for the playlist"));
      return FALSE;
    }

  return em_explorer_write_m3u (self->explorer, rows, n, path, error);
}

static void
on_m3u_chosen_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(EmExplorePage) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      name = g_file_get_parse_name (file);
      if (em_explore_page_export_selection (self, file, &error))
        message = g_strdup_printf (_("Playlist saved as “%s”"), name);
      else
        message = g_strdup (error->message);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
    }
  g_object_unref (dialog);
}

static void
export_m3u_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EmExplorePage *self = EM_EXPLORE_PAGE (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = dup_selection_name (self);
  g_autofree char *file_name = g_strdup_printf ("%s.m3u", name);

  g_strdelimit (file_name, " ", '-');
  dialog = gtk_file_chooser_native_new (_("Export the Selection as a Playlist"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), file_name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_m3u_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_plot_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EmExplorePage *self = EM_EXPLORE_PAGE (widget);
  const char *which = g_variant_get_string (parameter, NULL);
  GtkWidget *plot = GTK_WIDGET (self->scatter);
  const char *name = _("map");

  if (g_str_equal (which, "variance"))
    plot = GTK_WIDGET (self->variance_plot), name = _("variance");
  else if (g_str_equal (which, "dendrogram"))
    plot = GTK_WIDGET (self->dendrogram), name = _("dendrogram");
  else if (g_str_equal (which, "kdistance"))
    plot = GTK_WIDGET (self->kdistance_plot), name = _("k-distance");

  if (!gtk_widget_get_mapped (plot))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("That plot is not shown: choose its clustering method first")));
      return;
    }
  em_plot_export_run_dialog (plot, GTK_WINDOW (gtk_widget_get_root (widget)), name);
}

static void
run_clustering_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _em_explore_page_run_clustering (EM_EXPLORE_PAGE (widget));
}

static void
run_kmeans_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EmExplorePage *self = EM_EXPLORE_PAGE (widget);

  self->restoring = TRUE; /* one run with both settings */
  adw_combo_row_set_selected (self->method_row, EM_EXPLORE_METHOD_KMEANS);
  gtk_spin_button_set_value (self->k_spin, g_variant_get_uint32 (parameter));
  self->restoring = FALSE;
  _em_explore_page_run_clustering (self);
}

static void
run_dbscan_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EmExplorePage *self = EM_EXPLORE_PAGE (widget);
  double eps;
  guint32 min_samples;

  g_variant_get (parameter, "(du)", &eps, &min_samples);
  self->restoring = TRUE; /* the given eps, not the suggested one */
  adw_combo_row_set_selected (self->method_row, EM_EXPLORE_METHOD_DBSCAN);
  gtk_spin_button_set_value (self->min_samples_spin, min_samples);
  self->restoring = FALSE;
  gtk_spin_button_set_value (self->eps_spin, eps);
  _em_explore_page_run_clustering (self);
}

static void
run_hierarchical_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  EmExplorePage *self = EM_EXPLORE_PAGE (widget);
  EmLinkageMethod method;
  g_autoptr(GError) error = NULL;

  if (!em_linkage_method_from_string (g_variant_get_string (parameter, NULL), &method, &error))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  self->restoring = TRUE;
  adw_combo_row_set_selected (self->method_row, EM_EXPLORE_METHOD_HIERARCHICAL);
  adw_combo_row_set_selected (self->linkage_row, method);
  self->restoring = FALSE;
  _em_explore_page_run_clustering (self);
}

static void
select_cluster_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EmExplorePage *self = EM_EXPLORE_PAGE (widget);
  int cluster = g_variant_get_int32 (parameter);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->clusters));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EmClusterItem) item = g_list_model_get_item (G_LIST_MODEL (self->clusters), i);

      if (em_cluster_item_get_summary (item)->cluster == cluster)
        gtk_single_selection_set_selected (self->cluster_selection, i);
    }
}

static void
show_map_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  EmExplorePage *self = EM_EXPLORE_PAGE (widget);

  adw_combo_row_set_selected (self->map_row, g_str_equal (g_variant_get_string (parameter, NULL), "tsne"));
}

static void
color_by_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  static const char *modes[] = { "cluster", "label", "prediction", "confidence" };
  EmExplorePage *self = EM_EXPLORE_PAGE (widget);
  const char *mode = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_str_equal (mode, modes[i]))
      adw_combo_row_set_selected (self->color_row, i);
}

static void
reset_view_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  em_scatter_plot_reset_view (EM_EXPLORE_PAGE (widget)->scatter);
}

static void
on_point_activated_cb (EmExplorePage *self,
                       guint          row)
{
  double start, end;

  if (self->explorer == NULL || row >= em_explorer_get_n_rows (self->explorer))
    return;
  em_explorer_get_span (self->explorer, row, &start, &end);
  em_page_emit_play_chunk (EM_PAGE (self), em_explorer_get_path (self->explorer, row), start, end);
}

void
_em_explore_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "explore.run-clustering", NULL, run_clustering_action);
  gtk_widget_class_install_action (widget_class, "explore.run-kmeans", "u", run_kmeans_action);
  gtk_widget_class_install_action (widget_class, "explore.run-dbscan", "(du)", run_dbscan_action);
  gtk_widget_class_install_action (widget_class, "explore.run-hierarchical", "s", run_hierarchical_action);
  gtk_widget_class_install_action (widget_class, "explore.select-cluster", "i", select_cluster_action);
  gtk_widget_class_install_action (widget_class, "explore.show-map", "s", show_map_action);
  gtk_widget_class_install_action (widget_class, "explore.color-by", "s", color_by_action);
  gtk_widget_class_install_action (widget_class, "explore.reset-view", NULL, reset_view_action);
  gtk_widget_class_install_action (widget_class, "explore.play-sample", NULL, play_sample_action);
  gtk_widget_class_install_action (widget_class, "explore.label-selection", "i", label_selection_action);
  gtk_widget_class_install_action (widget_class, "explore.undo-label", NULL, undo_label_action);
  gtk_widget_class_install_action (widget_class, "explore.queue-selection", NULL, queue_selection_action);
  gtk_widget_class_install_action (widget_class, "explore.export-m3u", NULL, export_m3u_action);
  gtk_widget_class_install_action (widget_class, "explore.export-plot", "s", export_plot_action);

  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_point_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_label_selection_cb);
}
