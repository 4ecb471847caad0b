/* em-scored-chunks.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "em-active-learning.h"
#include "em-ensemble.h"
#include "em-store.h"

G_BEGIN_DECLS

/**
 * EmScoredChunks:
 * @n: chunks of the library with features of the current feature set
 * @k: the model's number of classes
 * @x: (array length=n): row-major @n × %EM_STORE_N_FEATURES features
 * @paths: (element-type utf8): each row's track
 * @chunk_idx: (element-type guint): each row's chunk index
 * @labelled: (array length=n): 1 where the chunk has a label
 * @proba: @n × @k soft-vote probabilities of the ensemble
 * @proba_rf: (nullable): @n × @k probabilities of its random forest
 * @proba_gb: (nullable): @n × @k probabilities of its gradient boosting
 *
 * A model's probabilities for every chunk of a library, what active
 * learning ranks (`earmark-cli queue`, the Label page's "most uncertain
 * first").
 */
typedef struct
{
  gsize      n;
  guint      k;
  double    *x;
  GPtrArray *paths;
  GArray    *chunk_idx;
  guint8    *labelled;
  double    *proba;
  double    *proba_rf;
  double    *proba_gb;
} EmScoredChunks;

/**
 * EmUncertainRanking:
 * @model_id: the model that ranked them
 * @paths: (element-type utf8): tracks, most uncertain chunk first
 * @chunk_idx: (element-type guint): chunk index of each
 * @scores: (element-type double): uncertainty of each, descending
 */
typedef struct
{
  gint64     model_id;
  GPtrArray *paths;
  GArray    *chunk_idx;
  GArray    *scores;
} EmUncertainRanking;

EmScoredChunks     *em_scored_chunks_compute     (EmStore             *store,
                                                  EmEnsemble          *model,
                                                  gboolean             with_members,
                                                  GCancellable        *cancellable,
                                                  GError             **error);
gsize               em_scored_chunks_rank        (const EmScoredChunks *self,
                                                  EmUncertainty        strategy,
                                                  gsize                max,
                                                  gsize               *rows,
                                                  double              *scores,
                                                  GError             **error);
void                em_scored_chunks_free        (EmScoredChunks      *self);

EmEnsemble         *em_uncertain_ranking_load_model (EmStore          *store,
                                                  gint64              *model_id,
                                                  GError             **error);
EmUncertainRanking *em_uncertain_ranking_compute (EmStore             *store,
                                                  EmUncertainty        strategy,
                                                  GCancellable        *cancellable,
                                                  GError             **error);
void                em_uncertain_ranking_free    (EmUncertainRanking  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmScoredChunks, em_scored_chunks_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmUncertainRanking, em_uncertain_ranking_free)

G_END_DECLS
