/* em-label-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels files, readable without a store (the trainer reads them
 * directly): JSON, an array of objects with "file", "label" and an optional
 * "chunk" (other keys are ignored), and CSV (RFC 4180) with a header naming
 * the columns "file", "label" and optionally "chunk" (other columns are
 * ignored).  A missing chunk means chunk 0, the last 10 s, which is the only
 * chunk of a 10-s clip.  Relative paths are resolved against the folder of
 * the labels file.  Any problem is reported with the file name and the
 * line (CSV) or entry index (JSON), and nothing is returned.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <json-glib/json-glib.h>
#include <string.h>

#include "em-csv.h"
#include "em-label-file.h"

#define UTF8_BOM "\xef\xbb\xbf"

/**
 * em_label_entry_new:
 * @path: absolute path of the audio file
 * @chunk_idx: chunk index
 * @label: the label
 * @source: where it came from
 *
 * Returns: (transfer full): a new entry; free with em_label_entry_free()
 */
EmLabelEntry *
em_label_entry_new (const char    *path,
                    guint          chunk_idx,
                    EmLabel        label,
                    EmLabelSource  source)
{
  EmLabelEntry *entry = g_new0 (EmLabelEntry, 1);

  entry->path = g_strdup (path);
  entry->chunk_idx = chunk_idx;
  entry->label = label;
  entry->source = source;

  return entry;
}

/**
 * em_label_entry_free:
 * @entry: (nullable): an entry
 */
void
em_label_entry_free (EmLabelEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->path);
  g_free (entry);
}

/**
 * em_label_file_guess_format:
 * @file: a file name ending in .json or .csv (any case)
 * @format: (out): the format
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the extension names a known format
 */
gboolean
em_label_file_guess_format (const char         *file,
                            EmLabelFileFormat  *format,
                            GError            **error)
{
  const char *dot;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  dot = strrchr (file, '.');
  if (dot != NULL && g_ascii_strcasecmp (dot, ".json") == 0)
    *format = EM_LABEL_FILE_JSON;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".csv") == 0)
    *format = EM_LABEL_FILE_CSV;
  else
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_INVALID,
                   _("“%s”: unknown labels file type; use a name ending in .json or .csv"), file);
      return FALSE;
    }

  return TRUE;
}

static char *
resolve_path (const char *value,
              const char *base_dir)
{
  if (g_str_has_prefix (value, "file://"))
    {
      char *path = g_filename_from_uri (value, NULL, NULL);

      if (path != NULL)
        return path;
    }

  return g_canonicalize_filename (value, base_dir);
}

/* Validates the text values of one entry and appends it.  @where is
 * "line 7" or "entry at index 6" (translated), for the message. */
static gboolean
add_entry (GPtrArray   *entries,
           const char  *file_value,
           const char  *label_value,
           const char  *chunk_value,
           const char  *base_dir,
           const char  *display_name,
           const char  *where,
           GError     **error)
{
  g_autofree char *label_text = g_strstrip (g_strdup (label_value));
  g_autofree char *chunk_text = g_strstrip (g_strdup (chunk_value ? chunk_value : ""));
  g_autofree char *path = NULL;
  guint64 chunk = 0;
  EmLabel label;

  if (file_value[0] == '\0')
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                   _("“%s”, %s: the file name is empty"), display_name, where);
      return FALSE;
    }

  if (!em_label_from_string (label_text, &label) || label == EM_LABEL_NONE)
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                   _("“%s”, %s: unknown label “%s” (expected music, dialogue or both)"),
                   display_name, where, label_text);
      return FALSE;
    }

  if (chunk_text[0] != '\0' &&
      !g_ascii_string_to_unsigned (chunk_text, 10, 0, G_MAXUINT, &chunk, NULL))
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                   _("“%s”, %s: chunk “%s” is not a chunk index (0 = the last 10 s)"),
                   display_name, where, chunk_text);
      return FALSE;
    }

  path = resolve_path (file_value, base_dir);
  g_ptr_array_add (entries, em_label_entry_new (path, (guint)chunk, label, EM_LABEL_SOURCE_IMPORT));

  return TRUE;
}

/* JSON ------------------------------------------------------------------ */

static gboolean
json_member_text (JsonObject  *object,
                  const char  *key,
                  gboolean     required,
                  const char **text,
                  char       **number,
                  const char  *display_name,
                  const char  *where,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *text = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                   _("“%s”, %s: missing key “%s”"), display_name, where, key);
      return FALSE;
    }

  if (number != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      *text = *number;
      return TRUE;
    }

  if (number != NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      if (number != NULL)
        g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                     _("“%s”, %s: “%s” must be a non-negative integer"), display_name, where, key);
      else
        g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                     _("“%s”, %s: “%s” must be a string"), display_name, where, key);
      return FALSE;
    }

  *text = json_node_get_string (node);
  return TRUE;
}

static gboolean
parse_json_entry (GPtrArray   *entries,
                  JsonNode    *node,
                  guint        index,
                  const char  *base_dir,
                  const char  *display_name,
                  GError     **error)
{
  g_autofree char *where = g_strdup_printf (_("entry at index %u"), index);
  g_autofree char *number = NULL;
  const char *file = NULL;
  const char *label = NULL;
  const char *chunk = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                   _("“%s”, %s: not an object with “file” and “label”"), display_name, where);
      return FALSE;
    }

  object = json_node_get_object (node);

  return json_member_text (object, "file", TRUE, &file, NULL, display_name, where, error) &&
         json_member_text (object, "label", TRUE, &label, NULL, display_name, where, error) &&
         json_member_text (object, "chunk", FALSE, &chunk, &number, display_name, where, error) &&
         add_entry (entries, file, label, chunk, base_dir, display_name, where, error);
}

static gboolean
parse_json (GPtrArray   *entries,
            const char  *contents,
            gsize        length,
            const char  *base_dir,
            const char  *display_name,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, contents, (gssize)length, &local_error))
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                   _("“%s” is not valid JSON: %s"), display_name, local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                   _("“%s”: the top level must be an array of objects with “file” and “label”"),
                   display_name);
      return FALSE;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (!parse_json_entry (entries, json_array_get_element (array, i), i,
                             base_dir, display_name, error))
        return FALSE;
    }

  return TRUE;
}

/* CSV ------------------------------------------------------------------- */

static gboolean
csv_read_header (EmCsvReader *r,
                 int         *columns,
                 guint       *n_columns,
                 const char  *display_name,
                 GError     **error)
{
  static const char * const names[] = { "file", "label", "chunk" };
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  guint line;

  do
    {
      line = r->line;
      if (!em_csv_reader_next (r, header, error))
        {
          if (error == NULL || *error == NULL)
            g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                         _("“%s” is empty; expected a header line “file,label”"), display_name);
          return FALSE;
        }
    }
  while (em_csv_is_blank (header));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      columns[i] = em_csv_find_column (header, names[i]);
      if (columns[i] < 0 && i < 2)
        {
          g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                       _("“%s”, line %u: missing column “%s” (the header must name “file” and “label”)"),
                       display_name, line, names[i]);
          return FALSE;
        }
    }

  *n_columns = header->len;
  return TRUE;
}

static gboolean
parse_csv (GPtrArray   *entries,
           const char  *contents,
           gsize        length,
           const char  *base_dir,
           const char  *display_name,
           GError     **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  EmCsvReader r;

  int columns[3];
  guint n_columns;

  em_csv_reader_init (&r, contents, length, display_name);
  if (!csv_read_header (&r, columns, &n_columns, display_name, error))
    return FALSE;

  for (;;)
    {
      g_autofree char *where = g_strdup_printf (_("line %u"), r.line);

      if (!em_csv_reader_next (&r, fields, &local_error))
        break;
      if (em_csv_is_blank (fields))
        continue;

      if (fields->len != n_columns)
        {
          g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                       _("“%s”, %s: found %u fields, but the header has %u"), display_name, where,
                       fields->len, n_columns);
          return FALSE;
        }

      if (!add_entry (entries, g_ptr_array_index (fields, columns[0]),
                      g_ptr_array_index (fields, columns[1]),
                      columns[2] >= 0 ? g_ptr_array_index (fields, columns[2]) : NULL,
                      base_dir, display_name, where, error))
        return FALSE;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* Reading ---------------------------------------------------------------- */

/**
 * em_label_file_parse:
 * @contents: (array length=length): the file's bytes
 * @length: number of bytes
 * @format: the format of @contents
 * @base_dir: absolute folder that relative paths are resolved against
 * @display_name: the file name used in error messages
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type EmLabelEntry) (nullable): the
 *   entries in file order, or %NULL with %EM_STORE_ERROR_PARSE
 */
GPtrArray *
em_label_file_parse (const char         *contents,
                     gsize               length,
                     EmLabelFileFormat   format,
                     const char         *base_dir,
                     const char         *display_name,
                     GError            **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)em_label_entry_free);
  gboolean ok = FALSE;

  g_return_val_if_fail (contents != NULL || length == 0, NULL);
  g_return_val_if_fail (base_dir != NULL && g_path_is_absolute (base_dir), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE,
                   _("“%s” is not UTF-8 text"), display_name);
      return NULL;
    }

  if (length >= 3 && memcmp (contents, UTF8_BOM, 3) == 0)
    {
      contents += 3;
      length -= 3;
    }

  switch (format)
    {
    case EM_LABEL_FILE_JSON:
      ok = parse_json (entries, contents, length, base_dir, display_name, error);
      break;
    case EM_LABEL_FILE_CSV:
      ok = parse_csv (entries, contents, length, base_dir, display_name, error);
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  return ok ? g_steal_pointer (&entries) : NULL;
}

/**
 * em_label_file_read:
 * @file: a labels file (.json or .csv; other names are sniffed: a file
 *   starting with “[” is JSON)
 * @error: return location for a #GError
 *
 * Reads a labels file without a store.  Relative paths are resolved
 * against the folder of @file and every path is made canonical and
 * absolute; entries without a chunk get chunk 0.
 *
 * Returns: (transfer full) (element-type EmLabelEntry) (nullable): the
 *   entries in file order, or %NULL on error
 */
GPtrArray *
em_label_file_read (const char  *file,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *base_dir = NULL;
  g_autoptr(GError) local_error = NULL;
  EmLabelFileFormat format;
  gsize length = 0;

  g_return_val_if_fail (file != NULL, NULL);

  if (!g_file_get_contents (file, &contents, &length, error))
    return NULL;

  if (!em_label_file_guess_format (file, &format, &local_error))
    {
      const char *p = contents;

      while (g_ascii_isspace (*p))
        p++;
      format = *p == '[' ? EM_LABEL_FILE_JSON : EM_LABEL_FILE_CSV;
    }

  absolute = g_canonicalize_filename (file, NULL);
  base_dir = g_path_get_dirname (absolute);

  return em_label_file_parse (contents, length, format, base_dir, file, error);
}

/* Writing ---------------------------------------------------------------- */

static char *
serialize_json (GPtrArray *entries,
                gsize     *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      const EmLabelEntry *entry = g_ptr_array_index (entries, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, entry->path);
      json_builder_set_member_name (builder, "chunk");
      json_builder_add_int_value (builder, entry->chunk_idx);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, em_label_to_string (entry->label));
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, em_label_source_to_string (entry->source));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 1);

  return json_generator_to_data (generator, length);
}

static char *
serialize_csv (GPtrArray *entries,
               gsize     *length)
{
  GString *out = g_string_new ("file,chunk,label,source\n");

  for (guint i = 0; i < entries->len; i++)
    {
      const EmLabelEntry *entry = g_ptr_array_index (entries, i);

      em_csv_append_field (out, entry->path);
      g_string_append_printf (out, ",%u,%s,%s\n", entry->chunk_idx,
                              em_label_to_string (entry->label),
                              em_label_source_to_string (entry->source));
    }

  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}

/**
 * em_label_file_serialize:
 * @entries: (element-type EmLabelEntry): the labels
 * @format: the output format
 * @length: (out) (optional): length of the result in bytes
 *
 * Writes absolute paths, the chunk index, the label and its source (an
 * extra key or column that readers ignore).
 *
 * Returns: (transfer full): the file contents
 */
char *
em_label_file_serialize (GPtrArray          *entries,
                         EmLabelFileFormat   format,
                         gsize              *length)
{
  g_return_val_if_fail (entries != NULL, NULL);

  switch (format)
    {
    case EM_LABEL_FILE_JSON:
      return serialize_json (entries, length);
    case EM_LABEL_FILE_CSV:
      return serialize_csv (entries, length);
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * em_label_file_write:
 * @file: the output file; its extension (.json or .csv) picks the format
 * @entries: (element-type EmLabelEntry): the labels
 * @error: return location for a #GError
 *
 * Writes atomically: a reader sees the old file or the new one, never a
 * half-written one.
 *
 * Returns: %TRUE on success
 */
gboolean
em_label_file_write (const char  *file,
                     GPtrArray   *entries,
                     GError     **error)
{
  g_autofree char *contents = NULL;
  EmLabelFileFormat format;
  gsize length = 0;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (entries != NULL, FALSE);

  if (!em_label_file_guess_format (file, &format, error))
    return FALSE;

  contents = em_label_file_serialize (entries, format, &length);

  return g_file_set_contents (file, contents, (gssize)length, error);
}
