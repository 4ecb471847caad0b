/* em-tag-summary.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Tag page's summary: one row per class with its colour (the plots'
 * palette), a bar of its share, the count and the percentage, and a row
 * for the tracks that end with music.  The swatch and the bar are small
 * static drawings, redrawn only when the numbers or the style change, so
 * a GtkDrawingArea is enough.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "widgets/em-plot-colors.h"
#include "em-tag-summary.h"
#include "em-tag-track.h"

static const EmLabel classes[] = { EM_LABEL_MUSIC, EM_LABEL_DIALOGUE, EM_LABEL_BOTH };

typedef struct
{
  EmLabel       label;
  double        share;
  AdwActionRow *row;
  GtkWidget    *swatch;
  GtkWidget    *bar;
  GtkLabel     *count;
  GtkLabel     *percent;
  guint         n;
} ClassRow;

struct _EmTagSummaryRows
{
  ClassRow      rows[G_N_ELEMENTS (classes)];
  AdwActionRow *outro_row;
  GtkLabel     *outro_count;
};

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  ClassRow *row = user_data;
  GdkRGBA color;

  em_plot_colors_for_label (row->label, is_dark (), &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
rounded_bar (cairo_t *cr,
             double   width,
             double   height)
{
  double r = height / 2.0;

  if (width < height)
    width = height;
  cairo_new_sub_path (cr);
  cairo_arc (cr, width - r, r, r, -G_PI / 2, G_PI / 2);
  cairo_arc (cr, r, r, r, G_PI / 2, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_bar (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        user_data)
{
  ClassRow *row = user_data;
  GdkRGBA color;

  em_plot_colors_for_label (row->label, is_dark (), &color);
  cairo_save (cr);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.2);
  rounded_bar (cr, width, height);
  cairo_fill (cr);
  cairo_restore (cr);
  if (row->share <= 0)
    return;
  gdk_cairo_set_source_rgba (cr, &color);
  rounded_bar (cr, width * row->share, height);
  cairo_fill (cr);
}

static GtkLabel *
numeric_label (gboolean dim)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "numeric");
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");

  return GTK_LABEL (label);
}

static void
build_class_row (ClassRow            *row,
                 EmLabel              label,
                 AdwPreferencesGroup *group)
{
  row->label = label;
  row->row = ADW_ACTION_ROW (adw_action_row_new ());

  row->swatch = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (row->swatch), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (row->swatch), 12);
  gtk_widget_set_valign (row->swatch, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (row->swatch), draw_swatch, row, NULL);
  adw_action_row_add_prefix (row->row, row->swatch);

  row->bar = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (row->bar), 96);  /* narrow enough for a 360-px window */
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (row->bar), 8);
  gtk_widget_set_valign (row->bar, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (row->bar), draw_bar, row, NULL);
  adw_action_row_add_suffix (row->row, row->bar);

  row->count = numeric_label (FALSE);
  gtk_widget_set_size_request (GTK_WIDGET (row->count), 64, -1);
  adw_action_row_add_suffix (row->row, GTK_WIDGET (row->count));
  row->percent = numeric_label (TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (row->percent), 56, -1);
  adw_action_row_add_suffix (row->row, GTK_WIDGET (row->percent));

  adw_preferences_group_add (group, GTK_WIDGET (row->row));
}

static void
on_dark_changed_cb (AdwStyleManager *manager,
                    GParamSpec      *pspec,
                    GtkWidget       *area)
{
  gtk_widget_queue_draw (area);
}

/**
 * em_tag_summary_rows_new:
 * @group: the page's summary group; the rows are added to it
 *
 * Returns: (transfer full): the rows, to free with the page
 */
EmTagSummaryRows *
em_tag_summary_rows_new (AdwPreferencesGroup *group)
{
  EmTagSummaryRows *self = g_new0 (EmTagSummaryRows, 1);
  AdwStyleManager *manager = adw_style_manager_get_default ();

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      build_class_row (&self->rows[i], classes[i], group);
      g_signal_connect_object (manager, "notify::dark", G_CALLBACK (on_dark_changed_cb),
                               self->rows[i].swatch, 0);
      g_signal_connect_object (manager, "notify::dark", G_CALLBACK (on_dark_changed_cb),
                               self->rows[i].bar, 0);
    }

  self->outro_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outro_row), _("Tracks ending with music"));
  adw_action_row_add_prefix (self->outro_row, gtk_image_new_from_icon_name ("audio-x-generic-symbolic"));
  self->outro_count = numeric_label (FALSE);
  adw_action_row_add_suffix (self->outro_row, GTK_WIDGET (self->outro_count));
  adw_preferences_group_add (group, GTK_WIDGET (self->outro_row));

  return self;
}

void
em_tag_summary_rows_free (EmTagSummaryRows *self)
{
  g_free (self);
}

/**
 * em_tag_summary_rows_update:
 * @self: the rows
 * @results: what to show
 *
 * Binary models show two rows, "contains music" and "no music".
 */
void
em_tag_summary_rows_update (EmTagSummaryRows *self,
                            EmTagResults     *results)
{
  guint total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    total += results->n_per_label[classes[i]];

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      ClassRow *row = &self->rows[i];
      g_autofree char *count = NULL;
      g_autofree char *percent = NULL;

      row->n = results->n_per_label[row->label];
      row->share = total > 0 ? (double)row->n / total : 0.0;
      count = g_strdup_printf ("%u", row->n);
      percent = g_strdup_printf ("%.1f %%", 100.0 * row->share);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row),
                                     em_tag_label_title (row->label, results->mode));
      gtk_label_set_label (row->count, count);
      gtk_label_set_label (row->percent, percent);
      gtk_widget_set_visible (GTK_WIDGET (row->row),
                              row->label != EM_LABEL_BOTH || results->mode != EM_ENSEMBLE_MODE_BINARY);
      gtk_widget_queue_draw (row->bar);
    }

  {
    /* Translators: tracks that end with music, of all tagged tracks */
    g_autofree char *outro = g_strdup_printf (_("%u of %u"), results->n_tracks_outro, results->outros->len);
    gtk_label_set_label (self->outro_count, outro);
  }
}

/**
 * em_tag_summary_rows_get_count:
 *
 * Returns: the number of chunks the rows show for @label
 */
guint
em_tag_summary_rows_get_count (EmTagSummaryRows *self,
                               EmLabel           label)
{
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (self->rows[i].label == label)
      return self->rows[i].n;

  return 0;
}
