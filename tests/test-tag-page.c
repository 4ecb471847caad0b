/* test-tag-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Tag page in-process on the scanned demo library with its labels
 * imported: without a model it shows "Train a model first"; with a model
 * trained here and made active, tag.run writes a prediction for every
 * chunk and the page's counts per class equal the run's summary and a
 * count over the store; the playlists, CSV and JSON it exports are
 * byte-identical to `earmark-cli export` on the same library; a second
 * run resumes (everything already tagged); tag.queue-uncertain sends
 * exactly the chunks below the confidence threshold; the track list
 * filters to the tracks that end with music and plays a track's outro;
 * a cancelled run stores nothing and the next one tags everything.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "em-features.h"
#include "em-library.h"
#include "em-test-util.h"
#include "pages/em-label-queue.h"
#include "pages/em-tag-page.h"
#include "pages/em-tag-track.h"

static struct
{
  char      *dir;
  char      *db;
  EmLibrary *library;
  GtkWindow *window;
  EmTagPage *page;
} fx;

static void
wait_idle (EmTagPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (em_tag_page_is_busy (page) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (em_tag_page_is_busy (page));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (fx.dir, name, NULL);
}

static void
set_up (void)
{
  g_autofree char *demo = g_build_filename (g_getenv ("EARMARK_SOURCE_ROOT"), "data", "demo", NULL);
  g_autofree char *labels = g_build_filename (demo, "labels.csv", NULL);
  const char *folders[] = { demo, NULL };
  g_autoptr(EmScanSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  guint n_imported = 0;

  fx.dir = g_dir_make_tmp ("earmark-tag-XXXXXX", &error);
  g_assert_no_error (error);
  fx.db = tmp_path ("library.db");
  fx.library = em_library_open (fx.db, &error);
  g_assert_no_error (error);
  summary = em_library_scan (fx.library, folders, 10.0, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->n_failed, ==, 0);
  em_store_import_labels (em_library_get_store (fx.library), labels, &n_imported, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_imported, ==, 30);

  fx.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx.window, 900, 700);
  fx.page = em_tag_page_new ();
  gtk_window_set_child (fx.window, GTK_WIDGET (fx.page));
  gtk_window_present (fx.window);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
tear_down (void)
{
  gtk_window_destroy (fx.window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fx.library);
  remove_tree (fx.dir);
  g_free (fx.dir);
  g_free (fx.db);
}

/* A small three-class model trained on the library's labels, active. */
static gint64
train_model (EmStore *store,
             guint32  seed)
{
  g_autofree double *x = NULL;
  g_autofree guint8 *y = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GArray) chunk_idx = NULL;
  g_autoptr(GArray) labels = NULL;
  g_autoptr(GError) error = NULL;
  EmEnsembleParams params;
  EmEnsemble *model;
  gsize n = 0;
  gint64 id;

  em_store_load_labelled_features (store, EM_FEATURE_SET_VERSION, &x, &n, &paths, &chunk_idx, &labels, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 30);
  y = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    {
      EmLabel label = g_array_index (labels, EmLabel, i);
      y[i] = label == EM_LABEL_MUSIC ? EM_ML_CLASS_MUSIC
           : label == EM_LABEL_DIALOGUE ? EM_ML_CLASS_DIALOGUE : EM_ML_CLASS_BOTH;
    }

  em_ensemble_params_init (&params);
  params.rf_n_trees = 8;
  params.gb_n_rounds = 8;
  params.seed = seed;
  model = em_ensemble_train (x, n, EM_STORE_N_FEATURES, y, EM_ENSEMBLE_MODE_THREE_CLASS, &params,
                             EM_FEATURE_SET_VERSION, NULL, &error);
  g_assert_no_error (error);
  id = em_tagger_add_model (store, model, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  em_ensemble_unref (model);

  return id;
}

static void
test_no_model (void)
{
  em_page_set_library (EM_PAGE (fx.page), NULL);
  g_assert_cmpstr (em_tag_page_get_view (fx.page), ==, "no-library");

  em_page_set_library (EM_PAGE (fx.page), fx.library);
  wait_idle (fx.page);
  g_assert_cmpstr (em_tag_page_get_view (fx.page), ==, "no-model");
  g_assert_null (em_tag_page_get_results (fx.page));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fx.page), "tag.run", NULL) &&
                  em_tag_page_is_busy (fx.page));
}

static void
test_tag_run (void)
{
  EmStore *store = em_library_get_store (fx.library);
  g_autoptr(GPtrArray) predictions = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[EM_N_LABELS] = { 0 };
  const EmTagSummary *summary;
  EmStoreCounts store_counts;

  train_model (store, 7);
  em_tag_page_reload (fx.page);
  wait_idle (fx.page);
  g_assert_cmpstr (em_tag_page_get_view (fx.page), ==, "content");
  g_assert_cmpuint (em_tag_page_get_results (fx.page)->predictions->len, ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.page), "tag.run", NULL));
  g_assert_true (em_tag_page_is_busy (fx.page));
  wait_idle (fx.page);

  summary = em_tag_page_get_last_summary (fx.page);
  g_assert_nonnull (summary);
  em_store_get_counts (store, &store_counts, &error);
  g_assert_no_error (error);
  predictions = em_store_load_predictions (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (store_counts.chunks, ==, 30);
  g_assert_cmpuint (predictions->len, ==, store_counts.chunks);
  g_assert_cmpuint (summary->n_chunks, ==, store_counts.chunks);
  g_assert_cmpuint (summary->n_predicted, ==, store_counts.chunks);
  g_assert_cmpuint (summary->n_existing, ==, 0);

  for (guint i = 0; i < predictions->len; i++)
    counts[((EmPrediction *)g_ptr_array_index (predictions, i))->label]++;
  for (EmLabel l = EM_LABEL_MUSIC; l <= EM_LABEL_BOTH; l++)
    {
      g_assert_cmpuint (em_tag_page_get_class_count (fx.page, l), ==, counts[l]);
      g_assert_cmpuint (summary->n_per_label[l], ==, counts[l]);
    }
  g_assert_cmpuint (g_list_model_get_n_items (em_tag_page_get_track_model (fx.page)), ==, 30);
}

static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  gsize nx = 0, ny = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (a, &x, &nx, &error);
  g_assert_no_error (error);
  g_file_get_contents (b, &y, &ny, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nx, >, 0);
  g_assert_cmpmem (x, nx, y, ny);
}

static void
export_from_page (const char *action,
                  const char *target)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.page), action, "ms", target));
  g_assert_true (em_tag_page_is_busy (fx.page));
  wait_idle (fx.page);
}

static void
test_exports_match_cli (void)
{
  g_autofree char *page_dir = tmp_path ("page");
  g_autofree char *cli_dir = tmp_path ("cli");
  g_autofree char *page_csv = tmp_path ("page.csv");
  g_autofree char *cli_csv = tmp_path ("cli.csv");
  g_autofree char *page_json = tmp_path ("page.json");
  g_autofree char *cli_json = tmp_path ("cli.json");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "export", "--library", fx.db, "--playlists", cli_dir, "--csv", cli_csv,
                         "--json", cli_json, NULL };
  const char *playlists[] = { "music.m3u", "dialogue.m3u", "both.m3u", "outro-music.m3u" };

  export_from_page ("tag.export-playlists", page_dir);
  export_from_page ("tag.export-csv", page_csv);
  export_from_page ("tag.export-json", page_json);

  g_assert_cmpint (em_test_run_cli (args, &out, &err), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (playlists); i++)
    {
      g_autofree char *a = g_build_filename (page_dir, playlists[i], NULL);
      g_autofree char *b = g_build_filename (cli_dir, playlists[i], NULL);

      assert_same_file (a, b);
    }
  assert_same_file (page_csv, cli_csv);
  assert_same_file (page_json, cli_json);
  /* 30 chunks: the header plus one row each */
  {
    g_autofree char *csv = NULL;
    g_file_get_contents (page_csv, &csv, NULL, NULL);
    g_assert_cmpuint (em_test_count_lines (csv), ==, 31);
  }
}

static void
test_second_run_resumes (void)
{
  const EmTagSummary *summary;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.page), "tag.run", NULL));
  wait_idle (fx.page);
  summary = em_tag_page_get_last_summary (fx.page);
  g_assert_cmpuint (summary->n_existing, ==, summary->n_chunks);
  g_assert_cmpuint (summary->n_predicted, ==, 0);
  g_assert_cmpuint (summary->n_chunks, ==, 30);
}

static void
on_queue_cb (EmPage      *page,
             GPtrArray   *items,
             const char  *title,
             GPtrArray  **out)
{
  *out = g_ptr_array_new_with_free_func ((GDestroyNotify)em_label_queue_item_free);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (*out, em_label_queue_item_copy (g_ptr_array_index (items, i)));
  g_object_set_data_full (G_OBJECT (page), "test-title", g_strdup (title), g_free);
}

static double
max_probability (const EmPrediction *p)
{
  double best = 0.0;

  best = MAX (best, p->p_music);
  best = MAX (best, p->p_dialogue);
  if (!isnan (p->p_both))
    best = MAX (best, p->p_both);

  return best;
}

static void
test_queue_uncertain (void)
{
  g_autoptr(GPtrArray) predictions = NULL;
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  const double thresholds[] = { 0.8, 0.9, 0.95, 1.0 };
  double threshold = 0;

  predictions = em_store_load_predictions (em_library_get_store (fx.library), 0, &error);
  g_assert_no_error (error);
  for (guint t = 0; t < G_N_ELEMENTS (thresholds) && expected->len == 0; t++)
    {
      em_tag_page_set_confidence_threshold (fx.page, thresholds[t]);
      threshold = em_tag_page_get_confidence_threshold (fx.page);
      for (guint i = 0; i < predictions->len; i++)
        if (max_probability (g_ptr_array_index (predictions, i)) < threshold)
          g_ptr_array_add (expected, g_ptr_array_index (predictions, i));
    }
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (em_tag_page_get_n_uncertain (fx.page), ==, expected->len);

  g_signal_connect (fx.page, "queue", G_CALLBACK (on_queue_cb), &queued);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.page), "tag.queue-uncertain", NULL));
  g_signal_handlers_disconnect_by_func (fx.page, on_queue_cb, &queued);
  g_assert_nonnull (queued);
  g_assert_cmpuint (queued->len, ==, expected->len);
  for (guint i = 0; i < queued->len; i++)
    {
      const EmLabelQueueItem *item = g_ptr_array_index (queued, i);
      const EmPrediction *p = g_ptr_array_index (expected, i);

      g_assert_cmpstr (item->path, ==, p->path);
      g_assert_cmpuint (item->idx, ==, p->chunk_idx);
      g_assert_cmpuint (item->n_chunks, ==, 1);
      g_assert_cmpfloat (item->end_s, >, item->start_s);
    }
  title = g_strdup_printf ("%u uncertain prediction%s", expected->len, expected->len == 1 ? "" : "s");
  g_assert_cmpstr (g_object_get_data (G_OBJECT (fx.page), "test-title"), ==, title);
}

static void
on_play_cb (EmPage  *page,
            const char *path,
            double   start_s,
            double   end_s,
            char   **out)
{
  g_free (*out);
  *out = g_strdup_printf ("%s %.1f %.1f", path, start_s, end_s);
}

static void
test_tracks_outro (void)
{
  EmTagResults *results = em_tag_page_get_results (fx.page);
  GListModel *tracks = em_tag_page_get_track_model (fx.page);
  g_autoptr(EmTagTrack) first = NULL;
  g_autofree char *played = NULL;
  g_autofree char *expected = NULL;
  double start_s, end_s;

  g_object_set (fx.page, "outro-only", TRUE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (tracks), ==, results->n_tracks_outro);
  for (guint i = 0; i < g_list_model_get_n_items (tracks); i++)
    {
      g_autoptr(EmTagTrack) track = g_list_model_get_item (tracks, i);
      g_assert_true (em_tag_track_get_has_outro (track));
      g_assert_false (isnan (em_tag_track_get_outro_start (track)));
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.page), "tag.outro-only", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (tracks), ==, 30);

  /* Activating a row (tag.play-track with its position) plays the
   * track's outro, or its last chunk when it has none. */
  first = g_list_model_get_item (tracks, 0);
  em_tag_track_get_outro_span (first, &start_s, &end_s);
  expected = g_strdup_printf ("%s %.1f %.1f", em_tag_track_get_path (first), start_s, end_s);
  g_signal_connect (fx.page, "play-chunk", G_CALLBACK (on_play_cb), &played);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.page), "tag.play-track", "u", 0));
  g_signal_handlers_disconnect_by_func (fx.page, on_play_cb, &played);
  g_assert_cmpstr (played, ==, expected);
}

/* A new model, tagging cancelled at once: nothing is stored, the page is
 * ready again, and the next run tags everything. */
static void
test_cancel_then_resume (void)
{
  EmStore *store = em_library_get_store (fx.library);
  const EmTagSummary *before = em_tag_page_get_last_summary (fx.page);
  g_autoptr(GPtrArray) predictions = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = train_model (store, 11);

  em_tag_page_reload (fx.page);
  wait_idle (fx.page);
  g_assert_cmpint (em_tag_page_get_results (fx.page)->model->id, ==, id);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.page), "tag.run", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.page), "tag.cancel", NULL));
  wait_idle (fx.page);
  g_assert_true (em_tag_page_get_last_summary (fx.page) == before);
  predictions = em_store_load_predictions (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (predictions->len, ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.page), "tag.run", NULL));
  wait_idle (fx.page);
  g_assert_cmpuint (em_tag_page_get_last_summary (fx.page)->n_existing, ==, 0);
  g_assert_cmpuint (em_tag_page_get_last_summary (fx.page)->n_predicted, ==, 30);
  g_assert_cmpint (em_tag_page_get_last_summary (fx.page)->model_id, ==, id);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("earmark-tag-data-XXXXXX", NULL);
  int status;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system MIME database. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  /* One library for all cases, in this order: each builds on the last. */
  g_test_add_func ("/earmark/ui/tag-page/no-model", test_no_model);
  g_test_add_func ("/earmark/ui/tag-page/tag-run", test_tag_run);
  g_test_add_func ("/earmark/ui/tag-page/exports-match-cli", test_exports_match_cli);
  g_test_add_func ("/earmark/ui/tag-page/second-run-resumes", test_second_run_resumes);
  g_test_add_func ("/earmark/ui/tag-page/queue-uncertain", test_queue_uncertain);
  g_test_add_func ("/earmark/ui/tag-page/tracks-outro", test_tracks_outro);
  g_test_add_func ("/earmark/ui/tag-page/cancel-then-resume", test_cancel_then_resume);

  set_up ();
  status = g_test_run ();
  tear_down ();
  g_rmdir (data_home);

  return status;
}
