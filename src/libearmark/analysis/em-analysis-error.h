/* em-analysis-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EM_ANALYSIS_ERROR (em_analysis_error_quark ())

/**
 * EmAnalysisError:
 * @EM_ANALYSIS_ERROR_INVALID_INPUT: the input matrix or an argument is invalid
 *   (bad shape, unknown method, parameter out of range)
 * @EM_ANALYSIS_ERROR_NOT_FINITE: the input contains NaN or infinite values
 * @EM_ANALYSIS_ERROR_TOO_LARGE: the input is larger than the algorithm accepts
 *   (for example a method that needs an n² distance matrix)
 * @EM_ANALYSIS_ERROR_FAILED: a numeric routine (LAPACK) failed
 * @EM_ANALYSIS_ERROR_EMPTY: the input has no rows or no columns
 * @EM_ANALYSIS_ERROR_TOO_FEW_ROWS: fewer rows than the algorithm needs (n < k)
 * @EM_ANALYSIS_ERROR_DEGENERATE: every row is identical, so there is no structure
 *
 * Error codes of the %EM_ANALYSIS_ERROR domain.
 */
typedef enum
{
  EM_ANALYSIS_ERROR_INVALID_INPUT,
  EM_ANALYSIS_ERROR_NOT_FINITE,
  EM_ANALYSIS_ERROR_TOO_LARGE,
  EM_ANALYSIS_ERROR_FAILED,
  EM_ANALYSIS_ERROR_EMPTY,
  EM_ANALYSIS_ERROR_TOO_FEW_ROWS,
  EM_ANALYSIS_ERROR_DEGENERATE,
} EmAnalysisError;

GQuark   em_analysis_error_quark  (void);
gboolean em_analysis_check_matrix (const double  *x,
                                   gsize          n_rows,
                                   gsize          n_cols,
                                   const char    *what,
                                   GError       **error);
gboolean em_analysis_rows_identical (const double *x,
                                     gsize         n_rows,
                                     gsize         n_cols);

G_END_DECLS
