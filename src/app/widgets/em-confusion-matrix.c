/* em-confusion-matrix.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The confusion matrix of a cross-validation: rows are the true classes,
 * columns the predicted ones.  Each cell is tinted by its row-normalised
 * rate (the share of that class predicted so), so a good model shows a
 * strong diagonal whatever the class sizes; the number in it is the count
 * or, normalised, the rate.  Cells are focusable with the arrow keys;
 * Enter, Space or a click emits "cell-activated" so the page can queue
 * those clips for review.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "em-confusion-matrix.h"

#define MAX_CLASSES  3
#define CELL_MIN     64.0
#define CELL_MAX     104.0
#define HEADER_SIZE  28.0
#define AXIS_SIZE    22.0
#define ROW_LABEL_W  84.0

struct _EmConfusionMatrix
{
  GtkWidget  parent_instance;

  guint      n_classes;
  gsize      counts[MAX_CLASSES * MAX_CLASSES];
  char      *names[MAX_CLASSES];
  gboolean   normalized;
  guint      focus_true;
  guint      focus_pred;
  int        hover_true;   /* -1: none */
  int        hover_pred;
};

G_DEFINE_FINAL_TYPE (EmConfusionMatrix, em_confusion_matrix, GTK_TYPE_WIDGET)

enum { CELL_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  double x0, y0;   /* top left of the cell grid */
  double cell;
} Geometry;

static void
compute_geometry (EmConfusionMatrix *self,
                  Geometry          *g)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double left = AXIS_SIZE + ROW_LABEL_W, top = AXIS_SIZE + HEADER_SIZE;
  guint n = MAX (self->n_classes, 1);
  double cell = MIN ((width - left) / n, (height - top) / n);

  g->cell = CLAMP (cell, 1.0, CELL_MAX);
  /* centred horizontally, at the top vertically */
  g->x0 = left + MAX (0.0, (width - left - g->cell * n) / 2.0);
  g->y0 = top;
}

static double
row_rate (EmConfusionMatrix *self,
          guint              t,
          guint              p)
{
  gsize row = 0;

  for (guint c = 0; c < self->n_classes; c++)
    row += self->counts[t * self->n_classes + c];

  return row > 0 ? (double)self->counts[t * self->n_classes + p] / row : 0.0;
}

static char *
describe_cell (EmConfusionMatrix *self,
               guint              t,
               guint              p)
{
  gsize count = self->counts[t * self->n_classes + p];

  /* Translators: "Dialogue predicted as Music: 3 clips (12 %)" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s predicted as %s: %" G_GSIZE_FORMAT " clip (%.0f %%)",
                                       "%s predicted as %s: %" G_GSIZE_FORMAT " clips (%.0f %%)", count),
                          self->names[t], self->names[p], count, 100.0 * row_rate (self, t, p));
}

static void
update_accessible (EmConfusionMatrix *self)
{
  g_autofree char *cell = NULL;

  if (self->n_classes == 0)
    return;

  cell = describe_cell (self, self->focus_true, self->focus_pred);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, cell, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
}

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *color)
{
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

static void
append_text (EmConfusionMatrix *self,
             GtkSnapshot       *snapshot,
             const char        *text,
             gboolean           bold,
             double             cx,
             double             cy,
             double             angle,
             const GdkRGBA     *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoAttrList *attrs = pango_attr_list_new ();
  int w, h;

  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (cx, cy));
  if (angle != 0.0)
    gtk_snapshot_rotate (snapshot, angle);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-w / 2.0, -h / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
append_axes (EmConfusionMatrix *self,
             GtkSnapshot       *snapshot,
             const Geometry    *g,
             const GdkRGBA     *fg)
{
  GdkRGBA dim = *fg;
  double span = g->cell * self->n_classes;

  dim.alpha *= 0.55;
  append_text (self, snapshot, _("Predicted"), TRUE, g->x0 + span / 2.0, AXIS_SIZE / 2.0, 0.0, &dim);
  append_text (self, snapshot, _("True"), TRUE, g->x0 - ROW_LABEL_W - AXIS_SIZE / 2.0,
               g->y0 + span / 2.0, -90.0, &dim);

  for (guint c = 0; c < self->n_classes; c++)
    {
      append_text (self, snapshot, self->names[c], FALSE, g->x0 + g->cell * (c + 0.5),
                   AXIS_SIZE + HEADER_SIZE / 2.0, 0.0, fg);
      append_text (self, snapshot, self->names[c], FALSE, g->x0 - ROW_LABEL_W / 2.0,
                   g->y0 + g->cell * (c + 0.5), 0.0, fg);
    }
}

static void
append_cell (EmConfusionMatrix *self,
             GtkSnapshot       *snapshot,
             const Geometry    *g,
             guint              t,
             guint              p,
             const GdkRGBA     *accent,
             const GdkRGBA     *fg)
{
  graphene_rect_t rect = GRAPHENE_RECT_INIT (g->x0 + g->cell * p + 2, g->y0 + g->cell * t + 2,
                                             g->cell - 4, g->cell - 4);
  GskRoundedRect rounded;
  double rate = row_rate (self, t, p);
  GdkRGBA tint = *accent, text = *fg, white = { 1, 1, 1, 1 };
  g_autofree char *number = NULL;

  tint.alpha = 0.06 + 0.88 * rate;
  if ((int)t == self->hover_true && (int)p == self->hover_pred)
    tint.alpha = MIN (1.0, tint.alpha + 0.1);
  if (tint.alpha > 0.5)
    text = white;

  gsk_rounded_rect_init_from_rect (&rounded, &rect, 6);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &tint, &rect);
  gtk_snapshot_pop (snapshot);

  if (self->normalized)
    number = g_strdup_printf ("%.2f", rate);
  else
    number = g_strdup_printf ("%" G_GSIZE_FORMAT, self->counts[t * self->n_classes + p]);
  append_text (self, snapshot, number, t == p, rect.origin.x + rect.size.width / 2.0,
               rect.origin.y + rect.size.height / 2.0, 0.0, &text);

  if (t == self->focus_true && p == self->focus_pred &&
      (gtk_widget_get_state_flags (GTK_WIDGET (self)) & GTK_STATE_FLAG_FOCUS_VISIBLE))
    {
      GdkRGBA ring = *accent;
      float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA colors[4];

      ring.alpha = 0.8;
      for (guint i = 0; i < 4; i++)
        colors[i] = tint.alpha > 0.5 ? white : ring;
      gsk_rounded_rect_shrink (&rounded, 2, 2, 2, 2);
      gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
    }
}

static void
em_confusion_matrix_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  EmConfusionMatrix *self = EM_CONFUSION_MATRIX (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA fg, accent;
  Geometry g;

  if (self->n_classes == 0)
    return;

  gtk_style_context_get_color (context, &fg);
  lookup_color (context, dark ? "blue_2" : "blue_4", dark ? "#62a0ea" : "#1c71d8", &accent);
  compute_geometry (self, &g);

  append_axes (self, snapshot, &g, &fg);
  for (guint t = 0; t < self->n_classes; t++)
    for (guint p = 0; p < self->n_classes; p++)
      append_cell (self, snapshot, &g, t, p, &accent, &fg);
}

static void
em_confusion_matrix_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  EmConfusionMatrix *self = EM_CONFUSION_MATRIX (widget);
  guint n = MAX (self->n_classes, 2);
  double margin = orientation == GTK_ORIENTATION_HORIZONTAL ? AXIS_SIZE + ROW_LABEL_W
                                                            : AXIS_SIZE + HEADER_SIZE;

  *minimum = (int)(margin + CELL_MIN * n);
  *natural = (int)(margin + CELL_MAX * n);
}

gboolean
em_confusion_matrix_get_cell_at (EmConfusionMatrix *self,
                                 double             x,
                                 double             y,
                                 guint             *true_class,
                                 guint             *predicted_class)
{
  Geometry g;
  double col, row;

  g_return_val_if_fail (EM_IS_CONFUSION_MATRIX (self), FALSE);

  compute_geometry (self, &g);
  col = (x - g.x0) / g.cell;
  row = (y - g.y0) / g.cell;
  if (self->n_classes == 0 || col < 0 || row < 0 || col >= self->n_classes || row >= self->n_classes)
    return FALSE;

  *true_class = (guint)row;
  *predicted_class = (guint)col;
  return TRUE;
}

static void
on_click_released_cb (GtkGestureClick   *gesture,
                      int                n_press,
                      double             x,
                      double             y,
                      EmConfusionMatrix *self)
{
  guint t, p;

  if (!em_confusion_matrix_get_cell_at (self, x, y, &t, &p))
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  em_confusion_matrix_set_focus_cell (self, t, p);
  em_confusion_matrix_activate_cell (self, t, p);
}

static void
set_hover (EmConfusionMatrix *self,
           int                t,
           int                p)
{
  g_autofree char *tip = NULL;

  if (self->hover_true == t && self->hover_pred == p)
    return;

  self->hover_true = t;
  self->hover_pred = p;
  if (t >= 0)
    tip = describe_cell (self, (guint)t, (guint)p);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tip);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), t >= 0 ? "pointer" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              EmConfusionMatrix        *self)
{
  guint t, p;

  if (em_confusion_matrix_get_cell_at (self, x, y, &t, &p))
    set_hover (self, (int)t, (int)p);
  else
    set_hover (self, -1, -1);
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             EmConfusionMatrix        *self)
{
  set_hover (self, -1, -1);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   EmConfusionMatrix     *self)
{
  int t = (int)self->focus_true, p = (int)self->focus_pred, n = (int)self->n_classes;

  if (n == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left: p--; break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: p++; break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up: t--; break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: t++; break;
    case GDK_KEY_Return: case GDK_KEY_KP_Enter: case GDK_KEY_ISO_Enter: case GDK_KEY_space:
      em_confusion_matrix_activate_cell (self, self->focus_true, self->focus_pred);
      return TRUE;
    default:
      return FALSE;
    }

  /* At an edge the key moves focus out of the widget, as in a grid. */
  if (t < 0 || p < 0 || t >= n || p >= n)
    return FALSE;

  em_confusion_matrix_set_focus_cell (self, (guint)t, (guint)p);
  return TRUE;
}

static void
em_confusion_matrix_state_flags_changed (GtkWidget     *widget,
                                         GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (em_confusion_matrix_parent_class)->state_flags_changed (widget, previous);
  gtk_widget_queue_draw (widget);
}

static void
em_confusion_matrix_finalize (GObject *object)
{
  EmConfusionMatrix *self = EM_CONFUSION_MATRIX (object);

  for (guint c = 0; c < MAX_CLASSES; c++)
    g_free (self->names[c]);

  G_OBJECT_CLASS (em_confusion_matrix_parent_class)->finalize (object);
}

static void
em_confusion_matrix_class_init (EmConfusionMatrixClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = em_confusion_matrix_finalize;
  widget_class->snapshot = em_confusion_matrix_snapshot;
  widget_class->measure = em_confusion_matrix_measure;
  widget_class->state_flags_changed = em_confusion_matrix_state_flags_changed;

  /**
   * EmConfusionMatrix::cell-activated:
   * @matrix: the matrix
   * @true_class: the row
   * @predicted_class: the column
   *
   * A click, Enter or Space on a cell.
   */
  signals[CELL_ACTIVATED] = g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "confusionmatrix");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
em_confusion_matrix_init (EmConfusionMatrix *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  AdwStyleManager *manager = adw_style_manager_get_default ();

  self->hover_true = self->hover_pred = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Confusion matrix: rows are the true classes, columns the predicted ones"),
                                  -1);
}

GtkWidget *
em_confusion_matrix_new (void)
{
  return g_object_new (EM_TYPE_CONFUSION_MATRIX, NULL);
}

/**
 * em_confusion_matrix_set_data:
 * @self: a matrix
 * @counts: (array): n_classes × n_classes counts, row = true class
 * @n_classes: 2 or 3 (0 clears the matrix)
 * @class_names: (array length=n_classes): names shown on the axes
 */
void
em_confusion_matrix_set_data (EmConfusionMatrix  *self,
                              const gsize        *counts,
                              guint               n_classes,
                              const char * const *class_names)
{
  g_return_if_fail (EM_IS_CONFUSION_MATRIX (self));
  g_return_if_fail (n_classes <= MAX_CLASSES);
  g_return_if_fail (n_classes == 0 || (counts != NULL && class_names != NULL));

  self->n_classes = n_classes;
  for (guint c = 0; c < MAX_CLASSES; c++)
    {
      g_free (self->names[c]);
      self->names[c] = c < n_classes ? g_strdup (class_names[c]) : NULL;
    }
  for (guint i = 0; i < n_classes * n_classes; i++)
    self->counts[i] = counts[i];
  self->focus_true = self->focus_pred = 0;
  self->hover_true = self->hover_pred = -1;

  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
em_confusion_matrix_get_n_classes (EmConfusionMatrix *self)
{
  g_return_val_if_fail (EM_IS_CONFUSION_MATRIX (self), 0);

  return self->n_classes;
}

gsize
em_confusion_matrix_get_count (EmConfusionMatrix *self,
                               guint              true_class,
                               guint              predicted_class)
{
  g_return_val_if_fail (EM_IS_CONFUSION_MATRIX (self), 0);
  g_return_val_if_fail (true_class < self->n_classes && predicted_class < self->n_classes, 0);

  return self->counts[true_class * self->n_classes + predicted_class];
}

gboolean
em_confusion_matrix_get_normalized (EmConfusionMatrix *self)
{
  g_return_val_if_fail (EM_IS_CONFUSION_MATRIX (self), FALSE);

  return self->normalized;
}

/**
 * em_confusion_matrix_set_normalized:
 * @self: a matrix
 * @normalized: show each row's rates instead of the counts
 */
void
em_confusion_matrix_set_normalized (EmConfusionMatrix *self,
                                    gboolean           normalized)
{
  g_return_if_fail (EM_IS_CONFUSION_MATRIX (self));

  self->normalized = !!normalized;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
em_confusion_matrix_get_focus_cell (EmConfusionMatrix *self,
                                    guint             *true_class,
                                    guint             *predicted_class)
{
  g_return_if_fail (EM_IS_CONFUSION_MATRIX (self));

  *true_class = self->focus_true;
  *predicted_class = self->focus_pred;
}

void
em_confusion_matrix_set_focus_cell (EmConfusionMatrix *self,
                                    guint              true_class,
                                    guint              predicted_class)
{
  g_return_if_fail (EM_IS_CONFUSION_MATRIX (self));
  g_return_if_fail (true_class < self->n_classes && predicted_class < self->n_classes);

  self->focus_true = true_class;
  self->focus_pred = predicted_class;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * em_confusion_matrix_activate_cell:
 * @self: a matrix
 * @true_class: the row
 * @predicted_class: the column
 *
 * Emits "cell-activated", as a click on the cell does.
 */
void
em_confusion_matrix_activate_cell (EmConfusionMatrix *self,
                                   guint              true_class,
                                   guint              predicted_class)
{
  g_return_if_fail (EM_IS_CONFUSION_MATRIX (self));
  g_return_if_fail (true_class < self->n_classes && predicted_class < self->n_classes);

  g_signal_emit (self, signals[CELL_ACTIVATED], 0, true_class, predicted_class);
}
