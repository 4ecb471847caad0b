/* test-label-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Label page in-process on the scanned demo library, players on
 * fakesink: labels go to the store for exactly the chunks shown, undo and
 * redo walk the store's history, skip moves without labelling, the counts
 * follow, every arrival asks the player to play the chunk, and a queue
 * emptied by labelling shows the empty state. Keys are sent through the
 * page's own shortcut controller (its GtkShortcut for the keyval is looked
 * up by trigger and its action activated, as the controller does on a key
 * press): GTK 4.8 cannot inject key events. Other commands go through
 * gtk_widget_activate_action().
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "em-active-learning.h"
#include "em-features.h"
#include "em-library.h"
#include "em-tagger.h"
#include "pages/em-label-page.h"
#include "pages/em-label-queue.h"

/* Sanitizer builds: em-asan-options.c (linked into every UI test) and
 * build-aux/lsan.supp (LSAN_OPTIONS) suppress the system libraries' own
 * once-per-process allocations. */

typedef struct
{
  char      *dir;
  EmLibrary *library;
  GtkWindow *window;
  EmLabelPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *demo = g_build_filename (g_getenv ("EARMARK_SOURCE_ROOT"), "data", "demo", NULL);
  g_autofree char *db = NULL;
  const char *folders[] = { demo, NULL };
  g_autoptr(EmScanSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  (void) data;
  fixture->dir = g_dir_make_tmp ("earmark-label-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (fixture->dir, "library.db", NULL);
  fixture->library = em_library_open (db, &error);
  g_assert_no_error (error);
  summary = em_library_scan (fixture->library, folders, 10.0, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->n_failed, ==, 0);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->page = em_label_page_new_with_sink ("fakesink");
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "library.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  (void) data;
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

/* Does what the page's shortcut controller does for a key press. */
static void
press_key (EmLabelPage     *page,
           guint            keyval,
           GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (page));
  g_autoptr(GtkShortcutTrigger) trigger = gtk_keyval_trigger_new (keyval, modifiers);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      g_assert_cmpint (gtk_event_controller_get_propagation_phase (controller), ==, GTK_PHASE_CAPTURE);
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                           GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                           GTK_WIDGET (page), NULL));
              return;
            }
        }
    }
  g_assert_not_reached ();
}

static void
wait_for_state (EmPlayer      *player,
                EmPlayerState  state)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (em_player_get_state (player) != state && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_cmpint (em_player_get_state (player), ==, state);
}

static void
wait_until_playing (EmPlayer *player)
{
  wait_for_state (player, EM_PLAYER_STATE_PLAYING);
}

static EmLabel
label_of (Fixture    *fixture,
          const char *path,
          guint       idx)
{
  return em_store_get_label (em_library_get_store (fixture->library), path, idx);
}

static guint
n_labels (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = em_store_list_labels (em_library_get_store (fixture->library), &error);

  g_assert_no_error (error);
  return labels->len;
}

static void
test_label_keys_undo_redo (Fixture       *fixture,
                           gconstpointer  data)
{
  EmLabelPage *page = fixture->page;
  GtkWidget *widget = GTK_WIDGET (page);
  char *paths[4];
  int idx[4];
  EmPlayer *player;
  double start, end;

  (void) data;
  g_assert_true (em_label_page_is_empty (page));
  em_label_page_set_library (page, fixture->library);
  g_assert_false (em_label_page_is_empty (page));
  g_assert_cmpuint (em_label_page_get_queue_length (page), ==, 30);
  g_assert_cmpuint (em_label_page_get_n_plays (page), ==, 1);
  player = em_label_page_get_player (page);
  g_assert_cmpstr (em_player_get_file (player), ==, em_label_page_get_current_path (page));
  wait_until_playing (player);

  /* M by key, D by action, B by key "3". */
  for (guint i = 0; i < 4; i++)
    {
      paths[i] = g_strdup (em_label_page_get_current_path (page));
      idx[i] = em_label_page_get_current_index (page);
      g_assert_nonnull (paths[i]);
      if (i == 0)
        press_key (page, GDK_KEY_m, 0);
      else if (i == 1)
        g_assert_true (gtk_widget_activate_action (widget, "label.dialogue", NULL));
      else if (i == 2)
        press_key (page, GDK_KEY_3, 0);
    }
  g_assert_cmpint (label_of (fixture, paths[0], idx[0]), ==, EM_LABEL_MUSIC);
  g_assert_cmpint (label_of (fixture, paths[1], idx[1]), ==, EM_LABEL_DIALOGUE);
  g_assert_cmpint (label_of (fixture, paths[2], idx[2]), ==, EM_LABEL_BOTH);
  g_assert_cmpint (label_of (fixture, paths[3], idx[3]), ==, EM_LABEL_NONE);
  g_assert_cmpuint (n_labels (fixture), ==, 3);
  g_assert_cmpstr (em_label_page_get_counts_text (page), ==, "Music 1 · Dialogue 1 · Both 1");
  g_assert_cmpuint (em_label_page_get_n_plays (page), ==, 4);

  /* Undo (Ctrl+Z) removes the last label and returns to its chunk. */
  press_key (page, GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_cmpint (label_of (fixture, paths[2], idx[2]), ==, EM_LABEL_NONE);
  g_assert_cmpuint (n_labels (fixture), ==, 2);
  g_assert_cmpstr (em_label_page_get_current_path (page), ==, paths[2]);
  g_assert_cmpstr (em_label_page_get_counts_text (page), ==, "Music 1 · Dialogue 1 · Both 0");

  /* Redo (Ctrl+Shift+Z) puts it back and moves past it. */
  press_key (page, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_cmpint (label_of (fixture, paths[2], idx[2]), ==, EM_LABEL_BOTH);
  g_assert_cmpstr (em_label_page_get_current_path (page), ==, paths[3]);
  g_assert_true (gtk_widget_activate_action (widget, "label.undo", NULL));
  g_assert_true (gtk_widget_activate_action (widget, "label.redo", NULL));
  g_assert_cmpint (label_of (fixture, paths[2], idx[2]), ==, EM_LABEL_BOTH);
  g_assert_cmpuint (n_labels (fixture), ==, 3);

  /* Skip (S) moves on without a label; ← goes back, → forward again. */
  press_key (page, GDK_KEY_s, 0);
  g_assert_cmpstr (em_label_page_get_current_path (page), !=, paths[3]);
  g_assert_cmpint (label_of (fixture, paths[3], idx[3]), ==, EM_LABEL_NONE);
  g_assert_cmpuint (n_labels (fixture), ==, 3);
  press_key (page, GDK_KEY_Left, 0);
  g_assert_cmpstr (em_label_page_get_current_path (page), ==, paths[3]);
  press_key (page, GDK_KEY_Right, 0);
  g_assert_cmpstr (em_label_page_get_current_path (page), !=, paths[3]);

  /* The player got the current chunk's span, and plays it. */
  player = em_label_page_get_player (page);
  g_assert_cmpstr (em_player_get_file (player), ==, em_label_page_get_current_path (page));
  em_player_get_span (player, &start, &end);
  g_assert_cmpfloat (end, >, start);
  press_key (page, GDK_KEY_r, 0);
  wait_until_playing (player);
  g_assert_cmpuint (em_label_page_get_n_plays (page), >=, 9);
  g_assert_null (em_label_page_get_error_text (page));

  /* Hiding the page (the window shows another view) pauses the sound. */
  gtk_widget_set_visible (widget, FALSE);
  wait_for_state (player, EM_PLAYER_STATE_PAUSED);

  for (guint i = 0; i < 4; i++)
    g_free (paths[i]);
}

static void
test_label_until_empty (Fixture       *fixture,
                        gconstpointer  data)
{
  EmLabelPage *page = fixture->page;
  EmStoreCounts counts = { 0 };
  guint n = 0;

  (void) data;
  em_label_page_set_seed (page, 7);
  g_object_set (page, "source", "random", NULL);
  em_label_page_set_library (page, fixture->library);
  /* Skip one, then label the rest: the skipped one comes round again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "label.skip", NULL));
  while (!em_label_page_is_empty (page) && n++ < 40)
    press_key (page, GDK_KEY_1, 0);
  g_assert_true (em_label_page_is_empty (page));
  g_assert_cmpuint (n, ==, 30);
  em_store_get_counts (em_library_get_store (fixture->library), &counts, NULL);
  g_assert_cmpuint (counts.labelled_chunks[EM_LABEL_MUSIC], ==, 30);
  g_assert_cmpuint (n_labels (fixture), ==, 30);
}

/* Library order, a seeded shuffle (same seed, same order) and one folder. */
static void
test_label_queue_sources (Fixture       *fixture,
                          gconstpointer  data)
{
  EmLabelPage *page = fixture->page;
  g_autofree char *demo = g_build_filename (g_getenv ("EARMARK_SOURCE_ROOT"), "data", "demo", NULL);
  g_autofree char *first = NULL;
  g_autofree char *shuffled = NULL;
  g_autofree char *expected = g_build_filename (demo, "clip-0001.mp3", NULL);
  g_autofree char *source = NULL;

  (void) data;
  em_label_page_set_library (page, fixture->library);
  first = g_strdup (em_label_page_get_current_path (page));
  g_assert_cmpstr (first, ==, expected);

  em_label_page_set_seed (page, 42);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "label.source", "s", "random"));
  g_object_get (page, "source", &source, NULL);
  g_assert_cmpstr (source, ==, "random");
  g_assert_cmpuint (em_label_page_get_queue_length (page), ==, 30);
  shuffled = g_strdup (em_label_page_get_current_path (page));
  em_label_page_set_seed (page, 42);
  g_assert_cmpstr (em_label_page_get_current_path (page), ==, shuffled);

  em_label_page_set_folder (page, "/nonexistent-folder");
  g_assert_true (em_label_page_is_empty (page));
  g_assert_cmpuint (em_label_page_get_queue_length (page), ==, 0);
  em_label_page_set_folder (page, demo);
  g_assert_false (em_label_page_is_empty (page));
  g_assert_cmpuint (em_label_page_get_queue_length (page), ==, 30);
  g_assert_cmpstr (em_label_page_get_current_path (page), ==, first);
}

static EmLabelQueueItem *
demo_item (const char *name)
{
  EmLabelQueueItem *item = g_new0 (EmLabelQueueItem, 1);

  item->path = g_build_filename (g_getenv ("EARMARK_SOURCE_ROOT"), "data", "demo", name, NULL);
  item->idx = 0;
  item->start_s = 0.0;
  item->end_s = 5.0;
  item->n_chunks = 1;
  return item;
}

/* A queue from another page: exactly its clips, in its order, labelled
 * into the store; the chooser names it; the normal sources come back. */
static void
test_label_set_queue (Fixture       *fixture,
                      gconstpointer  data)
{
  EmLabelPage *page = fixture->page;
  const char *names[] = { "clip-0005.mp3", "clip-0002.mp3", "clip-0017.mp3" };
  const EmLabel labels[] = { EM_LABEL_BOTH, EM_LABEL_MUSIC, EM_LABEL_DIALOGUE };
  const guint keys[] = { GDK_KEY_b, GDK_KEY_m, GDK_KEY_d };
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) em_label_queue_item_free);
  g_autofree char *source = NULL;

  (void) data;
  em_label_page_set_library (page, fixture->library);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (items, demo_item (names[i]));
  em_label_page_set_queue (page, items, "Cluster 3");
  g_ptr_array_set_size (items, 0);
  g_object_get (page, "source", &source, NULL);
  g_assert_cmpstr (source, ==, "custom");
  g_assert_cmpstr (em_label_page_get_queue_title (page), ==, "Cluster 3 · 3 clips");
  g_assert_cmpuint (em_label_page_get_queue_length (page), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("EARMARK_SOURCE_ROOT"), "data", "demo", names[i], NULL);

      g_assert_cmpstr (em_label_page_get_current_path (page), ==, path);
      g_assert_cmpstr (em_player_get_file (em_label_page_get_player (page)), ==, path);
      press_key (page, keys[i], 0);
      g_assert_cmpint (label_of (fixture, path, 0), ==, labels[i]);
    }
  g_assert_true (em_label_page_is_empty (page));
  g_assert_cmpuint (n_labels (fixture), ==, 3);

  /* Back to the library's own queue: the other 27 unlabelled chunks. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "label.source", "s", "order"));
  g_assert_false (em_label_page_is_empty (page));
  g_assert_cmpuint (em_label_page_get_queue_length (page), ==, 27);
}

static void
wait_for_error (EmLabelPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (em_label_page_get_error_text (page) == NULL && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static char *
copy_demo_clip (const char *folder,
                const char *name)
{
  g_autofree char *src = g_build_filename (g_getenv ("EARMARK_SOURCE_ROOT"), "data", "demo", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *dst = g_build_filename (folder, name, NULL);
  gsize length;

  g_file_get_contents (src, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (dst, contents, (gssize) length, &error);
  g_assert_no_error (error);
  return dst;
}

/* Files that vanished after the scan, the first current on arrival and
 * the second prerolled as the next clip: the page names each file when
 * it is shown, never before, and still labels. */
static void
test_label_vanished_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("earmark-label-vanish-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "library.db", NULL);
  g_autofree char *clips = g_build_filename (dir, "clips", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  const char *folders[] = { clips, NULL };
  g_autoptr(EmLibrary) library = NULL;
  g_autoptr(EmScanSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  EmLabelPage *page = em_label_page_new_with_sink ("fakesink");
  EmStore *store;

  g_assert_cmpint (g_mkdir (clips, 0700), ==, 0);
  first = copy_demo_clip (clips, "clip-0001.mp3");
  second = copy_demo_clip (clips, "clip-0002.mp3");
  third = copy_demo_clip (clips, "clip-0003.mp3");
  library = em_library_open (db, &error);
  g_assert_no_error (error);
  summary = em_library_scan (library, folders, 10.0, 1, NULL, &error);
  g_assert_no_error (error);
  store = em_library_get_store (library);
  g_assert_cmpint (g_unlink (first), ==, 0);
  g_assert_cmpint (g_unlink (third), ==, 0);

  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  em_label_page_set_library (page, library);
  g_assert_cmpstr (em_label_page_get_current_path (page), ==, first);
  wait_for_error (page);
  g_assert_nonnull (strstr (em_label_page_get_error_text (page), "clip-0001.mp3"));
  press_key (page, GDK_KEY_d, 0);
  g_assert_cmpint (em_store_get_label (store, first, 0), ==, EM_LABEL_DIALOGUE);

  /* The second file is fine: no error once it has played a while, during
   * which the vanished third one was prerolled as the next clip. */
  g_assert_cmpstr (em_label_page_get_current_path (page), ==, second);
  g_assert_null (em_label_page_get_error_text (page));
  wait_until_playing (em_label_page_get_player (page));
  g_assert_null (em_label_page_get_error_text (page));
  press_key (page, GDK_KEY_m, 0);
  g_assert_cmpstr (em_label_page_get_current_path (page), ==, third);
  wait_for_error (page);
  g_assert_nonnull (strstr (em_label_page_get_error_text (page), "clip-0003.mp3"));
  press_key (page, GDK_KEY_b, 0);
  g_assert_cmpint (em_store_get_label (store, third, 0), ==, EM_LABEL_BOTH);
  g_assert_true (em_label_page_is_empty (page));

  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&library);
  g_unlink (second);
  g_rmdir (clips);
  g_unlink (db);
  g_rmdir (dir);
}

static void
wait_until_idle (EmLabelPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (em_label_page_is_busy (page) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_false (em_label_page_is_busy (page));
}

/* A small three-class model trained on the demo labels, made the
 * library's active model; then two chunks in three lose their label, so
 * that the model has unlabelled chunks to be unsure about. */
static void
train_demo_model (Fixture *fixture)
{
  EmStore *store = em_library_get_store (fixture->library);
  g_autofree char *csv = g_build_filename (g_getenv ("EARMARK_SOURCE_ROOT"), "data", "demo", "labels.csv", NULL);
  g_autofree double *x = NULL;
  g_autofree guint8 *y = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GArray) chunk_idx = NULL;
  g_autoptr(GArray) labels = NULL;
  g_autoptr(EmEnsemble) model = NULL;
  g_autoptr(GError) error = NULL;
  EmEnsembleParams params;
  gsize n = 0;

  em_store_import_labels (store, csv, NULL, &error);
  g_assert_no_error (error);
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
  params.rf_n_trees = 20;
  params.gb_n_rounds = 20;
  model = em_ensemble_train (x, n, EM_STORE_N_FEATURES, y, EM_ENSEMBLE_MODE_THREE_CLASS, &params,
                             EM_FEATURE_SET_VERSION, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (em_tagger_add_model (store, model, TRUE, NULL, &error), >, 0);
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i++)
    if (i % 3 != 0)
      {
        em_store_set_label (store, g_ptr_array_index (paths, i), g_array_index (chunk_idx, guint, i),
                            EM_LABEL_NONE, EM_LABEL_SOURCE_MANUAL, &error);
        g_assert_no_error (error);
      }
}

/* The order libearmark's active learning gives: the active model's soft
 * vote over every chunk, unlabelled ones by entropy, descending. */
static GPtrArray *
expected_uncertain_order (Fixture *fixture)
{
  EmStore *store = em_library_get_store (fixture->library);
  g_autoptr(EmModelRecord) record = NULL;
  g_autoptr(EmEnsemble) model = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GArray) chunk_idx = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *x = NULL;
  g_autofree double *proba = NULL;
  g_autofree guint8 *labelled = NULL;
  g_autofree gsize *rows = NULL;
  g_autofree double *scores = NULL;
  GPtrArray *order = g_ptr_array_new_with_free_func (g_free);
  gsize n = 0, m;
  guint k;

  record = em_store_load_model (store, 0, &error);
  g_assert_no_error (error);
  model = em_ensemble_from_json (record->json, -1, EM_FEATURE_SET_VERSION, &error);
  g_assert_no_error (error);
  k = em_ensemble_get_n_classes (model);
  em_store_load_features (store, EM_FEATURE_SET_VERSION, &x, &n, &paths, &chunk_idx, &error);
  g_assert_no_error (error);
  proba = g_new (double, n * k);
  em_ensemble_predict (model, x, n, proba, &error);
  g_assert_no_error (error);
  labelled = g_new0 (guint8, n);
  for (gsize i = 0; i < n; i++)
    labelled[i] = em_store_get_label (store, g_ptr_array_index (paths, i),
                                      g_array_index (chunk_idx, guint, i)) != EM_LABEL_NONE;
  rows = g_new (gsize, n);
  scores = g_new (double, n);
  m = em_active_learning_select (proba, NULL, NULL, n, k, labelled, NULL, EM_UNCERTAINTY_ENTROPY,
                                 n, rows, scores, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < m; i++)
    {
      if (i > 0)
        g_assert_cmpfloat (scores[i], <=, scores[i - 1]);
      g_ptr_array_add (order, g_strdup_printf ("%s#%u", (char *) g_ptr_array_index (paths, rows[i]),
                                               g_array_index (chunk_idx, guint, rows[i])));
    }
  return order;
}

/* "Most uncertain first": unavailable (and saying why) before a model
 * exists; with one, the queue is libearmark's ranking, and labels go on. */
static void
test_label_uncertain (Fixture       *fixture,
                      gconstpointer  data)
{
  EmLabelPage *page = fixture->page;
  g_autoptr(GPtrArray) expected = NULL;
  g_autofree char *source = NULL;
  g_autofree char *first = NULL;

  (void) data;
  em_label_page_set_library (page, fixture->library);
  wait_until_idle (page);
  g_assert_false (em_label_page_get_uncertain_available (page));
  /* Chosen anyway (by the action): it says why and stays in library order. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "label.source", "s", "uncertain"));
  wait_until_idle (page);
  g_object_get (page, "source", &source, NULL);
  g_assert_cmpstr (source, ==, "order");
  g_assert_nonnull (strstr (em_label_page_get_error_text (page), "no active model"));

  train_demo_model (fixture);
  expected = expected_uncertain_order (fixture);
  g_assert_cmpuint (expected->len, ==, 20);
  em_label_page_set_library (page, fixture->library);
  wait_until_idle (page);
  g_assert_true (em_label_page_get_uncertain_available (page));

  /* Cancelled while ranking: back to library order at once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "label.source", "s", "uncertain"));
  g_assert_true (em_label_page_is_busy (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "label.cancel-ranking", NULL));
  g_assert_false (em_label_page_is_busy (page));
  g_free (source);
  g_object_get (page, "source", &source, NULL);
  g_assert_cmpstr (source, ==, "order");
  g_assert_cmpuint (em_label_page_get_queue_length (page), ==, expected->len);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "label.source", "s", "uncertain"));
  g_assert_true (em_label_page_is_busy (page));
  wait_until_idle (page);
  g_assert_false (em_label_page_is_empty (page));
  g_assert_cmpuint (em_label_page_get_queue_length (page), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      const EmLabelQueueItem *item = em_label_page_get_queue_item (page, i);
      g_autofree char *key = g_strdup_printf ("%s#%u", item->path, item->idx);

      g_assert_cmpstr (key, ==, g_ptr_array_index (expected, i));
    }

  /* Labelling goes on as usual: the most uncertain chunk gets its label. */
  first = g_strdup (em_label_page_get_current_path (page));
  press_key (page, GDK_KEY_b, 0);
  g_assert_cmpint (label_of (fixture, first, em_label_page_get_queue_item (page, 0)->idx), ==, EM_LABEL_BOTH);
  g_assert_cmpstr (em_label_page_get_current_path (page), ==, em_label_page_get_queue_item (page, 1)->path);
}

/* Files that break after the queue was built: the playing clip's file is
 * cut short under the player (it ends early; replayed, it fails), and a
 * later clip's file is deleted.  Each error names its file; labelling goes
 * on, and the clip after a failed one plays. */
static void
test_label_fails_mid_play (void)
{
  g_autofree char *dir = g_dir_make_tmp ("earmark-label-midplay-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "library.db", NULL);
  g_autofree char *clips = g_build_filename (dir, "clips", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  const char *folders[] = { clips, NULL };
  g_autoptr(EmLibrary) library = NULL;
  g_autoptr(EmScanSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  EmLabelPage *page = em_label_page_new_with_sink ("fakesink");
  EmStore *store;

  g_assert_cmpint (g_mkdir (clips, 0700), ==, 0);
  first = copy_demo_clip (clips, "clip-0001.mp3");
  second = copy_demo_clip (clips, "clip-0002.mp3");
  third = copy_demo_clip (clips, "clip-0003.mp3");
  library = em_library_open (db, &error);
  g_assert_no_error (error);
  summary = em_library_scan (library, folders, 10.0, 1, NULL, &error);
  g_assert_no_error (error);
  store = em_library_get_store (library);

  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  em_label_page_set_library (page, library);
  g_assert_cmpstr (em_label_page_get_current_path (page), ==, first);
  wait_until_playing (em_label_page_get_player (page));
  g_assert_null (em_label_page_get_error_text (page));

  /* Cut short while playing, then replayed. */
  g_file_set_contents (first, "ID3", 3, &error);
  g_assert_no_error (error);
  press_key (page, GDK_KEY_r, 0);
  wait_for_error (page);
  g_assert_nonnull (strstr (em_label_page_get_error_text (page), "clip-0001.mp3"));
  g_assert_cmpint (g_unlink (third), ==, 0);
  press_key (page, GDK_KEY_d, 0);
  g_assert_cmpint (em_store_get_label (store, first, 0), ==, EM_LABEL_DIALOGUE);

  /* The next clip plays, without an error. */
  g_assert_cmpstr (em_label_page_get_current_path (page), ==, second);
  g_assert_null (em_label_page_get_error_text (page));
  wait_until_playing (em_label_page_get_player (page));
  g_assert_null (em_label_page_get_error_text (page));

  /* Deleted after the queue was built: named when it arrives. */
  press_key (page, GDK_KEY_m, 0);
  g_assert_cmpstr (em_label_page_get_current_path (page), ==, third);
  wait_for_error (page);
  g_assert_nonnull (strstr (em_label_page_get_error_text (page), "clip-0003.mp3"));
  press_key (page, GDK_KEY_b, 0);
  g_assert_cmpint (em_store_get_label (store, third, 0), ==, EM_LABEL_BOTH);

  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&library);
  g_unlink (first);
  g_unlink (second);
  g_rmdir (clips);
  g_unlink (db);
  g_rmdir (dir);
}

static guint
find_rate (GtkDropDown *dropdown,
           const char  *text)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0)
      return i;
  g_assert_not_reached ();
}

/* Speed and volume reach both players and "playback-rate"; the saved
 * speed is read by a new page; the label keys work with the focus on the
 * speed control; auto-advance and auto-play follow their keys. */
static void
test_label_playback_controls (Fixture       *fixture,
                              gconstpointer  data)
{
  EmLabelPage *page = fixture->page;
  EmLabelControls *controls = em_label_page_get_controls (page);
  GtkDropDown *rate = GTK_DROP_DOWN (em_label_controls_get_rate_widget (controls));
  GtkScaleButton *volume = GTK_SCALE_BUTTON (em_label_controls_get_volume_widget (controls));
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *path = NULL;
  EmLabelPage *other;
  GtkWidget *focus;
  guint n_plays;

  (void) data;
  em_label_page_set_library (page, fixture->library);
  wait_until_playing (em_label_page_get_player (page));
  g_assert_cmpfloat (em_player_get_rate (em_label_page_get_player (page)), ==, 1.0);

  gtk_drop_down_set_selected (rate, find_rate (rate, "1.5×"));
  g_assert_cmpfloat (em_player_get_rate (em_label_page_get_player (page)), ==, 1.5);
  g_assert_cmpfloat (g_settings_get_double (settings, "playback-rate"), ==, 1.5);
  gtk_scale_button_set_value (volume, 0.25);
  g_assert_cmpfloat_with_epsilon (em_player_get_volume (em_label_page_get_player (page)), 0.25, 1e-9);

  /* The keys with the focus on the speed control; the next clip's player
   * has the same speed and volume. */
  gtk_widget_grab_focus (GTK_WIDGET (rate));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == GTK_WIDGET (rate) || gtk_widget_is_ancestor (focus, GTK_WIDGET (rate)));
  path = g_strdup (em_label_page_get_current_path (page));
  press_key (page, GDK_KEY_m, 0);
  g_assert_cmpint (label_of (fixture, path, 0), ==, EM_LABEL_MUSIC);
  g_assert_cmpstr (em_label_page_get_current_path (page), !=, path);
  g_assert_cmpfloat (em_player_get_rate (em_label_page_get_player (page)), ==, 1.5);
  g_assert_cmpfloat_with_epsilon (em_player_get_volume (em_label_page_get_player (page)), 0.25, 1e-9);
  wait_until_playing (em_label_page_get_player (page));
  press_key (page, GDK_KEY_space, 0);
  wait_for_state (em_label_page_get_player (page), EM_PLAYER_STATE_PAUSED);
  press_key (page, GDK_KEY_space, 0);
  wait_until_playing (em_label_page_get_player (page));

  /* A speed set elsewhere (Preferences), not one of the presets. */
  g_settings_set_double (settings, "playback-rate", 0.8);
  g_assert_cmpfloat (em_label_controls_get_rate (controls), ==, 0.8);
  g_assert_cmpfloat (em_player_get_rate (em_label_page_get_player (page)), ==, 0.8);
  g_assert_cmpuint (gtk_drop_down_get_selected (rate), ==, find_rate (rate, "0.8×"));

  /* Read at start by a new page. */
  other = g_object_ref_sink (em_label_page_new_with_sink ("fakesink"));
  g_assert_cmpfloat (em_player_get_rate (em_label_page_get_player (other)), ==, 0.8);
  g_object_unref (other);

  /* Without auto-advance a label keeps the clip; → moves on. */
  g_settings_set_boolean (settings, "auto-advance", FALSE);
  g_free (path);
  path = g_strdup (em_label_page_get_current_path (page));
  press_key (page, GDK_KEY_d, 0);
  g_assert_cmpint (label_of (fixture, path, 0), ==, EM_LABEL_DIALOGUE);
  g_assert_cmpstr (em_label_page_get_current_path (page), ==, path);
  g_assert_cmpstr (em_label_page_get_counts_text (page), ==, "Music 1 · Dialogue 1 · Both 0");

  /* Without auto-play a clip waits for Space. */
  g_settings_set_boolean (settings, "auto-play", FALSE);
  n_plays = em_label_page_get_n_plays (page);
  press_key (page, GDK_KEY_Right, 0);
  g_assert_cmpstr (em_label_page_get_current_path (page), !=, path);
  g_assert_cmpuint (em_label_page_get_n_plays (page), ==, n_plays);
  g_assert_cmpint (em_player_get_state (em_label_page_get_player (page)), !=, EM_PLAYER_STATE_PLAYING);
  press_key (page, GDK_KEY_space, 0);
  g_assert_cmpuint (em_label_page_get_n_plays (page), ==, n_plays + 1);
  wait_until_playing (em_label_page_get_player (page));

  g_settings_reset (settings, "playback-rate");
  g_settings_reset (settings, "auto-advance");
  g_settings_reset (settings, "auto-play");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("earmark-label-data-XXXXXX", NULL);

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system MIME database. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/earmark/ui/label-page/keys-undo-redo", Fixture, NULL,
              fixture_set_up, test_label_keys_undo_redo, fixture_tear_down);
  g_test_add ("/earmark/ui/label-page/until-empty", Fixture, NULL,
              fixture_set_up, test_label_until_empty, fixture_tear_down);

  g_test_add ("/earmark/ui/label-page/queue-sources", Fixture, NULL,
              fixture_set_up, test_label_queue_sources, fixture_tear_down);
  g_test_add_func ("/earmark/ui/label-page/vanished-file", test_label_vanished_file);
  g_test_add ("/earmark/ui/label-page/set-queue", Fixture, NULL,
              fixture_set_up, test_label_set_queue, fixture_tear_down);
  g_test_add_func ("/earmark/ui/label-page/fails-mid-play", test_label_fails_mid_play);
  g_test_add ("/earmark/ui/label-page/playback-controls", Fixture, NULL,
              fixture_set_up, test_label_playback_controls, fixture_tear_down);
  g_test_add ("/earmark/ui/label-page/most-uncertain", Fixture, NULL,
              fixture_set_up, test_label_uncertain, fixture_tear_down);

  return g_test_run ();
}
