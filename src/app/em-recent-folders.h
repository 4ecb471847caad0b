/* em-recent-folders.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EM_RECENT_FOLDERS_MAX 8

void    em_recent_folders_add          (GSettings  *settings,
                                        const char *path);
char  **em_recent_folders_dup_existing (GSettings  *settings);
char   *em_recent_folders_dup_display_path (const char *path);
GtkWidget *em_recent_folders_create_row    (const char *path);
GMenuItem *em_recent_folders_create_item   (const char *path);

G_END_DECLS
