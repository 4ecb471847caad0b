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
#define EM_STORE_SCHEMA_VERSION 1

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

/* em-store-features.c: analysis and training */
gboolean    em_store_load_features      (EmStore              *self,
                                         guint                 set_version,
                                         double              **matrix,
                                         gsize                *n_rows,
                                         GPtrArray           **paths,
                                         GArray              **chunk_idx,
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

/* em-store-label-io.c: labels files */
gboolean    em_store_import_labels      (EmStore              *self,
                                         const char           *file,
                                         guint                *n_imported,
                                         GError              **error);
gboolean    em_store_export_labels      (EmStore              *self,
                                         const char           *file,
                                         GError              **error);

G_END_DECLS
