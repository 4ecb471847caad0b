/* em-tsne-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pieces of em_tsne_run() shared between its files (and its tests).
 */

#pragma once

#include <glib.h>

#include "em-tsne.h"

G_BEGIN_DECLS

/* Per-iteration parallel regions start threads; below these sizes that
 * costs more than it saves (and much more under AddressSanitizer), so the
 * work runs on the calling thread.  Results do not depend on it. */
#define EM_TSNE_PARALLEL_POINTS 4096
#define EM_TSNE_PARALLEL_FFT    512

static inline gsize
_em_tsne_point_chunk (gsize n,
                      gsize chunk)
{
  return n < EM_TSNE_PARALLEL_POINTS ? MAX (n, 1) : chunk;
}

/* Symmetric joint affinities P in compressed sparse rows; every row's
 * columns are sorted and distinct, and the values sum to 1 overall.  The
 * values are single precision: the attractive sum streams all of P at
 * every iteration and is bound by memory bandwidth, and a relative error
 * of 6e-8 on p_ij is far below that of the interpolated repulsion. */
typedef struct
{
  gsize    n;
  guint64 *row_ptr;   /* n + 1 */
  guint32 *col;
  float   *val;
} EmTsneAffinities;

EmTsneAffinities *_em_tsne_affinities_new  (const guint32     *indices,
                                            const double      *distances,
                                            gsize              n,
                                            guint              k,
                                            double             perplexity,
                                            EmJob             *job,
                                            GError           **error);
void              _em_tsne_affinities_free (EmTsneAffinities  *p);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmTsneAffinities, _em_tsne_affinities_free)

gboolean _em_tsne_init_pca    (const double  *x,
                               gsize          n,
                               gsize          d,
                               double        *y,
                               GError       **error);
void     _em_tsne_init_random (gsize          n,
                               guint32        seed,
                               double        *y);

/* Attractive part: attr_i = sum_j p_ij q_ij Z (y_i - y_j), with
 * q_ij Z = 1 / (1 + |y_i - y_j|^2). */
void   _em_tsne_attractive     (const EmTsneAffinities *p,
                                const double           *y,
                                double                 *attr);
/* KL(P || Q) given Z = sum_{i != j} 1 / (1 + |y_i - y_j|^2). */
double _em_tsne_kl_divergence  (const EmTsneAffinities *p,
                                const double           *y,
                                double                  z);

/* Convolution of charge grids with the t-SNE kernels (em-tsne-fft-grid.c). */
#define EM_TSNE_GRID_TERMS 3

typedef struct _EmTsneGrid EmTsneGrid;

EmTsneGrid *_em_tsne_grid_new         (void);
void        _em_tsne_grid_free        (EmTsneGrid   *self);
void        _em_tsne_grid_prepare     (EmTsneGrid   *self,
                                       gsize         m,
                                       double        spacing);
double     *_em_tsne_grid_get_charges (EmTsneGrid   *self,
                                       guint         term,
                                       gsize        *stride);
const double *_em_tsne_grid_peek     (EmTsneGrid   *self,
                                       guint         term,
                                       gsize        *stride);
double      _em_tsne_grid_convolve    (EmTsneGrid   *self);
double      _em_tsne_grid_get_scale   (EmTsneGrid   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmTsneGrid, _em_tsne_grid_free)

/* Repulsive part: rep_i = sum_j (y_i - y_j) / (1 + |y_i - y_j|^2)^2;
 * returns Z.  The FFT version keeps its grids and plans between calls. */
typedef struct _EmTsneFft EmTsneFft;

EmTsneFft *_em_tsne_fft_new        (gsize          n);
void       _em_tsne_fft_free       (EmTsneFft     *self);
double     _em_tsne_fft_repulsive  (EmTsneFft     *self,
                                    const double  *y,
                                    double        *rep);
double     _em_tsne_exact_repulsive (const double *y,
                                     gsize         n,
                                     double       *rep);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmTsneFft, _em_tsne_fft_free)

gboolean _em_tsne_optimize (const EmTsneAffinities *p,
                            const EmTsneOptions    *options,
                            double                 *y,
                            double                 *kl_divergence,
                            EmJob                  *job,
                            GError                **error);

G_END_DECLS
