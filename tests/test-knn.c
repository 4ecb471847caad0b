/* test-knn.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "em-knn.h"
#include "em-parallel.h"
#include "analysis-test-util.h"

#define N 700
#define D 5

static double *
random_matrix (gsize n, gsize d, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double *x = g_new (double, n * d);

  for (gsize i = 0; i < n * d; i++)
    x[i] = g_rand_double_range (rand, -1.0, 1.0) * (1 + i % 3);
  /* An exact duplicate and a far-away point stress ties and norms. */
  memcpy (x + 7 * d, x + 3 * d, d * sizeof (double));
  x[11 * d] = 1e3;
  return x;
}

static double
brute_distance (const double *x, gsize d, gsize i, gsize j)
{
  double s = 0.0;

  for (gsize c = 0; c < d; c++)
    s += (x[i * d + c] - x[j * d + c]) * (x[i * d + c] - x[j * d + c]);
  return sqrt (s);
}

/* k-NN equals brute force on (distance, index) order, self excluded,
 * across more rows than one GEMM block. */
static void
test_knn_vs_brute_force (void)
{
  const guint k = 9;
  gsize n = 2500;
  g_autofree double *x = random_matrix (n, D, 42);
  g_autofree guint32 *idx = g_new (guint32, n * k);
  g_autofree double *dist = g_new (double, n * k);
  g_autofree double *all = g_new (double, n);
  g_autoptr(GError) error = NULL;

  g_assert_true (em_knn_exact (x, n, D, k, idx, dist, NULL, &error));
  g_assert_no_error (error);

  for (gsize i = 0; i < n; i += 7)
    {
      for (gsize j = 0; j < n; j++)
        all[j] = brute_distance (x, D, i, j);
      for (guint m = 0; m < k; m++)
        {
          guint32 j = idx[i * k + m];
          guint below = 0;

          g_assert_cmpuint (j, !=, i);
          g_assert_cmpfloat_with_epsilon (dist[i * k + m], all[j], 1e-12);
          if (m > 0)
            g_assert_cmpfloat (dist[i * k + m], >=, dist[i * k + m - 1]);
          /* exactly m other rows are strictly closer (no ties here) */
          for (gsize l = 0; l < n; l++)
            if (l != i && (all[l] < all[j] || (all[l] == all[j] && l < j)))
              below++;
          g_assert_cmpuint (below, ==, m);
        }
    }
  /* the duplicate pair are each other's first neighbour at distance 0 */
  g_assert_cmpuint (idx[3 * k], ==, 7);
  g_assert_cmpuint (idx[7 * k], ==, 3);
  g_assert_cmpfloat (dist[3 * k], ==, 0.0);
}

/* The same on the standardised synth2k (38 columns, clustered): the
 * tree's pruning must never drop a true neighbour. */
static void
test_knn_synth2k (void)
{
  const guint k = 15;
  const gsize n = 2000, d = 38;
  g_autofree double *x = analysis_fixture_load ("golden2k.std.f64", sizeof (double), n * d);
  g_autofree guint32 *idx = g_new (guint32, n * k);
  g_autofree double *dist = g_new (double, n * k);
  g_autofree double *all = g_new (double, n);
  g_autoptr(GError) error = NULL;

  g_assert_true (em_knn_exact (x, n, d, k, idx, dist, NULL, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i += 3)
    {
      for (gsize j = 0; j < n; j++)
        all[j] = brute_distance (x, d, i, j);
      for (guint m = 0; m < k; m++)
        {
          guint32 j = idx[i * k + m];
          guint below = 0;

          g_assert_cmpfloat_with_epsilon (dist[i * k + m], all[j], 1e-12);
          for (gsize l = 0; l < n; l++)
            if (l != i && (all[l] < all[j] || (all[l] == all[j] && l < j)))
              below++;
          g_assert_cmpuint (below, ==, m);
        }
    }
}

static void
test_knn_radius_vs_brute_force (void)
{
  g_autofree double *x = random_matrix (N, D, 7);
  g_autofree guint64 *off = NULL;
  g_autofree guint32 *nb = NULL;
  g_autoptr(GError) error = NULL;
  double r = 0.9;

  g_assert_true (em_knn_radius (x, N, D, r, &off, &nb, NULL, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < N; i++)
    {
      guint64 p = off[i];

      for (gsize j = 0; j < N; j++)
        if (brute_distance (x, D, i, j) <= r)
          {
            g_assert_cmpuint (p, <, off[i + 1]);
            g_assert_cmpuint (nb[p], ==, j);
            p++;
          }
      g_assert_cmpuint (p, ==, off[i + 1]);
    }
}

static void
test_knn_errors (void)
{
  double x[6] = { 0, 1, 2, 3, 4, 5 };
  guint32 idx[12];
  double dist[12];
  g_autofree guint64 *off = NULL;
  g_autofree guint32 *nb = NULL;
  GError *error = NULL;

  g_assert_false (em_knn_exact (x, 3, 2, 3, idx, dist, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_FEW_ROWS);
  g_clear_error (&error);
  g_assert_false (em_knn_exact (x, 0, 2, 1, idx, dist, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);
  x[3] = NAN;
  g_assert_false (em_knn_exact (x, 3, 2, 1, idx, dist, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE);
  g_clear_error (&error);
  g_assert_false (em_knn_radius (x, 3, 2, 1.0, &off, &nb, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE);
  g_clear_error (&error);
}

static void
test_knn_cancel (void)
{
  g_autofree double *x = random_matrix (N, D, 1);
  g_autofree guint32 *idx = g_new (guint32, N * 3);
  g_autofree double *dist = g_new (double, N * 3);
  g_autoptr(EmJob) job = em_job_new ("kNN");
  GError *error = NULL;

  em_job_cancel (job);
  g_assert_false (em_knn_exact (x, N, D, 3, idx, dist, job, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
}

/* One worker or three: bit-identical neighbours and radius lists. */
static void
test_knn_thread_independent (void)
{
  const guint k = 7;
  const gsize n = 2000, d = 38;
  g_autofree double *x = analysis_fixture_load ("golden2k.std.f64", sizeof (double), n * d);
  g_autofree guint32 *i1 = g_new (guint32, n * k);
  g_autofree guint32 *i3 = g_new (guint32, n * k);
  g_autofree double *d1 = g_new (double, n * k);
  g_autofree double *d3 = g_new (double, n * k);
  g_autofree guint64 *o1 = NULL;
  g_autofree guint64 *o3 = NULL;
  g_autofree guint32 *n1 = NULL;
  g_autofree guint32 *n3 = NULL;
  g_autoptr(GError) error = NULL;

  em_parallel_set_n_workers (1);
  g_assert_true (em_knn_exact (x, n, d, k, i1, d1, NULL, &error));
  g_assert_true (em_knn_radius (x, n, d, 3.0, &o1, &n1, NULL, &error));
  em_parallel_set_n_workers (3);
  g_assert_true (em_knn_exact (x, n, d, k, i3, d3, NULL, &error));
  g_assert_true (em_knn_radius (x, n, d, 3.0, &o3, &n3, NULL, &error));
  em_parallel_set_n_workers (0);
  g_assert_no_error (error);
  g_assert_cmpmem (i1, n * k * sizeof (guint32), i3, n * k * sizeof (guint32));
  g_assert_cmpmem (d1, n * k * sizeof (double), d3, n * k * sizeof (double));
  g_assert_cmpmem (o1, (n + 1) * sizeof (guint64), o3, (n + 1) * sizeof (guint64));
  g_assert_cmpmem (n1, o1[n] * sizeof (guint32), n3, o3[n] * sizeof (guint32));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/earmark/core/knn/brute-force", test_knn_vs_brute_force);
  g_test_add_func ("/earmark/core/knn/synth2k", test_knn_synth2k);
  g_test_add_func ("/earmark/core/knn/radius", test_knn_radius_vs_brute_force);
  g_test_add_func ("/earmark/core/knn/errors", test_knn_errors);
  g_test_add_func ("/earmark/core/knn/cancel", test_knn_cancel);
  g_test_add_func ("/earmark/core/knn/thread-independent", test_knn_thread_independent);
  return g_test_run ();
}
