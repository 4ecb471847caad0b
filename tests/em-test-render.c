/* em-test-render.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the UI tests share to look at a widget's pixels.
 */

#include "config.h"

#include "em-test-render.h"

/* Runs the main context for @seconds without blocking. */
void
em_test_iterate (double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

/* The paintable shows the widget as last drawn: wait for a frame (slow
 * under ASan on a loaded machine). */
static GskRenderNode *
snapshot_widget (GtkWidget *widget,
                 int        width,
                 int        height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GskRenderNode *node = NULL;

  do
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      em_test_iterate (0.1);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  while (node == NULL && g_get_monotonic_time () < deadline);

  return node;
}

/**
 * em_test_render_widget:
 * @widget: a widget shown in a window
 * @width: its width
 * @height: its height
 *
 * Returns: (transfer full): the widget drawn alone (no window background)
 *   as unpremultiplied R, G, B, A bytes, @width × @height of them
 */
guchar *
em_test_render_widget (GtkWidget *widget,
                       int        width,
                       int        height)
{
  g_autoptr(GskRenderNode) node = snapshot_widget (widget, width, height);
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  guchar *pixels = g_malloc ((gsize) width * height * 4);

  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  gdk_texture_download (texture, pixels, (gsize) width * 4);

  /* Cairo's ARGB32: premultiplied B, G, R, A in memory on little endian. */
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      guchar *p = pixels + 4 * i;
      guchar a = p[3], b = p[0], r = p[2];

      if (a > 0)
        {
          p[0] = MIN (255, r * 255 / a);
          p[1] = MIN (255, p[1] * 255 / a);
          p[2] = MIN (255, b * 255 / a);
        }
    }
  return pixels;
}
