/* em-tsne-init.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starting points of the t-SNE embedding.  scikit-learn's init='pca'
 * projects the input on its first two principal components and scales
 * both so that the first has standard deviation 1e-4: the global layout
 * of the data is kept (which makes t-SNE far more reproducible than a
 * random start) while the points start close enough together for the
 * early exaggeration to pull clusters out.
 */

#include "config.h"

#include <lapacke.h>
#include <math.h>

#include "em-tsne-private.h"

#define INIT_STD 1e-4

/* Centred covariance (unnormalised, upper triangle) of x; the scale does
 * not matter because only the eigenvectors are used. */
static void
centred_scatter (const double *x,
                 gsize         n,
                 gsize         d,
                 double       *mean,
                 double       *scatter)
{
  g_autofree double *row = g_new (double, d);

  for (gsize c = 0; c < d; c++)
    mean[c] = 0.0;
  for (gsize i = 0; i < n; i++)
    for (gsize c = 0; c < d; c++)
      mean[c] += x[i * d + c];
  for (gsize c = 0; c < d; c++)
    mean[c] /= (double) n;

  for (gsize a = 0; a < d * d; a++)
    scatter[a] = 0.0;
  for (gsize i = 0; i < n; i++)
    {
      for (gsize c = 0; c < d; c++)
        row[c] = x[i * d + c] - mean[c];
      for (gsize a = 0; a < d; a++)
        for (gsize b = a; b < d; b++)
          scatter[a * d + b] += row[a] * row[b];
    }
}

/* scikit-learn's svd_flip (u-based): the score of largest magnitude in
 * each component is made positive. */
static void
flip_signs (double *y,
            gsize   n)
{
  for (gsize c = 0; c < 2; c++)
    {
      gsize best = 0;

      for (gsize i = 1; i < n; i++)
        if (fabs (y[i * 2 + c]) > fabs (y[best * 2 + c]))
          best = i;
      if (y[best * 2 + c] < 0.0)
        for (gsize i = 0; i < n; i++)
          y[i * 2 + c] = -y[i * 2 + c];
    }
}

/**
 * _em_tsne_init_pca:
 * @x: n x d input
 * @n: rows
 * @d: columns
 * @y: (out caller-allocates): n x 2 starting embedding
 * @error: return location for a #GError
 *
 * Returns: %FALSE if the eigensolver fails or the data has no spread
 */
gboolean
_em_tsne_init_pca (const double  *x,
                   gsize          n,
                   gsize          d,
                   double        *y,
                   GError       **error)
{
  g_autofree double *mean = g_new (double, d);
  g_autofree double *scatter = g_new (double, d * d);
  g_autofree double *eigenvalues = g_new (double, d);
  double sum = 0.0, sum2 = 0.0, std;
  lapack_int info;

  centred_scatter (x, n, d, mean, scatter);
  info = LAPACKE_dsyev (LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int) d, scatter,
                        (lapack_int) d, eigenvalues);
  if (info != 0)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_FAILED,
                   "t-SNE: the PCA initialisation failed (LAPACK dsyev returned %d)",
                   (int) info);
      return FALSE;
    }

  /* Eigenvalues ascend: the columns d-1 and d-2 are the two components
   * (for d == 1 the second coordinate starts at 0). */
  for (gsize i = 0; i < n; i++)
    for (gsize c = 0; c < 2; c++)
      {
        double s = 0.0;

        if (c < d)
          for (gsize a = 0; a < d; a++)
            s += (x[i * d + a] - mean[a]) * scatter[a * d + (d - 1 - c)];
        y[i * 2 + c] = s;
      }
  flip_signs (y, n);

  for (gsize i = 0; i < n; i++)
    {
      sum += y[i * 2];
      sum2 += y[i * 2] * y[i * 2];
    }
  std = sqrt (MAX (sum2 / (double) n - (sum / (double) n) * (sum / (double) n), 0.0));
  if (!(std > 0.0))
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_DEGENERATE,
                   "t-SNE: the rows have no spread along any direction; "
                   "there is no structure to embed");
      return FALSE;
    }
  for (gsize a = 0; a < 2 * n; a++)
    y[a] *= INIT_STD / std;

  return TRUE;
}

/**
 * _em_tsne_init_random:
 * @n: rows
 * @seed: seed of the generator
 * @y: (out caller-allocates): n x 2 starting embedding
 *
 * Draws N(0, 1e-4^2) coordinates (Box-Muller on a #GRand), as
 * scikit-learn's init='random'.
 */
void
_em_tsne_init_random (gsize    n,
                      guint32  seed,
                      double  *y)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (gsize a = 0; a < 2 * n; a += 2)
    {
      double u1 = 1.0 - g_rand_double (rand);   /* (0, 1]: log() is finite */
      double u2 = g_rand_double (rand);
      double r = sqrt (-2.0 * log (u1)) * INIT_STD;

      y[a] = r * cos (2.0 * G_PI * u2);
      y[a + 1] = r * sin (2.0 * G_PI * u2);
    }
}
