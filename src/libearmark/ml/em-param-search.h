/* em-param-search.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "em-cross-validation.h"
#include "em-ensemble.h"

G_BEGIN_DECLS

/**
 * EmParamSearchScoring:
 * @EM_PARAM_SEARCH_ACCURACY: mean fold accuracy
 * @EM_PARAM_SEARCH_MACRO_F1: mean fold macro-F1
 *
 * What the randomized search maximises.
 */
typedef enum
{
  EM_PARAM_SEARCH_ACCURACY,
  EM_PARAM_SEARCH_MACRO_F1,
} EmParamSearchScoring;

/**
 * EmParamSearchSpace:
 *
 * Ranges sampled by the randomized search, inclusive.  Integers are drawn
 * uniformly, the learning rate log-uniformly, fractions uniformly.
 * "subsample" is the boosting member's row fraction (the forest keeps the
 * base parameters' row fraction); "colsample" is drawn twice, once for the
 * boosting member's per-tree and once for the forest's per-node column
 * fraction.
 */
typedef struct
{
  guint  rf_n_trees_min, rf_n_trees_max;
  guint  rf_max_depth_min, rf_max_depth_max;
  guint  gb_n_rounds_min, gb_n_rounds_max;
  guint  gb_max_depth_min, gb_max_depth_max;
  double gb_learning_rate_min, gb_learning_rate_max;
  double subsample_min, subsample_max;
  double colsample_min, colsample_max;
} EmParamSearchSpace;

/**
 * EmParamSearch:
 * @n_candidates: number of candidates
 * @k: folds per candidate
 * @seed: seed of the candidates and the folds
 * @scoring: what was maximised
 * @candidates: (array length=n_candidates): the sampled parameters
 * @mean_accuracy: (array length=n_candidates): mean fold accuracy
 * @mean_macro_f1: (array length=n_candidates): mean fold macro-F1
 * @best: index of the best candidate (first of equals)
 * @best_cv: cross-validation of the best candidate (out-of-fold
 *   probabilities kept)
 * @model: the best candidate refitted on every labelled row, with
 *   @best_cv stored as its metrics
 *
 * The result of a randomized hyper-parameter search.
 */
typedef struct
{
  guint                 n_candidates;
  guint                 k;
  guint32               seed;
  EmParamSearchScoring  scoring;
  EmEnsembleParams     *candidates;
  double               *mean_accuracy;
  double               *mean_macro_f1;
  guint                 best;
  EmCrossValidation    *best_cv;
  EmEnsemble           *model;
} EmParamSearch;

void           em_param_search_space_init (EmParamSearchSpace       *space);
EmParamSearch *em_param_search_run        (const double             *x,
                                           gsize                     n,
                                           gsize                     d,
                                           const guint8             *y,
                                           EmEnsembleMode            mode,
                                           const EmEnsembleParams   *base,
                                           const EmParamSearchSpace *space,
                                           guint                     n_candidates,
                                           guint                     k,
                                           guint32                   seed,
                                           EmParamSearchScoring      scoring,
                                           guint                     feature_set_version,
                                           EmJob                    *job,
                                           GError                  **error);
void           em_param_search_free       (EmParamSearch            *self);
char          *em_param_search_format     (const EmParamSearch      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmParamSearch, em_param_search_free)

G_END_DECLS
