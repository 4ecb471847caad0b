/* em-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * EmStore: one SQLite file per library.  This file opens the connection,
 * configures it (WAL, foreign keys, busy timeout), migrates the schema
 * along an ordered list of steps recorded in PRAGMA user_version, and
 * holds the prepared-statement cache and transaction helpers that the
 * other em-store-*.c files share.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <math.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "em-store-private.h"

/* "ERMK": PRAGMA application_id, so that `file` and we can tell our
 * databases from other SQLite files. */
#define EM_STORE_APPLICATION_ID 0x45524d4b
#define BUSY_TIMEOUT_MSEC 5000

G_DEFINE_QUARK (em-store-error-quark, em_store_error)

G_DEFINE_FINAL_TYPE (EmStore, em_store, G_TYPE_OBJECT)

/* Migration N brings user_version from N-1 to N.  Never edit a released
 * step: append a new one. */
static const char * const migrations[] = {
  /* v1: the initial schema.  Times are µs since the Unix epoch. */
  "CREATE TABLE tracks ("
  "  id          INTEGER PRIMARY KEY,"
  "  path        TEXT NOT NULL UNIQUE,"
  "  size        INTEGER NOT NULL,"
  "  mtime_usec  INTEGER NOT NULL,"
  "  duration_s  REAL,"
  "  native_rate INTEGER,"
  "  channels    INTEGER,"
  "  status      TEXT NOT NULL CHECK (status IN ('ok', 'error', 'vanished')),"
  "  error       TEXT,"
  "  scanned_at  INTEGER NOT NULL);"
  "CREATE INDEX tracks_status ON tracks (status);"
  "CREATE TABLE chunks ("
  "  id       INTEGER PRIMARY KEY,"
  "  track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,"
  "  idx      INTEGER NOT NULL CHECK (idx >= 0),"
  "  start_s  REAL NOT NULL,"
  "  end_s    REAL NOT NULL,"
  "  partial  INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1)),"
  "  UNIQUE (track_id, idx));"
  "CREATE TABLE features ("
  "  chunk_id    INTEGER NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,"
  "  set_version INTEGER NOT NULL,"
  "  vector      BLOB NOT NULL,"
  "  PRIMARY KEY (chunk_id, set_version)) WITHOUT ROWID;"
  "CREATE TABLE labels ("
  "  path       TEXT NOT NULL,"
  "  chunk_idx  INTEGER NOT NULL CHECK (chunk_idx >= 0),"
  "  label      TEXT NOT NULL CHECK (label IN ('music', 'dialogue', 'both')),"
  "  source     TEXT NOT NULL CHECK (source IN ('manual', 'import', 'cluster')),"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (path, chunk_idx)) WITHOUT ROWID;"
  /* undone: 0 = applied, 1 = undone (redoable), 2 = undone and then
   * superseded by a new action, so no longer redoable. */
  "CREATE TABLE label_events ("
  "  id         INTEGER PRIMARY KEY,"
  "  group_id   INTEGER NOT NULL,"
  "  path       TEXT NOT NULL,"
  "  chunk_idx  INTEGER NOT NULL,"
  "  old_label  TEXT CHECK (old_label IN ('music', 'dialogue', 'both')),"
  "  old_source TEXT CHECK (old_source IN ('manual', 'import', 'cluster')),"
  "  new_label  TEXT CHECK (new_label IN ('music', 'dialogue', 'both')),"
  "  source     TEXT NOT NULL CHECK (source IN ('manual', 'import', 'cluster')),"
  "  at         INTEGER NOT NULL,"
  "  undone     INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1, 2)));"
  "CREATE INDEX label_events_group ON label_events (group_id);"
  "CREATE INDEX label_events_undone ON label_events (undone, group_id);"
  "CREATE TABLE models ("
  "  id                  INTEGER PRIMARY KEY,"
  "  created_at          INTEGER NOT NULL,"
  "  mode                TEXT NOT NULL,"
  "  feature_set_version INTEGER NOT NULL,"
  "  json                TEXT NOT NULL,"
  "  metrics             TEXT,"
  "  active              INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)));"
  "CREATE UNIQUE INDEX models_one_active ON models (active) WHERE active = 1;"
  "CREATE TABLE predictions ("
  "  chunk_id   INTEGER NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,"
  "  model_id   INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,"
  "  label      TEXT NOT NULL CHECK (label IN ('music', 'dialogue', 'both')),"
  "  p_music    REAL,"
  "  p_dialogue REAL,"
  "  p_both     REAL,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (chunk_id, model_id)) WITHOUT ROWID;"
  "CREATE INDEX predictions_model ON predictions (model_id);"
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT) WITHOUT ROWID;"
  "INSERT INTO meta (key, value) VALUES ('chunk_seconds', '10');"
  "PRAGMA application_id = 1163021643;"
  "PRAGMA user_version = 1;",
  /* v2: the Explore page's cache of analysis results (em-store-analysis.c);
   * state is a hash of the chunk list the entry was computed from. */
  "CREATE TABLE analysis_cache ("
  "  kind        TEXT NOT NULL,"
  "  set_version INTEGER NOT NULL,"
  "  params      TEXT NOT NULL,"
  "  state       TEXT NOT NULL,"
  "  created_at  INTEGER NOT NULL,"
  "  data        BLOB NOT NULL,"
  "  PRIMARY KEY (kind, set_version, params));"
  "PRAGMA user_version = 2;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == EM_STORE_SCHEMA_VERSION);
G_STATIC_ASSERT (EM_STORE_APPLICATION_ID == 1163021643);

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
em_store_finalize (GObject *object)
{
  EmStore *self = (EmStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* Closing the last connection checkpoints the WAL and removes it. */
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (em_store_parent_class)->finalize (object);
}

static void
em_store_class_init (EmStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = em_store_finalize;
}

static void
em_store_init (EmStore *self)
{
  g_mutex_init (&self->mutex);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal,
                                            g_free, finalize_statement);
  self->labels_sync_full = TRUE;
  self->tracks_sync_full = FALSE;
}

void
_em_store_set_error (EmStore     *self,
                     int          rc,
                     GError     **error,
                     const char  *what)
{
  int code = EM_STORE_ERROR_FAILED;
  const char *detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      code = EM_STORE_ERROR_NOT_A_DATABASE;
      break;
    case SQLITE_CORRUPT:
      code = EM_STORE_ERROR_CORRUPT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = EM_STORE_ERROR_BUSY;
      break;
    default:
      break;
    }

  g_set_error (error, EM_STORE_ERROR, code, _("Library database “%s”: %s failed: %s"),
               self->path, what, detail);
}

void
_em_cached_stmt_release (EmCachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* Returns the cached statement for @sql, ready to bind.  Release it with
 * g_autoptr(EmCachedStmt) (or _em_cached_stmt_release()). */
EmCachedStmt *
_em_store_prepare (EmStore     *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _em_store_set_error (self, rc, error, "preparing a statement");
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Steps @stmt until it is done, discarding rows (PRAGMA may return one). */
gboolean
_em_store_step_done (EmStore       *self,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;

  if (rc != SQLITE_DONE)
    {
      g_autofree char *what = g_strdup_printf ("“%.60s”", sqlite3_sql (stmt));
      _em_store_set_error (self, rc, error, what);
      return FALSE;
    }

  return TRUE;
}

gboolean
_em_store_exec (EmStore     *self,
                const char  *sql,
                GError     **error)
{
  g_autoptr(EmCachedStmt) stmt = _em_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  return _em_store_step_done (self, stmt, error);
}

/* BEGIN IMMEDIATE takes the write lock up front, so two writers wait for
 * each other (busy timeout) instead of failing on a lock upgrade. */
gboolean
_em_store_begin (EmStore   *self,
                 gboolean   durable,
                 GError   **error)
{
  const char *sync = durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";

  if (!_em_store_exec (self, sync, error))
    return FALSE;

  return _em_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
_em_store_commit (EmStore  *self,
                  GError  **error)
{
  if (_em_store_exec (self, "COMMIT", error))
    return TRUE;

  _em_store_rollback (self);
  return FALSE;
}

void
_em_store_rollback (EmStore *self)
{
  /* A failed ROLLBACK leaves nothing better to do: SQLite rolls back by
   * itself when the connection closes, and the caller already reports the
   * error that led here. */
  if (!sqlite3_get_autocommit (self->db))
    _em_store_exec (self, "ROLLBACK", NULL);
}

/* A REAL column, NaN where it is NULL. */
double
_em_store_column_double (sqlite3_stmt *stmt,
                         int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, column);
}

gboolean
_em_store_check_path (const char  *path,
                      GError     **error)
{
  if (path == NULL || !g_path_is_absolute (path))
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_INVALID,
                   _("“%s” is not an absolute path"), path ? path : "(null)");
      return FALSE;
    }

  if (!g_utf8_validate (path, -1, NULL))
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_INVALID,
                   _("A file path is not valid UTF-8"));
      return FALSE;
    }

  return TRUE;
}

void
_em_store_set_synchronous (EmStore  *self,
                           gboolean  labels_full,
                           gboolean  tracks_full)
{
  EM_STORE_LOCK (self);

  self->labels_sync_full = !!labels_full;
  self->tracks_sync_full = !!tracks_full;
}

static gboolean
query_int (EmStore     *self,
           const char  *sql,
           gint64      *out,
           GError     **error)
{
  g_autoptr(EmCachedStmt) stmt = _em_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _em_store_set_error (self, rc, error, sql);
      return FALSE;
    }

  *out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* The first read of a file that is not SQLite fails with SQLITE_NOTADB;
 * an SQLite file of another application has tables but neither our
 * application id nor a schema version.  One statement reads all three
 * from one snapshot: separate reads could see another process's first
 * migration half-way (tables already there, id not yet) and refuse a
 * library that is being created. */
static gboolean
check_is_ours (EmStore  *self,
               GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sql = g_strdup_printf (
    "SELECT (a.application_id != 0 AND a.application_id != %d) OR "
    "       (a.application_id = 0 AND v.user_version = 0 AND "
    "        (SELECT count(*) FROM sqlite_master) > 0) "
    "FROM pragma_application_id AS a, pragma_user_version AS v",
    EM_STORE_APPLICATION_ID);
  gint64 foreign = 0;

  if (!query_int (self, sql, &foreign, &local_error))
    {
      if (g_error_matches (local_error, EM_STORE_ERROR, EM_STORE_ERROR_NOT_A_DATABASE))
        g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_NOT_A_DATABASE,
                     _("“%s” is not an Earmark library database (it is not an SQLite file); "
                       "choose another file or move it away"), self->path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (foreign)
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is an SQLite database of another application, not an Earmark library; "
                     "choose another file"), self->path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
run_script (EmStore     *self,
            const char  *script,
            GError     **error)
{
  const char *tail = script;

  while (tail != NULL && *tail != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      gboolean ok;
      int rc = sqlite3_prepare_v2 (self->db, tail, -1, &stmt, &tail);

      if (rc != SQLITE_OK)
        {
          _em_store_set_error (self, rc, error, "preparing a migration");
          return FALSE;
        }
      if (stmt == NULL) /* trailing whitespace */
        break;

      ok = _em_store_step_done (self, stmt, error);
      sqlite3_finalize (stmt);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/* All pending steps run in one IMMEDIATE transaction, and the version is
 * read again inside it: two processes opening an old file at once migrate
 * it once. */
static gboolean
migrate (EmStore  *self,
         GError  **error)
{
  gint64 version = 0;

  /* The usual case, an up-to-date file, needs no write lock: opening a
   * library while a scan writes to it must not wait behind the scanner's
   * transactions (SQLite's busy handler can starve it for seconds). */
  if (query_int (self, "PRAGMA user_version", &version, NULL) && version == EM_STORE_SCHEMA_VERSION)
    {
      self->schema_version = EM_STORE_SCHEMA_VERSION;
      return TRUE;
    }

  if (!_em_store_begin (self, TRUE, error))
    return FALSE;

  if (!query_int (self, "PRAGMA user_version", &version, error))
    goto failed;

  if (version > EM_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_TOO_NEW,
                   _("Library database “%s” has schema version %lld, newer than this Earmark "
                     "supports (%d); update Earmark"),
                   self->path, (long long)version, EM_STORE_SCHEMA_VERSION);
      goto failed;
    }

  for (gint64 v = version; v < EM_STORE_SCHEMA_VERSION; v++)
    {
      if (!run_script (self, migrations[v], error))
        goto failed;
    }

  if (!_em_store_commit (self, error))
    return FALSE;

  self->schema_version = EM_STORE_SCHEMA_VERSION;
  return TRUE;

failed:
  _em_store_rollback (self);
  return FALSE;
}

static gboolean
configure (EmStore  *self,
           GError  **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MSEC);
  sqlite3_extended_result_codes (self->db, TRUE);

  if (!check_is_ours (self, error))
    return FALSE;

  /* journal_mode returns the mode in effect; a file system without shared
   * memory support keeps "delete", which is slower but still correct. */
  stmt = _em_store_prepare (self, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL || !_em_store_step_done (self, stmt, error))
    return FALSE;

  return _em_store_exec (self, "PRAGMA foreign_keys = ON", error) &&
         _em_store_exec (self, "PRAGMA synchronous = NORMAL", error);
}

static gboolean
create_parent_directory (const char  *path,
                         GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s” for the library database: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * em_store_open:
 * @path: the database file; created (with its parent folders) if missing
 * @error: return location for a #GError
 *
 * Opens a library database, creating or migrating its schema to
 * %EM_STORE_SCHEMA_VERSION.  A file that is not an Earmark database gives
 * %EM_STORE_ERROR_NOT_A_DATABASE; one from a newer Earmark gives
 * %EM_STORE_ERROR_TOO_NEW.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL on error
 */
EmStore *
em_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(EmStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!create_parent_directory (path, error))
    return NULL;

  self = g_object_new (EM_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  /* NOMUTEX: self->mutex already serialises every use of the connection. */
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _em_store_set_error (self, rc, error, "opening");
      return NULL;
    }

  if (!configure (self, error) || !migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * em_store_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/earmark/library.db`
 */
char *
em_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "earmark", "library.db", NULL);
}

/**
 * em_store_get_path:
 *
 * Returns: (transfer none): the database file name given to em_store_open()
 */
const char *
em_store_get_path (EmStore *self)
{
  g_return_val_if_fail (EM_IS_STORE (self), NULL);

  return self->path;
}

/**
 * em_store_get_schema_version:
 *
 * Returns: the schema version of the open database (PRAGMA user_version)
 */
guint
em_store_get_schema_version (EmStore *self)
{
  g_return_val_if_fail (EM_IS_STORE (self), 0);

  return self->schema_version;
}

/**
 * em_store_check_integrity:
 * @self: a store
 * @error: return location for a #GError
 *
 * Runs `PRAGMA integrity_check` and a foreign key check.
 *
 * Returns: %TRUE if the database is sound; otherwise %FALSE with
 *   %EM_STORE_ERROR_CORRUPT and the first problem found
 */
gboolean
em_store_check_integrity (EmStore  *self,
                          GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(EmCachedStmt) stmt = NULL;
  g_autoptr(EmCachedStmt) fk = NULL;
  const char *result;
  int rc;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);

  if (!(stmt = _em_store_prepare (self, "PRAGMA integrity_check", error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _em_store_set_error (self, rc, error, "the integrity check");
      return FALSE;
    }

  result = (const char *)sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_CORRUPT,
                   _("Library database “%s” is damaged: %s"), self->path, result);
      return FALSE;
    }

  if (!(fk = _em_store_prepare (self, "PRAGMA foreign_key_check", error)))
    return FALSE;

  rc = sqlite3_step (fk);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_CORRUPT,
                   _("Library database “%s” is damaged: a row of “%s” points to a missing row of “%s”"),
                   self->path, sqlite3_column_text (fk, 0), sqlite3_column_text (fk, 2));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "the foreign key check");
      return FALSE;
    }

  return TRUE;
}

/**
 * em_store_dup_meta:
 * @self: a store
 * @key: a key, for example "chunk_seconds"
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the value, or %NULL if the key is
 *   not set (error unset) or on failure (error set)
 */
char *
em_store_dup_meta (EmStore     *self,
                   const char  *key,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EM_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);

  if (!(stmt = _em_store_prepare (self, "SELECT value FROM meta WHERE key = ?1", error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    _em_store_set_error (self, rc, error, "reading a setting");

  return NULL;
}

/**
 * em_store_set_meta:
 * @self: a store
 * @key: a key
 * @value: (nullable): the value, or %NULL to remove the key
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
em_store_set_meta (EmStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(EmCachedStmt) stmt = NULL;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);

  if (value != NULL)
    stmt = _em_store_prepare (self, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  else
    stmt = _em_store_prepare (self, "DELETE FROM meta WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);

  return _em_store_step_done (self, stmt, error);
}
