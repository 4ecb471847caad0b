/* em-trainer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The training pipeline shared by earmark-cli train and the Train page:
 * labelled features → cross-validation (or a randomized search) → the
 * model fitted on every row → report, possible label mistakes and the
 * learning curve → the model saved in the library and made active.
 *
 * Each stage runs on a child job whose progress is mapped into its share
 * of the caller's job with a message such as "fold 3 of 5", because the
 * ML kernels report only their own fraction.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "em-features.h"
#include "em-tagger.h"
#include "em-trainer.h"

/**
 * em_train_options_init:
 * @options: (out caller-allocates): options to fill
 *
 * Three-class, 5 folds, no search, the ensemble's default vote weights,
 * seed 0, a five-point learning curve, suspects below 0.2.
 */
void
em_train_options_init (EmTrainOptions *options)
{
  EmEnsembleParams params;

  g_return_if_fail (options != NULL);

  em_ensemble_params_init (&params);
  *options = (EmTrainOptions) {
    .mode = EM_ENSEMBLE_MODE_THREE_CLASS,
    .folds = EM_TRAIN_DEFAULT_FOLDS,
    .search_iterations = 0,
    .rf_weight = params.rf_weight,
    .gb_weight = params.gb_weight,
    .seed = 0,
    .curve_points = EM_LEARNING_CURVE_DEFAULT_POINTS,
    .suspect_threshold = EM_TRAIN_DEFAULT_SUSPECT_THRESHOLD,
  };
}

/**
 * em_train_options_min_per_class:
 * @options: training options
 *
 * Returns: labelled chunks every class needs: one per fold, and at least two
 */
guint
em_train_options_min_per_class (const EmTrainOptions *options)
{
  g_return_val_if_fail (options != NULL, 2);

  return MAX (options->folds, 2);
}

/**
 * em_trainer_count_missing:
 * @options: training options
 * @labelled: (array fixed-size=4): labelled chunks per #EmLabel (as
 *   #EmStoreCounts.labelled_chunks)
 * @missing: (out caller-allocates) (array fixed-size=4): labels still
 *   needed per #EmLabel; in binary mode the "contains music" class is
 *   counted under %EM_LABEL_MUSIC (music or both)
 *
 * Returns: the number of labels still needed before training can run
 */
guint
em_trainer_count_missing (const EmTrainOptions *options,
                          const guint          *labelled,
                          guint                *missing)
{
  guint need = em_train_options_min_per_class (options);
  guint total = 0;

  memset (missing, 0, EM_N_LABELS * sizeof (guint));
  if (options->mode == EM_ENSEMBLE_MODE_BINARY)
    {
      guint music = labelled[EM_LABEL_MUSIC] + labelled[EM_LABEL_BOTH];

      missing[EM_LABEL_MUSIC] = music < need ? need - music : 0;
      missing[EM_LABEL_DIALOGUE] = labelled[EM_LABEL_DIALOGUE] < need ? need - labelled[EM_LABEL_DIALOGUE] : 0;
    }
  else
    for (guint l = EM_LABEL_MUSIC; l < EM_N_LABELS; l++)
      missing[l] = labelled[l] < need ? need - labelled[l] : 0;

  for (guint l = 0; l < EM_N_LABELS; l++)
    total += missing[l];

  return total;
}

void
em_train_result_free (EmTrainResult *result)
{
  if (result == NULL)
    return;

  g_free (result->y);
  g_clear_pointer (&result->paths, g_ptr_array_unref);
  g_clear_pointer (&result->chunk_idx, g_array_unref);
  if (result->search != NULL)
    em_param_search_free (result->search);
  else
    g_clear_pointer (&result->cv, em_cross_validation_free);
  g_clear_pointer (&result->model, em_ensemble_unref);
  g_free (result->suspects);
  g_clear_pointer (&result->curve, em_learning_curve_free);
  g_free (result);
}

/* ---- Stages: a child job per step, its progress mapped into the caller's job */

typedef enum
{
  STAGE_FOLDS,
  STAGE_SEARCH,
  STAGE_FIT,
  STAGE_CURVE,
} StageKind;

typedef struct
{
  gint       ref_count;
  gint       closed;
  EmJob     *parent;
  EmJob     *child;      /* not a reference: the child owns the stage */
  StageKind  kind;
  double     lo, hi;
  guint      units;      /* folds, or fits of the search */
  gsize      n_labels;   /* learning-curve point */
  gulong     cancel_id;
} Stage;

static void
stage_unref (gpointer data)
{
  Stage *stage = data;

  if (!g_atomic_int_dec_and_test (&stage->ref_count))
    return;
  g_clear_object (&stage->parent);
  g_free (stage);
}

static void
stage_closure_notify (gpointer  data,
                      GClosure *closure)
{
  stage_unref (data);
}

static char *
stage_message (const Stage *stage,
               double       fraction)
{
  guint unit = MIN (stage->units, (guint)(fraction * stage->units) + 1);

  switch (stage->kind)
    {
    case STAGE_FOLDS:
      return g_strdup_printf (_("Cross-validating: fold %u of %u"), unit, stage->units);
    case STAGE_SEARCH:
      return g_strdup_printf (_("Searching parameters: fit %u of %u"), unit, stage->units);
    case STAGE_FIT:
      return g_strdup (_("Training the model on every label"));
    case STAGE_CURVE:
      return g_strdup_printf (_("Learning curve, %" G_GSIZE_FORMAT " labels: fold %u of %u"),
                              stage->n_labels, unit, stage->units);
    default:
      g_assert_not_reached ();
    }
}

/* Runs on the main context, where EmJob emits its notifications. */
static void
on_stage_progress_cb (EmJob      *child,
                      GParamSpec *pspec,
                      gpointer    user_data)
{
  Stage *stage = user_data;
  double fraction = em_job_get_fraction (child);
  g_autofree char *message = NULL;

  if (g_atomic_int_get (&stage->closed))
    return;

  message = stage_message (stage, fraction);
  em_job_update (stage->parent, stage->lo + (stage->hi - stage->lo) * fraction, message);
}

static void
on_parent_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  em_job_cancel (EM_JOB (user_data));
}

static Stage *
stage_begin (EmJob     *parent,
             StageKind  kind,
             double     lo,
             double     hi,
             guint      units)
{
  Stage *stage;
  g_autofree char *message = NULL;

  if (parent == NULL)
    return NULL;

  stage = g_new0 (Stage, 1);
  stage->ref_count = 1;
  stage->parent = g_object_ref (parent);
  stage->child = em_job_new (em_job_get_title (parent));
  stage->kind = kind;
  stage->lo = lo;
  stage->hi = hi;
  stage->units = MAX (units, 1);

  g_atomic_int_inc (&stage->ref_count);
  g_signal_connect_data (stage->child, "notify::fraction", G_CALLBACK (on_stage_progress_cb),
                         stage, stage_closure_notify, 0);
  stage->cancel_id = g_cancellable_connect (em_job_get_cancellable (parent),
                                            G_CALLBACK (on_parent_cancelled_cb),
                                            g_object_ref (stage->child), g_object_unref);
  message = stage_message (stage, 0.0);
  em_job_update (parent, lo, message);

  return stage;
}

static EmJob *
stage_job (Stage *stage)
{
  return stage != NULL ? stage->child : NULL;
}

static void
stage_end (Stage *stage)
{
  EmJob *child;

  if (stage == NULL)
    return;

  g_atomic_int_set (&stage->closed, 1);
  g_cancellable_disconnect (em_job_get_cancellable (stage->parent), stage->cancel_id);
  em_job_update (stage->parent, stage->hi, NULL);
  child = stage->child;
  stage_unref (stage);
  g_object_unref (child);
}

/* ---- The pipeline */

/* With SOURCE_DATE_EPOCH set (the reproducible-builds convention) the
 * model's training date is that time, so that the same labels and seed
 * give a byte-identical model file. */
static gboolean
pin_training_date (EmEnsemble **model,
                   GError     **error)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *json = NULL;
  g_autofree char *pinned = NULL;
  g_autofree char *date = NULL;
  guint64 seconds = 0;
  EmEnsemble *reloaded;

  if (epoch == NULL || !g_ascii_string_to_unsigned (epoch, 10, 0, G_MAXINT64, &seconds, NULL) ||
      !(when = g_date_time_new_from_unix_utc ((gint64)seconds)))
    return TRUE;

  if (!(json = em_ensemble_to_json (*model, NULL, error)) ||
      !json_parser_load_from_data (parser, json, -1, error))
    return FALSE;

  date = g_date_time_format_iso8601 (when);
  json_object_set_string_member (json_node_get_object (json_parser_get_root (parser)), "trained_at", date);
  json_generator_set_root (generator, json_parser_get_root (parser));
  pinned = json_generator_to_data (generator, NULL);
  if (!(reloaded = em_ensemble_from_json (pinned, -1, EM_FEATURE_SET_VERSION, error)))
    return FALSE;

  em_ensemble_unref (*model);
  *model = reloaded;
  return TRUE;
}

/* The model document names its columns as features.md does. */
static gboolean
name_features (EmEnsemble  *model,
               GError     **error)
{
  const char *names[EM_FEATURE_COUNT + 1];

  for (guint i = 0; i < EM_FEATURE_COUNT; i++)
    names[i] = em_feature_name (i);
  names[EM_FEATURE_COUNT] = NULL;

  return em_ensemble_set_feature_names (model, names, error);
}

/* Shares of the job: every fit counts one, a learning-curve fit about
 * half (its subsets are smaller on average). */
typedef struct
{
  double cv_end;
  double fit_end;
} Plan;

static Plan
plan_stages (const EmTrainOptions *o)
{
  double cv = o->search_iterations > 0 ? (double)o->search_iterations * o->folds + 1 : o->folds;
  double fit = o->search_iterations > 0 ? 0.0 : 1.0;
  double curve = o->folds >= 2 && o->curve_points > 1 ? 0.5 * (o->curve_points - 1) * o->folds : 0.0;
  double total = MAX (cv + fit + curve, 1.0);

  return (Plan) { cv / total, (cv + fit) / total };
}

static gboolean
run_search (EmTrainResult         *r,
            const double          *x,
            const EmEnsembleParams *params,
            const EmTrainOptions  *o,
            EmJob                 *job,
            double                 end,
            GError               **error)
{
  EmParamSearchSpace space;
  Stage *stage = stage_begin (job, STAGE_SEARCH, 0.0, end, o->search_iterations * o->folds);

  em_param_search_space_init (&space);
  r->search = em_param_search_run (x, r->n, EM_STORE_N_FEATURES, r->y, r->mode, params, &space,
                                   o->search_iterations, o->folds, o->seed,
                                   EM_PARAM_SEARCH_ACCURACY, EM_FEATURE_SET_VERSION,
                                   stage_job (stage), error);
  stage_end (stage);
  if (r->search == NULL)
    return FALSE;

  r->cv = r->search->best_cv;
  r->model = em_ensemble_ref (r->search->model);
  return TRUE;
}

static gboolean
run_cv_and_fit (EmTrainResult          *r,
                const double           *x,
                const EmEnsembleParams *params,
                const EmTrainOptions   *o,
                EmJob                  *job,
                Plan                    plan,
                GError                **error)
{
  Stage *stage;

  if (o->folds >= 2)
    {
      stage = stage_begin (job, STAGE_FOLDS, 0.0, plan.cv_end, o->folds);
      r->cv = em_cross_validation_run (x, r->n, EM_STORE_N_FEATURES, r->y, r->mode, params,
                                       o->folds, o->seed, stage_job (stage), error);
      stage_end (stage);
      if (r->cv == NULL)
        return FALSE;
    }

  stage = stage_begin (job, STAGE_FIT, plan.cv_end, plan.fit_end, 1);
  r->model = em_ensemble_train (x, r->n, EM_STORE_N_FEATURES, r->y, r->mode, params,
                                EM_FEATURE_SET_VERSION, stage_job (stage), error);
  stage_end (stage);
  if (r->model == NULL)
    return FALSE;

  if (r->cv != NULL)
    {
      g_autoptr(JsonNode) metrics = em_cross_validation_to_json (r->cv);
      em_ensemble_set_metrics (r->model, metrics);
    }

  return TRUE;
}

static gboolean
run_curve (EmTrainResult          *r,
           const double           *x,
           const EmEnsembleParams *params,
           const EmTrainOptions   *o,
           EmJob                  *job,
           double                  start,
           GError                **error)
{
  g_autoptr(EmLearningCurve) curve = em_learning_curve_new (o->folds, o->seed);
  g_autofree gsize *rows = g_new (gsize, MAX (r->n, 1));
  guint n_classes = em_ensemble_mode_get_n_classes (r->mode);
  double step = (1.0 - start) / MAX (o->curve_points - 1, 1);

  for (guint p = 1; p <= o->curve_points; p++)
    {
      double fraction = (double)p / o->curve_points;
      double lo = start + step * (p - 1);
      Stage *stage;
      gboolean ok;

      stage = stage_begin (job, STAGE_CURVE, lo, p == o->curve_points ? 1.0 : lo + step, o->folds);
      if (stage != NULL)
        stage->n_labels = em_learning_curve_subset (r->y, r->n, n_classes, fraction, o->folds,
                                                    o->seed, rows);
      ok = em_learning_curve_add_point (curve, x, r->n, EM_STORE_N_FEATURES, r->y, r->mode,
                                        params, fraction, r->cv, stage_job (stage), error);
      stage_end (stage);
      if (!ok)
        return FALSE;
    }

  r->curve = g_steal_pointer (&curve);
  return TRUE;
}

static gboolean
check_options (const EmTrainOptions  *o,
               GError               **error)
{
  if (o->folds == 1 || (o->search_iterations > 0 && o->folds < 2) ||
      !(o->rf_weight >= 0.0 && o->gb_weight >= 0.0 && o->rf_weight + o->gb_weight > 0.0))
    {
      g_set_error_literal (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                           _("Training needs 0 or at least 2 folds (at least 2 with a parameter search) and vote weights that are not both zero"));
      return FALSE;
    }

  return TRUE;
}

/**
 * em_trainer_train:
 * @x: (array): n × %EM_STORE_N_FEATURES features, row-major
 * @n: labelled rows
 * @labels: (array length=n): three-class label per row (music 0,
 *   dialogue 1, both 2); mapped to the binary classes in binary mode
 * @paths: (element-type filename) (nullable): file of each row, kept in
 *   the result
 * @chunk_idx: (element-type guint) (nullable): chunk of each row, kept
 * @options: (nullable): options, %NULL for the defaults
 * @job: (nullable): progress ("fold 3 of 5") and cancellation
 * @error: return location for a #GError
 *
 * Cross-validates (or searches), fits the model on every row, lists the
 * possible label mistakes and computes the learning curve.  Blocks; the
 * same inputs and seed give the same result.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 *   (%G_IO_ERROR_CANCELLED when cancelled)
 */
EmTrainResult *
em_trainer_train (const double          *x,
                  gsize                  n,
                  const guint8          *labels,
                  GPtrArray             *paths,
                  GArray                *chunk_idx,
                  const EmTrainOptions  *options,
                  EmJob                 *job,
                  GError               **error)
{
  g_autoptr(EmTrainResult) r = g_new0 (EmTrainResult, 1);
  EmTrainOptions defaults;
  EmEnsembleParams params;
  Plan plan;

  g_return_val_if_fail (x != NULL && labels != NULL, NULL);

  if (options == NULL)
    {
      em_train_options_init (&defaults);
      options = &defaults;
    }
  if (!check_options (options, error))
    return NULL;

  r->mode = options->mode;
  r->n = n;
  r->y = g_new0 (guint8, MAX (n, 1));
  if (r->mode == EM_ENSEMBLE_MODE_BINARY)
    em_ml_labels_to_binary (labels, n, r->y);
  else
    memcpy (r->y, labels, n);
  r->paths = paths != NULL ? g_ptr_array_ref (paths) : NULL;
  r->chunk_idx = chunk_idx != NULL ? g_array_ref (chunk_idx) : NULL;

  em_ensemble_params_init (&params);
  params.seed = options->seed;
  params.rf_weight = options->rf_weight;
  params.gb_weight = options->gb_weight;
  plan = plan_stages (options);

  if (options->search_iterations > 0 ? !run_search (r, x, &params, options, job, plan.fit_end, error)
                                     : !run_cv_and_fit (r, x, &params, options, job, plan, error))
    return NULL;
  if (!name_features (r->model, error) || !pin_training_date (&r->model, error))
    return NULL;

  if (r->cv != NULL)
    r->suspects = em_cross_validation_list_suspects (r->cv, options->suspect_threshold, &r->n_suspects);

  if (r->cv != NULL && options->curve_points > 0 &&
      !run_curve (r, x, r->search != NULL ? &r->search->candidates[r->search->best] : &params,
                  options, job, plan.fit_end, error))
    return NULL;

  return g_steal_pointer (&r);
}

static gboolean
class_of_label (EmLabel  label,
                guint8  *klass)
{
  switch (label)
    {
    case EM_LABEL_MUSIC:
      *klass = EM_ML_CLASS_MUSIC;
      return TRUE;
    case EM_LABEL_DIALOGUE:
      *klass = EM_ML_CLASS_DIALOGUE;
      return TRUE;
    case EM_LABEL_BOTH:
      *klass = EM_ML_CLASS_BOTH;
      return TRUE;
    case EM_LABEL_NONE:
    default:
      return FALSE;
    }
}

/**
 * em_trainer_run:
 * @store: a library store
 * @options: (nullable): options, %NULL for the defaults
 * @job: (nullable): progress and cancellation
 * @error: return location for a #GError
 *
 * Trains on the store's labelled chunks (em_trainer_train()), then saves
 * the model in the store as its active model.  A cancelled run saves
 * nothing.  Blocks: call it from a worker thread, or use
 * em_trainer_run_async().
 *
 * Returns: (transfer full): the result with @model_id, @paths and
 *   @chunk_idx set, or %NULL with @error set
 */
EmTrainResult *
em_trainer_run (EmStore               *store,
                const EmTrainOptions  *options,
                EmJob                 *job,
                GError               **error)
{
  g_autofree double *x = NULL;
  g_autofree guint8 *y = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GArray) chunk_idx = NULL;
  g_autoptr(GArray) labels = NULL;
  g_autoptr(EmTrainResult) result = NULL;
  gsize n = 0;

  g_return_val_if_fail (EM_IS_STORE (store), NULL);

  em_job_update (job, 0.0, _("Loading the labelled chunks"));
  if (!em_store_load_labelled_features (store, EM_FEATURE_SET_VERSION, &x, &n, &paths,
                                        &chunk_idx, &labels, error))
    return NULL;
  if (n == 0)
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_NOT_FOUND,
                   _("Library “%s” has no labelled chunks: import labels (earmark-cli labels import) or label chunks in Earmark first"),
                   em_store_get_path (store));
      return NULL;
    }

  y = g_new0 (guint8, n);
  for (gsize i = 0; i < n; i++)
    class_of_label (g_array_index (labels, EmLabel, i), &y[i]);

  if (!(result = em_trainer_train (x, n, y, paths, chunk_idx, options, job, error)))
    return NULL;

  if ((job != NULL && g_cancellable_set_error_if_cancelled (em_job_get_cancellable (job), error)) ||
      !(result->model_id = em_tagger_add_model (store, result->model, TRUE, NULL, error)))
    return NULL;

  return g_steal_pointer (&result);
}

typedef struct
{
  EmTrainOptions  options;
  EmJob          *job;
} TrainTaskData;

static void
train_task_data_free (gpointer data)
{
  TrainTaskData *task_data = data;

  g_clear_object (&task_data->job);
  g_free (task_data);
}

static void
train_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TrainTaskData *data = task_data;
  EmTrainResult *result;
  GError *error = NULL;

  result = em_trainer_run (source_object, &data->options, data->job, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify)em_train_result_free);
}

/**
 * em_trainer_run_async:
 * @store: a library store
 * @options: (nullable): options, %NULL for the defaults
 * @job: progress and cancellation
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Runs em_trainer_run() on a worker thread; cancel it through @job.
 */
void
em_trainer_run_async (EmStore               *store,
                      const EmTrainOptions  *options,
                      EmJob                 *job,
                      GAsyncReadyCallback    callback,
                      gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  TrainTaskData *data;

  g_return_if_fail (EM_IS_STORE (store));
  g_return_if_fail (EM_IS_JOB (job));

  data = g_new0 (TrainTaskData, 1);
  if (options != NULL)
    data->options = *options;
  else
    em_train_options_init (&data->options);
  data->job = g_object_ref (job);

  task = g_task_new (store, em_job_get_cancellable (job), callback, user_data);
  g_task_set_source_tag (task, em_trainer_run_async);
  g_task_set_task_data (task, data, train_task_data_free);
  g_task_run_in_thread (task, train_thread);
}

/**
 * em_trainer_run_finish:
 * @store: the store given to em_trainer_run_async()
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
EmTrainResult *
em_trainer_run_finish (EmStore       *store,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (EM_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
