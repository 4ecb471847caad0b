/* em-learning-curve-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cross-validated accuracy against the number of labels: a line with a
 * dot per point and a band of ± one standard deviation of the folds.  A
 * curve still climbing at its right end says more labels will help.  A
 * handful of points, so the line is drawn with cairo inside snapshot()
 * (gtk_snapshot_append_cairo), the axes and numbers with Pango layouts.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "em-learning-curve-plot.h"

#define PAD_LEFT   48.0
#define PAD_RIGHT  20.0
#define PAD_TOP    16.0
#define PAD_BOTTOM 44.0

struct _EmLearningCurvePlot
{
  GtkWidget  parent_instance;

  guint      n_points;
  double    *x;      /* labels */
  double    *mean;
  double    *std;
};

G_DEFINE_FINAL_TYPE (EmLearningCurvePlot, em_learning_curve_plot, GTK_TYPE_WIDGET)

typedef struct
{
  double left, top, width, height;
  double x_min, x_max;
  double y_min, y_max;
} Frame;

static double
px (const Frame *f,
    double       x)
{
  return f->left + (f->x_max > f->x_min ? (x - f->x_min) / (f->x_max - f->x_min) : 0.5) * f->width;
}

static double
py (const Frame *f,
    double       y)
{
  return f->top + (1.0 - (y - f->y_min) / (f->y_max - f->y_min)) * f->height;
}

/* The accuracy axis spans whole tenths around the data (and the band). */
static void
compute_frame (EmLearningCurvePlot *self,
               Frame               *f)
{
  double lo = 1.0, hi = 0.0;

  f->left = PAD_LEFT;
  f->top = PAD_TOP;
  f->width = MAX (1.0, gtk_widget_get_width (GTK_WIDGET (self)) - PAD_LEFT - PAD_RIGHT);
  f->height = MAX (1.0, gtk_widget_get_height (GTK_WIDGET (self)) - PAD_TOP - PAD_BOTTOM);
  /* from the first point to the last, with a little air on both sides */
  f->x_min = self->n_points > 0 ? self->x[0] : 0.0;
  f->x_max = self->n_points > 0 ? self->x[self->n_points - 1] : 1.0;
  f->x_min -= 0.04 * (f->x_max - f->x_min);
  f->x_max += 0.04 * (f->x_max - f->x_min);

  for (guint i = 0; i < self->n_points; i++)
    {
      lo = MIN (lo, self->mean[i] - self->std[i]);
      hi = MAX (hi, self->mean[i] + self->std[i]);
    }
  f->y_min = CLAMP (floor (lo * 10.0) / 10.0, 0.0, 0.9);
  f->y_max = CLAMP (ceil (hi * 10.0) / 10.0, f->y_min + 0.1, 1.0);
}

static void
append_label (EmLearningCurvePlot *self,
              GtkSnapshot         *snapshot,
              const char          *text,
              double               x,
              double               y,
              double               x_align,
              double               y_align,
              const GdkRGBA       *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();
  int w, h;

  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &w, &h);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x - w * x_align), round (y - h * y_align)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
append_axes (EmLearningCurvePlot *self,
             GtkSnapshot         *snapshot,
             const Frame         *f,
             const GdkRGBA       *fg)
{
  GdkRGBA grid = *fg, dim = *fg;

  grid.alpha *= 0.12;
  dim.alpha *= 0.6;

  for (double y = f->y_min; y <= f->y_max + 1e-9; y += 0.1)
    {
      g_autofree char *text = g_strdup_printf ("%.1f", y);

      gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (f->left, round (py (f, y)), f->width, 1));
      append_label (self, snapshot, text, f->left - 6, py (f, y), 1.0, 0.5, &dim);
    }

  for (guint i = 0; i < self->n_points; i++)
    {
      g_autofree char *text = g_strdup_printf ("%.0f", self->x[i]);
      append_label (self, snapshot, text, px (f, self->x[i]), f->top + f->height + 4, 0.5, 0.0, &dim);
    }

  append_label (self, snapshot, _("Labelled clips"), f->left + f->width / 2.0,
                f->top + f->height + PAD_BOTTOM - 2, 0.5, 1.0, &dim);
}

static void
draw_curve (EmLearningCurvePlot *self,
            cairo_t             *cr,
            const Frame         *f,
            const GdkRGBA       *accent)
{
  /* the ± std band */
  cairo_set_source_rgba (cr, accent->red, accent->green, accent->blue, 0.18);
  for (guint i = 0; i < self->n_points; i++)
    cairo_line_to (cr, px (f, self->x[i]), py (f, CLAMP (self->mean[i] + self->std[i], f->y_min, f->y_max)));
  for (guint i = self->n_points; i-- > 0;)
    cairo_line_to (cr, px (f, self->x[i]), py (f, CLAMP (self->mean[i] - self->std[i], f->y_min, f->y_max)));
  cairo_close_path (cr);
  cairo_fill (cr);

  /* the mean line and its points */
  gdk_cairo_set_source_rgba (cr, accent);
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->n_points; i++)
    cairo_line_to (cr, px (f, self->x[i]), py (f, self->mean[i]));
  cairo_stroke (cr);
  for (guint i = 0; i < self->n_points; i++)
    {
      cairo_arc (cr, px (f, self->x[i]), py (f, self->mean[i]), 4.0, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
em_learning_curve_plot_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  EmLearningCurvePlot *self = EM_LEARNING_CURVE_PLOT (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GdkRGBA fg, accent;
  cairo_t *cr;
  Frame f;

  if (self->n_points == 0 || width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, dark ? "blue_2" : "blue_4", &accent))
    gdk_rgba_parse (&accent, dark ? "#62a0ea" : "#1c71d8");
  compute_frame (self, &f);

  append_axes (self, snapshot, &f, &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_curve (self, cr, &f, &accent);
  cairo_destroy (cr);
}

static void
em_learning_curve_plot_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 420 : 220;
}

static void
em_learning_curve_plot_finalize (GObject *object)
{
  EmLearningCurvePlot *self = EM_LEARNING_CURVE_PLOT (object);

  g_free (self->x);
  g_free (self->mean);
  g_free (self->std);

  G_OBJECT_CLASS (em_learning_curve_plot_parent_class)->finalize (object);
}

static void
em_learning_curve_plot_class_init (EmLearningCurvePlotClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = em_learning_curve_plot_finalize;
  widget_class->snapshot = em_learning_curve_plot_snapshot;
  widget_class->measure = em_learning_curve_plot_measure;

  gtk_widget_class_set_css_name (widget_class, "learningcurve");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
em_learning_curve_plot_init (EmLearningCurvePlot *self)
{
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Learning curve: cross-validated accuracy against the number of labelled clips"),
                                  -1);
}

GtkWidget *
em_learning_curve_plot_new (void)
{
  return g_object_new (EM_TYPE_LEARNING_CURVE_PLOT, NULL);
}

/**
 * em_learning_curve_plot_set_points:
 * @self: a plot
 * @n_labels: (array length=n_points): labels at each point, increasing
 * @mean_accuracy: (array length=n_points): accuracy at each point
 * @std_accuracy: (array length=n_points): its standard deviation over folds
 * @n_points: number of points (0 clears the plot)
 */
void
em_learning_curve_plot_set_points (EmLearningCurvePlot *self,
                                   const gsize         *n_labels,
                                   const double        *mean_accuracy,
                                   const double        *std_accuracy,
                                   guint                n_points)
{
  GString *description = g_string_new (NULL);

  g_return_if_fail (EM_IS_LEARNING_CURVE_PLOT (self));

  self->n_points = n_points;
  self->x = g_renew (double, self->x, MAX (n_points, 1));
  self->mean = g_renew (double, self->mean, MAX (n_points, 1));
  self->std = g_renew (double, self->std, MAX (n_points, 1));
  for (guint i = 0; i < n_points; i++)
    {
      self->x[i] = (double)n_labels[i];
      self->mean[i] = mean_accuracy[i];
      self->std[i] = std_accuracy[i];
      /* Translators: one point of the learning curve, e.g. "24 labels: 0.81" */
      g_string_append_printf (description, _("%s%" G_GSIZE_FORMAT " labels: %.2f"),
                              i > 0 ? ", " : "", n_labels[i], mean_accuracy[i]);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description->str, -1);
  g_string_free (description, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
em_learning_curve_plot_get_n_points (EmLearningCurvePlot *self)
{
  g_return_val_if_fail (EM_IS_LEARNING_CURVE_PLOT (self), 0);

  return self->n_points;
}
