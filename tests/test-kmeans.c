/* test-kmeans.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "em-kmeans.h"
#include "em-parallel.h"
#include "analysis-test-util.h"

#define N 2000
#define D 38

/* k = 3 on the standardised synth2k reaches scikit-learn's optimum
 * (49654.641280, equal to the best of 200 single inits) within 1e-9, with
 * the same partition as its labels. */
static void
test_kmeans_golden (void)
{
  g_autofree double *xs = analysis_fixture_load ("golden2k.std.f64", sizeof (double), N * D);
  g_autofree gint32 *golden = analysis_fixture_load ("golden2k.kmeans3.i32", sizeof (gint32), N);
  g_autoptr(JsonParser) parser = analysis_golden_json ();
  double sk_inertia = analysis_golden_double (parser, "kmeans.inertia");
  EmKmeansParams params;
  g_autoptr(EmKmeans) km = NULL;
  g_autoptr(GError) error = NULL;
  double check = 0.0;

  em_kmeans_params_init (&params, 3);
  km = em_kmeans_run (xs, N, D, &params, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("inertia %.10f vs scikit-learn %.10f", km->inertia, sk_inertia);
  g_assert_cmpfloat (km->inertia, <=, sk_inertia * (1 + 1e-9));
  g_assert_true (analysis_same_partition (km->labels, golden, N));

  /* inertia, sizes and centres are consistent with the labels */
  for (gsize i = 0; i < N; i++)
    for (gsize j = 0; j < D; j++)
      {
        double diff = xs[i * D + j] - km->centers[km->labels[i] * D + j];

        check += diff * diff;
      }
  g_assert_cmpfloat (fabs (check - km->inertia), <=, 1e-9 * km->inertia);
  g_assert_cmpuint (km->sizes[0] + km->sizes[1] + km->sizes[2], ==, N);
}

/* Same seed, same result; k = 6 reaches scikit-learn's inertia too. */
static void
test_kmeans_deterministic_k6 (void)
{
  g_autofree double *xs = analysis_fixture_load ("golden2k.std.f64", sizeof (double), N * D);
  g_autoptr(JsonParser) parser = analysis_golden_json ();
  double sk_inertia = analysis_golden_double (parser, "kmeans.k6_inertia");
  EmKmeansParams params;
  g_autoptr(EmKmeans) a = NULL;
  g_autoptr(EmKmeans) b = NULL;
  g_autoptr(GError) error = NULL;

  em_kmeans_params_init (&params, 6);
  params.seed = 1234;
  a = em_kmeans_run (xs, N, D, &params, NULL, &error);
  g_assert_no_error (error);
  b = em_kmeans_run (xs, N, D, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (a->inertia, ==, b->inertia);
  g_assert_cmpmem (a->labels, N * sizeof (gint32), b->labels, N * sizeof (gint32));
  g_test_message ("k=6 inertia %.10f vs scikit-learn %.10f", a->inertia, sk_inertia);
  g_assert_cmpfloat (a->inertia, <=, sk_inertia * 1.0001);
}

/* The k scan gives decreasing inertia and the silhouette of each k. */
static void
test_kmeans_scan (void)
{
  g_autofree double *xs = analysis_fixture_load ("golden2k.std.f64", sizeof (double), N * D);
  g_autoptr(JsonParser) parser = analysis_golden_json ();
  EmKmeansParams params;
  double inertia[3], silhouette[3];
  g_autoptr(GError) error = NULL;

  em_kmeans_params_init (&params, 0);
  g_assert_true (em_kmeans_scan (xs, N, D, 2, 4, &params, 0, inertia, silhouette, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (inertia[1], <, inertia[0]);
  g_assert_cmpfloat (inertia[2], <, inertia[1]);
  g_assert_cmpfloat (inertia[1], <=, analysis_golden_double (parser, "kmeans.inertia") * (1 + 1e-9));
  g_assert_cmpfloat (fabs (silhouette[1] - analysis_golden_double (parser, "kmeans.silhouette")), <=, 1e-9);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (silhouette[i], >, 0.0);

  /* with a sampled silhouette: same inertias, close scores */
  {
    double inertia2[3], silhouette2[3];

    g_assert_true (em_kmeans_scan (xs, N, D, 2, 4, &params, 1000, inertia2, silhouette2, NULL, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < 3; i++)
      {
        g_assert_cmpfloat (inertia2[i], ==, inertia[i]);
        g_assert_cmpfloat (fabs (silhouette2[i] - silhouette[i]), <, 0.03);
      }
  }
}

static void
test_kmeans_errors (void)
{
  double x[8] = { 1, 2, 1, 2, 1, 2, 1, 2 };
  EmKmeansParams params;
  GError *error = NULL;
  double in[2], sil[2];

  em_kmeans_params_init (&params, 5);
  g_assert_null (em_kmeans_run (x, 4, 2, &params, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_FEW_ROWS);
  g_clear_error (&error);
  params.k = 2;
  g_assert_null (em_kmeans_run (x, 4, 2, &params, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_DEGENERATE);
  g_clear_error (&error);
  g_assert_null (em_kmeans_run (x, 0, 2, &params, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);
  params.k = 0;
  g_assert_null (em_kmeans_run (x, 4, 2, &params, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  x[5] = NAN;
  params.k = 2;
  g_assert_null (em_kmeans_run (x, 4, 2, &params, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE);
  g_clear_error (&error);
  g_assert_false (em_kmeans_scan (x, 4, 2, 2, 4, &params, 0, in, sil, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_FEW_ROWS);
  g_clear_error (&error);
}

static void
test_kmeans_cancel (void)
{
  g_autofree double *xs = analysis_fixture_load ("golden2k.std.f64", sizeof (double), N * D);
  g_autoptr(EmJob) job = em_job_new ("k-means");
  EmKmeansParams params;
  GError *error = NULL;

  em_kmeans_params_init (&params, 4);
  em_job_cancel (job);
  g_assert_null (em_kmeans_run (xs, N, D, &params, job, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
}

/* One worker or three: bit-identical results (restarts are seeded from
 * the master seed, not from the thread that runs them). */
static void
test_kmeans_thread_independent (void)
{
  g_autofree double *xs = analysis_fixture_load ("golden2k.std.f64", sizeof (double), N * D);
  EmKmeansParams params;
  g_autoptr(EmKmeans) a = NULL;
  g_autoptr(EmKmeans) b = NULL;
  g_autoptr(GError) error = NULL;

  em_kmeans_params_init (&params, 5);
  params.seed = 99;
  em_parallel_set_n_workers (1);
  a = em_kmeans_run (xs, N, D, &params, NULL, &error);
  em_parallel_set_n_workers (3);
  b = em_kmeans_run (xs, N, D, &params, NULL, &error);
  em_parallel_set_n_workers (0);
  g_assert_no_error (error);
  g_assert_cmpfloat (a->inertia, ==, b->inertia);
  g_assert_cmpmem (a->labels, N * sizeof (gint32), b->labels, N * sizeof (gint32));
  g_assert_cmpmem (a->centers, 5 * D * sizeof (double), b->centers, 5 * D * sizeof (double));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/earmark/core/kmeans/golden", test_kmeans_golden);
  g_test_add_func ("/earmark/core/kmeans/deterministic-k6", test_kmeans_deterministic_k6);
  g_test_add_func ("/earmark/core/kmeans/scan", test_kmeans_scan);
  g_test_add_func ("/earmark/core/kmeans/errors", test_kmeans_errors);
  g_test_add_func ("/earmark/core/kmeans/cancel", test_kmeans_cancel);
  g_test_add_func ("/earmark/core/kmeans/thread-independent", test_kmeans_thread_independent);
  return g_test_run ();
}
