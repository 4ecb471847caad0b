/* em-chunk-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "em-label.h"

G_BEGIN_DECLS

/**
 * EmChunkKind:
 * @EM_CHUNK_KIND_CHUNK: an analysed chunk of a decoded track
 * @EM_CHUNK_KIND_ERROR: a track that failed to decode (no chunks)
 *
 * What a row of the library list stands for.
 */
typedef enum
{
  EM_CHUNK_KIND_CHUNK,
  EM_CHUNK_KIND_ERROR,
} EmChunkKind;

#define EM_TYPE_CHUNK_ITEM (em_chunk_item_get_type ())

G_DECLARE_FINAL_TYPE (EmChunkItem, em_chunk_item, EM, CHUNK_ITEM, GObject)

EmChunkItem *em_chunk_item_new            (guint        position,
                                           EmChunkKind  kind,
                                           const char  *path,
                                           guint        chunk_idx,
                                           double       start_s,
                                           double       end_s,
                                           EmLabel      label,
                                           EmLabel      prediction,
                                           double       confidence,
                                           const char  *error);
guint        em_chunk_item_get_position   (EmChunkItem *self);
EmChunkKind  em_chunk_item_get_kind       (EmChunkItem *self);
const char  *em_chunk_item_get_path       (EmChunkItem *self);
const char  *em_chunk_item_get_file_name  (EmChunkItem *self);
guint        em_chunk_item_get_chunk_idx  (EmChunkItem *self);
double       em_chunk_item_get_start      (EmChunkItem *self);
double       em_chunk_item_get_end        (EmChunkItem *self);
double       em_chunk_item_get_duration   (EmChunkItem *self);
EmLabel      em_chunk_item_get_label      (EmChunkItem *self);
EmLabel      em_chunk_item_get_prediction (EmChunkItem *self);
double       em_chunk_item_get_confidence (EmChunkItem *self);
const char  *em_chunk_item_get_error      (EmChunkItem *self);

G_END_DECLS
