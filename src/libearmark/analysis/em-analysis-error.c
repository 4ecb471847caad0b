/* em-analysis-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The error domain shared by every analysis kernel, and the input checks
 * they all start with, so that a 0-row library or a NaN feature gives the
 * same clear message whichever algorithm the user ran.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "em-analysis-error.h"

G_DEFINE_QUARK (em-analysis-error-quark, em_analysis_error)

/**
 * em_analysis_check_matrix:
 * @x: (array): row-major matrix
 * @n_rows: number of rows
 * @n_cols: number of columns
 * @what: name of the algorithm, used in the message
 * @error: return location for a #GError
 *
 * Checks that @x has at least one row and one column and holds only
 * finite values.
 *
 * Returns: %TRUE if the matrix can be analysed
 */
gboolean
em_analysis_check_matrix (const double  *x,
                          gsize          n_rows,
                          gsize          n_cols,
                          const char    *what,
                          GError       **error)
{
  if (n_rows == 0 || n_cols == 0 || x == NULL)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_EMPTY,
                   "%s: the input has no rows (%" G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT
                   "); extract features for some clips first",
                   what, n_rows, n_cols);
      return FALSE;
    }

  for (gsize i = 0; i < n_rows; i++)
    for (gsize j = 0; j < n_cols; j++)
      if (!isfinite (x[i * n_cols + j]))
        {
          g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE,
                       "%s: row %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT
                       " is not a finite number; standardise (which imputes NaN) first",
                       what, i, j);
          return FALSE;
        }

  return TRUE;
}

/**
 * em_analysis_rows_identical:
 * @x: (array): row-major matrix
 * @n_rows: number of rows
 * @n_cols: number of columns
 *
 * Returns: %TRUE if every row equals the first one
 */
gboolean
em_analysis_rows_identical (const double *x,
                            gsize         n_rows,
                            gsize         n_cols)
{
  for (gsize i = 1; i < n_rows; i++)
    if (memcmp (x, x + i * n_cols, n_cols * sizeof (double)) != 0)
      return FALSE;

  return TRUE;
}
