/* em-learning-curve.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "em-cross-validation.h"

G_BEGIN_DECLS

/**
 * EmLearningCurve:
 * @n_points: number of points
 * @k: folds of each point's cross-validation
 * @seed: seed of the subsets and the folds
 * @n_labels: (array length=n_points): labelled rows used at each point,
 *   increasing
 * @mean_accuracy: (array length=n_points): mean fold accuracy of the
 *   cross-validation on that subset
 * @std_accuracy: (array length=n_points): standard deviation of the fold
 *   accuracies (population, as sklearn's learning_curve plots)
 *
 * Cross-validated accuracy against the number of labels: how much more
 * labelling would still help.
 */
typedef struct
{
  guint    n_points;
  guint    k;
  guint32  seed;
  gsize   *n_labels;
  double  *mean_accuracy;
  double  *std_accuracy;
} EmLearningCurve;

#define EM_LEARNING_CURVE_DEFAULT_POINTS 5

gsize            em_learning_curve_subset (const guint8             *y,
                                           gsize                     n,
                                           guint                     n_classes,
                                           double                    fraction,
                                           guint                     min_per_class,
                                           guint32                   seed,
                                           gsize                    *rows);
EmLearningCurve *em_learning_curve_new    (guint                     k,
                                           guint32                   seed);
gboolean         em_learning_curve_add_point (EmLearningCurve       *self,
                                           const double             *x,
                                           gsize                     n,
                                           gsize                     d,
                                           const guint8             *y,
                                           EmEnsembleMode            mode,
                                           const EmEnsembleParams   *params,
                                           double                    fraction,
                                           const EmCrossValidation  *full,
                                           EmJob                    *job,
                                           GError                  **error);
EmLearningCurve *em_learning_curve_run    (const double             *x,
                                           gsize                     n,
                                           gsize                     d,
                                           const guint8             *y,
                                           EmEnsembleMode            mode,
                                           const EmEnsembleParams   *params,
                                           guint                     n_points,
                                           guint                     k,
                                           guint32                   seed,
                                           const EmCrossValidation  *full,
                                           EmJob                    *job,
                                           GError                  **error);
void             em_learning_curve_free   (EmLearningCurve          *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmLearningCurve, em_learning_curve_free)

G_END_DECLS
