/* em-hnr-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internals of the HNR analysis (spec §8) shared between em-hnr.c and its
 * helper files.  Sizes are those of spec §8.2 at 22050 Hz.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EM_HNR_SR        22050
#define EM_HNR_W         292   /* window length 2h */
#define EM_HNR_HALF_W    146   /* h */
#define EM_HNR_P         294   /* longest period in samples */
#define EM_HNR_LMAX      292   /* largest lag computed */
#define EM_HNR_LI        292   /* lags kept for interpolation */
#define EM_HNR_M         585   /* 2 * LI + 1 positions of A */
#define EM_HNR_SPAN      584   /* LMAX + W samples correlated per frame */
#define EM_HNR_MIN_N     588   /* T_s in samples */

double _em_hnr_interpolate (const double *a1,
                            int           n_a,
                            double        q);
double _em_hnr_brent_max   (const double *a1,
                            int           n_a,
                            double        lo,
                            double        hi,
                            double       *q_max);

G_END_DECLS
