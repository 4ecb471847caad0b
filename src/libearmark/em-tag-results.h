/* em-tag-results.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "em-ensemble.h"
#include "em-job.h"
#include "em-prediction-export.h"
#include "em-store.h"
#include "em-tagger.h"

G_BEGIN_DECLS

/**
 * EmTagResults:
 * @model: the model whose predictions these are
 * @mode: its mode
 * @predictions: (element-type EmChunkPrediction): by path then chunk index
 * @outros: (element-type EmTrackOutro): one verdict per track, by path
 * @n_per_label: predictions per #EmLabel
 * @n_tracks_outro: tracks of @outros that end with music
 * @outro_chunks: how many final chunks decided "has outro music"
 *
 * Everything a model has said about a library, as the Tag page shows it
 * and as `earmark-cli export` writes it.  Reference counted; immutable
 * once loaded, so threads may share it.
 */
typedef struct
{
  EmModelRecord  *model;
  EmEnsembleMode  mode;
  GPtrArray      *predictions;
  GPtrArray      *outros;
  guint           n_per_label[EM_N_LABELS];
  guint           n_tracks_outro;
  guint           outro_chunks;
} EmTagResults;

/**
 * EmTagExportOptions:
 * @playlists: (nullable): folder for one M3U per class and outro-music.m3u
 * @relative: playlist paths relative to @playlists
 * @csv: (nullable): CSV file to write
 * @json: (nullable): JSON file to write
 */
typedef struct
{
  const char *playlists;
  gboolean    relative;
  const char *csv;
  const char *json;
} EmTagExportOptions;

EmEnsemble   *em_tag_load_model                (EmStore                   *store,
                                                gint64                     model_id,
                                                EmModelRecord            **record,
                                                GError                   **error);

EmTagResults *em_tag_results_ref               (EmTagResults              *self);
void          em_tag_results_unref             (EmTagResults              *self);
EmTagResults *em_tag_results_load              (EmStore                   *store,
                                                gint64                     model_id,
                                                guint                      outro_chunks,
                                                GError                   **error);
void          em_tag_results_load_async        (EmStore                   *store,
                                                gint64                     model_id,
                                                guint                      outro_chunks,
                                                GCancellable              *cancellable,
                                                GAsyncReadyCallback        callback,
                                                gpointer                   user_data);
EmTagResults *em_tag_results_load_finish       (EmStore                   *store,
                                                GAsyncResult              *result,
                                                GError                   **error);
gboolean      em_tag_results_export            (EmTagResults              *self,
                                                const EmTagExportOptions  *options,
                                                GError                   **error);
void          em_tag_results_export_async      (EmTagResults              *self,
                                                const EmTagExportOptions  *options,
                                                EmJob                     *job,
                                                GAsyncReadyCallback        callback,
                                                gpointer                   user_data);
gboolean      em_tag_results_export_finish     (GAsyncResult              *result,
                                                GError                   **error);

void          em_tag_run_async                 (EmStore                   *store,
                                                gint64                     model_id,
                                                const EmTagOptions        *options,
                                                EmJob                     *job,
                                                GAsyncReadyCallback        callback,
                                                gpointer                   user_data);
EmTagSummary *em_tag_run_finish                (EmStore                   *store,
                                                GAsyncResult              *result,
                                                GError                   **error);

double        em_chunk_prediction_get_confidence (const EmChunkPrediction *prediction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmTagResults, em_tag_results_unref)

G_END_DECLS
