/* em-stft.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <fftw3.h>

#include "em-fftw-lock.h"

G_BEGIN_DECLS

/* The frame grid and transform of features.md §0: n_fft 2048, hop 512,
 * centred frames with zero padding, periodic Hann window. */
#define EM_STFT_N_FFT  2048
#define EM_STFT_HOP    512
#define EM_STFT_N_BINS 1025
#define EM_STFT_PAD    (EM_STFT_N_FFT / 2)

typedef struct _EmStft EmStft;

/* numpy's rfftfreq: k * (1 / (n_fft * (1 / sr))), which is exactly
 * k * 10.7666015625 at 22050 Hz. */
static inline double
em_stft_bin_frequency (guint k)
{
  return (double) k * (1.0 / (EM_STFT_N_FFT * (1.0 / 22050.0)));
}

/* Per-thread buffers for em_stft_frame(); allocated with fftw_malloc so
 * they have the alignment the plan was made for. */
typedef struct
{
  double       *frame;     /* EM_STFT_N_FFT windowed samples */
  fftw_complex *spectrum;  /* EM_STFT_N_BINS complex bins */
} EmStftBuffers;

gsize          em_stft_n_frames        (gsize          n);

EmStft        *em_stft_new             (void);
void           em_stft_free            (EmStft        *self);
EmStftBuffers *em_stft_buffers_new     (void);
void           em_stft_buffers_free    (EmStftBuffers *buffers);
float          em_stft_frame           (const EmStft  *self,
                                        const float   *y,
                                        gsize          n,
                                        gsize          t,
                                        EmStftBuffers *buffers,
                                        float         *magnitude,
                                        float         *power);

G_END_DECLS
