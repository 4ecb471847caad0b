/* em-cli-matrix.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A feature matrix with the id of each row, read from a library or from
 * a CSV written by `earmark-cli features`. */
typedef struct
{
  double    *x;        /* n_rows × n_cols, row-major */
  gsize      n_rows;
  gsize      n_cols;
  GPtrArray *files;    /* (element-type utf8) row → file */
  GArray    *chunks;   /* (element-type guint) row → chunk index */
} EmCliMatrix;

gboolean em_cli_matrix_load_csv     (EmCliMatrix  *matrix,
                                     const char   *path,
                                     GError      **error);
gboolean em_cli_matrix_load_library (EmCliMatrix  *matrix,
                                     const char   *db_path,
                                     GError      **error);
void     em_cli_matrix_clear        (EmCliMatrix  *matrix);

G_END_DECLS
