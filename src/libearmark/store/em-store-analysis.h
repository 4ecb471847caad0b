/* em-store-analysis.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "em-store.h"

G_BEGIN_DECLS

/**
 * EmAnalysisRows:
 * @n_rows: number of rows
 * @paths: (element-type utf8): the track path of each row
 * @chunk_idx: (element-type guint): the chunk index of each row
 * @spans: (element-type double): start and end (seconds) of each row's
 *   chunk, two doubles per row
 * @state: a key of the library state these rows come from: a SHA-256 of
 *   every (path, mtime, chunk) with features of the set version
 *
 * The chunks that em_store_load_features() returns, in the same order,
 * with what the Explore page needs to play them and to key its cache.
 */
typedef struct
{
  gsize      n_rows;
  GPtrArray *paths;
  GArray    *chunk_idx;
  GArray    *spans;
  char      *state;
} EmAnalysisRows;

void            em_analysis_rows_free         (EmAnalysisRows  *rows);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmAnalysisRows, em_analysis_rows_free)

EmAnalysisRows *em_store_load_analysis_rows   (EmStore         *self,
                                               guint            set_version,
                                               GError         **error);
gboolean        em_store_save_analysis        (EmStore         *self,
                                               const char      *kind,
                                               guint            set_version,
                                               const char      *params,
                                               const char      *state,
                                               GBytes          *data,
                                               GError         **error);
GBytes         *em_store_load_analysis        (EmStore         *self,
                                               const char      *kind,
                                               guint            set_version,
                                               const char      *params,
                                               const char      *state,
                                               GError         **error);

G_END_DECLS
