/* em-recent-folders.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "recent-folders" GSettings key: the libraries opened last, most
 * recent first, at most EM_RECENT_FOLDERS_MAX, each folder once.
 */

#include "config.h"

#include "em-recent-folders.h"

/**
 * em_recent_folders_add:
 * @settings: the application's settings
 * @path: a folder just opened
 *
 * Puts @path first in "recent-folders", removing its older entry and
 * dropping the oldest folders beyond the maximum.
 */
void
em_recent_folders_add (GSettings  *settings,
                       const char *path)
{
  g_auto(GStrv) old = g_settings_get_strv (settings, "recent-folders");
  g_autoptr(GPtrArray) list = g_ptr_array_new ();

  g_return_if_fail (path != NULL);

  g_ptr_array_add (list, (gpointer)path);
  for (guint i = 0; old[i] != NULL && list->len < EM_RECENT_FOLDERS_MAX; i++)
    if (g_strcmp0 (old[i], path) != 0)
      g_ptr_array_add (list, old[i]);
  g_ptr_array_add (list, NULL);

  g_settings_set_strv (settings, "recent-folders", (const char * const *)list->pdata);
}

/**
 * em_recent_folders_dup_existing:
 * @settings: the application's settings
 *
 * Reads "recent-folders" and forgets the folders that no longer exist.
 *
 * Returns: (transfer full): the recent folders that exist, most recent first
 */
char **
em_recent_folders_dup_existing (GSettings *settings)
{
  g_auto(GStrv) old = g_settings_get_strv (settings, "recent-folders");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) existing = NULL;

  for (guint i = 0; old[i] != NULL; i++)
    if (g_file_test (old[i], G_FILE_TEST_IS_DIR))
      g_strv_builder_add (builder, old[i]);
  existing = g_strv_builder_end (builder);

  if (g_strv_length (existing) != g_strv_length (old))
    g_settings_set_strv (settings, "recent-folders", (const char * const *)existing);

  return g_steal_pointer (&existing);
}
