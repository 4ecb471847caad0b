/* test-silhouette.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "em-silhouette.h"
#include "em-parallel.h"
#include "analysis-test-util.h"

#define N 2000
#define D 38

/* Silhouette of the ward cut and of scikit-learn's k-means labels equal
 * scikit-learn's silhouette_score within 1e-9. */
static void
test_silhouette_golden (void)
{
  g_autofree double *xs = analysis_fixture_load ("golden2k.std.f64", sizeof (double), N * D);
  g_autofree gint32 *ward = analysis_fixture_load ("golden2k.ward3.i32", sizeof (gint32), N);
  g_autofree gint32 *km = analysis_fixture_load ("golden2k.kmeans3.i32", sizeof (gint32), N);
  g_autoptr(JsonParser) parser = analysis_golden_json ();
  g_autoptr(GError) error = NULL;
  double score = 0.0;

  g_assert_true (em_silhouette_score (xs, N, D, ward, &score, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (score - analysis_golden_double (parser, "ward_cut3.silhouette")), <=, 1e-9);
  g_assert_true (em_silhouette_score (xs, N, D, km, &score, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (score - analysis_golden_double (parser, "kmeans.silhouette")), <=, 1e-9);
}

static double
distance (const double *x, gsize d, gsize i, gsize j)
{
  double s = 0.0;

  for (gsize c = 0; c < d; c++)
    s += (x[i * d + c] - x[j * d + c]) * (x[i * d + c] - x[j * d + c]);
  return sqrt (s);
}

/* Per-row coefficients equal the textbook definition on a small random
 * set with a singleton cluster (coefficient 0) and uncentred data. */
static void
test_silhouette_brute_force (void)
{
  const gsize n = 300, d = 4;
  g_autoptr(GRand) rng = g_rand_new_with_seed (3);
  g_autofree double *x = g_new (double, n * d);
  g_autofree gint32 *labels = g_new (gint32, n);
  g_autofree double *values = g_new (double, n);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < n; i++)
    {
      labels[i] = i == 17 ? 99 : (gint32) g_rand_int_range (rng, -1, 3);
      for (gsize c = 0; c < d; c++)
        x[i * d + c] = 1000.0 + g_rand_double (rng) + labels[i];
    }
  g_assert_true (em_silhouette_samples (x, n, d, labels, values, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (values[17], ==, 0.0);
  for (gsize i = 0; i < n; i++)
    {
      double sums[5] = { 0 }, counts[5] = { 0 }, a, b = G_MAXDOUBLE;
      int own = labels[i] == 99 ? 4 : labels[i] + 1;

      if (i == 17)
        continue;
      for (gsize j = 0; j < n; j++)
        {
          int c = labels[j] == 99 ? 4 : labels[j] + 1;

          sums[c] += distance (x, d, i, j);
          counts[c] += 1;
        }
      a = sums[own] / (counts[own] - 1);
      for (int c = 0; c < 5; c++)
        if (c != own)
          b = MIN (b, sums[c] / counts[c]);
      g_assert_cmpfloat (fabs (values[i] - (b - a) / MAX (a, b)), <=, 1e-9);
    }
}

/* A sample of all rows is the exact score; a smaller one is close. */
static void
test_silhouette_sampled (void)
{
  g_autofree double *xs = analysis_fixture_load ("golden2k.std.f64", sizeof (double), N * D);
  g_autofree gint32 *ward = analysis_fixture_load ("golden2k.ward3.i32", sizeof (gint32), N);
  g_autoptr(JsonParser) parser = analysis_golden_json ();
  double want = analysis_golden_double (parser, "ward_cut3.silhouette");
  double s1 = 0.0, s2 = 0.0, s3 = 0.0;
  g_autoptr(GError) error = NULL;

  g_assert_true (em_silhouette_score_sampled (xs, N, D, ward, N, 1, &s1, NULL, &error));
  g_assert_cmpfloat (fabs (s1 - want), <=, 1e-9);
  g_assert_true (em_silhouette_score_sampled (xs, N, D, ward, 800, 1, &s2, NULL, &error));
  g_assert_true (em_silhouette_score_sampled (xs, N, D, ward, 800, 1, &s3, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (s2, ==, s3);
  g_assert_cmpfloat (fabs (s2 - want), <, 0.03);
}

static void
test_silhouette_errors (void)
{
  double x[6] = { 0, 1, 2, 3, 4, 5 };
  gint32 one[3] = { 4, 4, 4 }, all[3] = { 0, 1, 2 };
  double score;
  GError *error = NULL;

  g_assert_false (em_silhouette_score (x, 3, 2, one, &score, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (em_silhouette_score (x, 3, 2, all, &score, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (em_silhouette_score (x, 0, 2, all, &score, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);
  x[1] = NAN;
  g_assert_false (em_silhouette_score (x, 3, 2, one, &score, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE);
  g_clear_error (&error);
}

/* One worker or three: bit-identical coefficients. */
static void
test_silhouette_thread_independent (void)
{
  g_autofree double *xs = analysis_fixture_load ("golden2k.std.f64", sizeof (double), N * D);
  g_autofree gint32 *ward = analysis_fixture_load ("golden2k.ward3.i32", sizeof (gint32), N);
  g_autofree double *a = g_new (double, N);
  g_autofree double *b = g_new (double, N);
  g_autoptr(GError) error = NULL;

  em_parallel_set_n_workers (1);
  g_assert_true (em_silhouette_samples (xs, N, D, ward, a, NULL, &error));
  em_parallel_set_n_workers (3);
  g_assert_true (em_silhouette_samples (xs, N, D, ward, b, NULL, &error));
  em_parallel_set_n_workers (0);
  g_assert_no_error (error);
  g_assert_cmpmem (a, N * sizeof (double), b, N * sizeof (double));
}

static void
test_silhouette_cancel (void)
{
  g_autofree double *xs = analysis_fixture_load ("golden2k.std.f64", sizeof (double), N * D);
  g_autofree gint32 *ward = analysis_fixture_load ("golden2k.ward3.i32", sizeof (gint32), N);
  g_autoptr(EmJob) job = em_job_new ("Silhouette");
  GError *error = NULL;
  double score;

  em_job_cancel (job);
  g_assert_false (em_silhouette_score (xs, N, D, ward, &score, job, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/earmark/core/silhouette/golden", test_silhouette_golden);
  g_test_add_func ("/earmark/core/silhouette/brute-force", test_silhouette_brute_force);
  g_test_add_func ("/earmark/core/silhouette/sampled", test_silhouette_sampled);
  g_test_add_func ("/earmark/core/silhouette/errors", test_silhouette_errors);
  g_test_add_func ("/earmark/core/silhouette/thread-independent", test_silhouette_thread_independent);
  g_test_add_func ("/earmark/core/silhouette/cancel", test_silhouette_cancel);
  return g_test_run ();
}
