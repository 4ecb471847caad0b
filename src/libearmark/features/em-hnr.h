/* em-hnr.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Value of a frame whose winner is the unvoiced candidate (spec §8.8). */
#define EM_HNR_UNVOICED (-200.0)

/**
 * EmHnrFrames:
 * @t1: centre of the first frame in seconds (NaN when there is no frame)
 * @dt: frame step in seconds, 0.01 (NaN when there is no frame)
 * @n_frames: number of frames
 * @values: (array length=n_frames): per-frame HNR in dB;
 *   %EM_HNR_UNVOICED (-200) marks an unvoiced frame
 *
 * Praat's Harmonicity frame grid and values for one clip.
 */
typedef struct
{
  double  t1;
  double  dt;
  gsize   n_frames;
  double *values;
} EmHnrFrames;

double em_hnr_compute       (const float *y,
                             gsize        n,
                             EmHnrFrames *frames);
void   em_hnr_frames_clear  (EmHnrFrames *frames);

G_END_DECLS
