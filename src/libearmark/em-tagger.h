/* em-tagger.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "em-ensemble.h"
#include "em-job.h"
#include "em-prediction-export.h"
#include "em-store.h"

G_BEGIN_DECLS

/**
 * EmTagOptions:
 * @batch_size: chunks predicted and saved per transaction; what a cancel
 *   or a kill can lose at most
 * @pause_ms: pause between batches (0 by default), to leave a busy
 *   machine some air; the pause itself is cancellable
 * @outro_chunks: how many final chunks decide "has outro music"
 *
 * Initialise with em_tag_options_init().
 */
typedef struct
{
  guint batch_size;
  guint pause_ms;
  guint outro_chunks;
} EmTagOptions;

/**
 * EmTagSummary:
 * @model_id: the model whose predictions these are
 * @n_chunks: chunks of the library with the model's feature set
 * @n_existing: chunks that already had a prediction of this model
 * @n_predicted: chunks predicted in this run
 * @n_per_label: the model's predictions per #EmLabel after the run
 * @outros: (element-type EmTrackOutro): verdict of every track with
 *   predictions, by path
 * @n_tracks_outro: tracks of @outros that end with music
 */
typedef struct
{
  gint64     model_id;
  guint      n_chunks;
  guint      n_existing;
  guint      n_predicted;
  guint      n_per_label[EM_N_LABELS];
  GPtrArray *outros;
  guint      n_tracks_outro;
} EmTagSummary;

#define EM_TAG_DEFAULT_BATCH_SIZE   256
#define EM_TAG_DEFAULT_OUTRO_CHUNKS 1

void          em_tag_options_init       (EmTagOptions        *options);
void          em_tag_summary_free       (EmTagSummary        *summary);

EmLabel       em_tagger_label_for_proba (const double        *proba_row,
                                         EmEnsembleMode       mode);
gint64        em_tagger_add_model       (EmStore             *store,
                                         EmEnsemble          *model,
                                         gboolean             make_active,
                                         gboolean            *existed,
                                         GError             **error);
GPtrArray    *em_tagger_compute_outros  (GPtrArray           *predictions,
                                         GHashTable          *durations,
                                         EmEnsembleMode       mode,
                                         guint                outro_chunks,
                                         GError             **error);
EmTagSummary *em_tagger_run             (EmStore             *store,
                                         EmEnsemble          *model,
                                         gint64               model_id,
                                         const EmTagOptions  *options,
                                         EmJob               *job,
                                         GError             **error);
void          em_tagger_run_async       (EmStore             *store,
                                         EmEnsemble          *model,
                                         gint64               model_id,
                                         const EmTagOptions  *options,
                                         EmJob               *job,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
EmTagSummary *em_tagger_run_finish      (EmStore             *store,
                                         GAsyncResult        *result,
                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmTagSummary, em_tag_summary_free)

G_END_DECLS
