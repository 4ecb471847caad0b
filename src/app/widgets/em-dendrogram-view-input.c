/* em-dendrogram-view-input.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dendrogram's input: the cut line follows a drag (started on the
 * line or anywhere off the branches) and Up/Down (one merge at a time:
 * the cut moves to the middle of the next gap between merge heights, so
 * every press changes the count by one), Page Up/Down (a tenth of the
 * height axis, at least one merge), Home/End (one cluster, every
 * observation); a click on a branch activates it; the pointer shows
 * which branch it is over.
 */

#include "config.h"

#include <math.h>

#include "em-dendrogram-view-private.h"

/* One step up: the next merge height above the cut joins two clusters. */
static double
cut_step_up (EmDendrogramView *self)
{
  gsize inside = _em_dendrogram_view_count_at_or_below (self, self->cut);
  double next, after;

  if (inside >= self->n - 1)
    return self->top;
  next = self->sorted_md[inside];
  inside = _em_dendrogram_view_count_at_or_below (self, next);
  after = inside < self->n - 1 ? self->sorted_md[inside] : self->top;
  return (next + after) / 2;
}

/* One step down: the highest merge at or below the cut is undone. */
static double
cut_step_down (EmDendrogramView *self)
{
  gsize inside = _em_dendrogram_view_count_at_or_below (self, self->cut);
  double last, before;

  if (inside == 0)
    return self->cut;
  last = self->sorted_md[inside - 1];
  inside = _em_dendrogram_view_count_below (self, last);
  before = inside > 0 ? self->sorted_md[inside - 1] : 0.0;
  return (before + last) / 2;
}

static double
height_at_y (EmDendrogramView *self,
             double            y)
{
  graphene_rect_t plot;

  _em_dendrogram_view_get_plot (self, &plot, NULL);
  return (1.0 - (y - plot.origin.y) / plot.size.height) * self->top;
}

static gboolean
near_cut (EmDendrogramView *self,
          double            y)
{
  graphene_rect_t plot;

  _em_dendrogram_view_get_plot (self, &plot, NULL);
  return fabs (y - _em_dendrogram_view_y_for (&plot, self, self->cut)) <= CUT_GRAB_PX;
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   EmDendrogramView      *self)
{
  double target;

  if (self->n < 2)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      target = cut_step_up (self);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      target = cut_step_down (self);
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      target = MAX (self->cut + self->top / 10, cut_step_up (self));
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      target = MIN (self->cut - self->top / 10, cut_step_down (self));
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      target = self->top;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      target = 0.0;
      break;
    default:
      return FALSE;
    }
  _em_dendrogram_view_apply_cut (self, target);
  return TRUE;
}

static void
on_drag_begin_cb (GtkGestureDrag   *gesture,
                  double            x,
                  double            y,
                  EmDendrogramView *self)
{
  guint node;

  if (self->n < 2 ||
      (!near_cut (self, y) && em_dendrogram_view_get_branch_at (self, x, y, &node)))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_start_y = y;
  _em_dendrogram_view_apply_cut (self, height_at_y (self, y));
}

static void
on_drag_update_cb (GtkGestureDrag   *gesture,
                   double            offset_x,
                   double            offset_y,
                   EmDendrogramView *self)
{
  if (self->n < 2)
    return;
  _em_dendrogram_view_apply_cut (self, height_at_y (self, self->drag_start_y + offset_y));
}

static void
on_released_cb (GtkGestureClick  *gesture,
                int               n_press,
                double            x,
                double            y,
                EmDendrogramView *self)
{
  guint node;

  if (self->n < 2 || near_cut (self, y) || !em_dendrogram_view_get_branch_at (self, x, y, &node))
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  _em_dendrogram_view_activate_branch (self, node);
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              EmDendrogramView         *self)
{
  EmDendrogramHit hit;
  gboolean hovering = FALSE;

  if (self->n < 2)
    return;
  if (near_cut (self, y))
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "ns-resize");
  else if (_em_dendrogram_view_hit (self, x, y, &hit))
    {
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
      hovering = TRUE;
    }
  else
    gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  if (hovering != self->hovering ||
      (hovering && (hit.link != self->hover.link || hit.part != self->hover.part)))
    {
      self->hovering = hovering;
      if (hovering)
        self->hover = hit;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             EmDendrogramView         *self)
{
  if (self->hovering)
    {
      self->hovering = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_focus_changed_cb (EmDendrogramView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_em_dendrogram_view_add_controllers (EmDendrogramView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect_swapped (focus, "enter", G_CALLBACK (on_focus_changed_cb), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

