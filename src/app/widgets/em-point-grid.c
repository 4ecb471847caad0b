/* em-point-grid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A uniform grid over 2-D points in data coordinates, for hit-testing and
 * rectangle/lasso selection in the scatter plot without scanning all the
 * points. Cells are sized for about two points each and stored as one
 * counting-sorted index array (cell_start[c] … cell_start[c + 1]), so a
 * query touches only the cells its rectangle overlaps. The grid is in data
 * space, so zooming and panning never rebuild it. Points with a NaN or
 * infinite coordinate are kept out of the grid (and are never drawn).
 */

#include "config.h"

#include <math.h>

#include "em-point-grid.h"

/* More cells per side would only cost memory: 512² cells already hold
 * 30,000 points at ~0.1 per cell. */
#define MAX_CELLS_PER_SIDE 512

struct _EmPointGrid
{
  float *xy;
  guint  n_points;
  guint  n_finite;
  float  x0, y0, x1, y1;    /* bounds of the finite points */
  guint  nx, ny;
  double cell_w, cell_h;
  guint *cell_start;        /* nx * ny + 1 */
  guint *indices;           /* n_finite, sorted by cell */
};

static gboolean
point_is_finite (const float *xy,
                 guint        i)
{
  return isfinite (xy[2 * i]) && isfinite (xy[2 * i + 1]);
}

static guint
cell_x (const EmPointGrid *grid,
        double             x)
{
  double c = floor ((x - grid->x0) / grid->cell_w);

  return (guint) CLAMP (c, 0.0, (double) grid->nx - 1);
}

static guint
cell_y (const EmPointGrid *grid,
        double             y)
{
  double c = floor ((y - grid->y0) / grid->cell_h);

  return (guint) CLAMP (c, 0.0, (double) grid->ny - 1);
}

static void
compute_bounds (EmPointGrid *grid)
{
  grid->x0 = grid->y0 = INFINITY;
  grid->x1 = grid->y1 = -INFINITY;
  for (guint i = 0; i < grid->n_points; i++)
    {
      if (!point_is_finite (grid->xy, i))
        continue;
      grid->n_finite++;
      grid->x0 = MIN (grid->x0, grid->xy[2 * i]);
      grid->x1 = MAX (grid->x1, grid->xy[2 * i]);
      grid->y0 = MIN (grid->y0, grid->xy[2 * i + 1]);
      grid->y1 = MAX (grid->y1, grid->xy[2 * i + 1]);
    }
}

/**
 * em_point_grid_new:
 * @xy: (array): @n_points pairs (x, y), copied
 * @n_points: the number of points
 *
 * Returns: (transfer full): the grid of the points
 */
EmPointGrid *
em_point_grid_new (const float *xy,
                   guint        n_points)
{
  EmPointGrid *grid = g_new0 (EmPointGrid, 1);
  guint side, n_cells;

  g_return_val_if_fail (xy != NULL || n_points == 0, grid);

  grid->n_points = n_points;
  grid->xy = g_memdup2 (xy, (gsize) n_points * 2 * sizeof (float));
  compute_bounds (grid);

  side = (guint) CLAMP (ceil (sqrt (grid->n_finite / 2.0)), 1, MAX_CELLS_PER_SIDE);
  grid->nx = grid->ny = side;
  n_cells = side * side;
  /* A degenerate extent (one point, a vertical line) still gets cells of
   * a positive size. */
  grid->cell_w = grid->n_finite > 0 && grid->x1 > grid->x0 ? ((double) grid->x1 - grid->x0) / side : 1.0;
  grid->cell_h = grid->n_finite > 0 && grid->y1 > grid->y0 ? ((double) grid->y1 - grid->y0) / side : 1.0;
  grid->cell_start = g_new0 (guint, n_cells + 1);
  grid->indices = g_new (guint, MAX (grid->n_finite, 1));

  for (guint i = 0; i < n_points; i++)
    if (point_is_finite (grid->xy, i))
      grid->cell_start[cell_y (grid, grid->xy[2 * i + 1]) * side + cell_x (grid, grid->xy[2 * i]) + 1]++;
  for (guint c = 0; c < n_cells; c++)
    grid->cell_start[c + 1] += grid->cell_start[c];
  {
    g_autofree guint *fill = g_memdup2 (grid->cell_start, n_cells * sizeof (guint));

    for (guint i = 0; i < n_points; i++)
      if (point_is_finite (grid->xy, i))
        grid->indices[fill[cell_y (grid, grid->xy[2 * i + 1]) * side + cell_x (grid, grid->xy[2 * i])]++] = i;
  }
  return grid;
}

void
em_point_grid_free (EmPointGrid *grid)
{
  if (grid == NULL)
    return;
  g_free (grid->xy);
  g_free (grid->cell_start);
  g_free (grid->indices);
  g_free (grid);
}

guint
em_point_grid_get_n_points (const EmPointGrid *grid)
{
  return grid->n_points;
}

/* The grid's own copy of the points, 2 × n floats. */
const float *
em_point_grid_get_xy (const EmPointGrid *grid)
{
  return grid->xy;
}

/* Returns FALSE when no point has finite coordinates. */
gboolean
em_point_grid_get_bounds (const EmPointGrid *grid,
                          float             *x0,
                          float             *y0,
                          float             *x1,
                          float             *y1)
{
  if (grid->n_finite == 0)
    return FALSE;
  *x0 = grid->x0;
  *y0 = grid->y0;
  *x1 = grid->x1;
  *y1 = grid->y1;
  return TRUE;
}

/* Calls @func on the index of every point in the cells that overlap the
 * rectangle; the caller tests the exact shape. */
typedef void (*CellFunc) (const EmPointGrid *grid,
                          guint              index,
                          gpointer           data);

static void
foreach_candidate (const EmPointGrid *grid,
                   double             x0,
                   double             y0,
                   double             x1,
                   double             y1,
                   CellFunc           func,
                   gpointer           data)
{
  guint cx0, cx1, cy0, cy1;

  if (grid->n_finite == 0 || x1 < grid->x0 || x0 > grid->x1 || y1 < grid->y0 || y0 > grid->y1)
    return;
  cx0 = cell_x (grid, x0);
  cx1 = cell_x (grid, x1);
  cy0 = cell_y (grid, y0);
  cy1 = cell_y (grid, y1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        guint c = cy * grid->nx + cx;

        for (guint k = grid->cell_start[c]; k < grid->cell_start[c + 1]; k++)
          func (grid, grid->indices[k], data);
      }
}

typedef struct
{
  double x, y, sx, sy;
  double best_d2;
  int    best;
} Nearest;

static void
nearest_cb (const EmPointGrid *grid,
            guint              i,
            gpointer           data)
{
  Nearest *n = data;
  double dx = (grid->xy[2 * i] - n->x) * n->sx;
  double dy = (grid->xy[2 * i + 1] - n->y) * n->sy;
  double d2 = dx * dx + dy * dy;

  /* Ties go to the later point: it is the one drawn on top. */
  if (d2 <= n->best_d2)
    {
      n->best_d2 = d2;
      n->best = (int) i;
    }
}

/**
 * em_point_grid_nearest:
 * @grid: a grid
 * @x: where to look, in data coordinates
 * @y: where to look, in data coordinates
 * @scale_x: pixels per data unit along x (> 0)
 * @scale_y: pixels per data unit along y (> 0)
 * @radius: the largest distance, in pixels
 *
 * Returns: the index of the point nearest to (@x, @y) on screen, within
 *   @radius pixels, or -1
 */
int
em_point_grid_nearest (const EmPointGrid *grid,
                       double             x,
                       double             y,
                       double             scale_x,
                       double             scale_y,
                       double             radius)
{
  Nearest n = { x, y, scale_x, scale_y, radius * radius, -1 };
  double rx, ry;

  g_return_val_if_fail (scale_x > 0 && scale_y > 0, -1);

  rx = radius / scale_x;
  ry = radius / scale_y;
  foreach_candidate (grid, x - rx, y - ry, x + rx, y + ry, nearest_cb, &n);
  return n.best;
}

typedef struct
{
  double  x0, y0, x1, y1;
  GArray *out;
} Rect;

static void
rect_cb (const EmPointGrid *grid,
         guint              i,
         gpointer           data)
{
  Rect *r = data;
  float x = grid->xy[2 * i], y = grid->xy[2 * i + 1];

  if (x >= r->x0 && x <= r->x1 && y >= r->y0 && y <= r->y1)
    g_array_append_val (r->out, i);
}

/**
 * em_point_grid_collect_rect:
 * @grid: a grid
 * @x0: the rectangle's smaller x (data coordinates)
 * @y0: its smaller y
 * @x1: its larger x
 * @y1: its larger y
 * @indices: (element-type guint): receives the indices of the points
 *   inside the rectangle (edges included), in cell order
 */
void
em_point_grid_collect_rect (const EmPointGrid *grid,
                            double             x0,
                            double             y0,
                            double             x1,
                            double             y1,
                            GArray            *indices)
{
  Rect r = { MIN (x0, x1), MIN (y0, y1), MAX (x0, x1), MAX (y0, y1), indices };

  foreach_candidate (grid, r.x0, r.y0, r.x1, r.y1, rect_cb, &r);
}

typedef struct
{
  const double *polygon;
  guint         n;
  GArray       *out;
} Polygon;

/* Even-odd rule: a horizontal ray from the point crosses the outline an
 * odd number of times when the point is inside, concave shapes too. */
static gboolean
inside_polygon (const double *p,
                guint         n,
                double        x,
                double        y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      double xi = p[2 * i], yi = p[2 * i + 1], xj = p[2 * j], yj = p[2 * j + 1];

      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        inside = !inside;
    }
  return inside;
}

static void
polygon_cb (const EmPointGrid *grid,
            guint              i,
            gpointer           data)
{
  Polygon *poly = data;

  if (inside_polygon (poly->polygon, poly->n, grid->xy[2 * i], grid->xy[2 * i + 1]))
    g_array_append_val (poly->out, i);
}

/**
 * em_point_grid_collect_polygon:
 * @grid: a grid
 * @polygon: (array): @n_vertices pairs (x, y) in data coordinates; the
 *   outline closes from the last vertex back to the first
 * @n_vertices: at least 3, or nothing is collected
 * @indices: (element-type guint): receives the indices of the points
 *   inside the polygon (even-odd rule)
 */
void
em_point_grid_collect_polygon (const EmPointGrid *grid,
                               const double      *polygon,
                               guint              n_vertices,
                               GArray            *indices)
{
  Polygon poly = { polygon, n_vertices, indices };
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;

  if (n_vertices < 3)
    return;
  for (guint v = 0; v < n_vertices; v++)
    {
      x0 = MIN (x0, polygon[2 * v]);
      x1 = MAX (x1, polygon[2 * v]);
      y0 = MIN (y0, polygon[2 * v + 1]);
      y1 = MAX (y1, polygon[2 * v + 1]);
    }
  if (!isfinite (x0) || !isfinite (x1) || !isfinite (y0) || !isfinite (y1))
    return;
  foreach_candidate (grid, x0, y0, x1, y1, polygon_cb, &poly);
}
