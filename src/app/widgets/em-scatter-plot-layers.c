/* em-scatter-plot-layers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scatter plot's cached layers: the whole point cloud rasterised in
 * a GTask worker from immutable, reference-counted copies of the points
 * and colours (so the main thread may replace them meanwhile), and the
 * selected points drawn synchronously over the same view. A result drawn
 * from data that has changed since is dropped; one drawn for an older
 * view is kept, since snapshot() moves and scales it to the current one.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "em-plot-colors.h"
#include "em-scatter-plot-private.h"

/* Re-raster this long after the last zoom or pan step. */
#define RERASTER_DELAY_MS 150

static void
points_clear (Points *points)
{
  em_point_grid_free (points->grid);
}

static Points *
points_ref (Points *points)
{
  return g_atomic_rc_box_acquire (points);
}

void
_em_scatter_points_unref (Points *points)
{
  g_atomic_rc_box_release_full (points, (GDestroyNotify) points_clear);
}

static void
colors_clear (Colors *colors)
{
  g_free (colors->color_index);
  g_free (colors->palette);
}

static Colors *
colors_ref (Colors *colors)
{
  return g_atomic_rc_box_acquire (colors);
}

void
_em_scatter_colors_unref (Colors *colors)
{
  g_atomic_rc_box_release_full (colors, (GDestroyNotify) colors_clear);
}

void
_em_scatter_plot_current_view (EmScatterPlot *self,
                               EmScatterView *view)
{
  view->w = self->data_w / self->zoom;
  view->h = self->data_h / self->zoom;
  view->x0 = self->center_x - view->w / 2;
  view->y0 = self->center_y - view->h / 2;
  view->width = gtk_widget_get_width (GTK_WIDGET (self));
  view->height = gtk_widget_get_height (GTK_WIDGET (self));
}

gboolean
_em_scatter_plot_can_draw (EmScatterPlot *self)
{
  return _em_scatter_plot_n_points (self) > 0 && gtk_widget_get_width (GTK_WIDGET (self)) > 0 &&
         gtk_widget_get_height (GTK_WIDGET (self)) > 0;
}

/* Whether the cached texture is behind what is shown. */
void
_em_scatter_plot_update_rendering (EmScatterPlot *self)
{
  EmScatterView view;
  gboolean rendering = FALSE;

  if (_em_scatter_plot_can_draw (self))
    {
      _em_scatter_plot_current_view (self, &view);
      rendering = self->texture == NULL || self->texture_serial != self->serial ||
                  self->texture_scale != gtk_widget_get_scale_factor (GTK_WIDGET (self)) ||
                  !em_scatter_view_equal (&view, &self->texture_view);
    }
  if (rendering == self->rendering)
    return;
  self->rendering = rendering;
  g_object_notify (G_OBJECT (self), "rendering");
}

/* The colours the worker paints with, from the style of the moment. */
static void
fill_paint (EmScatterPlot  *self,
            EmScatterPaint *paint)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);
  gboolean hc = adw_style_manager_get_high_contrast (manager);

  memset (paint, 0, sizeof *paint);
  paint->xy = em_point_grid_get_xy (self->points->grid);
  paint->n_points = _em_scatter_plot_n_points (self);
  if (self->colors != NULL)
    {
      paint->color_index = self->colors->color_index;
      paint->palette = self->colors->palette;
      paint->n_colors = self->colors->n_colors;
    }
  em_plot_colors_for_cluster (0, dark, &paint->default_color);
  em_plot_colors_for_cluster (EM_PLOT_NO_CLUSTER, dark, &paint->none_color);
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &paint->outline);
  paint->alpha = hc ? 1.0 : 0.8;
  paint->radius = hc ? 3.0 : 2.5;
}

static EmScatterLayer *
texture_from_pixels (GBytes              *pixels,
                     gsize                stride,
                     const EmScatterView *view,
                     int                  scale)
{
  return em_scatter_layer_new (pixels, stride, MAX (view->width * scale, 1), MAX (view->height * scale, 1));
}

/* Selected points, drawn synchronously for the cached texture's view: a
 * selection is at most every point, a few milliseconds. */
void
_em_scatter_plot_rebuild_selection_layer (EmScatterPlot *self)
{
  g_autoptr(GBytes) pixels = NULL;
  g_autofree guint *subset = NULL;
  EmScatterPaint paint;
  GtkBitsetIter iter;
  guint n = 0, i;
  gsize stride;

  g_clear_pointer (&self->selection_texture, em_scatter_layer_free);
  if (self->texture == NULL || gtk_bitset_is_empty (self->selection))
    return;

  subset = g_new (guint, gtk_bitset_get_size (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, self->selection, &i); ok;
       ok = gtk_bitset_iter_next (&iter, &i))
    subset[n++] = i;
  fill_paint (self, &paint);
  pixels = em_scatter_raster (&paint, &self->texture_view, self->texture_scale, subset, n, TRUE, NULL, &stride);
  self->selection_texture = texture_from_pixels (pixels, stride, &self->texture_view, self->texture_scale);
}

typedef struct
{
  Points        *points;
  Colors        *colors;
  EmScatterPaint paint;
  EmScatterView  view;
  int            scale;
  guint          serial;
  gsize          stride;
} RasterData;

static void
raster_data_free (RasterData *data)
{
  g_clear_pointer (&data->points, _em_scatter_points_unref);
  g_clear_pointer (&data->colors, _em_scatter_colors_unref);
  g_free (data);
}

static void
raster_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RasterData *data = task_data;
  GBytes *pixels = em_scatter_raster (&data->paint, &data->view, data->scale, NULL, 0, FALSE,
                                      cancellable, &data->stride);

  if (pixels == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  else
    g_task_return_pointer (task, pixels, (GDestroyNotify) g_bytes_unref);
}

static void
on_raster_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  EmScatterPlot *self = EM_SCATTER_PLOT (source);
  RasterData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GBytes) pixels = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Cancelled, or drawn from points or colours that have changed since. */
  if (pixels == NULL || data->serial != self->serial || self->points == NULL)
    return;

  g_clear_pointer (&self->texture, em_scatter_layer_free);
  self->texture = texture_from_pixels (pixels, data->stride, &data->view, data->scale);
  self->texture_view = data->view;
  self->texture_scale = data->scale;
  self->texture_serial = data->serial;
  _em_scatter_plot_rebuild_selection_layer (self);
  _em_scatter_plot_update_rendering (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
start_raster (EmScatterPlot *self)
{
  g_autoptr(GTask) task = NULL;
  RasterData *data;

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_cancellable_cancel (self->raster_cancellable);
  g_clear_object (&self->raster_cancellable);
  if (!_em_scatter_plot_can_draw (self))
    return;

  data = g_new0 (RasterData, 1);
  data->points = points_ref (self->points);
  data->colors = self->colors != NULL ? colors_ref (self->colors) : NULL;
  fill_paint (self, &data->paint);
  _em_scatter_plot_current_view (self, &data->view);
  data->scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  data->serial = self->serial;

  self->raster_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->raster_cancellable, on_raster_done_cb, NULL);
  g_task_set_source_tag (task, start_raster);
  g_task_set_task_data (task, data, (GDestroyNotify) raster_data_free);
  g_task_run_in_thread (task, raster_thread);
}

static gboolean
on_debounce_cb (gpointer user_data)
{
  EmScatterPlot *self = user_data;

  self->debounce_id = 0;
  start_raster (self);
  return G_SOURCE_REMOVE;
}

/* The view moved: show the old texture moved at once, re-raster when the
 * zooming or panning pauses. */
void
_em_scatter_plot_view_changed (EmScatterPlot *self)
{
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->texture == NULL)
    start_raster (self);
  else
    self->debounce_id = g_timeout_add (RERASTER_DELAY_MS, on_debounce_cb, self);
  _em_scatter_plot_update_rendering (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Points, colours or style changed: the cache is stale, redraw now. */
void
_em_scatter_plot_invalidate (EmScatterPlot *self)
{
  self->serial++;
  start_raster (self);
  _em_scatter_plot_update_rendering (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

