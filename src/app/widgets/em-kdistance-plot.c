/* em-kdistance-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sorted k-distance curve used to pick DBSCAN's eps: the curve (one
 * vertical run per pixel column, so 30,000 distances cost the width of
 * the plot), the suggested eps (the knee libearmark found) as a faint
 * guide with a dot where the curve crosses it, and the chosen eps as a
 * line the user clicks or drags, or moves with Up/Down (Page Up/Down for
 * bigger steps, Home back to the suggestion). The curve and axis are one
 * cached node; the eps line is drawn over it.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "em-kdistance-plot.h"
#include "em-plot-axis.h"
#include "em-plot-colors.h"

#define AXIS_WIDTH 52.0
#define MARGIN_TOP 10.0
#define MARGIN_RIGHT 12.0
#define MARGIN_BOTTOM 8.0
#define TOP_HEADROOM 1.05
#define SMALL_STEP 0.01  /* of the axis range */
#define LARGE_STEP 0.10

struct _EmKDistancePlot
{
  GtkWidget      parent_instance;

  double        *kdist;
  guint          n;
  double         suggested;
  double         top;
  double         eps;
  double         drag_start_y;

  GskRenderNode *cache;
  int            cache_width;
  int            cache_height;
  EmPlotStyle    cache_style;
};

G_DEFINE_FINAL_TYPE (EmKDistancePlot, em_kdistance_plot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
invalidate (EmKDistancePlot *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_accessible (EmKDistancePlot *self)
{
  g_autofree char *text = NULL;

  /* Translators: the DBSCAN radius chosen on the k-distance plot */
  text = g_strdup_printf (_("eps %.3g (suggested %.3g)"), self->eps, self->suggested);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, self->top,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, self->eps,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
get_plot (EmKDistancePlot *self,
          graphene_rect_t *plot)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  graphene_rect_init (plot, AXIS_WIDTH, MARGIN_TOP, MAX (width - AXIS_WIDTH - MARGIN_RIGHT, 1),
                      MAX (height - MARGIN_TOP - MARGIN_BOTTOM, 1));
}

static double
y_for (EmKDistancePlot       *self,
       const graphene_rect_t *plot,
       double                 value)
{
  return plot->origin.y + plot->size.height * (1.0 - value / self->top);
}

/* The curve, one vertical run per pixel column: the distances are sorted,
 * so a column's range is its first and last value. */
static void
append_curve (EmKDistancePlot       *self,
              GtkSnapshot           *snapshot,
              const EmPlotStyle     *style,
              const graphene_rect_t *plot)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (plot->origin.x - 2, plot->origin.y - 2,
                                               plot->size.width + 4, plot->size.height + 4);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  int columns = MAX ((int) plot->size.width, 1);
  GdkRGBA color;

  em_plot_colors_for_cluster (0, style->dark, &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_set_line_width (cr, style->high_contrast ? 2.5 : 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (int c = 0; c < columns; c++)
    {
      gsize first = (gsize) ((double) c / columns * self->n);
      gsize last = MAX ((gsize) ((double) (c + 1) / columns * self->n), first + 1) - 1;
      double x = plot->origin.x + (c + 0.5) * plot->size.width / columns;

      if (first >= self->n)
        break;
      cairo_line_to (cr, x, y_for (self, plot, self->kdist[first]));
      if (last != first)
        cairo_line_to (cr, x, y_for (self, plot, self->kdist[MIN (last, self->n - 1)]));
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
}

/* Where the curve first reaches @value, as a widget x. */
static double
x_where (EmKDistancePlot       *self,
         const graphene_rect_t *plot,
         double                 value)
{
  gsize lo = 0, hi = self->n;

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;

      if (self->kdist[mid] < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return plot->origin.x + (lo + 0.5) / self->n * plot->size.width;
}

static void
append_suggestion (EmKDistancePlot       *self,
                   GtkSnapshot           *snapshot,
                   const EmPlotStyle     *style,
                   const graphene_rect_t *plot)
{
  double y = y_for (self, plot, self->suggested);
  double x = x_where (self, plot, self->suggested);
  char text[64];

  if (!(self->suggested > 0) || self->suggested > self->top)
    return;
  em_plot_append_hline (snapshot, &style->dim, plot->origin.x, plot->origin.x + plot->size.width, y, 1.0, TRUE);
  gtk_snapshot_append_color (snapshot, &style->fg, &GRAPHENE_RECT_INIT (round (x) - 3, round (y) - 3, 7, 7));
  /* Translators: label of the knee found on the k-distance curve */
  g_snprintf (text, sizeof text, _("suggested %.3g"), self->suggested);
  em_plot_append_text (GTK_WIDGET (self), snapshot, text, plot->origin.x + 4, y + 3, 0.0, 0.0, &style->dim,
                       FALSE);
}

static GskRenderNode *
build_node (EmKDistancePlot   *self,
            const EmPlotStyle *style)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  graphene_rect_t plot;

  get_plot (self, &plot);
  em_plot_axis_append_y (GTK_WIDGET (self), snapshot, style, &plot, 0.0, self->top, FALSE);
  append_curve (self, snapshot, style, &plot);
  append_suggestion (self, snapshot, style, &plot);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
append_eps (EmKDistancePlot   *self,
            GtkSnapshot       *snapshot,
            const EmPlotStyle *style)
{
  gboolean focused = gtk_widget_has_focus (GTK_WIDGET (self));
  const GdkRGBA *color = focused ? &style->accent : &style->fg;
  graphene_rect_t plot;
  char text[64];
  double y;
  int text_width, text_height;

  get_plot (self, &plot);
  y = CLAMP (y_for (self, &plot, self->eps), plot.origin.y, plot.origin.y + plot.size.height);
  em_plot_append_hline (snapshot, color, plot.origin.x, plot.origin.x + plot.size.width, y,
                        focused || style->high_contrast ? 2.0 : 1.5, FALSE);
  /* Translators: the chosen DBSCAN radius on the k-distance plot */
  g_snprintf (text, sizeof text, _("eps %.3g"), self->eps);
  em_plot_text_size (GTK_WIDGET (self), text, &text_width, &text_height);
  y = y - text_height - 3 < plot.origin.y ? y + 3 : y - text_height - 3;
  gtk_snapshot_append_color (snapshot, &style->bg,
                             &GRAPHENE_RECT_INIT (plot.origin.x + plot.size.width - text_width - 6, y - 1,
                                                  text_width + 6, text_height + 2));
  em_plot_append_text (GTK_WIDGET (self), snapshot, text, plot.origin.x + plot.size.width - 3, y, 1.0, 0.0,
                       color, TRUE);
}

static void
em_kdistance_plot_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  EmKDistancePlot *self = EM_KDISTANCE_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  EmPlotStyle style;

  if (self->n == 0 || width <= 0 || height <= 0)
    return;
  em_plot_style_read (widget, &style);
  if (self->cache == NULL || self->cache_width != width || self->cache_height != height ||
      !em_plot_style_equal (&style, &self->cache_style))
    {
      g_clear_pointer (&self->cache, gsk_render_node_unref);
      self->cache = build_node (self, &style);
      self->cache_width = width;
      self->cache_height = height;
      self->cache_style = style;
    }
  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);
  append_eps (self, snapshot, &style);
}

static void
em_kdistance_plot_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 90;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 160;
}

static double
eps_at_y (EmKDistancePlot *self,
          double           y)
{
  graphene_rect_t plot;

  get_plot (self, &plot);
  return (1.0 - (y - plot.origin.y) / plot.size.height) * self->top;
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   EmKDistancePlot       *self)
{
  double target;

  if (self->n == 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      target = self->eps + SMALL_STEP * self->top;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      target = self->eps - SMALL_STEP * self->top;
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      target = self->eps + LARGE_STEP * self->top;
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      target = self->eps - LARGE_STEP * self->top;
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      target = self->suggested;
      break;
    default:
      return FALSE;
    }
  em_kdistance_plot_set_eps (self, CLAMP (target, 0.0, self->top));
  return TRUE;
}

static void
on_drag_begin_cb (GtkGestureDrag  *gesture,
                  double           x,
                  double           y,
                  EmKDistancePlot *self)
{
  if (self->n == 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_start_y = y;
  em_kdistance_plot_set_eps (self, CLAMP (eps_at_y (self, y), 0.0, self->top));
}

static void
on_drag_update_cb (GtkGestureDrag  *gesture,
                   double           offset_x,
                   double           offset_y,
                   EmKDistancePlot *self)
{
  if (self->n == 0)
    return;
  em_kdistance_plot_set_eps (self, CLAMP (eps_at_y (self, self->drag_start_y + offset_y), 0.0, self->top));
}

static void
on_redraw_cb (EmKDistancePlot *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_style_changed_cb (EmKDistancePlot *self)
{
  invalidate (self);
}

static void
em_kdistance_plot_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (em_kdistance_plot_parent_class)->css_changed (widget, change);
  invalidate (EM_KDISTANCE_PLOT (widget));
}

static void
em_kdistance_plot_dispose (GObject *object)
{
  EmKDistancePlot *self = EM_KDISTANCE_PLOT (object);

  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->kdist, g_free);

  G_OBJECT_CLASS (em_kdistance_plot_parent_class)->dispose (object);
}

static void
em_kdistance_plot_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EmKDistancePlot *self = EM_KDISTANCE_PLOT (object);

  switch (prop_id)
    {
    case PROP_EPS:
      g_value_set_double (value, self->eps);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_kdistance_plot_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EmKDistancePlot *self = EM_KDISTANCE_PLOT (object);

  switch (prop_id)
    {
    case PROP_EPS:
      em_kdistance_plot_set_eps (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_kdistance_plot_class_init (EmKDistancePlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = em_kdistance_plot_dispose;
  object_class->get_property = em_kdistance_plot_get_property;
  object_class->set_property = em_kdistance_plot_set_property;

  widget_class->snapshot = em_kdistance_plot_snapshot;
  widget_class->measure = em_kdistance_plot_measure;
  widget_class->css_changed = em_kdistance_plot_css_changed;

  properties[PROP_EPS] =
    g_param_spec_double ("eps", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "kdistanceplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
em_kdistance_plot_init (EmKDistancePlot *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->top = 1.0;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (on_redraw_cb), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_redraw_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  em_plot_style_connect (GTK_WIDGET (self), G_CALLBACK (on_style_changed_cb));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sorted k-distances"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Click, drag or use the arrow keys to choose the DBSCAN radius"),
                                  -1);
  update_accessible (self);
}

EmKDistancePlot *
em_kdistance_plot_new (void)
{
  return g_object_new (EM_TYPE_KDISTANCE_PLOT, NULL);
}

/**
 * em_kdistance_plot_set_distances:
 * @self: the plot
 * @sorted_kdist: (array length=n): each point's distance to its k-th
 *   neighbour, ascending (copied)
 * @n: number of points
 * @suggested_eps: the knee of the curve; eps is set to it
 */
void
em_kdistance_plot_set_distances (EmKDistancePlot *self,
                                 const double    *sorted_kdist,
                                 guint            n,
                                 double           suggested_eps)
{
  double max = 0;

  g_return_if_fail (EM_IS_KDISTANCE_PLOT (self));
  g_return_if_fail (sorted_kdist != NULL || n == 0);

  g_clear_pointer (&self->kdist, g_free);
  self->n = n;
  if (n > 0)
    self->kdist = g_memdup2 (sorted_kdist, n * sizeof (double));
  for (guint i = 0; i < n; i++)
    if (isfinite (sorted_kdist[i]))
      max = MAX (max, sorted_kdist[i]);
  self->suggested = isfinite (suggested_eps) ? MAX (suggested_eps, 0.0) : 0.0;
  max = MAX (max, self->suggested);
  self->top = max > 0 ? max * TOP_HEADROOM : 1.0;
  invalidate (self);
  em_kdistance_plot_set_eps (self, self->suggested);
  update_accessible (self);
}

double
em_kdistance_plot_get_suggested_eps (EmKDistancePlot *self)
{
  g_return_val_if_fail (EM_IS_KDISTANCE_PLOT (self), 0.0);
  return self->suggested;
}

double
em_kdistance_plot_get_eps (EmKDistancePlot *self)
{
  g_return_val_if_fail (EM_IS_KDISTANCE_PLOT (self), 0.0);
  return self->eps;
}

/* Any eps ≥ 0 is kept; the line is drawn at the plot's edge when it is
 * above the curve's range. */
void
em_kdistance_plot_set_eps (EmKDistancePlot *self,
                           double           eps)
{
  g_return_if_fail (EM_IS_KDISTANCE_PLOT (self));

  if (isnan (eps))
    return;
  eps = MAX (eps, 0.0);
  if (eps == self->eps)
    return;
  self->eps = eps;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPS]);
}

/* The widget's y for a distance, for tests and overlays. */
double
em_kdistance_plot_get_y_for_eps (EmKDistancePlot *self,
                                 double           eps)
{
  graphene_rect_t plot;

  g_return_val_if_fail (EM_IS_KDISTANCE_PLOT (self), 0.0);

  get_plot (self, &plot);
  return y_for (self, &plot, eps);
}
