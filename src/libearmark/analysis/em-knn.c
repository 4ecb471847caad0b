/* em-knn.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exact nearest neighbours and radius neighbours.  Distances come in GEMM
 * blocks: for a block of query rows and a block of reference rows,
 * ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a.b with the a.b block from one
 * dgemm, on column-centred data so that the norms stay small and the
 * expansion accurate.  The rows are first grouped into the leaves of an
 * EmKnnTree (em-knn-tree.c), whose boxes in the leading principal axes
 * bound the distance between any two leaves from below: leaf pairs that
 * are surely too far are skipped, which is what makes DBSCAN and t-SNE's
 * kNN fast, while the results stay exact.
 *
 * The expansion loses digits through cancellation for close pairs, so it
 * only *selects*: k-NN distances are recomputed directly from the
 * coordinates and the lists re-sorted, and radius decisions close to the
 * boundary are taken on the direct distance.  Ties are broken by index,
 * which keeps the output deterministic and independent of the thread
 * count.
 */

#include "config.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "em-knn.h"
#include "em-knn-private.h"
#include "em-parallel.h"

#define LEAF_SIZE 128
#define BATCH     1024      /* reference rows per GEMM block */

/* Prune a leaf only when its lower bound exceeds the threshold by more
 * than the rounding of the projection and of the expansion. */
#define PRUNE_REL 1e-9
#define PRUNE_ABS 1e-12

typedef struct
{
  double  dist;
  guint32 index;
} Neighbor;

typedef struct
{
  const double    *x;          /* original rows, for the exact distances */
  const EmKnnTree *tree;
  guint            k;
  double         **block;      /* per worker: LEAF_SIZE x (BATCH + LEAF_SIZE) */
  double         **gather;     /* per worker: (BATCH + LEAF_SIZE) x d */
  guint32         *indices;
  double          *distances;
} KnnTask;

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

/* -2 a.b between nq query rows and nr reference rows; the scans add the
 * norms themselves (one pass over the block instead of two). */
static void
product_block (const double *q,
               gsize         nq,
               const double *r,
               gsize         nr,
               gsize         d,
               double       *out)
{
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) nq, (int) nr, (int) d,
               -2.0, q, (int) d, r, (int) d, 0.0, out, (int) nr);
}

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
  gsize d = t->tree->d;

  for (guint m = 0; m < t->k; m++)
    {
      tmp[m].dist = sqrt (exact_sq_distance (t->x + i * d, t->x + (gsize) idx[m] * d, d));
      tmp[m].index = idx[m];
    }
  qsort (tmp, t->k, sizeof (Neighbor), neighbor_compare);
  for (guint m = 0; m < t->k; m++)
    {
      dist[m] = tmp[m].dist;
      idx[m] = tmp[m].index;
    }
}

typedef struct
{
  double lb2;
  gsize  leaf;
} LeafOrder;

static int
leaf_order_compare (const void *a,
                    const void *b)
{
  const LeafOrder *la = a, *lb = b;

  if (la->lb2 != lb->lb2)
    return la->lb2 < lb->lb2 ? -1 : 1;
  return la->leaf < lb->leaf ? -1 : (la->leaf > lb->leaf);
}

/* Largest current k-th distance of the leaf's rows (infinite while a
 * heap is not full): no row of a leaf farther than this can enter. */
static double
leaf_bound (const KnnTask *t,
            const gsize   *rows,
            const guint   *sizes,
            gsize          nq)
{
  double bound = 0.0;

  for (gsize qi = 0; qi < nq; qi++)
    {
      if (sizes[qi] < t->k)
        return G_MAXDOUBLE;
      bound = MAX (bound, t->distances[rows[qi] * t->k]);
    }
  return bound;
}

/* Heap updates of the active query rows (leaf positions active[a],
 * their block row a) from one GEMM block. */
static void
update_heaps (const KnnTask *t,
              const double  *block,
              const gsize   *rows,
              const gsize   *active,
              const double  *qnorms,
              gsize          n_active,
              const guint32 *ref_index,
              const double  *ref_norms,
              gsize          nr,
              guint         *sizes)
{
  for (gsize a = 0; a < n_active; a++)
    {
      gsize qi = active[a];
      const double *row = block + a * nr;
      double *dist = t->distances + rows[qi] * t->k;
      guint32 *idx = t->indices + rows[qi] * t->k;
      guint32 self = (guint32) rows[qi];
      double ni = qnorms[a];

      for (gsize rj = 0; rj < nr; rj++)
        {
          double v = row[rj] + ni + ref_norms[rj];

          if (sizes[qi] == t->k && v > dist[0])
            continue;
          if (ref_index[rj] == self)
            continue;
          v = MAX (v, 0.0);
          if (sizes[qi] < t->k)
            heap_push (dist, idx, sizes[qi]++, v, ref_index[rj]);
          else if (pair_less (v, ref_index[rj], dist[0], idx[0]))
            heap_replace_top (dist, idx, t->k, v, ref_index[rj]);
        }
    }
}

/* Query rows that can still gain a neighbour from leaves at squared
 * distance >= lb2 (their heap is not full or its top is beyond lb2),
 * gathered into qbuf/qnorms; returns how many. */
static gsize
gather_active (const KnnTask *t,
               gsize          q0,
               gsize          nq,
               const guint   *sizes,
               double         lb2,
               gsize         *active,
               double        *qbuf,
               double        *qnorms)
{
  const EmKnnTree *tree = t->tree;
  gsize d = tree->d, n_active = 0;

  for (gsize qi = 0; qi < nq; qi++)
    {
      double kth = sizes[qi] < t->k ? G_MAXDOUBLE : t->distances[tree->perm[q0 + qi] * t->k];

      if (lb2 > kth * (1 + PRUNE_REL) + PRUNE_ABS)
        continue;
      memcpy (qbuf + n_active * d, tree->xp + (q0 + qi) * d, d * sizeof (double));
      qnorms[n_active] = tree->norms[q0 + qi];
      active[n_active++] = qi;
    }
  return n_active;
}

/* All k-NN of one query leaf: reference leaves by increasing lower bound,
 * gathered into GEMM batches, until the next bound exceeds every row's
 * current k-th distance; rows whose k-th distance is already below a
 * batch's bound sit that batch out. */
static void
knn_leaf (gsize    begin,
          gsize    end,
          guint    worker,
          gpointer user_data)
{
  const KnnTask *t = user_data;
  const EmKnnTree *tree = t->tree;
  gsize d = tree->d, q = begin;
  gsize q0 = tree->leaf_start[q], nq = tree->leaf_start[q + 1] - q0;
  g_autofree LeafOrder *order = g_new (LeafOrder, tree->n_leaves);
  g_autofree guint *sizes = g_new0 (guint, nq);
  g_autofree Neighbor *tmp = g_new (Neighbor, t->k);
  g_autofree guint32 *ref_index = g_new (guint32, BATCH + LEAF_SIZE);
  g_autofree double *ref_norms = g_new (double, BATCH + LEAF_SIZE);
  g_autofree gsize *active = g_new (gsize, nq);
  g_autofree double *qbuf = g_new (double, nq * d);
  g_autofree double *qnorms = g_new (double, nq);
  const gsize *rows = tree->perm + q0;
  gsize next = 0;

  g_assert (end == begin + 1);
  for (gsize l = 0; l < tree->n_leaves; l++)
    {
      order[l].lb2 = _em_knn_tree_box_distance2 (tree, q, l);
      order[l].leaf = l;
    }
  qsort (order, tree->n_leaves, sizeof (LeafOrder), leaf_order_compare);

  while (next < tree->n_leaves)
    {
      double bound = leaf_bound (t, rows, sizes, nq);
      double lb2 = order[next].lb2;
      gsize nr = 0, n_active;

      if (lb2 > bound * (1 + PRUNE_REL) + PRUNE_ABS)
        break;
      while (next < tree->n_leaves && nr < BATCH
             && order[next].lb2 <= bound * (1 + PRUNE_REL) + PRUNE_ABS)
        {
          gsize l = order[next++].leaf;

          for (gsize p = tree->leaf_start[l]; p < tree->leaf_start[l + 1]; p++, nr++)
            {
              memcpy (t->gather[worker] + nr * d, tree->xp + p * d, d * sizeof (double));
              ref_norms[nr] = tree->norms[p];
              ref_index[nr] = (guint32) tree->perm[p];
            }
        }
      n_active = gather_active (t, q0, nq, sizes, lb2, active, qbuf, qnorms);
      if (n_active == 0)
        continue;
      product_block (qbuf, n_active, t->gather[worker], nr, d, t->block[worker]);
      update_heaps (t, t->block[worker], rows, active, qnorms, n_active, ref_index, ref_norms, nr,
                    sizes);
    }

  for (gsize qi = 0; qi < nq; qi++)
    finish_row (t, rows[qi], tmp);
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
  g_autoptr(EmKnnTree) tree = NULL;
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

  tree = _em_knn_tree_new (x, n, d, LEAF_SIZE);
  t.x = x;
  t.tree = tree;
  t.k = k;
  t.indices = indices;
  t.distances = distances;
  t.block = g_new0 (double *, n_workers);
  t.gather = g_new0 (double *, n_workers);
  for (guint w = 0; w < n_workers; w++)
    {
      t.block[w] = g_new (double, LEAF_SIZE * (BATCH + LEAF_SIZE));
      t.gather[w] = g_new (double, (BATCH + LEAF_SIZE) * d);
    }

  ok = em_parallel_for (tree->n_leaves, 1, knn_leaf, &t, job, 0.0, 1.0,
                        "Finding nearest neighbours", error);

  for (guint w = 0; w < n_workers; w++)
    {
      g_free (t.block[w]);
      g_free (t.gather[w]);
    }
  g_free (t.block);
  g_free (t.gather);

  return ok;
}

typedef struct
{
  const double    *x;
  const EmKnnTree *tree;
  double           radius;
  double         **block;      /* per worker: LEAF_SIZE x (BATCH + LEAF_SIZE) */
  GArray         **lists;      /* per leaf: pairs (i << 32 | j), original indices */
  GMutex          *mutex;
  gsize           *total;      /* neighbours found so far, under mutex */
} RadiusTask;

/* 2^28 neighbours (1 GiB of indices): beyond that the radius is so large
 * that most rows see most others, and the answer is not worth the memory. */
#define MAX_NEIGHBORS (1 << 28)

/* Builds the CSR lists from the unordered pairs (i, j) found once each
 * (i == j for a row and itself).  First the lists in the order found,
 * then a transposition in increasing i: as the relation is symmetric (the
 * boundary decisions use the direct distance, symmetric to the last bit),
 * scattering each row i into the lists of its neighbours yields every list
 * sorted, without a sort. */
static void
assemble_sorted (gsize             n,
                 GArray          **lists,
                 gsize             n_lists,
                 guint64         **offsets,
                 guint32         **neighbors)
{
  g_autofree guint64 *fill = g_new (guint64, n + 1);
  g_autofree guint32 *found = NULL;
  guint64 *off = g_new0 (guint64, n + 1);
  guint32 *nb;

  for (gsize l = 0; l < n_lists; l++)
    for (guint m = 0; m < lists[l]->len; m++)
      {
        guint64 pair = g_array_index (lists[l], guint64, m);
        guint32 i = (guint32) (pair >> 32), j = (guint32) (pair & 0xffffffffu);

        off[i + 1]++;
        if (i != j)
          off[j + 1]++;
      }
  for (gsize i = 0; i < n; i++)
    off[i + 1] += off[i];

  found = g_new (guint32, MAX (off[n], 1));
  memcpy (fill, off, (n + 1) * sizeof (guint64));
  for (gsize l = 0; l < n_lists; l++)
    {
      for (guint m = 0; m < lists[l]->len; m++)
        {
          guint64 pair = g_array_index (lists[l], guint64, m);
          guint32 i = (guint32) (pair >> 32), j = (guint32) (pair & 0xffffffffu);

          found[fill[i]++] = j;
          if (i != j)
            found[fill[j]++] = i;
        }
      g_clear_pointer (&lists[l], g_array_unref);
    }

  nb = g_new (guint32, MAX (off[n], 1));
  memcpy (fill, off, (n + 1) * sizeof (guint64));
  for (gsize i = 0; i < n; i++)
    for (guint64 m = off[i]; m < off[i + 1]; m++)
      nb[fill[found[m]]++] = (guint32) i;

  *offsets = off;
  *neighbors = nb;
}

/* Pairs within the radius between the query leaf and positions [r0, r1). */
static void
radius_run (const RadiusTask *t,
            gsize             q0,
            gsize             nq,
            gsize             r0,
            gsize             r1,
            double           *block,
            GArray           *pairs)
{
  const EmKnnTree *tree = t->tree;
  gsize d = tree->d, nr = r1 - r0;
  double r2 = t->radius * t->radius;

  const double *rnorms = tree->norms + r0;
  double rmax = 0.0;

  product_block (tree->xp + q0 * d, nq, tree->xp + r0 * d, nr, d, block);
  for (gsize rj = 0; rj < nr; rj++)
    rmax = MAX (rmax, rnorms[rj]);
  for (gsize qi = 0; qi < nq; qi++)
    {
      const double *row = block + qi * nr;
      double ni = tree->norms[q0 + qi];
      /* The expansion's rounding grows with the norms: near the boundary,
       * decide on the direct distance. */
      double sure_out = r2 + 1e-10 * (ni + rmax + r2);

      for (gsize rj = 0; rj < nr; rj++)
        {
          double v = row[rj] + ni + rnorms[rj];
          double margin;
          guint64 pair;

          if (v > sure_out)
            continue;
          margin = 1e-10 * (ni + rnorms[rj] + r2);
          if (v > r2 + margin)
            continue;
          if (v >= r2 - margin
              && exact_sq_distance (tree->xp + (q0 + qi) * d, tree->xp + (r0 + rj) * d, d) > r2)
            continue;
          /* the query leaf against itself: each pair once */
          if (r0 + rj < q0 + qi)
            continue;
          pair = ((guint64) tree->perm[q0 + qi] << 32) | (guint64) tree->perm[r0 + rj];
          g_array_append_val (pairs, pair);
        }
    }
}

/* Pairs within the radius between one query leaf and the leaves from it
 * on (the relation is symmetric, so each leaf pair is computed once),
 * skipping leaves whose box is beyond the radius and merging consecutive
 * kept leaves into one GEMM block. */
static void
radius_leaf (gsize    begin,
             gsize    end,
             guint    worker,
             gpointer user_data)
{
  const RadiusTask *t = user_data;
  const EmKnnTree *tree = t->tree;
  gsize q = begin, q0 = tree->leaf_start[q], nq = tree->leaf_start[q + 1] - q0;
  double limit = t->radius * t->radius * (1 + PRUNE_REL) + PRUNE_ABS;
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint64));
  gsize run0 = 0, run1 = 0;

  g_assert (end == begin + 1);
  g_mutex_lock (t->mutex);
  if (*t->total > MAX_NEIGHBORS)
    {
      g_mutex_unlock (t->mutex);
      return;
    }
  g_mutex_unlock (t->mutex);
  for (gsize l = q; l <= tree->n_leaves; l++)
    {
      gboolean keep = l < tree->n_leaves && _em_knn_tree_box_distance2 (tree, q, l) <= limit;

      if (keep && run1 == tree->leaf_start[l] && run1 > run0
          && tree->leaf_start[l + 1] - run0 <= BATCH + LEAF_SIZE)
        {
          run1 = tree->leaf_start[l + 1];
          continue;
        }
      if (run1 > run0)
        radius_run (t, q0, nq, run0, run1, t->block[worker], pairs);
      run0 = run1 = 0;
      if (keep)
        {
          run0 = tree->leaf_start[l];
          run1 = tree->leaf_start[l + 1];
        }
    }

  g_mutex_lock (t->mutex);
  *t->total += 2 * (gsize) pairs->len;
  g_mutex_unlock (t->mutex);
  t->lists[q] = g_steal_pointer (&pairs);
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
  g_autoptr(EmKnnTree) tree = NULL;
  GMutex mutex;
  gsize total = 0;
  guint n_workers = em_parallel_get_n_workers ();
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

  tree = _em_knn_tree_new (x, n, d, LEAF_SIZE);
  t.x = x;
  t.tree = tree;
  t.radius = radius;
  g_mutex_init (&mutex);
  t.mutex = &mutex;
  t.total = &total;
  t.lists = g_new0 (GArray *, tree->n_leaves);
  t.block = g_new0 (double *, n_workers);
  for (guint w = 0; w < n_workers; w++)
    t.block[w] = g_new (double, LEAF_SIZE * (BATCH + 2 * LEAF_SIZE));

  ok = em_parallel_for (tree->n_leaves, 1, radius_leaf, &t, job, 0.0, 1.0,
                        "Finding neighbours within the radius", error);

  for (guint w = 0; w < n_workers; w++)
    g_free (t.block[w]);
  g_free (t.block);

  g_mutex_clear (&mutex);
  if (ok && total > MAX_NEIGHBORS)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_LARGE,
                   "Radius neighbours: radius %g finds more than %d neighbours in all; "
                   "choose a smaller radius (see the k-distance curve)", radius, (int) MAX_NEIGHBORS);
      ok = FALSE;
    }

  if (ok)
    assemble_sorted (n, t.lists, tree->n_leaves, offsets, neighbors);

  for (gsize l = 0; l < tree->n_leaves; l++)
    if (t.lists[l] != NULL)
      g_array_unref (t.lists[l]);
  g_free (t.lists);

  return ok;
}
