/* em-store-analysis.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cache of analysis results (PCA, t-SNE, clusterings, linkage) so that
 * the Explore page reopens at once.  An entry is keyed by what it was
 * computed from: its kind, the feature-set version, its parameters and
 * the library state (a hash of the chunk list with the tracks' mtimes).
 * A rescan that changes any chunk changes the state, so stale entries are
 * never returned; they are dropped when a fresh one is saved.
 */

#include "config.h"


#include "em-store-analysis.h"
#include "em-store-private.h"

static const char *rows_sql =
  "SELECT t.path, c.idx, c.start_s, c.end_s, t.mtime_usec FROM tracks t"
  " CROSS JOIN chunks c ON c.track_id = t.id"
  " CROSS JOIN features f ON f.chunk_id = c.id AND f.set_version = ?1"
  " WHERE +t.status = 'ok'"
  " ORDER BY t.path, c.idx";

/**
 * em_analysis_rows_free:
 * @rows: (transfer full) (nullable): rows to free
 */
void
em_analysis_rows_free (EmAnalysisRows *rows)
{
  if (rows == NULL)
    return;
  g_clear_pointer (&rows->paths, g_ptr_array_unref);
  g_clear_pointer (&rows->chunk_idx, g_array_unref);
  g_clear_pointer (&rows->spans, g_array_unref);
  g_free (rows->state);
  g_free (rows);
}

static void
hash_row (GChecksum  *checksum,
          const char *path,
          gint64      mtime_usec,
          guint       idx)
{
  char buf[64];

  /* The NUL after the path keeps "a" + "1…" apart from "a1" + "…". */
  g_checksum_update (checksum, (const guchar *)path, strlen (path) + 1);
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT ":%u;", mtime_usec, idx);
  g_checksum_update (checksum, (const guchar *)buf, -1);
}

static gboolean
read_analysis_rows (EmStore         *self,
                    guint            set_version,
                    EmAnalysisRows  *rows,
                    GError         **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  char count[32];
  int rc;

  if (!(stmt = _em_store_prepare (self, rows_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set_version);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *path = (const char *)sqlite3_column_text (stmt, 0);
      guint idx = (guint)sqlite3_column_int64 (stmt, 1);
      double span[2] = { sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 3) };

      g_ptr_array_add (rows->paths, g_strdup (path));
      g_array_append_val (rows->chunk_idx, idx);
      g_array_append_vals (rows->spans, span, 2);
      hash_row (checksum, path, sqlite3_column_int64 (stmt, 4), idx);
    }
  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "reading chunks for analysis");
      return FALSE;
    }

  rows->n_rows = rows->paths->len;
  g_snprintf (count, sizeof count, "n=%zu;v=%u", rows->n_rows, set_version);
  g_checksum_update (checksum, (const guchar *)count, -1);
  rows->state = g_strdup (g_checksum_get_string (checksum));

  return TRUE;
}

/**
 * em_store_load_analysis_rows:
 * @self: a store
 * @set_version: the feature-set version
 * @error: return location for a #GError
 *
 * Lists the chunks with features of @set_version in the row order of
 * em_store_load_features(), with their spans and a key of the library
 * state for em_store_save_analysis() and em_store_load_analysis().
 *
 * Returns: (transfer full): the rows, or %NULL on error
 */
EmAnalysisRows *
em_store_load_analysis_rows (EmStore  *self,
                             guint     set_version,
                             GError  **error)
{
  g_autoptr(EmAnalysisRows) rows = g_new0 (EmAnalysisRows, 1);

  g_return_val_if_fail (EM_IS_STORE (self), NULL);

  rows->paths = g_ptr_array_new_with_free_func (g_free);
  rows->chunk_idx = g_array_new (FALSE, FALSE, sizeof (guint));
  rows->spans = g_array_new (FALSE, FALSE, sizeof (double));

  {
    EM_STORE_LOCK (self);
    if (!read_analysis_rows (self, set_version, rows, error))
      return NULL;
  }

  return g_steal_pointer (&rows);
}

static gboolean
write_entry (EmStore     *self,
             const char  *kind,
             guint        set_version,
             const char  *params,
             const char  *state,
             GBytes      *data,
             GError     **error)
{
  g_autoptr(EmCachedStmt) drop = NULL;
  g_autoptr(EmCachedStmt) insert = NULL;
  gsize size;
  gconstpointer bytes = g_bytes_get_data (data, &size);

  /* Entries of another library state can never be read again. */
  if (!(drop = _em_store_prepare (self, "DELETE FROM analysis_cache WHERE state != ?1", error)))
    return FALSE;
  sqlite3_bind_text (drop, 1, state, -1, SQLITE_TRANSIENT);
  if (!_em_store_step_done (self, drop, error))
    return FALSE;

  if (!(insert = _em_store_prepare (self,
                                    "INSERT OR REPLACE INTO analysis_cache"
                                    " (kind, set_version, params, state, created_at, data)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error)))
    return FALSE;
  sqlite3_bind_text (insert, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (insert, 2, set_version);
  sqlite3_bind_text (insert, 3, params, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 4, state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (insert, 5, g_get_real_time ());
  sqlite3_bind_blob64 (insert, 6, size > 0 ? bytes : "", size, SQLITE_TRANSIENT);

  return _em_store_step_done (self, insert, error);
}

/**
 * em_store_save_analysis:
 * @self: a store
 * @kind: what was computed, e.g. "pca", "tsne", "kmeans"
 * @set_version: the feature-set version it was computed from
 * @params: the parameters, as a canonical string
 * @state: the library state key of em_store_load_analysis_rows()
 * @data: the result, opaque to the store
 * @error: return location for a #GError
 *
 * Caches a result, replacing any entry of the same kind, version and
 * parameters, and dropping every entry of another library state.
 *
 * Returns: %TRUE on success
 */
gboolean
em_store_save_analysis (EmStore     *self,
                        const char  *kind,
                        guint        set_version,
                        const char  *params,
                        const char  *state,
                        GBytes      *data,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL && params != NULL && state != NULL && data != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);

  /* A cache can always be recomputed: no fsync per entry. */
  if (!_em_store_begin (self, FALSE, error))
    return FALSE;
  if (!write_entry (self, kind, set_version, params, state, data, error))
    {
      _em_store_rollback (self);
      return FALSE;
    }

  return _em_store_commit (self, error);
}

/**
 * em_store_load_analysis:
 * @self: a store
 * @kind: what was computed
 * @set_version: the feature-set version
 * @params: the parameters, as given to em_store_save_analysis()
 * @state: the current library state key
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the cached result, or %NULL when
 *   there is none for this state (@error unset) or on error (@error set)
 */
GBytes *
em_store_load_analysis (EmStore     *self,
                        const char  *kind,
                        guint        set_version,
                        const char  *params,
                        const char  *state,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EM_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL && params != NULL && state != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);

  if (!(stmt = _em_store_prepare (self,
                                  "SELECT data FROM analysis_cache"
                                  " WHERE kind = ?1 AND set_version = ?2 AND params = ?3 AND state = ?4",
                                  error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, set_version);
  sqlite3_bind_text (stmt, 3, params, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, state, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  if (rc != SQLITE_DONE)
    _em_store_set_error (self, rc, error, "reading the analysis cache");

  return NULL;
}
