/* em-chunk-set.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "em-audio-decoder.h"

G_BEGIN_DECLS

/* Chunks are 10 s unless the caller asks otherwise. */
#define EM_CHUNK_SECONDS_DEFAULT 10.0
/* A leftover shorter than this at the start of a track that has at least
 * one full chunk is dropped (see em-chunker.h). */
#define EM_CHUNK_MIN_LEFTOVER_S 1.0

/**
 * EmChunk:
 * @index: 0 = the last chunk of the track, 1 the one before, …
 * @start_s: start time in the track (s)
 * @end_s: end time in the track (s)
 * @partial: %TRUE for the leftover at the start, shorter than a chunk
 * @samples: mono float32 samples at %EM_AUDIO_RATE, owned by the set
 * @n_samples: number of samples
 *
 * One chunk of a track, counted from the end.
 */
typedef struct
{
  guint        index;
  double       start_s;
  double       end_s;
  gboolean     partial;
  const float *samples;
  gsize        n_samples;
} EmChunk;

/**
 * EmChunkSet:
 *
 * The chunks of one track and the PCM they point into (refcounted boxed
 * type). Chunk i is the i-th chunk from the end; boundaries are exact
 * multiples of chunk_seconds × %EM_AUDIO_RATE samples counted from the end
 * of the decoded signal. The leftover at the start that is shorter than a
 * chunk is kept as the last, partial chunk, except that a leftover shorter
 * than %EM_CHUNK_MIN_LEFTOVER_S is dropped when the track has at least one
 * full chunk (a 10.03-s MP3 clip gives one chunk, not one plus 30 ms).
 * A track shorter than one chunk gives one partial chunk. Chunk start_s and
 * end_s are track times; the partial leftover starts at 0.0.
 */
typedef struct _EmChunkSet EmChunkSet;

#define EM_TYPE_CHUNK_SET (em_chunk_set_get_type ())

GType          em_chunk_set_get_type          (void) G_GNUC_CONST;
EmChunkSet    *em_chunk_set_ref               (EmChunkSet    *set);
void           em_chunk_set_unref             (EmChunkSet    *set);
EmChunkSet    *em_chunk_set_new_from_samples  (float         *samples,
                                               gsize          n_samples,
                                               double         start_s,
                                               double         end_s,
                                               double         chunk_seconds,
                                               guint          max_chunks,
                                               GError       **error);
EmChunkSet    *em_audio_read_chunks           (const char    *path,
                                               double         chunk_seconds,
                                               guint          max_chunks,
                                               GCancellable  *cancellable,
                                               GError       **error);
guint          em_chunk_set_get_n_chunks      (EmChunkSet    *set);
const EmChunk *em_chunk_set_get_chunk         (EmChunkSet    *set,
                                               guint          i);
double         em_chunk_set_get_duration      (EmChunkSet    *set);
const char    *em_chunk_set_get_warning       (EmChunkSet    *set);
gboolean       em_chunk_set_get_seeked        (EmChunkSet    *set);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmChunkSet, em_chunk_set_unref)

G_END_DECLS
