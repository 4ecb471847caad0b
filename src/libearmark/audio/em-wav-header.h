/* em-wav-header.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean em_wav_header_overclaims (const char *path,
                                   double     *claimed_s,
                                   double     *present_s);

G_END_DECLS
