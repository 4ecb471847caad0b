/* em-tsne-fft-grid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Discrete convolution of charge grids with the t-SNE kernels, for the
 * FFT-interpolated repulsion (em-tsne-gradient-fft.c).
 *
 * An m x m grid of charges is zero-padded to N x N (N = 2 m) so that the
 * circular convolution equals the linear one.  Instead of FFTW's 2-D
 * transform, the 2-D FFT is done as row transforms then column
 * transforms, which lets us skip work on the padding: only the m rows
 * holding charges are transformed forward, and only the m rows whose
 * potentials are read are transformed back (about a quarter less work),
 * and every row and every block of columns is an independent item that
 * the workers share, whatever the number of grids.
 *
 * The kernels are even in both directions, so their spectra are real;
 * the one of 1 / (1 + r^2)^2 multiplies every charge spectrum, the one of
 * 1 / (1 + r^2) only enters the normalisation
 *   Z = sum_ij K_ij = sum_g q(g) (K * q)(g) = N^-2 sum_w |Q(w)|^2 K^(w)
 * (Parseval) for the unit charges, so Z needs no transform of its own.
 * Spectra are kept while the grid size and spacing stay the same, which
 * is the case once the embedding spans more than the minimum number of
 * boxes (the box width is then fixed).
 *
 * FFTW planning is not thread-safe: plans are made under a lock, once per
 * grid size, and executed on many arrays (new-array execute), which is.
 * Rows are padded to a multiple of 32 bytes so every row and every block
 * of columns has the alignment the plans were made for.
 */

#include "config.h"

#include <fftw3.h>
#include <string.h>

#include "em-fftw-lock.h"
#include "em-parallel.h"
#include "em-tsne-private.h"

#define COLUMN_BLOCK 8     /* complex columns per column transform */
#define N_KERNELS    2     /* 1 / (1 + r^2)^2 and 1 / (1 + r^2) */

struct _EmTsneGrid
{
  gsize      m;            /* charge nodes per dimension */
  gsize      fft_n;        /* padded size N = 2 m */
  gsize      cstride;      /* complex entries per row (>= N / 2 + 1, even) */
  double     spacing;      /* grid spacing the spectra were made for */
  gsize      capacity;     /* doubles per buffer */
  double    *buffers[EM_TSNE_GRID_TERMS + N_KERNELS];
  double    *spectra[N_KERNELS];   /* real, N x cstride */
  double     z;

  fftw_plan  row_forward;
  fftw_plan  row_backward;
  fftw_plan  column_forward[2];    /* full block, last partial block */
  fftw_plan  column_backward[2];
};

typedef struct
{
  EmTsneGrid *self;
  guint       first_buffer;
  gsize       n_rows;      /* rows per buffer to transform */
  double     *block_z;     /* per column block, for Z */
} Pass;

EmTsneGrid *
_em_tsne_grid_new (void)
{
  return g_new0 (EmTsneGrid, 1);
}

static void
destroy_plans (EmTsneGrid *self)
{
  em_fftw_lock ();
  g_clear_pointer (&self->row_forward, fftw_destroy_plan);
  g_clear_pointer (&self->row_backward, fftw_destroy_plan);
  for (guint a = 0; a < 2; a++)
    {
      g_clear_pointer (&self->column_forward[a], fftw_destroy_plan);
      g_clear_pointer (&self->column_backward[a], fftw_destroy_plan);
    }
  em_fftw_unlock ();
}

void
_em_tsne_grid_free (EmTsneGrid *self)
{
  if (self == NULL)
    return;
  destroy_plans (self);
  for (guint b = 0; b < G_N_ELEMENTS (self->buffers); b++)
    g_clear_pointer (&self->buffers[b], fftw_free);
  for (guint k = 0; k < N_KERNELS; k++)
    g_clear_pointer (&self->spectra[k], fftw_free);
  g_free (self);
}

static gsize
n_column_blocks (const EmTsneGrid *self)
{
  return (self->fft_n / 2 + 1 + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
}

/* Whole passes on the calling thread for small grids. */
static gsize
grid_chunk (const EmTsneGrid *self,
            gsize             n_items,
            gsize             chunk)
{
  return self->fft_n < EM_TSNE_PARALLEL_FFT ? MAX (n_items, 1) : chunk;
}

static fftw_plan
plan_columns (EmTsneGrid *self,
              int         howmany,
              int         sign)
{
  int n = (int) self->fft_n;
  fftw_complex *buf = (fftw_complex *) self->buffers[0];

  return fftw_plan_many_dft (1, &n, howmany, buf, NULL, (int) self->cstride, 1,
                             buf, NULL, (int) self->cstride, 1, sign, FFTW_ESTIMATE);
}

static void
make_plans (EmTsneGrid *self)
{
  int n = (int) self->fft_n;
  int last = (int) (self->fft_n / 2 + 1 - (n_column_blocks (self) - 1) * COLUMN_BLOCK);
  double *row = self->buffers[0];

  destroy_plans (self);
  em_fftw_lock ();
  self->row_forward = fftw_plan_dft_r2c_1d (n, row, (fftw_complex *) row, FFTW_ESTIMATE);
  self->row_backward = fftw_plan_dft_c2r_1d (n, (fftw_complex *) row, row, FFTW_ESTIMATE);
  self->column_forward[0] = plan_columns (self, COLUMN_BLOCK, FFTW_FORWARD);
  self->column_backward[0] = plan_columns (self, COLUMN_BLOCK, FFTW_BACKWARD);
  self->column_forward[1] = plan_columns (self, last, FFTW_FORWARD);
  self->column_backward[1] = plan_columns (self, last, FFTW_BACKWARD);
  em_fftw_unlock ();
}

static void
ensure_buffers (EmTsneGrid *self)
{
  gsize size = self->fft_n * 2 * self->cstride;

  if (size <= self->capacity)
    return;
  for (guint b = 0; b < G_N_ELEMENTS (self->buffers); b++)
    {
      g_clear_pointer (&self->buffers[b], fftw_free);
      self->buffers[b] = fftw_alloc_real (size);
      memset (self->buffers[b], 0, size * sizeof (double));
    }
  for (guint k = 0; k < N_KERNELS; k++)
    {
      g_clear_pointer (&self->spectra[k], fftw_free);
      self->spectra[k] = fftw_alloc_real (size / 2);
    }
  self->capacity = size;
}

static void
rows_chunk (gsize    begin,
            gsize    end,
            guint    worker,
            gpointer user_data)
{
  Pass *pass = user_data;
  EmTsneGrid *self = pass->self;

  for (gsize item = begin; item < end; item++)
    {
      double *buf = self->buffers[pass->first_buffer + item / pass->n_rows];
      double *row = buf + (item % pass->n_rows) * 2 * self->cstride;

      fftw_execute_dft_r2c (self->row_forward, row, (fftw_complex *) row);
    }
}

static void
rows_back_chunk (gsize    begin,
                 gsize    end,
                 guint    worker,
                 gpointer user_data)
{
  Pass *pass = user_data;
  EmTsneGrid *self = pass->self;

  for (gsize item = begin; item < end; item++)
    {
      double *buf = self->buffers[pass->first_buffer + item / pass->n_rows];
      double *row = buf + (item % pass->n_rows) * 2 * self->cstride;

      fftw_execute_dft_c2r (self->row_backward, (fftw_complex *) row, row);
    }
}

/* Column transform of one block; forward, then (for charge grids) the
 * product with the kernel spectrum and the way back. */
static void
columns_chunk (gsize    begin,
               gsize    end,
               guint    worker,
               gpointer user_data)
{
  Pass *pass = user_data;
  EmTsneGrid *self = pass->self;
  gsize blocks = n_column_blocks (self), half = self->fft_n / 2;

  for (gsize item = begin; item < end; item++)
    {
      guint b = pass->first_buffer + (guint) (item / blocks);
      gsize block = item % blocks, c0 = block * COLUMN_BLOCK;
      gsize c1 = MIN (c0 + COLUMN_BLOCK, half + 1);
      guint last = block == blocks - 1;
      fftw_complex *col = (fftw_complex *) self->buffers[b] + c0;
      double z = 0.0;

      fftw_execute_dft (self->column_forward[last], col, col);
      if (b >= EM_TSNE_GRID_TERMS)
        continue;
      for (gsize r = 0; r < self->fft_n; r++)
        for (gsize c = c0; c < c1; c++)
          {
            fftw_complex *v = (fftw_complex *) self->buffers[b] + r * self->cstride + c;
            double k2 = self->spectra[0][r * self->cstride + c];

            /* Parseval: columns 1 .. N/2 - 1 stand for their mirror too */
            if (b == 0)
              z += (c == 0 || c == half ? 1.0 : 2.0) * self->spectra[1][r * self->cstride + c]
                   * ((*v)[0] * (*v)[0] + (*v)[1] * (*v)[1]);
            (*v)[0] *= k2;
            (*v)[1] *= k2;
          }
      if (b == 0)
        pass->block_z[block] = z;
      fftw_execute_dft (self->column_backward[last], col, col);
    }
}

static void
fill_kernels (EmTsneGrid *self)
{
  gsize n = self->fft_n, m = self->m, stride = 2 * self->cstride;
  double h2 = self->spacing * self->spacing;
  double *k2 = self->buffers[EM_TSNE_GRID_TERMS];
  double *k1 = self->buffers[EM_TSNE_GRID_TERMS + 1];

  for (gsize r = 0; r < n; r++)
    {
      double dr = r <= m ? (double) r : (double) n - (double) r;

      for (gsize c = 0; c < n; c++)
        {
          double dc = c <= m ? (double) c : (double) n - (double) c;
          double k = 1.0 / (1.0 + h2 * (dr * dr + dc * dc));

          k1[r * stride + c] = k;
          k2[r * stride + c] = k * k;
        }
    }
}

/* Spectra of both kernels: real because the kernels are even. */
static void
transform_kernels (EmTsneGrid *self)
{
  Pass pass = { self, EM_TSNE_GRID_TERMS, self->fft_n, NULL };
  gsize n_complex_rows = self->fft_n;

  fill_kernels (self);
  em_parallel_for (N_KERNELS * self->fft_n, grid_chunk (self, N_KERNELS * self->fft_n, 32),
                   rows_chunk, &pass, NULL, 0.0, 0.0, NULL, NULL);
  em_parallel_for (N_KERNELS * n_column_blocks (self),
                   grid_chunk (self, N_KERNELS * n_column_blocks (self), 4),
                   columns_chunk, &pass, NULL, 0.0, 0.0, NULL, NULL);
  for (guint k = 0; k < N_KERNELS; k++)
    {
      const fftw_complex *spectrum = (const fftw_complex *) self->buffers[EM_TSNE_GRID_TERMS + k];

      for (gsize a = 0; a < n_complex_rows * self->cstride; a++)
        self->spectra[k][a] = spectrum[a][0];
    }
}

/**
 * _em_tsne_grid_prepare:
 * @self: a grid
 * @m: charge nodes per dimension
 * @spacing: distance between neighbouring nodes
 *
 * Sets the grid size and spacing; plans and kernel spectra are remade
 * only when they change.
 */
void
_em_tsne_grid_prepare (EmTsneGrid *self,
                       gsize       m,
                       double      spacing)
{
  gboolean resized = 2 * m != self->fft_n;

  if (resized)
    {
      self->m = m;
      self->fft_n = 2 * m;
      self->cstride = (m + 1 + 1) & ~(gsize) 1;
      ensure_buffers (self);
      make_plans (self);
    }
  if (resized || spacing != self->spacing)
    {
      self->spacing = spacing;
      transform_kernels (self);
    }
}

/**
 * _em_tsne_grid_get_charges:
 * @self: a prepared grid
 * @term: which charge grid
 * @stride: (out): doubles between rows
 *
 * Returns: (transfer none): the grid of @term, cleared: charges go into
 *   its first m rows and columns, potentials come out there
 */
double *
_em_tsne_grid_get_charges (EmTsneGrid *self,
                           guint       term,
                           gsize      *stride)
{
  double *buf = self->buffers[term];

  memset (buf, 0, self->fft_n * 2 * self->cstride * sizeof (double));
  *stride = 2 * self->cstride;

  return buf;
}

/**
 * _em_tsne_grid_peek:
 * @self: a grid after _em_tsne_grid_convolve()
 * @term: which grid
 * @stride: (out): doubles between rows
 *
 * Returns: (transfer none): the potentials of @term (unscaled)
 */
const double *
_em_tsne_grid_peek (EmTsneGrid *self,
                    guint       term,
                    gsize      *stride)
{
  *stride = 2 * self->cstride;

  return self->buffers[term];
}

/**
 * _em_tsne_grid_convolve:
 * @self: a prepared grid whose charge grids are filled
 *
 * Replaces every charge grid by its convolution with 1 / (1 + r^2)^2,
 * scaled so that potentials read from the first m rows and columns are
 * the sums over charges.
 *
 * Returns: sum over nodes of q_0 (K * q_0) with K = 1 / (1 + r^2)
 */
double
_em_tsne_grid_convolve (EmTsneGrid *self)
{
  gsize blocks = n_column_blocks (self);
  g_autofree double *block_z = g_new0 (double, blocks);
  Pass pass = { self, 0, self->m, block_z };
  double scale = 1.0 / ((double) self->fft_n * (double) self->fft_n), z = 0.0;
  gsize rows = EM_TSNE_GRID_TERMS * self->m, columns = EM_TSNE_GRID_TERMS * blocks;

  em_parallel_for (rows, grid_chunk (self, rows, 32), rows_chunk, &pass, NULL, 0.0, 0.0, NULL, NULL);
  em_parallel_for (columns, grid_chunk (self, columns, 4), columns_chunk, &pass,
                   NULL, 0.0, 0.0, NULL, NULL);
  em_parallel_for (rows, grid_chunk (self, rows, 32), rows_back_chunk, &pass,
                   NULL, 0.0, 0.0, NULL, NULL);

  for (gsize b = 0; b < blocks; b++)
    z += block_z[b];

  return z * scale;
}

/**
 * _em_tsne_grid_get_scale:
 * @self: a prepared grid
 *
 * Returns: the factor (1 / N^2) to apply to potentials read from the grids
 */
double
_em_tsne_grid_get_scale (EmTsneGrid *self)
{
  return 1.0 / ((double) self->fft_n * (double) self->fft_n);
}
