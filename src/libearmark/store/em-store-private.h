/* em-store-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the em-store-*.c files only: the instance struct, the
 * prepared-statement cache and the transaction helpers.  Every function
 * here expects the caller to hold self->mutex.
 */

#pragma once

#include <sqlite3.h>

#include "em-store.h"

G_BEGIN_DECLS

struct _EmStore
{
  GObject     parent_instance;

  /* Serialises every public call: the scanner thread writes while the UI
   * thread reads, and one sqlite3 connection must not be used by two
   * threads at once. */
  GMutex      mutex;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;     /* SQL text → sqlite3_stmt, finalised on dispose */
  guint       schema_version;

  /* synchronous=FULL fsyncs the WAL on every commit.  Labels are written
   * one key press at a time and must survive a power cut; scan results
   * can always be recomputed, so they only need NORMAL (still safe
   * against a crash of the process). */
  guint       labels_sync_full : 1;
  guint       tracks_sync_full : 1;
};

/* A statement borrowed from the cache.  The autoptr cleanup resets it, so
 * an early return never leaves a read transaction open (which would keep
 * the WAL from being checkpointed). */
typedef sqlite3_stmt EmCachedStmt;

void          _em_cached_stmt_release   (EmCachedStmt  *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmCachedStmt, _em_cached_stmt_release)

#define EM_STORE_LOCK(self) \
  g_autoptr(GMutexLocker) G_PASTE (em_store_locker_, __LINE__) G_GNUC_UNUSED = g_mutex_locker_new (&(self)->mutex)

EmCachedStmt *_em_store_prepare         (EmStore       *self,
                                         const char    *sql,
                                         GError       **error);
gboolean      _em_store_step_done       (EmStore       *self,
                                         sqlite3_stmt  *stmt,
                                         GError       **error);
gboolean      _em_store_exec            (EmStore       *self,
                                         const char    *sql,
                                         GError       **error);
void          _em_store_set_error       (EmStore       *self,
                                         int            rc,
                                         GError       **error,
                                         const char    *what);
gboolean      _em_store_begin           (EmStore       *self,
                                         gboolean       durable,
                                         GError       **error);
gboolean      _em_store_commit          (EmStore       *self,
                                         GError       **error);
void          _em_store_rollback        (EmStore       *self);
gboolean      _em_store_check_path      (const char    *path,
                                         GError       **error);
void          _em_store_set_synchronous (EmStore       *self,
                                         gboolean       labels_full,
                                         gboolean       tracks_full);
gboolean      _em_store_write_labels    (EmStore       *self,
                                         GPtrArray     *entries,
                                         GError       **error);
double        _em_store_column_double   (sqlite3_stmt  *stmt,
                                         int            column);

/* The rows of one model's predictions (?1: its id, 0 for the active model)
 * for chunks of "ok" tracks, by path then chunk index; the SELECT list may
 * use t (tracks), c (chunks) and p (predictions). */
#define EM_STORE_PREDICTIONS_FROM \
  " FROM predictions p JOIN chunks c ON c.id = p.chunk_id" \
  " JOIN tracks t ON t.id = c.track_id" \
  " WHERE t.status = 'ok' AND p.model_id =" \
  "   (CASE WHEN ?1 = 0 THEN (SELECT id FROM models WHERE active = 1) ELSE ?1 END)" \
  " ORDER BY t.path, c.idx"

G_END_DECLS
