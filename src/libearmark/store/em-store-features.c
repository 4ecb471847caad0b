/* em-store-features.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the feature matrix for analysis and training.
 */

#include "config.h"

#include <string.h>

#include "em-store-private.h"

#define VECTOR_BYTES (EM_STORE_N_FEATURES * sizeof (double))

static void
decode_vector (const guint8 *blob,
               double       *features)
{
  for (guint i = 0; i < EM_STORE_N_FEATURES; i++)
    {
      guint64 bits;

      memcpy (&bits, blob + i * sizeof bits, sizeof bits);
      bits = GUINT64_FROM_LE (bits);
      memcpy (&features[i], &bits, sizeof bits);
    }
}

static gboolean
read_rows (EmStore     *self,
           guint        set_version,
           GArray      *matrix,
           GPtrArray   *paths,
           GArray      *chunk_idx,
           GError     **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  /* ORDER BY uses the BINARY collation: a byte-wise, locale-independent
   * order that is the same on every machine and every run.  CROSS JOIN
   * fixes the loop order (tracks by their path index, then chunks by
   * (track_id, idx)) and the unary + keeps the status index out, so the
   * rows come out sorted and 30,000 vectors need no temporary sort. */
  stmt = _em_store_prepare (self,
                            "SELECT t.path, c.idx, f.vector FROM tracks t"
                            " CROSS JOIN chunks c ON c.track_id = t.id"
                            " CROSS JOIN features f ON f.chunk_id = c.id AND f.set_version = ?1"
                            " WHERE +t.status = 'ok'"
                            " ORDER BY t.path, c.idx", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, set_version);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *path = (const char *)sqlite3_column_text (stmt, 0);
      guint idx = (guint)sqlite3_column_int64 (stmt, 1);
      const guint8 *blob = sqlite3_column_blob (stmt, 2);
      int n_bytes = sqlite3_column_bytes (stmt, 2);
      double row[EM_STORE_N_FEATURES];

      if (n_bytes != (int)VECTOR_BYTES || blob == NULL)
        {
          g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_CORRUPT,
                       "Library database “%s”: the feature vector of chunk %u of “%s” has %d bytes "
                       "instead of %u; rescan the file",
                       self->path, idx, path, n_bytes, (guint)VECTOR_BYTES);
          return FALSE;
        }

      decode_vector (blob, row);
      g_array_append_vals (matrix, row, EM_STORE_N_FEATURES);
      g_ptr_array_add (paths, g_strdup (path));
      g_array_append_val (chunk_idx, idx);
    }

  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "reading features");
      return FALSE;
    }

  return TRUE;
}

/**
 * em_store_load_features:
 * @self: a store
 * @set_version: the feature-set version to read
 * @matrix: (out) (transfer full): row-major n_rows × %EM_STORE_N_FEATURES
 *   doubles (free with g_free(); %NULL when there are no rows)
 * @n_rows: (out): number of rows
 * @paths: (out) (optional) (transfer full): the track path of each row
 * @chunk_idx: (out) (optional) (transfer full): the chunk index (guint) of
 *   each row
 * @error: return location for a #GError
 *
 * Loads the features of every chunk of every "ok" track, ordered by path
 * (byte-wise) then chunk index, so row order is stable across runs.  NaN
 * values are returned as stored.
 *
 * Returns: %TRUE on success
 */
gboolean
em_store_load_features (EmStore     *self,
                        guint        set_version,
                        double     **matrix,
                        gsize       *n_rows,
                        GPtrArray  **paths,
                        GArray     **chunk_idx,
                        GError     **error)
{
  g_autoptr(GArray) m = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) p = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) c = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean ok;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);
  g_return_val_if_fail (matrix != NULL, FALSE);
  g_return_val_if_fail (n_rows != NULL, FALSE);

  *matrix = NULL;
  *n_rows = 0;

  {
    EM_STORE_LOCK (self);
    ok = read_rows (self, set_version, m, p, c, error);
  }

  if (!ok)
    return FALSE;

  *n_rows = p->len;
  if (p->len > 0)
    *matrix = (double *)(void *)g_array_free (g_steal_pointer (&m), FALSE);
  if (paths != NULL)
    *paths = g_steal_pointer (&p);
  if (chunk_idx != NULL)
    *chunk_idx = g_steal_pointer (&c);

  return TRUE;
}
