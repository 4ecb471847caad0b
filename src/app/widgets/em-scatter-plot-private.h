/* em-scatter-plot-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the scatter plot's files: the widget and its drawing
 * (em-scatter-plot.c), its cached layers (em-scatter-plot-layers.c) and
 * its input handling (em-scatter-plot-input.c).
 */

#pragma once

#include "em-point-grid.h"
#include "em-scatter-legend.h"
#include "em-scatter-plot.h"
#include "em-scatter-raster.h"

G_BEGIN_DECLS

/* A point is hit within this many pixels of its centre. */
#define EM_SCATTER_PICK_RADIUS 6.0
/* Each zoom step (key or scroll notch) zooms by this factor. */
#define EM_SCATTER_ZOOM_STEP 1.25
#define EM_SCATTER_ZOOM_MIN 0.5
#define EM_SCATTER_ZOOM_MAX 2000.0

typedef struct
{
  EmPointGrid *grid;     /* owns the coordinates */
} Points;

typedef struct
{
  guint   *color_index;  /* one per point, or NULL */
  guint    n_index;
  GdkRGBA *palette;
  guint    n_colors;
} Colors;

typedef enum
{
  DRAG_NONE,
  DRAG_RECT,
  DRAG_LASSO,
  DRAG_PAN,
} DragMode;

struct _EmScatterPlot
{
  GtkWidget            parent_instance;

  Points              *points;
  Colors              *colors;
  EmScatterLegend     *legend;
  double               data_x0, data_y0, data_w, data_h;  /* padded extent */
  double               zoom;
  double               center_x, center_y;
  GtkBitset           *selection;
  int                  hover;
  gboolean             lasso;

  EmScatterTooltipFunc tooltip_func;
  gpointer             tooltip_data;
  GDestroyNotify       tooltip_destroy;

  /* The cached layers, drawn for texture_view at texture_scale. */
  EmScatterLayer      *texture;
  EmScatterLayer      *selection_texture;
  EmScatterView        texture_view;
  int                  texture_scale;
  guint                texture_serial;
  guint                serial;          /* bumped when points, colours or style change */
  GCancellable        *raster_cancellable;
  guint                debounce_id;
  gboolean             rendering;

  DragMode             drag_mode;
  gboolean             drag_extend;
  double               drag_x, drag_y, drag_dx, drag_dy;
  double               drag_center_x, drag_center_y;
  double               pointer_x, pointer_y;  /* < 0 outside */
  GArray              *lasso_path;      /* graphene_point_t */
};

enum {
  EM_SCATTER_SELECTION_CHANGED,
  EM_SCATTER_POINT_ACTIVATED,
  EM_SCATTER_LABEL_SELECTION,
  EM_SCATTER_N_SIGNALS
};

extern guint _em_scatter_plot_signals[EM_SCATTER_N_SIGNALS];

static inline guint
_em_scatter_plot_n_points (EmScatterPlot *self)
{
  return self->points != NULL ? em_point_grid_get_n_points (self->points->grid) : 0;
}

static inline const float *
_em_scatter_plot_point_xy (EmScatterPlot *self,
                           guint          i)
{
  return em_point_grid_get_xy (self->points->grid) + 2 * i;
}

void     _em_scatter_points_unref       (Points         *points);
void     _em_scatter_colors_unref       (Colors         *colors);
void     _em_scatter_plot_invalidate    (EmScatterPlot  *self);
void     _em_scatter_plot_update_rendering (EmScatterPlot *self);
void     _em_scatter_plot_rebuild_selection_layer (EmScatterPlot *self);
void     _em_scatter_plot_current_view  (EmScatterPlot  *self,
                                         EmScatterView  *view);
gboolean _em_scatter_plot_can_draw      (EmScatterPlot  *self);
void     _em_scatter_plot_view_changed  (EmScatterPlot  *self);
void _em_scatter_plot_install_input    (GtkWidgetClass *widget_class);
void _em_scatter_plot_add_controllers  (EmScatterPlot  *self);
void _em_scatter_plot_set_hover        (EmScatterPlot  *self,
                                        int             index);
void _em_scatter_plot_replace_selection (EmScatterPlot *self,
                                         GtkBitset     *selection);

G_END_DECLS
