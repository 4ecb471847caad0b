/* em-track-verdict.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "em-ensemble.h"

G_BEGIN_DECLS

/**
 * EmTrackVerdict:
 * @has_outro_music: one of the last @outro_chunks chunks contains music
 * @music_start_chunk: highest chunk index of the contiguous run of
 *   music-containing chunks that reaches the end of the track, or −1
 * @music_start_s: start time of that chunk (from the chunk start times
 *   given), or NaN when none or unknown
 * @n_music_chunks: chunks of the whole track that contain music
 *
 * The track-level verdict the seed cared about: does the episode end with
 * music, and where does that music start.
 */
typedef struct
{
  gboolean has_outro_music;
  gint     music_start_chunk;
  double   music_start_s;
  gsize    n_music_chunks;
} EmTrackVerdict;

gboolean em_chunk_contains_music   (const double   *proba_row,
                                    EmEnsembleMode  mode);
gboolean em_track_verdict_compute  (const double   *proba,
                                    gsize           n_chunks,
                                    EmEnsembleMode  mode,
                                    guint           outro_chunks,
                                    const double   *chunk_start_s,
                                    EmTrackVerdict *verdict,
                                    GError        **error);

G_END_DECLS
