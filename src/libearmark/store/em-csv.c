/* em-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "em-csv.h"

void
em_csv_reader_init (EmCsvReader *reader,
                    const char  *contents,
                    gsize        length,
                    const char  *display_name)
{
  reader->p = contents;
  reader->end = contents + length;
  reader->line = 1;
  reader->display_name = display_name;
}

static gboolean
csv_quoted_field (EmCsvReader  *r,
                  GString      *field,
                  GError      **error)
{
  const char *display_name = r->display_name;
  guint start_line = r->line;

  r->p++;  /* opening quote */
  for (;;)
    {
      if (r->p >= r->end)
        {
          g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                       _("“%s”, line %u: a quoted field is not closed"), display_name, start_line);
          return FALSE;
        }
      if (*r->p == '"' && r->p + 1 < r->end && r->p[1] == '"')
        {
          g_string_append_c (field, '"');
          r->p += 2;
          continue;
        }
      if (*r->p == '"')
        break;
      if (*r->p == '\n')
        r->line++;
      g_string_append_c (field, *r->p++);
    }

  r->p++;  /* closing quote */
  if (r->p < r->end && *r->p != ',' && *r->p != '\r' && *r->p != '\n')
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                   _("“%s”, line %u: unexpected text after a closing quote"), display_name, r->line);
      return FALSE;
    }

  return TRUE;
}

/**
 * em_csv_reader_next:
 * @reader: a reader
 * @fields: (element-type utf8): receives the record's fields
 * @error: return location for a #GError
 *
 * Reads one record; quoted fields may hold commas, doubled quotes and
 * line breaks.
 *
 * Returns: %TRUE with a record, %FALSE at the end of the input (@error
 *   unset) or on malformed quoting (%EM_STORE_ERROR_PARSE naming the line)
 */
gboolean
em_csv_reader_next (EmCsvReader  *r,
                    GPtrArray    *fields,
                    GError      **error)
{
  g_ptr_array_set_size (fields, 0);

  if (r->p >= r->end)
    return FALSE;

  for (;;)
    {
      g_autoptr(GString) field = g_string_new (NULL);

      if (*r->p == '"')
        {
          if (!csv_quoted_field (r, field, error))
            return FALSE;
        }
      else
        {
          while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
            g_string_append_c (field, *r->p++);
        }

      g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));

      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == '\r')
        r->p++;
      if (r->p < r->end && *r->p == '\n')
        {
          r->p++;
          r->line++;
        }
      return TRUE;
    }
}

/* A blank line reads as one empty field. */
gboolean
em_csv_is_blank (GPtrArray *fields)
{
  return fields->len == 1 && ((const char *)g_ptr_array_index (fields, 0))[0] == '\0';
}


/* The index of column @name (case-insensitive, surrounding space ignored), or -1. */
int
em_csv_find_column (GPtrArray  *header,
                    const char *name)
{
  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *column = g_strstrip (g_strdup (g_ptr_array_index (header, i)));

      if (g_ascii_strcasecmp (column, name) == 0)
        return (int)i;
    }

  return -1;
}


/* Quotes @value when it holds a comma, a quote, a line break or leading space. */
void
em_csv_append_field (GString    *out,
                     const char *value)
{
  if (strpbrk (value, ",\"\r\n") == NULL && !g_ascii_isspace (value[0]))
    {
      g_string_append (out, value);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
