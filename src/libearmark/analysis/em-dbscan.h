/* em-dbscan.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "em-analysis-error.h"
#include "em-job.h"

G_BEGIN_DECLS

/**
 * EmDbscan:
 * @n_rows: rows clustered
 * @labels: (array length=n_rows): cluster of each row, 0 .. n_clusters-1, or
 *   -1 for noise; clusters are numbered in order of discovery (by row index)
 * @core: (array length=n_rows): 1 for a core row (at least min_samples rows,
 *   itself included, within eps), else 0
 * @n_clusters: number of clusters
 * @n_core: number of core rows
 * @n_noise: number of noise rows
 *
 * A DBSCAN clustering, as scikit-learn's DBSCAN.
 */
typedef struct
{
  gsize   n_rows;
  gint32 *labels;
  guint8 *core;
  guint   n_clusters;
  gsize   n_core;
  gsize   n_noise;
} EmDbscan;

EmDbscan *em_dbscan_run                   (const double  *x,
                                           gsize          n_rows,
                                           gsize          n_cols,
                                           double         eps,
                                           guint          min_samples,
                                           EmJob         *job,
                                           GError       **error);
gboolean  em_dbscan_k_distances           (const double  *x,
                                           gsize          n_rows,
                                           gsize          n_cols,
                                           guint          min_samples,
                                           double        *sorted,
                                           EmJob         *job,
                                           GError       **error);
double    em_dbscan_suggest_eps           (const double  *sorted,
                                           gsize          n);
double    em_dbscan_eps_for_core_fraction (const double  *sorted,
                                           gsize          n,
                                           double         fraction);
void      em_dbscan_free                  (EmDbscan      *dbscan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmDbscan, em_dbscan_free)

G_END_DECLS
