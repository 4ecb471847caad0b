/* em-prediction-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A model's predictions leave the library in three shapes: one M3U
 * playlist per class (each entry one chunk, so a player can audition the
 * class) plus one of the tracks that end with music, a CSV with one row
 * per chunk, and a JSON document grouped by track.  The CSV and JSON carry
 * the probabilities and the track-level verdict.  Every file is written
 * whole through g_file_set_contents(), so a failed export never leaves a
 * half-written file behind.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "em-prediction-export.h"
#include "em-store-private.h"

void
em_chunk_prediction_free (EmChunkPrediction *prediction)
{
  if (prediction == NULL)
    return;

  g_free (prediction->path);
  g_free (prediction);
}

void
em_track_outro_free (EmTrackOutro *outro)
{
  if (outro == NULL)
    return;

  g_free (outro->path);
  g_free (outro);
}

/* Caller holds the store's mutex. */
static GHashTable *
load_durations (EmStore  *self,
                GError  **error)
{
  g_autoptr(GHashTable) durations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  if (!(stmt = _em_store_prepare (self, "SELECT path, duration_s FROM tracks", error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double duration = _em_store_column_double (stmt, 1);

      g_hash_table_insert (durations, g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                           g_memdup2 (&duration, sizeof duration));
    }

  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "reading track durations");
      return NULL;
    }

  return g_steal_pointer (&durations);
}

/**
 * em_store_load_chunk_predictions:
 * @self: a store
 * @model_id: a model id, or 0 for the active model
 * @durations: (out) (optional) (transfer full): path → duration (a
 *   pointer to a double) of every track
 * @error: return location for a #GError
 *
 * The model's predictions joined with their chunks' times, in one query
 * (a library of 30,000 tracks must not cost 30,000 of them).
 *
 * Returns: (transfer full) (element-type EmChunkPrediction) (nullable):
 *   by path then chunk index, or %NULL on error
 */
GPtrArray *
em_store_load_chunk_predictions (EmStore      *self,
                                 gint64        model_id,
                                 GHashTable  **durations,
                                 GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify)em_chunk_prediction_free);
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EM_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);

  stmt = _em_store_prepare (self,
                            "SELECT t.path, c.idx, c.start_s, c.end_s, p.label, p.p_music, p.p_dialogue, p.p_both"
                            EM_STORE_PREDICTIONS_FROM, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, model_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EmChunkPrediction *row = g_new0 (EmChunkPrediction, 1);

      row->path = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      row->chunk_idx = (guint)sqlite3_column_int64 (stmt, 1);
      row->start_s = _em_store_column_double (stmt, 2);
      row->end_s = _em_store_column_double (stmt, 3);
      em_label_from_string ((const char *)sqlite3_column_text (stmt, 4), &row->label);
      row->p_music = _em_store_column_double (stmt, 5);
      row->p_dialogue = _em_store_column_double (stmt, 6);
      row->p_both = _em_store_column_double (stmt, 7);
      g_ptr_array_add (result, row);
    }

  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "reading predictions");
      return NULL;
    }
  g_clear_pointer (&stmt, _em_cached_stmt_release);

  if (durations != NULL && !(*durations = load_durations (self, error)))
    return NULL;

  return g_steal_pointer (&result);
}

/**
 * em_prediction_export_relative_path:
 * @path: an absolute file path
 * @folder: an absolute folder path
 *
 * Returns: (transfer full): @path relative to @folder ("../x/y.mp3"),
 *   both taken in canonical form
 */
char *
em_prediction_export_relative_path (const char *path,
                                    const char *folder)
{
  g_autofree char *canonical_path = g_canonicalize_filename (path, NULL);
  g_autofree char *canonical_folder = g_canonicalize_filename (folder, NULL);
  g_auto(GStrv) from = g_strsplit (canonical_folder, G_DIR_SEPARATOR_S, -1);
  g_auto(GStrv) to = g_strsplit (canonical_path, G_DIR_SEPARATOR_S, -1);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  guint common = 0;

  /* "/" splits into {"", ""}: drop empty components after the root. */
  while (from[common] != NULL && to[common] != NULL && to[common + 1] != NULL &&
         strcmp (from[common], to[common]) == 0)
    common++;

  for (guint i = common; from[i] != NULL; i++)
    if (from[i][0] != '\0')
      g_ptr_array_add (parts, (gpointer)"..");
  for (guint i = common; to[i] != NULL; i++)
    if (to[i][0] != '\0')
      g_ptr_array_add (parts, to[i]);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **)parts->pdata);
}

static gboolean
write_file (const char  *file,
            GString     *contents,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_file_set_contents (file, contents->str, contents->len, &local_error))
    return TRUE;

  g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_FAILED,
               _("Cannot write “%s”: %s"), file, local_error->message);
  return FALSE;
}

static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* NaN (no "both" class, no music start) is an empty field. */
  if (!isnan (value))
    g_string_append (out, g_ascii_dtostr (buf, sizeof buf, value));
}

static void
append_entry (GString    *out,
              const char *path,
              double      seconds,
              const char *title,
              const char *folder,
              gboolean    relative)
{
  g_autofree char *shown = relative ? em_prediction_export_relative_path (path, folder)
                                    : g_canonicalize_filename (path, NULL);

  g_string_append_printf (out, "#EXTINF:%.0f,%s\n%s\n", MAX (seconds, 0), title, shown);
}

static gboolean
write_class_playlist (GPtrArray   *predictions,
                      EmLabel      label,
                      const char  *folder,
                      gboolean     relative,
                      GError     **error)
{
  g_autofree char *name = g_strdup_printf ("%s.m3u", em_label_to_string (label));
  g_autofree char *file = g_build_filename (folder, name, NULL);
  g_autoptr(GString) out = g_string_new ("#EXTM3U\n");
  char start[G_ASCII_DTOSTR_BUF_SIZE], end[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < predictions->len; i++)
    {
      const EmChunkPrediction *p = g_ptr_array_index (predictions, i);
      g_autofree char *base = NULL;
      g_autofree char *title = NULL;

      if (p->label != label)
        continue;
      base = g_path_get_basename (p->path);
      title = g_strdup_printf ("%s, chunk %u (%s-%s s)", base, p->chunk_idx,
                               g_ascii_formatd (start, sizeof start, "%.1f", p->start_s),
                               g_ascii_formatd (end, sizeof end, "%.1f", p->end_s));
      append_entry (out, p->path, p->end_s - p->start_s, title, folder, relative);
    }

  return write_file (file, out, error);
}

static gboolean
write_outro_playlist (GPtrArray   *outros,
                      const char  *folder,
                      gboolean     relative,
                      GError     **error)
{
  g_autofree char *file = g_build_filename (folder, "outro-music.m3u", NULL);
  g_autoptr(GString) out = g_string_new ("#EXTM3U\n");
  char start[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < outros->len; i++)
    {
      const EmTrackOutro *o = g_ptr_array_index (outros, i);
      g_autofree char *base = NULL;
      g_autofree char *title = NULL;

      if (!o->has_outro_music)
        continue;
      base = g_path_get_basename (o->path);
      title = g_strdup_printf ("%s (music from %s s)", base,
                               g_ascii_formatd (start, sizeof start, "%.1f", o->music_start_s));
      append_entry (out, o->path, o->duration_s, title, folder, relative);
    }

  return write_file (file, out, error);
}

/**
 * em_prediction_export_playlists:
 * @predictions: (element-type EmChunkPrediction): the chunks
 * @outros: (element-type EmTrackOutro) (nullable): track verdicts
 * @binary: whether the model is binary (no "both" playlist)
 * @folder: where to write, created if missing
 * @relative: write paths relative to @folder instead of absolute ones
 * @error: return location for a #GError
 *
 * Writes music.m3u, dialogue.m3u, both.m3u (three-class models) with one
 * `#EXTINF:<seconds>,<title>` line and the path per chunk of that class,
 * in the order of @predictions, and outro-music.m3u with the tracks whose
 * verdict says they end with music (when @outros is given).
 *
 * Returns: %TRUE on success
 */
gboolean
em_prediction_export_playlists (GPtrArray   *predictions,
                                GPtrArray   *outros,
                                gboolean     binary,
                                const char  *folder,
                                gboolean     relative,
                                GError     **error)
{
  const EmLabel labels[] = { EM_LABEL_MUSIC, EM_LABEL_DIALOGUE, EM_LABEL_BOTH };
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (predictions != NULL, FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);

  canonical = g_canonicalize_filename (folder, NULL);
  if (g_mkdir_with_parents (canonical, 0755) != 0)
    {
      int errsv = errno;
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_FAILED,
                   _("Cannot create the folder “%s”: %s"), folder, g_strerror (errsv));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      if (binary && labels[i] == EM_LABEL_BOTH)
        continue;
      if (!write_class_playlist (predictions, labels[i], canonical, relative, error))
        return FALSE;
    }

  return outros == NULL || write_outro_playlist (outros, canonical, relative, error);
}

static GHashTable *
index_outros (GPtrArray *outros)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; outros != NULL && i < outros->len; i++)
    {
      EmTrackOutro *o = g_ptr_array_index (outros, i);
      g_hash_table_insert (index, o->path, o);
    }

  return index;
}

static void
append_csv_field (GString    *out,
                  const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *c = field; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

/**
 * em_prediction_export_csv:
 * @predictions: (element-type EmChunkPrediction): the chunks
 * @outros: (element-type EmTrackOutro) (nullable): track verdicts
 * @file: the CSV file to write
 * @error: return location for a #GError
 *
 * One row per chunk: `file,chunk,start_s,end_s,label,p_music,p_dialogue,
 * p_both,has_outro_music,music_start_s`; the last two repeat the track's
 * verdict (empty when unknown or, for music_start_s, when it has none).
 * Numbers are written so that they read back to the same double.
 *
 * Returns: %TRUE on success
 */
gboolean
em_prediction_export_csv (GPtrArray   *predictions,
                          GPtrArray   *outros,
                          const char  *file,
                          GError     **error)
{
  g_autoptr(GHashTable) index = index_outros (outros);
  g_autoptr(GString) out = g_string_new ("file,chunk,start_s,end_s,label,p_music,p_dialogue,p_both,"
                                         "has_outro_music,music_start_s\n");

  for (guint i = 0; i < predictions->len; i++)
    {
      const EmChunkPrediction *p = g_ptr_array_index (predictions, i);
      const EmTrackOutro *o = g_hash_table_lookup (index, p->path);
      const double values[] = { p->start_s, p->end_s };

      append_csv_field (out, p->path);
      g_string_append_printf (out, ",%u", p->chunk_idx);
      for (guint v = 0; v < G_N_ELEMENTS (values); v++)
        {
          g_string_append_c (out, ',');
          append_double (out, values[v]);
        }
      g_string_append_printf (out, ",%s,", em_label_to_string (p->label));
      append_double (out, p->p_music);
      g_string_append_c (out, ',');
      append_double (out, p->p_dialogue);
      g_string_append_c (out, ',');
      append_double (out, p->p_both);
      g_string_append_printf (out, ",%s,", o == NULL ? "" : o->has_outro_music ? "true" : "false");
      append_double (out, o == NULL ? NAN : o->music_start_s);
      g_string_append_c (out, '\n');
    }

  return write_file (file, out, error);
}

static void
add_number_or_null (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_chunk (JsonBuilder             *builder,
           const EmChunkPrediction *p)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "chunk");
  json_builder_add_int_value (builder, p->chunk_idx);
  add_number_or_null (builder, "start_s", p->start_s);
  add_number_or_null (builder, "end_s", p->end_s);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, em_label_to_string (p->label));
  add_number_or_null (builder, "p_music", p->p_music);
  add_number_or_null (builder, "p_dialogue", p->p_dialogue);
  add_number_or_null (builder, "p_both", p->p_both);
  json_builder_end_object (builder);
}

static void
begin_track (JsonBuilder        *builder,
             const char         *path,
             const EmTrackOutro *o)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, path);
  add_number_or_null (builder, "duration_s", o != NULL ? o->duration_s : NAN);
  json_builder_set_member_name (builder, "has_outro_music");
  if (o == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_boolean_value (builder, o->has_outro_music);
  add_number_or_null (builder, "music_start_s", o != NULL ? o->music_start_s : NAN);
  json_builder_set_member_name (builder, "chunks");
  json_builder_begin_array (builder);
}

/**
 * em_prediction_export_json:
 * @predictions: (element-type EmChunkPrediction): the chunks, by path
 * @outros: (element-type EmTrackOutro) (nullable): track verdicts
 * @model_id: the model that made the predictions
 * @mode: (nullable): its mode ("three-class" or "binary")
 * @file: the JSON file to write
 * @error: return location for a #GError
 *
 * Writes `{"model": {"id", "mode"}, "tracks": [{"file", "duration_s",
 * "has_outro_music", "music_start_s", "chunks": [{"chunk", "start_s",
 * "end_s", "label", "p_music", "p_dialogue", "p_both"}]}]}`; unknown
 * values and p_both of binary models are null.
 *
 * Returns: %TRUE on success
 */
gboolean
em_prediction_export_json (GPtrArray   *predictions,
                           GPtrArray   *outros,
                           gint64       model_id,
                           const char  *mode,
                           const char  *file,
                           GError     **error)
{
  g_autoptr(GHashTable) index = index_outros (outros);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) out = NULL;
  const char *track = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, model_id);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, mode);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "tracks");
  json_builder_begin_array (builder);

  for (guint i = 0; i < predictions->len; i++)
    {
      const EmChunkPrediction *p = g_ptr_array_index (predictions, i);

      if (g_strcmp0 (track, p->path) != 0)
        {
          if (track != NULL)
            {
              json_builder_end_array (builder);
              json_builder_end_object (builder);
            }
          begin_track (builder, p->path, g_hash_table_lookup (index, p->path));
          track = p->path;
        }
      add_chunk (builder, p);
    }
  if (track != NULL)
    {
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  out = g_string_new (NULL);
  json_generator_to_gstring (generator, out);
  g_string_append_c (out, '\n');

  return write_file (file, out, error);
}
