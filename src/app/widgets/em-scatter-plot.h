/* em-scatter-plot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EM_TYPE_SCATTER_PLOT (em_scatter_plot_get_type ())

G_DECLARE_FINAL_TYPE (EmScatterPlot, em_scatter_plot, EM, SCATTER_PLOT, GtkWidget)

/* Returns a new string shown as the tooltip of point @index, or NULL. */
typedef char *(*EmScatterTooltipFunc) (guint    index,
                                       gpointer user_data);

EmScatterPlot *em_scatter_plot_new              (void);
void       em_scatter_plot_set_points           (EmScatterPlot           *self,
                                                 const float             *xy,
                                                 guint                    n_points);
guint      em_scatter_plot_get_n_points         (EmScatterPlot           *self);
void       em_scatter_plot_set_colors           (EmScatterPlot           *self,
                                                 const guint             *color_index,
                                                 const GdkRGBA           *palette,
                                                 const char * const      *legend_names,
                                                 guint                    n_colors);
void       em_scatter_plot_set_tooltip_func     (EmScatterPlot           *self,
                                                 EmScatterTooltipFunc     func,
                                                 gpointer                 data,
                                                 GDestroyNotify           destroy);
GtkBitset *em_scatter_plot_get_selection        (EmScatterPlot           *self);
void       em_scatter_plot_set_selection        (EmScatterPlot           *self,
                                                 GtkBitset               *selection);
void       em_scatter_plot_reset_view           (EmScatterPlot           *self);
int        em_scatter_plot_pick                 (EmScatterPlot           *self,
                                                 double                   widget_x,
                                                 double                   widget_y);
void       em_scatter_plot_select_lasso         (EmScatterPlot           *self,
                                                 const graphene_point_t  *polygon,
                                                 guint                    n_vertices,
                                                 gboolean                 extend);
void       em_scatter_plot_select_rect          (EmScatterPlot           *self,
                                                 const graphene_rect_t   *rect,
                                                 gboolean                 extend);
double     em_scatter_plot_get_zoom             (EmScatterPlot           *self);
void       em_scatter_plot_zoom_at              (EmScatterPlot           *self,
                                                 double                   factor,
                                                 double                   widget_x,
                                                 double                   widget_y);
void       em_scatter_plot_pan                  (EmScatterPlot           *self,
                                                 double                   dx,
                                                 double                   dy);
gboolean   em_scatter_plot_data_to_widget       (EmScatterPlot           *self,
                                                 double                   x,
                                                 double                   y,
                                                 double                  *widget_x,
                                                 double                  *widget_y);
gboolean   em_scatter_plot_get_lasso            (EmScatterPlot           *self);
void       em_scatter_plot_set_lasso            (EmScatterPlot           *self,
                                                 gboolean                 lasso);
gboolean   em_scatter_plot_get_rendering        (EmScatterPlot           *self);

G_END_DECLS
