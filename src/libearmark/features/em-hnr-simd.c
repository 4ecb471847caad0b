/* em-hnr-simd.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Vector kernels of the HNR analysis.  Written with GCC vector extensions
 * and built for AVX-512, AVX2+FMA and the baseline through target_clones,
 * so one binary uses the widest unit the machine has.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "em-hnr-private.h"

/* The vectors never cross a function boundary of the baseline clone (the
 * helpers are always inlined), so the ABI note does not apply. */
#pragma GCC diagnostic ignored "-Wpsabi"

typedef double v8d __attribute__ ((vector_size (64)));
typedef long long v8l __attribute__ ((vector_size (64)));
typedef float v8f __attribute__ ((vector_size (32)));

#define LAG_BLOCK 64   /* lags per register block: eight 8-wide accumulators */

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define EM_HNR_CLONES __attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define EM_HNR_CLONES
#endif

static inline __attribute__ ((always_inline)) v8d
load8f (const float *p)
{
  v8f v;

  memcpy (&v, p, sizeof v);
  return __builtin_convertvector (v, v8d);
}

static inline __attribute__ ((always_inline)) v8d
load8 (const double *p)
{
  v8d v;

  memcpy (&v, p, sizeof v);
  return v;
}

/* Lanes below `count` kept, the others zeroed: a table instead of a
 * floating-point compare, which the AVX2 and baseline clones would split
 * into scalar code. */
static const v8l keep_lanes[9] = {
  { 0, 0, 0, 0, 0, 0, 0, 0 },
  { -1, 0, 0, 0, 0, 0, 0, 0 },
  { -1, -1, 0, 0, 0, 0, 0, 0 },
  { -1, -1, -1, 0, 0, 0, 0, 0 },
  { -1, -1, -1, -1, 0, 0, 0, 0 },
  { -1, -1, -1, -1, -1, 0, 0, 0 },
  { -1, -1, -1, -1, -1, -1, 0, 0 },
  { -1, -1, -1, -1, -1, -1, -1, 0 },
  { -1, -1, -1, -1, -1, -1, -1, -1 },
};

/* Small vector helpers, as macros: a v8d passed by value to a function
 * of the baseline clone would trip GCC's ABI note. */
#define KEEP_FIRST(v, count) ((v8d) ((v8l) (v) & keep_lanes[CLAMP ((count), 0, 8)]))
#define ABS8(v) ((v8d) ((v8l) (v) & 0x7fffffffffffffffLL))

/* max(x, y) lane by lane, y where either is NaN.  (With AVX-512 this is
 * a compare into a mask register and a blend; the AVX2 and baseline
 * clones split the 8-lane compare into scalar code, slower but exact.) */
#define MAX8_SELECT(x, y) \
  ({ v8d x_ = (x), y_ = (y); v8l w_ = x_ > y_; \
     (v8d) (((v8l) x_ & w_) | ((v8l) y_ & ~w_)); })

/* max of two vectors of non-negative doubles, exactly: their bit patterns
 * order like signed integers. */
#define MAX8_NONNEG(x, y) \
  ({ v8d x_ = (x), y_ = (y); v8l w_ = (v8l) x_ > (v8l) y_; \
     (v8d) (((v8l) x_ & w_) | ((v8l) y_ & ~w_)); })

/* num[l - 1] = Σ_{j<W} u[j]·u[j+l] for l = 1..LMAX (spec §8.5 step 5).
 * `u` must hold EM_HNR_SPAN_PADDED samples, zero beyond EM_HNR_SPAN, and
 * `num` EM_HNR_LAGS_PADDED values.  Each block keeps 64 lags in eight
 * accumulators while it runs over j, so u is read from L1 once per block
 * and eight independent FMA chains hide the FMA latency. */
EM_HNR_CLONES void
_em_hnr_lag_products (const double *u,
                      double       *num)
{
  int lb;

  for (lb = 1; lb + LAG_BLOCK - 1 <= EM_HNR_LMAX; lb += LAG_BLOCK)
    {
      v8d a0 = { 0 }, a1 = { 0 }, a2 = { 0 }, a3 = { 0 };
      v8d a4 = { 0 }, a5 = { 0 }, a6 = { 0 }, a7 = { 0 };
      double *out = num + lb - 1;

      for (int j = 0; j < EM_HNR_W; j++)
        {
          const double *p = u + j + lb;
          double b = u[j];

          a0 += b * load8 (p);
          a1 += b * load8 (p + 8);
          a2 += b * load8 (p + 16);
          a3 += b * load8 (p + 24);
          a4 += b * load8 (p + 32);
          a5 += b * load8 (p + 40);
          a6 += b * load8 (p + 48);
          a7 += b * load8 (p + 56);
        }
      memcpy (out, &a0, sizeof a0);
      memcpy (out + 8, &a1, sizeof a1);
      memcpy (out + 16, &a2, sizeof a2);
      memcpy (out + 24, &a3, sizeof a3);
      memcpy (out + 32, &a4, sizeof a4);
      memcpy (out + 40, &a5, sizeof a5);
      memcpy (out + 48, &a6, sizeof a6);
      memcpy (out + 56, &a7, sizeof a7);
    }

  /* the remaining lags (257..292), in five vectors */
  {
    v8d a0 = { 0 }, a1 = { 0 }, a2 = { 0 }, a3 = { 0 }, a4 = { 0 };
    double *out = num + lb - 1;

    G_STATIC_ASSERT (EM_HNR_LMAX - 4 * LAG_BLOCK <= 40);
    for (int j = 0; j < EM_HNR_W; j++)
      {
        const double *p = u + j + lb;
        double b = u[j];

        a0 += b * load8 (p);
        a1 += b * load8 (p + 8);
        a2 += b * load8 (p + 16);
        a3 += b * load8 (p + 24);
        a4 += b * load8 (p + 32);
      }
    memcpy (out, &a0, sizeof a0);
    memcpy (out + 8, &a1, sizeof a1);
    memcpy (out + 16, &a2, sizeof a2);
    memcpy (out + 24, &a3, sizeof a3);
    memcpy (out + 32, &a4, sizeof a4);
  }
}

#define ROTATE(c, s, cr, sr) \
  do { v8d cn_ = c * cr - s * sr; s = s * cr + c * sr; c = cn_; } while (0)

/* sin and cos of eight arguments in [0, π] (beyond, up to 4π, the result
 * is finite but inexact: only lanes that are masked out go there): the upper half is reflected
 * through π (split in two doubles, so π - a is exact to an ulp), then
 * Taylor series to degree 23/22, whose truncation on [0, π/2] is below
 * 2e-18.  Small arguments keep their relative accuracy (sin b = b·(…)). */
static inline __attribute__ ((always_inline)) void
sincos8 (const v8d *ap,
         v8d       *sin_a,
         v8d       *cos_a)
{
  v8d a = *ap;
  const double pi_hi = 3.141592653589793116, pi_lo = 1.2246467991473532e-16;
  v8d half_pi = { G_PI_2, G_PI_2, G_PI_2, G_PI_2, G_PI_2, G_PI_2, G_PI_2, G_PI_2 };
  v8l upper = (v8l) a > (v8l) half_pi;   /* a ≥ 0: bits order like integers */
  v8d reflected = (pi_hi - a) + pi_lo;
  v8d b = (v8d) (((v8l) reflected & upper) | ((v8l) a & ~upper));
  v8d x2 = b * b, sp, cp;

  sp = x2 * -(1.0 / 25852016738884976640000.0) + 1.0 / 51090942171709440000.0; /* 1/23!, 1/21! */
  sp = sp * -x2 + 1.0 / 121645100408832000.0;
  sp = sp * -x2 + 1.0 / 355687428096000.0;
  sp = sp * -x2 + 1.0 / 1307674368000.0;
  sp = sp * -x2 + 1.0 / 6227020800.0;
  sp = sp * -x2 + 1.0 / 39916800.0;
  sp = sp * -x2 + 1.0 / 362880.0;
  sp = sp * -x2 + 1.0 / 5040.0;
  sp = sp * -x2 + 1.0 / 120.0;
  sp = sp * -x2 + 1.0 / 6.0;
  sp = sp * -x2 + 1.0;

  cp = x2 * -(1.0 / 1124000727777607680000.0) + 1.0 / 2432902008176640000.0;   /* 1/22!, 1/20! */
  cp = cp * -x2 + 1.0 / 6402373705728000.0;
  cp = cp * -x2 + 1.0 / 20922789888000.0;
  cp = cp * -x2 + 1.0 / 87178291200.0;
  cp = cp * -x2 + 1.0 / 479001600.0;
  cp = cp * -x2 + 1.0 / 3628800.0;
  cp = cp * -x2 + 1.0 / 40320.0;
  cp = cp * -x2 + 1.0 / 720.0;
  cp = cp * -x2 + 1.0 / 24.0;
  cp = cp * -x2 + 1.0 / 2.0;
  cp = cp * -x2 + 1.0;

  *sin_a = b * sp;
  *cos_a = (v8d) (((v8l) -cp & upper) | ((v8l) cp & ~upper));
}

/* The windowed sinc of spec §8.6 at q = m + φ (ψ = 1 - φ) with depth D:
 *   sin(πφ)/2π · Σ_k (-1)^k A[m-k]   (1 + cos(π(φ+k)/(φ+D))) / (φ+k)
 * + sin(πψ)/2π · Σ_k (-1)^k A[m+1+k] (1 + cos(π(ψ+k)/(ψ+D))) / (ψ+k),
 * k = 0..D-1 (sin(π(x+k)) = (-1)^k sin(πx)).
 *
 * sin(πφ) and sin(πψ) are the same number; it is taken from the smaller
 * of φ and ψ (the argument that keeps its relative accuracy) and factored
 * out, so each pair of left/right terms shares one denominator
 * (φ+k)(ψ+k), and the two chains of an iteration share one division.
 * Each half runs two 8-lane chains (k ≡ l mod 16) whose cosines start
 * from exact values and advance by a rotation of 16δ, δ = π/(x+D), so
 * every cosine is within D/16 ≤ 19 rotations of an exact one.  `a1` is 1-based,
 * symmetric (a1[n_a + 1 - q] = a1[q], as A is), so the left half is read
 * forwards from the mirrored position, and it must be readable (finite)
 * 15 places beyond either end of the kernel. */
EM_HNR_CLONES double
_em_hnr_sinc_value (const double *a1,
                    int           n_a,
                    int           m,
                    double        phi,
                    double        psi,
                    int           depth)
{
  static const v8d lane = { 0, 1, 2, 3, 4, 5, 6, 7 };
  static const v8d sign = { 1, -1, 1, -1, 1, -1, 1, -1 };
  const double *left = a1 + (n_a + 1 - m), *right = a1 + m + 1;
  double width_l = phi + depth, width_r = psi + depth;
  /* every lane's start angle π(x+l)/(x+D), l = 0..15, and 16δ, directly */
  v8d al0 = G_PI * (phi + lane) / width_l, al1 = G_PI * (phi + 8.0 + lane) / width_l;
  v8d ar0 = G_PI * (psi + lane) / width_r, ar1 = G_PI * (psi + 8.0 + lane) / width_r;
  v8d misc = { 16.0 * G_PI / width_l, 16.0 * G_PI / width_r, G_PI * MIN (phi, psi),
               0.0, 0.0, 0.0, 0.0, 0.0 };
  v8d lc0, ls0, lc1, ls1, rc0, rs0, rc1, rs1, msin, mcos;
  v8d acc = { 0 };
  v8d lx = phi + lane, rx = psi + lane;
  double lc16, ls16, rc16, rs16, sum;

  sincos8 (&al0, &ls0, &lc0);
  sincos8 (&al1, &ls1, &lc1);
  sincos8 (&ar0, &rs0, &rc0);
  sincos8 (&ar1, &rs1, &rc1);
  sincos8 (&misc, &msin, &mcos);
  lc16 = mcos[0];
  ls16 = msin[0];
  rc16 = mcos[1];
  rs16 = msin[1];

  for (int k = 0; k < depth; k += 16)
    {
      v8d la0 = load8 (left + k);
      v8d la1 = load8 (left + k + 8);
      v8d ra0 = load8 (right + k);
      v8d ra1 = load8 (right + k + 8);
      v8d lx1 = lx + 8.0, rx1 = rx + 8.0;
      v8d n0, n1, d0, d1;

      if (k + 16 > depth)
        {
          la0 = KEEP_FIRST (la0, depth - k);
          ra0 = KEEP_FIRST (ra0, depth - k);
          la1 = KEEP_FIRST (la1, depth - k - 8);
          ra1 = KEEP_FIRST (ra1, depth - k - 8);
        }
      /* a/(b) + c/(d) = (a·d + c·b)/(b·d), twice */
      n0 = la0 * (1.0 + lc0) * rx + ra0 * (1.0 + rc0) * lx;
      n1 = la1 * (1.0 + lc1) * rx1 + ra1 * (1.0 + rc1) * lx1;
      d0 = lx * rx;
      d1 = lx1 * rx1;
      acc += sign * (n0 * d1 + n1 * d0) / (d0 * d1);
      ROTATE (lc0, ls0, lc16, ls16);
      ROTATE (lc1, ls1, lc16, ls16);
      ROTATE (rc0, rs0, rc16, rs16);
      ROTATE (rc1, rs1, rc16, rs16);
      lx += 16.0;
      rx += 16.0;
    }

  sum = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  return msin[2] / (2.0 * G_PI) * sum;
}

/* Σ_{k=k0}^{k1-1} max(c_k·ta[k], c_k·tb[k]) with c_k = (-1)^k a[k]: the
 * far-term part of the interval bound (em-hnr-bound.c).  A NaN in `a`
 * makes the result NaN.  `a`, `ta` and `tb` must be readable 7 places
 * beyond k1 - 1. */
EM_HNR_CLONES double
_em_hnr_far_bound (const double *a,
                   const double *ta,
                   const double *tb,
                   int           k0,
                   int           k1)
{
  static const v8d alternate = { 1, -1, 1, -1, 1, -1, 1, -1 };
  v8d sign = (k0 & 1) ? -alternate : alternate;
  v8d acc = { 0 }, acc2 = { 0 };
  int k;

  /* two accumulators: the select and the add would otherwise chain */
  for (k = k0; k + 16 <= k1; k += 16)
    {
      v8d c = sign * load8 (a + k), c2 = sign * load8 (a + k + 8);

      acc += MAX8_SELECT (c * load8 (ta + k), c * load8 (tb + k));
      acc2 += MAX8_SELECT (c2 * load8 (ta + k + 8), c2 * load8 (tb + k + 8));
    }
  for (; k < k1; k += 8)
    {
      v8d c = sign * KEEP_FIRST (load8 (a + k), k1 - k);

      acc += MAX8_SELECT (c * load8 (ta + k), c * load8 (tb + k));
    }
  acc += acc2;

  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

/* Near-term part of the interval bound (em-hnr-bound.c): the near sum on
 * the grid φ_j = j/16, j = 0..16, from the weight rows `w` (n_near pairs
 * of left/right rows of EM_HNR_GRID_ROW values), then the maximum over the
 * 16 cells of max(g_j, g_{j+1}) + slack + far part, with the far bracket
 * F⁺ scaled by the cell's sup (F⁺ ≥ 0) or inf (F⁺ < 0) of sin(πφ)/π. */
EM_HNR_CLONES double
_em_hnr_near_cells (const double *left,
                    const double *right,
                    const double *w,
                    int           n_near,
                    const double *s_hi,
                    const double *s_lo,
                    double        far,
                    double        slack)
{
  double g[EM_HNR_GRID_ROW + 8];
  v8d g0 = { 0 }, g1 = { 0 }, g2 = { 0 }, c0, c1, f0, f1, m;
  const double *s = (far >= 0.0) ? s_hi : s_lo;
  double best;

  for (int k = 0; k < n_near; k++)
    {
      const double *wl = w + (gsize) k * 2 * EM_HNR_GRID_ROW;
      const double *wr = wl + EM_HNR_GRID_ROW;
      double a = left[-k], b = right[k];

      g0 += a * load8 (wl) + b * load8 (wr);
      g1 += a * load8 (wl + 8) + b * load8 (wr + 8);
      g2 += a * load8 (wl + 16) + b * load8 (wr + 16);
    }
  memcpy (g, &g0, sizeof g0);
  memcpy (g + 8, &g1, sizeof g1);
  memcpy (g + 16, &g2, sizeof g2);

  f0 = load8 (s) * far + slack;
  f1 = load8 (s + 8) * far + slack;
  c0 = load8 (g + 1);
  c1 = load8 (g + 9);
  c0 = MAX8_SELECT (g0, c0) + f0;
  c1 = MAX8_SELECT (g1, c1) + f1;
  m = MAX8_SELECT (c0, c1);
  best = m[0];
  for (int l = 1; l < 8; l++)
    best = (m[l] > best) ? m[l] : best;
  return best;
}

/* Local mean and peak of one frame (spec §8.5 steps 2-3): returns the mean
 * μ of the n_mean samples at `mean_at`; *peak = max |y - μ| over the n_peak
 * samples at `peak_at`; u[j] = span_at[j] - μ for j < n_span. */
EM_HNR_CLONES double
_em_hnr_frame_prepare (const float *mean_at,
                       int          n_mean,
                       const float *peak_at,
                       int          n_peak,
                       const float *span_at,
                       int          n_span,
                       double      *peak,
                       double      *u)
{
  v8d acc = { 0 }, top = { 0 };
  double sum, mean, best;
  int i;

  for (i = 0; i + 8 <= n_mean; i += 8)
    acc += load8f (mean_at + i);
  sum = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  for (; i < n_mean; i++)
    sum += mean_at[i];
  mean = sum / n_mean;

  for (i = 0; i + 8 <= n_peak; i += 8)
    {
      top = MAX8_NONNEG (top, ABS8 (load8f (peak_at + i) - mean));
    }
  best = 0.0;
  for (int l = 0; l < 8; l++)
    best = (top[l] > best) ? top[l] : best;
  for (; i < n_peak; i++)
    {
      double d = fabs ((double) peak_at[i] - mean);

      best = (d > best) ? d : best;
    }
  *peak = best;

  for (i = 0; i + 8 <= n_span; i += 8)
    {
      v8d d = load8f (span_at + i) - mean;

      memcpy (u + i, &d, sizeof d);
    }
  for (; i < n_span; i++)
    u[i] = (double) span_at[i] - mean;
  return mean;
}

/* Spec §8.5 step 5's normalisation, r[l] = num[l-1] / sqrt(e0 · E_l) for
 * l = 1..LMAX, with E_l = (hi[l+W] - hi[l]) + (lo[l+W] - lo[l]) from the
 * double-double prefix sums of u².  Vector sqrt has no generic-vector
 * form, so the AVX-512 path uses intrinsics behind a CPU check; the same
 * operations in the same order run in the scalar path. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>

__attribute__ ((target ("avx512f"))) static void
normalise_avx512 (const double *num,
                  const double *hi,
                  const double *lo,
                  double        e0,
                  double       *r)
{
  int l;

  for (l = 1; l + 8 <= EM_HNR_LMAX + 1; l += 8)
    {
      v8d e = (load8 (hi + l + EM_HNR_W) - load8 (hi + l)) + (load8 (lo + l + EM_HNR_W) - load8 (lo + l));
      v8d p = e0 * e, root, q;

      /* _mm512_sqrt_pd without its undefined pass-through operand, which
       * GCC 12 reports as uninitialised at -O3 */
      root = (v8d) __builtin_ia32_sqrtpd512_mask ((__v8df) p, (__v8df) p, (__mmask8) -1,
                                                  _MM_FROUND_CUR_DIRECTION);
      q = load8 (num + l - 1) / root;
      memcpy (r + l, &q, sizeof q);
    }
  for (; l <= EM_HNR_LMAX; l++)
    r[l] = num[l - 1] / sqrt (e0 * ((hi[l + EM_HNR_W] - hi[l]) + (lo[l + EM_HNR_W] - lo[l])));
}
#endif

void
_em_hnr_normalise (const double *num,
                   const double *hi,
                   const double *lo,
                   double        e0,
                   double       *r)
{
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  if (__builtin_cpu_supports ("avx512f"))
    {
      normalise_avx512 (num, hi, lo, e0, r);
      return;
    }
#endif
  for (int l = 1; l <= EM_HNR_LMAX; l++)
    r[l] = num[l - 1] / sqrt (e0 * ((hi[l + EM_HNR_W] - hi[l]) + (lo[l + EM_HNR_W] - lo[l])));
}
