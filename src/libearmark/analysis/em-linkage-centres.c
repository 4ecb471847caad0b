/* em-linkage-centres.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "em-linkage-private.h"

/* Ranges shorter than this are scanned on the calling thread: waking the
 * helper costs more than it saves. */
#define PARALLEL_MIN 2048

/* The distance kernels are built twice where the compiler can (AVX2 + FMA
 * and the baseline); the loader picks one clone for the whole process, so
 * every distance in a run comes from the same arithmetic. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
# define EM_KERNEL_CLONES __attribute__ ((target_clones ("arch=x86-64-v3", "default")))
#else
# define EM_KERNEL_CLONES
#endif

typedef double EmV4 __attribute__ ((vector_size (32), aligned (32)));
typedef gint64 EmV4i __attribute__ ((vector_size (32), aligned (32)));
typedef float EmF8 __attribute__ ((vector_size (32), aligned (32)));

/* a macro rather than a function: GCC notes an ABI change for 32-byte
 * vector arguments otherwise */
#define HSUM(v) (((v)[0] + (v)[1]) + ((v)[2] + (v)[3]))

/* w * ||a - b||^2 over n_vec vectors of 4 doubles (padding is zero). When
 * a partial sum already exceeds limit, returns G_MAXDOUBLE: partial sums of
 * non-negative terms never decrease in floating point, so the full value
 * would have exceeded limit too, and the result of a search is unchanged.
 *
 * b_head holds the first 8 values of b (or is b): most candidates are
 * dropped after them, and reading them from the dense head array costs one
 * cache line instead of a strided row. */
static inline double
weighted_sqdist_head (const double *a,
                      const double *b_head,
                      const double *b,
                      gsize         n_vec,
                      double        w,
                      double        limit)
{
  const EmV4 *va = (const EmV4 *) a;
  const EmV4 *vb = (const EmV4 *) b;
  EmV4 acc0 = { 0, 0, 0, 0 };
  EmV4 acc1 = { 0, 0, 0, 0 };
  gsize k = 0;

  for (; k + 2 <= n_vec; k += 2)
    {
      const EmV4 *src = k == 0 ? (const EmV4 *) b_head : vb;
      EmV4 d0 = va[k] - src[k];
      EmV4 d1 = va[k + 1] - src[k + 1];

      acc0 += d0 * d0;
      acc1 += d1 * d1;
      if (k + 2 < n_vec && w * HSUM (acc0 + acc1) > limit)
        return G_MAXDOUBLE;
    }
  if (k < n_vec)
    {
      EmV4 d0 = va[k] - vb[k];

      acc0 += d0 * d0;
    }
  return w * HSUM (acc0 + acc1);
}

static inline double
weighted_sqdist (const double *a,
                 const double *b,
                 gsize         n_vec,
                 double        w,
                 double        limit)
{
  return weighted_sqdist_head (a, b, b, n_vec, w, limit);
}

static inline const double *
head_row (const EmLinkageCentres *self,
          gsize                   pos)
{
  return self->head + pos * EM_LINKAGE_HEAD;
}

static inline void
copy_head (EmLinkageCentres *self,
           gsize             pos)
{
  const double *row = _em_linkage_centres_row (self, pos);
  float *fhead = self->fhead + pos * EM_LINKAGE_FHEAD;

  memcpy (self->head + pos * EM_LINKAGE_HEAD, row, MIN (self->stride, EM_LINKAGE_HEAD) * sizeof (double));
  for (gsize j = 0; j < MIN (self->stride, EM_LINKAGE_FHEAD); j++)
    fhead[j] = (float) row[j];
}

/* Single-precision first test on the EM_LINKAGE_FHEAD leading (principal)
 * coordinates: TRUE only when w ||a - b||^2 > limit is certain. With
 * u = 2^-24 and every coordinate within M in absolute value, rounding to
 * float and subtracting moves each difference by at most
 * 2uM (1 + u) + u |difference|, so over F coordinates
 * ||d|| >= (||d_f|| - c) / (1 + u) with c = 2 sqrt (F) uM (1 + u); the
 * float sum of squares is within a factor 1 +- 2e-6. Squaring with
 * (x + y)^2 <= (1 + e) x^2 + (1 + 1/e) y^2 (e = 1e-3) gives the test
 * fsq > scale * limit / w + slack (see set_float_bounds ()). */
static inline gboolean
float_can_skip (const EmLinkageCentres *self,
                const float            *fa,
                gsize                   p,
                double                  w,
                double                  limit)
{
  const EmF8 *va = (const EmF8 *) fa;
  const EmF8 *vb = (const EmF8 *) (self->fhead + p * EM_LINKAGE_FHEAD);
  EmF8 s = { 0, 0, 0, 0, 0, 0, 0, 0 };
  double fsq;

  for (guint k = 0; k < EM_LINKAGE_FHEAD / 8; k++)
    {
      EmF8 d = va[k] - vb[k];

      s += d * d;
    }
  fsq = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));

  return w * (fsq - self->fhead_slack) > self->fhead_scale * limit;
}

static inline gboolean
better (double  d,
        guint32 slot,
        double  best,
        guint32 best_slot)
{
  return d < best || (d == best && slot < best_slot);
}

/* Squared distance from q to a box: both corners are exact centre values,
 * so every term is a difference of stored doubles, as in weighted_sqdist. */
static inline double
box_sqdist (const double *q,
            const double *lo,
            const double *hi,
            gsize         n_vec)
{
  const EmV4 *vq = (const EmV4 *) q;
  const EmV4 *vlo = (const EmV4 *) lo;
  const EmV4 *vhi = (const EmV4 *) hi;
  const EmV4 zero = { 0, 0, 0, 0 };
  EmV4 acc = zero;

  for (gsize k = 0; k < n_vec; k++)
    {
      /* lo <= hi, so at most one of the two gaps is positive */
      EmV4 below = vlo[k] - vq[k];
      EmV4 above = vq[k] - vhi[k];
      EmV4i keep_below = below > zero;
      EmV4i keep_above = above > zero;
      EmV4 out = (EmV4) (((EmV4i) below & keep_below) | ((EmV4i) above & keep_above));

      acc += out * out;
    }
  return HSUM (acc);
}

/* A lower bound of w (size_a, size_b) ||q - c||^2 over the alive clusters
 * of a block, from its bounding box and its ball; slightly shrunk so that
 * rounding can never make it exceed a true distance. */
static inline double
block_bound (const EmLinkageCentres *self,
             const double           *q,
             double                  size_q,
             gsize                   block,
             gboolean                ward)
{
  gsize n_vec = self->stride / 4;
  double box = box_sqdist (q, self->lo + block * self->stride, self->hi + block * self->stride, n_vec);
  double gap = sqrt (weighted_sqdist (q, self->ball + block * self->stride, n_vec, 1.0, G_MAXDOUBLE))
               - self->radius[block];
  double w, lb;

  lb = MAX (box, gap > 0 ? gap * gap : 0);
  w = ward ? 2.0 * size_q * self->min_size[block] / (size_q + self->min_size[block]) : 1.0;
  return w * lb * (1 - 1e-9);
}

static void
box_include (double       *lo,
             double       *hi,
             const double *c,
             gsize         n_cols)
{
  for (gsize j = 0; j < n_cols; j++)
    {
      lo[j] = MIN (lo[j], c[j]);
      hi[j] = MAX (hi[j], c[j]);
    }
}

static inline void
scan_block (const EmLinkageCentres *self,
            const double           *a,
            double                  size_a,
            gsize                   pos_a,
            gsize                   begin,
            gsize                   end,
            gboolean                ward,
            double                 *best,
            guint32                *best_slot)
{
  gsize n_vec = self->stride / 4;
  const float *fa = self->fhead + pos_a * EM_LINKAGE_FHEAD;

  for (gsize p = begin; p < end; p++)
    {
      double size_b = self->size[p];
      double w, d;

      if (size_b == 0 || p == pos_a)
        continue;
      /* Ward in SciPy's scale: d^2 = 2 |A| |B| / (|A| + |B|) ||cA - cB||^2 */
      w = ward ? 2.0 * size_a * size_b / (size_a + size_b) : 1.0;
      if (float_can_skip (self, fa, p, w, *best))
        continue;
      d = weighted_sqdist_head (a, head_row (self, p), _em_linkage_centres_row (self, p), n_vec, w, *best);
      if (better (d, self->slot[p], *best, *best_slot))
        {
          *best = d;
          *best_slot = self->slot[p];
        }
    }
}

/* out is the best so far on entry (G_MAXDOUBLE if none): seeding it with a
 * good candidate lets the scan skip more blocks. The result is the exact
 * minimum (ties to the lower slot): only blocks and candidates that cannot
 * beat the best found are skipped. (Visiting blocks by increasing bound
 * was tried: it saved 1 % of the candidates and cost 10 % in the heap.) */
EM_KERNEL_CLONES
void
_em_linkage_centres_nearest_range (const EmLinkageCentres *self,
                                   gsize                   pos_a,
                                   gsize                   begin,
                                   gsize                   end,
                                   gboolean                ward,
                                   EmLinkageNeighbour     *out)
{
  const double *a = _em_linkage_centres_row (self, pos_a);
  double size_a = self->size[pos_a];
  double best = out->dist;
  guint32 best_slot = out->slot;

  for (gsize blk_begin = begin; blk_begin < end;)
    {
      gsize block = blk_begin / EM_LINKAGE_BLOCK;
      gsize blk_end = MIN (end, (block + 1) * EM_LINKAGE_BLOCK);

      if (self->min_size[block] != G_MAXDOUBLE &&
          (blk_end - blk_begin <= 4 || block_bound (self, a, size_a, block, ward) <= best))
        scan_block (self, a, size_a, pos_a, blk_begin, blk_end, ward, &best, &best_slot);
      blk_begin = blk_end;
    }

  out->dist = best;
  out->slot = best_slot;
}

/* out[p] = ||a - c_p||^2 for alive positions in [begin, end) where that is
 * below limit_by_slot[slot of p] (if given); G_MAXDOUBLE otherwise. */
EM_KERNEL_CLONES
void
_em_linkage_centres_dist_range (const EmLinkageCentres *self,
                                const double           *a,
                                gsize                   begin,
                                gsize                   end,
                                const double           *limit_by_slot,
                                double                 *out)
{
  gsize n_vec = self->stride / 4;

  for (gsize blk_begin = begin; blk_begin < end;)
    {
      gsize block = blk_begin / EM_LINKAGE_BLOCK;
      gsize blk_end = MIN (end, (block + 1) * EM_LINKAGE_BLOCK);
      double max_limit = limit_by_slot != NULL ? 0 : G_MAXDOUBLE;

      for (gsize p = blk_begin; p < blk_end && limit_by_slot != NULL; p++)
        {
          if (self->size[p] > 0)
            max_limit = MAX (max_limit, limit_by_slot[self->slot[p]]);
        }
      if (self->min_size[block] == G_MAXDOUBLE ||
          (max_limit < G_MAXDOUBLE && block_bound (self, a, 1.0, block, FALSE) >= max_limit))
        {
          for (gsize p = blk_begin; p < blk_end; p++)
            out[p] = G_MAXDOUBLE;
          blk_begin = blk_end;
          continue;
        }
      for (gsize p = blk_begin; p < blk_end; p++)
        {
          double limit = limit_by_slot != NULL ? limit_by_slot[self->slot[p]] : G_MAXDOUBLE;
          double d;

          if (self->size[p] == 0)
            {
              out[p] = G_MAXDOUBLE;
              continue;
            }
          d = weighted_sqdist_head (a, head_row (self, p), _em_linkage_centres_row (self, p), n_vec, 1.0, limit);
          out[p] = d < limit ? d : G_MAXDOUBLE;
        }
      blk_begin = blk_end;
    }
}

/* The alive positions p in [begin, end) with ||a - c_p||^2 below
 * limit_by_slot[slot of p]: their slots go to hits (in position order) and
 * their distances to dist[p]. Returns how many. */
EM_KERNEL_CLONES
gsize
_em_linkage_centres_closer_range (const EmLinkageCentres *self,
                                  gsize                   pos_a,
                                  gsize                   begin,
                                  gsize                   end,
                                  const double           *limit_by_slot,
                                  double                 *dist,
                                  guint32                *hits)
{
  const double *a = _em_linkage_centres_row (self, pos_a);
  const float *fa = self->fhead + pos_a * EM_LINKAGE_FHEAD;
  gsize n_vec = self->stride / 4;
  gsize n_hits = 0;

  for (gsize blk_begin = begin; blk_begin < end;)
    {
      gsize block = blk_begin / EM_LINKAGE_BLOCK;
      gsize blk_end = MIN (end, (block + 1) * EM_LINKAGE_BLOCK);
      double bound;

      if (self->min_size[block] == G_MAXDOUBLE)
        {
          blk_begin = blk_end;
          continue;
        }
      /* no member of the block is closer than bound: only those whose
       * limit is above it need a look */
      bound = block_bound (self, a, 1.0, block, FALSE);
      for (gsize p = blk_begin; p < blk_end; p++)
        {
          double limit = limit_by_slot[self->slot[p]];
          double d;

          if (self->size[p] == 0 || limit <= bound || float_can_skip (self, fa, p, 1.0, limit))
            continue;
          d = weighted_sqdist_head (a, head_row (self, p), _em_linkage_centres_row (self, p), n_vec, 1.0, limit);
          if (d < limit)
            {
              dist[p] = d;
              hits[n_hits++] = self->slot[p];
            }
        }
      blk_begin = blk_end;
    }
  return n_hits;
}

static void
block_refresh_min_size (EmLinkageCentres *self,
                        gsize             block)
{
  gsize end = MIN (self->n_pos, (block + 1) * EM_LINKAGE_BLOCK);
  double min_size = G_MAXDOUBLE;

  for (gsize p = block * EM_LINKAGE_BLOCK; p < end; p++)
    {
      if (self->size[p] > 0)
        min_size = MIN (min_size, self->size[p]);
    }
  self->min_size[block] = min_size;
}

/* Ball of each block of EM_LINKAGE_BLOCK positions: the mean of its alive
 * centres and the largest distance to it. */
static void
rebuild_blocks (EmLinkageCentres *self)
{
  gsize n_blocks = (self->n_pos + EM_LINKAGE_BLOCK - 1) / EM_LINKAGE_BLOCK;

  for (gsize block = 0; block < n_blocks; block++)
    {
      double *ball = self->ball + block * self->stride;
      gsize end = MIN (self->n_pos, (block + 1) * EM_LINKAGE_BLOCK);
      gsize n_alive = 0;
      double r2 = 0;

      double *lo = self->lo + block * self->stride;
      double *hi = self->hi + block * self->stride;

      memset (ball, 0, self->stride * sizeof (double));
      memset (lo, 0, self->stride * sizeof (double));
      memset (hi, 0, self->stride * sizeof (double));
      for (gsize j = 0; j < self->n_cols; j++)
        {
          lo[j] = G_MAXDOUBLE;
          hi[j] = -G_MAXDOUBLE;
        }
      for (gsize p = block * EM_LINKAGE_BLOCK; p < end; p++)
        {
          if (self->size[p] == 0)
            continue;
          n_alive++;
          box_include (lo, hi, _em_linkage_centres_row (self, p), self->n_cols);
          for (gsize j = 0; j < self->n_cols; j++)
            ball[j] += _em_linkage_centres_row (self, p)[j];
        }
      for (gsize j = 0; j < self->n_cols && n_alive > 0; j++)
        ball[j] /= n_alive;
      for (gsize p = block * EM_LINKAGE_BLOCK; p < end; p++)
        {
          if (self->size[p] > 0)
            r2 = MAX (r2, weighted_sqdist (ball, _em_linkage_centres_row (self, p), self->stride / 4, 1.0,
                                           G_MAXDOUBLE));
        }
      self->radius[block] = sqrt (r2) * (1 + 1e-12);
      block_refresh_min_size (self, block);
    }
}

/* After the caller moved the centre or size of a cluster: widens its
 * block's ball to keep it a bound. */
void
_em_linkage_centres_changed (EmLinkageCentres *self,
                             guint32           slot)
{
  gsize p = self->pos[slot];
  gsize block = p / EM_LINKAGE_BLOCK;
  double r = sqrt (weighted_sqdist (self->ball + block * self->stride, _em_linkage_centres_row (self, p),
                                    self->stride / 4, 1.0, G_MAXDOUBLE)) * (1 + 1e-12);

  copy_head (self, p);

  self->radius[block] = MAX (self->radius[block], r);
  box_include (self->lo + block * self->stride, self->hi + block * self->stride,
               _em_linkage_centres_row (self, p), self->n_cols);
  block_refresh_min_size (self, block);
}

/* Centres the data and rotates it onto its principal axes, largest variance
 * first. Distances do not change (up to rounding), but the partial sums in
 * weighted_sqdist() then grow fast and far candidates are dropped after a
 * few dimensions. Falls back to the centred data if the eigensolver fails. */
static double *
principal_axes (const double *x,
                gsize         n_rows,
                gsize         n_cols)
{
  g_autofree double *mean = g_new0 (double, n_cols);
  g_autofree double *cov = g_new0 (double, n_cols * n_cols);
  g_autofree double *eig = g_new (double, n_cols);
  double *y = g_new (double, n_rows * n_cols);
  gboolean rotate;

  for (gsize i = 0; i < n_rows; i++)
    for (gsize j = 0; j < n_cols; j++)
      mean[j] += x[i * n_cols + j] / n_rows;
  for (gsize i = 0; i < n_rows; i++)
    for (gsize j = 0; j < n_cols; j++)
      {
        double dj = x[i * n_cols + j] - mean[j];

        y[i * n_cols + j] = dj;
        for (gsize k = j; k < n_cols; k++)
          cov[j * n_cols + k] += dj * (x[i * n_cols + k] - mean[k]);
      }

  /* eigenvalues ascending, eigenvectors in the columns of cov */
  rotate = LAPACKE_dsyev (LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int) n_cols, cov,
                          (lapack_int) n_cols, eig) == 0;
  if (rotate)
    {
      g_autofree double *row = g_new (double, n_cols);

      for (gsize i = 0; i < n_rows; i++)
        {
          double *yi = y + i * n_cols;

          for (gsize c = 0; c < n_cols; c++)
            {
              gsize axis = n_cols - 1 - c;
              double s = 0;

              for (gsize j = 0; j < n_cols; j++)
                s += yi[j] * cov[j * n_cols + axis];
              row[c] = s;
            }
          memcpy (yi, row, n_cols * sizeof (double));
        }
    }
  return y;
}

/* Constants of float_can_skip (). Centres are convex combinations of the
 * rows, so no coordinate ever exceeds the largest one of the input. */
static void
set_float_bounds (EmLinkageCentres *self,
                  const double     *x,
                  gsize             n_values)
{
  const double u = 1.0 / 16777216.0;
  const double e = 1e-3;
  const double k1 = 1 - 2e-6;
  double max_abs = 0;
  double c;

  for (gsize i = 0; i < n_values; i++)
    max_abs = MAX (max_abs, fabs (x[i]));
  c = 2 * sqrt (EM_LINKAGE_FHEAD) * u * max_abs * (1 + 1e-6) * (1 + u) + 1e-300;
  self->fhead_scale = (1 + e) * (1 + u) * (1 + u) / (k1 * k1);
  self->fhead_slack = (1 + 1 / e) * c * c / (k1 * k1);
}

EmLinkageCentres *
_em_linkage_centres_new (const double *x,
                         gsize         n_rows,
                         gsize         n_cols,
                         gboolean      spatial_order)
{
  EmLinkageCentres *self = g_new0 (EmLinkageCentres, 1);
  gsize n_blocks = (n_rows + EM_LINKAGE_BLOCK - 1) / EM_LINKAGE_BLOCK;
  g_autofree double *rotated = NULL;

  self->n = n_rows;
  self->n_cols = n_cols;
  self->stride = (n_cols + 3) & ~(gsize) 3;
  self->n_pos = n_rows;
  self->n_alive = n_rows;
  self->centre = g_aligned_alloc0 (n_rows * self->stride, sizeof (double), 32);
  self->head = g_aligned_alloc0 (n_rows * EM_LINKAGE_HEAD, sizeof (double), 64);
  self->fhead = g_aligned_alloc0 (n_rows * EM_LINKAGE_FHEAD, sizeof (float), 64);
  self->size = g_new (double, n_rows);
  self->slot = g_new (guint32, n_rows);
  self->pos = g_new (guint32, n_rows);
  self->leaf = g_new (guint32, n_rows);
  self->ball = g_aligned_alloc0 (n_blocks * self->stride, sizeof (double), 32);
  self->radius = g_new (double, n_blocks);
  self->lo = g_aligned_alloc0 (n_blocks * self->stride, sizeof (double), 32);
  self->hi = g_aligned_alloc0 (n_blocks * self->stride, sizeof (double), 32);
  self->min_size = g_new (double, n_blocks);
  if (spatial_order)
    {
      rotated = principal_axes (x, n_rows, n_cols);
      x = rotated;
      _em_linkage_spatial_order (x, n_rows, n_cols, self->leaf);
    }
  for (gsize i = 0; i < n_rows; i++)
    {
      if (!spatial_order)
        self->leaf[i] = i;
      memcpy (_em_linkage_centres_row (self, i), x + (gsize) self->leaf[i] * n_cols, n_cols * sizeof (double));
      copy_head (self, i);
      self->size[i] = 1;
      self->slot[i] = i;
      self->pos[i] = i;
    }
  set_float_bounds (self, x, n_rows * n_cols);
  rebuild_blocks (self);
  self->workers = _em_linkage_workers_new (CLAMP (g_get_num_processors (), 1, 8));
  return self;
}

void
_em_linkage_centres_free (EmLinkageCentres *self)
{
  if (self == NULL)
    return;

  _em_linkage_workers_free (self->workers);
  g_aligned_free (self->centre);
  g_aligned_free (self->head);
  g_aligned_free (self->fhead);
  g_aligned_free (self->ball);
  g_free (self->size);
  g_free (self->slot);
  g_free (self->pos);
  g_free (self->leaf);
  g_free (self->radius);
  g_aligned_free (self->lo);
  g_aligned_free (self->hi);
  g_free (self->min_size);
  g_free (self);
}

/* Squeezes dead positions out, keeping slot order. */
static void
compact (EmLinkageCentres *self)
{
  gsize out = 0;

  for (gsize p = 0; p < self->n_pos; p++)
    {
      if (self->size[p] == 0)
        continue;
      if (out != p)
        {
          memcpy (_em_linkage_centres_row (self, out), _em_linkage_centres_row (self, p),
                  self->stride * sizeof (double));
          self->size[out] = self->size[p];
          self->slot[out] = self->slot[p];
        }
      self->pos[self->slot[out]] = out;
      copy_head (self, out);
      out++;
    }
  self->n_pos = out;
  rebuild_blocks (self);
}

/* Marks a cluster as merged away. Positions may change afterwards:
 * callers keep slots, not positions, across this call. */
void
_em_linkage_centres_kill (EmLinkageCentres *self,
                          guint32           slot)
{
  self->size[self->pos[slot]] = 0;
  self->n_alive--;
  block_refresh_min_size (self, self->pos[slot] / EM_LINKAGE_BLOCK);
  if (self->n_pos > 256 && self->n_pos - self->n_alive > self->n_alive)
    compact (self);
}

/* Rewrites the first two columns of the first n_rows rows of z from slots
 * to the input rows they started from. */
void
_em_linkage_centres_slots_to_leaves (const EmLinkageCentres *self,
                                     double                 *z,
                                     gsize                   n_rows)
{
  for (gsize k = 0; k < n_rows; k++)
    {
      z[k * 4] = self->leaf[(gsize) z[k * 4]];
      z[k * 4 + 1] = self->leaf[(gsize) z[k * 4 + 1]];
    }
}

guint
_em_linkage_centres_n_parts (EmLinkageCentres *self)
{
  return _em_linkage_workers_n_parts (self->workers);
}

typedef struct
{
  EmLinkageCentres   *centres;
  gsize               begin;
  gsize               end;
  EmLinkageRangeFunc  func;
  gpointer            user_data;
} ParallelData;

static void
parallel_part (guint    part,
               guint    n_parts,
               gpointer user_data)
{
  ParallelData *pd = user_data;
  gsize len = pd->end - pd->begin;
  gsize b = pd->begin + len * part / n_parts;
  gsize e = pd->begin + len * (part + 1) / n_parts;

  pd->func (pd->centres, b, e, part, pd->user_data);
}

/* Calls func once for every part (some ranges may be empty), so that
 * per-part results are always written; parts cover [begin, end) in order. */
void
_em_linkage_centres_parallel (EmLinkageCentres   *self,
                              gsize               begin,
                              gsize               end,
                              EmLinkageRangeFunc  func,
                              gpointer            user_data)
{
  guint n_parts = _em_linkage_centres_n_parts (self);
  ParallelData pd = { self, begin, end, func, user_data };

  /* After a scan where the helpers came late (descheduled: more runnable
   * threads than cores), the next scans run here alone for a while, longer
   * each time it happens again; the result does not depend on the split. */
  if (end - begin < PARALLEL_MIN || self->serial_left > 0)
    {
      if (self->serial_left > 0)
        self->serial_left--;
      func (self, begin, end, 0, user_data);
      for (guint part = 1; part < n_parts; part++)
        func (self, end, end, part, user_data);
      return;
    }
  if (_em_linkage_workers_run (self->workers, parallel_part, &pd))
    {
      self->serial_backoff /= 2;
    }
  else
    {
      self->serial_backoff = MIN (2 * self->serial_backoff + 8, 4096);
      self->serial_left = self->serial_backoff;
    }
}

typedef struct
{
  gsize              pos_a;
  gboolean           ward;
  EmLinkageNeighbour seed;
  EmLinkageNeighbour best[8];
} NearestData;

static void
nearest_part (EmLinkageCentres *centres,
              gsize             begin,
              gsize             end,
              guint             part,
              gpointer          user_data)
{
  NearestData *nd = user_data;

  nd->best[part] = nd->seed;
  _em_linkage_centres_nearest_range (centres, nd->pos_a, begin, end, nd->ward, &nd->best[part]);
}

/* Nearest alive neighbour of the centre at pos_a among positions
 * [begin, n_pos), using every worker; seed (in/out) is the best known
 * candidate, or { G_MAXDOUBLE, G_MAXUINT32 }. Ties go to the lowest slot
 * whatever the number of threads. */
void
_em_linkage_centres_nearest (EmLinkageCentres   *self,
                             gsize               pos_a,
                             gsize               begin,
                             gboolean            ward,
                             EmLinkageNeighbour *seed)
{
  NearestData nd = { pos_a, ward, *seed, { { 0 } } };
  guint n_parts = _em_linkage_centres_n_parts (self);
  gsize own = pos_a / EM_LINKAGE_BLOCK;

  /* the own block first: a close candidate to prune the rest with */
  _em_linkage_centres_nearest_range (self, pos_a, MAX (begin, own * EM_LINKAGE_BLOCK),
                                     MIN (self->n_pos, (own + 1) * EM_LINKAGE_BLOCK), ward, &nd.seed);
  _em_linkage_centres_parallel (self, begin, self->n_pos, nearest_part, &nd);
  for (guint part = 0; part < n_parts; part++)
    {
      if (better (nd.best[part].dist, nd.best[part].slot, seed->dist, seed->slot))
        *seed = nd.best[part];
    }
}
