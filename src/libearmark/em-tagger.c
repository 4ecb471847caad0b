/* em-tagger.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Batch tagging: a model classifies every chunk of a library and the
 * predictions are stored under the model's id.  Chunks are predicted and
 * saved in batches, each batch one transaction, so a cancelled or killed
 * run loses at most the batch in flight; a rerun skips the chunks that
 * already carry this model's prediction (and the store's unique key on
 * chunk and model rules out duplicates).  From the chunk predictions
 * follows the track-level verdict: does the track end with music, and
 * from which chunk on.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "em-metrics.h"
#include "em-tagger.h"
#include "em-track-verdict.h"

/**
 * em_tag_options_init:
 * @options: (out caller-allocates): options to fill with the defaults
 */
void
em_tag_options_init (EmTagOptions *options)
{
  *options = (EmTagOptions) { EM_TAG_DEFAULT_BATCH_SIZE, 0, EM_TAG_DEFAULT_OUTRO_CHUNKS };
}

void
em_tag_summary_free (EmTagSummary *summary)
{
  if (summary == NULL)
    return;

  g_clear_pointer (&summary->outros, g_ptr_array_unref);
  g_free (summary);
}

/**
 * em_tagger_label_for_proba:
 * @proba_row: (array): one chunk's class probabilities
 * @mode: the model's mode
 *
 * Returns: the label stored for the chunk: the most probable class
 *   (three-class), or %EM_LABEL_MUSIC ("contains music") when
 *   P(music) ≥ 0.5, else %EM_LABEL_DIALOGUE (binary)
 */
EmLabel
em_tagger_label_for_proba (const double   *proba_row,
                           EmEnsembleMode  mode)
{
  static const EmLabel three[] = { EM_LABEL_MUSIC, EM_LABEL_DIALOGUE, EM_LABEL_BOTH };

  if (mode == EM_ENSEMBLE_MODE_BINARY)
    return em_chunk_contains_music (proba_row, mode) ? EM_LABEL_MUSIC : EM_LABEL_DIALOGUE;

  return three[em_metrics_argmax (proba_row, 3)];
}

/**
 * em_tagger_add_model:
 * @store: a library store
 * @model: a trained model
 * @make_active: make it the library's active model
 * @existed: (out) (optional): whether the store already had this model
 * @error: return location for a #GError
 *
 * Finds @model among the store's models (same serialised document) or
 * saves it, so that tagging twice with the same model file resumes under
 * the same id.
 *
 * Returns: the model's id (> 0), or 0 on error
 */
gint64
em_tagger_add_model (EmStore     *store,
                     EmEnsemble  *model,
                     gboolean     make_active,
                     gboolean    *existed,
                     GError     **error)
{
  g_autofree char *json = NULL;
  g_autofree char *metrics = NULL;
  g_autoptr(GPtrArray) models = NULL;
  JsonNode *metrics_node;

  if (existed != NULL)
    *existed = FALSE;
  if (!(json = em_ensemble_to_json (model, NULL, error)) ||
      !(models = em_store_list_models (store, error)))
    return 0;

  for (guint i = 0; i < models->len; i++)
    {
      const EmModelRecord *record = g_ptr_array_index (models, i);

      if (g_strcmp0 (record->json, json) != 0)
        continue;
      if (existed != NULL)
        *existed = TRUE;
      if (make_active && !record->active && !em_store_activate_model (store, record->id, error))
        return 0;
      return record->id;
    }

  if ((metrics_node = em_ensemble_get_metrics (model)) != NULL)
    metrics = json_to_string (metrics_node, FALSE);

  return em_store_save_model (store, em_ensemble_mode_to_string (em_ensemble_get_mode (model)),
                              em_ensemble_get_feature_set_version (model), json, metrics,
                              make_active, error);
}

static char *
chunk_key (const char *path,
           guint       idx)
{
  return g_strdup_printf ("%u\x1f%s", idx, path);
}

static void
fill_prediction (EmPrediction   *p,
                 const char     *path,
                 guint           idx,
                 const double   *proba,
                 EmEnsembleMode  mode)
{
  p->path = (char *)path;
  p->chunk_idx = idx;
  p->label = em_tagger_label_for_proba (proba, mode);
  if (mode == EM_ENSEMBLE_MODE_BINARY)
    {
      p->p_music = proba[EM_ML_BINARY_MUSIC];
      p->p_dialogue = proba[EM_ML_BINARY_NO_MUSIC];
      p->p_both = NAN;
    }
  else
    {
      p->p_music = proba[EM_ML_CLASS_MUSIC];
      p->p_dialogue = proba[EM_ML_CLASS_DIALOGUE];
      p->p_both = proba[EM_ML_CLASS_BOTH];
    }
}

/* A cancellable pause: sleeps in slices short enough for the 200 ms
 * cancel promise. */
static gboolean
pause_between_batches (guint    pause_ms,
                       EmJob   *job,
                       GError **error)
{
  for (guint slept = 0; slept < pause_ms; slept += 20)
    {
      if (em_job_is_cancelled (job))
        break;
      g_usleep (MIN (20, pause_ms - slept) * 1000);
    }

  return !g_cancellable_set_error_if_cancelled (em_job_get_cancellable (job), error);
}

typedef struct
{
  EmStore        *store;
  EmEnsemble     *model;
  gint64          model_id;
  EmTagOptions    options;
  EmEnsembleMode  mode;
  const double   *x;
  GPtrArray      *paths;
  GArray         *chunk_idx;
} TagRun;

static gboolean
tag_batch (TagRun       *run,
           const gsize  *rows,
           gsize         n,
           double       *x,
           double       *proba,
           EmPrediction *predictions,
           GError      **error)
{
  guint k = em_ensemble_mode_get_n_classes (run->mode);

  for (gsize i = 0; i < n; i++)
    memcpy (x + i * EM_STORE_N_FEATURES, run->x + rows[i] * EM_STORE_N_FEATURES,
            EM_STORE_N_FEATURES * sizeof (double));

  if (!em_ensemble_predict (run->model, x, n, proba, error))
    return FALSE;

  for (gsize i = 0; i < n; i++)
    fill_prediction (&predictions[i], g_ptr_array_index (run->paths, rows[i]),
                     g_array_index (run->chunk_idx, guint, rows[i]), proba + i * k, run->mode);

  return em_store_save_predictions (run->store, run->model_id, predictions, n, NULL, error);
}

static gboolean
tag_rows (TagRun       *run,
          GArray       *todo,
          EmJob        *job,
          GError      **error)
{
  gsize batch = MAX (run->options.batch_size, 1);
  g_autofree double *x = g_new (double, batch * EM_STORE_N_FEATURES);
  g_autofree double *proba = g_new (double, batch * 3);
  g_autofree EmPrediction *predictions = g_new0 (EmPrediction, batch);

  em_job_update_counts (job, 0, todo->len, NULL);
  for (gsize start = 0; start < todo->len; start += batch)
    {
      gsize n = MIN (batch, todo->len - start);

      if (g_cancellable_set_error_if_cancelled (em_job_get_cancellable (job), error))
        return FALSE;
      if (start > 0 && run->options.pause_ms > 0 &&
          !pause_between_batches (run->options.pause_ms, job, error))
        return FALSE;
      if (!tag_batch (run, &g_array_index (todo, gsize, start), n, x, proba, predictions, error))
        return FALSE;
      em_job_update_counts (job, start + n, todo->len, NULL);
    }

  return TRUE;
}

/* Rows of the library that this model has not predicted yet. */
static GArray *
plan_rows (TagRun        *run,
           gsize          n_rows,
           guint         *n_existing,
           GError       **error)
{
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GArray *todo = g_array_new (FALSE, FALSE, sizeof (gsize));

  if (!(existing = em_store_load_predictions (run->store, run->model_id, error)))
    {
      g_array_unref (todo);
      return NULL;
    }

  for (guint i = 0; i < existing->len; i++)
    {
      const EmPrediction *p = g_ptr_array_index (existing, i);
      g_hash_table_add (done, chunk_key (p->path, p->chunk_idx));
    }

  *n_existing = 0;
  for (gsize r = 0; r < n_rows; r++)
    {
      g_autofree char *key = chunk_key (g_ptr_array_index (run->paths, r),
                                        g_array_index (run->chunk_idx, guint, r));

      if (g_hash_table_contains (done, key))
        (*n_existing)++;
      else
        g_array_append_val (todo, r);
    }

  return todo;
}

static void
proba_from_prediction (const EmChunkPrediction *p,
                       EmEnsembleMode           mode,
                       double                  *row)
{
  if (mode == EM_ENSEMBLE_MODE_BINARY)
    {
      row[EM_ML_BINARY_NO_MUSIC] = p->p_dialogue;
      row[EM_ML_BINARY_MUSIC] = p->p_music;
    }
  else
    {
      row[EM_ML_CLASS_MUSIC] = p->p_music;
      row[EM_ML_CLASS_DIALOGUE] = p->p_dialogue;
      row[EM_ML_CLASS_BOTH] = p->p_both;
    }
}

/* The verdict of the track whose predictions are [first, end) of @predictions;
 * only the run of chunks 0, 1, 2… without a gap counts. */
static EmTrackOutro *
track_outro (GPtrArray       *predictions,
             guint            first,
             guint            end,
             GHashTable      *durations,
             EmEnsembleMode   mode,
             guint            outro_chunks,
             GError         **error)
{
  guint k = em_ensemble_mode_get_n_classes (mode);
  g_autofree double *proba = g_new (double, (end - first) * k);
  g_autofree double *start_s = g_new (double, end - first);
  const EmChunkPrediction *head = g_ptr_array_index (predictions, first);
  const double *duration = durations ? g_hash_table_lookup (durations, head->path) : NULL;
  EmTrackVerdict verdict;
  EmTrackOutro *outro;
  gsize n = 0;

  for (guint i = first; i < end; i++)
    {
      const EmChunkPrediction *p = g_ptr_array_index (predictions, i);

      if (p->chunk_idx != n)
        break;
      proba_from_prediction (p, mode, proba + n * k);
      start_s[n++] = p->start_s;
    }

  if (!em_track_verdict_compute (proba, n, mode, outro_chunks, start_s, &verdict, error))
    return NULL;

  outro = g_new0 (EmTrackOutro, 1);
  *outro = (EmTrackOutro) { g_strdup (head->path), duration ? *duration : NAN,
                            verdict.has_outro_music, verdict.music_start_s };
  return outro;
}

/**
 * em_tagger_compute_outros:
 * @predictions: (element-type EmChunkPrediction): by path then chunk index,
 *   as em_store_load_chunk_predictions() returns them
 * @durations: (nullable): path → duration (pointer to a double)
 * @mode: the mode of the model that made them
 * @outro_chunks: how many final chunks decide "has outro music" (≥ 1)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type EmTrackOutro) (nullable): one
 *   verdict per track, by path
 */
GPtrArray *
em_tagger_compute_outros (GPtrArray       *predictions,
                          GHashTable      *durations,
                          EmEnsembleMode   mode,
                          guint            outro_chunks,
                          GError         **error)
{
  g_autoptr(GPtrArray) outros = g_ptr_array_new_with_free_func ((GDestroyNotify)em_track_outro_free);
  guint first = 0;

  for (guint i = 1; i <= predictions->len; i++)
    {
      const EmChunkPrediction *a = g_ptr_array_index (predictions, first);
      EmTrackOutro *outro;

      if (i < predictions->len &&
          g_strcmp0 (a->path, ((EmChunkPrediction *)g_ptr_array_index (predictions, i))->path) == 0)
        continue;
      if (!(outro = track_outro (predictions, first, i, durations, mode, outro_chunks, error)))
        return NULL;
      g_ptr_array_add (outros, outro);
      first = i;
    }

  return g_steal_pointer (&outros);
}

static gboolean
summarise (TagRun        *run,
           EmTagSummary  *summary,
           GError       **error)
{
  g_autoptr(GPtrArray) predictions = NULL;
  g_autoptr(GHashTable) durations = NULL;

  if (!(predictions = em_store_load_chunk_predictions (run->store, run->model_id, &durations, error)))
    return FALSE;

  for (guint i = 0; i < predictions->len; i++)
    summary->n_per_label[((EmChunkPrediction *)g_ptr_array_index (predictions, i))->label]++;

  if (!(summary->outros = em_tagger_compute_outros (predictions, durations, run->mode,
                                                    run->options.outro_chunks, error)))
    return FALSE;

  for (guint i = 0; i < summary->outros->len; i++)
    if (((EmTrackOutro *)g_ptr_array_index (summary->outros, i))->has_outro_music)
      summary->n_tracks_outro++;

  return TRUE;
}

/**
 * em_tagger_run:
 * @store: the library
 * @model: the model
 * @model_id: its id in @store (see em_tagger_add_model())
 * @options: (nullable): batch size, pause and outro length; %NULL for
 *   the defaults
 * @job: (nullable): progress (done/total chunks) and cancellation
 * @error: return location for a #GError
 *
 * Predicts every chunk of the library that has no prediction of
 * @model_id yet and stores the predictions, one transaction per batch.
 * Blocks: call it from a worker thread, or use em_tagger_run_async().
 *
 * Returns: (transfer full) (nullable): what was done and the track
 *   verdicts; %NULL with %G_IO_ERROR_CANCELLED when cancelled (finished
 *   batches are kept)
 */
EmTagSummary *
em_tagger_run (EmStore             *store,
               EmEnsemble          *model,
               gint64               model_id,
               const EmTagOptions  *options,
               EmJob               *job,
               GError             **error)
{
  g_autoptr(EmTagSummary) summary = g_new0 (EmTagSummary, 1);
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GArray) chunk_idx = NULL;
  g_autoptr(GArray) todo = NULL;
  g_autofree double *x = NULL;
  gsize n_rows = 0;
  TagRun run = { store, model, model_id, { 0 }, em_ensemble_get_mode (model), NULL, NULL, NULL };

  g_return_val_if_fail (EM_IS_STORE (store), NULL);
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (model_id > 0, NULL);

  if (options != NULL)
    run.options = *options;
  else
    em_tag_options_init (&run.options);

  if (em_ensemble_get_n_features (model) != EM_STORE_N_FEATURES)
    {
      g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_FEATURE_SET_MISMATCH,
                   _("The model expects %zu features, the library stores %d"),
                   em_ensemble_get_n_features (model), EM_STORE_N_FEATURES);
      return NULL;
    }

  em_job_update (job, 0.0, _("Reading the library…"));
  if (!em_store_load_features (store, em_ensemble_get_feature_set_version (model),
                               &x, &n_rows, &paths, &chunk_idx, error))
    return NULL;

  run.x = x;
  run.paths = paths;
  run.chunk_idx = chunk_idx;
  summary->model_id = model_id;
  summary->n_chunks = n_rows;
  if (!(todo = plan_rows (&run, n_rows, &summary->n_existing, error)))
    return NULL;

  em_job_update (job, 0.0, _("Tagging chunks…"));
  if (!tag_rows (&run, todo, job, error))
    return NULL;
  summary->n_predicted = todo->len;

  if (!summarise (&run, summary, error))
    return NULL;

  return g_steal_pointer (&summary);
}

typedef struct
{
  EmEnsemble   *model;
  gint64        model_id;
  EmTagOptions  options;
  EmJob        *job;
} TagTaskData;

static void
tag_task_data_free (gpointer data)
{
  TagTaskData *task_data = data;

  g_clear_pointer (&task_data->model, em_ensemble_unref);
  g_clear_object (&task_data->job);
  g_free (task_data);
}

static void
tag_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  TagTaskData *data = task_data;
  EmTagSummary *summary;
  GError *error = NULL;

  summary = em_tagger_run (source_object, data->model, data->model_id, &data->options,
                           data->job, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify)em_tag_summary_free);
}

/**
 * em_tagger_run_async:
 *
 * Runs em_tagger_run() on a worker thread; cancel it through @job.
 */
void
em_tagger_run_async (EmStore             *store,
                     EmEnsemble          *model,
                     gint64               model_id,
                     const EmTagOptions  *options,
                     EmJob               *job,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TagTaskData *data;

  g_return_if_fail (EM_IS_STORE (store));
  g_return_if_fail (model != NULL);
  g_return_if_fail (EM_IS_JOB (job));

  data = g_new0 (TagTaskData, 1);
  data->model = em_ensemble_ref (model);
  data->model_id = model_id;
  if (options != NULL)
    data->options = *options;
  else
    em_tag_options_init (&data->options);
  data->job = g_object_ref (job);

  task = g_task_new (store, em_job_get_cancellable (job), callback, user_data);
  g_task_set_source_tag (task, em_tagger_run_async);
  g_task_set_task_data (task, data, tag_task_data_free);
  g_task_run_in_thread (task, tag_thread);
}

EmTagSummary *
em_tagger_run_finish (EmStore       *store,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (EM_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
