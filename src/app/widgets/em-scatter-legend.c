/* em-scatter-legend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scatter plot's legend: a swatch and a name per colour in a small
 * rounded box in the top right corner of the plot area. The text layouts
 * are made once per set of names and font, not per frame; past
 * MAX_ROWS names the last row says how many more there are.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-scatter-legend.h"

#define MAX_ROWS 12
#define PADDING 6.0
#define SWATCH 10.0
#define GAP 6.0
#define INSET 8.0

struct _EmScatterLegend
{
  GdkRGBA   *palette;
  GStrv      names;
  guint      n;
  GPtrArray *layouts;  /* PangoLayout, one per row; NULL when stale */
};

EmScatterLegend *
em_scatter_legend_new (void)
{
  return g_new0 (EmScatterLegend, 1);
}

void
em_scatter_legend_free (EmScatterLegend *legend)
{
  if (legend == NULL)
    return;
  g_free (legend->palette);
  g_strfreev (legend->names);
  g_clear_pointer (&legend->layouts, g_ptr_array_unref);
  g_free (legend);
}

/* Copies @n colours and names; @n == 0 hides the legend. */
void
em_scatter_legend_set (EmScatterLegend    *legend,
                       const GdkRGBA      *palette,
                       const char * const *names,
                       guint               n)
{
  g_clear_pointer (&legend->palette, g_free);
  g_clear_pointer (&legend->names, g_strfreev);
  legend->n = names != NULL ? n : 0;
  if (legend->n > 0)
    {
      legend->palette = g_memdup2 (palette, n * sizeof (GdkRGBA));
      legend->names = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        legend->names[i] = g_strdup (names[i] != NULL ? names[i] : "");
    }
  em_scatter_legend_invalidate (legend);
}

/* The font or the names changed. */
void
em_scatter_legend_invalidate (EmScatterLegend *legend)
{
  g_clear_pointer (&legend->layouts, g_ptr_array_unref);
}

static guint
n_rows (EmScatterLegend *legend)
{
  return legend->n > MAX_ROWS ? MAX_ROWS : legend->n;
}

static void
make_layouts (EmScatterLegend *legend,
              GtkWidget       *widget)
{
  guint rows = n_rows (legend);

  legend->layouts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < rows; i++)
    {
      g_autofree char *more = NULL;
      guint hidden = legend->n - (rows - 1);
      const char *text = legend->names[i];

      if (legend->n > MAX_ROWS && i == rows - 1)
        {
          /* Translators: the last row of a plot legend too long to show */
          more = g_strdup_printf (ngettext ("%u more", "%u more", hidden), hidden);
          text = more;
        }
      g_ptr_array_add (legend->layouts, gtk_widget_create_pango_layout (widget, text));
    }
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

void
em_scatter_legend_snapshot (EmScatterLegend       *legend,
                            GtkWidget             *widget,
                            GtkSnapshot           *snapshot,
                            const graphene_rect_t *plot)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  int text_w = 0, row_h = 0;
  double box_w, box_h, x, y;
  GdkRGBA fg, bg, border;
  GskRoundedRect box;

  if (legend->n == 0)
    return;
  if (legend->layouts == NULL)
    make_layouts (legend, widget);

  for (guint i = 0; i < legend->layouts->len; i++)
    {
      int w, h;

      pango_layout_get_pixel_size (g_ptr_array_index (legend->layouts, i), &w, &h);
      text_w = MAX (text_w, w);
      row_h = MAX (row_h, h);
    }
  box_w = 2 * PADDING + SWATCH + GAP + text_w;
  box_h = 2 * PADDING + row_h * legend->layouts->len;
  x = plot->origin.x + plot->size.width - INSET - box_w;
  y = plot->origin.y + INSET;
  if (box_w > plot->size.width - 2 * INSET || box_h > plot->size.height - 2 * INSET)
    return;

  gtk_style_context_get_color (context, &fg);
  lookup_color (context, "view_bg_color", "#ffffff", &bg);
  bg.alpha = 0.85;
  border = fg;
  border.alpha *= 0.15;
  gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (x, y, box_w, box_h), 6);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &bg, &box.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &box, (float[4]) { 1, 1, 1, 1 },
                              (GdkRGBA[4]) { border, border, border, border });

  for (guint i = 0; i < legend->layouts->len; i++)
    {
      double row_y = y + PADDING + i * row_h;
      gboolean more = legend->n > MAX_ROWS && i == legend->layouts->len - 1;

      if (!more)
        gtk_snapshot_append_color (snapshot, &legend->palette[i],
                                   &GRAPHENE_RECT_INIT (x + PADDING, row_y + (row_h - SWATCH) / 2, SWATCH, SWATCH));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + PADDING + SWATCH + GAP, row_y));
      gtk_snapshot_append_layout (snapshot, g_ptr_array_index (legend->layouts, i), &fg);
      gtk_snapshot_restore (snapshot);
    }
}
