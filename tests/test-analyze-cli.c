/* test-analyze-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * earmark-cli analyze end to end against the SciPy/scikit-learn golden
 * outputs on synth2k: the CLI standardises the raw matrix itself.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>

#include "em-test-util.h"

#define N_ROWS 2000
#define N_COLS 38

static const char *feature_names[N_COLS] = {
  "mfcc1", "mfcc2", "mfcc3", "mfcc4", "mfcc5", "mfcc6", "mfcc7", "mfcc8", "mfcc9",
  "mfcc10", "mfcc11", "mfcc12", "mfcc13", "zcr", "contrast1", "contrast2",
  "contrast3", "contrast4", "contrast5", "contrast6", "contrast7", "chroma_C",
  "chroma_Cs", "chroma_D", "chroma_Ds", "chroma_E", "chroma_F", "chroma_Fs",
  "chroma_G", "chroma_Gs", "chroma_A", "chroma_As", "chroma_B", "rms", "rolloff",
  "bandwidth", "centroid", "hnr",
};

static char *tmp_dir;
static char *csv_path;

static gpointer
read_golden (const char *name,
             gsize       expected_size)
{
  g_autofree char *path = em_test_shared_path ("fixtures", "algos", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, expected_size);

  return contents;
}

/* synth2k as the CSV `earmark-cli features` writes. */
static void
write_features_csv (void)
{
  g_autofree double *x = read_golden ("synth2k.f64", N_ROWS * N_COLS * sizeof (double));
  g_autoptr(GString) csv = g_string_new ("file,chunk,start_s,end_s");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint c = 0; c < N_COLS; c++)
    g_string_append_printf (csv, ",%s", feature_names[c]);
  g_string_append_c (csv, '\n');
  for (guint r = 0; r < N_ROWS; r++)
    {
      g_string_append_printf (csv, "row-%04u.mp3,0,0,10", r);
      for (guint c = 0; c < N_COLS; c++)
        g_string_append_printf (csv, ",%s", g_ascii_dtostr (buf, sizeof buf, x[r * N_COLS + c]));
      g_string_append_c (csv, '\n');
    }

  g_assert_true (g_file_set_contents (csv_path, csv->str, csv->len, NULL));
}

static char *
tmp_file (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static GStrv
read_lines (const char *path)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return g_strsplit (g_strchomp (contents), "\n", -1);
}

/* Two labelings describe the same partition (equal up to renaming). */
static void
assert_same_partition (const gint32 *a,
                       const gint32 *b,
                       gsize         n)
{
  g_autoptr(GHashTable) a_to_b = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) b_to_a = g_hash_table_new (NULL, NULL);

  for (gsize i = 0; i < n; i++)
    {
      gpointer ka = GINT_TO_POINTER (a[i] + 1000), kb = GINT_TO_POINTER (b[i] + 1000);
      gpointer va = g_hash_table_lookup (a_to_b, ka), vb = g_hash_table_lookup (b_to_a, kb);

      g_assert_true (va == NULL || va == kb);
      g_assert_true (vb == NULL || vb == ka);
      g_hash_table_insert (a_to_b, ka, kb);
      g_hash_table_insert (b_to_a, kb, ka);
    }
}

/* The cluster column (index @column) of a labels CSV. */
static gint32 *
read_cluster_column (const char *path,
                     guint       column)
{
  g_auto(GStrv) lines = read_lines (path);
  gint32 *labels = g_new (gint32, N_ROWS);

  g_assert_cmpuint (g_strv_length (lines), ==, N_ROWS + 1);
  for (guint r = 0; r < N_ROWS; r++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[r + 1], ",", -1);
      g_autofree char *expected = g_strdup_printf ("row-%04u.mp3", r);

      g_assert_cmpstr (fields[0], ==, expected);
      labels[r] = atoi (fields[column]);
    }

  return labels;
}

static void
test_analyze_pca (void)
{
  g_autofree char *scores_path = tmp_file ("pca.csv");
  const char *args[] = { "analyze", "pca", "--input", csv_path, "-o", scores_path, NULL };
  g_autofree double *golden = read_golden ("golden2k.pca_scores.f64", N_ROWS * N_COLS * sizeof (double));
  g_autofree char *out = NULL;
  g_auto(GStrv) table = NULL;
  g_auto(GStrv) scores = NULL;

  g_assert_cmpint (em_test_run_cli (args, &out, NULL), ==, 0);
  table = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (table[0], ==, "component,explained_variance,ratio,cumulative");
  g_assert_true (g_str_has_prefix (table[1], "1,"));
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (strchr (strchr (table[1], ',') + 1, ',') + 1, NULL),
                                  0.22141327470819896, 1e-12);
  g_assert_nonnull (strstr (out, "Components for 80% of the variance: 13"));

  scores = read_lines (scores_path);
  g_assert_cmpuint (g_strv_length (scores), ==, N_ROWS + 1);
  for (guint r = 0; r < N_ROWS; r += 97)
    {
      g_auto(GStrv) fields = g_strsplit (scores[r + 1], ",", -1);

      for (guint c = 0; c < 10; c++)
        g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[2 + c], NULL),
                                        golden[r * N_COLS + c], 1e-8);
    }
}

static void
test_analyze_linkage_ward (void)
{
  g_autofree char *z_path = tmp_file ("ward.csv");
  g_autofree char *flat_path = tmp_file ("ward3.csv");
  const char *args[] = { "analyze", "linkage", "--method", "ward", "--input", csv_path,
                         "-o", z_path, "--clusters", "3", "--flat-output", flat_path, NULL };
  g_autofree double *golden = read_golden ("golden2k.linkage_ward.f64", (N_ROWS - 1) * 4 * sizeof (double));
  g_autofree gint32 *golden3 = read_golden ("golden2k.ward3.i32", N_ROWS * sizeof (gint32));
  g_autofree gint32 *flat = NULL;
  g_auto(GStrv) rows = NULL;

  g_assert_cmpint (em_test_run_cli (args, NULL, NULL), ==, 0);
  rows = read_lines (z_path);
  g_assert_cmpstr (rows[0], ==, "idx1,idx2,distance,size");
  g_assert_cmpuint (g_strv_length (rows), ==, N_ROWS);
  for (guint i = 0; i < N_ROWS - 1; i++)
    {
      g_auto(GStrv) fields = g_strsplit (rows[i + 1], ",", -1);
      double height = g_ascii_strtod (fields[2], NULL);

      g_assert_cmpfloat (fabs (height - golden[4 * i + 2]), <=, 1e-9 * golden[4 * i + 2]);
      g_assert_cmpint (atoi (fields[3]), ==, (int)golden[4 * i + 3]);
    }

  flat = read_cluster_column (flat_path, 2);
  assert_same_partition (flat, golden3, N_ROWS);
}

static void
test_analyze_dbscan (void)
{
  g_autofree char *out_path = tmp_file ("dbscan.csv");
  const char *args[] = { "analyze", "dbscan", "--eps", "3.5", "--min-samples", "10",
                         "--input", csv_path, "-o", out_path, NULL };
  g_autofree gint32 *golden = read_golden ("golden2k.dbscan.i32", N_ROWS * sizeof (gint32));
  g_autofree guint8 *golden_core = read_golden ("golden2k.dbscan_core.u8", N_ROWS);
  g_autofree gint32 *labels = NULL;
  g_autofree gint32 *core = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (em_test_run_cli (args, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "6 clusters, 1609 core points, 109 noise"));
  labels = read_cluster_column (out_path, 2);
  core = read_cluster_column (out_path, 3);
  assert_same_partition (labels, golden, N_ROWS);
  for (guint r = 0; r < N_ROWS; r++)
    g_assert_cmpint (core[r], ==, golden_core[r]);
}

static void
test_analyze_kmeans_and_silhouette (void)
{
  g_autofree char *out_path = tmp_file ("kmeans.csv");
  g_autofree char *flat_path = tmp_file ("ward3-silhouette.csv");
  g_autofree char *sil_path = tmp_file ("silhouette.csv");
  const char *kmeans[] = { "analyze", "kmeans", "--k", "3", "--input", csv_path, "-o", out_path, NULL };
  const char *ward[] = { "analyze", "linkage", "--input", csv_path, "-o", "/dev/null",
                         "--clusters", "3", "--flat-output", flat_path, NULL };
  const char *silhouette[] = { "analyze", "silhouette", "--assignments", flat_path,
                               "--input", csv_path, "-o", sil_path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *sil_out = NULL;
  const char *inertia;

  g_assert_cmpint (em_test_run_cli (kmeans, &out, NULL), ==, 0);
  g_assert_nonnull ((inertia = strstr (out, "inertia ")));
  g_assert_cmpfloat (g_ascii_strtod (inertia + strlen ("inertia "), NULL), <=, 49654.6413 * (1 + 1e-9));

  g_assert_cmpint (em_test_run_cli (ward, NULL, NULL), ==, 0);
  g_assert_cmpint (em_test_run_cli (silhouette, &sil_out, NULL), ==, 0);
  g_assert_nonnull (strstr (sil_out, "Silhouette score: 0.27368"));
}

static void
test_analyze_errors (void)
{
  g_autofree char *bad_csv = tmp_file ("bad.csv");
  const char *missing[] = { "analyze", "pca", "--input", "/nonexistent.csv", NULL };
  const char *both[] = { "analyze", "pca", "--input", csv_path, "--library", "x.db", NULL };
  const char *unknown[] = { "analyze", "frobnicate", "--input", csv_path, NULL };
  const char *too_many[] = { "analyze", "kmeans", "--k", "5000", "--input", csv_path, "-o", "/dev/null", NULL };
  const char *columns[] = { "analyze", "pca", "--input", bad_csv, NULL };
  const char *method[] = { "analyze", "linkage", "--method", "furthest", "--input", csv_path, "-o", "/dev/null", NULL };
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;

  g_assert_true (g_file_set_contents (bad_csv, "file,chunk,mfcc1\na.mp3,0,1\n", -1, NULL));
  g_assert_cmpint (em_test_run_cli (missing, NULL, NULL), ==, 3);
  g_assert_cmpint (em_test_run_cli (both, NULL, NULL), ==, 2);
  g_assert_cmpint (em_test_run_cli (unknown, NULL, NULL), ==, 2);
  g_assert_cmpint (em_test_run_cli (too_many, NULL, &err), ==, 3);
  g_assert_cmpint (em_test_run_cli (columns, NULL, &err2), ==, 3);
  g_assert_nonnull (strstr (err2, "mfcc2"));
  g_assert_cmpint (em_test_run_cli (method, NULL, NULL), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("earmark-analyze-XXXXXX", NULL);
  csv_path = g_build_filename (tmp_dir, "synth2k.csv", NULL);
  write_features_csv ();

  g_test_add_func ("/earmark/cli/analyze/pca", test_analyze_pca);
  g_test_add_func ("/earmark/cli/analyze/linkage-ward", test_analyze_linkage_ward);
  g_test_add_func ("/earmark/cli/analyze/dbscan", test_analyze_dbscan);
  g_test_add_func ("/earmark/cli/analyze/kmeans-silhouette", test_analyze_kmeans_and_silhouette);
  g_test_add_func ("/earmark/cli/analyze/errors", test_analyze_errors);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)))
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmp_dir);
  }
  g_free (csv_path);
  g_free (tmp_dir);

  return status;
}
