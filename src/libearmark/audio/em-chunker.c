/* em-chunker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "em-chunker.h"

/**
 * em_chunker_count:
 * @n_samples: number of samples in the track
 * @chunk_samples: samples per chunk (> 0)
 * @min_leftover_samples: a leftover shorter than this is dropped when the
 *   track has at least one full chunk
 *
 * Returns: the number of chunks of a track of @n_samples samples
 */
guint
em_chunker_count (gsize n_samples,
                  gsize chunk_samples,
                  gsize min_leftover_samples)
{
  gsize n_full;
  gsize leftover;

  g_return_val_if_fail (chunk_samples > 0, 0);

  if (n_samples == 0)
    return 0;

  n_full = n_samples / chunk_samples;
  leftover = n_samples % chunk_samples;

  if (n_full == 0)
    return 1;

  if (leftover > 0 && leftover >= min_leftover_samples)
    return (guint) n_full + 1;

  return (guint) n_full;
}

/**
 * em_chunker_get_span:
 * @n_samples: number of samples in the track
 * @chunk_samples: samples per chunk (> 0)
 * @min_leftover_samples: see em_chunker_count()
 * @index: chunk index counted from the end
 * @span: (out): where to store the span
 *
 * Returns: %TRUE if chunk @index exists
 */
gboolean
em_chunker_get_span (gsize        n_samples,
                     gsize        chunk_samples,
                     gsize        min_leftover_samples,
                     guint        index,
                     EmChunkSpan *span)
{
  guint n_chunks;
  gsize n_full;

  g_return_val_if_fail (chunk_samples > 0, FALSE);
  g_return_val_if_fail (span != NULL, FALSE);

  n_chunks = em_chunker_count (n_samples, chunk_samples, min_leftover_samples);
  if (index >= n_chunks)
    return FALSE;

  n_full = n_samples / chunk_samples;
  span->index = index;

  if (index < n_full)
    {
      span->end = n_samples - (gsize) index * chunk_samples;
      span->start = span->end - chunk_samples;
      span->partial = FALSE;
    }
  else
    {
      /* The leftover at the start of the track (or the whole of a track
       * shorter than one chunk). */
      span->start = 0;
      span->end = n_samples - n_full * chunk_samples;
      span->partial = TRUE;
    }

  return TRUE;
}
