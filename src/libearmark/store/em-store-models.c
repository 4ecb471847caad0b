/* em-store-models.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Trained models (one of them active, the one used for tagging) and the
 * predictions they made per chunk.  Predictions refer to chunk rows, so a
 * rescan of a file drops its stale predictions (cascade); deleting a model
 * drops its predictions.  Both can be recomputed, so they are written with
 * the scan's synchronous level, not the labels' FULL.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>

#include "em-store-private.h"

/**
 * em_model_record_free:
 * @model: (nullable): a model record
 */
void
em_model_record_free (EmModelRecord *model)
{
  if (model == NULL)
    return;

  g_free (model->mode);
  g_free (model->json);
  g_free (model->metrics);
  g_free (model);
}

/**
 * em_prediction_free:
 * @prediction: (nullable): a prediction
 */
void
em_prediction_free (EmPrediction *prediction)
{
  if (prediction == NULL)
    return;

  g_free (prediction->path);
  g_free (prediction);
}

static gboolean
activate (EmStore  *self,
          gint64    id,
          GError  **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;

  /* Two statements, so that the partial unique index (one active model)
   * never sees two active rows. */
  if (!_em_store_exec (self, "UPDATE models SET active = 0 WHERE active = 1", error))
    return FALSE;

  if (!(stmt = _em_store_prepare (self, "UPDATE models SET active = 1 WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_em_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_NOT_FOUND,
                   _("Library database “%s” has no model %lld"), self->path, (long long)id);
      return FALSE;
    }

  return TRUE;
}

static gint64
insert_model (EmStore     *self,
              const char  *mode,
              guint        feature_set_version,
              const char  *json,
              const char  *metrics,
              GError     **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;

  stmt = _em_store_prepare (self,
                            "INSERT INTO models (created_at, mode, feature_set_version, json, metrics, active)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, 0)", error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  sqlite3_bind_text (stmt, 2, mode, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, feature_set_version);
  sqlite3_bind_text (stmt, 4, json, -1, SQLITE_STATIC);
  if (metrics != NULL)
    sqlite3_bind_text (stmt, 5, metrics, -1, SQLITE_STATIC);

  if (!_em_store_step_done (self, stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}

/**
 * em_store_save_model:
 * @self: a store
 * @mode: the model's mode (e.g. "binary", "three-class")
 * @feature_set_version: the feature set it was trained on
 * @json: the serialised model
 * @metrics: (nullable): training metrics (JSON)
 * @make_active: whether it becomes the active model
 * @error: return location for a #GError
 *
 * Returns: the new model's id (> 0), or 0 on error
 */
gint64
em_store_save_model (EmStore     *self,
                     const char  *mode,
                     guint        feature_set_version,
                     const char  *json,
                     const char  *metrics,
                     gboolean     make_active,
                     GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 id;

  g_return_val_if_fail (EM_IS_STORE (self), 0);
  g_return_val_if_fail (mode != NULL, 0);
  g_return_val_if_fail (json != NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);

  /* A model takes minutes to train: keep it durable like a label. */
  if (!_em_store_begin (self, self->labels_sync_full, error))
    return 0;

  id = insert_model (self, mode, feature_set_version, json, metrics, error);
  if (id == 0 || (make_active && !activate (self, id, error)) || !_em_store_commit (self, error))
    {
      _em_store_rollback (self);
      return 0;
    }

  return id;
}

static EmModelRecord *
model_from_row (sqlite3_stmt *stmt)
{
  EmModelRecord *model = g_new0 (EmModelRecord, 1);

  model->id = sqlite3_column_int64 (stmt, 0);
  model->created_at = sqlite3_column_int64 (stmt, 1);
  model->mode = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  model->feature_set_version = (guint)sqlite3_column_int64 (stmt, 3);
  model->json = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
  model->metrics = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
  model->active = sqlite3_column_int (stmt, 6) != 0;

  return model;
}

/**
 * em_store_load_model:
 * @self: a store
 * @id: a model id, or 0 for the active model
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the model; %NULL if there is no
 *   such model (error unset) or on failure (error set)
 */
EmModelRecord *
em_store_load_model (EmStore  *self,
                     gint64    id,
                     GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EM_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);

  stmt = _em_store_prepare (self,
                            "SELECT id, created_at, mode, feature_set_version, json, metrics, active"
                            " FROM models WHERE (?1 = 0 AND active = 1) OR id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return model_from_row (stmt);
  if (rc != SQLITE_DONE)
    _em_store_set_error (self, rc, error, "reading a model");

  return NULL;
}

/**
 * em_store_list_models:
 * @self: a store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type EmModelRecord) (nullable): every
 *   model, newest first, or %NULL on error
 */
GPtrArray *
em_store_list_models (EmStore  *self,
                      GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func ((GDestroyNotify)em_model_record_free);
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EM_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);

  stmt = _em_store_prepare (self,
                            "SELECT id, created_at, mode, feature_set_version, json, metrics, active"
                            " FROM models ORDER BY id DESC", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (models, model_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "listing models");
      return NULL;
    }

  return g_steal_pointer (&models);
}

/**
 * em_store_activate_model:
 * @self: a store
 * @id: the model to use for tagging
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %EM_STORE_ERROR_NOT_FOUND for an unknown id
 */
gboolean
em_store_activate_model (EmStore  *self,
                         gint64    id,
                         GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);

  if (!_em_store_begin (self, self->labels_sync_full, error))
    return FALSE;

  if (!activate (self, id, error))
    {
      _em_store_rollback (self);
      return FALSE;
    }

  return _em_store_commit (self, error);
}

static void
bind_probability (sqlite3_stmt *stmt,
                  int           column,
                  double        p)
{
  if (isnan (p))
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_double (stmt, column, p);
}

static gboolean
insert_prediction (EmStore             *self,
                   gint64               model_id,
                   gint64               now,
                   const EmPrediction  *prediction,
                   guint               *n_saved,
                   GError             **error)
{
  g_autoptr(EmCachedStmt) stmt = NULL;

  /* The WHERE clause also keeps "ON CONFLICT" from being parsed as a
   * join constraint (SQLite's documented INSERT … SELECT ambiguity). */
  stmt = _em_store_prepare (self,
                            "INSERT INTO predictions (chunk_id, model_id, label, p_music, p_dialogue,"
                            "                         p_both, created_at)"
                            " SELECT c.id, ?3, ?4, ?5, ?6, ?7, ?8 FROM tracks t"
                            " JOIN chunks c ON c.track_id = t.id WHERE t.path = ?1 AND c.idx = ?2"
                            " ON CONFLICT (chunk_id, model_id) DO UPDATE SET label = excluded.label,"
                            "   p_music = excluded.p_music, p_dialogue = excluded.p_dialogue,"
                            "   p_both = excluded.p_both, created_at = excluded.created_at", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, prediction->path, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, prediction->chunk_idx);
  sqlite3_bind_int64 (stmt, 3, model_id);
  sqlite3_bind_text (stmt, 4, em_label_to_string (prediction->label), -1, SQLITE_STATIC);
  bind_probability (stmt, 5, prediction->p_music);
  bind_probability (stmt, 6, prediction->p_dialogue);
  bind_probability (stmt, 7, prediction->p_both);
  sqlite3_bind_int64 (stmt, 8, now);

  if (!_em_store_step_done (self, stmt, error))
    return FALSE;

  *n_saved += (guint)sqlite3_changes (self->db);
  return TRUE;
}

/**
 * em_store_save_predictions:
 * @self: a store
 * @model_id: the model that made them
 * @predictions: (array length=n): one per chunk; labels must not be
 *   %EM_LABEL_NONE; NaN probabilities are stored as NULL
 * @n: number of predictions
 * @n_saved: (out) (optional): how many matched a stored chunk (the others,
 *   for chunks that no longer exist, are skipped)
 * @error: return location for a #GError
 *
 * Saves (or replaces) predictions in one transaction.
 *
 * Returns: %TRUE on success; on failure nothing was saved
 */
gboolean
em_store_save_predictions (EmStore             *self,
                           gint64               model_id,
                           const EmPrediction  *predictions,
                           guint                n,
                           guint               *n_saved,
                           GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 now = g_get_real_time ();
  guint saved = 0;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);
  g_return_val_if_fail (predictions != NULL || n == 0, FALSE);

  if (n_saved != NULL)
    *n_saved = 0;

  for (guint i = 0; i < n; i++)
    {
      if (predictions[i].label == EM_LABEL_NONE || (guint)predictions[i].label >= EM_N_LABELS)
        {
          g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_INVALID,
                       _("Prediction %u for “%s” has no label"), i, predictions[i].path);
          return FALSE;
        }
    }

  locker = g_mutex_locker_new (&self->mutex);

  if (!_em_store_begin (self, self->tracks_sync_full, error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (!insert_prediction (self, model_id, now, &predictions[i], &saved, error))
        {
          _em_store_rollback (self);
          return FALSE;
        }
    }

  if (!_em_store_commit (self, error))
    return FALSE;

  if (n_saved != NULL)
    *n_saved = saved;
  return TRUE;
}

/**
 * em_store_load_predictions:
 * @self: a store
 * @model_id: a model id, or 0 for the active model
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type EmPrediction) (nullable): the
 *   model's predictions for chunks of "ok" tracks, by path then chunk
 *   index (empty when there is no such model), or %NULL on error
 */
GPtrArray *
em_store_load_predictions (EmStore  *self,
                           gint64    model_id,
                           GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify)em_prediction_free);
  g_autoptr(EmCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EM_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);

  stmt = _em_store_prepare (self,
                            "SELECT t.path, c.idx, p.label, p.p_music, p.p_dialogue, p.p_both"
                            EM_STORE_PREDICTIONS_FROM, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, model_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EmPrediction *prediction = g_new0 (EmPrediction, 1);

      prediction->path = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      prediction->chunk_idx = (guint)sqlite3_column_int64 (stmt, 1);
      em_label_from_string ((const char *)sqlite3_column_text (stmt, 2), &prediction->label);
      prediction->p_music = _em_store_column_double (stmt, 3);
      prediction->p_dialogue = _em_store_column_double (stmt, 4);
      prediction->p_both = _em_store_column_double (stmt, 5);
      g_ptr_array_add (result, prediction);
    }

  if (rc != SQLITE_DONE)
    {
      _em_store_set_error (self, rc, error, "reading predictions");
      return NULL;
    }

  return g_steal_pointer (&result);
}
