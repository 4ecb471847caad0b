/* em-explore-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Explore page: the library's chunks as a map (PCA or t-SNE) coloured
 * by cluster, label, prediction or confidence; the variance plot whose
 * cutoff sets how many principal components feed clustering and t-SNE;
 * k-means, DBSCAN (with its k-distance curve) or hierarchical clustering
 * (with its dendrogram and cut line); and the cluster table.  Every
 * computation is an EmExplorer job shown in the window's job list; its
 * results are cached in the store, and the page's settings are kept in
 * the store's meta table, so reopening the page shows the last picture at
 * once.  What a person does with a selection is in em-explore-actions.c.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-cluster-item.h"
#include "em-explore-page-private.h"
#include "em-features.h"
#include "widgets/em-plot-colors.h"

#define DENDROGRAM_LEAVES 30

static void page_iface_init (EmPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EmExplorePage, em_explore_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (EM_TYPE_PAGE, page_iface_init))

/* One running job and the page waiting for it (kept alive until the
 * callback, which ignores results of jobs superseded meanwhile). */
typedef struct
{
  EmExplorePage *page;
  EmJob         *job;
} Call;

static Call *
start_job (EmExplorePage  *self,
           EmJob         **slot,
           const char     *title)
{
  Call *call = g_new0 (Call, 1);

  if (*slot != NULL)
    em_job_cancel (*slot);
  g_clear_object (slot);
  *slot = em_job_new (title);
  em_page_emit_job (EM_PAGE (self), *slot);
  self->n_busy++;

  call->page = g_object_ref (self);
  call->job = g_object_ref (*slot);
  return call;
}

/* Returns whether the result is still wanted: its job is the current one
 * and @source is still the page's explorer. */
static gboolean
end_job (Call    *call,
         EmJob   *current,
         GObject *source,
         GError  *error)
{
  gboolean wanted = call->job == current && error == NULL &&
                    source == G_OBJECT (call->page->explorer);

  em_job_finish (call->job);
  call->page->n_busy--;
  if (error != NULL && call->job == current && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_toast_overlay_add_toast (call->page->toasts, adw_toast_new (error->message));

  return wanted;
}

static void
call_free (Call *call)
{
  g_object_unref (call->page);
  g_object_unref (call->job);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

/* --- Map -------------------------------------------------------------- */

static void
show_points (EmExplorePage *self)
{
  gsize n = em_explorer_get_n_rows (self->explorer), nc = 0;
  const double *scores = em_explorer_get_scores (self->explorer, &nc);
  const double *xy = adw_combo_row_get_selected (self->map_row) == 1 && self->tsne != NULL ? self->tsne : NULL;
  g_autofree float *points = g_new (float, 2 * MAX (n, 1));

  if (scores == NULL)
    return;
  for (gsize r = 0; r < n; r++)
    {
      points[2 * r] = xy != NULL ? xy[2 * r] : scores[r * nc];
      points[2 * r + 1] = xy != NULL ? xy[2 * r + 1] : (nc > 1 ? scores[r * nc + 1] : 0);
    }
  em_scatter_plot_set_points (self->scatter, points, n);
  _em_explore_page_recolor (self);
  em_scatter_plot_reset_view (self->scatter);
}

static void
tsne_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  EmExplorePage *self = call->page;
  g_autoptr(GError) error = NULL;
  double *tsne = em_explorer_tsne_finish (EM_EXPLORER (source), result, &error);

  if (!end_job (call, self->map_job, source, error))
    {
      g_free (tsne);
      return;
    }
  g_free (self->tsne);
  self->tsne = tsne;
  show_points (self);
}

void
_em_explore_page_run_map (EmExplorePage *self)
{
  double perplexity;
  Call *call;

  g_clear_pointer (&self->tsne, g_free);
  if (adw_combo_row_get_selected (self->map_row) != 1)
    {
      show_points (self);
      return;
    }
  /* Perplexity 30, as usual, unless the library is too small for it. */
  perplexity = MIN (30.0, MAX (2.0, (em_explorer_get_n_rows (self->explorer) - 1) / 3.0));
  call = start_job (self, &self->map_job, _("t-SNE map"));
  em_explorer_tsne_async (self->explorer, perplexity, 0, self->map_job, tsne_done_cb, call);
}

/* --- Clusters --------------------------------------------------------- */

void
_em_explore_page_update_clusters (EmExplorePage *self)
{
  g_autofree EmClusterSummary *summaries = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = 0;

  if (self->assignments != NULL)
    summaries = em_explorer_summarize (self->explorer, self->assignments, self->silhouette, &n);
  for (guint i = 0; i < n; i++)
    {
      GdkRGBA color;

      em_plot_colors_for_cluster (summaries[i].cluster < 0 ? EM_PLOT_NO_CLUSTER : (guint)summaries[i].cluster,
                                  _em_explore_page_is_dark (), &color);
      g_ptr_array_add (items, em_cluster_item_new (&summaries[i], &color));
    }

  self->selecting = TRUE;
  g_list_store_splice (self->clusters, 0, g_list_model_get_n_items (G_LIST_MODEL (self->clusters)),
                       items->pdata, items->len);
  self->selecting = FALSE;
}

static void
silhouette_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  EmExplorePage *self = call->page;
  g_autoptr(GError) error = NULL;
  double *values = em_explorer_silhouette_finish (EM_EXPLORER (source), result, &error);

  if (!end_job (call, self->silhouette_job, source, error))
    {
      g_free (values);
      return;
    }
  g_free (self->silhouette);
  self->silhouette = values;
  _em_explore_page_update_clusters (self);
}

static gboolean
run_silhouette (gpointer user_data)
{
  EmExplorePage *self = user_data;
  Call *call;

  self->silhouette_source = 0;
  /* The silhouette needs two clusters and a row outside each. */
  if (self->assignments == NULL || self->n_clusters < 2 ||
      self->n_clusters >= em_explorer_get_n_rows (self->explorer))
    return G_SOURCE_REMOVE;

  call = start_job (self, &self->silhouette_job, _("Silhouette"));
  em_explorer_silhouette_async (self->explorer, self->assignments, self->silhouette_job,
                                silhouette_done_cb, call);
  return G_SOURCE_REMOVE;
}

/* Takes @assignments.  The silhouette follows after a pause, so dragging
 * the dendrogram's cut line does not start a job per step. */
static void
set_assignments (EmExplorePage *self,
                 gint32        *assignments,
                 guint          n_clusters,
                 guint          silhouette_delay_ms)
{
  g_free (self->assignments);
  self->assignments = assignments;
  self->n_clusters = n_clusters;
  g_clear_pointer (&self->silhouette, g_free);
  if (self->silhouette_job != NULL)
    em_job_cancel (self->silhouette_job);

  _em_explore_page_update_clusters (self);
  _em_explore_page_recolor (self);

  g_clear_handle_id (&self->silhouette_source, g_source_remove);
  self->silhouette_source = g_timeout_add (silhouette_delay_ms, run_silhouette, self);
}

static void
clusters_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  EmExplorePage *self = call->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(EmExplorerClusters) clusters = em_explorer_clusters_finish (EM_EXPLORER (source), result, &error);

  if (!end_job (call, self->cluster_job, source, error))
    return;
  if (clusters->n_clusters == 0)
    adw_toast_overlay_add_toast (self->toasts,
                                 adw_toast_new (_("DBSCAN found only noise: raise the radius or lower the minimum neighbours")));
  gtk_widget_set_visible (GTK_WIDGET (self->dendrogram), FALSE);
  set_assignments (self, g_steal_pointer (&clusters->labels), clusters->n_clusters, 0);
}

static void
take_dendrogram_cut (EmExplorePage *self)
{
  guint n = 0;
  const guint *cut = em_dendrogram_view_get_assignments (self->dendrogram, &n);
  gint32 *assignments;

  if (cut == NULL || n != em_explorer_get_n_rows (self->explorer))
    return;
  assignments = g_new (gint32, n);
  for (guint r = 0; r < n; r++)
    assignments[r] = (gint32)cut[r];
  set_assignments (self, assignments, em_dendrogram_view_get_n_clusters (self->dendrogram), 400);
}

static void
linkage_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  EmExplorePage *self = call->page;
  g_autoptr(GError) error = NULL;
  g_autofree double *z = em_explorer_linkage_finish (EM_EXPLORER (source), result, &error);
  gsize n = em_explorer_get_n_rows (self->explorer);

  if (!end_job (call, self->cluster_job, source, error))
    return;

  self->restoring = TRUE;
  em_dendrogram_view_set_linkage (self->dendrogram, z, n, DENDROGRAM_LEAVES);
  em_dendrogram_view_set_n_clusters (self->dendrogram, gtk_spin_button_get_value_as_int (self->k_spin));
  self->restoring = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->dendrogram), TRUE);
  take_dendrogram_cut (self);
}

static void
on_dendrogram_n_clusters_cb (EmExplorePage *self)
{
  if (self->restoring || !gtk_widget_get_visible (GTK_WIDGET (self->dendrogram)))
    return;
  self->restoring = TRUE;
  gtk_spin_button_set_value (self->k_spin, em_dendrogram_view_get_n_clusters (self->dendrogram));
  self->restoring = FALSE;
  _em_explore_page_save_settings (self);
  take_dendrogram_cut (self);
}

static void
on_branch_activated_cb (EmExplorePage *self,
                        GtkBitset     *leaves)
{
  _em_explore_page_select_rows (self, leaves, -2);
}

void
_em_explore_page_run_clustering (EmExplorePage *self)
{
  EmExploreMethod method = adw_combo_row_get_selected (self->method_row);
  Call *call;

  if (self->explorer == NULL || em_explorer_get_scores (self->explorer, &(gsize){ 0 }) == NULL)
    return;
  _em_explore_page_save_settings (self);
  call = start_job (self, &self->cluster_job, _("Clustering"));
  switch (method)
    {
    case EM_EXPLORE_METHOD_DBSCAN:
      em_explorer_dbscan_async (self->explorer, gtk_spin_button_get_value (self->eps_spin),
                                gtk_spin_button_get_value_as_int (self->min_samples_spin),
                                self->cluster_job, clusters_done_cb, call);
      break;
    case EM_EXPLORE_METHOD_HIERARCHICAL:
      em_explorer_linkage_async (self->explorer, adw_combo_row_get_selected (self->linkage_row),
                                 self->cluster_job, linkage_done_cb, call);
      break;
    case EM_EXPLORE_METHOD_KMEANS:
    default:
      em_explorer_kmeans_async (self->explorer, gtk_spin_button_get_value_as_int (self->k_spin), 0,
                                self->cluster_job, clusters_done_cb, call);
      break;
    }
}

static void
kdistances_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  EmExplorePage *self = call->page;
  g_autoptr(GError) error = NULL;
  double suggested = 0;
  g_autofree double *sorted = em_explorer_k_distances_finish (EM_EXPLORER (source), result, &suggested, &error);
  g_autofree char *text = NULL;

  if (!end_job (call, self->kdistance_job, source, error))
    return;

  em_kdistance_plot_set_distances (self->kdistance_plot, sorted, em_explorer_get_n_rows (self->explorer), suggested);
  text = g_strdup_printf (_("Each chunk’s distance to its k-th nearest neighbour (k = %d), sorted. The knee suggests a radius of %.3f; drag the line to choose another."),
                          gtk_spin_button_get_value_as_int (self->min_samples_spin), suggested);
  gtk_label_set_text (self->kdistance_label, text);
  if (!self->restoring)
    gtk_spin_button_set_value (self->eps_spin, suggested);
  if (self->cluster_after_kdistances)
    _em_explore_page_run_clustering (self);
  self->cluster_after_kdistances = FALSE;
}

void
_em_explore_page_run_kdistances (EmExplorePage *self)
{
  Call *call;

  if (self->explorer == NULL || em_explorer_get_scores (self->explorer, &(gsize){ 0 }) == NULL)
    return;
  call = start_job (self, &self->kdistance_job, _("k-distance curve"));
  em_explorer_k_distances_async (self->explorer, gtk_spin_button_get_value_as_int (self->min_samples_spin),
                                 self->kdistance_job, kdistances_done_cb, call);
}

/* --- Controls --------------------------------------------------------- */

static void
update_method_rows (EmExplorePage *self)
{
  EmExploreMethod method = adw_combo_row_get_selected (self->method_row);

  gtk_widget_set_visible (GTK_WIDGET (self->k_row), method != EM_EXPLORE_METHOD_DBSCAN);
  gtk_widget_set_visible (GTK_WIDGET (self->linkage_row), method == EM_EXPLORE_METHOD_HIERARCHICAL);
  gtk_widget_set_visible (GTK_WIDGET (self->eps_row), method == EM_EXPLORE_METHOD_DBSCAN);
  gtk_widget_set_visible (GTK_WIDGET (self->min_samples_row), method == EM_EXPLORE_METHOD_DBSCAN);
  gtk_widget_set_visible (self->kdistance_box, method == EM_EXPLORE_METHOD_DBSCAN);
}

/* A new method or linkage shows its clusters at once; DBSCAN first
 * measures its k-distance curve for a radius to start from. */
static void
on_method_changed_cb (EmExplorePage *self)
{
  update_method_rows (self);
  if (self->restoring || self->explorer == NULL || !em_explorer_is_loaded (self->explorer))
    return;
  if (adw_combo_row_get_selected (self->method_row) == EM_EXPLORE_METHOD_DBSCAN)
    {
      self->cluster_after_kdistances = TRUE;
      _em_explore_page_run_kdistances (self);
    }
  else
    _em_explore_page_run_clustering (self);
}

static void
on_min_samples_changed_cb (EmExplorePage *self)
{
  if (self->restoring || adw_combo_row_get_selected (self->method_row) != EM_EXPLORE_METHOD_DBSCAN)
    return;
  self->cluster_after_kdistances = TRUE;
  _em_explore_page_run_kdistances (self);
}

static void
on_k_changed_cb (EmExplorePage *self)
{
  /* Hierarchical: the spin button moves the cut line, no new job. */
  if (!self->restoring && gtk_widget_get_visible (GTK_WIDGET (self->dendrogram)) &&
      adw_combo_row_get_selected (self->method_row) == EM_EXPLORE_METHOD_HIERARCHICAL)
    em_dendrogram_view_set_n_clusters (self->dendrogram, gtk_spin_button_get_value_as_int (self->k_spin));
}

static void
on_map_changed_cb (EmExplorePage *self)
{
  if (self->restoring || self->explorer == NULL)
    return;
  _em_explore_page_save_settings (self);
  _em_explore_page_run_map (self);
}

static void
on_color_changed_cb (EmExplorePage *self)
{
  if (self->restoring || self->explorer == NULL)
    return;
  _em_explore_page_save_settings (self);
  _em_explore_page_recolor (self);
}

static void
update_variance_label (EmExplorePage *self)
{
  g_autofree char *text = NULL;
  guint n = em_variance_plot_get_n_components (self->variance_plot);

  text = g_strdup_printf (g_dngettext (NULL, "%u component explains %.0f %% of the variance; it feeds the clustering and the t-SNE map. Drag the line to change the cutoff.",
                                       "%u components explain %.0f %% of the variance; they feed the clustering and the t-SNE map. Drag the line to change the cutoff.", n),
                          n, 100 * em_variance_plot_get_explained (self->variance_plot));
  gtk_label_set_text (self->variance_label, text);
}

static gboolean
rerun_after_components (gpointer user_data)
{
  EmExplorePage *self = user_data;

  self->components_source = 0;
  _em_explore_page_save_settings (self);
  if (adw_combo_row_get_selected (self->map_row) == 1)
    _em_explore_page_run_map (self);
  _em_explore_page_run_clustering (self);
  if (adw_combo_row_get_selected (self->method_row) == EM_EXPLORE_METHOD_DBSCAN)
    _em_explore_page_run_kdistances (self);

  return G_SOURCE_REMOVE;
}

static void
on_components_changed_cb (EmExplorePage *self)
{
  guint n = em_variance_plot_get_n_components (self->variance_plot);

  update_variance_label (self);
  if (self->explorer == NULL || n == 0 || n == em_explorer_get_n_components (self->explorer))
    return;
  em_explorer_set_n_components (self->explorer, n);
  if (self->restoring)
    return;
  g_clear_handle_id (&self->components_source, g_source_remove);
  self->components_source = g_timeout_add (500, rerun_after_components, self);
}

static void
on_cluster_selected_cb (EmExplorePage *self)
{
  EmClusterItem *item = gtk_single_selection_get_selected_item (self->cluster_selection);
  g_autoptr(GtkBitset) rows = gtk_bitset_new_empty ();
  gint32 cluster;
  gsize n;

  if (self->selecting || item == NULL || self->assignments == NULL)
    return;
  n = em_explorer_get_n_rows (self->explorer);
  cluster = em_cluster_item_get_summary (item)->cluster;
  for (gsize r = 0; r < n; r++)
    if (self->assignments[r] == cluster)
      gtk_bitset_add (rows, r);
  _em_explore_page_select_rows (self, rows, cluster);
}

/* --- Loading ---------------------------------------------------------- */

static void
show_status (EmExplorePage *self,
             const char    *title,
             const char    *description,
             const char    *button,
             const char    *action)
{
  adw_status_page_set_title (self->empty_status, title);
  adw_status_page_set_description (self->empty_status, description);
  gtk_button_set_label (self->empty_button, button);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->empty_button), action);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
show_explorer (EmExplorePage *self)
{
  gsize n = em_explorer_get_n_rows (self->explorer), nc = 0;
  const double *ratios = em_explorer_get_variance_ratios (self->explorer, &nc);
  g_autofree char *text = NULL;

  if (n == 0)
    {
      show_status (self, _("Scan First"),
                   _("No chunk of this library has been analysed yet. Scan its folder: every chunk’s features then appear here."),
                   _("_Scan Again"), "win.rescan");
      return;
    }
  if (ratios == NULL)
    {
      text = g_strdup_printf (g_dngettext (NULL, "The library has %zu analysed chunk; maps and clusters need at least %d. Add audio files to the folder and scan again.",
                                           "The library has %zu analysed chunks; maps and clusters need at least %d. Add audio files to the folder and scan again.", n),
                              n, EM_EXPLORER_MIN_ROWS);
      show_status (self, _("Too Few Chunks to Explore"), text, _("_Open a Folder…"), "win.open-folder");
      return;
    }

  self->restoring = TRUE;
  em_variance_plot_set_ratios (self->variance_plot, ratios, nc);
  _em_explore_page_restore_settings (self);
  em_explorer_set_n_components (self->explorer, MAX (em_variance_plot_get_n_components (self->variance_plot), 2));
  update_method_rows (self);
  update_variance_label (self);
  self->restoring = FALSE;

  gtk_stack_set_visible_child_name (self->stack, "content");
  _em_explore_page_run_map (self);
  _em_explore_page_run_clustering (self);
  if (adw_combo_row_get_selected (self->method_row) == EM_EXPLORE_METHOD_DBSCAN)
    {
      self->restoring = TRUE; /* keep the restored eps */
      _em_explore_page_run_kdistances (self);
      self->restoring = FALSE;
    }
  _em_explore_page_update_actions (self);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  EmExplorePage *self = call->page;
  g_autoptr(GError) error = NULL;
  gboolean ok = em_explorer_load_finish (EM_EXPLORER (source), result, &error);

  if (!end_job (call, self->load_job, source, error))
    {
      if (error != NULL && EM_EXPLORER (source) == self->explorer &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, _("The Library Could Not Be Read"), error->message, _("_Scan Again"), "win.rescan");
      return;
    }
  if (ok)
    show_explorer (self);
}

static void
clear_results (EmExplorePage *self)
{
  EmJob **jobs[] = { &self->load_job, &self->map_job, &self->cluster_job, &self->kdistance_job, &self->silhouette_job };

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      if (*jobs[i] != NULL)
        em_job_cancel (*jobs[i]);
      g_clear_object (jobs[i]);
    }
  g_clear_handle_id (&self->silhouette_source, g_source_remove);
  g_clear_handle_id (&self->components_source, g_source_remove);
  g_clear_pointer (&self->tsne, g_free);
  g_clear_pointer (&self->assignments, g_free);
  g_clear_pointer (&self->silhouette, g_free);
  self->n_clusters = 0;
  self->selected_cluster = -2;
  if (self->clusters != NULL)
    g_list_store_remove_all (self->clusters);
}

static void
em_explore_page_set_library (EmPage    *page,
                             EmLibrary *library)
{
  EmExplorePage *self = EM_EXPLORE_PAGE (page);
  Call *call;

  clear_results (self);
  g_set_object (&self->library, library);
  g_clear_object (&self->explorer);
  if (library == NULL)
    {
      show_status (self, _("Find the Shape of the Library"),
                   _("Open a folder of audio files: its chunks appear here as a map, clusters and a dendrogram."),
                   _("_Open a Folder…"), "win.open-folder");
      return;
    }

  self->explorer = em_explorer_new (em_library_get_store (library), EM_FEATURE_SET_VERSION);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  call = start_job (self, &self->load_job, _("Reading the library for Explore"));
  em_explorer_load_async (self->explorer, self->load_job, load_done_cb, call);
}

static void
page_iface_init (EmPageInterface *iface)
{
  iface->set_library = em_explore_page_set_library;
}

/* Labels may have changed on the Label page meanwhile. */
static void
on_map_cb (EmExplorePage *self)
{
  if (self->explorer == NULL || !em_explorer_is_loaded (self->explorer) ||
      !em_explorer_refresh_labels (self->explorer, NULL))
    return;
  _em_explore_page_recolor (self);
  _em_explore_page_update_clusters (self);
}

static void
em_explore_page_dispose (GObject *object)
{
  EmExplorePage *self = EM_EXPLORE_PAGE (object);

  clear_results (self);
  g_clear_object (&self->explorer);
  g_clear_object (&self->library);
  g_clear_object (&self->cluster_selection);
  g_clear_object (&self->clusters);

  G_OBJECT_CLASS (em_explore_page_parent_class)->dispose (object);
}

static void
em_explore_page_class_init (EmExplorePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = em_explore_page_dispose;

  g_type_ensure (EM_TYPE_SCATTER_PLOT);
  g_type_ensure (EM_TYPE_DENDROGRAM_VIEW);
  g_type_ensure (EM_TYPE_VARIANCE_PLOT);
  g_type_ensure (EM_TYPE_KDISTANCE_PLOT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/earmark/Earmark/ui/em-explore-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, EmExplorePage, name)
  BIND (toasts); BIND (stack); BIND (empty_status); BIND (empty_button); BIND (flap);
  BIND (variance_plot); BIND (variance_label); BIND (map_row); BIND (color_row); BIND (method_row);
  BIND (linkage_row); BIND (k_row); BIND (eps_row); BIND (min_samples_row); BIND (k_spin);
  BIND (eps_spin); BIND (min_samples_spin); BIND (kdistance_box); BIND (kdistance_plot);
  BIND (kdistance_label); BIND (selection_label); BIND (scatter); BIND (dendrogram); BIND (cluster_view);
#undef BIND

  _em_explore_page_install_actions (widget_class);
}

static void
connect_controls (EmExplorePage *self)
{
  g_signal_connect_swapped (self->method_row, "notify::selected", G_CALLBACK (on_method_changed_cb), self);
  g_signal_connect_swapped (self->linkage_row, "notify::selected", G_CALLBACK (on_method_changed_cb), self);
  g_signal_connect_swapped (self->map_row, "notify::selected", G_CALLBACK (on_map_changed_cb), self);
  g_signal_connect_swapped (self->color_row, "notify::selected", G_CALLBACK (on_color_changed_cb), self);
  g_signal_connect_swapped (self->k_spin, "value-changed", G_CALLBACK (on_k_changed_cb), self);
  g_signal_connect_swapped (self->min_samples_spin, "value-changed", G_CALLBACK (on_min_samples_changed_cb), self);
  g_signal_connect_swapped (self->variance_plot, "notify::n-components", G_CALLBACK (on_components_changed_cb), self);
  g_signal_connect_swapped (self->dendrogram, "notify::n-clusters", G_CALLBACK (on_dendrogram_n_clusters_cb), self);
  g_signal_connect_swapped (self->dendrogram, "branch-activated", G_CALLBACK (on_branch_activated_cb), self);
  g_signal_connect_swapped (self->cluster_selection, "selection-changed", G_CALLBACK (on_cluster_selected_cb), self);
  g_signal_connect_swapped (self, "map", G_CALLBACK (on_map_cb), self);
  g_object_bind_property (self->kdistance_plot, "eps", gtk_spin_button_get_adjustment (self->eps_spin), "value",
                          G_BINDING_BIDIRECTIONAL);
}

static void
em_explore_page_init (EmExplorePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selected_cluster = -2;
  self->clusters = g_list_store_new (EM_TYPE_CLUSTER_ITEM);
  self->cluster_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->clusters)));
  gtk_single_selection_set_autoselect (self->cluster_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->cluster_selection, TRUE);
  gtk_column_view_set_model (self->cluster_view, GTK_SELECTION_MODEL (self->cluster_selection));
  em_cluster_table_setup (self->cluster_view);
  em_scatter_plot_set_tooltip_func (self->scatter, _em_explore_page_point_tooltip, self, NULL);

  connect_controls (self);
  update_method_rows (self);
  _em_explore_page_update_actions (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

EmExplorePage *
em_explore_page_new (void)
{
  return g_object_new (EM_TYPE_EXPLORE_PAGE, NULL);
}

/**
 * em_explore_page_get_explorer:
 * @self: a page
 *
 * Returns: (transfer none) (nullable): the pipeline of the shown library
 */
EmExplorer *
em_explore_page_get_explorer (EmExplorePage *self)
{
  g_return_val_if_fail (EM_IS_EXPLORE_PAGE (self), NULL);
  return self->explorer;
}

/**
 * em_explore_page_is_busy:
 * @self: a page
 *
 * Returns: whether one of the page's jobs is running
 */
gboolean
em_explore_page_is_busy (EmExplorePage *self)
{
  g_return_val_if_fail (EM_IS_EXPLORE_PAGE (self), FALSE);
  return self->n_busy > 0 || self->silhouette_source != 0 || self->components_source != 0;
}

/**
 * em_explore_page_get_clusters:
 * @self: a page
 *
 * Returns: (transfer none): the cluster table's rows (#EmClusterItem)
 */
GListModel *
em_explore_page_get_clusters (EmExplorePage *self)
{
  g_return_val_if_fail (EM_IS_EXPLORE_PAGE (self), NULL);
  return G_LIST_MODEL (self->clusters);
}

/**
 * em_explore_page_get_assignments:
 * @self: a page
 * @n_rows: (out): number of rows
 *
 * Returns: (nullable): the cluster of each row of the explorer (-1 noise)
 */
const gint32 *
em_explore_page_get_assignments (EmExplorePage *self,
                                 gsize         *n_rows)
{
  g_return_val_if_fail (EM_IS_EXPLORE_PAGE (self), NULL);

  *n_rows = self->assignments != NULL ? em_explorer_get_n_rows (self->explorer) : 0;
  return self->assignments;
}

GtkWidget *
em_explore_page_get_scatter (EmExplorePage *self)
{
  g_return_val_if_fail (EM_IS_EXPLORE_PAGE (self), NULL);
  return GTK_WIDGET (self->scatter);
}

GtkWidget *
em_explore_page_get_dendrogram (EmExplorePage *self)
{
  g_return_val_if_fail (EM_IS_EXPLORE_PAGE (self), NULL);
  return GTK_WIDGET (self->dendrogram);
}
