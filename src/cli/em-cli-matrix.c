/* em-cli-matrix.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "em-cli-matrix.h"
#include "em-csv.h"
#include "em-features.h"
#include "em-store.h"

void
em_cli_matrix_clear (EmCliMatrix *matrix)
{
  g_clear_pointer (&matrix->x, g_free);
  g_clear_pointer (&matrix->files, g_ptr_array_unref);
  g_clear_pointer (&matrix->chunks, g_array_unref);
  matrix->n_rows = matrix->n_cols = 0;
}

/* Finds the file and chunk columns and the 38 feature columns by name. */
static gboolean
map_columns (GPtrArray   *header,
             int         *file_col,
             int         *chunk_col,
             int         *feature_cols,
             const char  *display_name,
             GError     **error)
{
  *file_col = em_csv_find_column (header, "file");
  *chunk_col = em_csv_find_column (header, "chunk");
  for (guint i = 0; i < EM_FEATURE_COUNT; i++)
    {
      feature_cols[i] = em_csv_find_column (header, em_feature_name (i));
      if (feature_cols[i] < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s: no column “%s”; expected the CSV of “earmark-cli features”"),
                       display_name, em_feature_name (i));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
parse_row (GPtrArray   *fields,
           const int   *feature_cols,
           double      *row,
           const char  *display_name,
           guint        line,
           GError     **error)
{
  for (guint i = 0; i < EM_FEATURE_COUNT; i++)
    {
      const char *text = feature_cols[i] < (int)fields->len ? g_ptr_array_index (fields, feature_cols[i]) : "";
      char *end = NULL;

      row[i] = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s, line %u: “%s” is not a number (column %s)"),
                       display_name, line, text, em_feature_name (i));
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
em_cli_matrix_load_csv (EmCliMatrix  *matrix,
                        const char   *path,
                        GError      **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display_name = g_filename_display_name (path);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) local_error = NULL;
  int file_col, chunk_col, feature_cols[EM_FEATURE_COUNT];
  EmCsvReader reader;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;

  em_csv_reader_init (&reader, contents, length, display_name);
  if (!em_csv_reader_next (&reader, fields, error) ||
      !map_columns (fields, &file_col, &chunk_col, feature_cols, display_name, error))
    return FALSE;

  matrix->files = g_ptr_array_new_with_free_func (g_free);
  matrix->chunks = g_array_new (FALSE, FALSE, sizeof (guint));
  matrix->n_cols = EM_FEATURE_COUNT;

  for (guint line = reader.line; em_csv_reader_next (&reader, fields, &local_error); line = reader.line)
    {
      double row[EM_FEATURE_COUNT];
      guint chunk = chunk_col >= 0 ? atoi (g_ptr_array_index (fields, chunk_col)) : 0;

      if (fields->len == 1 && ((char *)g_ptr_array_index (fields, 0))[0] == '\0')
        continue;
      if (!parse_row (fields, feature_cols, row, display_name, line, error))
        return FALSE;
      g_array_append_vals (values, row, EM_FEATURE_COUNT);
      g_ptr_array_add (matrix->files, g_strdup (file_col >= 0 ? g_ptr_array_index (fields, file_col) : ""));
      g_array_append_val (matrix->chunks, chunk);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  matrix->n_rows = matrix->files->len;
  matrix->x = (double *)(void *)g_array_free (g_steal_pointer (&values), FALSE);

  return TRUE;
}

gboolean
em_cli_matrix_load_library (EmCliMatrix  *matrix,
                            const char   *db_path,
                            GError      **error)
{
  g_autoptr(EmStore) store = NULL;

  if (!(store = em_store_open (db_path, error)))
    return FALSE;

  matrix->n_cols = EM_FEATURE_COUNT;

  return em_store_load_features (store, EM_FEATURE_SET_VERSION, &matrix->x, &matrix->n_rows,
                                 &matrix->files, &matrix->chunks, error);
}
