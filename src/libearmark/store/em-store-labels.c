/* em-store-labels.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels, keyed by path and chunk index so that they survive rescans and
 * can exist before a file is scanned.  Every change is also written to
 * label_events, grouped per user action, which is what undo and redo walk.
 * Each call is one transaction committed with synchronous=FULL: once it
 * returns, the label survives a crash or a power cut.
 */

#include "config.h"

#include "em-store-private.h"

/* Undo state of label_events.undone */
enum {
  EVENT_APPLIED = 0,
  EVENT_UNDONE = 1,
  EVENT_DISCARDED = 2,
};

static gboolean
read_label (EmStore        *self,
            const char     *path,
            guint           chunk_idx,
            EmLabel        *label,
            EmLabelSource  *source,
            GError        **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  *label = EM_LABEL_NONE;
  *source = EM_LABEL_SOURCE_MANUAL;

  stmt = _em_store_prepare (self, "SELECT label, source FROM labels WHERE path = ?1 AND chunk_idx = ?2",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, chunk_idx);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      em_label_from_string ((const char *)sqlite3_column_text (stmt, 0), label);
      em_label_source_from_string ((const char *)sqlite3_column_text (stmt, 1), source);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "reading a label");
      return FALSE;
    }

  return TRUE;
}

static gboolean
apply_label (EmStore        *self,
             const char     *path,
             guint           chunk_idx,
             EmLabel         label,
             EmLabelSource   source,
             GError        **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;

  if (label == EM_LABEL_NONE)
    stmt = _em_store_prepare (self, "DELETE FROM labels WHERE path = ?1 AND chunk_idx = ?2", error);
  else
    stmt = _em_store_prepare (self,
                              "INSERT INTO labels (path, chunk_idx, label, source, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5)"
                              " ON CONFLICT (path, chunk_idx) DO UPDATE SET label = excluded.label,"
                              "   source = excluded.source, updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, chunk_idx);
  if (label != EM_LABEL_NONE)
    {
      sqlite3_bind_text (stmt, 3, em_label_to_string (label), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, em_label_source_to_string (source), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
    }

  return _em_store_step_done (self, stmt, error);
}

static void
bind_label_or_null (sqlite3_stmt *stmt,
                    int           column,
                    EmLabel       label)
{
  if (label == EM_LABEL_NONE)
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_text (stmt, column, em_label_to_string (label), -1, SQLITE_STATIC);
}

static gboolean
record_event (EmStore             *self,
              gint64               group_id,
              const EmLabelEntry  *entry,
              EmLabel              old_label,
              EmLabelSource        old_source,
              GError             **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;

  stmt = _em_store_prepare (self,
                            "INSERT INTO label_events (group_id, path, chunk_idx, old_label, old_source,"
                            "                          new_label, source, at, undone)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_text (stmt, 2, entry->path, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, entry->chunk_idx);
  bind_label_or_null (stmt, 4, old_label);
  if (old_label != EM_LABEL_NONE)
    sqlite3_bind_text (stmt, 5, em_label_source_to_string (old_source), -1, SQLITE_STATIC);
  bind_label_or_null (stmt, 6, entry->label);
  sqlite3_bind_text (stmt, 7, em_label_source_to_string (entry->source), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, g_get_real_time ());

  return _em_store_step_done (self, stmt, error);
}

static gboolean
query_group (EmStore     *self,
             const char  *sql,
             gint64      *group_id,
             GError     **error)
{
  g_autoptr(EmCachedStmt) stmt = _em_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _em_store_set_error (self, rc, error, "reading the label history");
      return FALSE;
    }

  /* max()/min() over no rows is NULL: no group */
  *group_id = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* A new action makes the undone groups unreachable, as in any editor: they
 * stay in the history but redo no longer applies them. */
static gboolean
start_group (EmStore  *self,
             gint64   *group_id,
             GError  **error)
{
  return _em_store_exec (self, "UPDATE label_events SET undone = 2 WHERE undone = 1", error) &&
         query_group (self, "SELECT coalesce(max(group_id), 0) + 1 FROM label_events", group_id, error);
}

static gboolean
write_entries (EmStore    *self,
               GPtrArray  *entries,
               GError    **error)
{
  gint64 group_id = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      const EmLabelEntry *entry = g_ptr_array_index (entries, i);
      EmLabel old_label;
      EmLabelSource old_source;

      if (!read_label (self, entry->path, entry->chunk_idx, &old_label, &old_source, error))
        return FALSE;

      /* Setting what is already there is not an action worth undoing. */
      if (old_label == entry->label &&
          (old_label == EM_LABEL_NONE || old_source == entry->source))
        continue;

      if (group_id == 0 && !start_group (self, &group_id, error))
        return FALSE;

      if (!apply_label (self, entry->path, entry->chunk_idx, entry->label, entry->source, error) ||
          !record_event (self, group_id, entry, old_label, old_source, error))
        return FALSE;
    }

  return TRUE;
}

/* Applies @entries as one undoable group in one committed transaction.
 * Caller holds the lock. */
gboolean
_em_store_write_labels (EmStore    *self,
                        GPtrArray  *entries,
                        GError    **error)
{
  if (!_em_store_begin (self, self->labels_sync_full, error))
    return FALSE;

  if (!write_entries (self, entries, error))
    {
      _em_store_rollback (self);
      return FALSE;
    }

  return _em_store_commit (self, error);
}

/**
 * em_store_set_label:
 * @self: a store
 * @path: absolute path of the audio file (scanned or not)
 * @chunk_idx: chunk index counted from the end (0 = the last 10 s)
 * @label: the label, or %EM_LABEL_NONE to clear it
 * @source: where the label comes from
 * @error: return location for a #GError
 *
 * Sets one label as one undoable action.  When this returns %TRUE the
 * label is committed and survives a crash or power cut.
 *
 * Returns: %TRUE on success
 */
gboolean
em_store_set_label (EmStore        *self,
                    const char     *path,
                    guint           chunk_idx,
                    EmLabel         label,
                    EmLabelSource   source,
                    GError        **error)
{
  return em_store_set_labels (self, &path, &chunk_idx, 1, label, source, error);
}

/**
 * em_store_set_labels:
 * @self: a store
 * @paths: (array length=n): absolute paths of the audio files
 * @chunk_idx: (array length=n): chunk index of each path
 * @n: number of chunks
 * @label: the label for all of them, or %EM_LABEL_NONE to clear
 * @source: where the labels come from
 * @error: return location for a #GError
 *
 * Labels many chunks as one undoable action (a cluster, a selection), in
 * one committed transaction.  Chunks that already carry @label from
 * @source are left alone and do not enter the history.
 *
 * Returns: %TRUE on success; on failure nothing was changed
 */
gboolean
em_store_set_labels (EmStore             *self,
                     const char * const  *paths,
                     const guint         *chunk_idx,
                     guint                n,
                     EmLabel              label,
                     EmLabelSource        source,
                     GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);
  g_return_val_if_fail (n == 0 || (paths != NULL && chunk_idx != NULL), FALSE);
  g_return_val_if_fail ((guint)label < EM_N_LABELS, FALSE);

  entries = g_ptr_array_new_full (n, (GDestroyNotify)em_label_entry_free);
  for (guint i = 0; i < n; i++)
    {
      if (!_em_store_check_path (paths[i], error))
        return FALSE;
      g_ptr_array_add (entries, em_label_entry_new (paths[i], chunk_idx[i], label, source));
    }

  locker = g_mutex_locker_new (&self->mutex);

  return _em_store_write_labels (self, entries, error);
}

/**
 * em_store_get_label:
 * @self: a store
 * @path: absolute path of the audio file
 * @chunk_idx: chunk index
 *
 * Returns: the chunk's label, or %EM_LABEL_NONE if it has none (or the
 *   database cannot be read; that is logged)
 */
EmLabel
em_store_get_label (EmStore    *self,
                    const char *path,
                    guint       chunk_idx)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) error = NULL;
  EmLabel label = EM_LABEL_NONE;
  EmLabelSource source;

  g_return_val_if_fail (EM_IS_STORE (self), EM_LABEL_NONE);
  g_return_val_if_fail (path != NULL, EM_LABEL_NONE);

  locker = g_mutex_locker_new (&self->mutex);

  if (!read_label (self, path, chunk_idx, &label, &source, &error))
    g_warning ("%s", error->message);

  return label;
}

/**
 * em_store_list_labels:
 * @self: a store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type EmLabelEntry): every label, by
 *   path (byte-wise) then chunk index, or %NULL on error
 */
GPtrArray *
em_store_list_labels (EmStore  *self,
                      GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)em_label_entry_free);
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EM_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);

  stmt = _em_store_prepare (self, "SELECT path, chunk_idx, label, source FROM labels ORDER BY path, chunk_idx",
                            error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EmLabel label = EM_LABEL_NONE;
      EmLabelSource source = EM_LABEL_SOURCE_MANUAL;

      em_label_from_string ((const char *)sqlite3_column_text (stmt, 2), &label);
      em_label_source_from_string ((const char *)sqlite3_column_text (stmt, 3), &source);
      g_ptr_array_add (entries, em_label_entry_new ((const char *)sqlite3_column_text (stmt, 0),
                                                    (guint)sqlite3_column_int64 (stmt, 1),
                                                    label, source));
    }

  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "listing labels");
      return NULL;
    }

  return g_steal_pointer (&entries);
}

/* Applies the events of @group_id: undoing walks them newest first and
 * restores the old values; redoing walks them oldest first. */
static gboolean
replay_group (EmStore   *self,
              gint64     group_id,
              gboolean   undo,
              GError   **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  stmt = _em_store_prepare (self, undo ?
                            "SELECT path, chunk_idx, old_label, old_source FROM label_events"
                            " WHERE group_id = ?1 ORDER BY id DESC" :
                            "SELECT path, chunk_idx, new_label, source FROM label_events"
                            " WHERE group_id = ?1 ORDER BY id ASC", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, group_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EmLabel label = EM_LABEL_NONE;
      EmLabelSource source = EM_LABEL_SOURCE_MANUAL;

      em_label_from_string ((const char *)sqlite3_column_text (stmt, 2), &label);
      em_label_source_from_string ((const char *)sqlite3_column_text (stmt, 3), &source);
      if (!apply_label (self, (const char *)sqlite3_column_text (stmt, 0),
                        (guint)sqlite3_column_int64 (stmt, 1), label, source, error))
        return FALSE;
    }

  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "reading the label history");
      return FALSE;
    }

  return TRUE;
}

static gboolean
undo_redo (EmStore   *self,
           gboolean   undo,
           gboolean  *did_something,
           GError   **error)
{
  g_autoptr(EmCachedStmt) mark = NULL;
  gint64 group_id = 0;

  if (!_em_store_begin (self, self->labels_sync_full, error))
    return FALSE;

  /* The undone groups are always the newest non-discarded ones, so undo
   * takes the newest applied group and redo the oldest undone one. */
  if (!query_group (self, undo ?
                    "SELECT max(group_id) FROM label_events WHERE undone = 0" :
                    "SELECT min(group_id) FROM label_events WHERE undone = 1", &group_id, error))
    goto failed;

  if (group_id == 0)
    {
      _em_store_rollback (self);
      return TRUE;
    }

  if (!replay_group (self, group_id, undo, error))
    goto failed;

  if (!(mark = _em_store_prepare (self, "UPDATE label_events SET undone = ?2 WHERE group_id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (mark, 1, group_id);
  sqlite3_bind_int (mark, 2, undo ? EVENT_UNDONE : EVENT_APPLIED);
  if (!_em_store_step_done (self, mark, error))
    goto failed;

  if (!_em_store_commit (self, error))
    return FALSE;

  *did_something = TRUE;
  return TRUE;

failed:
  _em_store_rollback (self);
  return FALSE;
}

/**
 * em_store_undo:
 * @self: a store
 * @did_something: (out) (optional): %TRUE if a group was undone, %FALSE if
 *   there was nothing to undo
 * @error: return location for a #GError
 *
 * Undoes the newest label action (one em_store_set_label(),
 * em_store_set_labels() or em_store_import_labels() call) that is not
 * undone yet, restoring the previous labels and their sources.
 *
 * Returns: %TRUE on success (also when there was nothing to undo)
 */
gboolean
em_store_undo (EmStore   *self,
               gboolean  *did_something,
               GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gboolean dummy;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);

  if (did_something == NULL)
    did_something = &dummy;
  *did_something = FALSE;

  locker = g_mutex_locker_new (&self->mutex);

  return undo_redo (self, TRUE, did_something, error);
}

/**
 * em_store_redo:
 * @self: a store
 * @did_something: (out) (optional): %TRUE if a group was redone
 * @error: return location for a #GError
 *
 * Re-applies the most recently undone action, unless a new action was
 * made since.
 *
 * Returns: %TRUE on success (also when there was nothing to redo)
 */
gboolean
em_store_redo (EmStore   *self,
               gboolean  *did_something,
               GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gboolean dummy;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);

  if (did_something == NULL)
    did_something = &dummy;
  *did_something = FALSE;

  locker = g_mutex_locker_new (&self->mutex);

  return undo_redo (self, FALSE, did_something, error);
}

/**
 * em_store_get_undo_state:
 * @self: a store
 * @can_undo: (out) (optional): whether em_store_undo() would do something
 * @can_redo: (out) (optional): whether em_store_redo() would do something
 * @error: return location for a #GError
 *
 * For the sensitivity of the Undo and Redo actions.
 *
 * Returns: %TRUE on success
 */
gboolean
em_store_get_undo_state (EmStore   *self,
                         gboolean  *can_undo,
                         gboolean  *can_redo,
                         GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 undo_group = 0;
  gint64 redo_group = 0;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);

  if (!query_group (self, "SELECT max(group_id) FROM label_events WHERE undone = 0", &undo_group, error) ||
      !query_group (self, "SELECT min(group_id) FROM label_events WHERE undone = 1", &redo_group, error))
    return FALSE;

  if (can_undo != NULL)
    *can_undo = undo_group != 0;
  if (can_redo != NULL)
    *can_redo = redo_group != 0;

  return TRUE;
}
