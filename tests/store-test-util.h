/* store-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers for the store tests: a scratch folder that is removed afterwards,
 * the dev labels files, and raw SQL reads to check what the API wrote.
 */

#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>

static inline void
store_test_rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          store_test_rm_rf (child);
        }
    }
  g_remove (path);
}

typedef struct
{
  char *dir;
} StoreTestDir;

static inline void
store_test_dir_setup (StoreTestDir  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("earmark-store-XXXXXX", &error);
  g_assert_no_error (error);
}

static inline void
store_test_dir_teardown (StoreTestDir  *fixture,
                         gconstpointer  data)
{
  store_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static inline char *
store_test_dev_file (const char *name)
{
  const char *shared = g_getenv ("EARMARK_SHARED_DIR");

  g_assert_nonnull (shared);
  return g_build_filename (shared, "data", "dev", name, NULL);
}

/* Runs one query on a separate connection and returns the first column of
 * the first row as text ("" when NULL, NULL when there is no row). */
static inline char *
store_test_query (const char *db_path,
                  const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *text = (const char *)sqlite3_column_text (stmt, 0);
      result = g_strdup (text ? text : "");
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return result;
}

static inline gint64
store_test_query_int (const char *db_path,
                      const char *sql)
{
  g_autofree char *text = store_test_query (db_path, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}
