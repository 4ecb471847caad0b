/* em-tsne-gradient-exact.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The repulsive half of the t-SNE gradient summed over all pairs: O(n^2)
 * per iteration, so for small inputs, and as the reference the FFT
 * interpolation is checked against.
 */

#include "config.h"

#include "em-parallel.h"
#include "em-tsne-private.h"

typedef struct
{
  const double *y;
  gsize         n;
  double       *rep;
  double       *z_rows;
} ExactTask;

static void
exact_chunk (gsize    begin,
             gsize    end,
             guint    worker,
             gpointer user_data)
{
  ExactTask *task = user_data;
  const double *y = task->y;

  for (gsize i = begin; i < end; i++)
    {
      double fx = 0.0, fy = 0.0, z = 0.0;

      for (gsize j = 0; j < task->n; j++)
        {
          double dx = y[i * 2] - y[j * 2];
          double dy = y[i * 2 + 1] - y[j * 2 + 1];
          double k = 1.0 / (1.0 + dx * dx + dy * dy);

          if (j == i)
            continue;
          z += k;
          fx += k * k * dx;
          fy += k * k * dy;
        }
      task->rep[i * 2] = fx;
      task->rep[i * 2 + 1] = fy;
      task->z_rows[i] = z;
    }
}

/**
 * _em_tsne_exact_repulsive:
 * @y: n x 2 embedding
 * @n: points
 * @rep: (out caller-allocates): n x 2, sum_j (y_i - y_j) / (1 + |y_i - y_j|^2)^2
 *
 * Returns: Z = sum over i != j of 1 / (1 + |y_i - y_j|^2)
 */
double
_em_tsne_exact_repulsive (const double *y,
                          gsize         n,
                          double       *rep)
{
  g_autofree double *z_rows = g_new (double, n);
  ExactTask task = { y, n, rep, z_rows };
  double z = 0.0;

  em_parallel_for (n, n < 256 ? MAX (n, 1) : 64, exact_chunk, &task, NULL, 0.0, 0.0, NULL, NULL);
  for (gsize i = 0; i < n; i++)
    z += z_rows[i];

  return z;
}
