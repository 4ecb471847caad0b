/* em-linkage.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "em-job.h"

G_BEGIN_DECLS

/**
 * EmLinkageMethod:
 * @EM_LINKAGE_SINGLE: minimum distance (MST, O(n) memory)
 * @EM_LINKAGE_COMPLETE: maximum distance (NN-chain on the condensed matrix)
 * @EM_LINKAGE_AVERAGE: UPGMA (NN-chain on the condensed matrix)
 * @EM_LINKAGE_WEIGHTED: WPGMA (NN-chain on the condensed matrix)
 * @EM_LINKAGE_WARD: Ward's minimum variance (NN-chain on centres, O(n) memory)
 * @EM_LINKAGE_CENTROID: UPGMC (generic algorithm on centres, O(n) memory)
 * @EM_LINKAGE_MEDIAN: WPGMC (generic algorithm on centres, O(n) memory)
 *
 * Linkage methods, with the same meaning and height scale as SciPy's
 * `scipy.cluster.hierarchy.linkage (X, method, metric='euclidean')`.
 */
typedef enum
{
  EM_LINKAGE_SINGLE,
  EM_LINKAGE_COMPLETE,
  EM_LINKAGE_AVERAGE,
  EM_LINKAGE_WEIGHTED,
  EM_LINKAGE_WARD,
  EM_LINKAGE_CENTROID,
  EM_LINKAGE_MEDIAN,
} EmLinkageMethod;

/* complete/average/weighted keep the condensed distance matrix,
 * n (n - 1) / 2 doubles: 1.6 GB at 20,000 rows. */
#define EM_LINKAGE_DEFAULT_MAX_MATRIX_ROWS 20000

gboolean     em_linkage_method_from_string (const char       *name,
                                            EmLinkageMethod  *method,
                                            GError          **error);
const char  *em_linkage_method_to_string   (EmLinkageMethod   method);
gboolean     em_linkage_method_needs_matrix (EmLinkageMethod  method);
gboolean     em_linkage_compute            (const double     *x,
                                            gsize             n_rows,
                                            gsize             n_cols,
                                            EmLinkageMethod   method,
                                            EmJob            *job,
                                            double           *z,
                                            GError          **error);
gboolean     em_linkage_compute_full       (const double     *x,
                                            gsize             n_rows,
                                            gsize             n_cols,
                                            EmLinkageMethod   method,
                                            gsize             max_matrix_rows,
                                            EmJob            *job,
                                            double           *z,
                                            GError          **error);
gboolean     em_linkage_validate           (const double     *z,
                                            gsize             n_leaves,
                                            GError          **error);
gboolean     em_linkage_is_monotone        (const double     *z,
                                            gsize             n_leaves);

G_END_DECLS
