/* em-prediction-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "em-store.h"

G_BEGIN_DECLS

/**
 * EmChunkPrediction:
 * @path: absolute path of the track
 * @chunk_idx: chunk index counted from the end (0 = the last 10 s)
 * @start_s: start of the chunk in the track, seconds
 * @end_s: end of the chunk in the track, seconds
 * @label: the predicted label (binary models: %EM_LABEL_MUSIC means
 *   "contains music", %EM_LABEL_DIALOGUE "no music")
 * @p_music: probability of music (binary: of "contains music")
 * @p_dialogue: probability of dialogue (binary: of "no music")
 * @p_both: probability of both, NaN for binary models
 *
 * A stored prediction together with where its chunk lies in the track.
 */
typedef struct
{
  char    *path;
  guint    chunk_idx;
  double   start_s;
  double   end_s;
  EmLabel  label;
  double   p_music;
  double   p_dialogue;
  double   p_both;
} EmChunkPrediction;

/**
 * EmTrackOutro:
 * @path: absolute path of the track
 * @duration_s: decoded duration of the track
 * @has_outro_music: whether the track ends with music
 * @music_start_s: where that music starts (a chunk start), NaN when none
 *
 * The track-level verdict written beside the chunk predictions.
 */
typedef struct
{
  char     *path;
  double    duration_s;
  gboolean  has_outro_music;
  double    music_start_s;
} EmTrackOutro;

void       em_chunk_prediction_free            (EmChunkPrediction  *prediction);
void       em_track_outro_free                 (EmTrackOutro       *outro);

GPtrArray *em_store_load_chunk_predictions     (EmStore            *self,
                                                gint64              model_id,
                                                GHashTable        **durations,
                                                GError            **error);

gboolean   em_prediction_export_playlists      (GPtrArray          *predictions,
                                                GPtrArray          *outros,
                                                gboolean            binary,
                                                const char         *folder,
                                                gboolean            relative,
                                                GError            **error);
gboolean   em_prediction_export_csv            (GPtrArray          *predictions,
                                                GPtrArray          *outros,
                                                const char         *file,
                                                GError            **error);
gboolean   em_prediction_export_json           (GPtrArray          *predictions,
                                                GPtrArray          *outros,
                                                gint64              model_id,
                                                const char         *mode,
                                                const char         *file,
                                                GError            **error);
char      *em_prediction_export_relative_path  (const char         *path,
                                                const char         *folder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmChunkPrediction, em_chunk_prediction_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmTrackOutro, em_track_outro_free)

G_END_DECLS
