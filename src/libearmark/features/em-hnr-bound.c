/* em-hnr-bound.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A rigorous upper bound of the interpolated sequence f (spec §8.6) over a
 * candidate's Brent bracket, so that candidates that cannot win a frame
 * are never refined (only the winner's strength enters the result).
 *
 * On a unit interval q = m + φ, φ ∈ [0, 1], with depth D ≥ 3:
 *
 *   f(φ) = Σ_k A[m-k]·wL(φ+k) + Σ_k A[m+1+k]·wR(ψ+k),   ψ = 1 - φ,
 *
 * and every weight of index k ≥ 1 factors as
 *   wL(φ+k) = (-1)^k · sin(πφ)/π · gL_k(φ),
 *   gL_k(φ) = (1 + cos(π(φ+k)/(φ+D))) / (2(φ+k)),
 * (wR likewise in ψ).  gL_k is positive and decreasing in φ (the cosine's
 * argument grows from 0 towards π and 1/(φ+k) falls), gR_k increasing.
 *
 * Near terms (k < NEAR_K on each side) are evaluated exactly on a grid of
 * GRID_J + 1 points from a table; between grid points their sum exceeds
 * the chord by at most h²/8 · Σ |A|·sup|w''| (h = 1/GRID_J), with
 * |w''| ≤ |sinc''| + 2|sinc'||win'| + |sinc||win''| and the classical
 * |sinc⁽ⁿ⁾| ≤ πⁿ/(n+1), |sinc(x)| ≤ 1/(πx), |sinc'(x)| ≤ 1/x + 1/(πx²),
 * |sinc''(x)| ≤ π/x + 2/x² + 2/(πx³), |win'| ≤ π/(2D),
 * |win''| ≤ (π² + 2π)/(2D²).
 *
 * Far terms (k ≥ NEAR_K): by monotonicity each c_k·g_k(φ) is at most
 * max(c_k·g_k(0), c_k·g_k(1)), so their bracket F(φ) ≤ F⁺ for every φ, and
 * the far part sin(πφ)/π·F(φ) ≤ sin(πφ)/π·F⁺ is bounded on each grid cell
 * by the extreme of sin(πφ)/π there.  g_k(0) and g_k(1) are table values
 * T(k, D) = (1 + cos(πk/D))/(2k) and T(k+1, D+1).
 *
 * A small absolute margin covers the rounding of these sums and of the
 * interpolation itself (both near 1e-15).
 */

#include "config.h"

#include <math.h>

#include "em-hnr-private.h"

#define NEAR_K   4
#define GRID_J   EM_HNR_GRID_J
#define MAX_D    (EM_HNR_LI + 1)      /* depths 3..292, and D+1 for the tables */
#define MARGIN   1e-9

typedef struct
{
  double *t;                      /* T(k, D) at t[t_off[D] + k], k = 0..D */
  gsize   t_off[MAX_D + 2];
  double *near;                   /* weights on the grid, see near_index() */
  double  b2[MAX_D + 1][NEAR_K];  /* sup |w''| of near term k at depth D */
  double  s_hi[EM_HNR_GRID_ROW];  /* sup of sin(πφ)/π on grid cell j */
  double  s_lo[EM_HNR_GRID_ROW];  /* inf of sin(πφ)/π on grid cell j */
} Tables;

static gsize
near_index (int depth,
            int k,
            int side,
            int j)
{
  return (((gsize) depth * NEAR_K + k) * 2 + side) * EM_HNR_GRID_ROW + j;
}

/* The interpolation weight of spec §8.6 at distance d = x + k, x ∈ [0, 1],
 * with window width x + depth. */
static double
weight (double x,
        int    k,
        int    depth)
{
  double d = x + k;
  double sinc, sin_pix;

  if (d == 0.0)
    return 1.0;
  if (x == 0.0 || x == 1.0)
    return 0.0;
  sin_pix = sin (G_PI * x);
  sinc = ((k & 1) ? -sin_pix : sin_pix) / (G_PI * d);
  return sinc * (1.0 + cos (G_PI * d / (x + depth))) / 2.0;
}

static double
sup_w2 (int k,
        int depth)
{
  double s0 = 1.0, s1 = G_PI / 2.0, s2 = G_PI * G_PI / 3.0;

  if (k >= 1)
    {
      double x = k;

      s0 = MIN (s0, 1.0 / (G_PI * x));
      s1 = MIN (s1, 1.0 / x + 1.0 / (G_PI * x * x));
      s2 = MIN (s2, G_PI / x + 2.0 / (x * x) + 2.0 / (G_PI * x * x * x));
    }
  return s2 + s1 * G_PI / depth + s0 * (G_PI * G_PI + 2.0 * G_PI) / (2.0 * depth * depth);
}

static gpointer
tables_build (gpointer data)
{
  Tables *tab = g_new0 (Tables, 1);
  gsize off = 0;

  for (int d = 0; d <= MAX_D + 1; d++)
    {
      tab->t_off[d] = off;
      off += d + 1;
    }
  tab->t = g_new0 (double, off + 16);   /* the vector kernel reads past a row */
  for (int d = 1; d <= MAX_D + 1; d++)
    for (int k = 1; k <= d; k++)
      tab->t[tab->t_off[d] + k] = (1.0 + cos (G_PI * k / d)) / (2.0 * k);

  tab->near = g_new0 (double, near_index (MAX_D + 1, 0, 0, 0));
  for (int d = 3; d <= MAX_D; d++)
    for (int k = 0; k < NEAR_K && k < d; k++)
      {
        for (int j = 0; j <= GRID_J; j++)
          {
            double phi = (double) j / GRID_J;

            tab->near[near_index (d, k, 0, j)] = weight (phi, k, d);
            tab->near[near_index (d, k, 1, j)] = weight (1.0 - phi, k, d);
          }
        tab->b2[d][k] = sup_w2 (k, d);
      }

  for (int j = 0; j < GRID_J; j++)
    {
      double a = (double) j / GRID_J, b = (double) (j + 1) / GRID_J;
      double peak = (a <= 0.5 && b >= 0.5) ? 0.5 : (b < 0.5 ? b : a);

      tab->s_hi[j] = sin (G_PI * peak) / G_PI;
      tab->s_lo[j] = MIN (sin (G_PI * a), sin (G_PI * b)) / G_PI;
    }
  return tab;
}

static const Tables *
tables_get (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, tables_build, NULL);
}

/* Upper bound of f over the unit interval [m, m+1] (positions). */
static double
interval_bound (const Tables *tab,
                const double *a1,
                int           n_a,
                int           m)
{
  int depth = MIN (m, n_a - m);
  int n_near = MIN (NEAR_K, depth);
  double curvature = 0.0, far = 0.0, bound;

  if (depth <= 2 || depth > MAX_D)
    return INFINITY;   /* cubic or linear pieces: not bounded here */

  for (int k = 0; k < n_near; k++)
    curvature += (fabs (a1[m - k]) + fabs (a1[m + 1 + k])) * tab->b2[depth][k];
  curvature *= 1.0 / (8.0 * GRID_J * GRID_J);

  if (depth > n_near)
    {
      const double *ta = tab->t + tab->t_off[depth];
      const double *tb = tab->t + tab->t_off[depth + 1] + 1;

      /* A is symmetric, so the left terms A[m-k] read forwards from the
       * mirrored position n_a + 1 - m */
      far = _em_hnr_far_bound (a1 + (n_a + 1 - m), ta, tb, n_near, depth)
            + _em_hnr_far_bound (a1 + m + 1, ta, tb, n_near, depth);
    }
  if (isnan (far) || isnan (curvature))
    return INFINITY;

  bound = _em_hnr_near_cells (a1 + m, a1 + m + 1, tab->near + near_index (depth, 0, 0, 0),
                              n_near, tab->s_hi, tab->s_lo, far, curvature);
  return bound + MARGIN;
}

/**
 * _em_hnr_bracket_bound:
 * @a1: the sequence A, 1-based, symmetric (a1[n_a + 1 - q] = a1[q]), with
 *   EM_HNR_A_PAD zeros on either side
 * @n_a: its length
 * @lo: left end of the bracket; the bracket is [lo, lo + 2]
 *
 * Returns: an upper bound of f over the bracket, or +inf when none is
 *   available (NaN values, or the cubic/linear pieces at the end of A)
 */
double
_em_hnr_bracket_bound (const double *a1,
                       int           n_a,
                       int           lo)
{
  const Tables *tab = tables_get ();

  return MAX (interval_bound (tab, a1, n_a, lo), interval_bound (tab, a1, n_a, lo + 1));
}
