/* em-recent-folders.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define EM_RECENT_FOLDERS_MAX 8

void    em_recent_folders_add          (GSettings  *settings,
                                        const char *path);
char  **em_recent_folders_dup_existing (GSettings  *settings);

G_END_DECLS
