/* test-standardize.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "em-standardize.h"
#include "analysis-test-util.h"

#define N 2000
#define D 38

/* z-scores of synth2k equal scikit-learn's golden2k.std.f64, and the
 * mean/std equal the JSON's. */
static void
test_standardize_golden (void)
{
  g_autofree double *x = analysis_fixture_load ("synth2k.f64", sizeof (double), N * D);
  g_autofree double *golden = analysis_fixture_load ("golden2k.std.f64", sizeof (double), N * D);
  g_autofree double *z = g_new (double, N * D);
  g_autoptr(JsonParser) parser = analysis_golden_json ();
  JsonArray *mean_json = json_node_get_array (analysis_golden_node (parser, "standardise.mean"));
  JsonArray *std_json = json_node_get_array (analysis_golden_node (parser, "standardise.std"));
  double mean[D], std[D];
  gsize imputed = 99;
  g_autoptr(GError) error = NULL;

  g_assert_true (em_standardize (x, N, D, z, mean, std, &imputed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (imputed, ==, 0);
  for (gsize j = 0; j < D; j++)
    {
      double m = json_array_get_double_element (mean_json, j);
      double s = json_array_get_double_element (std_json, j);

      g_assert_cmpfloat (fabs (mean[j] - m), <=, 1e-12 * fabs (m) + 1e-15);
      g_assert_cmpfloat (fabs (std[j] - s), <=, 1e-12 * s);
    }
  for (gsize i = 0; i < N * D; i++)
    g_assert_cmpfloat (fabs (z[i] - golden[i]), <=, 1e-10);
}

/* NaN is imputed by the mean of the present values (so it becomes 0), a
 * constant column maps to 0, and a stored standardisation transforms new
 * rows the same way. */
static void
test_standardize_nan_and_constant (void)
{
  double x[4 * 3] = {
    1.0, 5.0, NAN,
    2.0, 5.0, 4.0,
    NAN, 5.0, 8.0,
    3.0, 5.0, NAN,
  };
  double z[12], mean[3], std[3], row[3] = { 2.0, 7.0, NAN }, zrow[3];
  gsize imputed = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (em_standardize (x, 4, 3, z, mean, std, &imputed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (imputed, ==, 3);
  g_assert_cmpfloat_with_epsilon (mean[0], 2.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (mean[2], 6.0, 1e-15);
  /* imputed column 0 is {1, 2, 2, 3}: population std sqrt(0.5) */
  g_assert_cmpfloat_with_epsilon (std[0], sqrt (0.5), 1e-15);
  g_assert_cmpfloat (std[1], ==, 0.0);
  g_assert_cmpfloat (z[2 * 3 + 0], ==, 0.0);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (z[i * 3 + 1], ==, 0.0);
  g_assert_cmpfloat_with_epsilon (z[0], -1.0 / sqrt (0.5), 1e-15);

  g_assert_true (em_standardize_apply (row, 1, 3, mean, std, zrow, &imputed, &error));
  g_assert_cmpuint (imputed, ==, 1);
  g_assert_cmpfloat (zrow[0], ==, 0.0);
  g_assert_cmpfloat (zrow[1], ==, 0.0);
  g_assert_cmpfloat (zrow[2], ==, 0.0);
}

static void
test_standardize_errors (void)
{
  double x[2] = { 1.0, INFINITY }, z[2], mean[1], std[1];
  GError *error = NULL;

  g_assert_false (em_standardize (x, 0, 1, z, mean, std, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_false (em_standardize (x, 2, 1, z, mean, std, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE);
  g_clear_error (&error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/earmark/core/standardize/golden", test_standardize_golden);
  g_test_add_func ("/earmark/core/standardize/nan-and-constant", test_standardize_nan_and_constant);
  g_test_add_func ("/earmark/core/standardize/errors", test_standardize_errors);
  return g_test_run ();
}
