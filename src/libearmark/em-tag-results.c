/* em-tag-results.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a tagging run leaves behind, read back for people: the model's
 * chunk predictions with their times, the track-level outro verdicts and
 * the counts per class, and the exports made from them.  The Tag page and
 * `earmark-cli export` both go through here, so the window writes the
 * very files the CLI writes.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "em-features.h"
#include "em-tag-results.h"
#include "em-tagger.h"

/**
 * em_tag_load_model:
 * @store: a library store
 * @model_id: a model id, or 0 for the library's active model
 * @record: (out) (optional) (transfer full): the model's row
 * @error: return location for a #GError
 *
 * Reads a stored model back into an ensemble of this build's feature set.
 *
 * Returns: (transfer full) (nullable): the model; %NULL with @error unset
 *   when the library has no such model (no active model yet), %NULL with
 *   @error set when it cannot be read
 */
EmEnsemble *
em_tag_load_model (EmStore        *store,
                   gint64          model_id,
                   EmModelRecord **record,
                   GError        **error)
{
  g_autoptr(EmModelRecord) row = NULL;
  EmEnsemble *model;

  g_return_val_if_fail (EM_IS_STORE (store), NULL);

  if (record != NULL)
    *record = NULL;
  if (!(row = em_store_load_model (store, model_id, error)))
    return NULL;

  if (!(model = em_ensemble_from_json (row->json, -1, EM_FEATURE_SET_VERSION, error)))
    {
      g_prefix_error (error, _("model %" G_GINT64_FORMAT " of the library: "), row->id);
      return NULL;
    }

  if (record != NULL)
    *record = g_steal_pointer (&row);

  return model;
}

static void
tag_results_clear (gpointer data)
{
  EmTagResults *self = data;

  g_clear_pointer (&self->model, em_model_record_free);
  g_clear_pointer (&self->predictions, g_ptr_array_unref);
  g_clear_pointer (&self->outros, g_ptr_array_unref);
}

EmTagResults *
em_tag_results_ref (EmTagResults *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
em_tag_results_unref (EmTagResults *self)
{
  g_atomic_rc_box_release_full (self, tag_results_clear);
}

/**
 * em_tag_results_load:
 * @store: a library store
 * @model_id: a model id, or 0 for the library's active model
 * @outro_chunks: how many final chunks decide "has outro music" (≥ 1)
 * @error: return location for a #GError
 *
 * Reads the model's predictions (one query) and computes the track
 * verdicts and the counts per class.  Blocks: see
 * em_tag_results_load_async().
 *
 * Returns: (transfer full) (nullable): the results (empty lists when the
 *   model has not tagged anything yet); %NULL with @error unset when the
 *   library has no such model, %NULL with @error set on failure
 */
EmTagResults *
em_tag_results_load (EmStore  *store,
                     gint64    model_id,
                     guint     outro_chunks,
                     GError  **error)
{
  g_autoptr(EmTagResults) self = NULL;
  g_autoptr(EmModelRecord) model = NULL;
  g_autoptr(GHashTable) durations = NULL;

  g_return_val_if_fail (EM_IS_STORE (store), NULL);
  g_return_val_if_fail (outro_chunks >= 1, NULL);

  if (!(model = em_store_load_model (store, model_id, error)))
    return NULL;

  self = g_atomic_rc_box_new0 (EmTagResults);
  self->outro_chunks = outro_chunks;
  if (!em_ensemble_mode_from_string (model->mode, &self->mode))
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_INVALID,
                   _("Model %" G_GINT64_FORMAT " of the library has an unknown mode “%s”"),
                   model->id, model->mode);
      return NULL;
    }
  self->model = g_steal_pointer (&model);

  if (!(self->predictions = em_store_load_chunk_predictions (store, self->model->id, &durations, error)) ||
      !(self->outros = em_tagger_compute_outros (self->predictions, durations, self->mode,
                                                 outro_chunks, error)))
    return NULL;

  for (guint i = 0; i < self->predictions->len; i++)
    self->n_per_label[((EmChunkPrediction *)g_ptr_array_index (self->predictions, i))->label]++;
  for (guint i = 0; i < self->outros->len; i++)
    if (((EmTrackOutro *)g_ptr_array_index (self->outros, i))->has_outro_music)
      self->n_tracks_outro++;

  return g_steal_pointer (&self);
}

typedef struct
{
  gint64 model_id;
  guint  outro_chunks;
} LoadData;

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  EmTagResults *results;
  GError *error = NULL;

  results = em_tag_results_load (source_object, data->model_id, data->outro_chunks, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, results, (GDestroyNotify)em_tag_results_unref);
  else
    g_clear_pointer (&results, em_tag_results_unref);
}

/**
 * em_tag_results_load_async:
 * @store: a library store
 * @model_id: a model id, or 0 for the active model
 * @outro_chunks: see em_tag_results_load()
 * @cancellable: (nullable): drops the result when cancelled
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * Runs em_tag_results_load() on a worker thread.
 */
void
em_tag_results_load_async (EmStore             *store,
                           gint64               model_id,
                           guint                outro_chunks,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (EM_IS_STORE (store));
  g_return_if_fail (outro_chunks >= 1);

  data = g_new0 (LoadData, 1);
  *data = (LoadData) { model_id, outro_chunks };
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, em_tag_results_load_async);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * em_tag_results_load_finish:
 *
 * Returns: (transfer full) (nullable): as em_tag_results_load()
 */
EmTagResults *
em_tag_results_load_finish (EmStore       *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * em_tag_results_export:
 * @self: loaded results
 * @options: which files to write
 * @error: return location for a #GError
 *
 * Writes the playlists (music.m3u, dialogue.m3u, both.m3u for three-class
 * models, outro-music.m3u), the CSV and the JSON that @options name, with
 * em_prediction_export_playlists(), em_prediction_export_csv() and
 * em_prediction_export_json().
 *
 * Returns: %TRUE when every file was written
 */
gboolean
em_tag_results_export (EmTagResults              *self,
                       const EmTagExportOptions  *options,
                       GError                   **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  if (options->playlists != NULL &&
      !em_prediction_export_playlists (self->predictions, self->outros,
                                       self->mode == EM_ENSEMBLE_MODE_BINARY,
                                       options->playlists, options->relative, error))
    return FALSE;

  if (options->csv != NULL &&
      !em_prediction_export_csv (self->predictions, self->outros, options->csv, error))
    return FALSE;

  return options->json == NULL ||
         em_prediction_export_json (self->predictions, self->outros, self->model->id,
                                    self->model->mode, options->json, error);
}

typedef struct
{
  EmTagResults *results;
  char         *playlists;
  gboolean      relative;
  char         *csv;
  char         *json;
  EmJob        *job;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *export = data;

  g_clear_pointer (&export->results, em_tag_results_unref);
  g_free (export->playlists);
  g_free (export->csv);
  g_free (export->json);
  g_clear_object (&export->job);
  g_free (export);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  EmTagExportOptions options = { data->playlists, data->relative, data->csv, data->json };
  GError *error = NULL;

  em_job_update (data->job, 0.0, _("Writing the exports…"));
  if (!em_tag_results_export (data->results, &options, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * em_tag_results_export_async:
 * @self: loaded results
 * @options: which files to write (copied)
 * @job: shows the export in progress
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * Runs em_tag_results_export() on a worker thread.  Each file is written
 * whole, so there is nothing to cancel half-way.
 */
void
em_tag_results_export_async (EmTagResults              *self,
                             const EmTagExportOptions  *options,
                             EmJob                     *job,
                             GAsyncReadyCallback        callback,
                             gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (self != NULL);
  g_return_if_fail (options != NULL);
  g_return_if_fail (EM_IS_JOB (job));

  data = g_new0 (ExportData, 1);
  data->results = em_tag_results_ref (self);
  data->playlists = g_strdup (options->playlists);
  data->relative = options->relative;
  data->csv = g_strdup (options->csv);
  data->json = g_strdup (options->json);
  data->job = g_object_ref (job);

  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, em_tag_results_export_async);
  g_task_set_task_data (task, data, export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
em_tag_results_export_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * em_chunk_prediction_get_confidence:
 * @prediction: a chunk prediction
 *
 * Returns: the probability of the predicted class, the highest of the
 *   chunk's probabilities (NaN ones, like p_both of binary models, left
 *   out); 0 when there is none
 */
double
em_chunk_prediction_get_confidence (const EmChunkPrediction *prediction)
{
  const double p[] = { prediction->p_music, prediction->p_dialogue, prediction->p_both };
  double best = 0.0;

  for (guint i = 0; i < G_N_ELEMENTS (p); i++)
    if (!isnan (p[i]) && p[i] > best)
      best = p[i];

  return best;
}

typedef struct
{
  gint64        model_id;
  EmTagOptions  options;
  EmJob        *job;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  g_clear_object (&run->job);
  g_free (run);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  g_autoptr(EmModelRecord) record = NULL;
  EmEnsemble *model;
  EmTagSummary *summary;
  GError *error = NULL;

  em_job_update (data->job, 0.0, _("Loading the model…"));
  if (!(model = em_tag_load_model (source_object, data->model_id, &record, &error)))
    {
      if (error == NULL)
        g_set_error (&error, EM_STORE_ERROR, EM_STORE_ERROR_NOT_FOUND,
                     _("The library has no active model; train one first"));
      g_task_return_error (task, error);
      return;
    }

  summary = em_tagger_run (source_object, model, record->id, &data->options, data->job, &error);
  em_ensemble_unref (model);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify)em_tag_summary_free);
}

/**
 * em_tag_run_async:
 * @store: a library store
 * @model_id: a stored model, or 0 for the library's active model
 * @options: (nullable): tagging options; %NULL for the defaults
 * @job: progress and cancellation
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * Reads the model from the store and tags the library with it, both on a
 * worker thread (parsing a large model takes longer than a frame): the
 * window's way to run em_tagger_run().  A rerun resumes.
 */
void
em_tag_run_async (EmStore             *store,
                  gint64               model_id,
                  const EmTagOptions  *options,
                  EmJob               *job,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (EM_IS_STORE (store));
  g_return_if_fail (EM_IS_JOB (job));

  data = g_new0 (RunData, 1);
  data->model_id = model_id;
  if (options != NULL)
    data->options = *options;
  else
    em_tag_options_init (&data->options);
  data->job = g_object_ref (job);

  task = g_task_new (store, em_job_get_cancellable (job), callback, user_data);
  g_task_set_source_tag (task, em_tag_run_async);
  g_task_set_task_data (task, data, run_data_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * em_tag_run_finish:
 *
 * Returns: (transfer full) (nullable): as em_tagger_run(); an
 *   %EM_STORE_ERROR_NOT_FOUND error when there is no such model
 */
EmTagSummary *
em_tag_run_finish (EmStore       *store,
                   GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
