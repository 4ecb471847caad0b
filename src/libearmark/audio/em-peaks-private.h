/* em-peaks-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "em-peaks.h"

G_BEGIN_DECLS

/* em_peaks_load_async()'s path for long tracks, with the window size as a
 * parameter so tests can use it on short clips; @duration_s (≤ 0 if
 * unknown) only scales the progress. */
EmPeaks *_em_peaks_load_windowed (const char    *path,
                                  double         window_s,
                                  double         duration_s,
                                  EmJob         *job,
                                  GCancellable  *cancellable,
                                  GError       **error);

G_END_DECLS
