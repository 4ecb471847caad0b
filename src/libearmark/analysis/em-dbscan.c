/* em-dbscan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DBSCAN exactly as scikit-learn defines and runs it: a row is core when
 * at least min_samples rows, itself included, lie within eps (<=); the
 * rows are visited in index order, each unlabelled core row starts a new
 * cluster, grown depth-first with a stack in neighbour-index order, and a
 * border row joins the first cluster that reaches it in that order.
 * Using the same order as sklearn's dbscan_inner makes even the
 * order-dependent border assignments identical.
 *
 * The neighbourhoods come from em_knn_radius() (GEMM blocks, all cores),
 * stored as one CSR array: memory O(n x neighbours), no n x n matrix.
 *
 * Choosing eps: the k-distance curve (distance of every row to its
 * min_samples-th nearest row, itself included, sorted) shows the share
 * of rows that would be core for each eps.  em_dbscan_suggest_eps()
 * takes the knee of that curve; em_dbscan_eps_for_core_fraction() is the
 * quantile rule of the algorithm fixtures (eps such that a given share of
 * rows is core: on synth2k eps 3.5 makes 80.45 % of the rows core, and
 * the same share on synth30k gives eps 2.9612).
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "em-dbscan.h"
#include "em-knn.h"

/**
 * em_dbscan_free:
 * @dbscan: (nullable) (transfer full): a clustering
 *
 * Frees @dbscan and its arrays.
 */
void
em_dbscan_free (EmDbscan *dbscan)
{
  if (dbscan == NULL)
    return;
  g_free (dbscan->labels);
  g_free (dbscan->core);
  g_free (dbscan);
}

static gboolean
check_params (const double  *x,
              gsize          n,
              gsize          d,
              double         eps,
              guint          min_samples,
              const char    *what,
              GError       **error)
{
  if (!em_analysis_check_matrix (x, n, d, what, error))
    return FALSE;
  if (!(eps > 0.0) || !isfinite (eps) || min_samples == 0)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                   "%s: eps must be a positive number and min_samples at least 1 "
                   "(got eps = %g, min_samples = %u)", what, eps, min_samples);
      return FALSE;
    }
  if (n > G_MAXINT32)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_LARGE,
                   "%s: %" G_GSIZE_FORMAT " rows are more than this implementation handles", what, n);
      return FALSE;
    }
  return TRUE;
}

/* scikit-learn's dbscan_inner: depth-first expansion from each unlabelled
 * core row, in index order. */
static guint
expand_clusters (gsize          n,
                 const guint64 *offsets,
                 const guint32 *neighbors,
                 const guint8  *core,
                 gint32        *labels)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint32));
  gint32 label = 0;

  for (gsize i = 0; i < n; i++)
    labels[i] = -1;

  for (gsize start = 0; start < n; start++)
    {
      guint32 i = (guint32) start;

      if (labels[i] != -1 || !core[i])
        continue;
      for (;;)
        {
          if (labels[i] == -1)
            {
              labels[i] = label;
              if (core[i])
                for (guint64 p = offsets[i]; p < offsets[i + 1]; p++)
                  if (labels[neighbors[p]] == -1)
                    g_array_append_val (stack, neighbors[p]);
            }
          if (stack->len == 0)
            break;
          i = g_array_index (stack, guint32, stack->len - 1);
          g_array_set_size (stack, stack->len - 1);
        }
      label++;
    }

  return (guint) label;
}

/**
 * em_dbscan_run:
 * @x: (array): n_rows x n_cols row-major matrix of finite values
 * @n_rows: rows
 * @n_cols: columns
 * @eps: neighbourhood radius (Euclidean, inclusive)
 * @min_samples: rows within @eps, the row itself included, that make a core row
 * @job: (nullable): job for progress and cancellation
 * @error: return location for a #GError
 *
 * Clusters the rows with DBSCAN, with scikit-learn's definitions and
 * visiting order (same labels, same core rows).  Runs the neighbour
 * search on all cores; memory O(n x neighbours).
 *
 * Returns: (transfer full) (nullable): the clustering, free with em_dbscan_free()
 */
EmDbscan *
em_dbscan_run (const double  *x,
               gsize          n_rows,
               gsize          n_cols,
               double         eps,
               guint          min_samples,
               EmJob         *job,
               GError       **error)
{
  g_autofree guint64 *offsets = NULL;
  g_autofree guint32 *neighbors = NULL;
  EmDbscan *db;

  if (!check_params (x, n_rows, n_cols, eps, min_samples, "DBSCAN", error))
    return NULL;
  /* Identical rows are all each other's neighbours: n^2 memory for a
   * single cluster that says nothing. */
  if (n_rows > 1 && em_analysis_rows_identical (x, n_rows, n_cols))
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_DEGENERATE,
                   "DBSCAN: all %" G_GSIZE_FORMAT " rows are identical, there is nothing to cluster",
                   n_rows);
      return NULL;
    }

  if (!em_knn_radius (x, n_rows, n_cols, eps, &offsets, &neighbors, job, error))
    return NULL;

  db = g_new0 (EmDbscan, 1);
  db->n_rows = n_rows;
  db->labels = g_new (gint32, n_rows);
  db->core = g_new (guint8, n_rows);
  for (gsize i = 0; i < n_rows; i++)
    {
      db->core[i] = offsets[i + 1] - offsets[i] >= min_samples;
      db->n_core += db->core[i];
    }
  db->n_clusters = expand_clusters (n_rows, offsets, neighbors, db->core, db->labels);
  for (gsize i = 0; i < n_rows; i++)
    db->n_noise += db->labels[i] < 0;

  return db;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/**
 * em_dbscan_k_distances:
 * @x: (array): n_rows x n_cols row-major matrix of finite values
 * @n_rows: rows, more than @min_samples - 1
 * @n_cols: columns
 * @min_samples: the DBSCAN min_samples the curve is for
 * @sorted: (out caller-allocates) (array): n_rows distances, ascending
 * @job: (nullable): job for progress and cancellation
 * @error: return location for a #GError
 *
 * The k-distance curve for choosing eps: for each row, the distance to its
 * @min_samples-th nearest row counting the row itself (its
 * (@min_samples - 1)-th neighbour), sorted.  A row is core for DBSCAN(eps,
 * @min_samples) exactly when its k-distance is <= eps, so the curve at eps
 * reads as the share of core rows.
 *
 * Returns: %TRUE on success
 */
gboolean
em_dbscan_k_distances (const double  *x,
                       gsize          n_rows,
                       gsize          n_cols,
                       guint          min_samples,
                       double        *sorted,
                       EmJob         *job,
                       GError       **error)
{
  g_autofree guint32 *idx = NULL;
  g_autofree double *dist = NULL;
  guint k;

  g_return_val_if_fail (sorted != NULL, FALSE);

  if (!check_params (x, n_rows, n_cols, 1.0, min_samples, "DBSCAN k-distances", error))
    return FALSE;
  if (min_samples == 1)
    {
      for (gsize i = 0; i < n_rows; i++)
        sorted[i] = 0.0;
      return TRUE;
    }

  k = min_samples - 1;
  if ((gsize) k >= n_rows)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_FEW_ROWS,
                   "DBSCAN k-distances: min_samples = %u needs at least %u rows, got %"
                   G_GSIZE_FORMAT, min_samples, min_samples, n_rows);
      return FALSE;
    }
  idx = g_new (guint32, n_rows * k);
  dist = g_new (double, n_rows * k);
  if (!em_knn_exact (x, n_rows, n_cols, k, idx, dist, job, error))
    return FALSE;
  for (gsize i = 0; i < n_rows; i++)
    sorted[i] = dist[i * k + k - 1];
  qsort (sorted, n_rows, sizeof (double), compare_doubles);

  return TRUE;
}

/**
 * em_dbscan_suggest_eps:
 * @sorted: (array length=n): a k-distance curve from em_dbscan_k_distances()
 * @n: its length
 *
 * The knee of the k-distance curve: with both axes scaled to [0, 1], the
 * point farthest below the chord from the first to the last point, where
 * the slowly rising distances of rows inside clusters turn into the steep
 * tail of outliers.  Rows beyond the knee become noise.
 *
 * Returns: the suggested eps, or 0 if @n is 0
 */
double
em_dbscan_suggest_eps (const double *sorted,
                       gsize         n)
{
  double lo, span, best = -1.0, eps;

  g_return_val_if_fail (sorted != NULL || n == 0, 0.0);

  if (n == 0)
    return 0.0;
  lo = sorted[0];
  span = sorted[n - 1] - lo;
  eps = sorted[n - 1];
  if (n < 3 || !(span > 0.0))
    return eps;

  for (gsize i = 0; i < n; i++)
    {
      /* chord: y = x; below it the curve is convex, gap = x - y */
      double xi = (double) i / (double) (n - 1);
      double yi = (sorted[i] - lo) / span;

      if (xi - yi > best)
        {
          best = xi - yi;
          eps = sorted[i];
        }
    }

  return eps;
}

/**
 * em_dbscan_eps_for_core_fraction:
 * @sorted: (array length=n): a k-distance curve from em_dbscan_k_distances()
 * @n: its length
 * @fraction: share of rows that should be core, in [0, 1]
 *
 * The quantile rule: the @fraction quantile of the k-distances (linear
 * interpolation, as numpy.quantile), i.e. the eps that makes about
 * @fraction of the rows core.  With @fraction = 0.8045 (the share of core
 * rows of the synth2k fixture at eps 3.5) it gives 2.9612 on synth30k.
 *
 * Returns: the eps, or 0 if @n is 0
 */
double
em_dbscan_eps_for_core_fraction (const double *sorted,
                                 gsize         n,
                                 double        fraction)
{
  double pos, frac;
  gsize lo;

  g_return_val_if_fail (sorted != NULL || n == 0, 0.0);

  if (n == 0)
    return 0.0;
  pos = CLAMP (fraction, 0.0, 1.0) * (double) (n - 1);
  lo = MIN ((gsize) pos, n - 1);
  frac = pos - (double) lo;
  if (lo + 1 >= n)
    return sorted[n - 1];
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}
