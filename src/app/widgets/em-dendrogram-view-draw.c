/* em-dendrogram-view-draw.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dendrogram's branches in pixels: each drawn merge is a "⊓" (a bar
 * at its height and a leg down to each child's top). A merge whose whole
 * subtree is narrower than a pixel is not drawn; its parent's leg goes on
 * down to the baseline instead, in the subtree's own colour, so a full
 * tree of 30,000 leaves costs about as many rectangles as the plot has
 * pixel columns times its depth, not one per merge. The same geometry
 * serves hit-testing, the hover outline and the tooltips.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "em-dendrogram-view-private.h"

typedef struct
{
  double   xl, xr;      /* legs */
  double   yb;          /* bar */
  double   yl, yr;      /* children's tops */
  double   y0;          /* baseline */
  gsize    left, right; /* child nodes */
  gboolean left_stem;   /* the child is a sub-pixel subtree drawn as a stem */
  gboolean right_stem;
} LinkGeometry;

static double
line_width (const EmPlotStyle *style)
{
  return style != NULL && style->high_contrast ? 2.0 : 1.0;
}

static gboolean
link_is_collapsed (EmDendrogramView      *self,
                   const graphene_rect_t *plot,
                   int                    k)
{
  double scale = plot->size.width / (10.0 * self->layout->n_shown);

  return (self->hi[k] - self->lo[k]) * scale < 1.0;
}

static gboolean
child_is_stem (EmDendrogramView      *self,
               const graphene_rect_t *plot,
               gsize                  child)
{
  int k = _em_dendrogram_view_link_of (self, child);

  return k >= 0 && link_is_collapsed (self, plot, k);
}

static void
link_geometry (EmDendrogramView      *self,
               const graphene_rect_t *plot,
               int                    k,
               LinkGeometry          *g)
{
  const double *ic = self->layout->icoord + 4 * k;
  const double *dc = self->layout->dcoord + 4 * k;
  gsize row = self->layout->link_nodes[k] - self->n;

  g->xl = round (_em_dendrogram_view_x_for (plot, self, ic[1]));
  g->xr = round (_em_dendrogram_view_x_for (plot, self, ic[2]));
  g->yb = round (_em_dendrogram_view_y_for (plot, self, dc[1]));
  g->yl = round (_em_dendrogram_view_y_for (plot, self, dc[0]));
  g->yr = round (_em_dendrogram_view_y_for (plot, self, dc[3]));
  g->y0 = round (_em_dendrogram_view_y_for (plot, self, 0.0));
  g->left = (gsize) self->z[4 * row];
  g->right = (gsize) self->z[4 * row + 1];
  g->left_stem = child_is_stem (self, plot, g->left);
  g->right_stem = child_is_stem (self, plot, g->right);
}

static void
append_vertical (GtkSnapshot   *snapshot,
                 const GdkRGBA *color,
                 double         x,
                 double         y_a,
                 double         y_b,
                 double         width)
{
  double top = MIN (y_a, y_b), bottom = MAX (y_a, y_b);

  gtk_snapshot_append_color (snapshot, color,
                             &GRAPHENE_RECT_INIT (x - floor (width / 2), top, width, bottom - top + width));
}

/* One leg, from the bar down to the child's top and, for a sub-pixel
 * subtree, on to the baseline, in the child's colour: a flat cluster is
 * coloured up to the bar that joins it to the rest, so every cluster's
 * stalk crosses the cut line in its own colour. */
static void
append_leg (EmDendrogramView  *self,
            GtkSnapshot       *snapshot,
            const EmPlotStyle *style,
            const GdkRGBA     *override,
            double             x,
            double             y_bar,
            double             y_child,
            double             y0,
            gsize              child,
            gboolean           stem,
            double             width)
{
  GdkRGBA color;

  if (override != NULL)
    color = *override;
  else
    _em_dendrogram_view_node_color (self, style, child, &color);
  append_vertical (snapshot, &color, x, y_bar, stem ? y0 : y_child, width);
}

/* The bar in the merge's colour (or @override) and both legs. */
static void
append_link (EmDendrogramView   *self,
             GtkSnapshot        *snapshot,
             const EmPlotStyle  *style,
             const LinkGeometry *g,
             const GdkRGBA      *color,
             const GdkRGBA      *override,
             double              width)
{
  gtk_snapshot_append_color (snapshot, color,
                             &GRAPHENE_RECT_INIT (g->xl - floor (width / 2), g->yb, g->xr - g->xl + width, width));
  append_leg (self, snapshot, style, override, g->xl, g->yb, g->yl, g->y0, g->left, g->left_stem, width);
  append_leg (self, snapshot, style, override, g->xr, g->yb, g->yr, g->y0, g->right, g->right_stem, width);
}

static void
append_root_stem (EmDendrogramView      *self,
                  GtkSnapshot           *snapshot,
                  const EmPlotStyle     *style,
                  const graphene_rect_t *plot,
                  const GdkRGBA         *override)
{
  int k = (int) self->layout->n_links - 1;
  gsize root = self->layout->link_nodes[k];
  double x = round (_em_dendrogram_view_x_for (plot, self, (self->lo[k] + self->hi[k]) / 2));
  GdkRGBA color;

  _em_dendrogram_view_node_color (self, style, root, &color);
  append_vertical (snapshot, override != NULL ? override : &color, x,
                   round (_em_dendrogram_view_y_for (plot, self, self->layout->dcoord[4 * k + 1])),
                   round (_em_dendrogram_view_y_for (plot, self, 0.0)), line_width (style) + (override != NULL));
}

void
_em_dendrogram_view_append_branches (EmDendrogramView      *self,
                                     GtkSnapshot           *snapshot,
                                     const EmPlotStyle     *style,
                                     const graphene_rect_t *plot)
{
  const EmDendrogram *layout = self->layout;

  if (layout->n_links == 0)
    return;
  if (link_is_collapsed (self, plot, (int) layout->n_links - 1))
    {
      append_root_stem (self, snapshot, style, plot, NULL);
      return;
    }
  for (gsize k = 0; k < layout->n_links; k++)
    {
      LinkGeometry g;
      GdkRGBA color;

      if (link_is_collapsed (self, plot, (int) k))
        continue;
      link_geometry (self, plot, (int) k, &g);
      _em_dendrogram_view_node_color (self, style, layout->link_nodes[k], &color);
      append_link (self, snapshot, style, &g, &color, NULL, line_width (style));
    }
}

/* "(size)" under every truncated leaf, when there is room. */
void
_em_dendrogram_view_append_leaf_labels (EmDendrogramView      *self,
                                        GtkSnapshot           *snapshot,
                                        const EmPlotStyle     *style,
                                        const graphene_rect_t *plot,
                                        EmLeafLabels           labels)
{
  const EmDendrogram *layout = self->layout;
  double y = plot->origin.y + plot->size.height + 3;

  if (labels == LEAF_LABELS_NONE)
    return;
  for (gsize k = 0; k < layout->n_shown; k++)
    {
      double x = _em_dendrogram_view_x_for (plot, self, 10.0 * k + 5.0);
      char text[32];

      if (layout->shown_counts[k] < 2)
        continue;
      g_snprintf (text, sizeof text, "(%u)", layout->shown_counts[k]);
      if (labels == LEAF_LABELS_HORIZONTAL)
        {
          em_plot_append_text (GTK_WIDGET (self), snapshot, text, x, y, 0.5, 0.0, &style->dim, FALSE);
          continue;
        }
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
      gtk_snapshot_rotate (snapshot, -90);
      em_plot_append_text (GTK_WIDGET (self), snapshot, text, 0, 0, 1.0, 0.5, &style->dim, FALSE);
      gtk_snapshot_restore (snapshot);
    }
}

/* The hovered branch, thicker and in the accent colour. */
void
_em_dendrogram_view_append_hover (EmDendrogramView  *self,
                                  GtkSnapshot       *snapshot,
                                  const EmPlotStyle *style)
{
  graphene_rect_t plot;
  LinkGeometry g;
  double width = line_width (style) + 1;

  if (!self->hovering || self->layout == NULL || self->hover.link >= (int) self->layout->n_links)
    return;
  _em_dendrogram_view_get_plot (self, &plot, NULL);
  if (self->hover.part == HIT_ROOT_STEM)
    {
      append_root_stem (self, snapshot, style, &plot, &style->accent);
      return;
    }
  link_geometry (self, &plot, self->hover.link, &g);
  if (self->hover.part == HIT_BAR)
    append_link (self, snapshot, style, &g, &style->accent, &style->accent, width);
  else if (self->hover.part == HIT_LEFT_LEG)
    append_vertical (snapshot, &style->accent, g.xl, g.yb, g.left_stem ? g.y0 : g.yl, width);
  else
    append_vertical (snapshot, &style->accent, g.xr, g.yb, g.right_stem ? g.y0 : g.yr, width);
}

static void
consider (EmDendrogramHit *best,
          double          *best_distance,
          double           distance,
          int              link,
          EmHitPart        part,
          gsize            node)
{
  if (distance > BRANCH_HIT_PX || distance >= *best_distance)
    return;
  *best_distance = distance;
  best->link = link;
  best->part = part;
  best->node = (guint) node;
}

static double
leg_distance (double x,
              double y,
              double leg_x,
              double y_a,
              double y_b)
{
  double top = MIN (y_a, y_b), bottom = MAX (y_a, y_b);

  if (y < top - BRANCH_HIT_PX || y > bottom + BRANCH_HIT_PX)
    return G_MAXDOUBLE;
  return fabs (x - leg_x);
}

/* The branch nearest to (@x, @y) within a few pixels: a bar selects its
 * merge, a leg the child it leads to. */
gboolean
_em_dendrogram_view_hit (EmDendrogramView *self,
                         double            x,
                         double            y,
                         EmDendrogramHit  *hit)
{
  const EmDendrogram *layout = self->layout;
  graphene_rect_t plot;
  double best = G_MAXDOUBLE;

  if (layout == NULL || layout->n_links == 0)
    return FALSE;
  _em_dendrogram_view_get_plot (self, &plot, NULL);
  if (link_is_collapsed (self, &plot, (int) layout->n_links - 1))
    {
      LinkGeometry g;
      int k = (int) layout->n_links - 1;

      link_geometry (self, &plot, k, &g);
      consider (hit, &best, leg_distance (x, y, (g.xl + g.xr) / 2, g.yb, g.y0), k, HIT_ROOT_STEM,
                layout->link_nodes[k]);
      return best < G_MAXDOUBLE;
    }
  for (gsize k = 0; k < layout->n_links; k++)
    {
      LinkGeometry g;

      if (link_is_collapsed (self, &plot, (int) k))
        continue;
      link_geometry (self, &plot, (int) k, &g);
      if (x >= g.xl - BRANCH_HIT_PX && x <= g.xr + BRANCH_HIT_PX)
        consider (hit, &best, fabs (y - g.yb), (int) k, HIT_BAR, layout->link_nodes[k]);
      consider (hit, &best, leg_distance (x, y, g.xl, g.yb, g.left_stem ? g.y0 : g.yl), (int) k, HIT_LEFT_LEG,
                g.left);
      consider (hit, &best, leg_distance (x, y, g.xr, g.yb, g.right_stem ? g.y0 : g.yr), (int) k, HIT_RIGHT_LEG,
                g.right);
    }
  return best < G_MAXDOUBLE;
}

/**
 * em_dendrogram_view_get_branch_at:
 * @self: the view
 * @x: widget x
 * @y: widget y
 * @node: (out): SciPy node id of the branch there: the merge whose bar is
 *   at (@x, @y), or the child a leg leads to
 *
 * Returns: whether a branch is within a few pixels
 */
gboolean
em_dendrogram_view_get_branch_at (EmDendrogramView *self,
                                  double            x,
                                  double            y,
                                  guint            *node)
{
  EmDendrogramHit hit;

  g_return_val_if_fail (EM_IS_DENDROGRAM_VIEW (self), FALSE);

  if (!_em_dendrogram_view_hit (self, x, y, &hit))
    return FALSE;
  if (node != NULL)
    *node = hit.node;
  return TRUE;
}

/**
 * em_dendrogram_view_get_node_point:
 * @self: the view
 * @node: a drawn node: a merge (its bar's middle) or a drawn leaf (the
 *   middle of its leg)
 * @x: (out): widget x
 * @y: (out): widget y
 *
 * Returns: %FALSE when @node is not drawn (inside a truncated leaf or a
 *   sub-pixel subtree)
 */
gboolean
em_dendrogram_view_get_node_point (EmDendrogramView *self,
                                   guint             node,
                                   double           *x,
                                   double           *y)
{
  graphene_rect_t plot;
  LinkGeometry g;
  int k;

  g_return_val_if_fail (EM_IS_DENDROGRAM_VIEW (self), FALSE);

  if (self->layout == NULL || self->layout->n_links == 0 || node >= 2 * self->n - 1)
    return FALSE;
  _em_dendrogram_view_get_plot (self, &plot, NULL);
  k = _em_dendrogram_view_link_of (self, node);
  if (k >= 0 && !link_is_collapsed (self, &plot, k))
    {
      link_geometry (self, &plot, k, &g);
      *x = (g.xl + g.xr) / 2;
      *y = g.yb;
      return TRUE;
    }
  for (k = 0; k < (int) self->layout->n_links; k++)
    {
      if (link_is_collapsed (self, &plot, k))
        continue;
      link_geometry (self, &plot, k, &g);
      if (g.left != node && g.right != node)
        continue;
      *x = g.left == node ? g.xl : g.xr;
      *y = (g.yb + (g.left == node ? (g.left_stem ? g.y0 : g.yl) : (g.right_stem ? g.y0 : g.yr))) / 2;
      return TRUE;
    }
  return FALSE;
}

gboolean
_em_dendrogram_view_query_tooltip_cb (GtkWidget  *widget,
                                      int         x,
                                      int         y,
                                      gboolean    keyboard,
                                      GtkTooltip *tooltip,
                                      gpointer    user_data)
{
  EmDendrogramView *self = EM_DENDROGRAM_VIEW (widget);
  EmDendrogramHit hit;
  g_autofree char *text = NULL;
  guint size;

  if (keyboard || !_em_dendrogram_view_hit (self, x, y, &hit))
    return FALSE;
  size = hit.node < self->n ? 1 : (guint) self->z[4 * (hit.node - self->n) + 3];
  if (hit.node < self->n)
    /* Translators: tooltip of a dendrogram leaf; %u is its row number */
    text = g_strdup_printf (_("Observation %u — click to select it"), hit.node + 1);
  else
    /* Translators: tooltip of a dendrogram branch */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u observation, merged at %.3g — click to select",
                                         "%u observations, merged at %.3g — click to select them", size),
                            size, self->z[4 * (hit.node - self->n) + 2]);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}
