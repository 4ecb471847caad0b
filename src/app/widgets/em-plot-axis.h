/* em-plot-axis.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Colours a plot reads from its style context, re-read when the style
 * manager switches dark mode or high contrast. */
typedef struct
{
  GdkRGBA  fg;       /* lines, text */
  GdkRGBA  dim;      /* axis labels and ticks */
  GdkRGBA  grid;     /* faint guides */
  GdkRGBA  accent;   /* the draggable marker when focused */
  GdkRGBA  bg;       /* behind labels drawn over the plot */
  gboolean dark;
  gboolean high_contrast;
} EmPlotStyle;

void     em_plot_style_read     (GtkWidget         *widget,
                                 EmPlotStyle       *style);
gboolean em_plot_style_equal    (const EmPlotStyle *a,
                                 const EmPlotStyle *b);
void     em_plot_style_connect  (GtkWidget         *widget,
                                 GCallback          changed);

double   em_plot_axis_step      (double             range,
                                 guint              max_ticks);
void     em_plot_axis_append_y  (GtkWidget         *widget,
                                 GtkSnapshot       *snapshot,
                                 const EmPlotStyle *style,
                                 const graphene_rect_t *plot,
                                 double             min,
                                 double             max,
                                 gboolean           percent);
void     em_plot_append_text    (GtkWidget         *widget,
                                 GtkSnapshot       *snapshot,
                                 const char        *text,
                                 double             x,
                                 double             y,
                                 double             xalign,
                                 double             yalign,
                                 const GdkRGBA     *color,
                                 gboolean           bold);
void     em_plot_text_size      (GtkWidget         *widget,
                                 const char        *text,
                                 int               *width,
                                 int               *height);
void     em_plot_append_hline   (GtkSnapshot       *snapshot,
                                 const GdkRGBA     *color,
                                 double             x0,
                                 double             x1,
                                 double             y,
                                 double             thickness,
                                 gboolean           dashed);
void     em_plot_append_vline   (GtkSnapshot       *snapshot,
                                 const GdkRGBA     *color,
                                 double             x,
                                 double             y0,
                                 double             y1,
                                 double             thickness,
                                 gboolean           dashed);

G_END_DECLS
