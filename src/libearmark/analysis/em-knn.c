/* em-knn.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exact nearest neighbours by brute force in GEMM blocks: for a block of
 * query rows and a block of reference rows, ||a - b||^2 = ||a||^2 +
 * ||b||^2 - 2 a.b with the a.b block from one dgemm.  In 38 dimensions
 * trees prune little, and GEMM runs near the FLOP peak, so this is both
 * the simplest and the fastest exact method at 30,000 rows.
 *
 * The expansion loses digits through cancellation when two points are
 * close, so it only *selects* the neighbours; their distances are then
 * recomputed directly from the coordinates and the lists re-sorted.
 * Ties are broken by index, which keeps the output deterministic.
 */

#include "config.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "em-knn.h"
#include "em-parallel.h"

#define QUERY_BLOCK 128
#define REF_BLOCK   1024

typedef struct
{
  const double *x;
  gsize         n;
  gsize         d;
  guint         k;
  const double *norms;
  double      **scratch;     /* per worker, QUERY_BLOCK x REF_BLOCK */
  guint32      *indices;
  double       *distances;
} KnnTask;

typedef struct
{
  double  dist;
  guint32 index;
} Neighbor;

/**
 * em_knn_row_norms:
 * @x: (array): n x d row-major matrix
 * @n: rows
 * @d: columns
 * @norms: (out caller-allocates) (array): n squared row norms
 *
 * Computes ||x_i||^2 for every row.
 */
void
em_knn_row_norms (const double *x,
                  gsize         n,
                  gsize         d,
                  double       *norms)
{
  for (gsize i = 0; i < n; i++)
    {
      const double *row = x + i * d;
      double s = 0.0;

      for (gsize j = 0; j < d; j++)
        s += row[j] * row[j];
      norms[i] = s;
    }
}

/* The distance block d2[i][j] of query rows [q0, q0+nq) against reference
 * rows [r0, r0+nr), clamped at 0 (the expansion can go slightly negative). */
static void
distance_block (const double *x,
                gsize         d,
                const double *norms,
                gsize         q0,
                gsize         nq,
                gsize         r0,
                gsize         nr,
                double       *out)
{
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans,
               (int) nq, (int) nr, (int) d,
               -2.0, x + q0 * d, (int) d, x + r0 * d, (int) d,
               0.0, out, (int) nr);
  for (gsize i = 0; i < nq; i++)
    {
      double *row = out + i * nr;
      double ni = norms[q0 + i];

      for (gsize j = 0; j < nr; j++)
        {
          double v = row[j] + ni + norms[r0 + j];
          row[j] = v > 0.0 ? v : 0.0;
        }
    }
}

static inline gboolean
pair_less (double   da,
           guint32  ia,
           double   db,
           guint32  ib)
{
  return da < db || (da == db && ia < ib);
}

/* Max-heap on (distance, index) of size k stored in the output row. */
static void
heap_replace_top (double  *dist,
                  guint32 *idx,
                  guint    k,
                  double   dv,
                  guint32  iv)
{
  guint pos = 0;

  for (;;)
    {
      guint child = 2 * pos + 1;

      if (child >= k)
        break;
      if (child + 1 < k && pair_less (dist[child], idx[child], dist[child + 1], idx[child + 1]))
        child++;
      if (!pair_less (dv, iv, dist[child], idx[child]))
        break;
      dist[pos] = dist[child];
      idx[pos] = idx[child];
      pos = child;
    }
  dist[pos] = dv;
  idx[pos] = iv;
}

static void
heap_push (double  *dist,
           guint32 *idx,
           guint    size,
           double   dv,
           guint32  iv)
{
  guint pos = size;

  while (pos > 0)
    {
      guint parent = (pos - 1) / 2;

      if (!pair_less (dist[parent], idx[parent], dv, iv))
        break;
      dist[pos] = dist[parent];
      idx[pos] = idx[parent];
      pos = parent;
    }
  dist[pos] = dv;
  idx[pos] = iv;
}

static int
neighbor_compare (const void *a,
                  const void *b)
{
  const Neighbor *na = a, *nb = b;

  if (na->dist != nb->dist)
    return na->dist < nb->dist ? -1 : 1;
  return na->index < nb->index ? -1 : (na->index > nb->index);
}

/* Recomputes the kept neighbours' distances exactly and sorts them. */
static void
finish_row (const KnnTask *t,
            gsize          i,
            Neighbor      *tmp)
{
  double *dist = t->distances + i * t->k;
  guint32 *idx = t->indices + i * t->k;
  const double *xi = t->x + i * t->d;

  for (guint m = 0; m < t->k; m++)
    {
      const double *xj = t->x + (gsize) idx[m] * t->d;
      double s = 0.0;

      for (gsize c = 0; c < t->d; c++)
        s += (xi[c] - xj[c]) * (xi[c] - xj[c]);
      tmp[m].dist = sqrt (s);
      tmp[m].index = idx[m];
    }
  qsort (tmp, t->k, sizeof (Neighbor), neighbor_compare);
  for (guint m = 0; m < t->k; m++)
    {
      dist[m] = tmp[m].dist;
      idx[m] = tmp[m].index;
    }
}

static void
knn_chunk (gsize    begin,
           gsize    end,
           guint    worker,
           gpointer user_data)
{
  const KnnTask *t = user_data;
  double *block = t->scratch[worker];
  gsize nq = end - begin;
  g_autofree guint *sizes = g_new0 (guint, nq);
  g_autofree Neighbor *tmp = g_new (Neighbor, t->k);

  for (gsize r0 = 0; r0 < t->n; r0 += REF_BLOCK)
    {
      gsize nr = MIN (REF_BLOCK, t->n - r0);

      distance_block (t->x, t->d, t->norms, begin, nq, r0, nr, block);
      for (gsize qi = 0; qi < nq; qi++)
        {
          gsize i = begin + qi;
          const double *row = block + qi * nr;
          double *dist = t->distances + i * t->k;
          guint32 *idx = t->indices + i * t->k;

          for (gsize rj = 0; rj < nr; rj++)
            {
              guint32 j = (guint32) (r0 + rj);

              if (j == i)
                continue;
              if (sizes[qi] < t->k)
                heap_push (dist, idx, sizes[qi]++, row[rj], j);
              else if (pair_less (row[rj], j, dist[0], idx[0]))
                heap_replace_top (dist, idx, t->k, row[rj], j);
            }
        }
    }

  for (gsize qi = 0; qi < nq; qi++)
    finish_row (t, begin + qi, tmp);
}

/**
 * em_knn_exact:
 * @x: (array): n x d row-major matrix of finite values
 * @n: rows
 * @d: columns
 * @k: neighbours per row, 1 <= k < n
 * @indices: (out caller-allocates) (array): n x k neighbour indices
 * @distances: (out caller-allocates) (array): n x k Euclidean distances
 * @job: (nullable): job for progress and cancellation
 * @error: return location for a #GError
 *
 * Finds the exact @k nearest neighbours of every row among the other rows
 * (a row is never its own neighbour).  Row i's neighbours are
 * `indices[i*k .. i*k+k-1]`, by ascending distance, ties by index.
 * Runs on all cores.
 *
 * Returns: %TRUE on success
 */
gboolean
em_knn_exact (const double  *x,
              gsize          n,
              gsize          d,
              guint          k,
              guint32       *indices,
              double        *distances,
              EmJob         *job,
              GError       **error)
{
  KnnTask t = { 0 };
  g_autofree double *norms = NULL;
  guint n_workers = em_parallel_get_n_workers ();
  gboolean ok;

  g_return_val_if_fail (indices != NULL && distances != NULL, FALSE);

  if (!em_analysis_check_matrix (x, n, d, "Nearest neighbours", error))
    return FALSE;
  if (k == 0 || (gsize) k >= n || n > G_MAXUINT32)
    {
      g_set_error (error, EM_ANALYSIS_ERROR,
                   k == 0 ? EM_ANALYSIS_ERROR_INVALID_INPUT : EM_ANALYSIS_ERROR_TOO_FEW_ROWS,
                   "Nearest neighbours: k = %u needs at least k + 1 rows and k >= 1, "
                   "but there are %" G_GSIZE_FORMAT " rows", k, n);
      return FALSE;
    }

  norms = g_new (double, n);
  em_knn_row_norms (x, n, d, norms);
  t.x = x;
  t.n = n;
  t.d = d;
  t.k = k;
  t.norms = norms;
  t.indices = indices;
  t.distances = distances;
  t.scratch = g_new0 (double *, n_workers);
  for (guint w = 0; w < n_workers; w++)
    t.scratch[w] = g_new (double, QUERY_BLOCK * REF_BLOCK);

  ok = em_parallel_for (n, QUERY_BLOCK, knn_chunk, &t, job, 0.0, 1.0,
                        "Finding nearest neighbours", error);

  for (guint w = 0; w < n_workers; w++)
    g_free (t.scratch[w]);
  g_free (t.scratch);

  return ok;
}

typedef struct
{
  const double *x;
  gsize         n;
  gsize         d;
  double        radius;
  const double *norms;
  double      **scratch;
  guint64      *counts;      /* per row */
  GArray      **lists;       /* per chunk: the chunk's rows' neighbours, row after row */
} RadiusTask;

static double
exact_sq_distance (const double *a,
                   const double *b,
                   gsize         d)
{
  double s = 0.0;

  for (gsize c = 0; c < d; c++)
    s += (a[c] - b[c]) * (a[c] - b[c]);
  return s;
}

/* Groups the chunk's (row, neighbour) pairs by row, keeping the
 * neighbours of a row in ascending index order (the pairs were produced
 * reference block by reference block, so a stable counting sort does it). */
static GArray *
group_pairs (GArray  *pairs,
             gsize    begin,
             gsize    nq,
             guint64 *counts)
{
  GArray *grouped = g_array_sized_new (FALSE, FALSE, sizeof (guint32), pairs->len);
  g_autofree gsize *pos = g_new0 (gsize, nq + 1);
  const guint64 *p = (const guint64 *) (gpointer) pairs->data;

  g_array_set_size (grouped, pairs->len);
  for (guint m = 0; m < pairs->len; m++)
    pos[(p[m] >> 32) + 1]++;
  for (gsize qi = 0; qi < nq; qi++)
    {
      counts[begin + qi] = pos[qi + 1];
      pos[qi + 1] += pos[qi];
    }
  for (guint m = 0; m < pairs->len; m++)
    g_array_index (grouped, guint32, pos[p[m] >> 32]++) = (guint32) (p[m] & 0xffffffffu);

  return grouped;
}

static void
radius_chunk (gsize    begin,
              gsize    end,
              guint    worker,
              gpointer user_data)
{
  const RadiusTask *t = user_data;
  double *block = t->scratch[worker];
  double r2 = t->radius * t->radius;
  gsize nq = end - begin;
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (gsize r0 = 0; r0 < t->n; r0 += REF_BLOCK)
    {
      gsize nr = MIN (REF_BLOCK, t->n - r0);

      distance_block (t->x, t->d, t->norms, begin, nq, r0, nr, block);
      for (gsize qi = 0; qi < nq; qi++)
        {
          gsize i = begin + qi;
          const double *row = block + qi * nr;
          double ni = t->norms[i];

          for (gsize rj = 0; rj < nr; rj++)
            {
              gsize j = r0 + rj;
              /* The expansion's rounding error grows with the norms: near
               * the boundary, decide on the exact distance. */
              double margin = 1e-10 * (ni + t->norms[j] + r2);
              guint64 pair;

              if (row[rj] > r2 + margin)
                continue;
              if (row[rj] >= r2 - margin
                  && exact_sq_distance (t->x + i * t->d, t->x + j * t->d, t->d) > r2)
                continue;
              pair = ((guint64) qi << 32) | (guint64) j;
              g_array_append_val (pairs, pair);
            }
        }
    }

  t->lists[begin / QUERY_BLOCK] = group_pairs (pairs, begin, nq, t->counts);
}

/**
 * em_knn_radius:
 * @x: (array): n x d row-major matrix of finite values
 * @n: rows
 * @d: columns
 * @radius: neighbourhood radius (Euclidean), >= 0
 * @offsets: (out) (transfer full) (array): n + 1 offsets into @neighbors
 * @neighbors: (out) (transfer full) (array): neighbour indices
 * @job: (nullable): job for progress and cancellation
 * @error: return location for a #GError
 *
 * Finds, for every row i, all rows j with ||x_i - x_j|| <= @radius, i itself
 * included (as scikit-learn's radius_neighbors does), in ascending index
 * order: `neighbors[offsets[i] .. offsets[i+1]-1]`.  Memory is
 * O(n x neighbours).  Free both arrays with g_free().
 *
 * Returns: %TRUE on success
 */
gboolean
em_knn_radius (const double  *x,
               gsize          n,
               gsize          d,
               double         radius,
               guint64      **offsets,
               guint32      **neighbors,
               EmJob         *job,
               GError       **error)
{
  RadiusTask t = { 0 };
  g_autofree double *norms = NULL;
  g_autofree guint64 *counts = NULL;
  guint n_workers = em_parallel_get_n_workers ();
  gsize n_chunks = (n + QUERY_BLOCK - 1) / QUERY_BLOCK;
  gboolean ok;

  g_return_val_if_fail (offsets != NULL && neighbors != NULL, FALSE);

  if (!em_analysis_check_matrix (x, n, d, "Radius neighbours", error))
    return FALSE;
  if (!(radius >= 0.0) || !isfinite (radius) || n > G_MAXUINT32)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                   "Radius neighbours: the radius must be a finite number >= 0 (got %g)",
                   radius);
      return FALSE;
    }

  norms = g_new (double, n);
  counts = g_new0 (guint64, n);
  em_knn_row_norms (x, n, d, norms);
  t.x = x;
  t.n = n;
  t.d = d;
  t.radius = radius;
  t.norms = norms;
  t.counts = counts;
  t.lists = g_new0 (GArray *, n_chunks);
  t.scratch = g_new0 (double *, n_workers);
  for (guint w = 0; w < n_workers; w++)
    t.scratch[w] = g_new (double, QUERY_BLOCK * REF_BLOCK);

  ok = em_parallel_for (n, QUERY_BLOCK, radius_chunk, &t, job, 0.0, 1.0,
                        "Finding neighbours within the radius", error);

  for (guint w = 0; w < n_workers; w++)
    g_free (t.scratch[w]);
  g_free (t.scratch);

  if (ok)
    {
      guint64 *off = g_new (guint64, n + 1);
      guint32 *nb;

      off[0] = 0;
      for (gsize i = 0; i < n; i++)
        off[i + 1] = off[i] + counts[i];
      nb = g_new (guint32, MAX (off[n], 1));
      for (gsize c = 0; c < n_chunks; c++)
        memcpy (nb + off[c * QUERY_BLOCK], t.lists[c]->data,
                (gsize) t.lists[c]->len * sizeof (guint32));
      *offsets = off;
      *neighbors = nb;
    }

  for (gsize c = 0; c < n_chunks; c++)
    if (t.lists[c] != NULL)
      g_array_unref (t.lists[c]);
  g_free (t.lists);

  return ok;
}
