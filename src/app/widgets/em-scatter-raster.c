/* em-scatter-raster.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws the scatter plot's points into a premultiplied ARGB32 buffer (the
 * memory layout of a cairo image surface and of GDK_MEMORY_DEFAULT). A
 * cairo arc per point costs about a microsecond; stamping one
 * anti-aliased disc sprite per colour, made once per raster, is several
 * times faster, so 30,000 points take a few milliseconds in the worker.
 */

#include "config.h"

#include <math.h>

#include "em-scatter-raster.h"

/* Supersamples per pixel side when computing a disc's coverage. */
#define COVERAGE_SAMPLES 4
/* Width of the ring around a selected point, in logical pixels. */
#define RING_WIDTH 1.25
/* Cancellation is checked every this many points. */
#define CANCEL_CHECK_EVERY 4096

typedef struct
{
  int      half;    /* the sprite is (2 half + 1)² pixels */
  guint32 *pixels;  /* premultiplied ARGB32 */
} Sprite;

static double
plot_width (const EmScatterView *view)
{
  return MAX (view->width - 2 * EM_SCATTER_MARGIN, 1.0);
}

static double
plot_height (const EmScatterView *view)
{
  return MAX (view->height - 2 * EM_SCATTER_MARGIN, 1.0);
}

struct _EmScatterLayer
{
  GBytes          *pixels;
  GdkTexture      *texture;
  cairo_surface_t *surface;
  int              width, height;  /* device pixels */
};

EmScatterLayer *
em_scatter_layer_new (GBytes *pixels,
                      gsize   stride,
                      int     width,
                      int     height)
{
  EmScatterLayer *layer = g_new0 (EmScatterLayer, 1);

  layer->pixels = g_bytes_ref (pixels);
  layer->width = width;
  layer->height = height;
  layer->texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, pixels, stride);
  /* Read only: cairo never writes to a source surface. */
  layer->surface = cairo_image_surface_create_for_data ((guchar *) g_bytes_get_data (pixels, NULL),
                                                        CAIRO_FORMAT_ARGB32, width, height, (int) stride);
  return layer;
}

void
em_scatter_layer_free (EmScatterLayer *layer)
{
  if (layer == NULL)
    return;
  cairo_surface_destroy (layer->surface);
  g_clear_object (&layer->texture);
  g_bytes_unref (layer->pixels);
  g_free (layer);
}

/* Draws the layers (NULL ones skipped) scaled into @dest, showing only
 * what is inside @clip; with cairo, as one node so that the renderer
 * composites one surface, not one per layer. */
void
em_scatter_layers_append (EmScatterLayer        **layers,
                          guint                   n_layers,
                          GtkSnapshot            *snapshot,
                          const graphene_rect_t  *dest,
                          const graphene_rect_t  *clip,
                          gboolean                use_cairo)
{
  graphene_rect_t bounds;
  cairo_t *cr;

  if (!use_cairo)
    {
      for (guint i = 0; i < n_layers; i++)
        if (layers[i] != NULL)
          gtk_snapshot_append_texture (snapshot, layers[i]->texture, dest);
      return;
    }
  if (!graphene_rect_intersection (dest, clip, &bounds))
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  for (guint i = 0; i < n_layers; i++)
    {
      if (layers[i] == NULL)
        continue;
      cairo_save (cr);
      cairo_translate (cr, dest->origin.x, dest->origin.y);
      cairo_scale (cr, dest->size.width / layers[i]->width, dest->size.height / layers[i]->height);
      cairo_set_source_surface (cr, layers[i]->surface, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  cairo_destroy (cr);
}

void
em_scatter_view_map (const EmScatterView *view,
                     double               x,
                     double               y,
                     double              *wx,
                     double              *wy)
{
  *wx = EM_SCATTER_MARGIN + (x - view->x0) / view->w * plot_width (view);
  *wy = EM_SCATTER_MARGIN + plot_height (view) - (y - view->y0) / view->h * plot_height (view);
}

void
em_scatter_view_unmap (const EmScatterView *view,
                       double               wx,
                       double               wy,
                       double              *x,
                       double              *y)
{
  *x = view->x0 + (wx - EM_SCATTER_MARGIN) / plot_width (view) * view->w;
  *y = view->y0 + (EM_SCATTER_MARGIN + plot_height (view) - wy) / plot_height (view) * view->h;
}

void
em_scatter_view_get_plot_rect (const EmScatterView *view,
                               graphene_rect_t     *rect)
{
  graphene_rect_init (rect, EM_SCATTER_MARGIN, EM_SCATTER_MARGIN, plot_width (view), plot_height (view));
}

gboolean
em_scatter_view_equal (const EmScatterView *a,
                       const EmScatterView *b)
{
  return a->x0 == b->x0 && a->y0 == b->y0 && a->w == b->w && a->h == b->h &&
         a->width == b->width && a->height == b->height;
}

GdkRGBA
em_scatter_paint_color (const EmScatterPaint *paint,
                        guint                 index)
{
  guint c;

  if (paint->color_index == NULL)
    return paint->default_color;
  c = paint->color_index[index];
  return c < paint->n_colors ? paint->palette[c] : paint->none_color;
}

static guint32
premultiply (const GdkRGBA *color,
             double         coverage)
{
  double a = CLAMP (color->alpha * coverage, 0.0, 1.0);
  guint32 r = (guint32) lround (CLAMP (color->red, 0.0, 1.0) * a * 255);
  guint32 g = (guint32) lround (CLAMP (color->green, 0.0, 1.0) * a * 255);
  guint32 b = (guint32) lround (CLAMP (color->blue, 0.0, 1.0) * a * 255);

  return ((guint32) lround (a * 255) << 24) | (r << 16) | (g << 8) | b;
}

/* Fraction of the pixel at offset (dx, dy) from the centre pixel that a
 * disc of @radius around the centre pixel's middle covers. */
static double
coverage (int    dx,
          int    dy,
          double radius)
{
  int inside = 0;

  for (int sy = 0; sy < COVERAGE_SAMPLES; sy++)
    for (int sx = 0; sx < COVERAGE_SAMPLES; sx++)
      {
        double px = dx - 0.5 + (sx + 0.5) / COVERAGE_SAMPLES;
        double py = dy - 0.5 + (sy + 0.5) / COVERAGE_SAMPLES;

        inside += px * px + py * py <= radius * radius;
      }
  return (double) inside / (COVERAGE_SAMPLES * COVERAGE_SAMPLES);
}

static void
sprite_init (Sprite        *sprite,
             const GdkRGBA *color,
             double         radius)
{
  int half = (int) ceil (radius);
  int size = 2 * half + 1;

  sprite->half = half;
  sprite->pixels = g_new (guint32, size * size);
  for (int y = 0; y < size; y++)
    for (int x = 0; x < size; x++)
      sprite->pixels[y * size + x] = premultiply (color, coverage (x - half, y - half, radius));
}

static inline guint32
div255 (guint32 x)
{
  return (x + 128 + ((x + 128) >> 8)) >> 8;
}

/* Source-over of a premultiplied pixel. */
static inline guint32
blend (guint32 src,
       guint32 dst)
{
  guint32 inv = 255 - (src >> 24);

  if (inv == 0)
    return src;
  return src + ((div255 ((dst >> 24) * inv) << 24) |
                (div255 (((dst >> 16) & 0xff) * inv) << 16) |
                (div255 (((dst >> 8) & 0xff) * inv) << 8) |
                div255 ((dst & 0xff) * inv));
}

typedef struct
{
  guint32 *pixels;
  int      width, height;   /* device pixels */
  int      clip_x0, clip_y0, clip_x1, clip_y1;
} Canvas;

static void
stamp (Canvas       *canvas,
       const Sprite *sprite,
       int           cx,
       int           cy)
{
  int size = 2 * sprite->half + 1;
  int x0 = MAX (cx - sprite->half, canvas->clip_x0);
  int x1 = MIN (cx + sprite->half + 1, canvas->clip_x1);
  int y0 = MAX (cy - sprite->half, canvas->clip_y0);
  int y1 = MIN (cy + sprite->half + 1, canvas->clip_y1);

  for (int y = y0; y < y1; y++)
    {
      guint32 *row = canvas->pixels + (gsize) y * canvas->width;
      const guint32 *src = sprite->pixels + (y - cy + sprite->half) * size;

      for (int x = x0; x < x1; x++)
        {
          guint32 s = src[x - cx + sprite->half];

          if (s != 0)
            row[x] = blend (s, row[x]);
        }
    }
}

/* Sprites: [c] for palette colour c, [n_colors] for "none" and for the
 * default colour; selected points get a ring sprite below each. */
typedef struct
{
  Sprite *fill;
  Sprite  ring;
  guint   n;
} Sprites;

static void
sprites_init (Sprites              *sprites,
              const EmScatterPaint *paint,
              int                   scale,
              gboolean              selected)
{
  double radius = paint->radius * scale;
  GdkRGBA color;

  sprites->n = paint->color_index != NULL ? paint->n_colors + 1 : 1;
  sprites->fill = g_new0 (Sprite, sprites->n);
  for (guint c = 0; c < sprites->n; c++)
    {
      if (paint->color_index == NULL)
        color = paint->default_color;
      else
        color = c < paint->n_colors ? paint->palette[c] : paint->none_color;
      color.alpha *= selected ? 1.0 : paint->alpha;
      sprite_init (&sprites->fill[c], &color, radius);
    }
  sprites->ring.pixels = NULL;
  if (selected)
    sprite_init (&sprites->ring, &paint->outline, radius + RING_WIDTH * scale);
}

static void
sprites_clear (Sprites *sprites)
{
  for (guint c = 0; c < sprites->n; c++)
    g_free (sprites->fill[c].pixels);
  g_free (sprites->fill);
  g_free (sprites->ring.pixels);
}

static guint
sprite_for (const EmScatterPaint *paint,
            guint                 i)
{
  if (paint->color_index == NULL)
    return 0;
  return MIN (paint->color_index[i], paint->n_colors);
}

static void
draw_point (Canvas               *canvas,
            const Sprites        *sprites,
            const EmScatterPaint *paint,
            const EmScatterView  *view,
            int                   scale,
            guint                 i)
{
  float x = paint->xy[2 * i], y = paint->xy[2 * i + 1];
  double wx, wy;
  int cx, cy;

  if (!isfinite (x) || !isfinite (y))
    return;
  em_scatter_view_map (view, x, y, &wx, &wy);
  if (!(fabs (wx) < 1e6 && fabs (wy) < 1e6))
    return;
  cx = (int) floor (wx * scale);
  cy = (int) floor (wy * scale);
  if (sprites->ring.pixels != NULL)
    stamp (canvas, &sprites->ring, cx, cy);
  stamp (canvas, &sprites->fill[sprite_for (paint, i)], cx, cy);
}

/**
 * em_scatter_raster:
 * @paint: the points and their colours
 * @view: the data rectangle and widget size to draw for
 * @scale: the widget's scale factor
 * @subset: (nullable): indices of the points to draw, or %NULL for all
 * @n_subset: the number of indices in @subset
 * @selected: draw the points as selected (opaque, with a ring)
 * @cancellable: (nullable): checked every few thousand points
 * @stride: (out): bytes per row
 *
 * Draws into a transparent buffer of (width × scale) × (height × scale)
 * pixels, clipped to the plot area. With all points, points without a
 * colour ("none") are drawn first so that coloured ones stay on top.
 *
 * Returns: (transfer full) (nullable): the pixels, or %NULL if cancelled
 */
GBytes *
em_scatter_raster (const EmScatterPaint *paint,
                   const EmScatterView  *view,
                   int                   scale,
                   const guint          *subset,
                   guint                 n_subset,
                   gboolean              selected,
                   GCancellable         *cancellable,
                   gsize                *stride)
{
  Canvas canvas;
  Sprites sprites;
  guint n = subset != NULL ? n_subset : paint->n_points;
  gboolean cancelled = FALSE;

  canvas.width = MAX (view->width * scale, 1);
  canvas.height = MAX (view->height * scale, 1);
  canvas.clip_x0 = (int) (EM_SCATTER_MARGIN * scale);
  canvas.clip_y0 = (int) (EM_SCATTER_MARGIN * scale);
  canvas.clip_x1 = MAX (canvas.width - canvas.clip_x0, canvas.clip_x0);
  canvas.clip_y1 = MAX (canvas.height - canvas.clip_y0, canvas.clip_y0);
  canvas.pixels = g_new0 (guint32, (gsize) canvas.width * canvas.height);
  sprites_init (&sprites, paint, scale, selected);

  for (guint pass = 0; pass < 2 && !cancelled; pass++)
    for (guint k = 0; k < n; k++)
      {
        guint i = subset != NULL ? subset[k] : k;
        gboolean none = sprite_for (paint, i) == paint->n_colors && paint->color_index != NULL;

        if (k % CANCEL_CHECK_EVERY == 0 && g_cancellable_is_cancelled (cancellable))
          {
            cancelled = TRUE;
            break;
          }
        if (none == (pass == 0))
          draw_point (&canvas, &sprites, paint, view, scale, i);
      }

  sprites_clear (&sprites);
  if (cancelled)
    {
      g_free (canvas.pixels);
      return NULL;
    }
  *stride = (gsize) canvas.width * 4;
  return g_bytes_new_take (canvas.pixels, (gsize) canvas.width * canvas.height * 4);
}
