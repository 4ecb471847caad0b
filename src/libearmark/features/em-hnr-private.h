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

/* Buffer sizes for the vector kernels, which run in blocks of 64 lags. */
#define EM_HNR_LAGS_PADDED 320
#define EM_HNR_SPAN_PADDED (EM_HNR_W + EM_HNR_LAGS_PADDED)

double _em_hnr_interpolate (const double *a1,
                            int           n_a,
                            double        q);
double _em_hnr_brent_max   (const double *a1,
                            int           n_a,
                            double        lo,
                            double        hi,
                            double       *q_max);

void   _em_hnr_lag_products (const double *u,
                            double       *num);
double _em_hnr_sinc_value   (const double *a1,
                            int           n_a,
                            int           m,
                            double        phi,
                            double        psi,
                            int           depth);
double _em_hnr_frame_prepare (const float *mean_at,
                              int          n_mean,
                              const float *peak_at,
                              int          n_peak,
                              const float *span_at,
                              int          n_span,
                              double      *peak,
                              double      *u);
void   _em_hnr_normalise    (const double *num,
                            const double *hi,
                            const double *lo,
                            double        e0,
                            double       *r);
double _em_hnr_far_bound    (const double *a,
                            const double *ta,
                            const double *tb,
                            int           k0,
                            int           k1);
double _em_hnr_near_cells   (const double *left,
                            const double *right,
                            const double *w,
                            int           n_near,
                            const double *s_hi,
                            const double *s_lo,
                            double        far,
                            double        slack);
double _em_hnr_bracket_bound (const double *a1,
                              int           n_a,
                              int           lo);

/* The bound's grid: 16 cells per unit interval, rows of 17 weights padded
 * to 24 for the vector kernel. */
#define EM_HNR_GRID_J   16
#define EM_HNR_GRID_ROW 24

/* Zero padding around the sequence A so that the vector kernels may read
 * a few places beyond either end. */
#define EM_HNR_A_PAD 16

G_END_DECLS
