/* em-pca.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "em-analysis-error.h"
#include "em-job.h"

G_BEGIN_DECLS

#define EM_PCA_DEFAULT_FRACTION 0.8

/**
 * EmPca:
 * @n_rows: rows of the analysed matrix
 * @n_cols: columns (features)
 * @n_components: components kept, min(@n_rows, @n_cols)
 * @mean: (array length=n_cols): column means removed before the analysis
 * @components: (array): @n_components x @n_cols, row c is the c-th principal
 *   axis (unit length), as scikit-learn's `components_`
 * @explained_variance: (array length=n_components): variance along each axis (ddof 1)
 * @explained_variance_ratio: (array length=n_components): share of the total variance
 * @cumulative_ratio: (array length=n_components): running sum of the ratios
 * @singular_values: (array length=n_components): singular values of the centred matrix
 * @scores: (array): @n_rows x @n_components projections of the rows
 *
 * A principal component analysis, signs fixed as scikit-learn's `svd_flip`
 * (in each column of @scores the entry of largest magnitude is positive).
 */
typedef struct
{
  gsize   n_rows;
  gsize   n_cols;
  gsize   n_components;
  double *mean;
  double *components;
  double *explained_variance;
  double *explained_variance_ratio;
  double *cumulative_ratio;
  double *singular_values;
  double *scores;
} EmPca;

EmPca *em_pca_compute                 (const double  *x,
                                       gsize          n_rows,
                                       gsize          n_cols,
                                       EmJob         *job,
                                       GError       **error);
gsize  em_pca_components_for_fraction (const EmPca   *pca,
                                       double         fraction);
void   em_pca_transform               (const EmPca   *pca,
                                       const double  *x,
                                       gsize          n_rows,
                                       gsize          n_components,
                                       double        *out);
void   em_pca_free                    (EmPca         *pca);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmPca, em_pca_free)

G_END_DECLS
