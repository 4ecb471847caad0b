/* em-file-features.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "em-features.h"
#include "em-store.h"

G_BEGIN_DECLS

typedef struct
{
  double         duration_s;   /* decoded duration */
  guint          native_rate;  /* the file’s own sample rate, 0 if unknown */
  guint          channels;     /* the file's own channel count, 0 if unknown */
  guint          n_chunks;
  EmChunkRecord *chunks;       /* index i = chunk i, counted from the end */
  char          *warning;      /* (nullable) e.g. a truncated file decoded in part */
} EmFileFeatures;

EmFileFeatures *em_file_features_compute (EmFeatureExtractor  *extractor,
                                          const char          *path,
                                          double               chunk_seconds,
                                          guint                max_chunks,
                                          GCancellable        *cancellable,
                                          GError             **error);
void            em_file_features_free    (EmFileFeatures      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmFileFeatures, em_file_features_free)

G_END_DECLS
