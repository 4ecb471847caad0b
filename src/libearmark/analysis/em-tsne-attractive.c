/* em-tsne-attractive.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The attractive half of the t-SNE gradient and the KL divergence, both
 * sums over the sparse affinities.  Each row is summed by one worker in
 * column order, so the result does not depend on the number of threads.
 */

#include "config.h"

#include <math.h>

#include "em-parallel.h"
#include "em-tsne-private.h"

typedef struct
{
  const EmTsneAffinities *p;
  const double           *y;
  double                 *out;   /* attr (n x 2) or per-row KL terms (n) */
} RowTask;

/* Two entries at a time in SSE2 vectors: the division, the costliest
 * step, then runs two-wide.  The summation order is fixed per row. */
typedef double v2df __attribute__ ((vector_size (16)));

static void
attractive_row (const EmTsneAffinities *p,
                const double           *y,
                gsize                   i,
                double                 *out)
{
  const v2df one = { 1.0, 1.0 };
  v2df xi = { y[i * 2], y[i * 2] }, yi = { y[i * 2 + 1], y[i * 2 + 1] };
  v2df fx = { 0.0, 0.0 }, fy = { 0.0, 0.0 };
  guint64 a = p->row_ptr[i], end = p->row_ptr[i + 1];
  double sx, sy;

  for (; a + 2 <= end; a += 2)
    {
      gsize j0 = p->col[a], j1 = p->col[a + 1];
      v2df dx = xi - (v2df) { y[j0 * 2], y[j1 * 2] };
      v2df dy = yi - (v2df) { y[j0 * 2 + 1], y[j1 * 2 + 1] };
      v2df w = (v2df) { (double) p->val[a], (double) p->val[a + 1] } / (one + dx * dx + dy * dy);

      fx += w * dx;
      fy += w * dy;
    }
  sx = fx[0] + fx[1];
  sy = fy[0] + fy[1];
  if (a < end)
    {
      gsize j = p->col[a];
      double dx = y[i * 2] - y[j * 2], dy = y[i * 2 + 1] - y[j * 2 + 1];
      double w = (double) p->val[a] / (1.0 + dx * dx + dy * dy);

      sx += w * dx;
      sy += w * dy;
    }
  out[i * 2] = sx;
  out[i * 2 + 1] = sy;
}

static void
attractive_chunk (gsize    begin,
                  gsize    end,
                  guint    worker,
                  gpointer user_data)
{
  RowTask *task = user_data;

  for (gsize i = begin; i < end; i++)
    attractive_row (task->p, task->y, i, task->out);
}

/**
 * _em_tsne_attractive:
 * @p: affinities
 * @y: n x 2 embedding
 * @attr: (out caller-allocates): n x 2 attractive forces
 */
void
_em_tsne_attractive (const EmTsneAffinities *p,
                     const double           *y,
                     double                 *attr)
{
  RowTask task = { p, y, attr };

  em_parallel_for (p->n, _em_tsne_point_chunk (p->n, 512), attractive_chunk, &task, NULL, 0.0, 0.0, NULL, NULL);
}

static void
kl_chunk (gsize    begin,
          gsize    end,
          guint    worker,
          gpointer user_data)
{
  RowTask *task = user_data;
  const EmTsneAffinities *p = task->p;
  const double *y = task->y;

  for (gsize i = begin; i < end; i++)
    {
      double s = 0.0;

      for (guint64 a = p->row_ptr[i]; a < p->row_ptr[i + 1]; a++)
        {
          gsize j = p->col[a];
          double dx = y[i * 2] - y[j * 2];
          double dy = y[i * 2 + 1] - y[j * 2 + 1];
          double v = p->val[a];

          if (v > 0.0)
            s += v * (log (v) + log1p (dx * dx + dy * dy));
        }
      task->out[i] = s;
    }
}

/**
 * _em_tsne_kl_divergence:
 * @p: affinities (summing to 1)
 * @y: n x 2 embedding
 * @z: sum over i != j of 1 / (1 + |y_i - y_j|^2)
 *
 * KL(P || Q) = sum p log p - sum p log (1 / (1 + d^2)) + log Z, because
 * q_ij = 1 / ((1 + d_ij^2) Z) and the p_ij sum to 1.
 *
 * Returns: the divergence in nats
 */
double
_em_tsne_kl_divergence (const EmTsneAffinities *p,
                        const double           *y,
                        double                  z)
{
  g_autofree double *terms = g_new (double, p->n);
  RowTask task = { p, y, terms };
  double kl = 0.0;

  em_parallel_for (p->n, _em_tsne_point_chunk (p->n, 512), kl_chunk, &task, NULL, 0.0, 0.0, NULL, NULL);
  for (gsize i = 0; i < p->n; i++)
    kl += terms[i];

  return kl + log (z);
}
