/* em-cluster-table.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The columns of the Explore page's cluster table: name with the map's
 * colour, size, labelled chunks per class, purity, the active model's
 * main class and the mean silhouette.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "em-cluster-item.h"

typedef enum
{
  COLUMN_NAME,
  COLUMN_SIZE,
  COLUMN_MUSIC,
  COLUMN_DIALOGUE,
  COLUMN_BOTH,
  COLUMN_PURITY,
  COLUMN_PREDICTED,
  COLUMN_SILHOUETTE,
  N_COLUMNS,
} Column;

static const char *
label_name (EmLabel label)
{
  switch (label)
    {
    case EM_LABEL_MUSIC:
      return _("Music");
    case EM_LABEL_DIALOGUE:
      return _("Dialogue");
    case EM_LABEL_BOTH:
      return _("Both");
    case EM_LABEL_NONE:
    default:
      return "—";
    }
}

static char *
format_cell (EmClusterItem *item,
             Column         column)
{
  const EmClusterSummary *s = em_cluster_item_get_summary (item);

  switch (column)
    {
    case COLUMN_NAME:
      return em_cluster_item_dup_name (item);
    case COLUMN_SIZE:
      return g_strdup_printf ("%u", s->size);
    case COLUMN_MUSIC:
    case COLUMN_DIALOGUE:
    case COLUMN_BOTH:
      return g_strdup_printf ("%u", s->labelled[EM_LABEL_MUSIC + column - COLUMN_MUSIC]);
    case COLUMN_PURITY:
      return isnan (s->purity) ? g_strdup ("—") : g_strdup_printf ("%.0f %%", 100 * s->purity);
    case COLUMN_PREDICTED:
      return g_strdup (label_name (s->predicted));
    case COLUMN_SILHOUETTE:
      return isnan (s->silhouette) ? g_strdup ("—") : g_strdup_printf ("%.2f", s->silhouette);
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  const GdkRGBA *color = g_object_get_data (G_OBJECT (area), "color");

  if (color == NULL)
    return;
  gdk_cairo_set_source_rgba (cr, color);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 1, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  if (column != COLUMN_NAME)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "numeric");
      gtk_list_item_set_child (list_item, label);
      return;
    }

  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    GtkWidget *swatch = gtk_drawing_area_new ();

    gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 12);
    gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
    gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
    gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, NULL, NULL);
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    gtk_box_append (GTK_BOX (box), swatch);
    gtk_box_append (GTK_BOX (box), label);
    gtk_list_item_set_child (list_item, box);
  }
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  EmClusterItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = format_cell (item, column);

  if (column == COLUMN_NAME)
    {
      GtkWidget *swatch = gtk_widget_get_first_child (child);

      g_object_set_data (G_OBJECT (swatch), "color", (gpointer)em_cluster_item_get_color (item));
      gtk_widget_queue_draw (swatch);
      child = gtk_widget_get_last_child (child);
    }
  gtk_label_set_text (GTK_LABEL (child), text);
}

/**
 * em_cluster_table_setup:
 * @view: an empty column view whose model holds #EmClusterItem
 *
 * Adds the table's columns.
 */
void
em_cluster_table_setup (GtkColumnView *view)
{
  const char *titles[N_COLUMNS] = {
    _("Cluster"), _("Size"), _("Music"), _("Dialogue"), _("Both"),
    _("Purity"), _("Predicted"), _("Silhouette"),
  };

  for (int c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (titles[c], factory);
      gtk_column_view_column_set_expand (column, c == COLUMN_NAME);
      gtk_column_view_append_column (view, column);
    }
}
