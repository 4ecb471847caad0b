/* em-explore-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the Explore page shows its data: the map's colours (by cluster,
 * label, prediction or confidence) with their legend, the tooltip of a
 * point, and the view's settings, kept in the store's meta table so that
 * reopening the library asks the cache for the same results.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "em-explore-page-private.h"
#include "widgets/em-plot-colors.h"

#define META_KEY "explore_view"

gboolean
_em_explore_page_is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

char *
_em_explore_page_point_tooltip (guint    index,
                                gpointer user_data)
{
  EmExplorePage *self = user_data;
  g_autofree char *base = NULL;
  const EmLabel *labels;
  double start, end;

  if (self->explorer == NULL || index >= em_explorer_get_n_rows (self->explorer))
    return NULL;

  base = g_path_get_basename (em_explorer_get_path (self->explorer, index));
  labels = em_explorer_get_labels (self->explorer);
  em_explorer_get_span (self->explorer, index, &start, &end);

  return g_strdup_printf (_("%s\nChunk %u · %.1f–%.1f s · %s"), base,
                          em_explorer_get_chunk_idx (self->explorer, index), start, end,
                          labels[index] == EM_LABEL_NONE ? _("unlabelled") : em_label_to_string (labels[index]));
}

static guint
color_by_labels (const EmLabel *labels,
                 gsize          n,
                 guint         *index,
                 GdkRGBA       *palette,
                 const char   **names)
{
  for (gsize r = 0; r < n; r++)
    index[r] = labels[r] == EM_LABEL_NONE ? EM_PLOT_NO_CLUSTER : (guint)labels[r] - 1;
  for (guint l = 0; l < 3; l++)
    em_plot_colors_for_label (l + 1, _em_explore_page_is_dark (), &palette[l]);
  names[0] = _("Music");
  names[1] = _("Dialogue");
  names[2] = _("Both");

  return 3;
}

#define N_CONFIDENCE_BINS 5

static guint
color_by_confidence (const double  *confidences,
                     const EmLabel *predictions,
                     gsize          n,
                     guint         *index,
                     GdkRGBA       *palette,
                     const char   **names)
{
  static const char *bins[N_CONFIDENCE_BINS] = { N_("Below 60 %"), N_("60–70 %"), N_("70–80 %"),
                                                 N_("80–90 %"), N_("90 % and above") };

  for (gsize r = 0; r < n; r++)
    index[r] = predictions[r] == EM_LABEL_NONE ? EM_PLOT_NO_CLUSTER
                                               : (guint)CLAMP ((confidences[r] - 0.5) * 10, 0, N_CONFIDENCE_BINS - 1);
  for (guint b = 0; b < N_CONFIDENCE_BINS; b++)
    {
      em_plot_colors_for_value ((double)b / (N_CONFIDENCE_BINS - 1), _em_explore_page_is_dark (), &palette[b]);
      names[b] = _(bins[b]);
    }

  return N_CONFIDENCE_BINS;
}

static guint
color_by_cluster (EmExplorePage  *self,
                  gsize           n,
                  guint          *index,
                  GdkRGBA       **palette,
                  GPtrArray      *names)
{
  *palette = g_new (GdkRGBA, MAX (self->n_clusters, 1));
  for (gsize r = 0; r < n; r++)
    index[r] = self->assignments == NULL || self->assignments[r] < 0 ? EM_PLOT_NO_CLUSTER
                                                                     : (guint)self->assignments[r];
  for (guint c = 0; c < self->n_clusters; c++)
    {
      em_plot_colors_for_cluster (c, _em_explore_page_is_dark (), &(*palette)[c]);
      g_ptr_array_add (names, g_strdup_printf (_("Cluster %u"), c + 1));
    }

  return self->assignments != NULL ? self->n_clusters : 0;
}

void
_em_explore_page_recolor (EmExplorePage *self)
{
  gsize n = em_explorer_get_n_rows (self->explorer);
  EmExploreColor mode = adw_combo_row_get_selected (self->color_row);
  const EmLabel *predictions = em_explorer_get_predictions (self->explorer);
  g_autofree guint *index = g_new (guint, MAX (n, 1));
  g_autoptr(GPtrArray) cluster_names = g_ptr_array_new_with_free_func (g_free);
  g_autofree GdkRGBA *cluster_palette = NULL;
  GdkRGBA palette[N_CONFIDENCE_BINS];
  const char *names[N_CONFIDENCE_BINS + 1] = { NULL };
  guint n_colors;

  if (predictions == NULL && (mode == EM_EXPLORE_COLOR_PREDICTION || mode == EM_EXPLORE_COLOR_CONFIDENCE))
    {
      adw_toast_overlay_add_toast (self->toasts,
                                   adw_toast_new (_("No active model yet: train one on the Train page and tag the library")));
      adw_combo_row_set_selected (self->color_row, EM_EXPLORE_COLOR_LABEL);
      return;
    }

  switch (mode)
    {
    case EM_EXPLORE_COLOR_LABEL:
      n_colors = color_by_labels (em_explorer_get_labels (self->explorer), n, index, palette, names);
      break;
    case EM_EXPLORE_COLOR_PREDICTION:
      n_colors = color_by_labels (predictions, n, index, palette, names);
      break;
    case EM_EXPLORE_COLOR_CONFIDENCE:
      n_colors = color_by_confidence (em_explorer_get_confidences (self->explorer), predictions, n,
                                      index, palette, names);
      break;
    case EM_EXPLORE_COLOR_CLUSTER:
    default:
      n_colors = color_by_cluster (self, n, index, &cluster_palette, cluster_names);
      g_ptr_array_add (cluster_names, NULL);
      em_scatter_plot_set_colors (self->scatter, index, cluster_palette,
                                  (const char * const *)cluster_names->pdata, n_colors);
      return;
    }

  em_scatter_plot_set_colors (self->scatter, index, palette, names, n_colors);
}


void
_em_explore_page_save_settings (EmExplorePage *self)
{
  g_autofree char *value = NULL;
  char eps[G_ASCII_DTOSTR_BUF_SIZE], cutoff[G_ASCII_DTOSTR_BUF_SIZE];

  if (self->library == NULL || self->restoring)
    return;
  value = g_strdup_printf ("map=%u;color=%u;method=%u;k=%d;eps=%s;min=%d;linkage=%u;cutoff=%s",
                           adw_combo_row_get_selected (self->map_row),
                           adw_combo_row_get_selected (self->color_row),
                           adw_combo_row_get_selected (self->method_row),
                           gtk_spin_button_get_value_as_int (self->k_spin),
                           g_ascii_dtostr (eps, sizeof eps, gtk_spin_button_get_value (self->eps_spin)),
                           gtk_spin_button_get_value_as_int (self->min_samples_spin),
                           adw_combo_row_get_selected (self->linkage_row),
                           g_ascii_dtostr (cutoff, sizeof cutoff, em_variance_plot_get_cutoff (self->variance_plot)));
  /* The settings only save the user from setting them again. */
  em_store_set_meta (em_library_get_store (self->library), META_KEY, value, NULL);
}

void
_em_explore_page_restore_settings (EmExplorePage *self)
{
  g_autofree char *value = em_store_dup_meta (em_library_get_store (self->library), META_KEY, NULL);
  g_auto(GStrv) pairs = value != NULL ? g_strsplit (value, ";", -1) : NULL;

  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      double v;

      if (eq == NULL)
        continue;
      v = g_ascii_strtod (eq + 1, NULL);
      if (g_str_has_prefix (pairs[i], "map="))
        adw_combo_row_set_selected (self->map_row, MIN (v, 1));
      else if (g_str_has_prefix (pairs[i], "color="))
        adw_combo_row_set_selected (self->color_row, MIN (v, EM_EXPLORE_COLOR_CONFIDENCE));
      else if (g_str_has_prefix (pairs[i], "method="))
        adw_combo_row_set_selected (self->method_row, MIN (v, EM_EXPLORE_METHOD_HIERARCHICAL));
      else if (g_str_has_prefix (pairs[i], "k="))
        gtk_spin_button_set_value (self->k_spin, v);
      else if (g_str_has_prefix (pairs[i], "eps="))
        gtk_spin_button_set_value (self->eps_spin, v);
      else if (g_str_has_prefix (pairs[i], "min="))
        gtk_spin_button_set_value (self->min_samples_spin, v);
      else if (g_str_has_prefix (pairs[i], "linkage="))
        adw_combo_row_set_selected (self->linkage_row, MIN (v, EM_LINKAGE_MEDIAN));
      else if (g_str_has_prefix (pairs[i], "cutoff=") && v > 0 && v <= 1)
        em_variance_plot_set_cutoff (self->variance_plot, v);
    }
}
