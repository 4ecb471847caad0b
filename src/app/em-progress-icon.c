/* em-progress-icon.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A 16-pixel pie showing how far the running jobs are, as Builder's
 * progress icon does.  Unlike a spinner it only redraws when the fraction
 * changes: a spinner's endless frames can starve the low-priority idle
 * callbacks that bring the jobs' progress to the main thread on a busy,
 * software-rendered machine.
 */

#include "config.h"

#include "em-progress-icon.h"

#define ICON_SIZE 16

struct _EmProgressIcon
{
  GtkWidget parent_instance;

  double    fraction;
};

G_DEFINE_FINAL_TYPE (EmProgressIcon, em_progress_icon, GTK_TYPE_WIDGET)

static void
em_progress_icon_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = *natural = ICON_SIZE;
}

static void
em_progress_icon_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  EmProgressIcon *self = EM_PROGRESS_ICON (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double radius = MIN (width, height) / 2.0 - 1.0;
  GdkRGBA color;
  cairo_t *cr;

  if (radius <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* A faint full disc, and the part done on top, clockwise from 12. */
  gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { color.red, color.green, color.blue, color.alpha * 0.25f });
  cairo_arc (cr, width / 2.0, height / 2.0, radius, 0, 2 * G_PI);
  cairo_fill (cr);

  if (self->fraction > 0.0)
    {
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_move_to (cr, width / 2.0, height / 2.0);
      cairo_arc (cr, width / 2.0, height / 2.0, radius,
                 -G_PI / 2.0, -G_PI / 2.0 + 2 * G_PI * self->fraction);
      cairo_close_path (cr);
      cairo_fill (cr);
    }

  cairo_destroy (cr);
}

static void
em_progress_icon_class_init (EmProgressIconClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = em_progress_icon_measure;
  widget_class->snapshot = em_progress_icon_snapshot;

  gtk_widget_class_set_css_name (widget_class, "emprogressicon");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void
em_progress_icon_init (EmProgressIcon *self)
{
}

GtkWidget *
em_progress_icon_new (void)
{
  return g_object_new (EM_TYPE_PROGRESS_ICON, NULL);
}

double
em_progress_icon_get_fraction (EmProgressIcon *self)
{
  g_return_val_if_fail (EM_IS_PROGRESS_ICON (self), 0.0);

  return self->fraction;
}

/**
 * em_progress_icon_set_fraction:
 * @self: a #EmProgressIcon
 * @fraction: progress from 0 to 1
 *
 * Redraws the pie, only when the fraction changed.
 */
void
em_progress_icon_set_fraction (EmProgressIcon *self,
                               double          fraction)
{
  g_return_if_fail (EM_IS_PROGRESS_ICON (self));

  fraction = CLAMP (fraction, 0.0, 1.0);
  if (fraction == self->fraction)
    return;

  self->fraction = fraction;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 1.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, fraction,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
