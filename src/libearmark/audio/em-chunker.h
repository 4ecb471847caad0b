/* em-chunker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EmChunkSpan:
 * @index: chunk index counted from the end (0 = the last chunk of the track)
 * @start: first sample of the chunk (inclusive), counted from the track start
 * @end: one past the last sample of the chunk
 * @partial: %TRUE for the leftover at the start that is shorter than a chunk
 *
 * One chunk of a track as a span of sample positions.
 */
typedef struct
{
  guint    index;
  gsize    start;
  gsize    end;
  gboolean partial;
} EmChunkSpan;

/*
 * Chunking rules (pure arithmetic on sample counts, shared by the decoder,
 * the features and the tests):
 *
 * - chunk 0 is the last @chunk_samples samples of the track, chunk 1 the span
 *   before it, and so on; boundaries are exact sample counts from the end;
 * - the leftover at the start that is shorter than a chunk is kept as the
 *   last (highest-index) chunk with partial = TRUE;
 * - except: when the track has at least one full chunk, a leftover shorter
 *   than @min_leftover_samples (1.0 s in Earmark) is dropped, so that a
 *   10.03-s MP3 clip does not gain a 30-ms chunk;
 * - a track shorter than one chunk gives one partial chunk covering it all;
 * - a track with no samples gives no chunk (callers report an error).
 */
guint    em_chunker_count    (gsize        n_samples,
                              gsize        chunk_samples,
                              gsize        min_leftover_samples);
gboolean em_chunker_get_span (gsize        n_samples,
                              gsize        chunk_samples,
                              gsize        min_leftover_samples,
                              guint        index,
                              EmChunkSpan *span);

G_END_DECLS
