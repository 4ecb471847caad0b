/* em-dendrogram-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dendrogram with a horizontal cut line. libearmark lays the tree out
 * (em_dendrogram_new(), iterative, truncated to the last p merges as
 * SciPy's truncate_mode='lastp'); this widget maps that layout to pixels,
 * records the branches once into a render node and keeps it while the size,
 * the colours and the set of flat clusters stay the same. The cut line is
 * an overlay: dragging it only rebuilds the branches when the number of
 * clusters changes (a cut at t leaves n - #{max height <= t} clusters,
 * found by binary search in the sorted max heights). Subtrees narrower
 * than a pixel are drawn as one stem, as Sysprof skips tiny rectangles.
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "em-dendrogram.h"
#include "em-fcluster.h"
#include "em-linkage.h"

#include "em-dendrogram-view.h"
#include "em-dendrogram-view-private.h"
#include "em-plot-axis.h"
#include "em-plot-colors.h"

G_DEFINE_FINAL_TYPE (EmDendrogramView, em_dendrogram_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CUT_HEIGHT,
  PROP_N_CLUSTERS,
  N_PROPS
};

enum {
  BRANCH_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
invalidate (EmDendrogramView *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
clear_tree (EmDendrogramView *self)
{
  g_clear_pointer (&self->z, g_free);
  g_clear_pointer (&self->md, g_free);
  g_clear_pointer (&self->sorted_md, g_free);
  g_clear_pointer (&self->rep, g_free);
  g_clear_pointer (&self->layout, em_dendrogram_free);
  g_clear_pointer (&self->link_of, g_free);
  g_clear_pointer (&self->lo, g_free);
  g_clear_pointer (&self->hi, g_free);
  g_clear_pointer (&self->labels, g_free);
  g_clear_pointer (&self->assignments, g_free);
  self->n = 0;
  self->n_clusters = 0;
  self->hovering = FALSE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Number of sorted max heights <= @t: merges inside clusters. */
gsize
_em_dendrogram_view_count_at_or_below (EmDendrogramView *self,
                   double            t)
{
  gsize lo = 0, hi = self->n - 1;

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;

      if (self->sorted_md[mid] <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Number of sorted max heights < @t. */
gsize
_em_dendrogram_view_count_below (EmDendrogramView *self,
             double            t)
{
  gsize lo = 0, hi = self->n - 1;

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;

      if (self->sorted_md[mid] < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Leftmost observation of each node (the colour of a whole cluster is
 * the colour of any one of its observations), and each drawn link's
 * horizontal extent in layout units, children before parents. */
static void
index_tree (EmDendrogramView *self)
{
  const EmDendrogram *layout = self->layout;
  gsize n = self->n, first_link_node = 2 * n - layout->n_shown;

  self->rep = g_new (gint32, 2 * n - 1);
  for (gsize i = 0; i < n; i++)
    self->rep[i] = (gint32) i;
  for (gsize r = 0; r + 1 < n; r++)
    self->rep[n + r] = self->rep[(gsize) self->z[4 * r]];

  self->link_of = g_new (gint32, MAX (layout->n_links, 1));
  self->lo = g_new (double, MAX (layout->n_links, 1));
  self->hi = g_new (double, MAX (layout->n_links, 1));
  for (gsize k = 0; k < layout->n_links; k++)
    {
      gsize row = layout->link_nodes[k] - n;
      gsize left = (gsize) self->z[4 * row], right = (gsize) self->z[4 * row + 1];

      self->link_of[layout->link_nodes[k] - first_link_node] = (gint32) k;
      self->lo[k] = left >= first_link_node ? self->lo[self->link_of[left - first_link_node]]
                                            : layout->icoord[4 * k];
      self->hi[k] = right >= first_link_node ? self->hi[self->link_of[right - first_link_node]]
                                             : layout->icoord[4 * k + 3];
    }
}

/* Index of the drawn link that made @node, or -1 for a drawn leaf. */
int
_em_dendrogram_view_link_of (EmDendrogramView *self,
                             gsize             node)
{
  gsize first_link_node = 2 * self->n - self->layout->n_shown;

  return node >= first_link_node ? self->link_of[node - first_link_node] : -1;
}

static void
update_accessible (EmDendrogramView *self)
{
  g_autofree char *value = NULL;
  g_autofree char *description = NULL;

  /* Translators: the value of the dendrogram's cut line: its height and
   * the number of flat clusters it makes */
  value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Cut at %.3g, %u cluster", "Cut at %.3g, %u clusters",
                                        self->n_clusters),
                           self->cut, self->n_clusters);
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Dendrogram, cut at %.3g, %u cluster",
                                              "Dendrogram, cut at %.3g, %u clusters", self->n_clusters),
                                 self->cut, self->n_clusters);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, self->top,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, self->cut,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, value,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* fcluster (Z, cut, 'distance'), numbered from 0 in fcluster's order. */
static void
compute_assignments (EmDendrogramView *self)
{
  g_autoptr(GError) error = NULL;
  gsize found = 0;

  if (!em_fcluster_by_distance (self->z, self->n, self->cut, self->labels, &found, &error))
    {
      /* Z was validated when it was set: this cannot fail. */
      g_critical ("Flat clusters of the dendrogram: %s", error->message);
      return;
    }
  for (gsize i = 0; i < self->n; i++)
    self->assignments[i] = (guint) (self->labels[i] - 1);
  self->n_clusters = (guint) found;
}

void
_em_dendrogram_view_apply_cut (EmDendrogramView *self,
                               double            height)
{
  guint before = self->n_clusters;
  guint count;

  if (self->n < 2)
    return;
  height = CLAMP (height, 0.0, self->top);
  if (height == self->cut && self->assignments_valid)
    return;
  self->cut = height;
  count = (guint) (self->n - _em_dendrogram_view_count_at_or_below (self, height));
  if (count != before || !self->assignments_valid)
    {
      compute_assignments (self);
      self->assignments_valid = TRUE;
      invalidate (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUT_HEIGHT]);
  if (self->n_clusters != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLUSTERS]);
}

/* A cut in the middle of the gap that leaves @k clusters, so the line
 * sits visibly between merges. Where heights tie (trees with inversions
 * have many equal running maxima) the nearest count on either side of
 * the tie is taken, the smaller one when both are as near. */
static double
cut_for_count (EmDendrogramView *self,
               guint             k)
{
  gsize n = self->n, inside, i0, i1;
  double lower, upper, v;

  k = CLAMP (k, 1, (guint) n);
  inside = n - k;  /* merges at or below the cut */
  lower = inside > 0 ? self->sorted_md[inside - 1] : 0.0;
  upper = inside < n - 1 ? self->sorted_md[inside] : self->top;
  if (lower < upper)
    return (lower + upper) / 2;

  v = upper;
  i0 = _em_dendrogram_view_count_below (self, v);
  i1 = _em_dendrogram_view_count_at_or_below (self, v);
  if (i1 - inside <= inside - i0 || i0 == 0)
    return (v + (i1 < n - 1 ? self->sorted_md[i1] : self->top)) / 2;
  return ((i0 > 0 ? self->sorted_md[i0 - 1] : 0.0) + v) / 2;
}

/* The plot area: the height axis on the left, leaf counts below. */
void
_em_dendrogram_view_get_plot (EmDendrogramView *self,
                              graphene_rect_t  *plot,
                              EmLeafLabels     *labels)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double plot_width = MAX (width - AXIS_WIDTH - MARGIN_RIGHT, 1);
  double spacing = self->layout != NULL ? plot_width / self->layout->n_shown : 0;
  EmLeafLabels mode = LEAF_LABELS_NONE;
  double bottom = MARGIN_BOTTOM;

  if (self->layout != NULL && self->layout->n_shown < self->n && self->label_height > 0)
    {
      if (spacing >= self->label_width + 4)
        mode = LEAF_LABELS_HORIZONTAL;
      else if (spacing >= self->label_height)
        mode = LEAF_LABELS_VERTICAL;
    }
  if (mode == LEAF_LABELS_HORIZONTAL)
    bottom += self->label_height + 2;
  else if (mode == LEAF_LABELS_VERTICAL)
    bottom += self->label_width + 4;
  graphene_rect_init (plot, AXIS_WIDTH, MARGIN_TOP, plot_width, MAX (height - MARGIN_TOP - bottom, 1));
  if (labels != NULL)
    *labels = mode;
}

double
_em_dendrogram_view_x_for (const graphene_rect_t *plot,
                           EmDendrogramView      *self,
                           double                 icoord)
{
  return plot->origin.x + icoord / (10.0 * self->layout->n_shown) * plot->size.width;
}

double
_em_dendrogram_view_y_for (const graphene_rect_t *plot,
                           EmDendrogramView      *self,
                           double                 height)
{
  return plot->origin.y + plot->size.height * (1.0 - height / self->top);
}

/* The colour of @node's branch: its cluster's when the cut is above its
 * subtree, the foreground otherwise. */
void
_em_dendrogram_view_node_color (EmDendrogramView  *self,
                                const EmPlotStyle *style,
                                gsize              node,
                                GdkRGBA           *color)
{
  if (node < self->n || self->md[node - self->n] <= self->cut)
    em_plot_colors_for_cluster (self->assignments[self->rep[node]], style->dark, color);
  else
    *color = style->fg;
}

/* Branches, the axis and the leaf counts. */
static GskRenderNode *
build_tree_node (EmDendrogramView  *self,
                 const EmPlotStyle *style)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  graphene_rect_t plot;
  EmLeafLabels labels;

  _em_dendrogram_view_get_plot (self, &plot, &labels);
  em_plot_axis_append_y (GTK_WIDGET (self), snapshot, style, &plot, 0.0, self->top, FALSE);
  _em_dendrogram_view_append_branches (self, snapshot, style, &plot);
  _em_dendrogram_view_append_leaf_labels (self, snapshot, style, &plot, labels);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
append_cut_line (EmDendrogramView  *self,
                 GtkSnapshot       *snapshot,
                 const EmPlotStyle *style)
{
  graphene_rect_t plot;
  g_autofree char *text = NULL;
  gboolean focused = gtk_widget_has_focus (GTK_WIDGET (self));
  const GdkRGBA *color = focused ? &style->accent : &style->fg;
  double y;
  int text_width, text_height;

  _em_dendrogram_view_get_plot (self, &plot, NULL);
  y = _em_dendrogram_view_y_for (&plot, self, self->cut);
  em_plot_append_hline (snapshot, color, plot.origin.x, plot.origin.x + plot.size.width, y,
                        focused || style->high_contrast ? 2.0 : 1.0, !focused);

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u cluster", "%u clusters", self->n_clusters), self->n_clusters);
  em_plot_text_size (GTK_WIDGET (self), text, &text_width, &text_height);
  y = y - text_height - 3 < plot.origin.y ? y + 3 : y - text_height - 3;
  gtk_snapshot_append_color (snapshot, &style->bg,
                             &GRAPHENE_RECT_INIT (plot.origin.x + plot.size.width - text_width - 6, y - 1,
                                                  text_width + 6, text_height + 2));
  em_plot_append_text (GTK_WIDGET (self), snapshot, text, plot.origin.x + plot.size.width - 3, y, 1.0, 0.0,
                       color, TRUE);
}

static void
em_dendrogram_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  EmDendrogramView *self = EM_DENDROGRAM_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  EmPlotStyle style;

  if (self->layout == NULL || width <= 0 || height <= 0)
    return;

  em_plot_style_read (widget, &style);
  if (self->cache == NULL || self->cache_width != width || self->cache_height != height ||
      self->cache_n_clusters != self->n_clusters || !em_plot_style_equal (&self->cache_style, &style))
    {
      g_clear_pointer (&self->cache, gsk_render_node_unref);
      self->cache = build_tree_node (self, &style);
      self->cache_width = width;
      self->cache_height = height;
      self->cache_n_clusters = self->n_clusters;
      self->cache_style = style;
    }
  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);

  _em_dendrogram_view_append_hover (self, snapshot, &style);
  append_cut_line (self, snapshot, &style);
}

static void
em_dendrogram_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 280;
}

static void
measure_labels (EmDendrogramView *self)
{
  g_autofree char *widest = NULL;

  self->label_width = self->label_height = 0;
  if (self->n < 2)
    return;
  widest = g_strdup_printf ("(%" G_GSIZE_FORMAT ")", self->n);
  em_plot_text_size (GTK_WIDGET (self), widest, &self->label_width, &self->label_height);
}

static void
em_dendrogram_view_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  EmDendrogramView *self = EM_DENDROGRAM_VIEW (widget);

  GTK_WIDGET_CLASS (em_dendrogram_view_parent_class)->css_changed (widget, change);
  measure_labels (self);
  invalidate (self);
}

static void
on_style_changed_cb (EmDendrogramView *self)
{
  invalidate (self);
}

static void
em_dendrogram_view_dispose (GObject *object)
{
  EmDendrogramView *self = EM_DENDROGRAM_VIEW (object);

  g_clear_pointer (&self->cache, gsk_render_node_unref);
  clear_tree (self);

  G_OBJECT_CLASS (em_dendrogram_view_parent_class)->dispose (object);
}

static void
em_dendrogram_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EmDendrogramView *self = EM_DENDROGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_CUT_HEIGHT:
      g_value_set_double (value, self->cut);
      break;
    case PROP_N_CLUSTERS:
      g_value_set_uint (value, self->n_clusters);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_dendrogram_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  EmDendrogramView *self = EM_DENDROGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_CUT_HEIGHT:
      em_dendrogram_view_set_cut_height (self, g_value_get_double (value));
      break;
    case PROP_N_CLUSTERS:
      em_dendrogram_view_set_n_clusters (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_dendrogram_view_class_init (EmDendrogramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = em_dendrogram_view_dispose;
  object_class->get_property = em_dendrogram_view_get_property;
  object_class->set_property = em_dendrogram_view_set_property;

  widget_class->snapshot = em_dendrogram_view_snapshot;
  widget_class->measure = em_dendrogram_view_measure;
  widget_class->css_changed = em_dendrogram_view_css_changed;

  properties[PROP_CUT_HEIGHT] =
    g_param_spec_double ("cut-height", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CLUSTERS] =
    g_param_spec_uint ("n-clusters", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EmDendrogramView::branch-activated:
   * @view: the dendrogram
   * @leaves: the observations (rows of the clustered matrix) under the
   *   clicked branch
   */
  signals[BRANCH_ACTIVATED] = g_signal_new ("branch-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, GTK_TYPE_BITSET);

  gtk_widget_class_set_css_name (widget_class, "dendrogram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
em_dendrogram_view_init (EmDendrogramView *self)
{
  self->top = 1.0;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (_em_dendrogram_view_query_tooltip_cb), NULL);
  _em_dendrogram_view_add_controllers (self);
  em_plot_style_connect (GTK_WIDGET (self), G_CALLBACK (on_style_changed_cb));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dendrogram"),
                                  -1);
  update_accessible (self);
}

EmDendrogramView *
em_dendrogram_view_new (void)
{
  return g_object_new (EM_TYPE_DENDROGRAM_VIEW, NULL);
}

/* Forgets the tree: nothing is drawn, no clusters. */
void
em_dendrogram_view_clear (EmDendrogramView *self)
{
  guint before;

  g_return_if_fail (EM_IS_DENDROGRAM_VIEW (self));

  before = self->n_clusters;
  clear_tree (self);
  self->cut = 0;
  self->assignments_valid = FALSE;
  invalidate (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUT_HEIGHT]);
  if (before != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLUSTERS]);
}

static gboolean
load_tree (EmDendrogramView *self,
           const double     *z,
           guint             n_leaves,
           guint             p,
           GError          **error)
{
  gsize n = n_leaves;
  double max_height = 0;

  if (!em_linkage_validate (z, n, error))
    return FALSE;
  self->layout = em_dendrogram_new (z, n, p, error);
  if (self->layout == NULL)
    return FALSE;
  self->n = n;
  self->z = g_memdup2 (z, (n - 1) * 4 * sizeof (double));
  self->md = em_fcluster_max_heights (z, n);
  self->sorted_md = g_memdup2 (self->md, (n - 1) * sizeof (double));
  g_qsort_with_data (self->sorted_md, n - 1, sizeof (double), compare_doubles, NULL);
  for (gsize r = 0; r + 1 < n; r++)
    max_height = MAX (max_height, z[4 * r + 2]);
  max_height = MAX (max_height, self->sorted_md[n - 2]);
  self->top = max_height > 0 ? max_height * TOP_HEADROOM : 1.0;
  self->labels = g_new (gint32, n);
  self->assignments = g_new (guint, n);
  index_tree (self);
  return TRUE;
}

/**
 * em_dendrogram_view_set_linkage:
 * @self: the view
 * @z: (array): (@n_leaves - 1) x 4 linkage matrix in SciPy's format
 *   (copied)
 * @n_leaves: number of observations
 * @p: draw only the last @p merged clusters as leaves (truncate_mode
 *   'lastp'), with their sizes under them; 0 draws every observation
 *
 * Shows a tree and puts the cut where it leaves min (8, @n_leaves)
 * clusters.
 */
void
em_dendrogram_view_set_linkage (EmDendrogramView *self,
                                const double     *z,
                                guint             n_leaves,
                                guint             p)
{
  g_autoptr(GError) error = NULL;
  guint before;

  g_return_if_fail (EM_IS_DENDROGRAM_VIEW (self));
  g_return_if_fail (z != NULL || n_leaves < 2);

  before = self->n_clusters;
  clear_tree (self);
  self->assignments_valid = FALSE;
  invalidate (self);
  self->n_clusters = before;
  if (n_leaves < 2)
    {
      em_dendrogram_view_clear (self);
      return;
    }
  if (!load_tree (self, z, n_leaves, p, &error))
    {
      /* Linkages come from libearmark: an invalid one is a bug. */
      g_critical ("Cannot draw the dendrogram: %s", error->message);
      em_dendrogram_view_clear (self);
      return;
    }
  measure_labels (self);
  _em_dendrogram_view_apply_cut (self, cut_for_count (self, MIN (8, n_leaves)));
}

guint
em_dendrogram_view_get_n_leaves (EmDendrogramView *self)
{
  g_return_val_if_fail (EM_IS_DENDROGRAM_VIEW (self), 0);
  return (guint) self->n;
}

double
em_dendrogram_view_get_cut_height (EmDendrogramView *self)
{
  g_return_val_if_fail (EM_IS_DENDROGRAM_VIEW (self), 0.0);
  return self->cut;
}

/* Moves the cut line; clamped to the drawn height range. */
void
em_dendrogram_view_set_cut_height (EmDendrogramView *self,
                                   double            height)
{
  g_return_if_fail (EM_IS_DENDROGRAM_VIEW (self));

  if (isnan (height))
    return;
  _em_dendrogram_view_apply_cut (self, height);
}

guint
em_dendrogram_view_get_n_clusters (EmDendrogramView *self)
{
  g_return_val_if_fail (EM_IS_DENDROGRAM_VIEW (self), 0);
  return self->n_clusters;
}

/* Puts the cut in the middle of the gap that leaves @n_clusters clusters
 * (or the nearest count that tied heights allow). */
void
em_dendrogram_view_set_n_clusters (EmDendrogramView *self,
                                   guint             n_clusters)
{
  g_return_if_fail (EM_IS_DENDROGRAM_VIEW (self));

  if (self->n < 2)
    return;
  _em_dendrogram_view_apply_cut (self, cut_for_count (self, n_clusters));
}

/**
 * em_dendrogram_view_get_assignments:
 * @self: the view
 * @n_leaves: (out) (optional): number of observations
 *
 * Returns: (transfer none) (nullable): per observation, its cluster from
 *   0: `fcluster (Z, cut, 'distance') - 1`; valid until the next cut or
 *   linkage change
 */
const guint *
em_dendrogram_view_get_assignments (EmDendrogramView *self,
                                    guint            *n_leaves)
{
  g_return_val_if_fail (EM_IS_DENDROGRAM_VIEW (self), NULL);

  if (n_leaves != NULL)
    *n_leaves = (guint) self->n;
  return self->assignments_valid ? self->assignments : NULL;
}

/* The observations under SciPy node @node (an observation below n, the
 * cluster made by row i of Z at n + i), collected with a stack. */
GtkBitset *
em_dendrogram_view_dup_leaves (EmDendrogramView *self,
                               guint             node)
{
  GtkBitset *leaves;
  g_autofree gint32 *stack = NULL;
  gsize len = 0;

  g_return_val_if_fail (EM_IS_DENDROGRAM_VIEW (self), NULL);

  leaves = gtk_bitset_new_empty ();
  if (self->n < 2 || node >= 2 * self->n - 1)
    return leaves;
  stack = g_new (gint32, self->n);
  stack[len++] = (gint32) node;
  while (len > 0)
    {
      gsize v = (gsize) stack[--len];

      if (v < self->n)
        {
          gtk_bitset_add (leaves, (guint) v);
          continue;
        }
      stack[len++] = (gint32) self->z[4 * (v - self->n)];
      stack[len++] = (gint32) self->z[4 * (v - self->n) + 1];
    }
  return leaves;
}

/* Emits branch-activated with the observations under @node. */
void
_em_dendrogram_view_activate_branch (EmDendrogramView *self,
                                     guint             node)
{
  g_autoptr(GtkBitset) leaves = em_dendrogram_view_dup_leaves (self, node);

  g_signal_emit (self, signals[BRANCH_ACTIVATED], 0, leaves);
}

/* The widget's y for a tree height (for tests and overlays). */
double
em_dendrogram_view_get_y_for_height (EmDendrogramView *self,
                                     double            height)
{
  graphene_rect_t plot;

  g_return_val_if_fail (EM_IS_DENDROGRAM_VIEW (self), 0.0);

  _em_dendrogram_view_get_plot (self, &plot, NULL);
  return _em_dendrogram_view_y_for (&plot, self, height);
}
