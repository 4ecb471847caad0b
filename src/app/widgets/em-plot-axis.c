/* em-plot-axis.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the dendrogram, variance and k-distance plots share: colours read
 * from the style context (GTK 4.8 has no gtk_widget_get_color), "nice"
 * tick steps (1, 2, 5 × 10^k), a labelled vertical axis and small text
 * anchored at a point. Text uses tabular figures so tick labels line up.
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "em-plot-axis.h"

#define TICK_LENGTH 4.0
#define LABEL_GAP 3.0
#define DASH 6.0
#define DASH_GAP 4.0

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *color)
{
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

/* High contrast gets opaque guides and labels; dark mode the lighter
 * accent (libadwaita's accent_color already is). */
void
em_plot_style_read (GtkWidget   *widget,
                    EmPlotStyle *style)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  AdwStyleManager *manager = adw_style_manager_get_default ();

  style->dark = adw_style_manager_get_dark (manager);
  style->high_contrast = adw_style_manager_get_high_contrast (manager);
  gtk_style_context_get_color (context, &style->fg);
  style->dim = style->fg;
  style->dim.alpha *= style->high_contrast ? 0.9 : 0.6;
  style->grid = style->fg;
  style->grid.alpha *= style->high_contrast ? 0.35 : 0.12;
  lookup_color (context, "accent_color", style->dark ? "#78aeed" : "#1c71d8", &style->accent);
  lookup_color (context, "view_bg_color", style->dark ? "#1e1e1e" : "#ffffff", &style->bg);
  style->bg.alpha = 0.85;
}

gboolean
em_plot_style_equal (const EmPlotStyle *a,
                     const EmPlotStyle *b)
{
  return a->dark == b->dark &&
         a->high_contrast == b->high_contrast &&
         gdk_rgba_equal (&a->fg, &b->fg) &&
         gdk_rgba_equal (&a->accent, &b->accent);
}

/* Calls @changed (@widget) when dark mode or high contrast changes, for as
 * long as @widget lives. */
void
em_plot_style_connect (GtkWidget *widget,
                       GCallback  changed)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  g_signal_connect_object (manager, "notify::dark", changed, widget, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::high-contrast", changed, widget, G_CONNECT_SWAPPED);
}

/* The smallest step of 1, 2 or 5 × 10^k that gives at most @max_ticks
 * intervals over @range. */
double
em_plot_axis_step (double range,
                   guint  max_ticks)
{
  static const double mantissas[] = { 1.0, 2.0, 5.0, 10.0 };
  double raw, magnitude;

  if (!(range > 0) || max_ticks == 0)
    return 1.0;
  raw = range / max_ticks;
  magnitude = pow (10.0, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
    if (mantissas[i] * magnitude >= raw * (1 - 1e-9))
      return mantissas[i] * magnitude;
  return 10.0 * magnitude;
}

static PangoLayout *
create_layout (GtkWidget  *widget,
               const char *text,
               gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

void
em_plot_text_size (GtkWidget  *widget,
                   const char *text,
                   int        *width,
                   int        *height)
{
  g_autoptr(PangoLayout) layout = create_layout (widget, text, FALSE);

  pango_layout_get_pixel_size (layout, width, height);
}

/* Draws @text so that the point (@xalign, @yalign) of its box (0 = left
 * or top, 1 = right or bottom) lands on (@x, @y). */
void
em_plot_append_text (GtkWidget     *widget,
                     GtkSnapshot   *snapshot,
                     const char    *text,
                     double         x,
                     double         y,
                     double         xalign,
                     double         yalign,
                     const GdkRGBA *color,
                     gboolean       bold)
{
  g_autoptr(PangoLayout) layout = create_layout (widget, text, bold);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x - xalign * width), round (y - yalign * height)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
format_tick (char     *buf,
             gsize     size,
             double    value,
             double    step,
             gboolean  percent)
{
  int decimals = step >= 1 ? 0 : (int) ceil (-log10 (step) - 1e-9);

  if (percent)
    g_snprintf (buf, size, "%.*f %%", MAX (decimals - 2, 0), value * 100.0);
  else if (fabs (value) >= 1e5 || (value != 0 && fabs (value) < 1e-3))
    g_snprintf (buf, size, "%.2g", value);
  else
    g_snprintf (buf, size, "%.*f", decimals, value);
}

/* A vertical axis on the left edge of @plot from @min (bottom) to @max
 * (top): tick marks, labels to their left and faint guides across. */
void
em_plot_axis_append_y (GtkWidget             *widget,
                       GtkSnapshot           *snapshot,
                       const EmPlotStyle     *style,
                       const graphene_rect_t *plot,
                       double                 min,
                       double                 max,
                       gboolean               percent)
{
  double step, first;
  guint max_ticks;

  if (!(max > min) || plot->size.height < 8)
    return;
  max_ticks = MAX (1, (guint) (plot->size.height / 36));
  step = em_plot_axis_step (max - min, max_ticks);
  first = ceil (min / step - 1e-9) * step;

  gtk_snapshot_append_color (snapshot, &style->dim,
                             &GRAPHENE_RECT_INIT (plot->origin.x - 1, plot->origin.y, 1, plot->size.height));
  for (guint i = 0; i <= max_ticks + 1; i++)
    {
      double value = first + i * step;
      double y;
      char label[32];

      if (value > max + step * 1e-6)
        break;
      y = floor (plot->origin.y + plot->size.height * (1 - (value - min) / (max - min)));
      y = MIN (y, plot->origin.y + plot->size.height - 1);
      gtk_snapshot_append_color (snapshot, &style->grid,
                                 &GRAPHENE_RECT_INIT (plot->origin.x, y, plot->size.width, 1));
      gtk_snapshot_append_color (snapshot, &style->dim,
                                 &GRAPHENE_RECT_INIT (plot->origin.x - 1 - TICK_LENGTH, y, TICK_LENGTH, 1));
      format_tick (label, sizeof label, fabs (value) < step * 1e-9 ? 0.0 : value, step, percent);
      em_plot_append_text (widget, snapshot, label, plot->origin.x - 1 - TICK_LENGTH - LABEL_GAP, y + 0.5,
                           1.0, 0.5, &style->dim, FALSE);
    }
}

void
em_plot_append_hline (GtkSnapshot   *snapshot,
                      const GdkRGBA *color,
                      double         x0,
                      double         x1,
                      double         y,
                      double         thickness,
                      gboolean       dashed)
{
  double top = round (y - thickness / 2);

  if (!dashed)
    {
      gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x0, top, x1 - x0, thickness));
      return;
    }
  for (double x = x0; x < x1; x += DASH + DASH_GAP)
    gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, top, MIN (DASH, x1 - x), thickness));
}

void
em_plot_append_vline (GtkSnapshot   *snapshot,
                      const GdkRGBA *color,
                      double         x,
                      double         y0,
                      double         y1,
                      double         thickness,
                      gboolean       dashed)
{
  double left = round (x - thickness / 2);

  if (!dashed)
    {
      gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (left, y0, thickness, y1 - y0));
      return;
    }
  for (double y = y0; y < y1; y += DASH + DASH_GAP)
    gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (left, y, thickness, MIN (DASH, y1 - y)));
}
