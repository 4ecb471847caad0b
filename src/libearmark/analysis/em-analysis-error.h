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
 *   (too few rows, bad shape, unknown method, parameter out of range)
 * @EM_ANALYSIS_ERROR_NOT_FINITE: the input contains NaN or infinite values
 * @EM_ANALYSIS_ERROR_TOO_LARGE: the input is larger than the algorithm accepts
 *   (for example a method that needs an n² distance matrix)
 * @EM_ANALYSIS_ERROR_FAILED: a numeric routine failed
 *
 * Error codes of the %EM_ANALYSIS_ERROR domain.
 */
typedef enum
{
  EM_ANALYSIS_ERROR_INVALID_INPUT,
  EM_ANALYSIS_ERROR_NOT_FINITE,
  EM_ANALYSIS_ERROR_TOO_LARGE,
  EM_ANALYSIS_ERROR_FAILED,
} EmAnalysisError;

GQuark em_analysis_error_quark (void);

G_END_DECLS
