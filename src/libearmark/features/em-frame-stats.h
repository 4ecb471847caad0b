/* em-frame-stats.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void em_frame_stats_zcr (const float *y,
                         gsize        n,
                         gsize        n_frames,
                         guint       *scratch,
                         double      *zcr);
void em_frame_stats_rms (const float *y,
                         gsize        n,
                         gsize        n_frames,
                         double      *scratch,
                         double      *rms);

G_END_DECLS
