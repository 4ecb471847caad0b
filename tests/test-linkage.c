/* test-linkage.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "em-analysis-error.h"
#include "em-linkage.h"

#define N_ROWS 2000
#define N_COLS 38

static char *
fixture_path (const char *name)
{
  const char *shared = g_getenv ("EARMARK_SHARED_DIR");

  if (shared == NULL)
    shared = "../shared";
  return g_build_filename (shared, "fixtures", "algos", name, NULL);
}

/* Returns the fixture's bytes, or NULL (test skipped) when absent. */
static gpointer
load_fixture (const char *name,
              gsize       expected_size)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_test_skip_printf ("fixture %s: %s", path, error->message);
      return NULL;
    }
  g_assert_cmpuint (length, ==, expected_size);
  return contents;
}

static double *
load_data (void)
{
  return load_fixture ("golden2k.std.f64", N_ROWS * N_COLS * sizeof (double));
}

/* Row by row: the same two clusters (either order), the same size, and a
 * height within 1e-9 relative of SciPy's. */
static void
assert_linkage_equal (const double *z,
                      const double *expected,
                      gsize         n)
{
  for (gsize i = 0; i + 1 < n; i++)
    {
      const double *a = z + i * 4;
      const double *b = expected + i * 4;
      gboolean same = (a[0] == b[0] && a[1] == b[1]) || (a[0] == b[1] && a[1] == b[0]);

      if (!same)
        g_error ("row %" G_GSIZE_FORMAT ": merged %g,%g at %.12g; SciPy merged %g,%g at %.12g",
                 i, a[0], a[1], a[2], b[0], b[1], b[2]);
      g_assert_cmpfloat (a[0], <, a[1]);
      g_assert_cmpfloat_with_epsilon (a[2], b[2], 1e-9 * MAX (fabs (b[2]), 1e-300));
      g_assert_cmpfloat (a[3], ==, b[3]);
    }
}

static void
test_method (gconstpointer data)
{
  EmLinkageMethod method = GPOINTER_TO_INT (data);
  g_autofree double *x = load_data ();
  g_autofree char *name = NULL;
  g_autofree double *expected = NULL;
  g_autofree double *z = g_new (double, (N_ROWS - 1) * 4);
  g_autoptr(GError) error = NULL;

  if (x == NULL)
    return;
  name = g_strdup_printf ("golden2k.linkage_%s.f64", em_linkage_method_to_string (method));
  expected = load_fixture (name, (N_ROWS - 1) * 4 * sizeof (double));
  if (expected == NULL)
    return;

  g_assert_true (em_linkage_compute (x, N_ROWS, N_COLS, method, NULL, z, &error));
  g_assert_no_error (error);
  g_assert_true (em_linkage_validate (z, N_ROWS, &error));
  g_assert_no_error (error);
  assert_linkage_equal (z, expected, N_ROWS);
  g_assert_true (em_linkage_is_monotone (z, N_ROWS) ==
                 (method != EM_LINKAGE_CENTROID && method != EM_LINKAGE_MEDIAN));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (EmLinkageMethod m = EM_LINKAGE_SINGLE; m <= EM_LINKAGE_MEDIAN; m++)
    {
      g_autofree char *path = g_strdup_printf ("/earmark/core/linkage/%s", em_linkage_method_to_string (m));

      g_test_add_data_func (path, GINT_TO_POINTER (m), test_method);
    }

  return g_test_run ();
}
