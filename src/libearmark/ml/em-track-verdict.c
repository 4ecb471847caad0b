/* em-track-verdict.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Track-level verdict from chunk predictions.  Chunks are indexed from the
 * end (chunk 0 = the last 10 s), so the outro is chunk 0 and the music
 * that ends a track is a run of music-containing chunks 0, 1, …, m; the
 * music starts at chunk m's start time.
 *
 * "Has outro music" looks at the last @outro_chunks chunks (1 = only the
 * last 10 s).  With 2, a track whose final seconds are a silent tail after
 * the music still counts; the run then starts at the first music chunk
 * among them.
 */

#include "config.h"

#include <math.h>

#include "em-metrics.h"
#include "em-track-verdict.h"

/**
 * em_chunk_contains_music:
 * @proba_row: (array): one chunk's class probabilities
 * @mode: the model's mode
 *
 * Returns: %TRUE if the most probable class is music or both
 *   (three-class), or P(music) ≥ 0.5 (binary).
 */
gboolean
em_chunk_contains_music (const double   *proba_row,
                         EmEnsembleMode  mode)
{
  guint8 best;

  if (mode == EM_ENSEMBLE_MODE_BINARY)
    return proba_row[EM_ML_BINARY_MUSIC] >= 0.5;

  best = em_metrics_argmax (proba_row, 3);
  return best == EM_ML_CLASS_MUSIC || best == EM_ML_CLASS_BOTH;
}

/**
 * em_track_verdict_compute:
 * @proba: (array): n_chunks × n_classes probabilities, row i = chunk i
 *   (chunk 0 = the last 10 s)
 * @n_chunks: number of chunks
 * @mode: the model's mode
 * @outro_chunks: how many final chunks decide "has outro music" (≥ 1)
 * @chunk_start_s: (array length=n_chunks) (nullable): start time of each
 *   chunk in seconds
 * @verdict: (out caller-allocates): the verdict
 * @error: return location for an error
 *
 * Returns: %TRUE on success.
 */
gboolean
em_track_verdict_compute (const double   *proba,
                          gsize           n_chunks,
                          EmEnsembleMode  mode,
                          guint           outro_chunks,
                          const double   *chunk_start_s,
                          EmTrackVerdict *verdict,
                          GError        **error)
{
  guint k = em_ensemble_mode_get_n_classes (mode);
  gsize first = G_MAXSIZE;

  if ((proba == NULL && n_chunks > 0) || outro_chunks == 0)
    {
      g_set_error_literal (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                           "A track verdict needs chunk probabilities and at least one outro chunk");
      return FALSE;
    }

  *verdict = (EmTrackVerdict) { FALSE, -1, NAN, 0 };

  for (gsize i = 0; i < n_chunks; i++)
    if (em_chunk_contains_music (proba + i * k, mode))
      {
        verdict->n_music_chunks++;
        if (first == G_MAXSIZE && i < outro_chunks)
          first = i;
      }

  if (first == G_MAXSIZE)
    return TRUE;

  verdict->has_outro_music = TRUE;
  verdict->music_start_chunk = (gint)first;
  while ((gsize)verdict->music_start_chunk + 1 < n_chunks &&
         em_chunk_contains_music (proba + (verdict->music_start_chunk + 1) * k, mode))
    verdict->music_start_chunk++;

  if (chunk_start_s != NULL)
    verdict->music_start_s = chunk_start_s[verdict->music_start_chunk];

  return TRUE;
}
