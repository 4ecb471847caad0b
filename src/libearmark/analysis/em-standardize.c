/* em-standardize.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Column-wise z-scores, (x - mean) / std with the population std (ddof 0),
 * as scikit-learn's StandardScaler.  Features have wildly different units
 * (Hz, dB, ratios), so every distance-based analysis starts here.
 *
 * NaN (a feature that is undefined for a clip, e.g. HNR of silence) is
 * imputed by the column mean of the finite values before scaling, exactly
 * as SimpleImputer(strategy="mean") followed by StandardScaler would: the
 * mean is that of the present values, and the std is that of the imputed
 * column (the imputed entries add nothing to the sum of squares but count
 * in n).  Imputed entries therefore become 0.  A column with zero variance
 * (or with no finite value at all) has std 0 and maps to 0, not NaN.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "em-standardize.h"

/**
 * em_standardize_fit:
 * @x: (array): n_rows x n_cols row-major matrix; NaN marks missing values
 * @n_rows: rows
 * @n_cols: columns
 * @mean: (out caller-allocates) (array): n_cols column means of the present values
 * @std: (out caller-allocates) (array): n_cols population stds of the imputed columns
 *   (0 for a constant column)
 * @error: return location for a #GError
 *
 * Learns the standardisation of @x; store @mean and @std to transform new
 * rows the same way with em_standardize_apply().
 *
 * Returns: %TRUE on success; %FALSE if @x is empty or holds an infinity
 */
gboolean
em_standardize_fit (const double  *x,
                    gsize          n_rows,
                    gsize          n_cols,
                    double        *mean,
                    double        *std,
                    GError       **error)
{
  g_return_val_if_fail (mean != NULL && std != NULL, FALSE);

  if (n_rows == 0 || n_cols == 0 || x == NULL)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_EMPTY,
                   "Standardise: the input has no rows; extract features for some clips first");
      return FALSE;
    }

  for (gsize j = 0; j < n_cols; j++)
    {
      double sum = 0.0, ss = 0.0;
      gsize present = 0;

      for (gsize i = 0; i < n_rows; i++)
        {
          double v = x[i * n_cols + j];

          if (isnan (v))
            continue;
          if (!isfinite (v))
            {
              g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE,
                           "Standardise: row %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT
                           " is infinite; only NaN can be imputed", i, j);
              return FALSE;
            }
          sum += v;
          present++;
        }
      mean[j] = present > 0 ? sum / (double) present : 0.0;

      /* Two passes: the columns have means up to 1e4 times their std. */
      for (gsize i = 0; i < n_rows; i++)
        {
          double v = x[i * n_cols + j];

          if (!isnan (v))
            ss += (v - mean[j]) * (v - mean[j]);
        }
      std[j] = sqrt (ss / (double) n_rows);
    }

  return TRUE;
}

/**
 * em_standardize_apply:
 * @x: (array): n_rows x n_cols row-major matrix; NaN marks missing values
 * @n_rows: rows
 * @n_cols: columns
 * @mean: (array): n_cols means from em_standardize_fit()
 * @std: (array): n_cols stds from em_standardize_fit()
 * @out: (out caller-allocates) (array): n_rows x n_cols result; may be @x
 * @n_imputed: (out) (optional): number of NaN entries imputed by the mean
 * @error: return location for a #GError
 *
 * Transforms rows with a stored standardisation.  NaN entries become 0
 * (the mean), and so do entries of columns whose std is 0.
 *
 * Returns: %TRUE on success; %FALSE if @x holds an infinity
 */
gboolean
em_standardize_apply (const double  *x,
                      gsize          n_rows,
                      gsize          n_cols,
                      const double  *mean,
                      const double  *std,
                      double        *out,
                      gsize         *n_imputed,
                      GError       **error)
{
  gsize imputed = 0;

  g_return_val_if_fail (mean != NULL && std != NULL && out != NULL, FALSE);
  g_return_val_if_fail (x != NULL || n_rows == 0, FALSE);

  for (gsize i = 0; i < n_rows; i++)
    for (gsize j = 0; j < n_cols; j++)
      {
        double v = x[i * n_cols + j];

        if (isnan (v))
          {
            imputed++;
            out[i * n_cols + j] = 0.0;
          }
        else if (!isfinite (v))
          {
            g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE,
                         "Standardise: row %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT
                         " is infinite; only NaN can be imputed", i, j);
            return FALSE;
          }
        else
          out[i * n_cols + j] = std[j] > 0.0 ? (v - mean[j]) / std[j] : 0.0;
      }

  if (n_imputed != NULL)
    *n_imputed = imputed;

  return TRUE;
}

/**
 * em_standardize:
 * @x: (array): n_rows x n_cols row-major matrix; NaN marks missing values
 * @n_rows: rows
 * @n_cols: columns
 * @out: (out caller-allocates) (array): n_rows x n_cols z-scores; may be @x
 * @mean: (out caller-allocates) (array) (optional): n_cols means
 * @std: (out caller-allocates) (array) (optional): n_cols population stds
 * @n_imputed: (out) (optional): number of NaN entries imputed
 * @error: return location for a #GError
 *
 * em_standardize_fit() then em_standardize_apply() on the same rows.
 *
 * Returns: %TRUE on success
 */
gboolean
em_standardize (const double  *x,
                gsize          n_rows,
                gsize          n_cols,
                double        *out,
                double        *mean,
                double        *std,
                gsize         *n_imputed,
                GError       **error)
{
  g_autofree double *m = g_new (double, MAX (n_cols, 1));
  g_autofree double *s = g_new (double, MAX (n_cols, 1));

  if (!em_standardize_fit (x, n_rows, n_cols, m, s, error)
      || !em_standardize_apply (x, n_rows, n_cols, m, s, out, n_imputed, error))
    return FALSE;

  if (mean != NULL)
    memcpy (mean, m, n_cols * sizeof (double));
  if (std != NULL)
    memcpy (std, s, n_cols * sizeof (double));

  return TRUE;
}
