/* em-kmeans.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "em-analysis-error.h"
#include "em-job.h"

G_BEGIN_DECLS

/**
 * EmKmeansParams:
 * @k: number of clusters, >= 1
 * @n_init: restarts from new k-means++ seeds; the best inertia wins (default 10)
 * @max_iter: Lloyd iterations per restart (default 300)
 * @tol: convergence tolerance on the squared centre shift, relative to the
 *   mean column variance, as scikit-learn's `tol` (default 1e-4)
 * @seed: random seed; the result depends only on it, not on thread count
 *
 * Parameters of em_kmeans_run(); em_kmeans_params_init() sets the defaults.
 */
typedef struct
{
  guint   k;
  guint   n_init;
  guint   max_iter;
  double  tol;
  guint32 seed;
} EmKmeansParams;

/**
 * EmKmeans:
 * @n_rows: rows clustered
 * @n_cols: columns
 * @k: clusters
 * @centers: (array): k x n_cols cluster centres
 * @labels: (array length=n_rows): cluster of each row, 0 .. k-1
 * @sizes: (array length=k): rows per cluster
 * @inertia: sum of squared distances of the rows to their centres
 * @n_iter: Lloyd iterations of the winning restart
 *
 * A k-means clustering.
 */
typedef struct
{
  gsize   n_rows;
  gsize   n_cols;
  guint   k;
  double *centers;
  gint32 *labels;
  gsize  *sizes;
  double  inertia;
  guint   n_iter;
} EmKmeans;

void      em_kmeans_params_init (EmKmeansParams        *params,
                                 guint                  k);
EmKmeans *em_kmeans_run         (const double          *x,
                                 gsize                  n_rows,
                                 gsize                  n_cols,
                                 const EmKmeansParams  *params,
                                 EmJob                 *job,
                                 GError               **error);
gboolean  em_kmeans_scan        (const double          *x,
                                 gsize                  n_rows,
                                 gsize                  n_cols,
                                 guint                  k_min,
                                 guint                  k_max,
                                 const EmKmeansParams  *params,
                                 gsize                  silhouette_sample,
                                 double                *inertia,
                                 double                *silhouette,
                                 EmJob                 *job,
                                 GError               **error);
void      em_kmeans_free        (EmKmeans              *kmeans);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmKmeans, em_kmeans_free)

G_END_DECLS
