/* em-store-features.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the feature matrix for analysis and training.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

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

/* Both queries return rows sorted by path (BINARY collation: byte-wise,
 * locale-independent, the same on every machine) then chunk index.
 * CROSS JOIN fixes the loop order (tracks by their path index, then chunks
 * by (track_id, idx)) and the unary + keeps the status index out, so the
 * rows come out sorted and 30,000 vectors need no temporary sort. */
static const char *all_rows_sql =
  "SELECT t.path, c.idx, f.vector FROM tracks t"
  " CROSS JOIN chunks c ON c.track_id = t.id"
  " CROSS JOIN features f ON f.chunk_id = c.id AND f.set_version = ?1"
  " WHERE +t.status = 'ok'"
  " ORDER BY t.path, c.idx";

static const char *labelled_rows_sql =
  "SELECT t.path, c.idx, f.vector, l.label FROM tracks t"
  " CROSS JOIN chunks c ON c.track_id = t.id"
  " CROSS JOIN features f ON f.chunk_id = c.id AND f.set_version = ?1"
  " CROSS JOIN labels l ON l.path = t.path AND l.chunk_idx = c.idx"
  " WHERE +t.status = 'ok'"
  " ORDER BY t.path, c.idx";

typedef struct
{
  GArray    *matrix;
  GPtrArray *paths;
  GArray    *chunk_idx;
  GArray    *labels;     /* NULL: all rows, labelled or not */
} Rows;

static gboolean
add_row (EmStore       *self,
         sqlite3_stmt  *stmt,
         Rows          *rows,
         GError       **error)
{
  const char *path = (const char *)sqlite3_column_text (stmt, 0);
  guint idx = (guint)sqlite3_column_int64 (stmt, 1);
  const guint8 *blob = sqlite3_column_blob (stmt, 2);
  int n_bytes = sqlite3_column_bytes (stmt, 2);
  double row[EM_STORE_N_FEATURES];

  if (n_bytes != (int)VECTOR_BYTES || blob == NULL)
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_CORRUPT,
                   _("Library database “%s”: the feature vector of chunk %u of “%s” has %d bytes "
                     "instead of %u; rescan the file"),
                   self->path, idx, path, n_bytes, (guint)VECTOR_BYTES);
      return FALSE;
    }

  decode_vector (blob, row);
  g_array_append_vals (rows->matrix, row, EM_STORE_N_FEATURES);
  g_ptr_array_add (rows->paths, g_strdup (path));
  g_array_append_val (rows->chunk_idx, idx);

  if (rows->labels != NULL)
    {
      EmLabel label = EM_LABEL_NONE;

      em_label_from_string ((const char *)sqlite3_column_text (stmt, 3), &label);
      g_array_append_val (rows->labels, label);
    }

  return TRUE;
}

static gboolean
read_rows (EmStore  *self,
           guint     set_version,
           Rows     *rows,
           GError  **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  stmt = _em_store_prepare (self, rows->labels != NULL ? labelled_rows_sql : all_rows_sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, set_version);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!add_row (self, stmt, rows, error))
        return FALSE;
    }

  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "reading features");
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_rows (EmStore     *self,
           guint        set_version,
           gboolean     labelled,
           double     **matrix,
           gsize       *n_rows,
           GPtrArray  **paths,
           GArray     **chunk_idx,
           GArray     **labels,
           GError     **error)
{
  g_autoptr(GArray) m = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) p = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) c = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) l = labelled ? g_array_new (FALSE, FALSE, sizeof (EmLabel)) : NULL;
  Rows rows = { m, p, c, l };
  gboolean ok;

  *matrix = NULL;
  *n_rows = 0;

  {
    EM_STORE_LOCK (self);
    ok = read_rows (self, set_version, &rows, error);
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
  if (labels != NULL)
    *labels = g_steal_pointer (&l);

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
  g_return_val_if_fail (EM_IS_STORE (self), FALSE);
  g_return_val_if_fail (matrix != NULL, FALSE);
  g_return_val_if_fail (n_rows != NULL, FALSE);

  return load_rows (self, set_version, FALSE, matrix, n_rows, paths, chunk_idx, NULL, error);
}

/**
 * em_store_load_labelled_features:
 * @self: a store
 * @set_version: the feature-set version to read
 * @matrix: (out) (transfer full): row-major n_rows × %EM_STORE_N_FEATURES
 *   doubles (free with g_free(); %NULL when there are no rows)
 * @n_rows: (out): number of rows
 * @paths: (out) (optional) (transfer full): the track path of each row
 * @chunk_idx: (out) (optional) (transfer full): the chunk index (guint) of
 *   each row
 * @labels: (out) (optional) (transfer full): the #EmLabel of each row
 * @error: return location for a #GError
 *
 * Like em_store_load_features(), restricted to the chunks that carry a
 * label: the training set.
 *
 * Returns: %TRUE on success
 */
gboolean
em_store_load_labelled_features (EmStore     *self,
                                 guint        set_version,
                                 double     **matrix,
                                 gsize       *n_rows,
                                 GPtrArray  **paths,
                                 GArray     **chunk_idx,
                                 GArray     **labels,
                                 GError     **error)
{
  g_return_val_if_fail (EM_IS_STORE (self), FALSE);
  g_return_val_if_fail (matrix != NULL, FALSE);
  g_return_val_if_fail (n_rows != NULL, FALSE);

  return load_rows (self, set_version, TRUE, matrix, n_rows, paths, chunk_idx, labels, error);
}
