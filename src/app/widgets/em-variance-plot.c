/* em-variance-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PCA's explained variance: one bar per component, the cumulative ratio
 * as a line, and a cutoff (default 80 %) the user drags up and down; the
 * components needed to reach it (the smallest k whose cumulative ratio is
 * at least the cutoff) are drawn in colour, the rest dimmed, as in
 * Orange's PCA widget. Left/Right add or drop one component (the cutoff
 * moves to that component's cumulative ratio), Up/Down move the cutoff by
 * a percent, Page Up/Down by ten. Bars, line and axis are one cached node;
 * the cutoff line and its label are drawn over it.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "em-plot-axis.h"
#include "em-plot-colors.h"
#include "em-variance-plot.h"

#define AXIS_WIDTH 52.0
#define MARGIN_TOP 10.0
#define MARGIN_RIGHT 12.0
#define MARGIN_BOTTOM 4.0
#define DEFAULT_CUTOFF 0.8
#define SMALL_STEP 0.01
#define LARGE_STEP 0.10

struct _EmVariancePlot
{
  GtkWidget      parent_instance;

  double        *ratios;
  double        *cumulative;
  guint          n;
  double         cutoff;
  guint          n_components;
  double         drag_start_y;

  GskRenderNode *cache;
  int            cache_width;
  int            cache_height;
  guint          cache_n_components;
  EmPlotStyle    cache_style;
};

G_DEFINE_FINAL_TYPE (EmVariancePlot, em_variance_plot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CUTOFF,
  PROP_N_COMPONENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
invalidate (EmVariancePlot *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The smallest k whose first k components explain at least the cutoff
 * (all of them when the ratios given add up to less). */
static guint
count_components (EmVariancePlot *self)
{
  for (guint k = 0; k < self->n; k++)
    if (self->cumulative[k] >= self->cutoff)
      return k + 1;
  return self->n;
}

double
em_variance_plot_get_explained (EmVariancePlot *self)
{
  g_return_val_if_fail (EM_IS_VARIANCE_PLOT (self), 0.0);
  return self->n_components > 0 ? self->cumulative[self->n_components - 1] : 0.0;
}

static char *
describe (EmVariancePlot *self)
{
  /* Translators: "3 components, 82 %": how many PCA components are kept
   * and how much of the variance they explain */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u component, %.0f %%", "%u components, %.0f %%", self->n_components),
                          self->n_components, em_variance_plot_get_explained (self) * 100.0);
}

static void
update_accessible (EmVariancePlot *self)
{
  g_autofree char *text = describe (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 1.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, self->cutoff,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
get_plot (EmVariancePlot  *self,
          graphene_rect_t *plot)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int text_width, text_height;

  em_plot_text_size (GTK_WIDGET (self), "38", &text_width, &text_height);
  graphene_rect_init (plot, AXIS_WIDTH, MARGIN_TOP, MAX (width - AXIS_WIDTH - MARGIN_RIGHT, 1),
                      MAX (height - MARGIN_TOP - MARGIN_BOTTOM - text_height - 2, 1));
}

static double
y_for (const graphene_rect_t *plot,
       double                 ratio)
{
  return plot->origin.y + plot->size.height * (1.0 - ratio);
}

/* Centre of component @k's (from 0) slot. */
static double
x_for (EmVariancePlot        *self,
       const graphene_rect_t *plot,
       guint                  k)
{
  return plot->origin.x + (k + 0.5) * plot->size.width / self->n;
}

static void
append_bars (EmVariancePlot        *self,
             GtkSnapshot           *snapshot,
             const EmPlotStyle     *style,
             const graphene_rect_t *plot)
{
  double slot = plot->size.width / self->n;
  double bar = MAX (1.0, floor (slot * 0.7));
  guint every = 1;
  GdkRGBA kept, dropped;
  int text_width, text_height;

  em_plot_colors_for_cluster (0, style->dark, &kept);
  dropped = style->fg;
  dropped.alpha *= style->high_contrast ? 0.5 : 0.25;
  em_plot_text_size (GTK_WIDGET (self), "38", &text_width, &text_height);
  while (every * slot < text_width + 6 && every < self->n)
    every = every == 1 ? 2 : every == 2 ? 5 : every + 5;

  for (guint k = 0; k < self->n; k++)
    {
      double x = round (x_for (self, plot, k) - bar / 2);
      double top = round (y_for (plot, CLAMP (self->ratios[k], 0.0, 1.0)));
      double bottom = plot->origin.y + plot->size.height;

      gtk_snapshot_append_color (snapshot, k < self->n_components ? &kept : &dropped,
                                 &GRAPHENE_RECT_INIT (x, top, bar, MAX (bottom - top, 1)));
      if ((k + 1) % every == 0 || k == 0)
        {
          char label[16];

          g_snprintf (label, sizeof label, "%u", k + 1);
          em_plot_append_text (GTK_WIDGET (self), snapshot, label, x_for (self, plot, k), bottom + 2, 0.5, 0.0,
                               &style->dim, FALSE);
        }
    }
}

/* The cumulative ratio through the bars' centres, with a dot on each. */
static void
append_cumulative (EmVariancePlot        *self,
                   GtkSnapshot           *snapshot,
                   const EmPlotStyle     *style,
                   const graphene_rect_t *plot)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (plot->origin.x - 4, plot->origin.y - 4,
                                               plot->size.width + 8, plot->size.height + 8);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  double radius = MIN (3.0, plot->size.width / self->n / 3);

  gdk_cairo_set_source_rgba (cr, &style->fg);
  cairo_set_line_width (cr, style->high_contrast ? 2.5 : 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint k = 0; k < self->n; k++)
    cairo_line_to (cr, x_for (self, plot, k), y_for (plot, CLAMP (self->cumulative[k], 0.0, 1.0)));
  cairo_stroke (cr);
  for (guint k = 0; k < self->n && radius >= 1.0; k++)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, x_for (self, plot, k), y_for (plot, CLAMP (self->cumulative[k], 0.0, 1.0)), radius, 0,
                 2 * G_PI);
    }
  cairo_fill (cr);
  cairo_destroy (cr);
}

static GskRenderNode *
build_node (EmVariancePlot    *self,
            const EmPlotStyle *style)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  graphene_rect_t plot;

  get_plot (self, &plot);
  em_plot_axis_append_y (GTK_WIDGET (self), snapshot, style, &plot, 0.0, 1.0, TRUE);
  append_bars (self, snapshot, style, &plot);
  append_cumulative (self, snapshot, style, &plot);
  return gtk_snapshot_free_to_node (snapshot);
}

/* The cutoff line, the last kept component's cumulative point ringed,
 * and "k components, NN %" above the line. */
static void
append_cutoff (EmVariancePlot    *self,
               GtkSnapshot       *snapshot,
               const EmPlotStyle *style)
{
  gboolean focused = gtk_widget_has_focus (GTK_WIDGET (self));
  const GdkRGBA *color = focused ? &style->accent : &style->fg;
  g_autofree char *text = describe (self);
  graphene_rect_t plot;
  double y, x_k;
  int text_width, text_height;

  get_plot (self, &plot);
  y = y_for (&plot, self->cutoff);
  em_plot_append_hline (snapshot, color, plot.origin.x, plot.origin.x + plot.size.width, y,
                        focused || style->high_contrast ? 2.0 : 1.0, !focused);
  x_k = x_for (self, &plot, self->n_components - 1);
  em_plot_append_vline (snapshot, &style->grid, x_k, y, plot.origin.y + plot.size.height, 1.0, FALSE);

  /* Below the line on the right: past the kept components the cumulative
   * line is above the cutoff and the bars are small, so that corner is
   * empty; above the line when the cutoff is too low to leave room. */
  em_plot_text_size (GTK_WIDGET (self), text, &text_width, &text_height);
  y = y + 3 + text_height + 8 > plot.origin.y + plot.size.height ? y - text_height - 3 : y + 3;
  gtk_snapshot_append_color (snapshot, &style->bg,
                             &GRAPHENE_RECT_INIT (plot.origin.x + plot.size.width - text_width - 6, y - 1,
                                                  text_width + 6, text_height + 2));
  em_plot_append_text (GTK_WIDGET (self), snapshot, text, plot.origin.x + plot.size.width - 3, y, 1.0, 0.0,
                       color, TRUE);
}

static void
em_variance_plot_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  EmVariancePlot *self = EM_VARIANCE_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  EmPlotStyle style;

  if (self->n == 0 || width <= 0 || height <= 0)
    return;
  em_plot_style_read (widget, &style);
  if (self->cache == NULL || self->cache_width != width || self->cache_height != height ||
      self->cache_n_components != self->n_components || !em_plot_style_equal (&style, &self->cache_style))
    {
      g_clear_pointer (&self->cache, gsk_render_node_unref);
      self->cache = build_node (self, &style);
      self->cache_width = width;
      self->cache_height = height;
      self->cache_n_components = self->n_components;
      self->cache_style = style;
    }
  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);
  append_cutoff (self, snapshot, &style);
}

static void
em_variance_plot_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 100;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 180;
}

static double
cutoff_at_y (EmVariancePlot *self,
             double          y)
{
  graphene_rect_t plot;

  get_plot (self, &plot);
  return 1.0 - (y - plot.origin.y) / plot.size.height;
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   EmVariancePlot        *self)
{
  double target;

  if (self->n == 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      target = self->n_components >= 2 ? self->cumulative[self->n_components - 2] : 0.0;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      target = self->cumulative[MIN (self->n_components, self->n - 1)];
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      target = self->cutoff + SMALL_STEP;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      target = self->cutoff - SMALL_STEP;
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      target = self->cutoff + LARGE_STEP;
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      target = self->cutoff - LARGE_STEP;
      break;
    default:
      return FALSE;
    }
  em_variance_plot_set_cutoff (self, target);
  return TRUE;
}

static void
on_drag_begin_cb (GtkGestureDrag *gesture,
                  double          x,
                  double          y,
                  EmVariancePlot *self)
{
  if (self->n == 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_start_y = y;
  em_variance_plot_set_cutoff (self, cutoff_at_y (self, y));
}

static void
on_drag_update_cb (GtkGestureDrag *gesture,
                   double          offset_x,
                   double          offset_y,
                   EmVariancePlot *self)
{
  if (self->n == 0)
    return;
  em_variance_plot_set_cutoff (self, cutoff_at_y (self, self->drag_start_y + offset_y));
}

static void
on_redraw_cb (EmVariancePlot *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_style_changed_cb (EmVariancePlot *self)
{
  invalidate (self);
}

static void
em_variance_plot_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (em_variance_plot_parent_class)->css_changed (widget, change);
  invalidate (EM_VARIANCE_PLOT (widget));
}

static void
em_variance_plot_dispose (GObject *object)
{
  EmVariancePlot *self = EM_VARIANCE_PLOT (object);

  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->ratios, g_free);
  g_clear_pointer (&self->cumulative, g_free);

  G_OBJECT_CLASS (em_variance_plot_parent_class)->dispose (object);
}

static void
em_variance_plot_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EmVariancePlot *self = EM_VARIANCE_PLOT (object);

  switch (prop_id)
    {
    case PROP_CUTOFF:
      g_value_set_double (value, self->cutoff);
      break;
    case PROP_N_COMPONENTS:
      g_value_set_uint (value, self->n_components);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_variance_plot_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  EmVariancePlot *self = EM_VARIANCE_PLOT (object);

  switch (prop_id)
    {
    case PROP_CUTOFF:
      em_variance_plot_set_cutoff (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_variance_plot_class_init (EmVariancePlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = em_variance_plot_dispose;
  object_class->get_property = em_variance_plot_get_property;
  object_class->set_property = em_variance_plot_set_property;

  widget_class->snapshot = em_variance_plot_snapshot;
  widget_class->measure = em_variance_plot_measure;
  widget_class->css_changed = em_variance_plot_css_changed;

  properties[PROP_CUTOFF] =
    g_param_spec_double ("cutoff", NULL, NULL, 0.0, 1.0, DEFAULT_CUTOFF,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_COMPONENTS] =
    g_param_spec_uint ("n-components", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "varianceplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
em_variance_plot_init (EmVariancePlot *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->cutoff = DEFAULT_CUTOFF;
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
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Explained variance"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Drag or use the arrow keys to choose how much of the variance the kept components explain"),
                                  -1);
  update_accessible (self);
}

EmVariancePlot *
em_variance_plot_new (void)
{
  return g_object_new (EM_TYPE_VARIANCE_PLOT, NULL);
}

static void
update_n_components (EmVariancePlot *self)
{
  guint k = count_components (self);

  if (k == self->n_components)
    return;
  self->n_components = k;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_COMPONENTS]);
}

/**
 * em_variance_plot_set_ratios:
 * @self: the plot
 * @explained_variance_ratio: (array length=n): each component's share of
 *   the variance, largest first (copied)
 * @n: number of components
 */
void
em_variance_plot_set_ratios (EmVariancePlot *self,
                             const double   *explained_variance_ratio,
                             guint           n)
{
  double sum = 0;

  g_return_if_fail (EM_IS_VARIANCE_PLOT (self));
  g_return_if_fail (explained_variance_ratio != NULL || n == 0);

  g_clear_pointer (&self->ratios, g_free);
  g_clear_pointer (&self->cumulative, g_free);
  self->n = n;
  if (n > 0)
    {
      self->ratios = g_memdup2 (explained_variance_ratio, n * sizeof (double));
      self->cumulative = g_new (double, n);
      for (guint k = 0; k < n; k++)
        {
          sum += isfinite (self->ratios[k]) ? MAX (self->ratios[k], 0.0) : 0.0;
          self->cumulative[k] = sum;
        }
    }
  invalidate (self);
  update_n_components (self);
  update_accessible (self);
}

guint
em_variance_plot_get_n_ratios (EmVariancePlot *self)
{
  g_return_val_if_fail (EM_IS_VARIANCE_PLOT (self), 0);
  return self->n;
}

double
em_variance_plot_get_cutoff (EmVariancePlot *self)
{
  g_return_val_if_fail (EM_IS_VARIANCE_PLOT (self), DEFAULT_CUTOFF);
  return self->cutoff;
}

/* @cutoff: the share of the variance to keep, clamped to 0…1. */
void
em_variance_plot_set_cutoff (EmVariancePlot *self,
                             double          cutoff)
{
  g_return_if_fail (EM_IS_VARIANCE_PLOT (self));

  if (isnan (cutoff))
    return;
  cutoff = CLAMP (cutoff, 0.0, 1.0);
  if (cutoff == self->cutoff)
    return;
  self->cutoff = cutoff;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_n_components (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUTOFF]);
}

guint
em_variance_plot_get_n_components (EmVariancePlot *self)
{
  g_return_val_if_fail (EM_IS_VARIANCE_PLOT (self), 0);
  return self->n_components;
}

/* The widget's y for a (cumulative) ratio, for tests and overlays. */
double
em_variance_plot_get_y_for_ratio (EmVariancePlot *self,
                                  double          ratio)
{
  graphene_rect_t plot;

  g_return_val_if_fail (EM_IS_VARIANCE_PLOT (self), 0.0);

  get_plot (self, &plot);
  return y_for (&plot, ratio);
}
