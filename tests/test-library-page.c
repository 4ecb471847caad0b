/* test-library-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Library page over a store of 30,000 synthetic chunks (3,000 tracks
 * of 10 chunks, paths invented; the files need not exist): the row count
 * after the background load, label / unlabelled / prediction / error
 * filters, search by path, sorting by the chunk column both ways, and
 * labelling a multi-selection through "library.label-music".
 */

#include "config.h"

#include <math.h>
#include <glib/gstdio.h>

#include "em-chunk-item.h"
#include "em-library-page.h"

#define N_TRACKS          3000
#define CHUNKS_PER_TRACK  10
#define N_ARTISTS         30
#define N_ERRORS          5
#define N_PREDICTED       30      /* tracks with predictions */
#define N_LOW_CONFIDENCE  10      /* of which these are below 0.6 */

static char *
track_path (guint track)
{
  return g_strdup_printf ("/music/Artist%02u/track%04u.flac", track % N_ARTISTS, track);
}

/* Labels: tracks 0–99 all music (1000), 100–149 chunks 0–4 dialogue (250),
 * 150–159 chunk 0 both (10). */
static EmLabel
expected_label (guint track,
                guint idx)
{
  if (track < 100)
    return EM_LABEL_MUSIC;
  if (track < 150 && idx < 5)
    return EM_LABEL_DIALOGUE;
  if (track >= 150 && track < 160 && idx == 0)
    return EM_LABEL_BOTH;
  return EM_LABEL_NONE;
}

static void
fill_tracks (EmStore *store)
{
  EmChunkRecord chunks[CHUNKS_PER_TRACK] = { { 0 } };
  g_autoptr(GError) error = NULL;

  for (guint t = 0; t < N_TRACKS; t++)
    {
      g_autofree char *path = track_path (t);

      for (guint i = 0; i < CHUNKS_PER_TRACK; i++)
        {
          chunks[i].idx = i;
          chunks[i].end_s = 100.0 - 10.0 * i;
          chunks[i].start_s = chunks[i].end_s - 10.0;
          for (guint f = 0; f < EM_STORE_N_FEATURES; f++)
            chunks[i].features[f] = t + 0.01 * f;
        }
      em_store_save_track (store, path, 1000 + t, 1, 100.0, 44100, 2, 1,
                           chunks, CHUNKS_PER_TRACK, &error);
      g_assert_no_error (error);
    }
  for (guint e = 0; e < N_ERRORS; e++)
    {
      g_autofree char *path = g_strdup_printf ("/music/broken/bad%u.mp3", e);

      em_store_save_track_error (store, path, 10, 1, "not an audio file", &error);
      g_assert_no_error (error);
    }
}

static void
fill_labels (EmStore *store)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) idx = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;

  for (EmLabel label = EM_LABEL_MUSIC; label <= EM_LABEL_BOTH; label++)
    {
      g_ptr_array_set_size (paths, 0);
      g_array_set_size (idx, 0);
      for (guint t = 0; t < 160; t++)
        for (guint i = 0; i < CHUNKS_PER_TRACK; i++)
          if (expected_label (t, i) == label)
            {
              g_ptr_array_add (paths, track_path (t));
              g_array_append_val (idx, i);
            }
      em_store_set_labels (store, (const char * const *) paths->pdata, (guint *) idx->data,
                           paths->len, label, EM_LABEL_SOURCE_IMPORT, &error);
      g_assert_no_error (error);
    }
}

static void
fill_predictions (EmStore *store)
{
  g_autoptr(GArray) predictions = g_array_new (FALSE, TRUE, sizeof (EmPrediction));
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gint64 model_id;

  model_id = em_store_save_model (store, "multiclass", 1, "{}", NULL, TRUE, &error);
  g_assert_no_error (error);
  for (guint t = 0; t < N_PREDICTED; t++)
    {
      g_ptr_array_add (paths, track_path (t));
      for (guint i = 0; i < CHUNKS_PER_TRACK; i++)
        {
          gboolean low = t < N_LOW_CONFIDENCE;
          EmPrediction p = {
            .path = g_ptr_array_index (paths, t), .chunk_idx = i, .label = EM_LABEL_MUSIC,
            .p_music = low ? 0.5 : 0.9, .p_dialogue = low ? 0.3 : 0.05, .p_both = low ? 0.2 : 0.05,
          };

          g_array_append_val (predictions, p);
        }
    }
  em_store_save_predictions (store, model_id, (EmPrediction *) predictions->data,
                             predictions->len, NULL, &error);
  g_assert_no_error (error);
}

typedef struct
{
  EmLibrary     *library;
  GtkWindow     *window;
  EmLibraryPage *page;
} Fixture;

static EmLibrary *shared_library;

static EmLibrary *
synthetic_library (void)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();

  if (shared_library != NULL)
    return g_object_ref (shared_library);

  db = g_build_filename (g_get_user_data_dir (), "library-page.db", NULL);
  shared_library = em_library_open (db, &error);
  g_assert_no_error (error);
  fill_tracks (em_library_get_store (shared_library));
  fill_labels (em_library_get_store (shared_library));
  fill_predictions (em_library_get_store (shared_library));
  g_test_message ("filled 30,000 chunks in %.2f s", (g_get_monotonic_time () - t0) / 1e6);

  return g_object_ref (shared_library);
}

static void
wait_loaded (EmLibraryPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (em_library_page_is_loading (page) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (em_library_page_is_loading (page));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 t0;

  fixture->library = synthetic_library ();
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 600);
  fixture->page = em_library_page_new ();
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);

  t0 = g_get_monotonic_time ();
  em_library_page_set_library (fixture->page, fixture->library);
  g_assert_true (em_library_page_is_loading (fixture->page));
  wait_loaded (fixture->page);
  g_test_message ("loaded in %.2f s", (g_get_monotonic_time () - t0) / 1e6);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->library);
}

static guint
n_shown (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (em_library_page_get_model (fixture->page)));
}

static EmChunkItem *
shown_item (Fixture *fixture,
            guint    position)
{
  GListModel *model = G_LIST_MODEL (em_library_page_get_model (fixture->page));
  EmChunkItem *item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return item;
}

static void
test_load_and_filter (Fixture       *fixture,
                      gconstpointer  data)
{
  guint labelled = 1000 + 250 + 10;

  g_assert_cmpuint (n_shown (fixture), ==, N_TRACKS * CHUNKS_PER_TRACK);

  em_library_page_set_filter (fixture->page, EM_LIBRARY_FILTER_UNLABELLED);
  g_assert_cmpuint (n_shown (fixture), ==, N_TRACKS * CHUNKS_PER_TRACK - labelled);
  em_library_page_set_filter (fixture->page, EM_LIBRARY_FILTER_MUSIC);
  g_assert_cmpuint (n_shown (fixture), ==, 1000);
  em_library_page_set_filter (fixture->page, EM_LIBRARY_FILTER_DIALOGUE);
  g_assert_cmpuint (n_shown (fixture), ==, 250);
  em_library_page_set_filter (fixture->page, EM_LIBRARY_FILTER_BOTH);
  g_assert_cmpuint (n_shown (fixture), ==, 10);
  em_library_page_set_filter (fixture->page, EM_LIBRARY_FILTER_PREDICTED_MUSIC);
  g_assert_cmpuint (n_shown (fixture), ==, N_PREDICTED * CHUNKS_PER_TRACK);
  em_library_page_set_filter (fixture->page, EM_LIBRARY_FILTER_LOW_CONFIDENCE);
  g_assert_cmpuint (n_shown (fixture), ==, N_LOW_CONFIDENCE * CHUNKS_PER_TRACK);
  em_library_page_set_filter (fixture->page, EM_LIBRARY_FILTER_ERRORS);
  g_assert_cmpuint (n_shown (fixture), ==, N_ERRORS);
  {
    g_autoptr(EmChunkItem) item = shown_item (fixture, 0);

    g_assert_cmpint (em_chunk_item_get_kind (item), ==, EM_CHUNK_KIND_ERROR);
    g_assert_cmpstr (em_chunk_item_get_error (item), ==, "not an audio file");
  }
  em_library_page_set_filter (fixture->page, EM_LIBRARY_FILTER_ALL);
  g_assert_cmpuint (n_shown (fixture), ==, N_TRACKS * CHUNKS_PER_TRACK);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  guint n;

  /* Case is ignored; Artist07 has tracks 7, 37, …, 2977. */
  em_library_page_set_search (fixture->page, "/artist07/");
  n = n_shown (fixture);
  g_assert_cmpuint (n, ==, N_TRACKS / N_ARTISTS * CHUNKS_PER_TRACK);
  for (guint i = 0; i < n; i += 97)
    {
      g_autoptr(EmChunkItem) item = shown_item (fixture, i);

      g_assert_true (g_str_has_prefix (em_chunk_item_get_path (item), "/music/Artist07/"));
    }

  /* Search and filter combine: tracks 7, 37, 67, 97 are labelled music. */
  em_library_page_set_filter (fixture->page, EM_LIBRARY_FILTER_MUSIC);
  g_assert_cmpuint (n_shown (fixture), ==, 4 * CHUNKS_PER_TRACK);

  em_library_page_set_search (fixture->page, "track0042.flac");
  g_assert_cmpuint (n_shown (fixture), ==, CHUNKS_PER_TRACK);
  em_library_page_set_search (fixture->page, "no such file");
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  em_library_page_set_search (fixture->page, NULL);
  em_library_page_set_filter (fixture->page, EM_LIBRARY_FILTER_ALL);
  g_assert_cmpuint (n_shown (fixture), ==, N_TRACKS * CHUNKS_PER_TRACK);
}

static void
assert_first_chunks (Fixture *fixture,
                     guint    expected_idx,
                     guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EmChunkItem) item = shown_item (fixture, i);

      g_assert_cmpuint (em_chunk_item_get_chunk_idx (item), ==, expected_idx);
    }
}

static void
test_sort (Fixture       *fixture,
           gconstpointer  data)
{
  GtkColumnView *view = em_library_page_get_column_view (fixture->page);
  GtkColumnViewColumn *chunk = em_library_page_get_column (fixture->page, "chunk");
  guint n = N_TRACKS * CHUNKS_PER_TRACK;

  g_assert_nonnull (chunk);
  gtk_column_view_sort_by_column (view, chunk, GTK_SORT_ASCENDING);
  g_assert_cmpuint (n_shown (fixture), ==, n);
  assert_first_chunks (fixture, 0, N_TRACKS);
  {
    g_autoptr(EmChunkItem) next = shown_item (fixture, N_TRACKS);
    g_autoptr(EmChunkItem) last = shown_item (fixture, n - 1);

    g_assert_cmpuint (em_chunk_item_get_chunk_idx (next), ==, 1);
    g_assert_cmpuint (em_chunk_item_get_chunk_idx (last), ==, CHUNKS_PER_TRACK - 1);
  }

  gtk_column_view_sort_by_column (view, chunk, GTK_SORT_DESCENDING);
  assert_first_chunks (fixture, CHUNKS_PER_TRACK - 1, N_TRACKS);
  {
    g_autoptr(EmChunkItem) last = shown_item (fixture, n - 1);

    g_assert_cmpuint (em_chunk_item_get_chunk_idx (last), ==, 0);
  }

  /* Sorting applies to the filtered rows too. */
  em_library_page_set_filter (fixture->page, EM_LIBRARY_FILTER_DIALOGUE);
  assert_first_chunks (fixture, 4, 50);
  gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
  em_library_page_set_filter (fixture->page, EM_LIBRARY_FILTER_ALL);
}

static void
test_label_selection (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkSelectionModel *model = em_library_page_get_model (fixture->page);
  EmStore *store = em_library_get_store (fixture->library);
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);
  EmStoreCounts before = { 0 }, after = { 0 };
  g_autoptr(GError) error = NULL;
  guint unlabelled;

  em_store_get_counts (store, &before, &error);
  g_assert_no_error (error);

  /* Unlabelled chunks of Artist11: select every other one of the first 40. */
  em_library_page_set_search (fixture->page, "/Artist11/");
  em_library_page_set_filter (fixture->page, EM_LIBRARY_FILTER_UNLABELLED);
  unlabelled = n_shown (fixture);
  g_assert_cmpuint (unlabelled, ==, 1000 - 3 * CHUNKS_PER_TRACK - 2 * 5);
  gtk_selection_model_unselect_all (model);
  for (guint i = 0; i < 40; i += 2)
    {
      gtk_selection_model_select_item (model, i, FALSE);
      g_ptr_array_add (chosen, shown_item (fixture, i));
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "library.label-music", NULL));

  for (guint i = 0; i < chosen->len; i++)
    {
      EmChunkItem *item = g_ptr_array_index (chosen, i);

      g_assert_cmpint (em_store_get_label (store, em_chunk_item_get_path (item),
                                           em_chunk_item_get_chunk_idx (item)), ==, EM_LABEL_MUSIC);
    }
  em_store_get_counts (store, &after, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after.labels[EM_LABEL_MUSIC], ==, before.labels[EM_LABEL_MUSIC] + chosen->len);
  g_assert_cmpuint (after.labels[EM_LABEL_DIALOGUE], ==, before.labels[EM_LABEL_DIALOGUE]);
  g_assert_cmpuint (after.labels[EM_LABEL_BOTH], ==, before.labels[EM_LABEL_BOTH]);

  /* The rows updated: they left the unlabelled view. */
  g_assert_cmpuint (n_shown (fixture), ==, unlabelled - chosen->len);

  /* Clear them again so the shared store is as the other cases expect. */
  em_library_page_set_filter (fixture->page, EM_LIBRARY_FILTER_MUSIC);
  g_assert_cmpuint (n_shown (fixture), ==, 3 * CHUNKS_PER_TRACK + chosen->len);
  gtk_selection_model_select_all (model);
  for (guint i = 0; i < n_shown (fixture); i++)
    {
      g_autoptr(EmChunkItem) item = shown_item (fixture, i);

      if (expected_label (g_ascii_strtoull (strrchr (em_chunk_item_get_path (item), 'k') + 1, NULL, 10),
                          em_chunk_item_get_chunk_idx (item)) == EM_LABEL_MUSIC)
        gtk_selection_model_unselect_item (model, i);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "library.clear-label", NULL));
  g_assert_cmpuint (n_shown (fixture), ==, 3 * CHUNKS_PER_TRACK);
  em_store_get_counts (store, &after, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after.labels[EM_LABEL_MUSIC], ==, before.labels[EM_LABEL_MUSIC]);
}

static void
on_play_chunk_cb (EmLibraryPage *page,
                  const char    *path,
                  double         start_s,
                  double         end_s,
                  char         **played)
{
  *played = g_strdup_printf ("%s %.1f %.1f", path, start_s, end_s);
}

static void
test_play (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *played = NULL;

  em_library_page_set_search (fixture->page, "track0042.flac");
  gtk_column_view_sort_by_column (em_library_page_get_column_view (fixture->page),
                                  em_library_page_get_column (fixture->page, "chunk"),
                                  GTK_SORT_DESCENDING);
  gtk_selection_model_select_item (em_library_page_get_model (fixture->page), 0, TRUE);
  g_signal_connect (fixture->page, "play-chunk", G_CALLBACK (on_play_chunk_cb), &played);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "library.play", NULL));
  g_assert_cmpstr (played, ==, "/music/Artist12/track0042.flac 0.0 10.0");
}

static void
test_empty (void)
{
  g_autofree char *db = g_build_filename (g_get_user_data_dir (), "empty.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EmLibrary) library = em_library_open (db, &error);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  EmLibraryPage *page = em_library_page_new ();

  g_assert_no_error (error);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  em_library_page_set_library (page, library);
  wait_loaded (page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (em_library_page_get_model (page))), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page)));
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("earmark-library-page-XXXXXX", NULL);
  int status;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system's XDG_DATA_DIRS
   * (the MIME database) to load its icons. Only the stores go to a fresh
   * folder. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/earmark/ui/library-page/load-and-filter", Fixture, NULL,
              fixture_set_up, test_load_and_filter, fixture_tear_down);
  g_test_add ("/earmark/ui/library-page/search", Fixture, NULL,
              fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/earmark/ui/library-page/sort", Fixture, NULL,
              fixture_set_up, test_sort, fixture_tear_down);
  g_test_add ("/earmark/ui/library-page/label-selection", Fixture, NULL,
              fixture_set_up, test_label_selection, fixture_tear_down);
  g_test_add ("/earmark/ui/library-page/play", Fixture, NULL,
              fixture_set_up, test_play, fixture_tear_down);
  g_test_add_func ("/earmark/ui/library-page/empty", test_empty);

  status = g_test_run ();
  g_clear_object (&shared_library);
  return status;
}
