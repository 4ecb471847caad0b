/* em-mp3-sniff.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gsize    em_mp3_frame_length (const guint8 *header);
gboolean em_mp3_sniff_plain (const guint8 *data,
                             gsize         length);
gboolean em_mp3_sniff_file  (const char   *path);

G_END_DECLS
