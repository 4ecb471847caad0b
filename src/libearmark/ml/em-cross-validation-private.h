/* em-cross-validation-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "em-cross-validation.h"

G_BEGIN_DECLS

/* Allocates every buffer (folds, out-of-fold probabilities, fold scores). */
EmCrossValidation *_em_cross_validation_alloc  (const guint8        *y,
                                                gsize                n,
                                                EmEnsembleMode       mode,
                                                guint                k,
                                                guint32              seed);
/* Computes the fold means and the report once fold_accuracy,
 * fold_macro_f1 and the probabilities are filled in. */
gboolean           _em_cross_validation_finish (EmCrossValidation   *self,
                                                GError             **error);

G_END_DECLS
