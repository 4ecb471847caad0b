/* em-tsne-gradient-fft.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The repulsive half of the t-SNE gradient by FFT-accelerated
 * interpolation (FIt-SNE; Linderman et al., Nature Methods 16, 2019).
 *
 * With K(a, b) = 1 / (1 + |a - b|^2), the repulsion needs, for every i,
 *   sum_j K^2 (y_i - y_j)  and  sum_j K = sum_j K^2 (1 + |y_i - y_j|^2),
 * which expand into four sums sum_j K^2(y_i, y_j) q_j with the charges
 * q_j = 1, y_j.x, y_j.y and |y_j|^2.  The plane is cut into square boxes
 * (at least 50 per side, about one per unit length); inside each box the
 * kernel is interpolated with Lagrange polynomials on 3 equispaced nodes
 * per dimension.  All nodes together form a regular grid, so the sums
 * over nodes are a discrete convolution with the kernel sampled on the
 * grid: done with real-to-complex FFTs on a zero-padded (2m x 2m) grid.
 * Per iteration this costs O(n) for spreading and gathering plus
 * O(m^2 log m) for the five transforms, instead of O(n^2).
 *
 * Determinism: each charge grid is filled by one worker in point order
 * and each point's potentials are gathered independently, so results do
 * not depend on the number of threads.  FFTW planning is not thread-safe,
 * hence the planner lock; executing one plan on several arrays is.
 */

#include "config.h"

#include <fftw3.h>
#include <math.h>
#include <string.h>

#include "em-parallel.h"
#include "em-tsne-private.h"

#define N_NODES        3      /* interpolation nodes per box and dimension */
#define MIN_BOXES      50
#define BOXES_PER_UNIT 1.0
#define N_TERMS        4

struct _EmTsneFft
{
  gsize      n;
  guint32   *node0;        /* n x 2: first grid node in x and in y */
  double    *weights;      /* n x 2 x N_NODES Lagrange weights */
  double    *potentials;   /* n x N_TERMS */

  gsize      m;            /* grid nodes per dimension */
  gsize      fft_n;        /* 2 m: the zero-padded size */
  gsize      capacity;     /* doubles in each buffer */
  double    *kernel;       /* in-place r2c buffers, fft_n x (fft_n + 2) */
  double    *grid[N_TERMS];
  fftw_plan  forward;
  fftw_plan  backward;
};

typedef struct
{
  EmTsneFft    *self;
  const double *y;
  double        lo;
  double        box_width;
  double        center[2];
} PointTask;

static GMutex planner_lock;

/**
 * _em_tsne_fft_new:
 * @n: number of points
 *
 * Returns: (transfer full): a workspace for _em_tsne_fft_repulsive()
 */
EmTsneFft *
_em_tsne_fft_new (gsize n)
{
  EmTsneFft *self = g_new0 (EmTsneFft, 1);

  self->n = n;
  self->node0 = g_new (guint32, n * 2);
  self->weights = g_new (double, n * 2 * N_NODES);
  self->potentials = g_new (double, n * N_TERMS);

  return self;
}

static void
release_grids (EmTsneFft *self)
{
  g_mutex_lock (&planner_lock);
  g_clear_pointer (&self->forward, fftw_destroy_plan);
  g_clear_pointer (&self->backward, fftw_destroy_plan);
  g_mutex_unlock (&planner_lock);
  g_clear_pointer (&self->kernel, fftw_free);
  for (guint t = 0; t < N_TERMS; t++)
    g_clear_pointer (&self->grid[t], fftw_free);
  self->capacity = 0;
  self->fft_n = 0;
}

void
_em_tsne_fft_free (EmTsneFft *self)
{
  if (self == NULL)
    return;
  release_grids (self);
  g_free (self->node0);
  g_free (self->weights);
  g_free (self->potentials);
  g_free (self);
}

static gboolean
is_smooth (gsize v)
{
  static const gsize primes[] = { 2, 3, 5, 7 };

  for (guint a = 0; a < G_N_ELEMENTS (primes); a++)
    while (v % primes[a] == 0)
      v /= primes[a];

  return v == 1;
}

/* About one box per unit of embedding length, at least MIN_BOXES, rounded
 * up to a product of small primes so that FFTW's fast codelets apply. */
static gsize
choose_boxes (double span)
{
  gsize boxes = (gsize) ceil (span * BOXES_PER_UNIT);

  boxes = MAX (boxes, MIN_BOXES);
  while (!is_smooth (boxes))
    boxes++;

  return boxes;
}

/* Buffers grow when needed and are kept; plans are remade whenever the
 * grid size changes (FFTW_ESTIMATE planning takes microseconds). */
static void
ensure_grids (EmTsneFft *self,
              gsize      m)
{
  gsize fft_n = 2 * m;
  gsize size = fft_n * (fft_n + 2);

  if (fft_n == self->fft_n)
    return;
  if (size > self->capacity)
    {
      release_grids (self);
      self->kernel = fftw_alloc_real (size);
      for (guint t = 0; t < N_TERMS; t++)
        self->grid[t] = fftw_alloc_real (size);
      self->capacity = size;
    }

  g_mutex_lock (&planner_lock);
  g_clear_pointer (&self->forward, fftw_destroy_plan);
  g_clear_pointer (&self->backward, fftw_destroy_plan);
  self->forward = fftw_plan_dft_r2c_2d ((int) fft_n, (int) fft_n, self->kernel,
                                        (fftw_complex *) self->kernel, FFTW_ESTIMATE);
  self->backward = fftw_plan_dft_c2r_2d ((int) fft_n, (int) fft_n,
                                         (fftw_complex *) self->kernel, self->kernel,
                                         FFTW_ESTIMATE);
  g_mutex_unlock (&planner_lock);
  g_debug ("t-SNE: interpolation grid %" G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT
           " (FFT %" G_GSIZE_FORMAT ")", m, m, fft_n);
  self->m = m;
  self->fft_n = fft_n;
}

/* Lagrange basis on the nodes (a + 0.5) / N_NODES of the unit box. */
static void
lagrange_weights (double  u,
                  double *w)
{
  for (guint a = 0; a < N_NODES; a++)
    {
      double ta = (a + 0.5) / N_NODES, v = 1.0;

      for (guint b = 0; b < N_NODES; b++)
        if (b != a)
          v *= (u - (b + 0.5) / N_NODES) / (ta - (b + 0.5) / N_NODES);
      w[a] = v;
    }
}

static void
locate_chunk (gsize    begin,
              gsize    end,
              guint    worker,
              gpointer user_data)
{
  PointTask *task = user_data;
  EmTsneFft *self = task->self;
  gsize boxes = self->m / N_NODES;

  for (gsize i = begin; i < end; i++)
    for (guint c = 0; c < 2; c++)
      {
        double s = (task->y[i * 2 + c] - task->lo) / task->box_width;
        gsize box = MIN ((gsize) MAX (s, 0.0), boxes - 1);

        self->node0[i * 2 + c] = (guint32) (box * N_NODES);
        lagrange_weights (s - (double) box, self->weights + (i * 2 + c) * N_NODES);
      }
}

/* Kernel 1 / (1 + r^2)^2 at grid offsets, wrapped circularly; offset m is
 * never used by an m x m convolution and stays 0. */
static void
fill_kernel (EmTsneFft *self,
             double     spacing)
{
  gsize fft_n = self->fft_n, stride = fft_n + 2, m = self->m;
  double h2 = spacing * spacing;

  for (gsize r = 0; r < fft_n; r++)
    {
      double dr = r < m ? (double) r : (double) fft_n - (double) r;

      for (gsize c = 0; c < fft_n; c++)
        {
          double dc = c < m ? (double) c : (double) fft_n - (double) c;
          double k = 1.0 / (1.0 + h2 * (dr * dr + dc * dc));

          self->kernel[r * stride + c] = (r == m || c == m) ? 0.0 : k * k;
        }
    }
  fftw_execute_dft_r2c (self->forward, self->kernel, (fftw_complex *) self->kernel);
}

/* Charges use coordinates relative to the grid centre: the sums are
 * translation invariant, and small coordinates keep the cancellation in
 * Z's expansion (1 + |y|^2) phi_1 - 2 y.phi + phi_4 harmless. */
static double
charge (const PointTask *task,
        gsize            i,
        guint            term)
{
  double yx = task->y[i * 2] - task->center[0];
  double yy = task->y[i * 2 + 1] - task->center[1];

  switch (term)
    {
    case 0:
      return 1.0;
    case 1:
      return yx;
    case 2:
      return yy;
    default:
      return yx * yx + yy * yy;
    }
}

/* One charge term: spread to the grid, convolve, leave potentials there. */
static void
convolve_chunk (gsize    begin,
                gsize    end,
                guint    worker,
                gpointer user_data)
{
  PointTask *task = user_data;
  EmTsneFft *self = task->self;
  gsize stride = self->fft_n + 2;
  gsize n_complex = self->fft_n * (self->fft_n / 2 + 1);

  for (gsize term = begin; term < end; term++)
    {
      double *grid = self->grid[term];
      fftw_complex *g = (fftw_complex *) grid;
      const fftw_complex *k = (const fftw_complex *) self->kernel;

      memset (grid, 0, self->fft_n * stride * sizeof (double));
      for (gsize i = 0; i < self->n; i++)
        {
          const double *wx = self->weights + i * 2 * N_NODES;
          const double *wy = wx + N_NODES;
          double q = charge (task, i, (guint) term);
          double *cell = grid + self->node0[i * 2 + 1] * stride + self->node0[i * 2];

          for (guint a = 0; a < N_NODES; a++)
            for (guint b = 0; b < N_NODES; b++)
              cell[a * stride + b] += wy[a] * wx[b] * q;
        }

      fftw_execute_dft_r2c (self->forward, grid, g);
      for (gsize a = 0; a < n_complex; a++)
        {
          double re = g[a][0] * k[a][0] - g[a][1] * k[a][1];
          double im = g[a][0] * k[a][1] + g[a][1] * k[a][0];

          g[a][0] = re;
          g[a][1] = im;
        }
      fftw_execute_dft_c2r (self->backward, g, grid);
    }
}

static void
gather_chunk (gsize    begin,
              gsize    end,
              guint    worker,
              gpointer user_data)
{
  PointTask *task = user_data;
  EmTsneFft *self = task->self;
  gsize stride = self->fft_n + 2;
  double scale = 1.0 / ((double) self->fft_n * (double) self->fft_n);

  for (gsize i = begin; i < end; i++)
    {
      const double *wx = self->weights + i * 2 * N_NODES;
      const double *wy = wx + N_NODES;
      gsize offset = self->node0[i * 2 + 1] * stride + self->node0[i * 2];

      for (guint t = 0; t < N_TERMS; t++)
        {
          const double *cell = self->grid[t] + offset;
          double s = 0.0;

          for (guint a = 0; a < N_NODES; a++)
            for (guint b = 0; b < N_NODES; b++)
              s += wy[a] * wx[b] * cell[a * stride + b];
          self->potentials[i * N_TERMS + t] = s * scale;
        }
    }
}

/**
 * _em_tsne_fft_repulsive:
 * @self: workspace made for the same number of points
 * @y: n x 2 embedding
 * @rep: (out caller-allocates): n x 2, sum_j (y_i - y_j) / (1 + |y_i - y_j|^2)^2
 *
 * Returns: Z = sum over i != j of 1 / (1 + |y_i - y_j|^2)
 */
double
_em_tsne_fft_repulsive (EmTsneFft    *self,
                        const double *y,
                        double       *rep)
{
  PointTask task = { self, y, 0.0, 0.0, { 0.0, 0.0 } };
  double lo[2] = { y[0], y[1] }, hi[2] = { y[0], y[1] }, z = 0.0;
  gsize boxes;

  for (gsize a = 2; a < 2 * self->n; a++)
    {
      lo[a % 2] = MIN (lo[a % 2], y[a]);
      hi[a % 2] = MAX (hi[a % 2], y[a]);
    }
  task.center[0] = 0.5 * (lo[0] + hi[0]);
  task.center[1] = 0.5 * (lo[1] + hi[1]);
  /* one square grid over both dimensions, as FIt-SNE does */
  task.lo = MIN (lo[0], lo[1]);
  boxes = choose_boxes (MAX (hi[0], hi[1]) - task.lo);
  ensure_grids (self, boxes * N_NODES);
  task.box_width = MAX (MAX (hi[0], hi[1]) - task.lo, 1e-300) / (double) boxes;

  em_parallel_for (self->n, 4096, locate_chunk, &task, NULL, 0.0, 0.0, NULL, NULL);
  fill_kernel (self, task.box_width / N_NODES);
  em_parallel_for (N_TERMS, 1, convolve_chunk, &task, NULL, 0.0, 0.0, NULL, NULL);
  em_parallel_for (self->n, 4096, gather_chunk, &task, NULL, 0.0, 0.0, NULL, NULL);

  for (gsize i = 0; i < self->n; i++)
    {
      const double *phi = self->potentials + i * N_TERMS;
      double yx = y[i * 2] - task.center[0], yy = y[i * 2 + 1] - task.center[1];

      rep[i * 2] = yx * phi[0] - phi[1];
      rep[i * 2 + 1] = yy * phi[0] - phi[2];
      z += (1.0 + yx * yx + yy * yy) * phi[0] - 2.0 * (yx * phi[1] + yy * phi[2]) + phi[3];
    }

  return z - (double) self->n;
}
