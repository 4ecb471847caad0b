/* em-linkage.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "em-analysis-error.h"
#include "em-linkage-private.h"

/* Squared distances of larger values would overflow a double. */
#define MAX_ABS_VALUE 1e150

static const char * const method_names[] = {
  [EM_LINKAGE_SINGLE] = "single",
  [EM_LINKAGE_COMPLETE] = "complete",
  [EM_LINKAGE_AVERAGE] = "average",
  [EM_LINKAGE_WEIGHTED] = "weighted",
  [EM_LINKAGE_WARD] = "ward",
  [EM_LINKAGE_CENTROID] = "centroid",
  [EM_LINKAGE_MEDIAN] = "median",
};

/**
 * em_linkage_method_from_string:
 * @name: a SciPy method name ("single", "complete", "average", "weighted",
 *   "ward", "centroid" or "median")
 * @method: (out): the method
 * @error: return location for an error
 *
 * Returns: %TRUE if @name is known, otherwise %FALSE with
 *   %EM_ANALYSIS_ERROR_INVALID_INPUT
 */
gboolean
em_linkage_method_from_string (const char       *name,
                               EmLinkageMethod  *method,
                               GError          **error)
{
  g_return_val_if_fail (method != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (method_names); i++)
    {
      if (g_strcmp0 (name, method_names[i]) == 0)
        {
          *method = (EmLinkageMethod) i;
          return TRUE;
        }
    }

  g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
               "Unknown linkage method “%s”: use single, complete, average, weighted, ward, centroid or median",
               name != NULL ? name : "(null)");
  return FALSE;
}

/**
 * em_linkage_method_to_string:
 * @method: a method
 *
 * Returns: SciPy's name of @method, or %NULL if @method is out of range
 */
const char *
em_linkage_method_to_string (EmLinkageMethod method)
{
  if ((guint) method >= G_N_ELEMENTS (method_names))
    return NULL;
  return method_names[method];
}

/**
 * em_linkage_method_needs_matrix:
 * @method: a method
 *
 * Returns: %TRUE for the methods that keep the condensed distance matrix
 *   (complete, average, weighted), whose size is limited
 */
gboolean
em_linkage_method_needs_matrix (EmLinkageMethod method)
{
  return method == EM_LINKAGE_COMPLETE || method == EM_LINKAGE_AVERAGE ||
         method == EM_LINKAGE_WEIGHTED;
}

gboolean
_em_linkage_check_job (EmJob   *job,
                       gsize    done,
                       gsize    total,
                       GError **error)
{
  if (em_job_is_cancelled (job))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Hierarchical clustering was cancelled");
      return FALSE;
    }
  if (job != NULL && (done & 63) == 0 && total > 0)
    {
      /* a merge costs about as much as the clusters left, so the work
       * done grows like 1 - (left / total)^2 */
      double left = (double) (total - done) / total;

      em_job_update (job, 1.0 - left * left, "Merging clusters");
    }
  return TRUE;
}

static gboolean
check_input (const double     *x,
             gsize             n_rows,
             gsize             n_cols,
             EmLinkageMethod   method,
             gsize             max_matrix_rows,
             GError          **error)
{
  if ((guint) method >= G_N_ELEMENTS (method_names))
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                   "Unknown linkage method %d", (int) method);
      return FALSE;
    }
  if (n_rows < 2 || n_cols < 1 || n_rows > G_MAXINT32 / 2)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                   "Hierarchical clustering needs at least 2 rows and 1 column (got %" G_GSIZE_FORMAT
                   " x %" G_GSIZE_FORMAT ")", n_rows, n_cols);
      return FALSE;
    }
  if (em_linkage_method_needs_matrix (method) && n_rows > max_matrix_rows)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_LARGE,
                   "%s linkage keeps all pairwise distances (%.1f GB for %" G_GSIZE_FORMAT
                   " rows); it is limited to %" G_GSIZE_FORMAT " rows: use ward, single, centroid or median, "
                   "or cluster a sample", method_names[method],
                   n_rows * (double) (n_rows - 1) / 2 * sizeof (double) / 1e9, n_rows, max_matrix_rows);
      return FALSE;
    }
  for (gsize i = 0; i < n_rows * n_cols; i++)
    {
      if (!isfinite (x[i]))
        {
          g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE,
                       "Row %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT " is not a finite number: "
                       "impute missing values before clustering", i / n_cols, i % n_cols);
          return FALSE;
        }
      if (fabs (x[i]) > MAX_ABS_VALUE)
        {
          g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                       "Row %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT " is too large (%g): standardise first",
                       i / n_cols, i % n_cols, x[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static int
compare_rows_by_height (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  const double *z = user_data;
  guint ia = *(const guint *) a;
  guint ib = *(const guint *) b;

  if (z[ia * 4 + 2] != z[ib * 4 + 2])
    return z[ia * 4 + 2] < z[ib * 4 + 2] ? -1 : 1;
  /* stable, as SciPy's argsort (kind='mergesort') */
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

static void
sort_by_height (double *z,
                gsize   n)
{
  g_autofree guint *order = g_new (guint, n - 1);
  g_autofree double *copy = g_memdup2 (z, (n - 1) * 4 * sizeof (double));

  for (gsize i = 0; i < n - 1; i++)
    order[i] = i;
  g_qsort_with_data (order, n - 1, sizeof (guint), compare_rows_by_height, copy);
  for (gsize i = 0; i < n - 1; i++)
    memcpy (z + i * 4, copy + order[i] * 4, 4 * sizeof (double));
}

static guint32
find_root (guint32 *parent,
           guint32  x)
{
  guint32 root = x;

  while (parent[root] != root)
    root = parent[root];
  while (parent[x] != root)
    {
      guint32 next = parent[x];

      parent[x] = root;
      x = next;
    }
  return root;
}

/* Turns rows of (any leaf of a, any leaf of b, height) into SciPy's ids,
 * like scipy.cluster.hierarchy's label(): a union-find whose new roots are
 * numbered n, n + 1, ...; the smaller id goes first. */
static void
label_rows (double *z,
            gsize   n)
{
  g_autofree guint32 *parent = g_new (guint32, 2 * n - 1);
  g_autofree double *size = g_new0 (double, 2 * n - 1);

  for (gsize i = 0; i < 2 * n - 1; i++)
    parent[i] = i;
  for (gsize i = 0; i < n; i++)
    size[i] = 1;
  for (gsize i = 0; i < n - 1; i++)
    {
      guint32 ra = find_root (parent, (guint32) z[i * 4]);
      guint32 rb = find_root (parent, (guint32) z[i * 4 + 1]);

      z[i * 4] = MIN (ra, rb);
      z[i * 4 + 1] = MAX (ra, rb);
      parent[ra] = parent[rb] = n + i;
      size[n + i] = size[ra] + size[rb];
      z[i * 4 + 3] = size[n + i];
    }
}

/**
 * em_linkage_compute_full:
 * @x: (array): row-major matrix, @n_rows x @n_cols
 * @n_rows: number of observations (at least 2)
 * @n_cols: number of features
 * @method: linkage method
 * @max_matrix_rows: largest @n_rows accepted by the methods that keep the
 *   condensed distance matrix (complete, average, weighted)
 * @job: (nullable): progress and cancellation
 * @z: (out caller-allocates) (array): (@n_rows - 1) x 4 linkage matrix
 * @error: return location for an error
 *
 * Agglomerative clustering with Euclidean distances, equal to SciPy's
 * `linkage (x, method)`: row i merges clusters z[i,0] < z[i,1] (ids below
 * @n_rows are observations, id @n_rows + i is the cluster made by row i) at
 * height z[i,2] into a cluster of z[i,3] observations. Rows are sorted by
 * height (stable) except for centroid and median, which keep the order in
 * which the merges were made and may have inversions.
 *
 * single uses Prim's algorithm and ward an NN-chain, both from the data
 * with O(n) memory; centroid and median use the generic algorithm
 * (Müllner 2011) on cluster centres, O(n) memory; complete, average and
 * weighted run an NN-chain on the condensed distance matrix and refuse more
 * than @max_matrix_rows rows (%EM_ANALYSIS_ERROR_TOO_LARGE).
 *
 * The centre-based methods rotate the data onto its principal axes, order
 * the rows along a ball tree and skip blocks of clusters and single
 * candidates by lower bounds that are never larger than the exact squared
 * distance, so the result is that of an exhaustive search. Long scans are
 * split over the processors; the output is the same for any number of
 * threads. Exactly tied distances, which SciPy resolves by row index, are
 * resolved by an internal (spatial) order here, so tied pairs may merge in
 * another order than SciPy's.
 *
 * Returns: %TRUE on success; %FALSE with %EM_ANALYSIS_ERROR for bad input,
 *   or %G_IO_ERROR_CANCELLED
 */
gboolean
em_linkage_compute_full (const double     *x,
                         gsize             n_rows,
                         gsize             n_cols,
                         EmLinkageMethod   method,
                         gsize             max_matrix_rows,
                         EmJob            *job,
                         double           *z,
                         GError          **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (x != NULL || n_rows == 0, FALSE);
  g_return_val_if_fail (z != NULL || n_rows < 2, FALSE);

  if (!check_input (x, n_rows, n_cols, method, max_matrix_rows, error))
    return FALSE;

  switch (method)
    {
    case EM_LINKAGE_SINGLE:
      ok = _em_linkage_mst (x, n_rows, n_cols, job, z, error);
      break;
    case EM_LINKAGE_COMPLETE:
    case EM_LINKAGE_AVERAGE:
    case EM_LINKAGE_WEIGHTED:
      ok = _em_linkage_nnchain (x, n_rows, n_cols, method, job, z, error);
      break;
    case EM_LINKAGE_WARD:
      ok = _em_linkage_ward (x, n_rows, n_cols, job, z, error);
      break;
    case EM_LINKAGE_CENTROID:
    case EM_LINKAGE_MEDIAN:
      ok = _em_linkage_generic (x, n_rows, n_cols, method, job, z, error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    return FALSE;

  if (method != EM_LINKAGE_CENTROID && method != EM_LINKAGE_MEDIAN)
    sort_by_height (z, n_rows);
  label_rows (z, n_rows);
  em_job_update (job, 1.0, "Clustering done");
  return TRUE;
}

/**
 * em_linkage_compute:
 * @x: (array): row-major matrix, @n_rows x @n_cols
 * @n_rows: number of observations (at least 2)
 * @n_cols: number of features
 * @method: linkage method
 * @job: (nullable): progress and cancellation
 * @z: (out caller-allocates) (array): (@n_rows - 1) x 4 linkage matrix
 * @error: return location for an error
 *
 * em_linkage_compute_full() with %EM_LINKAGE_DEFAULT_MAX_MATRIX_ROWS.
 *
 * Returns: %TRUE on success
 */
gboolean
em_linkage_compute (const double     *x,
                    gsize             n_rows,
                    gsize             n_cols,
                    EmLinkageMethod   method,
                    EmJob            *job,
                    double           *z,
                    GError          **error)
{
  return em_linkage_compute_full (x, n_rows, n_cols, method, EM_LINKAGE_DEFAULT_MAX_MATRIX_ROWS,
                                  job, z, error);
}

/**
 * em_linkage_validate:
 * @z: (array): (@n_leaves - 1) x 4 linkage matrix
 * @n_leaves: number of observations
 * @error: return location for an error
 *
 * Checks that @z is a valid SciPy linkage matrix (as `is_valid_linkage`):
 * every id refers to a leaf or an earlier row and is used once, heights are
 * finite and non-negative, sizes add up.
 *
 * Returns: %TRUE if valid, otherwise %FALSE with %EM_ANALYSIS_ERROR_INVALID_INPUT
 */
gboolean
em_linkage_validate (const double  *z,
                     gsize          n_leaves,
                     GError       **error)
{
  g_autofree guint8 *used = NULL;

  if (n_leaves < 2 || n_leaves > G_MAXINT32 / 2 || z == NULL)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                   "A linkage matrix needs at least 2 observations (got %" G_GSIZE_FORMAT ")", n_leaves);
      return FALSE;
    }

  used = g_new0 (guint8, 2 * n_leaves - 1);
  for (gsize i = 0; i < n_leaves - 1; i++)
    {
      const double *row = z + i * 4;
      double expected = 0;

      for (guint k = 0; k < 2; k++)
        {
          double id = row[k];

          if (!(id >= 0 && id < n_leaves + i && id == floor (id)) || used[(gsize) id])
            {
              g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                           "Linkage row %" G_GSIZE_FORMAT " refers to cluster %g, which does not exist yet "
                           "or was already merged", i, id);
              return FALSE;
            }
          used[(gsize) id] = 1;
          expected += id < n_leaves ? 1 : z[((gsize) id - n_leaves) * 4 + 3];
        }
      if (!isfinite (row[2]) || row[2] < 0 || row[3] != expected)
        {
          g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                       "Linkage row %" G_GSIZE_FORMAT " has an invalid height (%g) or size (%g)",
                       i, row[2], row[3]);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * em_linkage_is_monotone:
 * @z: (array): a valid linkage matrix
 * @n_leaves: number of observations
 *
 * Returns: %TRUE if no merge is lower than a merge of one of its children
 *   (always the case for single, complete, average, weighted and ward)
 */
gboolean
em_linkage_is_monotone (const double *z,
                        gsize         n_leaves)
{
  for (gsize i = 0; i + 1 < n_leaves; i++)
    {
      for (guint k = 0; k < 2; k++)
        {
          gsize id = (gsize) z[i * 4 + k];

          if (id >= n_leaves && z[(id - n_leaves) * 4 + 2] > z[i * 4 + 2])
            return FALSE;
        }
    }
  return TRUE;
}
