/* em-scatter-raster.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to EmScatterPlot: the view transform and the point rasteriser
 * that runs in a worker thread.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Empty border around the plot area, in logical pixels: room for the
 * frame and for points on the edge of the data. */
#define EM_SCATTER_MARGIN 12.0

/* The data rectangle shown in the plot area of a widget of the given
 * size; y grows upwards in data space. */
typedef struct
{
  double x0, y0;
  double w, h;
  int    width, height;
} EmScatterView;

/* Everything the rasteriser reads; the arrays belong to the caller and
 * must not change while it runs. */
typedef struct
{
  const float   *xy;
  guint          n_points;
  const guint   *color_index;  /* n_points entries, or NULL: all default_color */
  const GdkRGBA *palette;
  guint          n_colors;
  GdkRGBA        default_color;
  GdkRGBA        none_color;   /* color_index[i] >= n_colors */
  GdkRGBA        outline;      /* ring around selected points */
  double         alpha;        /* opacity of unselected points */
  double         radius;       /* logical pixels */
} EmScatterPaint;

/* Rasterised points as both a texture (uploaded once by the GL renderer)
 * and a cairo surface over the same memory: the cairo renderer would
 * convert a texture's pixels on every frame, a cairo node only paints. */
typedef struct _EmScatterLayer EmScatterLayer;

EmScatterLayer *em_scatter_layer_new    (GBytes                *pixels,
                                         gsize                  stride,
                                         int                    width,
                                         int                    height);
void            em_scatter_layer_free   (EmScatterLayer        *layer);
void            em_scatter_layers_append (EmScatterLayer      **layers,
                                          guint                 n_layers,
                                          GtkSnapshot          *snapshot,
                                          const graphene_rect_t *dest,
                                          const graphene_rect_t *clip,
                                          gboolean              use_cairo);

void    em_scatter_view_map       (const EmScatterView  *view,
                                   double                x,
                                   double                y,
                                   double               *wx,
                                   double               *wy);
void    em_scatter_view_unmap     (const EmScatterView  *view,
                                   double                wx,
                                   double                wy,
                                   double               *x,
                                   double               *y);
void    em_scatter_view_get_plot_rect (const EmScatterView *view,
                                       graphene_rect_t     *rect);
gboolean em_scatter_view_equal    (const EmScatterView  *a,
                                   const EmScatterView  *b);
GdkRGBA em_scatter_paint_color    (const EmScatterPaint *paint,
                                   guint                 index);
GBytes *em_scatter_raster         (const EmScatterPaint *paint,
                                   const EmScatterView  *view,
                                   int                   scale,
                                   const guint          *subset,
                                   guint                 n_subset,
                                   gboolean              selected,
                                   GCancellable         *cancellable,
                                   gsize                *stride);

G_END_DECLS
