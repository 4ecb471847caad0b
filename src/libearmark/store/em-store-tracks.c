/* em-store-tracks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the scanner writes: tracks, their chunks and feature vectors, decode
 * errors and vanished files; and the counts shown in summaries.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "em-store-private.h"

/**
 * em_store_lookup_track:
 * @self: a store
 * @path: the track's absolute path, as given to em_store_save_track()
 * @size: (out) (optional): file size when it was scanned
 * @mtime_usec: (out) (optional): modification time when it was scanned
 * @status: (out) (optional) (transfer full): "ok", "error" or "vanished"
 * @error: return location for a #GError
 *
 * Lets the scanner skip files that did not change since the last scan.
 *
 * Returns: %TRUE if the track is known; %FALSE if it is not (@error unset)
 *   or on failure (@error set)
 */
gboolean
em_store_lookup_track (EmStore     *self,
                       const char  *path,
                       guint64     *size,
                       gint64      *mtime_usec,
                       char       **status,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);

  stmt = _em_store_prepare (self, "SELECT size, mtime_usec, status FROM tracks WHERE path = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      _em_store_set_error (self, rc, error, "looking up a track");
      return FALSE;
    }

  if (size != NULL)
    *size = (guint64)sqlite3_column_int64 (stmt, 0);
  if (mtime_usec != NULL)
    *mtime_usec = sqlite3_column_int64 (stmt, 1);
  if (status != NULL)
    *status = g_strdup ((const char *)sqlite3_column_text (stmt, 2));

  return TRUE;
}

typedef struct
{
  const char *path;
  guint64     size;
  gint64      mtime_usec;
  double      duration_s;   /* NaN: unknown */
  guint       native_rate;  /* 0: unknown */
  guint       channels;     /* 0: unknown */
  const char *status;
  const char *message;
} TrackRow;

/* Inserts or updates the row keyed by path, keeping its id (so nothing
 * else that refers to it is cascaded away), and drops its old chunks. */
static gboolean
upsert_track (EmStore         *self,
              const TrackRow  *row,
              gint64          *track_id,
              GError         **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;
  g_autoptr(EmCachedStmt) del = NULL;
  int rc;

  stmt = _em_store_prepare (self,
                            "INSERT INTO tracks (path, size, mtime_usec, duration_s, native_rate, channels,"
                            "                    status, error, scanned_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                            " ON CONFLICT (path) DO UPDATE SET size = excluded.size,"
                            "   mtime_usec = excluded.mtime_usec, duration_s = excluded.duration_s,"
                            "   native_rate = excluded.native_rate, channels = excluded.channels,"
                            "   status = excluded.status, error = excluded.error,"
                            "   scanned_at = excluded.scanned_at"
                            " RETURNING id", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, row->path, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64)row->size);
  sqlite3_bind_int64 (stmt, 3, row->mtime_usec);
  if (!isnan (row->duration_s))
    sqlite3_bind_double (stmt, 4, row->duration_s);
  if (row->native_rate > 0)
    sqlite3_bind_int64 (stmt, 5, row->native_rate);
  if (row->channels > 0)
    sqlite3_bind_int64 (stmt, 6, row->channels);
  sqlite3_bind_text (stmt, 7, row->status, -1, SQLITE_STATIC);
  if (row->message != NULL)
    sqlite3_bind_text (stmt, 8, row->message, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, g_get_real_time ());

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _em_store_set_error (self, rc, error, "saving a track");
      return FALSE;
    }
  *track_id = sqlite3_column_int64 (stmt, 0);
  if (!_em_store_step_done (self, stmt, error))
    return FALSE;

  /* Features and predictions of the old chunks go with them (cascade). */
  if (!(del = _em_store_prepare (self, "DELETE FROM chunks WHERE track_id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (del, 1, *track_id);

  return _em_store_step_done (self, del, error);
}

/* Feature vectors are stored as little-endian IEEE doubles, bit for bit,
 * so NaN (a feature undefined for silence) survives the round trip. */
static void
encode_vector (const double *features,
               guint8       *blob)
{
  for (guint i = 0; i < EM_STORE_N_FEATURES; i++)
    {
      guint64 bits;

      memcpy (&bits, &features[i], sizeof bits);
      bits = GUINT64_TO_LE (bits);
      memcpy (blob + i * sizeof bits, &bits, sizeof bits);
    }
}

static gboolean
insert_chunk (EmStore              *self,
              gint64                track_id,
              guint                 feature_set_version,
              const EmChunkRecord  *chunk,
              GError              **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;
  g_autoptr(EmCachedStmt) feat = NULL;
  guint8 blob[EM_STORE_N_FEATURES * sizeof (double)];

  stmt = _em_store_prepare (self,
                            "INSERT INTO chunks (track_id, idx, start_s, end_s, partial)"
                            " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, track_id);
  sqlite3_bind_int64 (stmt, 2, chunk->idx);
  sqlite3_bind_double (stmt, 3, chunk->start_s);
  sqlite3_bind_double (stmt, 4, chunk->end_s);
  sqlite3_bind_int (stmt, 5, chunk->partial ? 1 : 0);
  if (!_em_store_step_done (self, stmt, error))
    return FALSE;

  feat = _em_store_prepare (self,
                            "INSERT INTO features (chunk_id, set_version, vector) VALUES (?1, ?2, ?3)",
                            error);
  if (feat == NULL)
    return FALSE;

  encode_vector (chunk->features, blob);
  sqlite3_bind_int64 (feat, 1, sqlite3_last_insert_rowid (self->db));
  sqlite3_bind_int64 (feat, 2, feature_set_version);
  sqlite3_bind_blob (feat, 3, blob, sizeof blob, SQLITE_TRANSIENT);

  return _em_store_step_done (self, feat, error);
}

/**
 * em_store_save_track:
 * @self: a store
 * @path: absolute path of the audio file
 * @size: file size in bytes
 * @mtime_usec: modification time, µs since the Unix epoch
 * @duration_s: decoded duration in seconds
 * @native_rate: sample rate of the file
 * @channels: channel count of the file
 * @feature_set_version: version of the feature set of @chunks
 * @chunks: (array length=n_chunks): the chunks with their features
 * @n_chunks: number of chunks; indexes must be distinct
 * @error: return location for a #GError
 *
 * Records a successfully analysed track, replacing its previous chunks,
 * features and predictions, in one transaction.  Labels are keyed by
 * path and chunk index, so they are kept.
 *
 * Returns: %TRUE on success; on failure nothing was changed
 */
gboolean
em_store_save_track (EmStore              *self,
                     const char           *path,
                     guint64               size,
                     gint64                mtime_usec,
                     double                duration_s,
                     guint                 native_rate,
                     guint                 channels,
                     guint                 feature_set_version,
                     const EmChunkRecord  *chunks,
                     guint                 n_chunks,
                     GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  TrackRow row = { path, size, mtime_usec, duration_s, native_rate, channels, "ok", NULL };
  gint64 track_id = 0;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);
  g_return_val_if_fail (chunks != NULL || n_chunks == 0, FALSE);

  if (!_em_store_check_path (path, error))
    return FALSE;

  locker = g_mutex_locker_new (&self->mutex);

  if (!_em_store_begin (self, self->tracks_sync_full, error))
    return FALSE;

  if (!upsert_track (self, &row, &track_id, error))
    goto failed;

  for (guint i = 0; i < n_chunks; i++)
    {
      if (!insert_chunk (self, track_id, feature_set_version, &chunks[i], error))
        goto failed;
    }

  return _em_store_commit (self, error);

failed:
  _em_store_rollback (self);
  return FALSE;
}

/**
 * em_store_save_track_error:
 * @self: a store
 * @path: absolute path of the audio file
 * @size: file size in bytes
 * @mtime_usec: modification time, µs since the Unix epoch
 * @message: why the file could not be analysed
 * @error: return location for a #GError
 *
 * Records a track that failed to decode (status "error"), dropping any
 * chunks of an earlier scan.  Its size and mtime let the next scan skip it
 * until the file changes.
 *
 * Returns: %TRUE on success
 */
gboolean
em_store_save_track_error (EmStore     *self,
                           const char  *path,
                           guint64      size,
                           gint64       mtime_usec,
                           const char  *message,
                           GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  TrackRow row = { path, size, mtime_usec, NAN, 0, 0, "error", message };
  gint64 track_id = 0;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);

  if (!_em_store_check_path (path, error))
    return FALSE;

  if (row.message == NULL)
    row.message = "Unknown error";

  locker = g_mutex_locker_new (&self->mutex);

  if (!_em_store_begin (self, self->tracks_sync_full, error))
    return FALSE;

  if (!upsert_track (self, &row, &track_id, error))
    {
      _em_store_rollback (self);
      return FALSE;
    }

  return _em_store_commit (self, error);
}

static char *
folder_prefix (const char *folder)
{
  gsize len = strlen (folder);

  /* "/music/" and "/music" mean the same folder; "/" stays "/". */
  while (len > 1 && folder[len - 1] == G_DIR_SEPARATOR)
    len--;

  if (len == 1)
    return g_strdup (G_DIR_SEPARATOR_S);

  return g_strdup_printf ("%.*s" G_DIR_SEPARATOR_S, (int)len, folder);
}

/* Ids of the tracks under @prefix that are not vanished and not in
 * @present.  Paths under "/a/b/" sort in ["/a/b/", "/a/b0"), since '0'
 * follows '/' in bytes; that range uses the path index. */
static GArray *
find_missing (EmStore     *self,
              const char  *prefix,
              GHashTable  *present,
              GError     **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *upper = g_strdup (prefix);
  int rc;

  upper[strlen (upper) - 1] = G_DIR_SEPARATOR + 1;

  stmt = _em_store_prepare (self,
                            "SELECT id, path FROM tracks"
                            " WHERE path >= ?1 AND path < ?2 AND status != 'vanished'", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, upper, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (!g_hash_table_contains (present, sqlite3_column_text (stmt, 1)))
        g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "listing tracks");
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/**
 * em_store_mark_vanished:
 * @self: a store
 * @folder: absolute path of the scanned folder
 * @present_paths: (nullable) (array zero-terminated=1): the files found
 *   under @folder by this scan
 * @n_marked: (out) (optional): how many tracks were marked
 * @error: return location for a #GError
 *
 * Marks every known track under @folder (at any depth) that is not in
 * @present_paths as "vanished".  Its chunks and labels are kept, so a file
 * that comes back loses nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
em_store_mark_vanished (EmStore             *self,
                        const char          *folder,
                        const char * const  *present_paths,
                        guint               *n_marked,
                        GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) ids = NULL;
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);

  if (n_marked != NULL)
    *n_marked = 0;
  if (!_em_store_check_path (folder, error))
    return FALSE;

  prefix = folder_prefix (folder);
  for (guint i = 0; present_paths != NULL && present_paths[i] != NULL; i++)
    g_hash_table_add (present, (gpointer)present_paths[i]);

  locker = g_mutex_locker_new (&self->mutex);

  if (!_em_store_begin (self, self->tracks_sync_full, error))
    return FALSE;

  if (!(ids = find_missing (self, prefix, present, error)))
    goto failed;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(EmCachedStmt) stmt = NULL;

      stmt = _em_store_prepare (self, "UPDATE tracks SET status = 'vanished' WHERE id = ?1", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      if (!_em_store_step_done (self, stmt, error))
        goto failed;
    }

  if (!_em_store_commit (self, error))
    return FALSE;

  if (n_marked != NULL)
    *n_marked = ids->len;
  return TRUE;

failed:
  _em_store_rollback (self);
  return FALSE;
}

static gboolean
count_labels (EmStore     *self,
              const char  *sql,
              guint       *per_class,
              GError     **error)
{
  g_autoptr(EmCachedStmt) stmt = _em_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EmLabel label;

      if (em_label_from_string ((const char *)sqlite3_column_text (stmt, 0), &label))
        per_class[label] = (guint)sqlite3_column_int64 (stmt, 1);
    }

  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "counting labels");
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_counts (EmStore        *self,
             EmStoreCounts  *counts,
             GError        **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  stmt = _em_store_prepare (self,
                            "SELECT (SELECT count(*) FROM tracks WHERE status = 'ok'),"
                            "       (SELECT count(*) FROM tracks WHERE status = 'error'),"
                            "       (SELECT count(*) FROM tracks WHERE status = 'vanished'),"
                            "       (SELECT count(*) FROM chunks c JOIN tracks t ON t.id = c.track_id"
                            "         WHERE t.status = 'ok')", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _em_store_set_error (self, rc, error, "counting tracks");
      return FALSE;
    }

  counts->tracks_ok = (guint)sqlite3_column_int64 (stmt, 0);
  counts->tracks_error = (guint)sqlite3_column_int64 (stmt, 1);
  counts->tracks_vanished = (guint)sqlite3_column_int64 (stmt, 2);
  counts->chunks = (guint)sqlite3_column_int64 (stmt, 3);

  return count_labels (self, "SELECT label, count(*) FROM labels GROUP BY label",
                       counts->labels, error) &&
         count_labels (self,
                       "SELECT l.label, count(*) FROM labels l"
                       " JOIN tracks t ON t.path = l.path AND t.status = 'ok'"
                       " JOIN chunks c ON c.track_id = t.id AND c.idx = l.chunk_idx"
                       " GROUP BY l.label", counts->labelled_chunks, error);
}

/**
 * em_store_get_counts:
 * @self: a store
 * @counts: (out caller-allocates): where to store the figures
 * @error: return location for a #GError
 *
 * Reads every figure from one snapshot, so they agree with each other
 * even while the scanner writes.
 *
 * Returns: %TRUE on success
 */
gboolean
em_store_get_counts (EmStore        *self,
                     EmStoreCounts  *counts,
                     GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gboolean ok;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);

  locker = g_mutex_locker_new (&self->mutex);

  if (!_em_store_exec (self, "BEGIN", error))
    return FALSE;

  ok = read_counts (self, counts, error);
  _em_store_rollback (self);

  return ok;
}

/**
 * em_track_info_free:
 * @info: (nullable): a track description
 */
void
em_track_info_free (EmTrackInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->path);
  g_free (info->status);
  g_free (info->error);
  g_free (info);
}

static EmTrackInfo *
track_info_from_row (sqlite3_stmt *stmt)
{
  EmTrackInfo *info = g_new0 (EmTrackInfo, 1);

  info->path = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  info->size = (guint64)sqlite3_column_int64 (stmt, 1);
  info->mtime_usec = sqlite3_column_int64 (stmt, 2);
  info->duration_s = _em_store_column_double (stmt, 3);
  info->native_rate = (guint)sqlite3_column_int64 (stmt, 4);
  info->channels = (guint)sqlite3_column_int64 (stmt, 5);
  info->status = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
  info->error = g_strdup ((const char *)sqlite3_column_text (stmt, 7));
  info->n_chunks = (guint)sqlite3_column_int64 (stmt, 8);
  info->n_labelled = (guint)sqlite3_column_int64 (stmt, 9);

  return info;
}

/**
 * em_store_list_tracks:
 * @self: a store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type EmTrackInfo) (nullable): every
 *   track, by path (byte-wise), or %NULL on error
 */
GPtrArray *
em_store_list_tracks (EmStore  *self,
                      GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func ((GDestroyNotify)em_track_info_free);
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EM_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);

  stmt = _em_store_prepare (self,
                            "SELECT t.path, t.size, t.mtime_usec, t.duration_s, t.native_rate, t.channels,"
                            "       t.status, t.error,"
                            "       (SELECT count(*) FROM chunks c WHERE c.track_id = t.id),"
                            "       (SELECT count(*) FROM chunks c JOIN labels l"
                            "         ON l.path = t.path AND l.chunk_idx = c.idx WHERE c.track_id = t.id)"
                            " FROM tracks t ORDER BY t.path", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tracks, track_info_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "listing tracks");
      return NULL;
    }

  return g_steal_pointer (&tracks);
}

/**
 * em_store_list_chunks:
 * @self: a store
 * @path: absolute path of a track
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type EmChunkInfo) (nullable): the
 *   track's chunks by index (0 = the last 10 s) with their labels; empty
 *   for an unknown track; %NULL on error
 */
GArray *
em_store_list_chunks (EmStore     *self,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) chunks = g_array_new (FALSE, TRUE, sizeof (EmChunkInfo));
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EM_IS_STORE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);

  stmt = _em_store_prepare (self,
                            "SELECT c.idx, c.start_s, c.end_s, c.partial, l.label FROM tracks t"
                            " JOIN chunks c ON c.track_id = t.id"
                            " LEFT JOIN labels l ON l.path = t.path AND l.chunk_idx = c.idx"
                            " WHERE t.path = ?1 ORDER BY c.idx", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EmChunkInfo chunk = { 0 };

      chunk.idx = (guint)sqlite3_column_int64 (stmt, 0);
      chunk.start_s = sqlite3_column_double (stmt, 1);
      chunk.end_s = sqlite3_column_double (stmt, 2);
      chunk.partial = sqlite3_column_int (stmt, 3) != 0;
      em_label_from_string ((const char *)sqlite3_column_text (stmt, 4), &chunk.label);
      g_array_append_val (chunks, chunk);
    }

  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "listing chunks");
      return NULL;
    }

  return g_steal_pointer (&chunks);
}
