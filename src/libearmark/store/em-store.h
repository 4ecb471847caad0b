/* em-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "em-label.h"
#include "em-label-file.h"
#include "em-store-error.h"

G_BEGIN_DECLS

/* Length of the feature vector stored per chunk (see features.md). */
#define EM_STORE_N_FEATURES 38

/* The newest schema this build knows; PRAGMA user_version of a migrated file. */
#define EM_STORE_SCHEMA_VERSION 2

#define EM_TYPE_STORE (em_store_get_type ())

G_DECLARE_FINAL_TYPE (EmStore, em_store, EM, STORE, GObject)

/**
 * EmChunkRecord:
 * @idx: chunk index counted from the end of the track (0 = the last 10 s)
 * @start_s: start of the chunk in the track, in seconds
 * @end_s: end of the chunk in the track, in seconds
 * @partial: %TRUE for a leftover shorter than a full chunk
 * @features: the feature vector; NaN is allowed and kept
 *
 * One analysed chunk, as the scanner hands it to em_store_save_track().
 */
typedef struct
{
  guint    idx;
  double   start_s;
  double   end_s;
  gboolean partial;
  double   features[EM_STORE_N_FEATURES];
} EmChunkRecord;

/**
 * EmStoreCounts:
 * @tracks_ok: tracks decoded and analysed
 * @tracks_error: tracks that failed to decode
 * @tracks_vanished: tracks no longer found on disk
 * @chunks: chunks of "ok" tracks
 * @labels: labels per class (index by #EmLabel; [EM_LABEL_NONE] is 0),
 *   including labels of files not scanned (yet)
 * @labelled_chunks: labels per class that match a chunk of an "ok" track
 *
 * Figures for summaries, read from one snapshot of the database.
 */
typedef struct
{
  guint tracks_ok;
  guint tracks_error;
  guint tracks_vanished;
  guint chunks;
  guint labels[EM_N_LABELS];
  guint labelled_chunks[EM_N_LABELS];
} EmStoreCounts;

/**
 * EmTrackInfo:
 * @path: absolute path as given to em_store_save_track()
 * @size: file size when scanned
 * @mtime_usec: modification time when scanned
 * @duration_s: decoded duration, NaN for tracks that failed
 * @native_rate: sample rate, 0 when unknown
 * @channels: channel count, 0 when unknown
 * @status: "ok", "error" or "vanished"
 * @error: (nullable): why decoding failed
 * @n_chunks: number of chunks stored
 * @n_labelled: number of those chunks that carry a label
 */
typedef struct
{
  char    *path;
  guint64  size;
  gint64   mtime_usec;
  double   duration_s;
  guint    native_rate;
  guint    channels;
  char    *status;
  char    *error;
  guint    n_chunks;
  guint    n_labelled;
} EmTrackInfo;

/**
 * EmChunkInfo:
 * @idx: chunk index counted from the end (0 = the last 10 s)
 * @start_s: start in the track, seconds
 * @end_s: end in the track, seconds
 * @partial: %TRUE for a leftover shorter than a full chunk
 * @label: the chunk's label, %EM_LABEL_NONE if it has none
 */
typedef struct
{
  guint    idx;
  double   start_s;
  double   end_s;
  gboolean partial;
  EmLabel  label;
} EmChunkInfo;

/**
 * EmModelRecord:
 * @id: row id, > 0
 * @created_at: µs since the Unix epoch
 * @mode: the model's mode as given by the trainer (e.g. "binary")
 * @feature_set_version: the feature set it was trained on
 * @json: the serialised model
 * @metrics: (nullable): training metrics (JSON)
 * @active: whether this is the model used for tagging
 */
typedef struct
{
  gint64    id;
  gint64    created_at;
  char     *mode;
  guint     feature_set_version;
  char     *json;
  char     *metrics;
  gboolean  active;
} EmModelRecord;

/**
 * EmPrediction:
 * @path: absolute path of the track
 * @chunk_idx: chunk index
 * @label: the predicted label
 * @p_music: probability of music
 * @p_dialogue: probability of dialogue
 * @p_both: probability of both, NaN in binary mode
 *
 * A model's verdict on one chunk.
 */
typedef struct
{
  char    *path;
  guint    chunk_idx;
  EmLabel  label;
  double   p_music;
  double   p_dialogue;
  double   p_both;
} EmPrediction;

void em_track_info_free   (EmTrackInfo   *info);
void em_model_record_free (EmModelRecord *model);
void em_prediction_free   (EmPrediction  *prediction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmTrackInfo, em_track_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmModelRecord, em_model_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmPrediction, em_prediction_free)

/* em-store.c: open, migrations, meta */
EmStore    *em_store_open               (const char           *path,
                                         GError              **error);
char       *em_store_dup_default_path   (void);
const char *em_store_get_path           (EmStore              *self);
guint       em_store_get_schema_version (EmStore              *self);
gboolean    em_store_check_integrity    (EmStore              *self,
                                         GError              **error);
char       *em_store_dup_meta           (EmStore              *self,
                                         const char           *key,
                                         GError              **error);
gboolean    em_store_set_meta           (EmStore              *self,
                                         const char           *key,
                                         const char           *value,
                                         GError              **error);

/* em-store-tracks.c: scanning */
gboolean    em_store_lookup_track       (EmStore              *self,
                                         const char           *path,
                                         guint64              *size,
                                         gint64               *mtime_usec,
                                         char                **status,
                                         GError              **error);
gboolean    em_store_save_track         (EmStore              *self,
                                         const char           *path,
                                         guint64               size,
                                         gint64                mtime_usec,
                                         double                duration_s,
                                         guint                 native_rate,
                                         guint                 channels,
                                         guint                 feature_set_version,
                                         const EmChunkRecord  *chunks,
                                         guint                 n_chunks,
                                         GError              **error);
gboolean    em_store_save_track_error   (EmStore              *self,
                                         const char           *path,
                                         guint64               size,
                                         gint64                mtime_usec,
                                         const char           *message,
                                         GError              **error);
gboolean    em_store_mark_vanished      (EmStore              *self,
                                         const char           *folder,
                                         const char * const   *present_paths,
                                         guint                *n_marked,
                                         GError              **error);
gboolean    em_store_get_counts         (EmStore              *self,
                                         EmStoreCounts        *counts,
                                         GError              **error);
GPtrArray  *em_store_list_tracks        (EmStore              *self,
                                         GError              **error);
GArray     *em_store_list_chunks        (EmStore              *self,
                                         const char           *path,
                                         GError              **error);

/* em-store-features.c: analysis and training */
gboolean    em_store_load_features      (EmStore              *self,
                                         guint                 set_version,
                                         double              **matrix,
                                         gsize                *n_rows,
                                         GPtrArray           **paths,
                                         GArray              **chunk_idx,
                                         GError              **error);
gboolean    em_store_load_labelled_features (EmStore          *self,
                                         guint                 set_version,
                                         double              **matrix,
                                         gsize                *n_rows,
                                         GPtrArray           **paths,
                                         GArray              **chunk_idx,
                                         GArray              **labels,
                                         GError              **error);

/* em-store-models.c: trained models and their predictions */
gint64         em_store_save_model      (EmStore              *self,
                                         const char           *mode,
                                         guint                 feature_set_version,
                                         const char           *json,
                                         const char           *metrics,
                                         gboolean              make_active,
                                         GError              **error);
EmModelRecord *em_store_load_model      (EmStore              *self,
                                         gint64                id,
                                         GError              **error);
GPtrArray     *em_store_list_models     (EmStore              *self,
                                         GError              **error);
gboolean       em_store_activate_model  (EmStore              *self,
                                         gint64                id,
                                         GError              **error);
gboolean       em_store_save_predictions (EmStore             *self,
                                         gint64                model_id,
                                         const EmPrediction   *predictions,
                                         guint                 n,
                                         guint                *n_saved,
                                         GError              **error);
GPtrArray     *em_store_load_predictions (EmStore             *self,
                                         gint64                model_id,
                                         GError              **error);

/* em-store-labels.c: labels, history, undo and redo */
gboolean    em_store_set_label          (EmStore              *self,
                                         const char           *path,
                                         guint                 chunk_idx,
                                         EmLabel               label,
                                         EmLabelSource         source,
                                         GError              **error);
gboolean    em_store_set_labels         (EmStore              *self,
                                         const char * const   *paths,
                                         const guint          *chunk_idx,
                                         guint                 n,
                                         EmLabel               label,
                                         EmLabelSource         source,
                                         GError              **error);
EmLabel     em_store_get_label          (EmStore              *self,
                                         const char           *path,
                                         guint                 chunk_idx);
GPtrArray  *em_store_list_labels        (EmStore              *self,
                                         GError              **error);
gboolean    em_store_undo               (EmStore              *self,
                                         gboolean             *did_something,
                                         GError              **error);
gboolean    em_store_redo               (EmStore              *self,
                                         gboolean             *did_something,
                                         GError              **error);
gboolean    em_store_get_undo_state     (EmStore              *self,
                                         gboolean             *can_undo,
                                         gboolean             *can_redo,
                                         GError              **error);

/* em-store-label-io.c: labels files */
gboolean    em_store_import_labels      (EmStore              *self,
                                         const char           *file,
                                         guint                *n_imported,
                                         GError              **error);
gboolean    em_store_export_labels      (EmStore              *self,
                                         const char           *file,
                                         GError              **error);

G_END_DECLS
