/* test-pca.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "em-pca.h"
#include "analysis-test-util.h"

#define N 2000
#define D 38

static void
assert_rel (double got, double want, double tol)
{
  if (fabs (got - want) > tol * fabs (want))
    g_error ("%.17g differs from %.17g by more than %g relative", got, want, tol);
}

/* Ratios, variances (ddof 1), singular values, components and all 38
 * score columns of the standardised synth2k equal scikit-learn's
 * PCA(svd_solver="full") within 1e-9 relative, signs per svd_flip. */
static void
test_pca_golden (void)
{
  g_autofree double *xs = analysis_fixture_load ("golden2k.std.f64", sizeof (double), N * D);
  g_autofree double *golden = analysis_fixture_load ("golden2k.pca_scores.f64", sizeof (double), N * D);
  g_autoptr(JsonParser) parser = analysis_golden_json ();
  JsonArray *ratio = json_node_get_array (analysis_golden_node (parser, "pca.explained_variance_ratio"));
  JsonArray *var = json_node_get_array (analysis_golden_node (parser, "pca.explained_variance_ddof1"));
  JsonArray *sv = json_node_get_array (analysis_golden_node (parser, "pca.singular_values"));
  JsonArray *comps = json_node_get_array (analysis_golden_node (parser, "pca.components_rows"));
  JsonArray *cum = json_node_get_array (analysis_golden_node (parser, "pca.cum_evr_at_2_5_10"));
  g_autoptr(EmPca) pca = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *again = g_new (double, N * 3);

  pca = em_pca_compute (xs, N, D, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pca->n_components, ==, D);

  for (gsize c = 0; c < D; c++)
    {
      JsonArray *row = json_array_get_array_element (comps, c);

      assert_rel (pca->explained_variance_ratio[c], json_array_get_double_element (ratio, c), 1e-9);
      assert_rel (pca->explained_variance[c], json_array_get_double_element (var, c), 1e-9);
      assert_rel (pca->singular_values[c], json_array_get_double_element (sv, c), 1e-9);
      for (gsize j = 0; j < D; j++)
        g_assert_cmpfloat (fabs (pca->components[c * D + j] - json_array_get_double_element (row, j)), <=, 1e-9);
    }
  assert_rel (pca->cumulative_ratio[1], json_array_get_double_element (cum, 0), 1e-9);
  assert_rel (pca->cumulative_ratio[4], json_array_get_double_element (cum, 1), 1e-9);
  assert_rel (pca->cumulative_ratio[9], json_array_get_double_element (cum, 2), 1e-9);
  assert_rel (pca->cumulative_ratio[D - 1], 1.0, 1e-12);

  /* Scores: 1e-9 relative to the column's scale (entries near 0 have no
   * meaningful relative error). */
  for (gsize c = 0; c < D; c++)
    {
      double scale = pca->singular_values[c] / sqrt (N);

      for (gsize i = 0; i < N; i++)
        g_assert_cmpfloat (fabs (pca->scores[i * D + c] - golden[i * D + c]), <=, 1e-9 * scale);
    }

  /* the 80 % cut: the cumulative ratio first exceeds 0.8 at 13 components
   * (0.7926 at 12, 0.8071 at 13) */
  g_assert_cmpuint (em_pca_components_for_fraction (pca, EM_PCA_DEFAULT_FRACTION), ==, 13);
  g_assert_cmpfloat (pca->cumulative_ratio[11], <=, 0.8);
  g_assert_cmpfloat (pca->cumulative_ratio[12], >, 0.8);
  g_assert_cmpuint (em_pca_components_for_fraction (pca, 0.5), ==, 3);
  g_assert_cmpuint (em_pca_components_for_fraction (pca, 1.0), ==, D);

  /* transforming the same rows gives the stored scores */
  em_pca_transform (pca, xs, N, 3, again);
  for (gsize i = 0; i < N; i++)
    for (gsize c = 0; c < 3; c++)
      g_assert_cmpfloat_with_epsilon (again[i * 3 + c], pca->scores[i * D + c], 1e-12);
}

static void
test_pca_errors (void)
{
  double x[6] = { 1, 2, 1, 2, 1, 2 };
  GError *error = NULL;

  g_assert_null (em_pca_compute (x, 0, 2, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_null (em_pca_compute (x, 1, 2, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_FEW_ROWS);
  g_clear_error (&error);
  g_assert_null (em_pca_compute (x, 3, 2, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_DEGENERATE);
  g_clear_error (&error);
  x[4] = NAN;
  g_assert_null (em_pca_compute (x, 3, 2, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE);
  g_clear_error (&error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/earmark/core/pca/golden", test_pca_golden);
  g_test_add_func ("/earmark/core/pca/errors", test_pca_errors);
  return g_test_run ();
}
