/* em-recent-folders.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "recent-folders" GSettings key: the libraries opened last, most
 * recent first, at most EM_RECENT_FOLDERS_MAX, each folder once; and the
 * rows and menu items that show them.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

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

/* "~/Audio/Talks" rather than "/home/ann/Audio/Talks". */
/**
 * em_recent_folders_dup_display_path:
 * @path: a folder
 *
 * Returns: (transfer full): @path for people, with ~ for the home folder
 */
char *
em_recent_folders_dup_display_path (const char *path)
{
  const char *home = g_get_home_dir ();
  gsize home_len = strlen (home);

  if (home_len > 1 && g_str_has_prefix (path, home) && path[home_len] == G_DIR_SEPARATOR)
    return g_strconcat ("~", path + home_len, NULL);

  return g_filename_display_name (path);
}

/* A row of the empty state's list: activating it runs win.open-recent. */
GtkWidget *
em_recent_folders_create_row (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *display = em_recent_folders_dup_display_path (path);
  g_autofree char *title = g_markup_escape_text (base, -1);
  g_autofree char *subtitle = g_markup_escape_text (display, -1);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("folder-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_string (path));
  gtk_widget_set_tooltip_text (row, path);

  return row;
}

/* An item of the main menu's "Open Recent" submenu, without its action. */
GMenuItem *
em_recent_folders_create_item (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_auto(GStrv) parts = g_strsplit (base, "_", -1);
  /* Menu labels take "_" as a mnemonic mark: double it to show it. */
  g_autofree char *label = g_strjoinv ("__", parts);

  return g_menu_item_new (label, NULL);
}
