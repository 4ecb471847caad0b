/* em-cross-validation.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "em-ensemble.h"
#include "em-metrics.h"

G_BEGIN_DECLS

/**
 * EmCrossValidation:
 * @n: number of labelled rows
 * @n_classes: classes of @mode
 * @k: number of folds
 * @seed: fold seed
 * @mode: the ensemble mode
 * @y: (array length=n): the labels (a copy)
 * @fold: (array length=n): fold of each row
 * @proba: (array): n × n_classes out-of-fold soft-vote probabilities
 * @proba_rf: (array): n × n_classes out-of-fold forest probabilities
 * @proba_gb: (array): n × n_classes out-of-fold boosting probabilities
 * @fold_accuracy: (array length=k): accuracy of each fold
 * @fold_macro_f1: (array length=k): macro-F1 of each fold
 * @mean_accuracy: mean of @fold_accuracy (sklearn's cross_val_score mean)
 * @mean_macro_f1: mean of @fold_macro_f1
 * @metrics: report over all out-of-fold predictions (as
 *   classification_report of cross_val_predict)
 *
 * The result of a stratified k-fold cross-validation.
 */
typedef struct
{
  gsize          n;
  guint          n_classes;
  guint          k;
  guint32        seed;
  EmEnsembleMode mode;
  guint8        *y;
  guint         *fold;
  double        *proba;
  double        *proba_rf;
  double        *proba_gb;
  double        *fold_accuracy;
  double        *fold_macro_f1;
  double         mean_accuracy;
  double         mean_macro_f1;
  EmMetrics     *metrics;
} EmCrossValidation;

/**
 * EmSuspect:
 * @row: index of the labelled row
 * @label: its given label
 * @predicted: the out-of-fold prediction
 * @p_label: out-of-fold probability of the given label
 *
 * A labelled row the model strongly disagrees with: a possible label
 * mistake.
 */
typedef struct
{
  gsize  row;
  guint8 label;
  guint8 predicted;
  double p_label;
} EmSuspect;

gboolean           em_stratified_kfold               (const guint8            *y,
                                                      gsize                    n,
                                                      guint                    n_classes,
                                                      guint                    k,
                                                      guint32                  seed,
                                                      guint                   *fold,
                                                      GError                 **error);
EmCrossValidation *em_cross_validation_run           (const double            *x,
                                                      gsize                    n,
                                                      gsize                    d,
                                                      const guint8            *y,
                                                      EmEnsembleMode           mode,
                                                      const EmEnsembleParams  *params,
                                                      guint                    k,
                                                      guint32                  seed,
                                                      EmJob                   *job,
                                                      GError                 **error);
void               em_cross_validation_free          (EmCrossValidation       *self);
EmSuspect         *em_cross_validation_list_suspects (const EmCrossValidation *self,
                                                      double                   threshold,
                                                      gsize                   *n_suspects);
char              *em_cross_validation_format        (const EmCrossValidation *self);
JsonNode          *em_cross_validation_to_json       (const EmCrossValidation *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmCrossValidation, em_cross_validation_free)

G_END_DECLS
