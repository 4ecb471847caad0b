/* em-file-features.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One audio file → its chunks (counted from the end) → a feature vector
 * per chunk.  Each chunk is analysed on its own samples, exactly as if it
 * were a clip of its own.
 */

#include "config.h"

#include "em-chunk-set.h"
#include "em-file-features.h"

void
em_file_features_free (EmFileFeatures *self)
{
  if (self == NULL)
    return;

  g_free (self->chunks);
  g_free (self->warning);
  g_free (self);
}

static gboolean
compute_chunk (EmFeatureExtractor  *extractor,
               const EmChunk       *chunk,
               EmChunkRecord       *record,
               const char          *path,
               GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  record->idx = chunk->index;
  record->start_s = chunk->start_s;
  record->end_s = chunk->end_s;
  record->partial = chunk->partial;

  if (!em_feature_extractor_compute (extractor, chunk->samples, chunk->n_samples,
                                     record->features, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, local_error->domain, local_error->code,
                   "%s: chunk %u: %s", display, chunk->index, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * em_file_features_compute:
 * @extractor: a feature extractor (shared between threads)
 * @path: an audio file
 * @chunk_seconds: chunk length, 10 by default
 * @max_chunks: how many chunks from the end, 0 for all
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError naming the file
 *
 * Returns: (transfer full) (nullable): the file's chunks and features
 */
EmFileFeatures *
em_file_features_compute (EmFeatureExtractor  *extractor,
                          const char          *path,
                          double               chunk_seconds,
                          guint                max_chunks,
                          GCancellable        *cancellable,
                          GError             **error)
{
  g_autoptr(EmChunkSet) set = NULL;
  g_autoptr(EmFileFeatures) result = NULL;
  const char *warning;

  g_return_val_if_fail (extractor != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!(set = em_audio_read_chunks (path, chunk_seconds, max_chunks, cancellable, error)))
    return NULL;

  result = g_new0 (EmFileFeatures, 1);
  result->duration_s = em_chunk_set_get_duration (set);
  result->n_chunks = em_chunk_set_get_n_chunks (set);
  result->chunks = g_new0 (EmChunkRecord, MAX (result->n_chunks, 1));
  if ((warning = em_chunk_set_get_warning (set)))
    result->warning = g_strdup (warning);

  for (guint i = 0; i < result->n_chunks; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      if (!compute_chunk (extractor, em_chunk_set_get_chunk (set, i),
                          &result->chunks[i], path, error))
        return NULL;
    }

  return g_steal_pointer (&result);
}
