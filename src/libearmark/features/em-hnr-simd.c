/* em-hnr-simd.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Vector kernels of the HNR analysis.  Written with GCC vector extensions
 * and built for AVX-512, AVX2+FMA and the baseline through target_clones,
 * so one binary uses the widest unit the machine has.
 */

#include "config.h"

#include <string.h>

#include "em-hnr-private.h"

/* The vectors never cross a function boundary of the baseline clone (the
 * helpers are always inlined), so the ABI note does not apply. */
#pragma GCC diagnostic ignored "-Wpsabi"

typedef double v8d __attribute__ ((vector_size (64)));
typedef long long v8l __attribute__ ((vector_size (64)));

#define LAG_BLOCK 32   /* lags per register block: four 8-wide accumulators */

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define EM_HNR_CLONES __attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define EM_HNR_CLONES
#endif

static inline __attribute__ ((always_inline)) v8d
load8 (const double *p)
{
  v8d v;

  memcpy (&v, p, sizeof v);
  return v;
}

/* num[l - 1] = Σ_{j<W} u[j]·u[j+l] for l = 1..LMAX (spec §8.5 step 5).
 * `u` must hold EM_HNR_SPAN_PADDED samples, zero beyond EM_HNR_SPAN, and
 * `num` EM_HNR_LAGS_PADDED values.  Each block keeps 32 lags in registers
 * while it runs over j, so u is read from L1 once per block. */
EM_HNR_CLONES void
_em_hnr_lag_products (const double *u,
                      double       *num)
{
  for (int lb = 1; lb <= EM_HNR_LMAX; lb += LAG_BLOCK)
    {
      v8d acc0 = { 0 }, acc1 = { 0 }, acc2 = { 0 }, acc3 = { 0 };

      for (int j = 0; j < EM_HNR_W; j++)
        {
          const double *p = u + j + lb;
          v8d b = { u[j], u[j], u[j], u[j], u[j], u[j], u[j], u[j] };

          acc0 += b * load8 (p);
          acc1 += b * load8 (p + 8);
          acc2 += b * load8 (p + 16);
          acc3 += b * load8 (p + 24);
        }
      memcpy (num + lb - 1, &acc0, sizeof acc0);
      memcpy (num + lb - 1 + 8, &acc1, sizeof acc1);
      memcpy (num + lb - 1 + 16, &acc2, sizeof acc2);
      memcpy (num + lb - 1 + 24, &acc3, sizeof acc3);
    }
}

/* Σ_k (-1)^k a[step·k] (1 + cos(π(x+k)/(x+depth))) / (x+k), k = 0..depth-1
 * (one half of the windowed sinc of spec §8.6, without its common factor
 * sin(πx)/2π).  Eight lanes take k ≡ l (mod 8); each lane's cosine is
 * advanced by a rotation of 8δ, δ = π/(x+depth), from a start obtained by
 * rotating the exact cos/sin of lane 0, so no value is more than ~45
 * rotations from an exact one.  `a` must be readable (finite, e.g. zero
 * padding) up to 7 places beyond a[step·(depth-1)]. */
EM_HNR_CLONES double
_em_hnr_side_sum (const double *a,
                  int           step,
                  double        x,
                  double        cos_delta,
                  double        sin_delta,
                  double        cos_theta0,
                  double        sin_theta0,
                  int           depth)
{
  static const v8d lane = { 0, 1, 2, 3, 4, 5, 6, 7 };
  static const v8d sign = { 1, -1, 1, -1, 1, -1, 1, -1 };
  double cl[8], sl[8];
  double c8, s8, c2, s2, c4, s4;
  v8d c, s, acc = { 0 }, xk;
  int k;

  cl[0] = cos_theta0;
  sl[0] = sin_theta0;
  for (int l = 1; l < 8; l++)
    {
      cl[l] = cl[l - 1] * cos_delta - sl[l - 1] * sin_delta;
      sl[l] = sl[l - 1] * cos_delta + cl[l - 1] * sin_delta;
    }
  /* rotation by 8δ through double angles */
  c2 = cos_delta * cos_delta - sin_delta * sin_delta;
  s2 = 2.0 * sin_delta * cos_delta;
  c4 = c2 * c2 - s2 * s2;
  s4 = 2.0 * s2 * c2;
  c8 = c4 * c4 - s4 * s4;
  s8 = 2.0 * s4 * c4;
  memcpy (&c, cl, sizeof c);
  memcpy (&s, sl, sizeof s);
  xk = x + lane;

  for (k = 0; k < depth; k += 8)
    {
      v8d av;

      if (step > 0)
        av = load8 (a + k);
      else
        {
          static const v8l rev = { 7, 6, 5, 4, 3, 2, 1, 0 };

          av = __builtin_shuffle (load8 (a - k - 7), rev);
        }
      if (k + 8 > depth)
        {
          v8d kk = (double) k + lane;
          v8l inside = kk < (double) depth;

          av = (v8d) ((v8l) av & inside);
        }
      acc += sign * av * (1.0 + c) / xk;
      {
        v8d cn = c * c8 - s * s8;

        s = s * c8 + c * s8;
        c = cn;
      }
      xk += 8.0;
    }

  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

/* Σ_{k=k0}^{k1-1} max(c_k·ta[k], c_k·tb[k]) with c_k = (-1)^k a[step·k]:
 * the far-term part of the interval bound (em-hnr-bound.c).  A NaN in `a`
 * makes the result NaN.  `a`, `ta` and `tb` must be readable 7 places
 * beyond k1 - 1. */
EM_HNR_CLONES double
_em_hnr_far_bound (const double *a,
                   int           step,
                   const double *ta,
                   const double *tb,
                   int           k0,
                   int           k1)
{
  static const v8d lane = { 0, 1, 2, 3, 4, 5, 6, 7 };
  static const v8d alternate = { 1, -1, 1, -1, 1, -1, 1, -1 };
  static const v8l rev = { 7, 6, 5, 4, 3, 2, 1, 0 };
  v8d sign = (k0 & 1) ? -alternate : alternate;
  v8d acc = { 0 };

  for (int k = k0; k < k1; k += 8)
    {
      v8d av = (step > 0) ? load8 (a + k) : __builtin_shuffle (load8 (a - k - 7), rev);
      v8l inside = ((double) k + lane) < (double) k1;
      v8d c, x, y;
      v8l x_wins;

      av = (v8d) ((v8l) av & inside);
      c = sign * av;
      x = c * load8 (ta + k);
      y = c * load8 (tb + k);
      x_wins = x > y;
      acc += (v8d) (((v8l) x & x_wins) | ((v8l) y & ~x_wins));
    }

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
  c0 = (v8d) (((v8l) g0 & (g0 > c0)) | ((v8l) c0 & ~(g0 > c0))) + f0;
  c1 = (v8d) (((v8l) g1 & (g1 > c1)) | ((v8l) c1 & ~(g1 > c1))) + f1;
  m = (v8d) (((v8l) c0 & (c0 > c1)) | ((v8l) c1 & ~(c0 > c1)));
  best = m[0];
  for (int l = 1; l < 8; l++)
    best = (m[l] > best) ? m[l] : best;
  return best;
}
