/* em-scatter-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scatter plot of up to tens of thousands of chunks (PCA or t-SNE
 * coordinates), coloured by cluster, label or confidence, with hover
 * tooltips, click to play, rectangle and lasso selection, zoom and pan.
 *
 * As style.md asks for data views: the whole point cloud is rasterised in
 * a worker thread (em-scatter-raster.c) into a texture that snapshot()
 * only appends, so a frame costs the same for 30 or 30,000 points. Zoom
 * and pan move and scale the cached texture at once and re-raster after a
 * short pause. Selected points are a second texture drawn from the same
 * view; the hover ring, the rubber band or lasso, the frame and the
 * legend are drawn on top every frame. Hit-testing and selection go
 * through a uniform grid in data space (em-point-grid.c), never a scan.
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "em-label.h"
#include "em-plot-colors.h"
#include "em-scatter-plot-private.h"

/* Empty space around the data, as a fraction of its extent. */
#define DATA_PADDING 0.05

G_DEFINE_FINAL_TYPE (EmScatterPlot, em_scatter_plot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LASSO,
  PROP_RENDERING,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint _em_scatter_plot_signals[EM_SCATTER_N_SIGNALS];

/* Takes @selection; emits "selection-changed" if it differs. */
void
_em_scatter_plot_replace_selection (EmScatterPlot *self,
                                    GtkBitset     *selection)
{
  if (gtk_bitset_equals (selection, self->selection))
    {
      gtk_bitset_unref (selection);
      return;
    }
  gtk_bitset_unref (self->selection);
  self->selection = selection;
  _em_scatter_plot_rebuild_selection_layer (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, _em_scatter_plot_signals[EM_SCATTER_SELECTION_CHANGED], 0);
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback,
              GdkRGBA    *color)
{
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color))
    gdk_rgba_parse (color, fallback);
}

/* The cached layers, drawn for texture_view, moved and scaled to the
 * current view. */
static void
append_layers (EmScatterPlot         *self,
               GtkSnapshot           *snapshot,
               const EmScatterView   *view,
               const graphene_rect_t *plot)
{
  const EmScatterView *from = &self->texture_view;
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  gboolean use_cairo = native != NULL && GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (native));
  EmScatterLayer *layers[2] = { self->texture, self->selection_texture };
  double x0, y0, x1, y1, wx0, wy0, wx1, wy1;

  if (self->texture == NULL)
    return;
  em_scatter_view_unmap (from, 0, 0, &x0, &y0);
  em_scatter_view_unmap (from, from->width, from->height, &x1, &y1);
  em_scatter_view_map (view, x0, y0, &wx0, &wy0);
  em_scatter_view_map (view, x1, y1, &wx1, &wy1);
  em_scatter_layers_append (layers, G_N_ELEMENTS (layers), snapshot,
                            &GRAPHENE_RECT_INIT (wx0, wy0, wx1 - wx0, wy1 - wy0), plot, use_cairo);
}

static void
append_hover (EmScatterPlot       *self,
              GtkSnapshot         *snapshot,
              const EmScatterView *view,
              const GdkRGBA       *fg)
{
  const float *p;
  double wx, wy, r = EM_SCATTER_PICK_RADIUS - 1;
  GskRoundedRect ring;
  GdkRGBA colors[4] = { *fg, *fg, *fg, *fg };
  const float widths[4] = { 2, 2, 2, 2 };

  if (self->hover < 0 || (guint) self->hover >= _em_scatter_plot_n_points (self))
    return;
  p = _em_scatter_plot_point_xy (self, self->hover);
  em_scatter_view_map (view, p[0], p[1], &wx, &wy);
  gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (wx - r, wy - r, 2 * r, 2 * r), r);
  gtk_snapshot_append_border (snapshot, &ring, widths, colors);
}

static void
draw_lasso_cb (EmScatterPlot *self,
               cairo_t       *cr,
               const GdkRGBA *accent)
{
  for (guint k = 0; k < self->lasso_path->len; k++)
    {
      const graphene_point_t *p = &g_array_index (self->lasso_path, graphene_point_t, k);

      cairo_line_to (cr, p->x, p->y);
    }
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, accent->red, accent->green, accent->blue, 0.15);
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, accent);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

static void
append_rubber_band (EmScatterPlot *self,
                    GtkSnapshot   *snapshot,
                    const GdkRGBA *accent)
{
  GdkRGBA fill = *accent;
  graphene_rect_t rect;
  GskRoundedRect outline;
  GdkRGBA colors[4] = { *accent, *accent, *accent, *accent };
  const float widths[4] = { 1, 1, 1, 1 };
  cairo_t *cr;

  fill.alpha = 0.15;
  if (self->drag_mode == DRAG_RECT)
    {
      graphene_rect_init (&rect, self->drag_x, self->drag_y, self->drag_dx, self->drag_dy);
      graphene_rect_normalize (&rect);
      gtk_snapshot_append_color (snapshot, &fill, &rect);
      gsk_rounded_rect_init_from_rect (&outline, &rect, 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
  else if (self->drag_mode == DRAG_LASSO && self->lasso_path->len > 1)
    {
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (GTK_WIDGET (self)),
                                                                     gtk_widget_get_height (GTK_WIDGET (self))));
      draw_lasso_cb (self, cr, accent);
      cairo_destroy (cr);
    }
}

static void
em_scatter_plot_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  EmScatterPlot *self = EM_SCATTER_PLOT (widget);
  gboolean hc = adw_style_manager_get_high_contrast (adw_style_manager_get_default ());
  EmScatterView view;
  graphene_rect_t plot;
  GskRoundedRect frame;
  GdkRGBA fg, accent, frame_color;
  float widths[4] = { 1, 1, 1, 1 };

  if (gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0)
    return;
  _em_scatter_plot_current_view (self, &view);
  em_scatter_view_get_plot_rect (&view, &plot);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  lookup_color (widget, "accent_color", "#1c71d8", &accent);

  if (_em_scatter_plot_n_points (self) > 0)
    {
      gtk_snapshot_push_clip (snapshot, &plot);
      append_layers (self, snapshot, &view, &plot);
      append_hover (self, snapshot, &view, &fg);
      gtk_snapshot_pop (snapshot);
    }

  append_rubber_band (self, snapshot, &accent);

  /* The frame doubles as the keyboard focus indicator. */
  frame_color = fg;
  frame_color.alpha *= hc ? 0.7 : 0.2;
  if (gtk_widget_has_visible_focus (widget))
    {
      frame_color = accent;
      widths[0] = widths[1] = widths[2] = widths[3] = 2;
    }
  gsk_rounded_rect_init_from_rect (&frame, &plot, 0);
  gtk_snapshot_append_border (snapshot, &frame, widths,
                              (GdkRGBA[4]) { frame_color, frame_color, frame_color, frame_color });

  em_scatter_legend_snapshot (self->legend, widget, snapshot, &plot);
}

static void
em_scatter_plot_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 360;
}

static void
em_scatter_plot_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  EmScatterPlot *self = EM_SCATTER_PLOT (widget);

  if (self->texture != NULL && self->texture_view.width == width && self->texture_view.height == height)
    return;
  _em_scatter_plot_view_changed (self);
}

static void
on_style_changed_cb (EmScatterPlot *self)
{
  em_scatter_legend_invalidate (self->legend);
  _em_scatter_plot_invalidate (self);
}

static void
em_scatter_plot_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  EmScatterPlot *self = EM_SCATTER_PLOT (widget);

  GTK_WIDGET_CLASS (em_scatter_plot_parent_class)->css_changed (widget, change);
  /* Fonts and the foreground colour shape the legend and the rings. */
  em_scatter_legend_invalidate (self->legend);
  gtk_widget_queue_draw (widget);
}

static gboolean
on_query_tooltip_cb (EmScatterPlot *self,
                     int            x,
                     int            y,
                     gboolean       keyboard_mode,
                     GtkTooltip    *tooltip)
{
  g_autofree char *text = NULL;
  double wx, wy;
  const float *p;
  int index;

  if (keyboard_mode || self->tooltip_func == NULL)
    return FALSE;
  index = em_scatter_plot_pick (self, x, y);
  if (index < 0 || (text = self->tooltip_func (index, self->tooltip_data)) == NULL)
    return FALSE;

  /* Moving to another point asks again. */
  p = _em_scatter_plot_point_xy (self, index);
  em_scatter_plot_data_to_widget (self, p[0], p[1], &wx, &wy);
  gtk_tooltip_set_text (tooltip, text);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) wx - EM_SCATTER_PICK_RADIUS,
                                                       (int) wy - EM_SCATTER_PICK_RADIUS,
                                                       2 * EM_SCATTER_PICK_RADIUS,
                                                       2 * EM_SCATTER_PICK_RADIUS });
  return TRUE;
}

static void
clear_tooltip_func (EmScatterPlot *self)
{
  if (self->tooltip_destroy != NULL)
    self->tooltip_destroy (self->tooltip_data);
  self->tooltip_func = NULL;
  self->tooltip_data = NULL;
  self->tooltip_destroy = NULL;
}

static void
em_scatter_plot_dispose (GObject *object)
{
  EmScatterPlot *self = EM_SCATTER_PLOT (object);

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_cancellable_cancel (self->raster_cancellable);
  g_clear_object (&self->raster_cancellable);
  g_clear_pointer (&self->texture, em_scatter_layer_free);
  g_clear_pointer (&self->selection_texture, em_scatter_layer_free);
  g_clear_pointer (&self->points, _em_scatter_points_unref);
  g_clear_pointer (&self->colors, _em_scatter_colors_unref);
  clear_tooltip_func (self);

  G_OBJECT_CLASS (em_scatter_plot_parent_class)->dispose (object);
}

static void
em_scatter_plot_finalize (GObject *object)
{
  EmScatterPlot *self = EM_SCATTER_PLOT (object);

  g_clear_pointer (&self->selection, gtk_bitset_unref);
  g_clear_pointer (&self->lasso_path, g_array_unref);
  g_clear_pointer (&self->legend, em_scatter_legend_free);

  G_OBJECT_CLASS (em_scatter_plot_parent_class)->finalize (object);
}

static void
em_scatter_plot_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EmScatterPlot *self = EM_SCATTER_PLOT (object);

  switch (prop_id)
    {
    case PROP_LASSO:
      g_value_set_boolean (value, self->lasso);
      break;
    case PROP_RENDERING:
      g_value_set_boolean (value, self->rendering);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_scatter_plot_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  EmScatterPlot *self = EM_SCATTER_PLOT (object);

  switch (prop_id)
    {
    case PROP_LASSO:
      em_scatter_plot_set_lasso (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_scatter_plot_class_init (EmScatterPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = em_scatter_plot_dispose;
  object_class->finalize = em_scatter_plot_finalize;
  object_class->get_property = em_scatter_plot_get_property;
  object_class->set_property = em_scatter_plot_set_property;

  widget_class->snapshot = em_scatter_plot_snapshot;
  widget_class->measure = em_scatter_plot_measure;
  widget_class->size_allocate = em_scatter_plot_size_allocate;
  widget_class->css_changed = em_scatter_plot_css_changed;

  /* Ctrl+drag draws a lasso whatever this says. */
  properties[PROP_LASSO] =
    g_param_spec_boolean ("lasso", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE while the texture on screen is not yet the one for the current
   * points, colours and view (waiting for the worker or the pause after
   * zooming). */
  properties[PROP_RENDERING] =
    g_param_spec_boolean ("rendering", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, EM_SCATTER_ZOOM_MIN, EM_SCATTER_ZOOM_MAX, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EmScatterPlot::selection-changed:
   *
   * The selected points changed (by the user or a setter).
   */
  _em_scatter_plot_signals[EM_SCATTER_SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * EmScatterPlot::point-activated:
   * @index: the point clicked
   */
  _em_scatter_plot_signals[EM_SCATTER_POINT_ACTIVATED] =
    g_signal_new ("point-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * EmScatterPlot::label-selection:
   * @label: the #EmLabel to give the selected points
   *
   * 1/2/3 or M/D/B was pressed while points were selected.
   */
  _em_scatter_plot_signals[EM_SCATTER_LABEL_SELECTION] =
    g_signal_new ("label-selection", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  _em_scatter_plot_install_input (widget_class);
  gtk_widget_class_set_css_name (widget_class, "scatterplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
update_accessible (EmScatterPlot *self)
{
  guint n = _em_scatter_plot_n_points (self);
  g_autofree char *label = g_strdup_printf (ngettext ("Scatter plot of %u chunk", "Scatter plot of %u chunks", n), n);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Drag to select chunks, Ctrl+drag to draw a lasso, scroll to zoom"),
                                  -1);
}

static void
em_scatter_plot_init (EmScatterPlot *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  self->zoom = 1.0;
  self->data_w = self->data_h = 1.0;
  self->hover = -1;
  self->pointer_x = self->pointer_y = -1;
  self->selection = gtk_bitset_new_empty ();
  self->lasso_path = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));
  self->legend = em_scatter_legend_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_style_changed_cb), NULL);
  _em_scatter_plot_add_controllers (self);

  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (on_style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::high-contrast", G_CALLBACK (on_style_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_accessible (self);
}

EmScatterPlot *
em_scatter_plot_new (void)
{
  return g_object_new (EM_TYPE_SCATTER_PLOT, NULL);
}

/* The data extent with some padding, so that points on the edge are
 * whole; a flat extent (one point, a line) gets a unit width. */
static void
compute_extent (EmScatterPlot *self)
{
  float x0, y0, x1, y1;

  if (!em_point_grid_get_bounds (self->points->grid, &x0, &y0, &x1, &y1))
    x0 = y0 = x1 = y1 = 0;
  self->data_w = x1 > x0 ? (x1 - (double) x0) * (1 + 2 * DATA_PADDING) : 1.0;
  self->data_h = y1 > y0 ? (y1 - (double) y0) * (1 + 2 * DATA_PADDING) : 1.0;
  self->data_x0 = (x0 + (double) x1) / 2 - self->data_w / 2;
  self->data_y0 = (y0 + (double) y1) / 2 - self->data_h / 2;
}

/**
 * em_scatter_plot_set_points:
 * @self: a scatter plot
 * @xy: (array): @n_points pairs (x, y), copied; points with a NaN
 *   coordinate are not drawn
 * @n_points: the number of points
 *
 * Shows new points, with the whole extent in view. The selection is
 * cleared; colours set before are kept when the number of points is the
 * same (switching between PCA and t-SNE coordinates of the same chunks).
 */
void
em_scatter_plot_set_points (EmScatterPlot *self,
                            const float   *xy,
                            guint          n)
{
  Points *points;

  g_return_if_fail (EM_IS_SCATTER_PLOT (self));
  g_return_if_fail (xy != NULL || n == 0);

  points = g_atomic_rc_box_new0 (Points);
  points->grid = em_point_grid_new (xy, n);
  g_clear_pointer (&self->points, _em_scatter_points_unref);
  self->points = points;
  if (self->colors != NULL && self->colors->color_index != NULL && self->colors->n_index != n)
    {
      Colors *colors = g_atomic_rc_box_new0 (Colors);

      colors->palette = g_memdup2 (self->colors->palette, self->colors->n_colors * sizeof (GdkRGBA));
      colors->n_colors = self->colors->n_colors;
      _em_scatter_colors_unref (self->colors);
      self->colors = colors;
    }
  self->hover = -1;
  compute_extent (self);
  em_scatter_plot_reset_view (self);
  _em_scatter_plot_replace_selection (self, gtk_bitset_new_empty ());
  update_accessible (self);
  _em_scatter_plot_invalidate (self);
}

guint
em_scatter_plot_get_n_points (EmScatterPlot *self)
{
  g_return_val_if_fail (EM_IS_SCATTER_PLOT (self), 0);
  return _em_scatter_plot_n_points (self);
}

/**
 * em_scatter_plot_set_colors:
 * @self: a scatter plot
 * @color_index: (array) (nullable): one entry per point of the last
 *   em_scatter_plot_set_points(), copied; an entry >= @n_colors (such as
 *   %EM_PLOT_NO_CLUSTER) draws the point grey, below the coloured ones.
 *   %NULL draws every point in the first cluster colour.
 * @palette: (array length=n_colors) (nullable): the colours
 * @legend_names: (array length=n_colors) (nullable): a name per colour for
 *   the legend in the top right corner; %NULL for no legend
 * @n_colors: the number of colours
 */
void
em_scatter_plot_set_colors (EmScatterPlot      *self,
                            const guint        *color_index,
                            const GdkRGBA      *palette,
                            const char * const *legend_names,
                            guint               n_colors)
{
  Colors *colors;

  g_return_if_fail (EM_IS_SCATTER_PLOT (self));
  g_return_if_fail (palette != NULL || n_colors == 0);

  colors = g_atomic_rc_box_new0 (Colors);
  colors->n_index = _em_scatter_plot_n_points (self);
  if (color_index != NULL && colors->n_index > 0)
    colors->color_index = g_memdup2 (color_index, colors->n_index * sizeof (guint));
  colors->palette = g_memdup2 (palette, n_colors * sizeof (GdkRGBA));
  colors->n_colors = n_colors;
  g_clear_pointer (&self->colors, _em_scatter_colors_unref);
  self->colors = colors;
  em_scatter_legend_set (self->legend, palette, legend_names, legend_names != NULL ? n_colors : 0);
  _em_scatter_plot_invalidate (self);
}

/**
 * em_scatter_plot_set_tooltip_func:
 * @self: a scatter plot
 * @func: (nullable): returns the text shown over a hovered point
 * @data: passed to @func
 * @destroy: (nullable): frees @data when replaced or on dispose
 */
void
em_scatter_plot_set_tooltip_func (EmScatterPlot        *self,
                                  EmScatterTooltipFunc  func,
                                  gpointer              data,
                                  GDestroyNotify        destroy)
{
  g_return_if_fail (EM_IS_SCATTER_PLOT (self));

  clear_tooltip_func (self);
  self->tooltip_func = func;
  self->tooltip_data = data;
  self->tooltip_destroy = destroy;
}

gboolean
em_scatter_plot_get_lasso (EmScatterPlot *self)
{
  g_return_val_if_fail (EM_IS_SCATTER_PLOT (self), FALSE);
  return self->lasso;
}

/* In lasso mode a plain drag draws a lasso instead of a rectangle. */
void
em_scatter_plot_set_lasso (EmScatterPlot *self,
                           gboolean       lasso)
{
  g_return_if_fail (EM_IS_SCATTER_PLOT (self));

  lasso = !!lasso;
  if (self->lasso == lasso)
    return;
  self->lasso = lasso;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LASSO]);
}

gboolean
em_scatter_plot_get_rendering (EmScatterPlot *self)
{
  g_return_val_if_fail (EM_IS_SCATTER_PLOT (self), FALSE);
  return self->rendering;
}

void
_em_scatter_plot_set_hover (EmScatterPlot *self,
                            int            index)
{
  if (self->hover == index)
    return;
  self->hover = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
