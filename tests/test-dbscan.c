/* test-dbscan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "em-dbscan.h"
#include "em-standardize.h"
#include "analysis-test-util.h"

#define N 2000
#define D 38

/* DBSCAN(eps 3.5, min_samples 10) on the standardised synth2k: the same
 * core rows as scikit-learn, the same labels up to relabelling (border
 * rows included, thanks to the same visiting order), and the README's
 * counts. */
static void
test_dbscan_golden (void)
{
  g_autofree double *xs = analysis_fixture_load ("golden2k.std.f64", sizeof (double), N * D);
  g_autofree gint32 *golden = analysis_fixture_load ("golden2k.dbscan.i32", sizeof (gint32), N);
  g_autofree guint8 *core = analysis_fixture_load ("golden2k.dbscan_core.u8", 1, N);
  g_autoptr(JsonParser) parser = analysis_golden_json ();
  g_autoptr(EmDbscan) db = NULL;
  g_autoptr(GError) error = NULL;

  db = em_dbscan_run (xs, N, D, 3.5, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (db->core, N, core, N);
  g_assert_true (analysis_same_partition (db->labels, golden, N));
  /* noise is noise, not just some cluster */
  for (gsize i = 0; i < N; i++)
    g_assert_cmpint (db->labels[i] < 0, ==, golden[i] < 0);
  g_assert_cmpuint (db->n_clusters, ==, (guint) analysis_golden_double (parser, "dbscan.n_clusters"));
  g_assert_cmpuint (db->n_core, ==, (gsize) analysis_golden_double (parser, "dbscan.n_core"));
  g_assert_cmpuint (db->n_noise, ==, 109);
  /* scikit-learn numbers clusters by discovery in index order */
  for (gsize i = 0; i < N; i++)
    g_assert_cmpint (db->labels[i], ==, golden[i]);
}

/* The k-distance curve matches the README's distribution of 10-NN
 * distances; its value at the core share is eps, and a k-distance <= eps
 * is exactly a core row. */
static void
test_dbscan_k_distances (void)
{
  g_autofree double *xs = analysis_fixture_load ("golden2k.std.f64", sizeof (double), N * D);
  g_autofree double *kd = g_new (double, N);
  g_autoptr(GError) error = NULL;
  gsize below = 0;
  double knee;

  g_assert_true (em_dbscan_k_distances (xs, N, D, 10, kd, NULL, &error));
  g_assert_no_error (error);
  for (gsize i = 1; i < N; i++)
    g_assert_cmpfloat (kd[i], >=, kd[i - 1]);
  g_assert_cmpfloat (fabs (em_dbscan_eps_for_core_fraction (kd, N, 0.5) - 3.13), <, 0.005);
  g_assert_cmpfloat (fabs (em_dbscan_eps_for_core_fraction (kd, N, 0.75) - 3.41), <, 0.005);
  g_assert_cmpfloat (fabs (em_dbscan_eps_for_core_fraction (kd, N, 0.9) - 3.71), <, 0.005);
  for (gsize i = 0; i < N; i++)
    below += kd[i] <= 3.5;
  g_assert_cmpuint (below, ==, 1609);
  g_assert_cmpfloat (fabs (em_dbscan_eps_for_core_fraction (kd, N, 0.8045) - 3.5), <, 0.01);

  /* the knee lies in the outlier tail: a usable eps, not "all noise" */
  knee = em_dbscan_suggest_eps (kd, N);
  g_test_message ("knee eps %.4f", knee);
  g_assert_cmpfloat (knee, >, em_dbscan_eps_for_core_fraction (kd, N, 0.5));
  g_assert_cmpfloat (knee, <, kd[N - 1]);
}

/* The README's quantile rule on synth30k gives eps 2.9612 (slow: kNN of
 * 30,000 rows). */
static void
test_dbscan_eps_synth30k (void)
{
  const gsize n = 30000;
  g_autofree double *x = NULL;
  g_autofree double *kd = g_new (double, n);
  g_autoptr(GError) error = NULL;
  double eps;

  if (!g_test_slow ())
    {
      g_test_skip ("kNN of 30,000 rows: run with -m slow");
      return;
    }
  x = analysis_fixture_load ("synth30k.f64", sizeof (double), n * D);
  g_assert_true (em_standardize (x, n, D, x, NULL, NULL, NULL, &error));
  g_assert_true (em_dbscan_k_distances (x, n, D, 10, kd, NULL, &error));
  g_assert_no_error (error);
  eps = em_dbscan_eps_for_core_fraction (kd, n, 0.8045);
  g_test_message ("eps %.6f, knee %.6f", eps, em_dbscan_suggest_eps (kd, n));
  g_assert_cmpfloat (fabs (eps - 2.9612), <, 5e-5);
}

static void
test_dbscan_errors (void)
{
  double x[6] = { 1, 2, 1, 2, 1, 2 };
  double kd[3];
  GError *error = NULL;

  g_assert_null (em_dbscan_run (x, 3, 2, 1.0, 2, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_DEGENERATE);
  g_clear_error (&error);
  g_assert_null (em_dbscan_run (x, 0, 2, 1.0, 2, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);
  x[0] = 0.0;
  g_assert_null (em_dbscan_run (x, 3, 2, -1.0, 2, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (em_dbscan_k_distances (x, 3, 2, 5, kd, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_FEW_ROWS);
  g_clear_error (&error);
  x[3] = NAN;
  g_assert_null (em_dbscan_run (x, 3, 2, 1.0, 2, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE);
  g_clear_error (&error);
}

static void
test_dbscan_cancel (void)
{
  g_autofree double *xs = analysis_fixture_load ("golden2k.std.f64", sizeof (double), N * D);
  g_autoptr(EmJob) job = em_job_new ("DBSCAN");
  GError *error = NULL;

  em_job_cancel (job);
  g_assert_null (em_dbscan_run (xs, N, D, 3.5, 10, job, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/earmark/core/dbscan/golden", test_dbscan_golden);
  g_test_add_func ("/earmark/core/dbscan/k-distances", test_dbscan_k_distances);
  g_test_add_func ("/earmark/core/dbscan/eps-synth30k", test_dbscan_eps_synth30k);
  g_test_add_func ("/earmark/core/dbscan/errors", test_dbscan_errors);
  g_test_add_func ("/earmark/core/dbscan/cancel", test_dbscan_cancel);
  return g_test_run ();
}
