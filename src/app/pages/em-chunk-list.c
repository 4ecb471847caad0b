/* em-chunk-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library as a flat GListModel of chunks (and failed tracks). A
 * worker thread snapshots the store into a compact row array (about 40
 * bytes a chunk, paths shared per track); the main thread swaps it in with
 * one items_changed. GObjects are only made in get_item(), so 30,000
 * chunks cost a few hundred kilobytes until rows are actually shown.
 */

#include "config.h"

#include <math.h>

#include "em-chunk-list.h"

typedef struct
{
  guint   track;        /* index into paths/errors */
  guint   chunk_idx;
  float   start_s;
  float   end_s;
  float   confidence;   /* NaN without a prediction */
  guint8  kind;         /* EmChunkKind */
  guint8  label;        /* EmLabel */
  guint8  prediction;   /* EmLabel */
} EmChunkRow;

typedef struct
{
  GArray    *rows;      /* EmChunkRow */
  GPtrArray *paths;     /* char*, one per track */
  GPtrArray *errors;    /* char* or NULL, one per track */
  guint      n_chunks;
} EmChunkSnapshot;

struct _EmChunkList
{
  GObject          parent_instance;
  EmChunkSnapshot *snapshot;
};

static void em_chunk_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EmChunkList, em_chunk_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, em_chunk_list_model_init))

static void
em_chunk_snapshot_free (EmChunkSnapshot *snapshot)
{
  g_array_unref (snapshot->rows);
  g_ptr_array_unref (snapshot->paths);
  g_ptr_array_unref (snapshot->errors);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmChunkSnapshot, em_chunk_snapshot_free)

static EmChunkSnapshot *
em_chunk_snapshot_new (void)
{
  EmChunkSnapshot *snapshot = g_new0 (EmChunkSnapshot, 1);

  snapshot->rows = g_array_new (FALSE, FALSE, sizeof (EmChunkRow));
  snapshot->paths = g_ptr_array_new_with_free_func (g_free);
  snapshot->errors = g_ptr_array_new_with_free_func (g_free);

  return snapshot;
}

static GType
em_chunk_list_get_item_type (GListModel *model)
{
  return EM_TYPE_CHUNK_ITEM;
}

static guint
em_chunk_list_get_n_items (GListModel *model)
{
  EmChunkList *self = EM_CHUNK_LIST (model);

  return self->snapshot != NULL ? self->snapshot->rows->len : 0;
}

static gpointer
em_chunk_list_get_item (GListModel *model,
                        guint       position)
{
  EmChunkList *self = EM_CHUNK_LIST (model);
  const EmChunkRow *row;

  if (self->snapshot == NULL || position >= self->snapshot->rows->len)
    return NULL;

  row = &g_array_index (self->snapshot->rows, EmChunkRow, position);
  return em_chunk_item_new (position, row->kind,
                            g_ptr_array_index (self->snapshot->paths, row->track),
                            row->chunk_idx, row->start_s, row->end_s,
                            row->label, row->prediction, row->confidence,
                            g_ptr_array_index (self->snapshot->errors, row->track));
}

static void
em_chunk_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = em_chunk_list_get_item_type;
  iface->get_n_items = em_chunk_list_get_n_items;
  iface->get_item = em_chunk_list_get_item;
}

static void
em_chunk_list_finalize (GObject *object)
{
  EmChunkList *self = EM_CHUNK_LIST (object);

  g_clear_pointer (&self->snapshot, em_chunk_snapshot_free);

  G_OBJECT_CLASS (em_chunk_list_parent_class)->finalize (object);
}

static void
em_chunk_list_class_init (EmChunkListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = em_chunk_list_finalize;
}

static void
em_chunk_list_init (EmChunkList *self)
{
}

/**
 * em_chunk_list_new:
 *
 * Returns: (transfer full): an empty list; fill it with
 *   em_chunk_list_load_async()
 */
EmChunkList *
em_chunk_list_new (void)
{
  return g_object_new (EM_TYPE_CHUNK_LIST, NULL);
}

static gint64
active_model_id (EmStore  *store,
                 GError  **error)
{
  g_autoptr(GPtrArray) models = em_store_list_models (store, error);

  if (models == NULL)
    return -1;
  for (guint i = 0; i < models->len; i++)
    {
      EmModelRecord *model = g_ptr_array_index (models, i);

      if (model->active)
        return model->id;
    }
  return 0;
}

static double
prediction_confidence (const EmPrediction *p)
{
  double best = isnan (p->p_music) ? 0.0 : p->p_music;

  if (!isnan (p->p_dialogue) && p->p_dialogue > best)
    best = p->p_dialogue;
  if (!isnan (p->p_both) && p->p_both > best)
    best = p->p_both;
  return best;
}

/* Rows of one track are contiguous: first_row[track] .. + n_rows[track]. */
static gboolean
snapshot_add_predictions (EmChunkSnapshot *snapshot,
                          EmStore         *store,
                          GHashTable      *track_of_path,
                          GArray          *first_row,
                          GError         **error)
{
  g_autoptr(GPtrArray) predictions = NULL;
  gint64 model_id = active_model_id (store, error);

  if (model_id < 0)
    return FALSE;
  if (model_id == 0)
    return TRUE;
  predictions = em_store_load_predictions (store, model_id, error);
  if (predictions == NULL)
    return FALSE;

  for (guint i = 0; i < predictions->len; i++)
    {
      const EmPrediction *p = g_ptr_array_index (predictions, i);
      gpointer track;
      guint first, last;

      if (!g_hash_table_lookup_extended (track_of_path, p->path, NULL, &track))
        continue;
      first = g_array_index (first_row, guint, GPOINTER_TO_UINT (track));
      last = g_array_index (first_row, guint, GPOINTER_TO_UINT (track) + 1);
      for (guint r = first; r < last; r++)
        {
          EmChunkRow *row = &g_array_index (snapshot->rows, EmChunkRow, r);

          if (row->kind == EM_CHUNK_KIND_CHUNK && row->chunk_idx == p->chunk_idx)
            {
              row->prediction = p->label;
              row->confidence = prediction_confidence (p);
              break;
            }
        }
    }
  return TRUE;
}

static gboolean
snapshot_add_track (EmChunkSnapshot   *snapshot,
                    EmStore           *store,
                    const EmTrackInfo *info,
                    GError           **error)
{
  guint track = snapshot->paths->len;
  EmChunkRow row = { .track = track, .confidence = NAN };

  if (g_strcmp0 (info->status, "error") == 0)
    {
      row.kind = EM_CHUNK_KIND_ERROR;
      g_array_append_val (snapshot->rows, row);
    }
  else if (g_strcmp0 (info->status, "ok") == 0)
    {
      g_autoptr(GArray) chunks = em_store_list_chunks (store, info->path, error);

      if (chunks == NULL)
        return FALSE;
      for (guint i = 0; i < chunks->len; i++)
        {
          const EmChunkInfo *chunk = &g_array_index (chunks, EmChunkInfo, i);

          row.kind = EM_CHUNK_KIND_CHUNK;
          row.chunk_idx = chunk->idx;
          row.start_s = chunk->start_s;
          row.end_s = chunk->end_s;
          row.label = chunk->label;
          g_array_append_val (snapshot->rows, row);
        }
      snapshot->n_chunks += chunks->len;
    }
  else
    return TRUE;    /* vanished tracks are not listed */

  g_ptr_array_add (snapshot->paths, g_strdup (info->path));
  g_ptr_array_add (snapshot->errors, g_strdup (info->error));
  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  EmStore *store = task_data;
  g_autoptr(EmChunkSnapshot) snapshot = em_chunk_snapshot_new ();
  g_autoptr(GHashTable) track_of_path = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) first_row = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) tracks = NULL;
  GError *error = NULL;

  tracks = em_store_list_tracks (store, &error);
  if (tracks == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < tracks->len; i++)
    {
      guint first = snapshot->rows->len;

      if (g_task_return_error_if_cancelled (task))
        return;
      if (!snapshot_add_track (snapshot, store, g_ptr_array_index (tracks, i), &error))
        {
          g_task_return_error (task, error);
          return;
        }
      if (snapshot->paths->len > first_row->len)
        {
          g_array_append_val (first_row, first);
          g_hash_table_insert (track_of_path,
                               g_ptr_array_index (snapshot->paths, snapshot->paths->len - 1),
                               GUINT_TO_POINTER (snapshot->paths->len - 1));
        }
    }
  g_array_append_val (first_row, snapshot->rows->len);

  if (!snapshot_add_predictions (snapshot, store, track_of_path, first_row, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&snapshot),
                         (GDestroyNotify) em_chunk_snapshot_free);
}

/**
 * em_chunk_list_load_async:
 * @self: the list
 * @store: the library's store (its connection is serialised by a mutex)
 * @cancellable: (nullable): cancels the load
 * @callback: called on the main thread when done
 * @user_data: for @callback
 *
 * Reads every chunk, label and active-model prediction of @store in a
 * worker thread. em_chunk_list_load_finish() swaps the rows in.
 */
void
em_chunk_list_load_async (EmChunkList         *self,
                          EmStore             *store,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EM_IS_CHUNK_LIST (self));
  g_return_if_fail (EM_IS_STORE (store));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, em_chunk_list_load_async);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

static void
em_chunk_list_replace (EmChunkList     *self,
                       EmChunkSnapshot *snapshot)
{
  guint old_n = em_chunk_list_get_n_items (G_LIST_MODEL (self));
  guint new_n = snapshot != NULL ? snapshot->rows->len : 0;

  g_clear_pointer (&self->snapshot, em_chunk_snapshot_free);
  self->snapshot = snapshot;
  if (old_n > 0 || new_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);
}

/**
 * em_chunk_list_load_finish:
 * @self: the list
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Replaces the rows with the loaded ones in one items_changed.
 *
 * Returns: %TRUE on success; on error the list is unchanged
 */
gboolean
em_chunk_list_load_finish (EmChunkList   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  EmChunkSnapshot *snapshot;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  snapshot = g_task_propagate_pointer (G_TASK (result), error);
  if (snapshot == NULL)
    return FALSE;
  em_chunk_list_replace (self, snapshot);
  return TRUE;
}

/**
 * em_chunk_list_clear:
 * @self: the list
 *
 * Removes every row.
 */
void
em_chunk_list_clear (EmChunkList *self)
{
  g_return_if_fail (EM_IS_CHUNK_LIST (self));
  em_chunk_list_replace (self, NULL);
}

/**
 * em_chunk_list_get_n_chunks:
 * @self: the list
 *
 * Returns: the number of chunk rows (failed tracks not counted)
 */
guint
em_chunk_list_get_n_chunks (EmChunkList *self)
{
  g_return_val_if_fail (EM_IS_CHUNK_LIST (self), 0);
  return self->snapshot != NULL ? self->snapshot->n_chunks : 0;
}

/**
 * em_chunk_list_set_labels:
 * @self: the list
 * @positions: (array length=n): rows whose label changed in the store
 * @n: number of positions
 * @label: their new label
 *
 * Mirrors a label change already written to the store, and replaces the
 * changed rows' items with one items_changed over their span.
 */
void
em_chunk_list_set_labels (EmChunkList *self,
                          const guint *positions,
                          guint        n,
                          EmLabel      label)
{
  guint lo = G_MAXUINT, hi = 0;

  g_return_if_fail (EM_IS_CHUNK_LIST (self));

  for (guint i = 0; i < n && self->snapshot != NULL; i++)
    {
      EmChunkRow *row;

      if (positions[i] >= self->snapshot->rows->len)
        continue;
      row = &g_array_index (self->snapshot->rows, EmChunkRow, positions[i]);
      if (row->kind != EM_CHUNK_KIND_CHUNK)
        continue;
      row->label = label;
      lo = MIN (lo, positions[i]);
      hi = MAX (hi, positions[i]);
    }
  if (lo <= hi)
    g_list_model_items_changed (G_LIST_MODEL (self), lo, hi - lo + 1, hi - lo + 1);
}
