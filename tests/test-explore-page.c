/* test-explore-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Explore page in-process on the scanned demo library with its labels
 * imported, driven through its "explore." actions: k-means sizes in the
 * cluster table equal em_kmeans_run() on the standardised features'
 * principal components computed here; the dendrogram's cut gives
 * fcluster's count; labelling a cluster writes "cluster"-sourced labels
 * that one undo removes; a second page on the same store reads every
 * result from the cache; the M3U export of a cluster is the expected file.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "em-dbscan.h"
#include "em-features.h"
#include "em-fcluster.h"
#include "em-kmeans.h"
#include "em-library.h"
#include "em-linkage.h"
#include "em-pca.h"
#include "em-standardize.h"
#include "pages/em-cluster-item.h"
#include "pages/em-explore-page.h"
#include "widgets/em-dendrogram-view.h"
#include "widgets/em-scatter-plot.h"

typedef struct
{
  char          *dir;
  EmLibrary     *library;
  GtkWindow     *window;
  EmExplorePage *page;
} Fixture;

static void
wait_idle (EmExplorePage *page)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (em_explore_page_is_busy (page))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static EmExplorePage *
show_page (Fixture *fixture)
{
  EmExplorePage *page = em_explore_page_new ();

  gtk_window_set_child (fixture->window, GTK_WIDGET (page));
  em_page_set_library (EM_PAGE (page), fixture->library);
  wait_idle (page);

  return page;
}

/* The demo library scanned and labelled once; each test gets a copy. */
static char *seed_dir;

static const char *
seed_library (void)
{
  static char *seed_db;
  g_autofree char *demo = NULL;
  g_autofree char *labels = NULL;
  const char *folders[2] = { NULL, NULL };
  g_autoptr(EmLibrary) library = NULL;
  g_autoptr(EmScanSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  guint n_imported = 0;

  if (seed_db != NULL)
    return seed_db;

  demo = g_build_filename (g_getenv ("EARMARK_SOURCE_ROOT"), "data", "demo", NULL);
  labels = g_build_filename (demo, "labels.csv", NULL);
  folders[0] = demo;
  seed_dir = g_dir_make_tmp ("earmark-explore-seed-XXXXXX", &error);
  g_assert_no_error (error);
  seed_db = g_build_filename (seed_dir, "library.db", NULL);
  library = em_library_open (seed_db, &error);
  g_assert_no_error (error);
  summary = em_library_scan (library, folders, 10.0, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->n_failed, ==, 0);
  em_store_import_labels (em_library_get_store (library), labels, &n_imported, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_imported, >, 0);

  return seed_db;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) seed = g_file_new_for_path (seed_library ());
  g_autoptr(GFile) copy = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("earmark-explore-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (fixture->dir, "library.db", NULL);
  copy = g_file_new_for_path (db);
  g_file_copy (seed, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fixture->library = em_library_open (db, &error);
  g_assert_no_error (error);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1100, 760);
  gtk_window_present (fixture->window);
  fixture->page = show_page (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "library.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  gtk_window_destroy (fixture->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->library);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* The clustering input computed here from the store, without the page:
 * z-scores, PCA, the first @n_components scores. */
static double *
reference_input (EmStore *store,
                 gsize    n_components,
                 gsize   *n_rows)
{
  g_autofree double *x = NULL;
  g_autofree double *mean = g_new (double, EM_STORE_N_FEATURES);
  g_autofree double *std = g_new (double, EM_STORE_N_FEATURES);
  g_autoptr(EmPca) pca = NULL;
  g_autoptr(GError) error = NULL;
  double *reduced;

  em_store_load_features (store, EM_FEATURE_SET_VERSION, &x, n_rows, NULL, NULL, &error);
  g_assert_no_error (error);
  em_standardize (x, *n_rows, EM_STORE_N_FEATURES, x, mean, std, NULL, &error);
  g_assert_no_error (error);
  pca = em_pca_compute (x, *n_rows, EM_STORE_N_FEATURES, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_components, <=, pca->n_components);

  reduced = g_new (double, *n_rows * n_components);
  for (gsize r = 0; r < *n_rows; r++)
    memcpy (reduced + r * n_components, pca->scores + r * pca->n_components, n_components * sizeof (double));

  return reduced;
}

static void
activate (Fixture    *fixture,
          const char *action,
          GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (fixture->page), action, parameter));
  wait_idle (fixture->page);
}

static void
assert_kmeans_table (Fixture *fixture,
                     EmExplorePage *page)
{
  EmExplorer *explorer = em_explore_page_get_explorer (page);
  gsize nc = em_explorer_get_n_components (explorer), n = 0;
  g_autofree double *x = reference_input (em_library_get_store (fixture->library), nc, &n);
  GListModel *clusters = em_explore_page_get_clusters (page);
  g_autoptr(EmKmeans) kmeans = NULL;
  g_autoptr(GError) error = NULL;
  EmKmeansParams params;

  em_kmeans_params_init (&params, 3);
  kmeans = em_kmeans_run (x, n, nc, &params, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (em_explorer_get_n_rows (explorer), ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (clusters), ==, 3);
  for (guint c = 0; c < 3; c++)
    {
      g_autoptr(EmClusterItem) item = g_list_model_get_item (clusters, c);

      g_assert_cmpint (em_cluster_item_get_summary (item)->cluster, ==, c);
      g_assert_cmpuint (em_cluster_item_get_summary (item)->size, ==, kmeans->sizes[c]);
      g_assert_false (isnan (em_cluster_item_get_summary (item)->silhouette));
    }
}

static void
test_kmeans (Fixture       *fixture,
             gconstpointer  data)
{
  gsize nc = em_explorer_get_n_components (em_explore_page_get_explorer (fixture->page));

  /* the variance cutoff (80 %) chose the components */
  g_assert_cmpuint (nc, >=, 2);
  g_assert_cmpuint (nc, <, EM_STORE_N_FEATURES);

  activate (fixture, "explore.run-kmeans", g_variant_new_uint32 (3));
  assert_kmeans_table (fixture, fixture->page);
  g_assert_cmpuint (em_scatter_plot_get_n_points (EM_SCATTER_PLOT (em_explore_page_get_scatter (fixture->page))), ==,
                    em_explorer_get_n_rows (em_explore_page_get_explorer (fixture->page)));
}

static void
test_hierarchical (Fixture       *fixture,
                   gconstpointer  data)
{
  EmExplorer *explorer = em_explore_page_get_explorer (fixture->page);
  EmDendrogramView *dendrogram = EM_DENDROGRAM_VIEW (em_explore_page_get_dendrogram (fixture->page));
  gsize nc = em_explorer_get_n_components (explorer), n = 0;
  g_autofree double *x = reference_input (em_library_get_store (fixture->library), nc, &n);
  g_autofree double *z = g_new (double, 4 * (n - 1));
  g_autofree gint32 *labels = g_new (gint32, n);
  g_autoptr(GError) error = NULL;
  gsize expected = 0;
  double height;

  em_linkage_compute (x, n, nc, EM_LINKAGE_WARD, NULL, z, &error);
  g_assert_no_error (error);

  activate (fixture, "explore.run-hierarchical", g_variant_new_string ("ward"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dendrogram)));
  g_assert_cmpuint (em_dendrogram_view_get_n_leaves (dendrogram), ==, n);

  /* a cut between the 5th and 4th last merges leaves 5 clusters */
  height = (z[4 * (n - 6) + 2] + z[4 * (n - 5) + 2]) / 2;
  em_dendrogram_view_set_cut_height (dendrogram, height);
  wait_idle (fixture->page);
  em_fcluster_by_distance (z, n, height, labels, &expected, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected, ==, 5);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (dendrogram), ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (em_explore_page_get_clusters (fixture->page)), ==, expected);
}

static void
test_dbscan (Fixture       *fixture,
             gconstpointer  data)
{
  EmExplorer *explorer = em_explore_page_get_explorer (fixture->page);
  gsize nc = em_explorer_get_n_components (explorer), n = 0, n_page = 0;
  g_autofree double *x = reference_input (em_library_get_store (fixture->library), nc, &n);
  g_autofree double *sorted = g_new (double, n);
  g_autoptr(EmDbscan) dbscan = NULL;
  g_autoptr(GError) error = NULL;
  const gint32 *assignments;
  double eps;

  /* the suggested radius of the k-distance curve, as the page shows it */
  em_dbscan_k_distances (x, n, nc, 4, sorted, NULL, &error);
  g_assert_no_error (error);
  eps = em_dbscan_suggest_eps (sorted, n);
  dbscan = em_dbscan_run (x, n, nc, eps, 4, NULL, &error);
  g_assert_no_error (error);

  activate (fixture, "explore.run-dbscan", g_variant_new ("(du)", eps, 4));
  assignments = em_explore_page_get_assignments (fixture->page, &n_page);
  g_assert_cmpuint (n_page, ==, n);
  for (gsize r = 0; r < n; r++)
    g_assert_cmpint (assignments[r], ==, dbscan->labels[r]);
  g_assert_cmpuint (g_list_model_get_n_items (em_explore_page_get_clusters (fixture->page)), ==,
                    dbscan->n_clusters + (dbscan->n_noise > 0 ? 1 : 0));
}

static void
test_label_cluster_undo (Fixture       *fixture,
                         gconstpointer  data)
{
  EmStore *store = em_library_get_store (fixture->library);
  EmExplorer *explorer = em_explore_page_get_explorer (fixture->page);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  const gint32 *assignments;
  gsize n = 0;
  guint n_cluster = 0, n_cluster_labels = 0;

  activate (fixture, "explore.run-kmeans", g_variant_new_uint32 (3));
  before = em_store_list_labels (store, &error);
  g_assert_no_error (error);

  activate (fixture, "explore.select-cluster", g_variant_new_int32 (1));
  activate (fixture, "explore.label-selection", g_variant_new_int32 (EM_LABEL_BOTH));

  assignments = em_explore_page_get_assignments (fixture->page, &n);
  for (gsize r = 0; r < n; r++)
    {
      EmLabel label = em_store_get_label (store, em_explorer_get_path (explorer, r),
                                          em_explorer_get_chunk_idx (explorer, r));

      if (assignments[r] != 1)
        continue;
      n_cluster++;
      g_assert_cmpint (label, ==, EM_LABEL_BOTH);
    }
  g_assert_cmpuint (n_cluster, >, 0);
  after = em_store_list_labels (store, &error);
  for (guint i = 0; i < after->len; i++)
    {
      const EmLabelEntry *entry = g_ptr_array_index (after, i);

      if (entry->source == EM_LABEL_SOURCE_CLUSTER)
        {
          g_assert_cmpint (entry->label, ==, EM_LABEL_BOTH);
          n_cluster_labels++;
        }
    }
  g_assert_cmpuint (n_cluster_labels, ==, n_cluster);

  /* one undo restores every label as it was */
  activate (fixture, "explore.undo-label", NULL);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = em_store_list_labels (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    {
      const EmLabelEntry *a = g_ptr_array_index (before, i);
      const EmLabelEntry *b = g_ptr_array_index (after, i);

      g_assert_cmpstr (a->path, ==, b->path);
      g_assert_cmpuint (a->chunk_idx, ==, b->chunk_idx);
      g_assert_cmpint (a->label, ==, b->label);
      g_assert_cmpint (a->source, ==, b->source);
    }
}

static void
test_reopen_from_cache (Fixture       *fixture,
                        gconstpointer  data)
{
  EmExplorePage *second;

  activate (fixture, "explore.run-kmeans", g_variant_new_uint32 (3));
  g_assert_cmpuint (em_explorer_get_n_computed (em_explore_page_get_explorer (fixture->page)), >, 0);

  /* a new page on the same store: every result comes from the cache */
  second = show_page (fixture);
  g_assert_true (second != fixture->page);
  fixture->page = second;
  g_assert_cmpuint (em_explorer_get_n_computed (em_explore_page_get_explorer (second)), ==, 0);
  assert_kmeans_table (fixture, second);
}

static void
test_export_m3u (Fixture       *fixture,
                 gconstpointer  data)
{
  EmStore *store = em_library_get_store (fixture->library);
  EmExplorer *explorer = em_explore_page_get_explorer (fixture->page);
  g_autofree char *file = g_build_filename (fixture->dir, "cluster.m3u", NULL);
  g_autoptr(GFile) gfile = g_file_new_for_path (file);
  g_autoptr(GString) expected = g_string_new ("#EXTM3U\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const gint32 *assignments;
  gsize n = 0;

  activate (fixture, "explore.run-kmeans", g_variant_new_uint32 (3));
  activate (fixture, "explore.select-cluster", g_variant_new_int32 (0));
  g_assert_true (em_explore_page_export_selection (fixture->page, gfile, &error));
  g_assert_no_error (error);

  /* the cluster's chunks in row order, with the spans the store keeps */
  assignments = em_explore_page_get_assignments (fixture->page, &n);
  for (gsize r = 0; r < n; r++)
    {
      const char *path = em_explorer_get_path (explorer, r);
      guint idx = em_explorer_get_chunk_idx (explorer, r);
      g_autoptr(GArray) chunks = NULL;
      g_autofree char *base = g_path_get_basename (path);

      if (assignments[r] != 0)
        continue;
      chunks = em_store_list_chunks (store, path, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < chunks->len; i++)
        {
          const EmChunkInfo *c = &g_array_index (chunks, EmChunkInfo, i);
          char s[G_ASCII_DTOSTR_BUF_SIZE], e[G_ASCII_DTOSTR_BUF_SIZE];

          if (c->idx == idx)
            g_string_append_printf (expected, "#EXTINF:%.0f,%s, chunk %u (%s-%s s)\n%s\n",
                                    c->end_s - c->start_s, base, idx,
                                    g_ascii_formatd (s, sizeof s, "%.1f", c->start_s),
                                    g_ascii_formatd (e, sizeof e, "%.1f", c->end_s), path);
        }
    }

  g_file_get_contents (file, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected->str);
  g_unlink (file);
}

static void
test_empty_states (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "empty.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autoptr(EmLibrary) empty = NULL;
  g_autoptr(GError) error = NULL;

  em_page_set_library (EM_PAGE (fixture->page), NULL);
  g_assert_null (em_explore_page_get_explorer (fixture->page));

  /* no features: nothing to compute, nothing shown */
  empty = em_library_open (db, &error);
  g_assert_no_error (error);
  em_page_set_library (EM_PAGE (fixture->page), empty);
  wait_idle (fixture->page);
  g_assert_cmpuint (em_explorer_get_n_rows (em_explore_page_get_explorer (fixture->page)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (em_explore_page_get_clusters (fixture->page)), ==, 0);
  g_assert_false (gtk_widget_get_mapped (em_explore_page_get_scatter (fixture->page)));

  em_page_set_library (EM_PAGE (fixture->page), NULL);
  g_clear_object (&empty);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("earmark-explore-data-XXXXXX", NULL);
  int status;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system MIME database. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(name, func) \
  g_test_add ("/earmark/ui/explore-page/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("kmeans", test_kmeans);
  ADD ("hierarchical", test_hierarchical);
  ADD ("dbscan", test_dbscan);
  ADD ("label-cluster-undo", test_label_cluster_undo);
  ADD ("reopen-from-cache", test_reopen_from_cache);
  ADD ("export-m3u", test_export_m3u);
  ADD ("empty-states", test_empty_states);
#undef ADD

  status = g_test_run ();

  if (seed_dir != NULL)
    {
      g_autofree char *db = g_build_filename (seed_dir, "library.db", NULL);

      g_unlink (db);
      g_rmdir (seed_dir);
      g_clear_pointer (&seed_dir, g_free);
    }
  g_rmdir (data_home);

  return status;
}
