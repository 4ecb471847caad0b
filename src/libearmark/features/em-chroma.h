/* em-chroma.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EM_CHROMA_N         12
#define EM_TUNING_GRID_SIZE 100

/* Spectral peaks collected over a clip for the tuning estimate. */
typedef struct
{
  float *pitch;
  float *mag;
  gsize  len;
  gsize  cap;
} EmTuningPeaks;

typedef struct _EmChroma EmChroma;

void         em_tuning_peaks_frame  (EmTuningPeaks *peaks,
                                     const float   *power,
                                     float          power_max);
guint        em_tuning_estimate     (EmTuningPeaks *peaks);
double       em_tuning_grid_value   (guint          index);
void         em_tuning_peaks_clear  (EmTuningPeaks *peaks);

EmChroma    *em_chroma_new          (void);
void         em_chroma_free         (EmChroma      *self);
const double *em_chroma_filterbank  (EmChroma      *self,
                                     guint          tuning_index);
void         em_chroma_frames       (const double  *filterbank,
                                     const float   *power,
                                     gsize          n_frames,
                                     double        *chroma);

G_END_DECLS
