/* test-tsne.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * t-SNE and trustworthiness against scikit-learn's fixtures: the
 * trustworthiness function must reproduce sklearn's value exactly, and
 * our t-SNE on golden2k must be at least as trustworthy as sklearn's
 * Barnes-Hut result minus 0.01.
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <stdlib.h>

#include "em-knn.h"
#include "em-trustworthiness.h"
#include "em-tsne.h"
#include "em-tsne-private.h"
#include "analysis-test-util.h"

#define GOLDEN_N 2000
#define GOLDEN_D 38

static double *
random_matrix (gsize    n,
               gsize    d,
               double   scale,
               guint32  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double *x = g_new (double, n * d);

  for (gsize a = 0; a < n * d; a++)
    x[a] = g_rand_double_range (rand, -scale, scale);

  return x;
}

typedef struct
{
  double  dist;
  guint32 index;
} Ranked;

static int
compare_ranked (const void *a,
                const void *b)
{
  const Ranked *ra = a, *rb = b;

  if (ra->dist != rb->dist)
    return ra->dist < rb->dist ? -1 : 1;
  return (ra->index > rb->index) - (ra->index < rb->index);
}

static void
sorted_row (const double *x,
            gsize         n,
            gsize         d,
            gsize         i,
            Ranked       *row)
{
  for (gsize j = 0; j < n; j++)
    {
      double s = 0.0;

      for (gsize c = 0; c < d; c++)
        s += (x[i * d + c] - x[j * d + c]) * (x[i * d + c] - x[j * d + c]);
      /* as sklearn: the point itself goes last */
      row[j] = (Ranked) { j == i ? INFINITY : sqrt (s), (guint32) j };
    }
  qsort (row, n, sizeof (Ranked), compare_ranked);
}

/* sklearn.manifold.trustworthiness transcribed with an n x n rank
 * matrix: inverted_index[i][ind_X[i]] = 1..n. */
static double
brute_trustworthiness (const double *x,
                       gsize         d,
                       const double *e,
                       gsize         d_e,
                       gsize         n,
                       guint         k)
{
  g_autofree guint32 *inverted = g_new (guint32, n * n);
  g_autofree Ranked *row = g_new (Ranked, n);
  double t = 0.0;

  for (gsize i = 0; i < n; i++)
    {
      sorted_row (x, n, d, i, row);
      for (gsize r = 0; r < n; r++)
        inverted[i * n + row[r].index] = (guint32) r + 1;
    }
  for (gsize i = 0; i < n; i++)
    {
      sorted_row (e, n, d_e, i, row);
      for (guint a = 0; a < k; a++)
        {
          double rank = (double) inverted[i * n + row[a].index] - k;

          if (rank > 0)
            t += rank;
        }
    }

  return 1.0 - t * (2.0 / ((double) n * k * (2.0 * n - 3.0 * k - 1.0)));
}

static void
test_trustworthiness_brute_force (void)
{
  const gsize n = 300, d = 6;
  g_autofree double *x = random_matrix (n, d, 1.0, 7);
  g_autofree double *e = g_new (double, n * 2);
  g_autoptr(GError) error = NULL;

  /* a noisy projection: neither perfect nor random */
  for (gsize i = 0; i < n; i++)
    {
      e[i * 2] = x[i * d] + 0.3 * x[i * d + 2];
      e[i * 2 + 1] = x[i * d + 1] - 0.2 * x[i * d + 3];
    }
  for (guint k = 1; k <= 20; k += 19)
    {
      double ours = 0.0, brute = brute_trustworthiness (x, d, e, 2, n, k);

      g_assert_true (em_trustworthiness (x, d, e, 2, n, k, &ours, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (ours, brute, 1e-12);
      g_assert_cmpfloat (ours, <, 1.0);
      g_assert_cmpfloat (ours, >, 0.5);
    }
}

/* The fixture's sklearn embedding scored against its input: a direct
 * check of our trustworthiness against sklearn's own number. */
static void
test_trustworthiness_reference (void)
{
  g_autoptr(JsonParser) golden = analysis_golden_json ();
  g_autofree double *x = analysis_fixture_load ("golden2k.std.f64", sizeof (double),
                                                GOLDEN_N * GOLDEN_D);
  g_autofree double *e = analysis_fixture_load ("golden2k.tsne_bh.f64", sizeof (double),
                                                GOLDEN_N * 2);
  g_autofree double *scores = analysis_fixture_load ("golden2k.pca_scores.f64",
                                                     sizeof (double), GOLDEN_N * GOLDEN_D);
  g_autofree double *pca2 = g_new (double, GOLDEN_N * 2);
  g_autoptr(GError) error = NULL;
  double t = 0.0;

  g_assert_true (em_trustworthiness (x, GOLDEN_D, e, 2, GOLDEN_N, 10, &t, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (t, analysis_golden_double (golden, "tsne.trustworthiness_k10"),
                                  1e-12);

  for (gsize i = 0; i < GOLDEN_N; i++)
    {
      pca2[i * 2] = scores[i * GOLDEN_D];
      pca2[i * 2 + 1] = scores[i * GOLDEN_D + 1];
    }
  g_assert_true (em_trustworthiness (x, GOLDEN_D, pca2, 2, GOLDEN_N, 10, &t, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (t, analysis_golden_double (golden, "tsne.trustworthiness_k10_of_pca2"),
                                  1e-12);
}

/* The FFT-interpolated repulsion agrees with the all-pairs sum. */
static void
test_fft_repulsion (void)
{
  const gsize n = 1500;
  /* with FIt-SNE's default of one box per unit length the error grows with
   * the spacing of the points relative to the boxes; it shrinks as h^3
   * with smaller boxes (0.3 % at two boxes per unit) */
  double spans[] = { 1e-3, 5.0, 60.0 };
  double z_tolerance[] = { 1e-6, 1e-4, 1e-2 };
  double force_tolerance[] = { 1e-6, 1e-3, 5e-2 };

  for (guint s = 0; s < G_N_ELEMENTS (spans); s++)
    {
      g_autofree double *y = random_matrix (n, 2, spans[s], 11 + s);
      g_autofree double *exact = g_new (double, n * 2);
      g_autofree double *fft_rep = g_new (double, n * 2);
      g_autoptr(EmTsneFft) fft = _em_tsne_fft_new (n);
      double z_exact, z_fft, err = 0.0, norm = 0.0;

      /* two clusters, so that the density is not uniform */
      for (gsize i = 0; i < n / 3; i++)
        {
          y[i * 2] = y[i * 2] * 0.1 + spans[s] * 0.5;
          y[i * 2 + 1] *= 0.1;
        }
      z_exact = _em_tsne_exact_repulsive (y, n, exact);
      z_fft = _em_tsne_fft_repulsive (fft, y, fft_rep);
      for (gsize a = 0; a < 2 * n; a++)
        {
          err += (exact[a] - fft_rep[a]) * (exact[a] - fft_rep[a]);
          norm += exact[a] * exact[a];
        }
      g_test_message ("span %g: Z %g vs %g, relative force error %g", spans[s],
                      z_fft, z_exact, sqrt (err / norm));
      g_assert_cmpfloat (fabs (z_fft - z_exact) / z_exact, <, z_tolerance[s]);
      g_assert_cmpfloat (sqrt (err / norm), <, force_tolerance[s]);
    }
}

/* Sanitizer builds run several times slower: they stop after 500
 * iterations (where the embedding already scores 0.962), which keeps the
 * test under a minute while the assertion on all 2,000 rows stays. */
#if defined(__SANITIZE_ADDRESS__)
#define GOLDEN_N_ITER 500
#else
#define GOLDEN_N_ITER 1000
#endif

static void
test_tsne_golden (void)
{
  g_autoptr(JsonParser) golden = analysis_golden_json ();
  g_autofree double *x = analysis_fixture_load ("golden2k.std.f64", sizeof (double),
                                                GOLDEN_N * GOLDEN_D);
  g_autofree double *y = g_new (double, GOLDEN_N * 2);
  g_autoptr(GError) error = NULL;
  double t = 0.0, kl = 0.0, reference;
  gint64 start = g_get_monotonic_time ();
  EmTsneOptions options;

  em_tsne_options_init (&options);
  options.n_iter = GOLDEN_N_ITER;
  g_assert_true (em_tsne_run (x, GOLDEN_N, GOLDEN_D, &options, y, &kl, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (em_trustworthiness (x, GOLDEN_D, y, 2, GOLDEN_N, 10, &t, NULL, &error));
  g_assert_no_error (error);

  reference = analysis_golden_double (golden, "tsne.trustworthiness_k10");
  g_test_message ("t-SNE on %d rows, %d iterations: trustworthiness(10) %.6f (sklearn %.6f), "
                  "KL %.5f (sklearn %.5f), %.2f s", GOLDEN_N, GOLDEN_N_ITER, t, reference, kl,
                  analysis_golden_double (golden, "tsne.kl_divergence"),
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpfloat (t, >=, reference - 0.01);
  g_assert_cmpfloat (kl, >, 0.0);
  g_assert_cmpfloat (kl, <, 1.6);
}

/* Same input, options and seed: identical coordinates, bit for bit.  The
 * workers take chunks from a shared counter, so which thread computes
 * what differs from run to run: this also checks that no result depends
 * on the split. */
static void
test_tsne_deterministic (void)
{
  const gsize n = 300;
  g_autofree double *x = analysis_fixture_load ("golden2k.std.f64", sizeof (double),
                                                GOLDEN_N * GOLDEN_D);
  g_autofree double *a = g_new (double, n * 2);
  g_autofree double *b = g_new (double, n * 2);
  g_autoptr(GError) error = NULL;
  EmTsneOptions options;
  gboolean differs = FALSE;

  em_tsne_options_init (&options);
  options.n_iter = 260;   /* past the restart after the early exaggeration */
  for (guint init = EM_TSNE_INIT_PCA; init <= EM_TSNE_INIT_RANDOM; init++)
    {
      /* the FFT path with the PCA start, the exact one (cheaper) with the
       * random start */
      options.init = init;
      options.gradient = init == EM_TSNE_INIT_PCA ? EM_TSNE_GRADIENT_FFT : EM_TSNE_GRADIENT_EXACT;
      options.seed = 5;
      g_assert_true (em_tsne_run (x, n, GOLDEN_D, &options, a, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (em_tsne_run (x, n, GOLDEN_D, &options, b, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (a, n * 2 * sizeof (double), b, n * 2 * sizeof (double));
    }

  /* a random start with another seed gives another embedding */
  options.seed = 6;
  g_assert_true (em_tsne_run (x, n, GOLDEN_D, &options, b, NULL, NULL, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < n * 2; i++)
    differs |= a[i] != b[i];
  g_assert_true (differs);
}

/* The exact and the FFT gradients optimise to embeddings of the same
 * quality, and the PCA start itself matches sklearn's PCA projection. */
static void
test_tsne_exact_gradient (void)
{
  const gsize n = 300;
  g_autofree double *x = analysis_fixture_load ("golden2k.std.f64", sizeof (double),
                                                GOLDEN_N * GOLDEN_D);
  g_autofree double *y = g_new (double, n * 2);
  g_autoptr(GError) error = NULL;
  EmTsneOptions options;
  double t_exact = 0.0, t_fft = 0.0, kl_exact = 0.0, kl_fft = 0.0;

  em_tsne_options_init (&options);
  options.n_iter = 500;
  options.gradient = EM_TSNE_GRADIENT_EXACT;
  g_assert_true (em_tsne_run (x, n, GOLDEN_D, &options, y, &kl_exact, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (em_trustworthiness (x, GOLDEN_D, y, 2, n, 10, &t_exact, NULL, &error));
  options.gradient = EM_TSNE_GRADIENT_FFT;
  g_assert_true (em_tsne_run (x, n, GOLDEN_D, &options, y, &kl_fft, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (em_trustworthiness (x, GOLDEN_D, y, 2, n, 10, &t_fft, NULL, &error));
  g_test_message ("300 rows: exact gradient T %.5f KL %.4f, FFT T %.5f KL %.4f",
                  t_exact, kl_exact, t_fft, kl_fft);
  g_assert_cmpfloat (fabs (t_exact - t_fft), <, 0.01);
  g_assert_cmpfloat (fabs (kl_exact - kl_fft), <, 0.1);
}

static void
test_tsne_pca_start (void)
{
  g_autoptr(JsonParser) golden = analysis_golden_json ();
  g_autofree double *x = analysis_fixture_load ("golden2k.std.f64", sizeof (double),
                                                GOLDEN_N * GOLDEN_D);
  g_autofree double *scores = analysis_fixture_load ("golden2k.pca_scores.f64",
                                                     sizeof (double), GOLDEN_N * GOLDEN_D);
  g_autofree double *y = g_new (double, GOLDEN_N * 2);
  g_autoptr(GError) error = NULL;
  double ratio, s0;

  g_assert_true (_em_tsne_init_pca (x, GOLDEN_N, GOLDEN_D, y, &error));
  g_assert_no_error (error);
  /* sklearn's scores, signs included, scaled to std 1e-4 on the first axis */
  ratio = y[0] / scores[0];
  g_assert_cmpfloat (ratio, >, 0.0);
  for (gsize i = 0; i < GOLDEN_N; i++)
    for (gsize c = 0; c < 2; c++)
      g_assert_cmpfloat_with_epsilon (y[i * 2 + c] / ratio, scores[i * GOLDEN_D + c], 1e-8);
  /* population std of the first scores = s_0 / sqrt (n) */
  s0 = json_array_get_double_element (
         json_node_get_array (analysis_golden_node (golden, "pca.singular_values")), 0);
  g_assert_cmpfloat_with_epsilon (ratio * s0 / sqrt (GOLDEN_N), 1e-4, 1e-12);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (G_USEC_PER_SEC / 5);
  em_job_cancel (data);
  return NULL;
}

static void
test_tsne_cancel_and_progress (void)
{
  const gsize n = 1000;
  g_autofree double *x = analysis_fixture_load ("golden2k.std.f64", sizeof (double),
                                                GOLDEN_N * GOLDEN_D);
  g_autofree double *y = g_new (double, n * 2);
  g_autoptr(EmJob) job = em_job_new ("t-SNE");
  g_autoptr(EmJob) cancelled = em_job_new ("t-SNE");
  g_autoptr(GError) error = NULL;
  GThread *thread;
  EmTsneOptions options;

  em_tsne_options_init (&options);
  options.n_iter = 50;
  g_assert_true (em_tsne_run (x, n, GOLDEN_D, &options, y, NULL, job, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (em_job_get_fraction (job), ==, 1.0);

  options.n_iter = 100000;
  thread = g_thread_new ("cancel", cancel_later, cancelled);
  g_assert_false (em_tsne_run (x, n, GOLDEN_D, &options, y, NULL, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_thread_join (thread);
}

static void
expect_tsne_error (const double *x,
                   gsize         n,
                   gsize         d,
                   double        perplexity,
                   int           code)
{
  g_autofree double *y = g_new0 (double, MAX (n, 1) * 2);
  g_autoptr(GError) error = NULL;
  EmTsneOptions options;

  em_tsne_options_init (&options);
  options.perplexity = perplexity;
  g_assert_false (em_tsne_run (x, n, d, &options, y, NULL, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, code);
  g_test_message ("%s", error->message);
}

static void
test_tsne_errors (void)
{
  g_autofree double *x = random_matrix (50, 3, 1.0, 3);
  g_autofree double *same = g_new (double, 50 * 3);
  g_autofree double *e = g_new0 (double, 50 * 2);
  g_autoptr(GError) error = NULL;
  double t = 0.0;

  expect_tsne_error (x, 0, 3, 30.0, EM_ANALYSIS_ERROR_EMPTY);
  expect_tsne_error (x, 50, 3, 50.0, EM_ANALYSIS_ERROR_TOO_FEW_ROWS);
  expect_tsne_error (x, 50, 3, -1.0, EM_ANALYSIS_ERROR_INVALID_INPUT);
  for (gsize a = 0; a < 50 * 3; a++)
    same[a] = (double) (a % 3);
  expect_tsne_error (same, 50, 3, 10.0, EM_ANALYSIS_ERROR_DEGENERATE);
  x[17] = NAN;
  expect_tsne_error (x, 50, 3, 10.0, EM_ANALYSIS_ERROR_NOT_FINITE);

  /* perplexity below n but above (n - 1) / 3: neighbours clamped to n - 1 */
  x[17] = 0.5;
  g_assert_cmpuint (em_tsne_get_n_neighbors (50, 30.0), ==, 49);
  g_assert_cmpuint (em_tsne_get_n_neighbors (2000, 30.0), ==, 91);
  {
    g_autofree double *y = g_new (double, 50 * 2);
    EmTsneOptions options;

    em_tsne_options_init (&options);
    options.perplexity = 40.0;
    options.n_iter = 100;
    g_assert_true (em_tsne_run (x, 50, 3, &options, y, NULL, NULL, &error));
    g_assert_no_error (error);
    for (gsize a = 0; a < 100; a++)
      g_assert_true (isfinite (y[a]));
  }

  g_assert_false (em_trustworthiness (x, 3, e, 2, 50, 25, &t, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_FEW_ROWS);
  g_clear_error (&error);
  g_assert_false (em_trustworthiness (x, 3, e, 2, 0, 5, &t, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);
  e[3] = NAN;
  g_assert_false (em_trustworthiness (x, 3, e, 2, 50, 5, &t, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE);
}

/* Scoring sampled rows against all rows estimates the full value. */
static void
test_trustworthiness_sampled (void)
{
  g_autofree double *x = analysis_fixture_load ("golden2k.std.f64", sizeof (double),
                                                GOLDEN_N * GOLDEN_D);
  g_autofree double *e = analysis_fixture_load ("golden2k.tsne_bh.f64", sizeof (double),
                                                GOLDEN_N * 2);
  g_autoptr(GError) error = NULL;
  double full = 0.0, sampled = 0.0, again = 0.0;

  g_assert_true (em_trustworthiness (x, GOLDEN_D, e, 2, GOLDEN_N, 10, &full, NULL, &error));
  g_assert_true (em_trustworthiness_sampled (x, GOLDEN_D, e, 2, GOLDEN_N, 10, 500, 1,
                                             &sampled, NULL, &error));
  g_assert_true (em_trustworthiness_sampled (x, GOLDEN_D, e, 2, GOLDEN_N, 10, 500, 1,
                                             &again, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (sampled, ==, again);
  g_assert_cmpfloat (fabs (sampled - full), <, 0.005);
  g_assert_true (em_trustworthiness_sampled (x, GOLDEN_D, e, 2, GOLDEN_N, 10, GOLDEN_N, 1,
                                             &sampled, NULL, &error));
  g_assert_cmpfloat (sampled, ==, full);
}

/* em_tsne_run() is em_knn_exact() followed by em_tsne_run_with_neighbors();
 * bad neighbour lists are refused. */
static void
test_tsne_with_neighbors (void)
{
  const gsize n = 200;
  g_autofree double *x = analysis_fixture_load ("golden2k.std.f64", sizeof (double),
                                                GOLDEN_N * GOLDEN_D);
  guint k = em_tsne_get_n_neighbors (n, 10.0);
  g_autofree guint32 *idx = g_new (guint32, n * k);
  g_autofree double *dist = g_new (double, n * k);
  g_autofree double *a = g_new (double, n * 2);
  g_autofree double *b = g_new (double, n * 2);
  g_autoptr(GError) error = NULL;
  EmTsneOptions options;

  em_tsne_options_init (&options);
  options.perplexity = 10.0;
  options.n_iter = 300;
  g_assert_cmpuint (k, ==, 31);
  g_assert_true (em_tsne_run (x, n, GOLDEN_D, &options, a, NULL, NULL, &error));
  g_assert_true (em_knn_exact (x, n, GOLDEN_D, k, idx, dist, NULL, &error));
  g_assert_true (em_tsne_run_with_neighbors (x, n, GOLDEN_D, idx, dist, k, &options,
                                             b, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (a, n * 2 * sizeof (double), b, n * 2 * sizeof (double));

  idx[5 * k + 3] = 5;
  g_assert_false (em_tsne_run_with_neighbors (x, n, GOLDEN_D, idx, dist, k, &options,
                                              b, NULL, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  idx[5 * k + 3] = 6;
  dist[7] = NAN;
  g_assert_false (em_tsne_run_with_neighbors (x, n, GOLDEN_D, idx, dist, k, &options,
                                              b, NULL, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/earmark/core/tsne/trustworthiness-brute-force", test_trustworthiness_brute_force);
  g_test_add_func ("/earmark/core/tsne/trustworthiness-reference", test_trustworthiness_reference);
  g_test_add_func ("/earmark/core/tsne/fft-repulsion", test_fft_repulsion);
  g_test_add_func ("/earmark/core/tsne/trustworthiness-sampled", test_trustworthiness_sampled);
  g_test_add_func ("/earmark/core/tsne/pca-start", test_tsne_pca_start);
  g_test_add_func ("/earmark/core/tsne/golden2k", test_tsne_golden);
  g_test_add_func ("/earmark/core/tsne/exact-gradient", test_tsne_exact_gradient);
  g_test_add_func ("/earmark/core/tsne/deterministic", test_tsne_deterministic);
  g_test_add_func ("/earmark/core/tsne/cancel-and-progress", test_tsne_cancel_and_progress);
  g_test_add_func ("/earmark/core/tsne/with-neighbors", test_tsne_with_neighbors);
  g_test_add_func ("/earmark/core/tsne/errors", test_tsne_errors);

  return g_test_run ();
}
