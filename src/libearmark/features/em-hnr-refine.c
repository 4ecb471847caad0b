/* em-hnr-refine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Peak refinement of the HNR analysis: windowed-sinc interpolation of the
 * autocorrelation sequence (spec §8.6) and Brent's maximiser (spec §8.7).
 * Written from the spec text; positions are 1-based as in the spec, so
 * callers pass `a1` with a1[1..n_a] valid, symmetric
 * (a1[n_a + 1 - q] = a1[q], true of the autocorrelation sequence A) and
 * with EM_HNR_A_PAD zeros on either side.
 */

#include "config.h"

#include <math.h>

#include "em-hnr-private.h"

#define MAX_DEPTH 700

/* Spec §8.6, NUM_interpolate_sinc with maximum depth 700. */
double
_em_hnr_interpolate (const double *a1,
                     int           n_a,
                     double        q)
{
  double mf, phi, psi;
  int m, depth;

  if (q < 1.0)
    return a1[1];
  if (q > n_a)
    return a1[n_a];
  mf = floor (q);
  m = (int) mf;
  if (q == mf)
    return a1[m];
  phi = q - mf;
  psi = (mf + 1.0) - q;
  depth = MIN (MAX_DEPTH, MIN (m, n_a - m));

  if (depth <= 0)
    return a1[(int) floor (q + 0.5)];
  if (depth == 1)
    return a1[m] + phi * (a1[m + 1] - a1[m]);
  if (depth == 2)
    {
      double y0 = a1[m], y1 = a1[m + 1];
      double g0 = 0.5 * (a1[m + 1] - a1[m - 1]);
      double g1 = 0.5 * (a1[m + 2] - a1[m]);

      return y0 * psi + y1 * phi
             - phi * psi * (0.5 * (g1 - g0) + (phi - 0.5) * (g0 + g1 - 2.0 * (y1 - y0)));
    }

  return _em_hnr_sinc_value (a1, n_a, m, phi, psi, depth);
}

/* Spec §8.7: Brent's golden-section/parabolic minimiser of -f on [lo, hi],
 * in the fminbr form, tolerance 1e-10, at most 60 iterations. Returns the
 * maximum value and stores its position in *q_max. */
double
_em_hnr_brent_max (const double *a1,
                   int           n_a,
                   double        lo,
                   double        hi,
                   double       *q_max)
{
  const double golden = 1.0 - 0.6180339887498949;
  const double sqrt_eps = 1.0536712127723509e-8;
  const double tol = 1e-10;
  double a = lo, b = hi;
  double x, w, v, gx, gw, gv;

  x = a + golden * (b - a);
  w = v = x;
  gx = gw = gv = -_em_hnr_interpolate (a1, n_a, x);

  for (int iter = 0; iter < 60; iter++)
    {
      double mid = 0.5 * (a + b);
      double tau = sqrt_eps * fabs (x) + tol / 3.0;
      double e, u, gu;

      if (fabs (x - mid) + (b - a) / 2.0 <= 2.0 * tau)
        break;

      e = (x < mid) ? golden * (b - x) : golden * (a - x);
      if (fabs (x - w) >= tau)
        {
          double t = (x - w) * (gx - gv);
          double qq = (x - v) * (gx - gw);
          double p = (x - v) * qq - (x - w) * t;

          qq = 2.0 * (qq - t);
          if (qq > 0.0)
            p = -p;
          else
            qq = -qq;
          if (fabs (p) < fabs (e * qq) && p > qq * (a - x + 2.0 * tau)
              && p < qq * (b - x - 2.0 * tau))
            e = p / qq;
        }
      if (fabs (e) < tau)
        e = (e > 0.0) ? tau : -tau;

      u = x + e;
      gu = -_em_hnr_interpolate (a1, n_a, u);

      if (gu <= gx)
        {
          if (u < x)
            b = x;
          else
            a = x;
          v = w; gv = gw;
          w = x; gw = gx;
          x = u; gx = gu;
        }
      else
        {
          if (u < x)
            a = u;
          else
            b = u;
          if (gu <= gw || w == x)
            {
              v = w; gv = gw;
              w = u; gw = gu;
            }
          else if (gu <= gv || v == x || v == w)
            {
              v = u; gv = gu;
            }
        }
    }

  *q_max = x;
  return -gx;
}
