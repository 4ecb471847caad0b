/* em-csv.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 4180 CSV: a reader over an in-memory buffer that counts physical
 * lines for error messages, and the field quoting of the writers.
 */

#pragma once

#include <glib.h>

#include "em-store-error.h"

G_BEGIN_DECLS

typedef struct
{
  const char *p;
  const char *end;
  guint       line;           /* physical line of p, from 1 */
  const char *display_name;   /* the file, for error messages */
} EmCsvReader;

void     em_csv_reader_init  (EmCsvReader  *reader,
                              const char   *contents,
                              gsize         length,
                              const char   *display_name);
gboolean em_csv_reader_next  (EmCsvReader  *reader,
                              GPtrArray    *fields,
                              GError      **error);
gboolean em_csv_is_blank     (GPtrArray    *fields);
int      em_csv_find_column  (GPtrArray    *header,
                              const char   *name);
void     em_csv_append_field (GString      *out,
                              const char   *value);

G_END_DECLS
