/* test-train-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Train page in-process on the scanned demo library with its labels
 * imported: train.start runs the trainer with the page's options, and the
 * report the page shows (read back from its labels), the confusion
 * matrix's cells and the queue a cell sends are compared with
 * em_trainer_train() run directly on the same labels, options and seed;
 * the new model is stored and active; a cancelled run ends within a
 * second and stores nothing; the empty states say what is missing.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "em-features.h"
#include "em-label-queue.h"
#include "em-library.h"
#include "em-plot-export.h"
#include "pages/em-train-page.h"
#include "pages/em-train-report.h"

typedef struct
{
  char        *dir;
  EmLibrary   *library;
  GtkWindow   *window;
  EmTrainPage *page;
  GPtrArray   *queue;      /* EmLabelQueueItem copies of the last "queue" */
  char        *queue_title;
  GPtrArray   *toasts;
} Fixture;

static EmLabelQueueItem *
copy_item (const EmLabelQueueItem *item)
{
  EmLabelQueueItem *copy = g_memdup2 (item, sizeof *item);

  copy->path = g_strdup (item->path);
  return copy;
}

static void
on_queue_cb (EmPage     *page,
             GPtrArray  *items,
             const char *title,
             Fixture    *fixture)
{
  g_clear_pointer (&fixture->queue, g_ptr_array_unref);
  fixture->queue = g_ptr_array_new_with_free_func ((GDestroyNotify)em_label_queue_item_free);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (fixture->queue, copy_item (g_ptr_array_index (items, i)));
  g_free (fixture->queue_title);
  fixture->queue_title = g_strdup (title);
}

static void
on_toast_cb (EmPage     *page,
             const char *message,
             Fixture    *fixture)
{
  g_ptr_array_add (fixture->toasts, g_strdup (message));
}

static void
import_labels (Fixture *fixture)
{
  g_autofree char *labels = g_build_filename (g_getenv ("EARMARK_SOURCE_ROOT"), "data", "demo", "labels.csv", NULL);
  g_autoptr(GError) error = NULL;

  em_store_import_labels (em_library_get_store (fixture->library), labels, NULL, &error);
  g_assert_no_error (error);
}

/* The demo library is scanned once; every test gets a copy of that
 * database (scanning is the slow part under ASan). */
static char *template_dir;

static char *
scanned_template (void)
{
  g_autofree char *demo = g_build_filename (g_getenv ("EARMARK_SOURCE_ROOT"), "data", "demo", NULL);
  const char *folders[] = { demo, NULL };
  g_autoptr(EmLibrary) library = NULL;
  g_autoptr(EmScanSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  char *db;

  if (template_dir == NULL)
    {
      template_dir = g_dir_make_tmp ("earmark-train-template-XXXXXX", &error);
      g_assert_no_error (error);
    }
  db = g_build_filename (template_dir, "library.db", NULL);
  if (g_file_test (db, G_FILE_TEST_EXISTS))
    return db;

  library = em_library_open (db, &error);
  g_assert_no_error (error);
  summary = em_library_scan (library, folders, 10.0, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->n_failed, ==, 0);
  return db;   /* closing the library below checkpoints the WAL into it */
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *template = scanned_template ();
  g_autofree char *db = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (template);
  g_autoptr(GFile) to = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("earmark-train-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (fixture->dir, "library.db", NULL);
  to = g_file_new_for_path (db);
  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fixture->library = em_library_open (db, &error);
  g_assert_no_error (error);
  if (data == NULL)
    import_labels (fixture);

  fixture->toasts = g_ptr_array_new_with_free_func (g_free);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 700);
  fixture->page = em_train_page_new ();
  g_signal_connect (fixture->page, "queue", G_CALLBACK (on_queue_cb), fixture);
  g_signal_connect (fixture->page, "toast", G_CALLBACK (on_toast_cb), fixture);
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

  gtk_window_destroy (fixture->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->library);
  g_clear_pointer (&fixture->queue, g_ptr_array_unref);
  g_clear_pointer (&fixture->toasts, g_ptr_array_unref);
  g_free (fixture->queue_title);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static void
test_options (EmTrainOptions *options)
{
  em_train_options_init (options);
  options->folds = 3;
  options->search_iterations = 1;
  options->seed = 7;
  options->rf_weight = 1.5;
  options->gb_weight = 1.0;
  options->curve_points = 5;
}

/* Waits for the page's job to end; returns the seconds it took. */
static double
wait_for_job (EmTrainPage *page,
              double       timeout_s)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (gint64)(timeout_s * G_USEC_PER_SEC);

  while (em_train_page_get_job (page) != NULL && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_null (em_train_page_get_job (page));
  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

/* The trainer run directly on the store's labels, without saving. */
static EmTrainResult *
train_directly (Fixture              *fixture,
                const EmTrainOptions *options)
{
  g_autofree double *x = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GArray) chunk_idx = NULL, labels = NULL;
  g_autofree guint8 *y = NULL;
  g_autoptr(GError) error = NULL;
  EmTrainResult *result;
  gsize n = 0;

  em_store_load_labelled_features (em_library_get_store (fixture->library), EM_FEATURE_SET_VERSION,
                                   &x, &n, &paths, &chunk_idx, &labels, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 0);
  y = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    y[i] = g_array_index (labels, EmLabel, i) - EM_LABEL_MUSIC;   /* music 0, dialogue 1, both 2 */

  result = em_trainer_train (x, n, y, paths, chunk_idx, options, NULL, &error);
  g_assert_no_error (error);
  return result;
}

static void
assert_cell (EmTrainPage *page,
             guint        row,
             guint        column,
             const char  *expected)
{
  g_autofree char *text = em_train_page_dup_report_cell (page, row, column);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_report_row (EmTrainPage *page,
                   guint        row,
                   double       p,
                   double       r,
                   double       f,
                   gsize        support)
{
  g_autofree char *ps = p >= 0 ? g_strdup_printf ("%.2f", p) : g_strdup ("");
  g_autofree char *rs = r >= 0 ? g_strdup_printf ("%.2f", r) : g_strdup ("");
  g_autofree char *fs = g_strdup_printf ("%.2f", f);
  g_autofree char *ss = g_strdup_printf ("%" G_GSIZE_FORMAT, support);

  assert_cell (page, row, EM_TRAIN_REPORT_PRECISION, ps);
  assert_cell (page, row, EM_TRAIN_REPORT_RECALL, rs);
  assert_cell (page, row, EM_TRAIN_REPORT_F1, fs);
  assert_cell (page, row, EM_TRAIN_REPORT_SUPPORT, ss);
}

static void
assert_report (EmTrainPage     *page,
               const EmMetrics *m)
{
  guint k = m->n_classes;

  for (guint c = 0; c < k; c++)
    assert_report_row (page, c, m->precision[c], m->recall[c], m->f1[c], m->support[c]);
  assert_report_row (page, k + EM_TRAIN_REPORT_ACCURACY, -1, -1, m->accuracy, m->n);
  assert_report_row (page, k + EM_TRAIN_REPORT_MACRO_AVG, m->macro_precision, m->macro_recall, m->macro_f1, m->n);
  assert_report_row (page, k + EM_TRAIN_REPORT_WEIGHTED_AVG, m->weighted_precision, m->weighted_recall,
                     m->weighted_f1, m->n);
  g_assert_null (em_train_page_dup_report_cell (page, k + 3, 0));
}

/* Picks the cell with most clips off the diagonal (the diagonal's first
 * cell if the model made no mistake). */
static void
pick_cell (const EmMetrics *m,
           guint           *t,
           guint           *p)
{
  gsize best = 0;

  *t = *p = 0;
  for (guint i = 0; i < m->n_classes; i++)
    for (guint j = 0; j < m->n_classes; j++)
      if (i != j && m->confusion[i * m->n_classes + j] > best)
        {
          best = m->confusion[i * m->n_classes + j];
          *t = i;
          *p = j;
        }
}

static void
assert_cell_queue (Fixture             *fixture,
                   const EmTrainResult *expected,
                   guint                t,
                   guint                p)
{
  const EmCrossValidation *cv = expected->cv;
  g_autofree char *title = NULL;
  guint n = 0;

  g_clear_pointer (&fixture->queue, g_ptr_array_unref);
  em_confusion_matrix_activate_cell (em_train_page_get_confusion_matrix (fixture->page), t, p);
  g_assert_nonnull (fixture->queue);
  title = g_strdup_printf ("%s predicted as %s", em_train_report_class_name (cv->mode, t),
                           em_train_report_class_name (cv->mode, p));
  g_assert_cmpstr (fixture->queue_title, ==, title);

  /* exactly the clips labelled t and predicted p out of fold, in order */
  for (gsize i = 0; i < cv->n; i++)
    {
      const EmLabelQueueItem *item;

      if (cv->y[i] != t || em_metrics_argmax (cv->proba + i * cv->n_classes, cv->n_classes) != p)
        continue;
      g_assert_cmpuint (n, <, fixture->queue->len);
      item = g_ptr_array_index (fixture->queue, n++);
      g_assert_cmpstr (item->path, ==, g_ptr_array_index (expected->paths, i));
      g_assert_cmpuint (item->idx, ==, g_array_index (expected->chunk_idx, guint, i));
      g_assert_cmpfloat (item->end_s, >, item->start_s);
    }
  g_assert_cmpuint (n, ==, fixture->queue->len);
  g_assert_cmpuint (n, ==, cv->metrics->confusion[t * cv->n_classes + p]);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Layout happens on frame-clock ticks, which a loaded machine delays. */
static void
wait_for_allocation (GtkWidget *widget)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (30, on_timeout_cb, &timed_out);

  while (!timed_out && (gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
}

/* The plot saved as PNG has the widget's size. */
static void
assert_exports (Fixture   *fixture,
                GtkWidget *plot,
                const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  em_plot_export_to_file (plot, file, &error);
  g_assert_no_error (error);
  texture = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (plot));
  g_assert_cmpint (gdk_texture_get_height (texture), ==, gtk_widget_get_height (plot));
  g_unlink (path);
}

static void
test_train_report (Fixture       *fixture,
                   gconstpointer  data)
{
  EmTrainPage *page = fixture->page;
  EmTrainOptions options, shown;
  g_autoptr(EmTrainResult) expected = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  const EmTrainResult *result;
  const EmModelRecord *record;
  EmConfusionMatrix *matrix;
  g_autofree char *formatted = NULL, *formatted_expected = NULL;
  guint t, p;

  em_page_set_library (EM_PAGE (page), fixture->library);
  g_assert_cmpstr (em_train_page_get_state (page), ==, "main");
  test_options (&options);
  em_train_page_set_options (page, &options);
  em_train_page_get_options (page, &shown);
  g_assert_cmpuint (shown.folds, ==, 3);
  g_assert_cmpuint (shown.search_iterations, ==, 1);
  g_assert_cmpuint (shown.seed, ==, 7);
  g_assert_cmpuint (em_train_page_get_n_missing (page), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "train.start", NULL));
  g_assert_nonnull (em_train_page_get_job (page));
  /* generous: a loaded machine under ASan */
  wait_for_job (page, 200.0);
  result = em_train_page_get_result (page);
  g_assert_nonnull (result);

  /* the report the page shows is the trainer's for the same options */
  expected = train_directly (fixture, &options);
  formatted = em_cross_validation_format (result->cv);
  formatted_expected = em_cross_validation_format (expected->cv);
  g_assert_cmpstr (formatted, ==, formatted_expected);
  assert_report (page, expected->cv->metrics);

  matrix = em_train_page_get_confusion_matrix (page);
  g_assert_cmpuint (em_confusion_matrix_get_n_classes (matrix), ==, 3);
  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      g_assert_cmpuint (em_confusion_matrix_get_count (matrix, i, j), ==, expected->cv->metrics->confusion[i * 3 + j]);

  g_assert_cmpuint (em_learning_curve_plot_get_n_points (em_train_page_get_learning_curve (page)), ==,
                    expected->curve->n_points);
  g_assert_cmpuint (result->n_suspects, ==, expected->n_suspects);

  /* both plots export, once laid out */
  wait_for_allocation (GTK_WIDGET (matrix));
  wait_for_allocation (GTK_WIDGET (em_train_page_get_learning_curve (page)));
  assert_exports (fixture, GTK_WIDGET (matrix), "matrix.png");
  assert_exports (fixture, GTK_WIDGET (em_train_page_get_learning_curve (page)), "curve.png");

  pick_cell (expected->cv->metrics, &t, &p);
  assert_cell_queue (fixture, expected, t, p);
  assert_cell_queue (fixture, expected, 0, 0);

  /* the model is stored and active */
  models = em_store_list_models (em_library_get_store (fixture->library), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 1);
  record = g_ptr_array_index (models, 0);
  g_assert_cmpint (record->id, ==, result->model_id);
  g_assert_true (record->active);
}

static gboolean
is_active (EmStore *store,
           gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EmModelRecord) record = em_store_load_model (store, id, &error);

  g_assert_no_error (error);
  return record->active;
}

static void
test_activate_model (Fixture       *fixture,
                     gconstpointer  data)
{
  EmStore *store = em_library_get_store (fixture->library);
  EmTrainOptions options;
  g_autoptr(EmTrainResult) direct = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first, second;

  em_page_set_library (EM_PAGE (fixture->page), fixture->library);
  test_options (&options);
  options.search_iterations = 0;
  options.folds = 0;
  options.curve_points = 0;
  direct = em_trainer_run (store, &options, NULL, &error);
  g_assert_no_error (error);
  first = direct->model_id;
  options.mode = EM_ENSEMBLE_MODE_BINARY;
  g_clear_pointer (&direct, em_train_result_free);
  direct = em_trainer_run (store, &options, NULL, &error);
  g_assert_no_error (error);
  second = direct->model_id;
  g_assert_true (is_active (store, second));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "train.activate-model", "x", first));
  g_assert_true (is_active (store, first));
  g_assert_false (is_active (store, second));
}

static gboolean
press (EmConfusionMatrix *matrix,
       guint              keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (matrix));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  return handled;
}

static void
on_cell_activated_cb (EmConfusionMatrix *matrix,
                      guint              t,
                      guint              p,
                      guint             *cell)
{
  cell[0] = t;
  cell[1] = p;
  cell[2]++;
}

/* Arrow keys move the focused cell, Enter activates it; at an edge the
 * key is left to move the focus out of the widget. */
static void
test_matrix_keys (void)
{
  const gsize counts[] = { 5, 1, 0, 2, 9, 1, 0, 3, 4 };
  const char *names[] = { "Music", "Dialogue", "Both" };
  EmConfusionMatrix *matrix = EM_CONFUSION_MATRIX (g_object_ref_sink (em_confusion_matrix_new ()));
  guint cell[3] = { 0, 0, 0 }, t, p;

  em_confusion_matrix_set_data (matrix, counts, 3, names);
  g_signal_connect (matrix, "cell-activated", G_CALLBACK (on_cell_activated_cb), cell);
  g_assert_cmpuint (em_confusion_matrix_get_count (matrix, 1, 0), ==, 2);

  g_assert_false (press (matrix, GDK_KEY_Up));
  g_assert_false (press (matrix, GDK_KEY_Left));
  g_assert_true (press (matrix, GDK_KEY_Down));
  g_assert_true (press (matrix, GDK_KEY_Down));
  g_assert_true (press (matrix, GDK_KEY_Right));
  g_assert_false (press (matrix, GDK_KEY_Down));
  em_confusion_matrix_get_focus_cell (matrix, &t, &p);
  g_assert_cmpuint (t, ==, 2);
  g_assert_cmpuint (p, ==, 1);

  g_assert_true (press (matrix, GDK_KEY_Return));
  g_assert_cmpuint (cell[2], ==, 1);
  g_assert_cmpuint (cell[0], ==, 2);
  g_assert_cmpuint (cell[1], ==, 1);
  g_assert_true (press (matrix, GDK_KEY_space));
  g_assert_cmpuint (cell[2], ==, 2);

  g_object_unref (matrix);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  EmTrainPage *page = fixture->page;
  EmTrainOptions options;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  EmJob *job;

  em_page_set_library (EM_PAGE (page), fixture->library);
  test_options (&options);
  options.search_iterations = 20;
  em_train_page_set_options (page, &options);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "train.start", NULL));
  job = em_train_page_get_job (page);
  g_assert_nonnull (job);
  /* disabled while running: a second start does nothing */
  gtk_widget_activate_action (GTK_WIDGET (page), "train.start", NULL);
  g_assert_true (em_train_page_get_job (page) == job);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "train.cancel", NULL));
  g_assert_cmpfloat (wait_for_job (page, 1.0), <, 1.0);

  g_assert_null (em_train_page_get_result (page));
  g_assert_cmpuint (fixture->toasts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->toasts, 0), ==, "Training cancelled; no model was saved");
  models = em_store_list_models (em_library_get_store (fixture->library), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 0);
}

static void
test_empty_states (Fixture       *fixture,
                   gconstpointer  data)
{
  EmTrainPage *page = fixture->page;
  EmTrainOptions options;

  /* no library: open a folder */
  g_assert_cmpstr (em_train_page_get_state (page), ==, "no-library");
  gtk_widget_activate_action (GTK_WIDGET (page), "train.start", NULL);
  g_assert_null (em_train_page_get_job (page));

  /* no labels: every class needs one label per fold */
  em_page_set_library (EM_PAGE (page), fixture->library);
  test_options (&options);
  em_train_page_set_options (page, &options);
  g_assert_cmpstr (em_train_page_get_state (page), ==, "main");
  g_assert_cmpuint (em_train_page_get_n_missing (page), ==, 9);
  gtk_widget_activate_action (GTK_WIDGET (page), "train.start", NULL);
  g_assert_null (em_train_page_get_job (page));

  /* binary mode counts music and both together */
  options.mode = EM_ENSEMBLE_MODE_BINARY;
  em_train_page_set_options (page, &options);
  g_assert_cmpuint (em_train_page_get_n_missing (page), ==, 6);

  /* labelled: ready to train */
  import_labels (fixture);
  em_page_set_library (EM_PAGE (page), fixture->library);
  g_assert_cmpuint (em_train_page_get_n_missing (page), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/earmark/ui/train-page/report", Fixture, NULL, fixture_set_up, test_train_report, fixture_tear_down);
  g_test_add ("/earmark/ui/train-page/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/earmark/ui/train-page/activate-model", Fixture, NULL, fixture_set_up, test_activate_model,
              fixture_tear_down);
  g_test_add_func ("/earmark/ui/train-page/matrix-keys", test_matrix_keys);
  g_test_add ("/earmark/ui/train-page/empty-states", Fixture, "unlabelled", fixture_set_up, test_empty_states,
              fixture_tear_down);

  status = g_test_run ();

  if (template_dir != NULL)
    {
      g_autofree char *db = g_build_filename (template_dir, "library.db", NULL);
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (template_dir);
      g_free (template_dir);
    }

  return status;
}
