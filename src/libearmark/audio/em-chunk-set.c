/* em-chunk-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "em-audio-decoder-private.h"
#include "em-chunk-set.h"
#include "em-chunker.h"

/* Decoded before the first wanted chunk when reading only the tail: covers
 * decoder warm-up after the seek and the resampler's filter length. */
#define TAIL_MARGIN_S 1.0

struct _EmChunkSet
{
  gatomicrefcount  ref_count;
  float           *samples;
  gsize            n_samples;
  GArray          *chunks;      /* EmChunk */
  double           duration_s;
  char            *warning;
  gboolean         seeked;
};

G_DEFINE_BOXED_TYPE (EmChunkSet, em_chunk_set, em_chunk_set_ref, em_chunk_set_unref)

EmChunkSet *
em_chunk_set_ref (EmChunkSet *set)
{
  g_return_val_if_fail (set != NULL, NULL);

  g_atomic_ref_count_inc (&set->ref_count);
  return set;
}

void
em_chunk_set_unref (EmChunkSet *set)
{
  g_return_if_fail (set != NULL);

  if (g_atomic_ref_count_dec (&set->ref_count))
    {
      g_free (set->samples);
      g_array_unref (set->chunks);
      g_free (set->warning);
      g_free (set);
    }
}

/**
 * em_chunk_set_new_from_samples:
 * @samples: (transfer full): mono samples at %EM_AUDIO_RATE
 * @n_samples: number of samples
 * @start_s: track time of @samples[0] (0 when they start the track)
 * @end_s: track time of the end of @samples (the end of the track)
 * @chunk_seconds: chunk length (s), > 0
 * @max_chunks: keep at most this many chunks from the end (0 = all)
 * @error: return location for an #EM_AUDIO_ERROR
 *
 * Cuts decoded samples into chunks counted from the end. When @start_s > 0
 * the samples are the tail of a longer track, which starts
 * round (@start_s × %EM_AUDIO_RATE) samples earlier.
 *
 * Returns: (transfer full) (nullable): the chunk set
 */
EmChunkSet *
em_chunk_set_new_from_samples (float   *samples,
                               gsize    n_samples,
                               double   start_s,
                               double   end_s,
                               double   chunk_seconds,
                               guint    max_chunks,
                               GError **error)
{
  EmChunkSet *set;
  gsize chunk_samples, min_leftover, n_total, skipped;
  guint n_chunks;

  g_return_val_if_fail (chunk_seconds > 0, NULL);

  if (n_samples == 0)
    {
      g_free (samples);
      g_set_error (error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_EMPTY, "no audio samples to cut into chunks");
      return NULL;
    }

  chunk_samples = (gsize) lround (chunk_seconds * EM_AUDIO_RATE);
  min_leftover = (gsize) lround (EM_CHUNK_MIN_LEFTOVER_S * EM_AUDIO_RATE);
  skipped = (gsize) MAX (0, lround (start_s * EM_AUDIO_RATE));
  n_total = n_samples + skipped;
  n_chunks = em_chunker_count (n_total, chunk_samples, min_leftover);
  if (max_chunks > 0)
    n_chunks = MIN (n_chunks, max_chunks);

  set = g_new0 (EmChunkSet, 1);
  g_atomic_ref_count_init (&set->ref_count);
  set->samples = samples;
  set->n_samples = n_samples;
  set->duration_s = end_s;
  set->chunks = g_array_sized_new (FALSE, TRUE, sizeof (EmChunk), n_chunks);

  for (guint i = 0; i < n_chunks; i++)
    {
      EmChunkSpan span;
      EmChunk chunk;

      if (!em_chunker_get_span (n_total, chunk_samples, min_leftover, i, &span) || span.start < skipped)
        break;  /* not decoded: only the tail was read */

      chunk.index = i;
      chunk.partial = span.partial;
      chunk.samples = samples + (span.start - skipped);
      chunk.n_samples = span.end - span.start;
      chunk.end_s = end_s - (double) (n_total - span.end) / EM_AUDIO_RATE;
      chunk.start_s = MAX (0.0, chunk.end_s - (double) chunk.n_samples / EM_AUDIO_RATE);
      g_array_append_val (set->chunks, chunk);
    }

  return set;
}

/**
 * em_audio_read_chunks:
 * @path: an audio file
 * @chunk_seconds: chunk length (s), usually 10
 * @max_chunks: read only the last @max_chunks chunks (0 = all)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an #EM_AUDIO_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Decodes @path and cuts it into chunks counted from the end. With
 * @max_chunks > 0 only the tail is decoded: the pipeline seeks to
 * duration − @max_chunks × @chunk_seconds − 1 s; if the stream cannot seek
 * (or the seek lands too late) the whole file is streamed through a ring
 * buffer holding only that tail, so memory stays bounded for any length.
 * The resampler's output grid is anchored at the end of the signal, so
 * chunk samples are the same as a whole-file decode's: bit-identical for
 * WAV, FLAC, Ogg Vorbis and Opus, and within 2e-7 (float rounding in
 * mpg123's synthesis filter, which depends on where decoding started) for
 * MP3; decoder warm-up and the resampler's edge stay inside the 1-s margin
 * (tests/test-audio.c asserts ≤ 1e-6). Seeking MP3 accurately makes the
 * parser scan frames up to the target (not decode them): about 0.5 s of CPU
 * for a 3-hour file against 6-7 s for streaming it.
 *
 * Returns: (transfer full) (nullable): the chunks
 */
EmChunkSet *
em_audio_read_chunks (const char    *path,
                      double         chunk_seconds,
                      guint          max_chunks,
                      GCancellable  *cancellable,
                      GError       **error)
{
  EmDecodeResult result;
  EmChunkSet *set;
  g_autoptr(GError) local_error = NULL;
  double tail_s = max_chunks > 0 ? max_chunks * chunk_seconds + TAIL_MARGIN_S : 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (chunk_seconds > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_em_audio_decode_tail (path, tail_s, TRUE, &result, cancellable, error))
    return NULL;

  set = em_chunk_set_new_from_samples (g_steal_pointer (&result.samples), result.n_samples,
                                       result.start_s, result.end_s, chunk_seconds, max_chunks,
                                       &local_error);
  if (set == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_EMPTY, "“%s”: %s", display, local_error->message);
      _em_decode_result_clear (&result);
      return NULL;
    }

  set->warning = g_steal_pointer (&result.warning);
  set->seeked = result.seeked;
  _em_decode_result_clear (&result);
  return set;
}

guint
em_chunk_set_get_n_chunks (EmChunkSet *set)
{
  g_return_val_if_fail (set != NULL, 0);

  return set->chunks->len;
}

/**
 * em_chunk_set_get_chunk:
 * @set: a chunk set
 * @i: chunk index counted from the end (0 = the last chunk)
 *
 * Returns: (transfer none) (nullable): the chunk, valid as long as @set
 */
const EmChunk *
em_chunk_set_get_chunk (EmChunkSet *set,
                        guint       i)
{
  g_return_val_if_fail (set != NULL, NULL);

  if (i >= set->chunks->len)
    return NULL;
  return &g_array_index (set->chunks, EmChunk, i);
}

double
em_chunk_set_get_duration (EmChunkSet *set)
{
  g_return_val_if_fail (set != NULL, 0);

  return set->duration_s;
}

/**
 * em_chunk_set_get_warning:
 * @set: a chunk set
 *
 * Returns: (nullable): what was wrong with a file that decoded only partly
 *   (e.g. "truncated: decoded 5.5 s of 5.5 s"), or %NULL
 */
const char *
em_chunk_set_get_warning (EmChunkSet *set)
{
  g_return_val_if_fail (set != NULL, NULL);

  return set->warning;
}

/* TRUE if only the tail was decoded after a seek (for tests and benchmarks). */
gboolean
em_chunk_set_get_seeked (EmChunkSet *set)
{
  g_return_val_if_fail (set != NULL, FALSE);

  return set->seeked;
}
