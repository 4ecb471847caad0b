/* test-linkage.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "em-analysis-error.h"
#include "em-dendrogram.h"
#include "em-fcluster.h"
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

static double *
compute (EmLinkageMethod method)
{
  g_autofree double *x = load_data ();
  double *z;
  g_autoptr(GError) error = NULL;

  if (x == NULL)
    return NULL;
  z = g_new (double, (N_ROWS - 1) * 4);
  g_assert_true (em_linkage_compute (x, N_ROWS, N_COLS, method, NULL, z, &error));
  g_assert_no_error (error);
  return z;
}

/* a and b are the same partition: a one-to-one map between labels */
static void
assert_same_partition (const gint32 *a,
                       const gint32 *b,
                       gsize         n)
{
  g_autoptr(GHashTable) ab = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) ba = g_hash_table_new (NULL, NULL);

  for (gsize i = 0; i < n; i++)
    {
      gpointer ka = GINT_TO_POINTER (a[i] + 1000);
      gpointer kb = GINT_TO_POINTER (b[i] + 1000);

      if (!g_hash_table_contains (ab, ka))
        g_hash_table_insert (ab, ka, kb);
      if (!g_hash_table_contains (ba, kb))
        g_hash_table_insert (ba, kb, ka);
      g_assert_true (g_hash_table_lookup (ab, ka) == kb);
      g_assert_true (g_hash_table_lookup (ba, kb) == ka);
    }
}

static void
count_labels (const gint32 *labels,
              gsize         n,
              guint        *counts,
              guint         n_counts)
{
  for (guint k = 0; k < n_counts; k++)
    counts[k] = 0;
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpint (labels[i], >=, 1);
      g_assert_cmpint (labels[i], <=, (gint) n_counts);
      counts[labels[i] - 1]++;
    }
}

/* fcluster (Z_ward, 3, 'maxclust'), and 'distance' with t in
 * [136.828224, 155.756969): sizes 645/396/959 by SciPy's numbering. */
static void
test_ward_cut (void)
{
  g_autofree double *z = compute (EM_LINKAGE_WARD);
  g_autofree gint32 *expected = NULL;
  g_autofree gint32 *labels = g_new (gint32, N_ROWS);
  g_autofree gint32 *by_distance = g_new (gint32, N_ROWS);
  g_autoptr(GError) error = NULL;
  guint counts[3];
  gsize n_clusters = 0;

  if (z == NULL)
    return;
  expected = load_fixture ("golden2k.ward3.i32", N_ROWS * sizeof (gint32));
  if (expected == NULL)
    return;

  g_assert_true (em_fcluster_by_count (z, N_ROWS, 3, labels, &n_clusters, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_clusters, ==, 3);
  assert_same_partition (labels, expected, N_ROWS);
  /* clusters are numbered as fcluster numbers them */
  for (gsize i = 0; i < N_ROWS; i++)
    g_assert_cmpint (labels[i], ==, expected[i]);
  count_labels (labels, N_ROWS, counts, 3);
  g_assert_cmpuint (counts[0], ==, 645);
  g_assert_cmpuint (counts[1], ==, 396);
  g_assert_cmpuint (counts[2], ==, 959);

  for (guint t = 0; t < 2; t++)
    {
      g_assert_true (em_fcluster_by_distance (z, N_ROWS, t == 0 ? 136.83 : 155.75, by_distance,
                                              &n_clusters, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n_clusters, ==, 3);
      for (gsize i = 0; i < N_ROWS; i++)
        g_assert_cmpint (by_distance[i], ==, labels[i]);
    }
  g_assert_true (em_fcluster_by_distance (z, N_ROWS, 155.76, by_distance, &n_clusters, &error));
  g_assert_cmpuint (n_clusters, ==, 2);
  g_assert_true (em_fcluster_by_count (z, N_ROWS, N_ROWS, by_distance, &n_clusters, &error));
  g_assert_cmpuint (n_clusters, ==, N_ROWS);
  g_assert_true (em_fcluster_by_count (z, N_ROWS, 1, by_distance, &n_clusters, &error));
  g_assert_cmpuint (n_clusters, ==, 1);
}

/* leaves_list (Z_ward) */
static void
test_ward_leaves (void)
{
  g_autofree double *z = compute (EM_LINKAGE_WARD);
  g_autofree gint32 *expected = NULL;
  g_autofree gint32 *order = g_new (gint32, N_ROWS);
  g_autoptr(EmDendrogram) full = NULL;
  g_autoptr(GError) error = NULL;

  if (z == NULL)
    return;
  expected = load_fixture ("golden2k.ward_leaves.i32", N_ROWS * sizeof (gint32));
  if (expected == NULL)
    return;

  g_assert_true (em_dendrogram_leaves_list (z, N_ROWS, order, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < N_ROWS; i++)
    g_assert_cmpint (order[i], ==, expected[i]);

  /* the untruncated dendrogram draws the same leaves in the same order */
  full = em_dendrogram_new (z, N_ROWS, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (full->n_shown, ==, N_ROWS);
  g_assert_cmpuint (full->n_links, ==, N_ROWS - 1);
  for (gsize i = 0; i < N_ROWS; i++)
    {
      g_assert_cmpint (full->shown_nodes[i], ==, expected[i]);
      g_assert_cmpuint (full->shown_counts[i], ==, 1);
    }
}

/* The first n - 3 merges of the median tree: 3 clusters of 1998/1/1
 * (golden2k.median_undo2.i32, numbered 0..2 by smallest member). */
static void
test_median_cut (void)
{
  g_autofree double *z = compute (EM_LINKAGE_MEDIAN);
  g_autofree gint32 *expected = NULL;
  g_autofree gint32 *labels = g_new (gint32, N_ROWS);
  g_autofree gint32 *by_count = g_new (gint32, N_ROWS);
  g_autoptr(GError) error = NULL;
  guint counts[3];
  gsize n_clusters = 0;

  if (z == NULL)
    return;
  expected = load_fixture ("golden2k.median_undo2.i32", N_ROWS * sizeof (gint32));
  if (expected == NULL)
    return;

  g_assert_false (em_linkage_is_monotone (z, N_ROWS));
  g_assert_true (em_fcluster_first_merges (z, N_ROWS, N_ROWS - 3, labels, &error));
  g_assert_no_error (error);
  assert_same_partition (labels, expected, N_ROWS);
  count_labels (labels, N_ROWS, counts, 3);
  g_assert_cmpuint (counts[0] + counts[1] + counts[2], ==, N_ROWS);
  g_assert_cmpuint (MAX (counts[0], MAX (counts[1], counts[2])), ==, 1998);

  /* by count on a tree with inversions applies the first n - k merges */
  g_assert_true (em_fcluster_by_count (z, N_ROWS, 3, by_count, &n_clusters, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_clusters, ==, 3);
  for (gsize i = 0; i < N_ROWS; i++)
    g_assert_cmpint (by_count[i], ==, labels[i]);
}

/* Truncated to the last p merges: p leaves whose counts add up to n,
 * p - 1 links at SciPy's x positions, the top link at the last height. */
static void
test_dendrogram_truncated (void)
{
  g_autofree double *z = compute (EM_LINKAGE_WARD);
  g_autoptr(EmDendrogram) d = NULL;
  g_autoptr(GError) error = NULL;
  guint64 total = 0;
  const double *top;

  if (z == NULL)
    return;

  d = em_dendrogram_new (z, N_ROWS, 30, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->n_shown, ==, 30);
  g_assert_cmpuint (d->n_links, ==, 29);
  for (gsize k = 0; k < d->n_shown; k++)
    {
      total += d->shown_counts[k];
      g_assert_cmpint (d->shown_nodes[k], <, 2 * N_ROWS - 30);
    }
  g_assert_cmpuint (total, ==, N_ROWS);
  for (gsize k = 0; k < d->n_links; k++)
    {
      const double *ic = d->icoord + 4 * k;
      const double *dc = d->dcoord + 4 * k;

      g_assert_cmpint (d->link_nodes[k], >=, 2 * N_ROWS - 30);
      g_assert_cmpfloat (ic[0], ==, ic[1]);
      g_assert_cmpfloat (ic[2], ==, ic[3]);
      g_assert_cmpfloat (ic[0], <, ic[2]);
      g_assert_cmpfloat (ic[0], >=, 5);
      g_assert_cmpfloat (ic[3], <=, 10 * 29 + 5);
      g_assert_cmpfloat (dc[1], ==, dc[2]);
      g_assert_cmpfloat (dc[0], <=, dc[1]);
      g_assert_cmpfloat (dc[3], <=, dc[1]);
    }
  /* post-order: the root comes last, spanning the middle of its children */
  top = d->dcoord + 4 * (d->n_links - 1);
  g_assert_cmpfloat (top[1], ==, z[(N_ROWS - 2) * 4 + 2]);
  g_assert_cmpint (d->link_nodes[d->n_links - 1], ==, 2 * N_ROWS - 2);
}

/* Same input, same output, bit for bit (threads split the scans). */
static void
test_deterministic (void)
{
  g_autofree double *a = compute (EM_LINKAGE_MEDIAN);
  g_autofree double *b = compute (EM_LINKAGE_MEDIAN);

  if (a == NULL)
    return;
  g_assert_cmpmem (a, (N_ROWS - 1) * 4 * sizeof (double), b, (N_ROWS - 1) * 4 * sizeof (double));
}

static void
test_errors (void)
{
  double x[6] = { 0, 1, 2, 3, 4, 5 };
  double z[4 * 3] = { 0 };
  double bad_z[4] = { 0, 0, 1, 2 };
  gint32 labels[3];
  EmLinkageMethod method;
  g_autoptr(GError) error = NULL;
  g_autoptr(EmJob) job = em_job_new ("linkage");
  g_autofree double *big = g_new0 (double, 200 * 2);

  /* fewer than 2 rows */
  g_assert_false (em_linkage_compute (x, 1, 2, EM_LINKAGE_WARD, NULL, z, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* NaN */
  x[3] = NAN;
  g_assert_false (em_linkage_compute (x, 3, 2, EM_LINKAGE_SINGLE, NULL, z, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_NOT_FINITE);
  g_clear_error (&error);
  x[3] = 3;

  /* unknown method, by name and by value */
  g_assert_false (em_linkage_method_from_string ("nearest", &method, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (em_linkage_compute (x, 3, 2, (EmLinkageMethod) 42, NULL, z, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (em_linkage_method_from_string ("median", &method, &error));
  g_assert_cmpint (method, ==, EM_LINKAGE_MEDIAN);

  /* matrix methods above their row limit */
  for (guint i = 0; i < 400; i++)
    big[i] = g_test_rand_double ();
  g_assert_false (em_linkage_compute_full (big, 200, 2, EM_LINKAGE_AVERAGE, 100, NULL, z, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* cancelled */
  em_job_cancel (job);
  g_assert_false (em_linkage_compute (x, 3, 2, EM_LINKAGE_WARD, job, z, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* an invalid linkage matrix: a leaf merged with itself */
  g_assert_false (em_fcluster_by_count (bad_z, 2, 1, labels, NULL, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (em_dendrogram_new (bad_z, 2, 0, &error));
  g_assert_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* the smallest case works: 2 rows */
  g_assert_true (em_linkage_compute (x, 2, 3, EM_LINKAGE_MEDIAN, NULL, z, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (z[0], ==, 0);
  g_assert_cmpfloat (z[1], ==, 1);
  g_assert_cmpfloat_with_epsilon (z[2], sqrt (27.0), 1e-12);
  g_assert_cmpfloat (z[3], ==, 2);
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
  g_test_add_func ("/earmark/core/linkage/ward-cut", test_ward_cut);
  g_test_add_func ("/earmark/core/linkage/ward-leaves", test_ward_leaves);
  g_test_add_func ("/earmark/core/linkage/median-cut", test_median_cut);
  g_test_add_func ("/earmark/core/linkage/dendrogram-truncated", test_dendrogram_truncated);
  g_test_add_func ("/earmark/core/linkage/deterministic", test_deterministic);
  g_test_add_func ("/earmark/core/linkage/errors", test_errors);

  return g_test_run ();
}
