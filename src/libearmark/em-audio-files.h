/* em-audio-files.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean   em_audio_files_is_audio_name (const char          *name);
GPtrArray *em_audio_files_collect       (const char * const  *paths,
                                         GCancellable        *cancellable,
                                         GError             **error);

G_END_DECLS
