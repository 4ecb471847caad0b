/* em-trainer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "em-cross-validation.h"
#include "em-ensemble.h"
#include "em-job.h"
#include "em-learning-curve.h"
#include "em-param-search.h"
#include "em-store.h"

G_BEGIN_DECLS

/* Out-of-fold probability of the given label under which a labelled
 * chunk is listed as a possible label mistake. */
#define EM_TRAIN_DEFAULT_SUSPECT_THRESHOLD 0.2
#define EM_TRAIN_DEFAULT_FOLDS             5

/**
 * EmTrainOptions:
 * @mode: three-class or binary ("contains music")
 * @folds: cross-validation folds, 0 for none (then no report, no
 *   suspects, no learning curve); at least 2 with a search
 * @search_iterations: candidates of the randomized parameter search, 0 to
 *   train with the default parameters
 * @rf_weight: the random forest's weight in the soft vote
 * @gb_weight: the gradient boosting's weight in the soft vote
 * @seed: seed of the folds, the search, the subsets and the trees
 * @curve_points: points of the learning curve, 0 for none
 * @suspect_threshold: list labelled chunks whose out-of-fold probability
 *   of their own label is below this
 *
 * Initialise with em_train_options_init().
 */
typedef struct
{
  EmEnsembleMode mode;
  guint          folds;
  guint          search_iterations;
  double         rf_weight;
  double         gb_weight;
  guint32        seed;
  guint          curve_points;
  double         suspect_threshold;
} EmTrainOptions;

/**
 * EmTrainResult:
 * @mode: the mode trained
 * @n: labelled rows
 * @y: (array length=n): class of @mode per row
 * @paths: (element-type filename) (nullable): file of each row
 * @chunk_idx: (element-type guint) (nullable): chunk of each row
 * @cv: (nullable): the cross-validation (of the best candidate after a
 *   search, then owned by @search); %NULL without folds
 * @search: (nullable): the parameter search, when one ran
 * @model: the model fitted on every row, @cv stored as its metrics
 * @suspects: (array length=n_suspects) (nullable): possible label
 *   mistakes, most suspicious first; rows index @paths
 * @n_suspects: number of @suspects
 * @curve: (nullable): the learning curve, when asked for
 * @model_id: the model's id in the store (em_trainer_run()), else 0
 *
 * Everything a training run produced.
 */
typedef struct
{
  EmEnsembleMode     mode;
  gsize              n;
  guint8            *y;
  GPtrArray         *paths;
  GArray            *chunk_idx;
  EmCrossValidation *cv;
  EmParamSearch     *search;
  EmEnsemble        *model;
  EmSuspect         *suspects;
  gsize              n_suspects;
  EmLearningCurve   *curve;
  gint64             model_id;
} EmTrainResult;

void           em_train_options_init          (EmTrainOptions        *options);
guint          em_train_options_min_per_class (const EmTrainOptions  *options);
guint          em_trainer_count_missing       (const EmTrainOptions  *options,
                                               const guint           *labelled,
                                               guint                 *missing);
void           em_train_result_free           (EmTrainResult         *result);

EmTrainResult *em_trainer_train               (const double          *x,
                                               gsize                  n,
                                               const guint8          *labels,
                                               GPtrArray             *paths,
                                               GArray                *chunk_idx,
                                               const EmTrainOptions  *options,
                                               EmJob                 *job,
                                               GError               **error);
EmTrainResult *em_trainer_run                 (EmStore               *store,
                                               const EmTrainOptions  *options,
                                               EmJob                 *job,
                                               GError               **error);
void           em_trainer_run_async           (EmStore               *store,
                                               const EmTrainOptions  *options,
                                               EmJob                 *job,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
EmTrainResult *em_trainer_run_finish          (EmStore               *store,
                                               GAsyncResult          *result,
                                               GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmTrainResult, em_train_result_free)

G_END_DECLS
