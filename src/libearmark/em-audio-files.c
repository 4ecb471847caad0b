/* em-audio-files.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Turns command-line style arguments (files and folders) into the sorted
 * list of audio files they name.  Files named directly are always taken,
 * so a broken file gets a clear error later instead of being skipped
 * silently; inside folders only names with an audio extension are taken,
 * so cover art and notes next to the audio are not reported as errors.
 */

#include "config.h"

#include <string.h>

#include "em-audio-files.h"

static const char * const audio_extensions[] = {
  "mp3", "ogg", "oga", "opus", "flac", "wav", "wave", "m4a", "m4b", "aac",
  "aif", "aiff", "wma", "mka", "webm", "spx", "mp2", "mpga", "ac3",
};

/**
 * em_audio_files_is_audio_name:
 * @name: a file name or path
 *
 * Returns: %TRUE if @name ends in an audio extension Earmark scans
 */
gboolean
em_audio_files_is_audio_name (const char *name)
{
  const char *dot;

  g_return_val_if_fail (name != NULL, FALSE);

  dot = strrchr (name, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (audio_extensions); i++)
    if (g_ascii_strcasecmp (dot + 1, audio_extensions[i]) == 0)
      return TRUE;

  return FALSE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* Depth-first over @dir, children visited in byte order of their names so
 * the result is the same on every file system. */
static gboolean
collect_folder (const char    *dir,
                GPtrArray     *out,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!(handle = g_dir_open (dir, 0, error)))
    return FALSE;

  while ((name = g_dir_read_name (handle)))
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (!g_file_test (child, G_FILE_TEST_IS_SYMLINK) &&
              !collect_folder (child, out, cancellable, error))
            return FALSE;
        }
      else if (em_audio_files_is_audio_name (child))
        g_ptr_array_add (out, g_steal_pointer (&child));
    }

  return TRUE;
}

/**
 * em_audio_files_collect:
 * @paths: %NULL-terminated files and folders
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Folders are walked recursively (hidden entries and symbolic links to
 * folders are skipped), their audio files sorted by name; each path in the
 * result is the argument joined with the relative path inside it.
 *
 * Returns: (transfer full) (element-type utf8): the paths, or %NULL when a
 *   path does not exist or a folder cannot be read
 */
GPtrArray *
em_audio_files_collect (const char * const  *paths,
                        GCancellable        *cancellable,
                        GError             **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (paths != NULL, NULL);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      if (g_file_test (paths[i], G_FILE_TEST_IS_DIR))
        {
          if (!collect_folder (paths[i], out, cancellable, error))
            return NULL;
        }
      else if (g_file_test (paths[i], G_FILE_TEST_EXISTS))
        g_ptr_array_add (out, g_strdup (paths[i]));
      else
        {
          g_autofree char *display = g_filename_display_name (paths[i]);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "%s: no such file or folder", display);
          return NULL;
        }
    }

  return g_steal_pointer (&out);
}
