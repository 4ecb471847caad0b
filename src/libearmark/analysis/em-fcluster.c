/* em-fcluster.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "em-analysis-error.h"
#include "em-fcluster.h"
#include "em-linkage.h"

/* Flat clusters from a linkage matrix, as scipy.cluster.hierarchy.fcluster.
 * Every variant marks the internal nodes whose criterion is <= t as whole
 * clusters (the criterion never decreases towards the root), then numbers
 * the clusters 1, 2, ... in the order a depth-first walk meets them, left
 * child first, as fcluster does. */

typedef struct
{
  gint32 node;
  gint32 label;
} Visit;

/* crit[i] belongs to the node made by row i. Returns the number of
 * clusters. Iterative: trees of 30,000 leaves can be 30,000 deep. */
static gsize
label_flat (const double *z,
            gsize         n,
            const double *crit,
            double        t,
            gint32       *labels)
{
  g_autofree Visit *stack = g_new (Visit, n + 1);
  gsize len = 0;
  gint32 n_clusters = 0;

  stack[len].node = 2 * n - 2;
  stack[len].label = 0;
  len++;
  while (len > 0)
    {
      Visit v = stack[--len];
      gsize row;

      if (v.label == 0 && (v.node < (gint32) n || crit[v.node - n] <= t))
        v.label = ++n_clusters;
      if (v.node < (gint32) n)
        {
          labels[v.node] = v.label;
          continue;
        }
      row = v.node - n;
      stack[len].node = (gint32) z[row * 4 + 1];
      stack[len].label = v.label;
      len++;
      stack[len].node = (gint32) z[row * 4];
      stack[len].label = v.label;
      len++;
    }
  return n_clusters;
}

/**
 * em_fcluster_max_heights:
 * @z: (array): (@n - 1) x 4 linkage matrix, already validated
 * @n: number of observations (at least 2)
 *
 * The largest merge height within each node's subtree: fcluster's
 * "distance" criterion, equal to the heights for monotone trees. Node
 * n + i belongs to a cut at t (is inside one flat cluster) when
 * md[i] <= t, so a cut at t leaves n - #{md <= t} clusters.
 *
 * Returns: (transfer full) (array): @n - 1 heights, one per row of @z
 */
double *
em_fcluster_max_heights (const double *z,
                         gsize         n)
{
  double *md = g_new (double, n - 1);

  /* children come before their parent */
  for (gsize i = 0; i + 1 < n; i++)
    {
      md[i] = z[i * 4 + 2];
      for (guint k = 0; k < 2; k++)
        {
          gsize child = (gsize) z[i * 4 + k];

          if (child >= n)
            md[i] = MAX (md[i], md[child - n]);
        }
    }
  return md;
}

/**
 * em_fcluster_by_distance:
 * @z: (array): (@n_leaves - 1) x 4 linkage matrix
 * @n_leaves: number of observations
 * @threshold: largest merge height kept inside a cluster
 * @labels: (out caller-allocates) (array): @n_leaves labels, 1-based
 * @n_clusters: (out) (optional): number of clusters
 * @error: return location for an error
 *
 * `fcluster (Z, t, criterion='distance')`: observations end up in the same
 * cluster when the largest merge height on the way between them is at most
 * @threshold (for trees with inversions, the running maximum of heights is
 * used, as SciPy does). Clusters are numbered 1, 2, ... in dendrogram order.
 *
 * Returns: %TRUE on success, %FALSE with %EM_ANALYSIS_ERROR for an invalid @z
 */
gboolean
em_fcluster_by_distance (const double  *z,
                         gsize          n_leaves,
                         double         threshold,
                         gint32        *labels,
                         gsize         *n_clusters,
                         GError       **error)
{
  g_autofree double *md = NULL;
  gsize found;

  g_return_val_if_fail (labels != NULL, FALSE);

  if (!em_linkage_validate (z, n_leaves, error))
    return FALSE;
  if (isnan (threshold))
    {
      g_set_error_literal (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE,
                           "The distance threshold for flat clusters is not a number");
      return FALSE;
    }

  md = em_fcluster_max_heights (z, n_leaves);
  found = label_flat (z, n_leaves, md, threshold, labels);
  if (n_clusters != NULL)
    *n_clusters = found;
  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * em_fcluster_first_merges:
 * @z: (array): (@n_leaves - 1) x 4 linkage matrix
 * @n_leaves: number of observations
 * @n_merges: how many rows of @z to apply, from the first
 * @labels: (out caller-allocates) (array): @n_leaves labels, 1-based
 * @error: return location for an error
 *
 * The clusters that exist after the first @n_merges merges: exactly
 * @n_leaves - @n_merges clusters, numbered 1, 2, ... in dendrogram order.
 * This is the only well-defined cut of trees with inversions (centroid,
 * median), where fcluster and cut_tree miscount (SciPy issues #7977, #8063).
 *
 * Returns: %TRUE on success
 */
gboolean
em_fcluster_first_merges (const double  *z,
                          gsize          n_leaves,
                          gsize          n_merges,
                          gint32        *labels,
                          GError       **error)
{
  g_autofree double *order = NULL;

  g_return_val_if_fail (labels != NULL, FALSE);

  if (!em_linkage_validate (z, n_leaves, error))
    return FALSE;
  if (n_merges > n_leaves - 1)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                   "Cannot apply %" G_GSIZE_FORMAT " merges to %" G_GSIZE_FORMAT " observations",
                   n_merges, n_leaves);
      return FALSE;
    }

  /* the row index is a criterion that grows towards the root */
  order = g_new (double, n_leaves - 1);
  for (gsize i = 0; i + 1 < n_leaves; i++)
    order[i] = i;
  label_flat (z, n_leaves, order, (double) n_merges - 0.5, labels);
  return TRUE;
}

/**
 * em_fcluster_by_count:
 * @z: (array): (@n_leaves - 1) x 4 linkage matrix
 * @n_leaves: number of observations
 * @max_clusters: wanted number of clusters (at least 1)
 * @labels: (out caller-allocates) (array): @n_leaves labels, 1-based
 * @n_clusters: (out) (optional): number of clusters made
 * @error: return location for an error
 *
 * For monotone trees (single, complete, average, weighted, ward), the same
 * as `fcluster (Z, k, criterion='maxclust')`: the lowest cut that leaves at
 * most @max_clusters clusters (fewer only if heights tie). For trees with
 * inversions (centroid, median), where fcluster miscounts, the first
 * n - k merges are applied instead (em_fcluster_first_merges()), which
 * gives exactly k clusters. Numbered 1, 2, ... in dendrogram order.
 *
 * Returns: %TRUE on success
 */
gboolean
em_fcluster_by_count (const double  *z,
                      gsize          n_leaves,
                      gsize          max_clusters,
                      gint32        *labels,
                      gsize         *n_clusters,
                      GError       **error)
{
  g_autofree double *md = NULL;
  g_autofree double *sorted = NULL;
  double t;
  gsize found;

  g_return_val_if_fail (labels != NULL, FALSE);

  if (!em_linkage_validate (z, n_leaves, error))
    return FALSE;
  if (max_clusters < 1)
    {
      g_set_error_literal (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                           "The number of flat clusters must be at least 1");
      return FALSE;
    }
  max_clusters = MIN (max_clusters, n_leaves);

  if (!em_linkage_is_monotone (z, n_leaves))
    {
      if (n_clusters != NULL)
        *n_clusters = max_clusters;
      return em_fcluster_first_merges (z, n_leaves, n_leaves - max_clusters, labels, error);
    }

  /* the smallest height t with at most k clusters, where a cut at t leaves
   * 1 + #{merges above t} clusters */
  md = em_fcluster_max_heights (z, n_leaves);
  sorted = g_memdup2 (md, (n_leaves - 1) * sizeof (double));
  g_qsort_with_data (sorted, n_leaves - 1, sizeof (double), compare_doubles, NULL);
  t = -G_MAXDOUBLE;
  if (max_clusters < n_leaves)
    {
      for (gsize j = 0; j + 1 < n_leaves; j++)
        {
          gsize above = 0;

          /* merges strictly above sorted[j] */
          while (j + 1 + above < n_leaves - 1 && sorted[j + 1 + above] <= sorted[j])
            above++;
          j += above;
          if (1 + (n_leaves - 2 - j) <= max_clusters)
            {
              t = sorted[j];
              break;
            }
        }
    }
  found = label_flat (z, n_leaves, md, t, labels);
  if (n_clusters != NULL)
    *n_clusters = found;
  return TRUE;
}
