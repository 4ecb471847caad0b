/* em-ml-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EM_ML_ERROR (em_ml_error_quark ())

/**
 * EmMlError:
 * @EM_ML_ERROR_INVALID_INPUT: a matrix, label vector or parameter is unusable
 *   (empty, NaN/out-of-range labels, wrong shape, parameter out of range)
 * @EM_ML_ERROR_SINGLE_CLASS: the labels hold only one class
 * @EM_ML_ERROR_TOO_FEW_SAMPLES: a class has fewer labelled rows than needed
 *   (for example fewer than the number of cross-validation folds)
 * @EM_ML_ERROR_XGBOOST: XGBoost reported an error
 * @EM_ML_ERROR_FEATURE_SET_MISMATCH: a model was trained on another
 *   feature-set version (or another number of features)
 * @EM_ML_ERROR_CORRUPT_MODEL: a model document is damaged, truncated or
 *   not an Earmark model
 * @EM_ML_ERROR_IO: a model file could not be read or written
 *
 * Error codes of the %EM_ML_ERROR domain.
 */
typedef enum
{
  EM_ML_ERROR_INVALID_INPUT,
  EM_ML_ERROR_SINGLE_CLASS,
  EM_ML_ERROR_TOO_FEW_SAMPLES,
  EM_ML_ERROR_XGBOOST,
  EM_ML_ERROR_FEATURE_SET_MISMATCH,
  EM_ML_ERROR_CORRUPT_MODEL,
  EM_ML_ERROR_IO,
} EmMlError;

GQuark em_ml_error_quark (void);

G_END_DECLS
