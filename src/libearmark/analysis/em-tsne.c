/* em-tsne.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * t-SNE (van der Maaten and Hinton 2008) with scikit-learn 1.2's
 * defaults and schedule, and FIt-SNE's FFT-interpolated repulsion
 * (Linderman et al. 2019) so that 30,000 points take seconds, not minutes.
 *
 * Pipeline: exact k nearest neighbours (k = min (n - 1, 3 perplexity + 1),
 * em-knn.c) -> perplexity-calibrated sparse affinities
 * (em-tsne-affinities.c) -> PCA or random start (em-tsne-init.c) ->
 * gradient descent (em-tsne-optimize.c) whose gradient is the sparse
 * attraction (em-tsne-attractive.c) minus the repulsion
 * (em-tsne-gradient-fft.c or, for small n, em-tsne-gradient-exact.c).
 *
 * Every step is deterministic for given inputs and options whatever the
 * number of threads; with the PCA start the seed is not used at all.
 */

#include "config.h"

#include <math.h>

#include "em-knn.h"
#include "em-tsne-private.h"

/* Below this many rows the all-pairs repulsion costs less than the
 * smallest interpolation grid (150 x 150 nodes). */
#define EXACT_BELOW 1000

/**
 * em_tsne_options_init:
 * @options: (out caller-allocates): options to fill
 *
 * Sets scikit-learn 1.2's defaults: perplexity 30, early exaggeration 12
 * for 250 iterations, 1000 iterations, learning rate 'auto', momentum
 * 0.5 then 0.8, minimum gain 0.01, PCA initialisation; the repulsion is
 * FFT-interpolated from 1,000 rows on, exact below.
 */
void
em_tsne_options_init (EmTsneOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (EmTsneOptions) {
    .perplexity = 30.0,
    .early_exaggeration = 12.0,
    .n_exaggeration_iter = 250,
    .n_iter = 1000,
    .learning_rate = 0.0,
    .momentum_early = 0.5,
    .momentum_late = 0.8,
    .min_gain = 0.01,
    .init = EM_TSNE_INIT_PCA,
    .gradient = EM_TSNE_GRADIENT_AUTO,
    .seed = 0,
  };
}

/**
 * em_tsne_get_n_neighbors:
 * @n: number of rows
 * @perplexity: the perplexity
 *
 * Returns: how many nearest neighbours the affinities use, as
 *   scikit-learn: min (n - 1, floor (3 perplexity + 1))
 */
guint
em_tsne_get_n_neighbors (gsize  n,
                         double perplexity)
{
  double k = floor (3.0 * perplexity + 1.0);

  if (n < 2)
    return 0;

  return (guint) MIN ((double) (n - 1), MAX (k, 1.0));
}

static gboolean
check_options (const EmTsneOptions  *o,
               gsize                 n,
               GError              **error)
{
  if (!(o->perplexity > 0.0) || !isfinite (o->perplexity) ||
      !(o->early_exaggeration >= 1.0) || !isfinite (o->early_exaggeration) ||
      !(o->min_gain > 0.0) || !isfinite (o->learning_rate) ||
      !(o->momentum_early >= 0.0 && o->momentum_early < 1.0) ||
      !(o->momentum_late >= 0.0 && o->momentum_late < 1.0))
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                   "t-SNE: invalid options (perplexity %g, early exaggeration %g, "
                   "learning rate %g, momentum %g/%g, minimum gain %g); the perplexity "
                   "and minimum gain must be positive, the exaggeration at least 1 and "
                   "the momentum in [0, 1)",
                   o->perplexity, o->early_exaggeration, o->learning_rate,
                   o->momentum_early, o->momentum_late, o->min_gain);
      return FALSE;
    }
  /* scikit-learn refuses perplexity >= n_samples: the entropy target
   * log (perplexity) cannot be reached with fewer neighbours */
  if (n < 2 || o->perplexity >= (double) n)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_FEW_ROWS,
                   "t-SNE: %" G_GSIZE_FORMAT " rows are too few for perplexity %g; "
                   "the perplexity must be less than the number of rows",
                   n, o->perplexity);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_input (const double  *x,
             gsize          n,
             gsize          d,
             GError       **error)
{
  if (!em_analysis_check_matrix (x, n, d, "t-SNE", error))
    return FALSE;
  if (em_analysis_rows_identical (x, n, d))
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_DEGENERATE,
                   "t-SNE: all %" G_GSIZE_FORMAT " rows are identical; "
                   "there is no structure to embed", n);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_neighbors (const guint32  *indices,
                 const double   *distances,
                 gsize           n,
                 guint           k,
                 GError        **error)
{
  if (k == 0 || k > n - 1)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                   "t-SNE: %u neighbours per row given for %" G_GSIZE_FORMAT
                   " rows; need between 1 and n - 1", k, n);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    for (guint a = 0; a < k; a++)
      if (indices[i * k + a] >= n || indices[i * k + a] == i)
        {
          g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                       "t-SNE: neighbour %u of row %" G_GSIZE_FORMAT " is %u, "
                       "which is the row itself or out of range", a, i,
                       indices[i * k + a]);
          return FALSE;
        }
  for (gsize a = 0; a < n * k; a++)
    if (!(distances[a] >= 0.0) || !isfinite (distances[a]))
      {
        g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE,
                     "t-SNE: neighbour distance %g of row %" G_GSIZE_FORMAT
                     " is not a finite non-negative number", distances[a], a / k);
        return FALSE;
      }

  return TRUE;
}

/**
 * em_tsne_run_with_neighbors:
 * @x: (array): n x d row-major input (used for the PCA start)
 * @n: rows
 * @d: columns
 * @indices: (array): n x k nearest-neighbour indices, self excluded
 * @distances: (array): n x k Euclidean distances
 * @k: neighbours per row, normally em_tsne_get_n_neighbors()
 * @options: (nullable): parameters, %NULL for the defaults
 * @embedding: (out caller-allocates) (array): n x 2 result
 * @kl_divergence: (out) (optional): final KL divergence
 * @job: (nullable): job for progress and cancellation
 * @error: return location for a #GError
 *
 * Runs t-SNE on neighbours computed elsewhere (e.g. shared with DBSCAN).
 *
 * Returns: %TRUE on success
 */
gboolean
em_tsne_run_with_neighbors (const double         *x,
                            gsize                 n,
                            gsize                 d,
                            const guint32        *indices,
                            const double         *distances,
                            guint                 k,
                            const EmTsneOptions  *options,
                            double               *embedding,
                            double               *kl_divergence,
                            EmJob                *job,
                            GError              **error)
{
  g_autoptr(EmTsneAffinities) p = NULL;
  EmTsneOptions o;

  g_return_val_if_fail (embedding != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options != NULL)
    o = *options;
  else
    em_tsne_options_init (&o);
  if (!check_input (x, n, d, error) || !check_options (&o, n, error))
    return FALSE;
  if (indices == NULL || distances == NULL)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                   "t-SNE: no neighbour lists given");
      return FALSE;
    }
  if (!check_neighbors (indices, distances, n, k, error))
    return FALSE;
  if (o.learning_rate <= 0.0)
    o.learning_rate = MAX ((double) n / o.early_exaggeration / 4.0, 50.0);
  if (o.gradient == EM_TSNE_GRADIENT_AUTO)
    o.gradient = n < EXACT_BELOW ? EM_TSNE_GRADIENT_EXACT : EM_TSNE_GRADIENT_FFT;

  p = _em_tsne_affinities_new (indices, distances, n, k, o.perplexity, job, error);
  if (p == NULL)
    return FALSE;

  if (o.init == EM_TSNE_INIT_RANDOM)
    _em_tsne_init_random (n, o.seed, embedding);
  else if (!_em_tsne_init_pca (x, n, d, embedding, error))
    return FALSE;

  return _em_tsne_optimize (p, &o, embedding, kl_divergence, job, error);
}

/**
 * em_tsne_run:
 * @x: (array): n x d row-major input, normally standardised
 * @n: rows
 * @d: columns
 * @options: (nullable): parameters, %NULL for the defaults
 * @embedding: (out caller-allocates) (array): n x 2 result
 * @kl_divergence: (out) (optional): final KL divergence
 * @job: (nullable): job for progress (per iteration) and cancellation
 * @error: return location for a #GError
 *
 * Embeds the rows of @x in the plane with t-SNE.  The neighbours are
 * exact (em_knn_exact()), the repulsion FFT-interpolated by default.
 * Errors: %EM_ANALYSIS_ERROR_EMPTY (no rows), %EM_ANALYSIS_ERROR_NOT_FINITE
 * (NaN or infinity), %EM_ANALYSIS_ERROR_DEGENERATE (all rows identical),
 * %EM_ANALYSIS_ERROR_TOO_FEW_ROWS (perplexity not below the number of
 * rows, as scikit-learn; with fewer than 3 perplexity + 1 other rows the
 * neighbour count is clamped to n - 1, also as scikit-learn),
 * %EM_ANALYSIS_ERROR_INVALID_INPUT, %G_IO_ERROR_CANCELLED.
 *
 * Returns: %TRUE on success
 */
gboolean
em_tsne_run (const double         *x,
             gsize                 n,
             gsize                 d,
             const EmTsneOptions  *options,
             double               *embedding,
             double               *kl_divergence,
             EmJob                *job,
             GError              **error)
{
  EmTsneOptions o;
  g_autofree guint32 *indices = NULL;
  g_autofree double *distances = NULL;
  guint k;

  g_return_val_if_fail (embedding != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options != NULL)
    o = *options;
  else
    em_tsne_options_init (&o);
  if (!check_input (x, n, d, error) || !check_options (&o, n, error))
    return FALSE;

  k = em_tsne_get_n_neighbors (n, o.perplexity);
  indices = g_new (guint32, n * k);
  distances = g_new (double, n * k);
  if (!em_knn_exact (x, n, d, k, indices, distances, job, error))
    return FALSE;

  return em_tsne_run_with_neighbors (x, n, d, indices, distances, k, &o,
                                     embedding, kl_divergence, job, error);
}
