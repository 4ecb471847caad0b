/* em-label-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Label page's queue: every unlabelled chunk of the library's decoded
 * tracks, in library order (tracks by path, chunks in time order), only
 * those under one folder, or shuffled with a seed.
 */

#include "config.h"

#include "em-label-queue.h"

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
