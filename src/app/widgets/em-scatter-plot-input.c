/* em-scatter-plot-input.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the scatter plot does with the pointer and the keyboard, and the
 * public calls they share: picking, rectangle and lasso selection, zoom
 * and pan. A drag with the primary button draws a rubber band (Ctrl or
 * lasso mode: a lasso) that selects only when released, so nothing is
 * recomputed while dragging; a press that does not move is a click that
 * plays the point under it. The middle button pans. Keys are class
 * bindings on installed actions, so tests and menus drive the same code.
 */

#include "config.h"

#include <math.h>

#include "em-label.h"
#include "em-scatter-plot-private.h"

/* A press that moves less than this is a click, not a drag. */
#define CLICK_SLOP 3.0
/* Arrow keys pan by this many pixels. */
#define PAN_STEP_PX 40.0
/* Lasso vertices closer than this to the previous one are skipped. */
#define LASSO_MIN_STEP 2.0

/* Indices found by the grid, restricted to the visible data rectangle. */
static void
select_found (EmScatterPlot *self,
              GArray        *found,
              gboolean       extend)
{
  GtkBitset *selection = extend ? gtk_bitset_copy (self->selection) : gtk_bitset_new_empty ();
  EmScatterView view;

  _em_scatter_plot_current_view (self, &view);
  for (guint k = 0; k < found->len; k++)
    {
      guint i = g_array_index (found, guint, k);
      const float *p = _em_scatter_plot_point_xy (self, i);

      if (p[0] >= view.x0 && p[0] <= view.x0 + view.w && p[1] >= view.y0 && p[1] <= view.y0 + view.h)
        gtk_bitset_add (selection, i);
    }
  _em_scatter_plot_replace_selection (self, selection);
}

/* Returns: (transfer none): the indices of the selected points */
GtkBitset *
em_scatter_plot_get_selection (EmScatterPlot *self)
{
  g_return_val_if_fail (EM_IS_SCATTER_PLOT (self), NULL);
  return self->selection;
}

/* Copies @selection (%NULL clears); indices past the points are dropped. */
void
em_scatter_plot_set_selection (EmScatterPlot *self,
                               GtkBitset     *selection)
{
  GtkBitset *copy;
  guint n;

  g_return_if_fail (EM_IS_SCATTER_PLOT (self));

  copy = selection != NULL ? gtk_bitset_copy (selection) : gtk_bitset_new_empty ();
  n = _em_scatter_plot_n_points (self);
  if (!gtk_bitset_is_empty (copy) && gtk_bitset_get_maximum (copy) >= n)
    gtk_bitset_remove_range_closed (copy, n, G_MAXUINT);
  _em_scatter_plot_replace_selection (self, copy);
}

void
em_scatter_plot_reset_view (EmScatterPlot *self)
{
  g_return_if_fail (EM_IS_SCATTER_PLOT (self));

  self->zoom = 1.0;
  self->center_x = self->data_x0 + self->data_w / 2;
  self->center_y = self->data_y0 + self->data_h / 2;
  _em_scatter_plot_view_changed (self);
  g_object_notify (G_OBJECT (self), "zoom");
}

/**
 * em_scatter_plot_pick:
 * @self: a scatter plot
 * @widget_x: x in widget coordinates
 * @widget_y: y in widget coordinates
 *
 * Returns: the index of the point drawn nearest to (@widget_x,
 *   @widget_y), within 6 pixels, or -1
 */
int
em_scatter_plot_pick (EmScatterPlot *self,
                      double         widget_x,
                      double         widget_y)
{
  EmScatterView view;
  graphene_rect_t plot;
  double x, y;

  g_return_val_if_fail (EM_IS_SCATTER_PLOT (self), -1);

  if (!_em_scatter_plot_can_draw (self))
    return -1;
  _em_scatter_plot_current_view (self, &view);
  em_scatter_view_get_plot_rect (&view, &plot);
  if (!graphene_rect_contains_point (&plot, &GRAPHENE_POINT_INIT (widget_x, widget_y)))
    return -1;
  em_scatter_view_unmap (&view, widget_x, widget_y, &x, &y);
  return em_point_grid_nearest (self->points->grid, x, y, plot.size.width / view.w, plot.size.height / view.h,
                                EM_SCATTER_PICK_RADIUS);
}

/**
 * em_scatter_plot_select_lasso:
 * @self: a scatter plot
 * @polygon: (array length=n_vertices): the outline, in widget coordinates
 * @n_vertices: at least 3
 * @extend: add to the selection instead of replacing it
 *
 * Selects the visible points inside the polygon (concave ones too).
 */
void
em_scatter_plot_select_lasso (EmScatterPlot          *self,
                              const graphene_point_t *polygon,
                              guint                   n_vertices,
                              gboolean                extend)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree double *data = NULL;
  EmScatterView view;

  g_return_if_fail (EM_IS_SCATTER_PLOT (self));
  g_return_if_fail (polygon != NULL || n_vertices == 0);

  if (!_em_scatter_plot_can_draw (self))
    return;
  _em_scatter_plot_current_view (self, &view);
  data = g_new (double, 2 * MAX (n_vertices, 1));
  for (guint v = 0; v < n_vertices; v++)
    em_scatter_view_unmap (&view, polygon[v].x, polygon[v].y, &data[2 * v], &data[2 * v + 1]);
  em_point_grid_collect_polygon (self->points->grid, data, n_vertices, found);
  select_found (self, found, extend);
}

/* Selects the visible points inside @rect (widget coordinates). */
void
em_scatter_plot_select_rect (EmScatterPlot         *self,
                             const graphene_rect_t *rect,
                             gboolean               extend)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  EmScatterView view;
  graphene_rect_t r;
  double x0, y0, x1, y1;

  g_return_if_fail (EM_IS_SCATTER_PLOT (self));
  g_return_if_fail (rect != NULL);

  if (!_em_scatter_plot_can_draw (self))
    return;
  _em_scatter_plot_current_view (self, &view);
  graphene_rect_normalize_r (rect, &r);
  em_scatter_view_unmap (&view, r.origin.x, r.origin.y, &x0, &y1);
  em_scatter_view_unmap (&view, r.origin.x + r.size.width, r.origin.y + r.size.height, &x1, &y0);
  em_point_grid_collect_rect (self->points->grid, x0, y0, x1, y1, found);
  select_found (self, found, extend);
}

double
em_scatter_plot_get_zoom (EmScatterPlot *self)
{
  g_return_val_if_fail (EM_IS_SCATTER_PLOT (self), 1.0);
  return self->zoom;
}

/* Zooms by @factor keeping the data under (@widget_x, @widget_y) there. */
void
em_scatter_plot_zoom_at (EmScatterPlot *self,
                         double         factor,
                         double         widget_x,
                         double         widget_y)
{
  EmScatterView view;
  double x, y, zoom;

  g_return_if_fail (EM_IS_SCATTER_PLOT (self));

  zoom = CLAMP (self->zoom * factor, EM_SCATTER_ZOOM_MIN, EM_SCATTER_ZOOM_MAX);
  if (zoom == self->zoom || !(factor > 0))
    return;
  _em_scatter_plot_current_view (self, &view);
  em_scatter_view_unmap (&view, widget_x, widget_y, &x, &y);
  /* The anchor's fraction of the view stays the same. */
  self->center_x = x + (self->center_x - x) * self->zoom / zoom;
  self->center_y = y + (self->center_y - y) * self->zoom / zoom;
  self->zoom = zoom;
  _em_scatter_plot_view_changed (self);
  g_object_notify (G_OBJECT (self), "zoom");
}

/* Moves the content by (@dx, @dy) pixels. */
void
em_scatter_plot_pan (EmScatterPlot *self,
                     double         dx,
                     double         dy)
{
  EmScatterView view;
  graphene_rect_t plot;

  g_return_if_fail (EM_IS_SCATTER_PLOT (self));

  _em_scatter_plot_current_view (self, &view);
  em_scatter_view_get_plot_rect (&view, &plot);
  self->center_x -= dx / plot.size.width * view.w;
  self->center_y += dy / plot.size.height * view.h;
  _em_scatter_plot_view_changed (self);
}

/* Where the data point (@x, @y) is drawn now; FALSE without points. */
gboolean
em_scatter_plot_data_to_widget (EmScatterPlot *self,
                                double         x,
                                double         y,
                                double        *widget_x,
                                double        *widget_y)
{
  EmScatterView view;

  g_return_val_if_fail (EM_IS_SCATTER_PLOT (self), FALSE);

  if (_em_scatter_plot_n_points (self) == 0)
    return FALSE;
  _em_scatter_plot_current_view (self, &view);
  em_scatter_view_map (&view, x, y, widget_x, widget_y);
  return TRUE;
}


/* A click: select the point under the pointer and ask to play it; a
 * click on empty space clears the selection (Shift keeps it). */
static void
click (EmScatterPlot *self,
       double         x,
       double         y,
       gboolean       extend)
{
  int index = em_scatter_plot_pick (self, x, y);
  GtkBitset *selection;

  if (index < 0)
    {
      if (!extend)
        _em_scatter_plot_replace_selection (self, gtk_bitset_new_empty ());
      return;
    }
  selection = extend ? gtk_bitset_copy (self->selection) : gtk_bitset_new_empty ();
  if (extend && gtk_bitset_contains (selection, index))
    gtk_bitset_remove (selection, index);
  else
    gtk_bitset_add (selection, index);
  _em_scatter_plot_replace_selection (self, selection);
  g_signal_emit (self, _em_scatter_plot_signals[EM_SCATTER_POINT_ACTIVATED], 0, (guint) index);
}

static void
on_drag_begin_cb (GtkGestureDrag *gesture,
                  double          x,
                  double          y,
                  EmScatterPlot  *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  if (button == GDK_BUTTON_MIDDLE)
    self->drag_mode = DRAG_PAN;
  else if (button == GDK_BUTTON_PRIMARY)
    self->drag_mode = (state & GDK_CONTROL_MASK) || self->lasso ? DRAG_LASSO : DRAG_RECT;
  else
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_extend = (state & GDK_SHIFT_MASK) != 0;
  self->drag_x = x;
  self->drag_y = y;
  self->drag_dx = self->drag_dy = 0;
  self->drag_center_x = self->center_x;
  self->drag_center_y = self->center_y;
  g_array_set_size (self->lasso_path, 0);
  g_array_append_val (self->lasso_path, GRAPHENE_POINT_INIT (x, y));
}

static void
on_drag_update_cb (GtkGestureDrag *gesture,
                   double          dx,
                   double          dy,
                   EmScatterPlot  *self)
{
  const graphene_point_t *last;
  graphene_point_t p = GRAPHENE_POINT_INIT (self->drag_x + dx, self->drag_y + dy);

  switch (self->drag_mode)
    {
    case DRAG_PAN:
      /* From where the drag began, so rounding does not accumulate. */
      self->center_x = self->drag_center_x;
      self->center_y = self->drag_center_y;
      em_scatter_plot_pan (self, dx, dy);
      break;
    case DRAG_LASSO:
      last = &g_array_index (self->lasso_path, graphene_point_t, self->lasso_path->len - 1);
      if (graphene_point_distance (last, &p, NULL, NULL) >= LASSO_MIN_STEP)
        g_array_append_val (self->lasso_path, p);
      break;
    case DRAG_RECT:
    case DRAG_NONE:
    default:
      break;
    }
  self->drag_dx = dx;
  self->drag_dy = dy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                EmScatterPlot  *self)
{
  DragMode mode = self->drag_mode;
  gboolean is_click = fabs (dx) < CLICK_SLOP && fabs (dy) < CLICK_SLOP;

  self->drag_mode = DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (mode == DRAG_NONE || mode == DRAG_PAN)
    return;
  if (is_click)
    click (self, self->drag_x, self->drag_y, self->drag_extend);
  else if (mode == DRAG_RECT)
    em_scatter_plot_select_rect (self, &GRAPHENE_RECT_INIT (self->drag_x, self->drag_y, dx, dy), self->drag_extend);
  else
    {
      /* Motion events are compressed: the release point may be new. */
      g_array_append_val (self->lasso_path, GRAPHENE_POINT_INIT (self->drag_x + dx, self->drag_y + dy));
      em_scatter_plot_select_lasso (self, (const graphene_point_t *) (gpointer) self->lasso_path->data,
                                    self->lasso_path->len, self->drag_extend);
    }
  g_array_set_size (self->lasso_path, 0);
}

static void
on_drag_cancel_cb (GtkGesture       *gesture,
                   GdkEventSequence *sequence,
                   EmScatterPlot    *self)
{
  self->drag_mode = DRAG_NONE;
  g_array_set_size (self->lasso_path, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              EmScatterPlot            *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  if (self->drag_mode == DRAG_NONE)
    _em_scatter_plot_set_hover (self, em_scatter_plot_pick (self, x, y));
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             EmScatterPlot            *self)
{
  self->pointer_x = self->pointer_y = -1;
  _em_scatter_plot_set_hover (self, -1);
}

/* Vertical scrolling zooms around the pointer (with or without Ctrl, as
 * in map views); horizontal scrolling pans. */
static gboolean
on_scroll_cb (GtkEventControllerScroll *controller,
              double                    dx,
              double                    dy,
              EmScatterPlot            *self)
{
  double x = self->pointer_x, y = self->pointer_y;

  if (_em_scatter_plot_n_points (self) == 0)
    return FALSE;
  if (x < 0 || y < 0)
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  if (dy != 0)
    em_scatter_plot_zoom_at (self, pow (EM_SCATTER_ZOOM_STEP, -dy), x, y);
  if (dx != 0)
    em_scatter_plot_pan (self, -dx * PAN_STEP_PX, 0);
  return TRUE;
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EmScatterPlot *self = EM_SCATTER_PLOT (widget);
  double factor = g_str_equal (action_name, "scatter.zoom-in") ? EM_SCATTER_ZOOM_STEP : 1 / EM_SCATTER_ZOOM_STEP;

  em_scatter_plot_zoom_at (self, factor, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  double dx, dy;

  g_variant_get (parameter, "(dd)", &dx, &dy);
  em_scatter_plot_pan (EM_SCATTER_PLOT (widget), dx, dy);
}

static void
reset_view_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  em_scatter_plot_reset_view (EM_SCATTER_PLOT (widget));
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EmScatterPlot *self = EM_SCATTER_PLOT (widget);
  GtkBitset *all = gtk_bitset_new_range (0, _em_scatter_plot_n_points (self));

  _em_scatter_plot_replace_selection (self, all);
}

static gboolean
clear_selection (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  EmScatterPlot *self = EM_SCATTER_PLOT (widget);

  if (gtk_bitset_is_empty (self->selection))
    return FALSE;  /* let Escape reach the page */
  _em_scatter_plot_replace_selection (self, gtk_bitset_new_empty ());
  return TRUE;
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  clear_selection (widget, NULL, NULL);
}

static gboolean
label_selection (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  EmScatterPlot *self = EM_SCATTER_PLOT (widget);
  int label = g_variant_get_int32 (args);

  if (gtk_bitset_is_empty (self->selection) || label <= EM_LABEL_NONE || label >= EM_N_LABELS)
    return FALSE;
  g_signal_emit (self, _em_scatter_plot_signals[EM_SCATTER_LABEL_SELECTION], 0, label);
  return TRUE;
}

static void
label_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  label_selection (widget, parameter, NULL);
}

static void
add_label_bindings (GtkWidgetClass *widget_class,
                    EmLabel         label,
                    guint           digit,
                    guint           keypad,
                    guint           letter)
{
  const guint keys[] = { digit, keypad, letter };

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    gtk_widget_class_add_binding (widget_class, keys[k], 0, label_selection, "i", (gint32) label);
}

void
_em_scatter_plot_install_input (GtkWidgetClass *widget_class)
{
  const struct { guint key; double dx, dy; } arrows[] = {
    { GDK_KEY_Left, PAN_STEP_PX, 0 }, { GDK_KEY_Right, -PAN_STEP_PX, 0 },
    { GDK_KEY_Up, 0, PAN_STEP_PX }, { GDK_KEY_Down, 0, -PAN_STEP_PX },
  };

  gtk_widget_class_install_action (widget_class, "scatter.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "scatter.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "scatter.reset-view", NULL, reset_view_action);
  gtk_widget_class_install_action (widget_class, "scatter.pan", "(dd)", pan_action);
  gtk_widget_class_install_action (widget_class, "scatter.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "scatter.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "scatter.label", "i", label_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "scatter.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "scatter.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "scatter.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "scatter.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "scatter.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "scatter.reset-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "scatter.reset-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "scatter.select-all", NULL);
  for (guint k = 0; k < G_N_ELEMENTS (arrows); k++)
    gtk_widget_class_add_binding_action (widget_class, arrows[k].key, 0, "scatter.pan", "(dd)",
                                         arrows[k].dx, arrows[k].dy);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, clear_selection, NULL);
  add_label_bindings (widget_class, EM_LABEL_MUSIC, GDK_KEY_1, GDK_KEY_KP_1, GDK_KEY_m);
  add_label_bindings (widget_class, EM_LABEL_DIALOGUE, GDK_KEY_2, GDK_KEY_KP_2, GDK_KEY_d);
  add_label_bindings (widget_class, EM_LABEL_BOTH, GDK_KEY_3, GDK_KEY_KP_3, GDK_KEY_b);
}

void
_em_scatter_plot_add_controllers (EmScatterPlot *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (on_drag_cancel_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}
