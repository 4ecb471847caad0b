/* em-tsne.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "em-analysis-error.h"
#include "em-job.h"

G_BEGIN_DECLS

/**
 * EmTsneInit:
 * @EM_TSNE_INIT_PCA: the first two principal components, scaled so that
 *   the first has standard deviation 1e-4 (scikit-learn's `init='pca'`)
 * @EM_TSNE_INIT_RANDOM: Gaussian noise of standard deviation 1e-4 drawn
 *   from a #GRand seeded with #EmTsneOptions.seed
 *
 * How the embedding starts.
 */
typedef enum
{
  EM_TSNE_INIT_PCA,
  EM_TSNE_INIT_RANDOM,
} EmTsneInit;

/**
 * EmTsneGradient:
 * @EM_TSNE_GRADIENT_AUTO: exact below 1,000 rows (where it is also the
 *   faster one), FFT-interpolated from there on
 * @EM_TSNE_GRADIENT_FFT: repulsion by FFT-accelerated interpolation
 *   (FIt-SNE), O(n) per iteration
 * @EM_TSNE_GRADIENT_EXACT: repulsion summed over all pairs, O(n^2) per
 *   iteration; for small inputs and for checking the FFT method
 *
 * How the repulsive part of the gradient is computed.
 */
typedef enum
{
  EM_TSNE_GRADIENT_AUTO,
  EM_TSNE_GRADIENT_FFT,
  EM_TSNE_GRADIENT_EXACT,
} EmTsneGradient;

/**
 * EmTsneOptions:
 * @perplexity: effective number of neighbours (30)
 * @early_exaggeration: factor on the affinities during the first phase (12)
 * @n_exaggeration_iter: iterations of the first phase (250)
 * @n_iter: total iterations (1000)
 * @learning_rate: step size; 0 or less means scikit-learn's 'auto',
 *   max (n / early_exaggeration / 4, 50)
 * @momentum_early: momentum during the first phase (0.5)
 * @momentum_late: momentum afterwards (0.8)
 * @min_gain: lower bound of the per-coordinate gains (0.01)
 * @init: how the embedding starts (%EM_TSNE_INIT_PCA)
 * @gradient: how the repulsion is computed (%EM_TSNE_GRADIENT_AUTO)
 * @seed: seed of the random initialisation (0)
 *
 * Parameters of em_tsne_run(); em_tsne_options_init() sets the defaults,
 * which are scikit-learn 1.2's.
 */
typedef struct
{
  double         perplexity;
  double         early_exaggeration;
  guint          n_exaggeration_iter;
  guint          n_iter;
  double         learning_rate;
  double         momentum_early;
  double         momentum_late;
  double         min_gain;
  EmTsneInit     init;
  EmTsneGradient gradient;
  guint32        seed;
} EmTsneOptions;

void     em_tsne_options_init     (EmTsneOptions        *options);
guint    em_tsne_get_n_neighbors  (gsize                 n,
                                   double                perplexity);
gboolean em_tsne_run              (const double         *x,
                                   gsize                 n,
                                   gsize                 d,
                                   const EmTsneOptions  *options,
                                   double               *embedding,
                                   double               *kl_divergence,
                                   EmJob                *job,
                                   GError              **error);
gboolean em_tsne_run_with_neighbors (const double         *x,
                                     gsize                 n,
                                     gsize                 d,
                                     const guint32        *indices,
                                     const double         *distances,
                                     guint                 k,
                                     const EmTsneOptions  *options,
                                     double               *embedding,
                                     double               *kl_divergence,
                                     EmJob                *job,
                                     GError              **error);

G_END_DECLS
