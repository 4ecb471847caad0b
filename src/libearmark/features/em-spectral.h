/* em-spectral.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EM_CONTRAST_N_BANDS 7

typedef struct _EmContrastBands EmContrastBands;

/* Previous frame's q-th largest value (and q-th smallest, negated) per band. */
typedef struct
{
  float guess_high[EM_CONTRAST_N_BANDS];
  float guess_low[EM_CONTRAST_N_BANDS];
} EmContrastState;

EmContrastBands *em_contrast_bands_new   (void);
void             em_contrast_bands_free  (EmContrastBands       *self);
void             em_contrast_state_reset (EmContrastState       *state);
void             em_contrast_frame       (const EmContrastBands *self,
                                          EmContrastState       *state,
                                          const float           *magnitude,
                                          double                *peak,
                                          double                *valley);
void             em_contrast_finish      (double                *peak,
                                          const double          *valley,
                                          gsize                  n_frames);

double           em_spectral_rolloff     (const float           *magnitude);
void             em_spectral_centroid_bandwidth (const float    *magnitude,
                                                 double         *centroid,
                                                 double         *bandwidth);

G_END_DECLS
