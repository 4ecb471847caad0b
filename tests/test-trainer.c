/* test-trainer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The training pipeline shared by earmark-cli train and the Train page,
 * and the learning curve: stratified nested subsets, points equal to
 * cross-validations run directly, a report equal to
 * em_cross_validation_run's for the same options, progress messages per
 * fold, the model saved and made active in a library, the labels still
 * missing per class, and a cancelled run that saves nothing.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "em-library.h"
#include "em-trainer.h"

#define D EM_STORE_N_FEATURES
#define N_ROWS 180

static double *synth_x;
static guint8 *synth_y;

/* The first N_ROWS rows of the shared synthetic corpus. */
static void
load_synth (void)
{
  g_autofree char *xpath = g_build_filename (g_getenv ("EARMARK_SHARED_DIR"), "fixtures", "algos", "synth30k.f64", NULL);
  g_autofree char *ypath = g_build_filename (g_getenv ("EARMARK_SHARED_DIR"), "fixtures", "algos", "synth30k.labels.u8", NULL);
  g_autofree char *x = NULL, *y = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_file_get_contents (xpath, &x, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >=, (gsize)N_ROWS * D * sizeof (double));
  g_file_get_contents (ypath, &y, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >=, N_ROWS);

  synth_x = g_memdup2 (x, (gsize)N_ROWS * D * sizeof (double));
  synth_y = g_memdup2 (y, N_ROWS);
}

static void
count_classes (const guint8 *y,
               const gsize  *rows,
               gsize         n,
               gsize        *counts)
{
  memset (counts, 0, 3 * sizeof (gsize));
  for (gsize i = 0; i < n; i++)
    counts[y[rows != NULL ? rows[i] : i]]++;
}

static void
test_subset (void)
{
  gsize rows_small[N_ROWS], rows_big[N_ROWS], all[3], small[3], big[3];
  gsize n_small, n_big, j = 0;

  count_classes (synth_y, NULL, N_ROWS, all);
  n_small = em_learning_curve_subset (synth_y, N_ROWS, 3, 0.2, 3, 11, rows_small);
  n_big = em_learning_curve_subset (synth_y, N_ROWS, 3, 0.6, 3, 11, rows_big);
  count_classes (synth_y, rows_small, n_small, small);
  count_classes (synth_y, rows_big, n_big, big);

  for (guint c = 0; c < 3; c++)
    {
      g_assert_cmpuint (small[c], ==, MAX ((gsize)ceil (0.2 * all[c] - 1e-9), MIN (3, all[c])));
      g_assert_cmpuint (big[c], ==, (gsize)ceil (0.6 * all[c] - 1e-9));
    }

  /* increasing rows, and the small subset nested in the big one */
  for (gsize i = 0; i < n_small; i++)
    {
      if (i > 0)
        g_assert_cmpuint (rows_small[i], >, rows_small[i - 1]);
      while (j < n_big && rows_big[j] < rows_small[i])
        j++;
      g_assert_cmpuint (j, <, n_big);
      g_assert_cmpuint (rows_big[j], ==, rows_small[i]);
    }

  g_assert_cmpuint (em_learning_curve_subset (synth_y, N_ROWS, 3, 1.0, 3, 11, rows_big), ==, N_ROWS);
}

static void
small_params (EmEnsembleParams *p)
{
  em_ensemble_params_init (p);
  p->rf_n_trees = 20;
  p->gb_n_rounds = 20;
  p->seed = 4;
}

static void
test_curve (void)
{
  EmEnsembleParams params;
  g_autoptr(EmLearningCurve) curve = NULL;
  g_autoptr(EmCrossValidation) full = NULL, first = NULL;
  g_autofree gsize *rows = g_new (gsize, N_ROWS);
  g_autofree double *x = g_new (double, (gsize)N_ROWS * D);
  g_autofree guint8 *y = g_new (guint8, N_ROWS);
  g_autoptr(GError) error = NULL;
  gsize m;

  small_params (&params);
  curve = em_learning_curve_run (synth_x, N_ROWS, D, synth_y, EM_ENSEMBLE_MODE_THREE_CLASS,
                                 &params, 3, 3, 21, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (curve->n_points, ==, 3);
  g_assert_cmpuint (curve->n_labels[2], ==, N_ROWS);
  g_assert_cmpuint (curve->n_labels[0], <, curve->n_labels[1]);
  g_assert_cmpuint (curve->n_labels[1], <, curve->n_labels[2]);

  /* the last point is the cross-validation of every row … */
  full = em_cross_validation_run (synth_x, N_ROWS, D, synth_y, EM_ENSEMBLE_MODE_THREE_CLASS,
                                  &params, 3, 21, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (curve->mean_accuracy[2], full->mean_accuracy, 1e-12);

  /* … and the first the cross-validation of the one-third subset */
  m = em_learning_curve_subset (synth_y, N_ROWS, 3, 1.0 / 3.0, 3, 21, rows);
  g_assert_cmpuint (m, ==, curve->n_labels[0]);
  for (gsize i = 0; i < m; i++)
    {
      memcpy (x + i * D, synth_x + rows[i] * D, D * sizeof (double));
      y[i] = synth_y[rows[i]];
    }
  first = em_cross_validation_run (x, m, D, y, EM_ENSEMBLE_MODE_THREE_CLASS, &params, 3, 21, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (curve->mean_accuracy[0], first->mean_accuracy, 1e-12);
  g_assert_cmpfloat (curve->std_accuracy[0], >=, 0.0);
}

static void
test_train_equals_cross_validation (void)
{
  EmTrainOptions options;
  EmEnsembleParams params;
  g_autoptr(EmTrainResult) result = NULL;
  g_autoptr(EmCrossValidation) cv = NULL;
  g_autofree EmSuspect *suspects = NULL;
  g_autofree char *text_a = NULL, *text_b = NULL;
  g_autoptr(GError) error = NULL;
  gsize n_suspects = 0;

  em_train_options_init (&options);
  options.folds = 3;
  options.seed = 8;
  options.rf_weight = 2.0;
  options.gb_weight = 1.0;
  options.curve_points = 2;
  result = em_trainer_train (synth_x, N_ROWS, synth_y, NULL, NULL, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result->model);
  g_assert_null (result->search);
  g_assert_cmpint (result->model_id, ==, 0);

  /* the same report as cross-validating directly with those options */
  em_ensemble_params_init (&params);
  params.seed = 8;
  params.rf_weight = 2.0;
  params.gb_weight = 1.0;
  cv = em_cross_validation_run (synth_x, N_ROWS, D, synth_y, EM_ENSEMBLE_MODE_THREE_CLASS,
                                &params, 3, 8, NULL, &error);
  g_assert_no_error (error);
  text_a = em_cross_validation_format (result->cv);
  text_b = em_cross_validation_format (cv);
  g_assert_cmpstr (text_a, ==, text_b);
  g_assert_cmpmem (result->cv->metrics->confusion, 9 * sizeof (gsize), cv->metrics->confusion, 9 * sizeof (gsize));

  suspects = em_cross_validation_list_suspects (cv, EM_TRAIN_DEFAULT_SUSPECT_THRESHOLD, &n_suspects);
  g_assert_cmpuint (result->n_suspects, ==, n_suspects);
  for (gsize i = 0; i < n_suspects; i++)
    {
      g_assert_cmpuint (result->suspects[i].row, ==, suspects[i].row);
      g_assert_cmpuint (result->suspects[i].label, ==, suspects[i].label);
      g_assert_cmpuint (result->suspects[i].predicted, ==, suspects[i].predicted);
      g_assert_cmpfloat (result->suspects[i].p_label, ==, suspects[i].p_label);
    }

  /* the model carries the report as its metrics, the curve ends at it */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_node_get_object (em_ensemble_get_metrics (result->model)), "mean_accuracy"),
                                  cv->mean_accuracy, 1e-12);
  g_assert_cmpuint (result->curve->n_points, ==, 2);
  g_assert_cmpuint (result->curve->n_labels[1], ==, N_ROWS);
  g_assert_cmpfloat_with_epsilon (result->curve->mean_accuracy[1], cv->mean_accuracy, 1e-12);
}

static void
test_binary_and_search (void)
{
  EmTrainOptions options;
  g_autoptr(EmTrainResult) result = NULL;
  g_autoptr(GError) error = NULL;

  em_train_options_init (&options);
  options.mode = EM_ENSEMBLE_MODE_BINARY;
  options.folds = 2;
  options.search_iterations = 2;
  options.curve_points = 0;
  result = em_trainer_train (synth_x, N_ROWS, synth_y, NULL, NULL, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result->search);
  g_assert_true (result->cv == result->search->best_cv);
  g_assert_cmpint (em_ensemble_get_mode (result->model), ==, EM_ENSEMBLE_MODE_BINARY);
  g_assert_cmpuint (result->cv->n_classes, ==, 2);
  g_assert_null (result->curve);
  for (gsize i = 0; i < N_ROWS; i++)
    g_assert_cmpuint (result->y[i], ==, synth_y[i] == EM_ML_CLASS_DIALOGUE ? EM_ML_BINARY_NO_MUSIC : EM_ML_BINARY_MUSIC);

  options.folds = 1;
  g_assert_null (em_trainer_train (synth_x, N_ROWS, synth_y, NULL, NULL, &options, NULL, &error));
  g_assert_error (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT);
}

static void
test_missing (void)
{
  EmTrainOptions options;
  guint labelled[EM_N_LABELS] = { 0, 5, 1, 3 };
  guint missing[EM_N_LABELS];

  em_train_options_init (&options);
  options.folds = 4;
  g_assert_cmpuint (em_train_options_min_per_class (&options), ==, 4);
  g_assert_cmpuint (em_trainer_count_missing (&options, labelled, missing), ==, 4);
  g_assert_cmpuint (missing[EM_LABEL_MUSIC], ==, 0);
  g_assert_cmpuint (missing[EM_LABEL_DIALOGUE], ==, 3);
  g_assert_cmpuint (missing[EM_LABEL_BOTH], ==, 1);

  /* binary: music and both count together as "contains music" */
  options.mode = EM_ENSEMBLE_MODE_BINARY;
  labelled[EM_LABEL_MUSIC] = 1;
  g_assert_cmpuint (em_trainer_count_missing (&options, labelled, missing), ==, 3);
  g_assert_cmpuint (missing[EM_LABEL_MUSIC], ==, 0);
  g_assert_cmpuint (missing[EM_LABEL_DIALOGUE], ==, 3);
  g_assert_cmpuint (missing[EM_LABEL_BOTH], ==, 0);

  options.folds = 0;
  g_assert_cmpuint (em_train_options_min_per_class (&options), ==, 2);
}

typedef struct
{
  char      *dir;
  EmLibrary *library;
} Demo;

static void
demo_open (Demo *demo)
{
  g_autofree char *folder = g_build_filename (g_getenv ("EARMARK_SOURCE_ROOT"), "data", "demo", NULL);
  g_autofree char *labels = g_build_filename (folder, "labels.csv", NULL);
  g_autofree char *db = NULL;
  const char *folders[] = { folder, NULL };
  g_autoptr(EmScanSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  demo->dir = g_dir_make_tmp ("earmark-trainer-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (demo->dir, "library.db", NULL);
  demo->library = em_library_open (db, &error);
  g_assert_no_error (error);
  summary = em_library_scan (demo->library, folders, 10.0, 2, NULL, &error);
  g_assert_no_error (error);
  em_store_import_labels (em_library_get_store (demo->library), labels, NULL, &error);
  g_assert_no_error (error);
}

static void
demo_close (Demo *demo)
{
  g_autofree char *db = g_build_filename (demo->dir, "library.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_clear_object (&demo->library);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (demo->dir);
  g_free (demo->dir);
}

typedef struct
{
  EmTrainResult *result;
  GError        *error;
  gboolean       done;
  GPtrArray     *messages;
} Waiter;

static void
on_message_cb (EmJob      *job,
               GParamSpec *pspec,
               Waiter     *waiter)
{
  g_ptr_array_add (waiter->messages, em_job_dup_message (job));
}

static void
trained_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = em_trainer_run_finish (EM_STORE (source), res, &waiter->error);
  waiter->done = TRUE;
}

/* Notifications are throttled, so which messages are seen depends on
 * timing; every one seen must say where the run is, in a known form. */
static void
assert_messages (GPtrArray *messages)
{
  g_assert_cmpuint (messages->len, >, 0);
  for (guint i = 0; i < messages->len; i++)
    {
      const char *m = g_ptr_array_index (messages, i);

      g_assert_true (g_regex_match_simple ("^(Loading the labelled chunks"
                                           "|Cross-validating: fold [1-3] of 3"
                                           "|Training the model on every label"
                                           "|Learning curve, [0-9]+ labels: fold [1-3] of 3)$",
                                           m, 0, 0));
    }
}

static void
test_run_store (void)
{
  Demo demo;
  EmStore *store;
  EmTrainOptions options;
  EmStoreCounts counts;
  g_autoptr(EmJob) job = em_job_new ("Training");
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { NULL, NULL, FALSE, g_ptr_array_new_with_free_func (g_free) };
  const EmModelRecord *record;

  demo_open (&demo);
  store = em_library_get_store (demo.library);
  em_store_get_counts (store, &counts, &error);
  g_assert_no_error (error);

  em_train_options_init (&options);
  options.folds = 3;
  options.seed = 3;
  options.curve_points = 3;
  g_signal_connect (job, "notify::message", G_CALLBACK (on_message_cb), &waiter);
  em_trainer_run_async (store, &options, job, trained_cb, &waiter);
  while (!waiter.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (waiter.error);

  g_assert_cmpuint (waiter.result->n, ==, counts.labelled_chunks[EM_LABEL_MUSIC] +
                    counts.labelled_chunks[EM_LABEL_DIALOGUE] + counts.labelled_chunks[EM_LABEL_BOTH]);
  g_assert_cmpuint (waiter.result->paths->len, ==, waiter.result->n);
  g_assert_cmpuint (waiter.result->chunk_idx->len, ==, waiter.result->n);
  g_assert_cmpuint (waiter.result->curve->n_points, >=, 2);
  g_assert_cmpint (waiter.result->model_id, >, 0);
  assert_messages (waiter.messages);
  g_assert_cmpfloat (em_job_get_fraction (job), ==, 1.0);

  models = em_store_list_models (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 1);
  record = g_ptr_array_index (models, 0);
  g_assert_cmpint (record->id, ==, waiter.result->model_id);
  g_assert_true (record->active);
  g_assert_cmpstr (record->mode, ==, "three-class");

  /* a cancelled run saves nothing */
  g_clear_pointer (&waiter.result, em_train_result_free);
  g_clear_pointer (&models, g_ptr_array_unref);
  g_clear_object (&job);
  job = em_job_new ("Training");
  em_job_cancel (job);
  options.seed = 4;
  g_assert_null (em_trainer_run (store, &options, job, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  models = em_store_list_models (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 1);

  g_ptr_array_unref (waiter.messages);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  demo_close (&demo);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  load_synth ();

  g_test_add_func ("/earmark/core/trainer/subset", test_subset);
  g_test_add_func ("/earmark/core/trainer/learning-curve", test_curve);
  g_test_add_func ("/earmark/core/trainer/train-equals-cross-validation", test_train_equals_cross_validation);
  g_test_add_func ("/earmark/core/trainer/binary-and-search", test_binary_and_search);
  g_test_add_func ("/earmark/core/trainer/missing", test_missing);
  g_test_add_func ("/earmark/core/trainer/run-store", test_run_store);

  status = g_test_run ();
  g_free (synth_x);
  g_free (synth_y);

  return status;
}
