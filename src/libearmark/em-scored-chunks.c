/* em-scored-chunks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A model's probabilities for every chunk of a library and the
 * active-learning ranking over them: the one code path behind
 * `earmark-cli queue` and the Label page's "most uncertain first".
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "em-features.h"
#include "em-scored-chunks.h"

/* Rows predicted between two checks of the cancellable: some tens of
 * milliseconds of a default-sized model on a busy machine, so that a
 * cancel is felt within the 200 ms the jobs promise. */
#define PREDICT_BLOCK 512

void
em_scored_chunks_free (EmScoredChunks *self)
{
  if (self == NULL)
    return;
  g_free (self->x);
  g_clear_pointer (&self->paths, g_ptr_array_unref);
  g_clear_pointer (&self->chunk_idx, g_array_unref);
  g_free (self->labelled);
  g_free (self->proba);
  g_free (self->proba_rf);
  g_free (self->proba_gb);
  g_free (self);
}

static gboolean
mark_labelled (EmStore         *store,
               EmScoredChunks  *self,
               GError         **error)
{
  g_autoptr(GPtrArray) labels = em_store_list_labels (store, error);
  g_autoptr(GHashTable) labelled = NULL;

  if (labels == NULL)
    return FALSE;
  /* Keyed by chunk index then path, joined by a unit separator. */
  labelled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < labels->len; i++)
    {
      const EmLabelEntry *entry = g_ptr_array_index (labels, i);

      g_hash_table_add (labelled, g_strdup_printf ("%u\x1f%s", entry->chunk_idx, entry->path));
    }
  self->labelled = g_new0 (guint8, MAX (self->n, 1));
  for (gsize r = 0; r < self->n && g_hash_table_size (labelled) > 0; r++)
    {
      g_autofree char *key = g_strdup_printf ("%u\x1f%s", g_array_index (self->chunk_idx, guint, r),
                                              (const char *) g_ptr_array_index (self->paths, r));

      self->labelled[r] = g_hash_table_contains (labelled, key);
    }
  return TRUE;
}

static gboolean
predict (EmEnsemble      *model,
         EmScoredChunks  *self,
         GCancellable    *cancellable,
         GError         **error)
{
  for (gsize r = 0; r < self->n; r += PREDICT_BLOCK)
    {
      gsize m = MIN (PREDICT_BLOCK, self->n - r);
      const double *x = self->x + r * EM_STORE_N_FEATURES;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!em_ensemble_predict (model, x, m, self->proba + r * self->k, error))
        return FALSE;
      if (self->proba_rf != NULL
          && !em_ensemble_predict_members (model, x, m, self->proba_rf + r * self->k,
                                           self->proba_gb + r * self->k, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * em_scored_chunks_compute:
 * @store: the library
 * @model: a model of the current feature set
 * @with_members: also predict with the forest and the boosting apart
 *   (needed for %EM_UNCERTAINTY_DISAGREEMENT)
 * @cancellable: (nullable): checked between blocks of rows
 * @error: return location for an error
 *
 * Loads every chunk's features and whether it is labelled, and predicts
 * them all with @model.  Blocks: call it from a worker thread.
 *
 * Returns: (transfer full): the scored chunks, %NULL on error
 */
EmScoredChunks *
em_scored_chunks_compute (EmStore       *store,
                          EmEnsemble    *model,
                          gboolean       with_members,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(EmScoredChunks) self = g_new0 (EmScoredChunks, 1);
  gsize cells;

  g_return_val_if_fail (EM_IS_STORE (store), NULL);
  g_return_val_if_fail (model != NULL, NULL);

  self->k = em_ensemble_get_n_classes (model);
  if (!em_store_load_features (store, EM_FEATURE_SET_VERSION, &self->x, &self->n, &self->paths,
                               &self->chunk_idx, error)
      || !mark_labelled (store, self, error))
    return NULL;
  cells = MAX (self->n, 1) * self->k;
  self->proba = g_new (double, cells);
  if (with_members)
    {
      self->proba_rf = g_new (double, cells);
      self->proba_gb = g_new (double, cells);
    }
  if (!predict (model, self, cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * em_scored_chunks_rank:
 * @self: scored chunks
 * @strategy: how uncertainty is measured
 * @max: at most this many rows
 * @rows: (out caller-allocates) (array length=max): row numbers, most
 *   uncertain first
 * @scores: (out caller-allocates) (array length=max) (nullable): their scores
 * @error: return location for an error
 *
 * The unlabelled rows in order of uncertainty, descending
 * (em_active_learning_select() over @self).
 *
 * Returns: how many rows were written; 0 with @error set on error
 */
gsize
em_scored_chunks_rank (const EmScoredChunks  *self,
                       EmUncertainty          strategy,
                       gsize                  max,
                       gsize                 *rows,
                       double                *scores,
                       GError               **error)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (rows != NULL || max == 0, 0);

  if (self->n == 0 || max == 0)
    return 0;
  return em_active_learning_select (self->proba, self->proba_rf, self->proba_gb, self->n, self->k,
                                    self->labelled, NULL, strategy, max, rows, scores, error);
}

/**
 * em_uncertain_ranking_load_model:
 * @store: the library
 * @model_id: (out) (optional): the active model's id, 0 when there is none
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the library's active model, %NULL
 *   without an error when the library has none
 */
EmEnsemble *
em_uncertain_ranking_load_model (EmStore  *store,
                                 gint64   *model_id,
                                 GError  **error)
{
  g_autoptr(EmModelRecord) record = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (EM_IS_STORE (store), NULL);

  if (model_id != NULL)
    *model_id = 0;
  record = em_store_load_model (store, 0, &local_error);
  if (record == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return NULL;
    }
  if (model_id != NULL)
    *model_id = record->id;
  return em_ensemble_from_json (record->json, -1, EM_FEATURE_SET_VERSION, error);
}

void
em_uncertain_ranking_free (EmUncertainRanking *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->paths, g_ptr_array_unref);
  g_clear_pointer (&self->chunk_idx, g_array_unref);
  g_clear_pointer (&self->scores, g_array_unref);
  g_free (self);
}

/**
 * em_uncertain_ranking_compute:
 * @store: the library
 * @strategy: how uncertainty is measured
 * @cancellable: (nullable): checked between steps
 * @error: return location for an error
 *
 * Every unlabelled chunk with features, the active model's most uncertain
 * first.  Blocks: call it from a worker thread.
 *
 * Returns: (transfer full): the ranking, %NULL on error (%EM_ML_ERROR_INVALID_INPUT
 *   when the library has no active model)
 */
EmUncertainRanking *
em_uncertain_ranking_compute (EmStore        *store,
                              EmUncertainty   strategy,
                              GCancellable   *cancellable,
                              GError        **error)
{
  g_autoptr(EmUncertainRanking) ranking = g_new0 (EmUncertainRanking, 1);
  g_autoptr(EmEnsemble) model = NULL;
  g_autoptr(EmScoredChunks) scored = NULL;
  g_autofree gsize *rows = NULL;
  g_autofree double *scores = NULL;
  GError *local_error = NULL;
  gsize n;

  g_return_val_if_fail (EM_IS_STORE (store), NULL);

  model = em_uncertain_ranking_load_model (store, &ranking->model_id, &local_error);
  if (model == NULL)
    {
      if (local_error == NULL)
        local_error = g_error_new (EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                                   _("The library %s has no active model: train one first"),
                                   em_store_get_path (store));
      g_propagate_error (error, local_error);
      return NULL;
    }
  scored = em_scored_chunks_compute (store, model, strategy == EM_UNCERTAINTY_DISAGREEMENT,
                                     cancellable, error);
  if (scored == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  rows = g_new (gsize, MAX (scored->n, 1));
  scores = g_new (double, MAX (scored->n, 1));
  n = em_scored_chunks_rank (scored, strategy, scored->n, rows, scores, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  ranking->paths = g_ptr_array_new_full (n, g_free);
  ranking->chunk_idx = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  ranking->scores = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  for (gsize i = 0; i < n; i++)
    {
      g_ptr_array_add (ranking->paths, g_strdup (g_ptr_array_index (scored->paths, rows[i])));
      g_array_append_val (ranking->chunk_idx, g_array_index (scored->chunk_idx, guint, rows[i]));
      g_array_append_val (ranking->scores, scores[i]);
    }
  return g_steal_pointer (&ranking);
}
