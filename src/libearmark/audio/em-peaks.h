/* em-peaks.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "em-job.h"

G_BEGIN_DECLS

/* Samples per bin of level 0; each next level halves the resolution. */
#define EM_PEAKS_BIN_SAMPLES_DEFAULT 64

/**
 * EmPeaks:
 *
 * A min/max peak pyramid of a mono float signal (refcounted boxed type).
 * Level 0 holds one (min, max) pair per bin of bin_samples samples; level
 * l + 1 holds one pair per two bins of level l, so a bin of level l covers
 * bin_samples × 2^l samples. The last bin of a level may cover fewer
 * samples. NaN samples are ignored; a bin with no finite sample is (0, 0).
 * Immutable once built, so it may be shared between threads.
 */
typedef struct _EmPeaks EmPeaks;

#define EM_TYPE_PEAKS (em_peaks_get_type ())

GType        em_peaks_get_type            (void) G_GNUC_CONST;
EmPeaks     *em_peaks_ref                 (EmPeaks              *peaks);
void         em_peaks_unref               (EmPeaks              *peaks);
EmPeaks     *em_peaks_new_from_samples    (const float          *samples,
                                           gsize                 n_samples,
                                           guint                 rate,
                                           guint                 bin_samples,
                                           EmJob                *job,
                                           GError              **error);
void         em_peaks_load_async          (const char           *path,
                                           EmJob                *job,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
EmPeaks     *em_peaks_load_finish         (GAsyncResult         *result,
                                           GError              **error);
guint        em_peaks_get_rate            (EmPeaks              *peaks);
gsize        em_peaks_get_n_samples       (EmPeaks              *peaks);
double       em_peaks_get_duration        (EmPeaks              *peaks);
guint        em_peaks_get_n_levels        (EmPeaks              *peaks);
gsize        em_peaks_get_bin_samples     (EmPeaks              *peaks,
                                           guint                 level);
const float *em_peaks_get_level           (EmPeaks              *peaks,
                                           guint                 level,
                                           gsize                *n_bins);
guint        em_peaks_get_level_for       (EmPeaks              *peaks,
                                           double                samples_per_pixel);
void         em_peaks_get_range           (EmPeaks              *peaks,
                                           guint                 level,
                                           gsize                 first_sample,
                                           gsize                 end_sample,
                                           float                *min,
                                           float                *max);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmPeaks, em_peaks_unref)

G_END_DECLS
