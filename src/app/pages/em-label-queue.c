/* em-label-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Label page's queue: every unlabelled chunk of the library's decoded
 * tracks, in library order (tracks by path, chunks in time order), only
 * those under one folder, or shuffled with a seed; or the active model's
 * most uncertain chunks first, ranked on a worker thread by libearmark's
 * active learning (the ranking of `earmark-cli queue`).
 */

#include "config.h"

#include "em-label-queue.h"
#include "em-scored-chunks.h"

void
em_label_queue_item_free (EmLabelQueueItem *item)
{
  g_free (item->path);
  g_free (item);
}

EmLabelQueueItem *
em_label_queue_item_copy (const EmLabelQueueItem *item)
{
  EmLabelQueueItem *copy = g_memdup2 (item, sizeof *item);

  copy->path = g_strdup (item->path);
  return copy;
}

static gboolean
in_folder (const char *path,
           const char *folder)
{
  g_autofree char *prefix = NULL;

  if (folder == NULL)
    return TRUE;
  prefix = g_str_has_suffix (folder, G_DIR_SEPARATOR_S) ? g_strdup (folder)
                                                          : g_strconcat (folder, G_DIR_SEPARATOR_S, NULL);
  return g_str_has_prefix (path, prefix);
}

static gboolean
add_track_chunks (GPtrArray          *queue,
                  EmStore            *store,
                  const EmTrackInfo  *track,
                  GError            **error)
{
  g_autoptr(GArray) chunks = em_store_list_chunks (store, track->path, error);

  if (chunks == NULL)
    return FALSE;
  /* Time order: the store lists indices counted from the end ascending,
   * so walk them backwards. */
  for (guint i = chunks->len; i > 0; i--)
    {
      const EmChunkInfo *chunk = &g_array_index (chunks, EmChunkInfo, i - 1);
      EmLabelQueueItem *item;

      if (chunk->label != EM_LABEL_NONE)
        continue;
      item = g_new0 (EmLabelQueueItem, 1);
      item->path = g_strdup (track->path);
      item->idx = chunk->idx;
      item->start_s = chunk->start_s;
      item->end_s = chunk->end_s;
      item->n_chunks = chunks->len;
      g_ptr_array_add (queue, item);
    }
  return TRUE;
}

static void
shuffle (GPtrArray *queue,
         guint      seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  /* Fisher–Yates with a seeded GRand: the same seed gives the same order. */
  for (guint i = queue->len; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      gpointer tmp = queue->pdata[i - 1];

      queue->pdata[i - 1] = queue->pdata[j];
      queue->pdata[j] = tmp;
    }
}

/* Returns: (element-type EmLabelQueueItem): the queue, NULL on a store error */
GPtrArray *
em_label_queue_build (EmStore     *store,
                      const char  *folder,
                      gboolean     shuffled,
                      guint        seed,
                      GError     **error)
{
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GPtrArray) queue = NULL;

  g_return_val_if_fail (EM_IS_STORE (store), NULL);

  tracks = em_store_list_tracks (store, error);
  if (tracks == NULL)
    return NULL;
  queue = g_ptr_array_new_with_free_func ((GDestroyNotify) em_label_queue_item_free);
  for (guint i = 0; i < tracks->len; i++)
    {
      const EmTrackInfo *track = g_ptr_array_index (tracks, i);

      if (g_strcmp0 (track->status, "ok") != 0 || !in_folder (track->path, folder))
        continue;
      if (!add_track_chunks (queue, store, track, error))
        return NULL;
    }
  if (shuffled)
    shuffle (queue, seed);
  return g_steal_pointer (&queue);
}

typedef struct
{
  GPtrArray *queue;
  gint64     model_id;
} Ranked;

static void
ranked_free (Ranked *ranked)
{
  g_clear_pointer (&ranked->queue, g_ptr_array_unref);
  g_free (ranked);
}

/* The ranked chunks as queue items, with their spans; only chunks of
 * decoded tracks, as the other sources. */
static GPtrArray *
items_for_ranking (EmStore                  *store,
                   const EmUncertainRanking *ranking,
                   GCancellable             *cancellable,
                   GError                  **error)
{
  g_autoptr(GPtrArray) tracks = em_store_list_tracks (store, error);
  g_autoptr(GHashTable) chunks = NULL;
  g_autoptr(GPtrArray) queue = NULL;

  if (tracks == NULL)
    return NULL;
  chunks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < tracks->len; i++)
    {
      const EmTrackInfo *track = g_ptr_array_index (tracks, i);
      GArray *list;

      if (g_strcmp0 (track->status, "ok") != 0)
        continue;
      /* One query per track: thousands of them on a large library. */
      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !(list = em_store_list_chunks (store, track->path, error)))
        return NULL;
      g_hash_table_insert (chunks, track->path, list);
    }
  queue = g_ptr_array_new_with_free_func ((GDestroyNotify) em_label_queue_item_free);
  for (guint i = 0; i < ranking->paths->len; i++)
    {
      const char *path = g_ptr_array_index (ranking->paths, i);
      guint idx = g_array_index (ranking->chunk_idx, guint, i);
      GArray *list = g_hash_table_lookup (chunks, path);

      for (guint c = 0; list != NULL && c < list->len; c++)
        {
          const EmChunkInfo *chunk = &g_array_index (list, EmChunkInfo, c);
          EmLabelQueueItem *item;

          if (chunk->idx != idx || chunk->label != EM_LABEL_NONE)
            continue;
          item = g_new0 (EmLabelQueueItem, 1);
          item->path = g_strdup (path);
          item->idx = idx;
          item->start_s = chunk->start_s;
          item->end_s = chunk->end_s;
          item->n_chunks = list->len;
          g_ptr_array_add (queue, item);
          break;
        }
    }
  return g_steal_pointer (&queue);
}

static void
rank_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  EmStore *store = task_data;
  g_autoptr(EmUncertainRanking) ranking = NULL;
  Ranked *ranked;
  GError *error = NULL;
  GPtrArray *queue;

  (void) source_object;
  ranking = em_uncertain_ranking_compute (store, EM_UNCERTAINTY_ENTROPY, cancellable, &error);
  if (ranking == NULL
      || g_cancellable_set_error_if_cancelled (cancellable, &error)
      || !(queue = items_for_ranking (store, ranking, cancellable, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  ranked = g_new0 (Ranked, 1);
  ranked->queue = queue;
  ranked->model_id = ranking->model_id;
  g_task_return_pointer (task, ranked, (GDestroyNotify) ranked_free);
}

/**
 * em_label_queue_build_uncertain_async:
 * @store: the library's store
 * @cancellable: (nullable): cancels between the ranking's steps
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * Ranks the unlabelled chunks by the active model's uncertainty (entropy
 * of its soft vote) on a worker thread.
 */
void
em_label_queue_build_uncertain_async (EmStore             *store,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EM_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, em_label_queue_build_uncertain_async);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, rank_thread);
}

/**
 * em_label_queue_build_uncertain_finish:
 * @result: the result given to the callback
 * @model_id: (out) (optional): the model that ranked them
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type EmLabelQueueItem): the queue,
 *   most uncertain first; %NULL on error
 */
GPtrArray *
em_label_queue_build_uncertain_finish (GAsyncResult  *result,
                                       gint64        *model_id,
                                       GError       **error)
{
  Ranked *ranked;
  GPtrArray *queue;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  ranked = g_task_propagate_pointer (G_TASK (result), error);
  if (ranked == NULL)
    return NULL;
  if (model_id != NULL)
    *model_id = ranked->model_id;
  queue = g_steal_pointer (&ranked->queue);
  ranked_free (ranked);
  return queue;
}

static void
find_model_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_autoptr(EmModelRecord) record = NULL;
  GError *error = NULL;

  (void) source_object;
  (void) cancellable;
  record = em_store_load_model (task_data, 0, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    {
      gint64 id = record != NULL ? record->id : 0;

      g_task_return_pointer (task, g_memdup2 (&id, sizeof id), g_free);
    }
}

/**
 * em_label_queue_find_model_async:
 * @store: the library's store
 * @cancellable: (nullable): a cancellable
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * Looks up the library's active model on a worker thread (its document
 * can be megabytes).
 */
void
em_label_queue_find_model_async (EmStore             *store,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EM_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, em_label_queue_find_model_async);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, find_model_thread);
}

/* Returns: the active model's id, 0 if there is none or on error */
gint64
em_label_queue_find_model_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_autofree gint64 *id = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);

  id = g_task_propagate_pointer (G_TASK (result), error);
  return id != NULL ? *id : 0;
}
