/* em-tsne-affinities.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input-space affinities of t-SNE, computed as scikit-learn 1.2 does:
 * for each point a Gaussian over its k nearest neighbours whose precision
 * beta is found by binary search so that the entropy of the conditional
 * distribution equals log (perplexity) (100 steps, tolerance 1e-5), then
 * P = (P + P^T) / sum.  Only k = 3 * perplexity + 1 neighbours are used,
 * so P is sparse with at most 2 n k entries.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "em-parallel.h"
#include "em-tsne-private.h"

#define PERPLEXITY_STEPS     100
#define PERPLEXITY_TOLERANCE 1e-5

typedef struct
{
  const double *distances;
  gsize         k;
  double        log_perplexity;
  double       *cond;         /* n x k conditional p_{j|i} */
} CalibrateTask;

typedef struct
{
  guint32 col;
  double  val;
} Entry;

typedef struct
{
  const guint64 *offsets;     /* n + 1, unmerged rows */
  Entry         *entries;
  guint32       *lengths;     /* n, merged row lengths */
} MergeTask;

/* Binary search on beta for one row.  Squared distances are shifted by
 * the smallest one before exp(): the normalised row and its entropy do
 * not change, but exp() can neither underflow to an all-zero row nor
 * overflow. */
static void
calibrate_row (const double *dist,
               gsize         k,
               double        log_perplexity,
               double       *p)
{
  double beta = 1.0, beta_min = -INFINITY, beta_max = INFINITY;
  double d0 = dist[0] * dist[0];

  for (gsize j = 1; j < k; j++)
    d0 = MIN (d0, dist[j] * dist[j]);

  for (guint step = 0; step < PERPLEXITY_STEPS; step++)
    {
      double sum = 0.0, sum_dp = 0.0, entropy;

      for (gsize j = 0; j < k; j++)
        {
          p[j] = exp (-(dist[j] * dist[j] - d0) * beta);
          sum += p[j];
        }
      for (gsize j = 0; j < k; j++)
        {
          p[j] /= sum;
          sum_dp += (dist[j] * dist[j] - d0) * p[j];
        }
      entropy = log (sum) + beta * sum_dp;

      if (fabs (entropy - log_perplexity) <= PERPLEXITY_TOLERANCE)
        break;
      if (entropy > log_perplexity)
        {
          beta_min = beta;
          beta = isinf (beta_max) ? beta * 2.0 : (beta + beta_max) / 2.0;
        }
      else
        {
          beta_max = beta;
          beta = isinf (beta_min) ? beta / 2.0 : (beta + beta_min) / 2.0;
        }
    }
}

static void
calibrate_chunk (gsize    begin,
                 gsize    end,
                 guint    worker,
                 gpointer user_data)
{
  CalibrateTask *task = user_data;

  for (gsize i = begin; i < end; i++)
    calibrate_row (task->distances + i * task->k, task->k,
                   task->log_perplexity, task->cond + i * task->k);
}

static int
compare_entries (const void *a,
                 const void *b)
{
  const Entry *ea = a, *eb = b;

  return (ea->col > eb->col) - (ea->col < eb->col);
}

/* Sorts one row by column and adds up the (at most two) entries of a
 * pair; returns the new row length.  a + b == b + a in floating point, so
 * the order qsort leaves equal columns in does not matter. */
static gsize
merge_row (Entry *row,
           gsize  len)
{
  gsize out = 0;

  qsort (row, len, sizeof (Entry), compare_entries);
  for (gsize a = 0; a < len; a++)
    {
      if (out > 0 && row[out - 1].col == row[a].col)
        row[out - 1].val += row[a].val;
      else
        row[out++] = row[a];
    }

  return out;
}

static void
merge_chunk (gsize    begin,
             gsize    end,
             guint    worker,
             gpointer user_data)
{
  MergeTask *task = user_data;

  for (gsize i = begin; i < end; i++)
    task->lengths[i] = (guint32) merge_row (task->entries + task->offsets[i],
                                            task->offsets[i + 1] - task->offsets[i]);
}

static EmTsneAffinities *
symmetrize (const guint32 *indices,
            const double  *cond,
            gsize          n,
            gsize          k)
{
  g_autofree guint64 *fill = g_new0 (guint64, n + 1);
  g_autofree Entry *entries = g_new (Entry, 2 * n * k);
  g_autofree guint32 *lengths = g_new (guint32, n);
  EmTsneAffinities *p = g_new0 (EmTsneAffinities, 1);
  MergeTask task = { fill, entries, lengths };
  double total = 0.0;
  guint64 out = 0;

  for (gsize i = 0; i < n; i++)
    for (gsize a = 0; a < k; a++)
      {
        fill[i + 1]++;
        fill[indices[i * k + a] + 1]++;
      }
  for (gsize i = 0; i < n; i++)
    fill[i + 1] += fill[i];

  p->n = n;
  p->row_ptr = g_new (guint64, n + 1);
  memcpy (p->row_ptr, fill, (n + 1) * sizeof (guint64));
  for (gsize i = 0; i < n; i++)
    for (gsize a = 0; a < k; a++)
      {
        guint32 j = indices[i * k + a];

        entries[p->row_ptr[i]++] = (Entry) { j, cond[i * k + a] };
        entries[p->row_ptr[j]++] = (Entry) { (guint32) i, cond[i * k + a] };
      }

  em_parallel_for (n, 1024, merge_chunk, &task, NULL, 0.0, 1.0, NULL, NULL);

  for (gsize i = 0; i < n; i++)
    for (guint64 a = fill[i]; a < fill[i] + lengths[i]; a++)
      total += entries[a].val;
  total = MAX (total, G_MINDOUBLE);

  p->col = g_new (guint32, fill[n]);
  p->val = g_new (float, fill[n]);
  for (gsize i = 0; i < n; i++)
    {
      p->row_ptr[i] = out;
      for (guint64 a = fill[i]; a < fill[i] + lengths[i]; a++, out++)
        {
          p->col[out] = entries[a].col;
          p->val[out] = (float) (entries[a].val / total);
        }
    }
  p->row_ptr[n] = out;
  p->col = g_renew (guint32, p->col, MAX (out, 1));
  p->val = g_renew (float, p->val, MAX (out, 1));

  return p;
}

/**
 * _em_tsne_affinities_new:
 * @indices: n x k neighbour indices (self excluded)
 * @distances: n x k Euclidean distances, ascending per row
 * @n: points
 * @k: neighbours per point
 * @perplexity: target perplexity of each conditional distribution
 * @job: (nullable): job for cancellation
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the symmetric joint affinities, or %NULL if
 *   cancelled
 */
EmTsneAffinities *
_em_tsne_affinities_new (const guint32  *indices,
                         const double   *distances,
                         gsize           n,
                         guint           k,
                         double          perplexity,
                         EmJob          *job,
                         GError        **error)
{
  g_autofree double *cond = g_new (double, n * k);
  CalibrateTask task = { distances, k, log (perplexity), cond };

  if (!em_parallel_for (n, 256, calibrate_chunk, &task, job, 0.0, 0.0,
                        "t-SNE: calibrating perplexity", error))
    return NULL;

  return symmetrize (indices, cond, n, k);
}

void
_em_tsne_affinities_free (EmTsneAffinities *p)
{
  if (p == NULL)
    return;
  g_free (p->row_ptr);
  g_free (p->col);
  g_free (p->val);
  g_free (p);
}
