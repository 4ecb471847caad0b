/* em-chunk-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the library list. Items are created on demand by
 * EmChunkList's get_item() from its compact row array, so they are plain
 * immutable snapshots: a label change replaces the item (items_changed)
 * instead of notifying it.
 */

#include "config.h"

#include <string.h>

#include "em-chunk-item.h"

struct _EmChunkItem
{
  GObject      parent_instance;

  char        *path;
  const char  *file_name;   /* points into path */
  char        *error;
  guint        position;
  guint        chunk_idx;
  double       start_s;
  double       end_s;
  double       confidence;
  EmChunkKind  kind;
  EmLabel      label;
  EmLabel      prediction;
};

G_DEFINE_FINAL_TYPE (EmChunkItem, em_chunk_item, G_TYPE_OBJECT)

static void
em_chunk_item_finalize (GObject *object)
{
  EmChunkItem *self = EM_CHUNK_ITEM (object);

  g_free (self->path);
  g_free (self->error);

  G_OBJECT_CLASS (em_chunk_item_parent_class)->finalize (object);
}

static void
em_chunk_item_class_init (EmChunkItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = em_chunk_item_finalize;
}

static void
em_chunk_item_init (EmChunkItem *self)
{
}

/**
 * em_chunk_item_new:
 * @position: the row's position in its #EmChunkList
 * @kind: chunk or failed track
 * @path: absolute path of the track
 * @chunk_idx: chunk index counted from the end
 * @start_s: start in the track, seconds
 * @end_s: end in the track, seconds
 * @label: the chunk's label
 * @prediction: the active model's verdict, %EM_LABEL_NONE if none
 * @confidence: the verdict's probability, NaN if none
 * @error: (nullable): why the track failed
 *
 * Returns: (transfer full): a new item
 */
EmChunkItem *
em_chunk_item_new (guint        position,
                   EmChunkKind  kind,
                   const char  *path,
                   guint        chunk_idx,
                   double       start_s,
                   double       end_s,
                   EmLabel      label,
                   EmLabel      prediction,
                   double       confidence,
                   const char  *error)
{
  EmChunkItem *self = g_object_new (EM_TYPE_CHUNK_ITEM, NULL);
  const char *slash;

  self->position = position;
  self->kind = kind;
  self->path = g_strdup (path);
  slash = strrchr (self->path, G_DIR_SEPARATOR);
  self->file_name = slash != NULL ? slash + 1 : self->path;
  self->chunk_idx = chunk_idx;
  self->start_s = start_s;
  self->end_s = end_s;
  self->label = label;
  self->prediction = prediction;
  self->confidence = confidence;
  self->error = g_strdup (error);

  return self;
}

guint
em_chunk_item_get_position (EmChunkItem *self)
{
  g_return_val_if_fail (EM_IS_CHUNK_ITEM (self), 0);
  return self->position;
}

EmChunkKind
em_chunk_item_get_kind (EmChunkItem *self)
{
  g_return_val_if_fail (EM_IS_CHUNK_ITEM (self), EM_CHUNK_KIND_CHUNK);
  return self->kind;
}

const char *
em_chunk_item_get_path (EmChunkItem *self)
{
  g_return_val_if_fail (EM_IS_CHUNK_ITEM (self), NULL);
  return self->path;
}

const char *
em_chunk_item_get_file_name (EmChunkItem *self)
{
  g_return_val_if_fail (EM_IS_CHUNK_ITEM (self), NULL);
  return self->file_name;
}

guint
em_chunk_item_get_chunk_idx (EmChunkItem *self)
{
  g_return_val_if_fail (EM_IS_CHUNK_ITEM (self), 0);
  return self->chunk_idx;
}

double
em_chunk_item_get_start (EmChunkItem *self)
{
  g_return_val_if_fail (EM_IS_CHUNK_ITEM (self), 0.0);
  return self->start_s;
}

double
em_chunk_item_get_end (EmChunkItem *self)
{
  g_return_val_if_fail (EM_IS_CHUNK_ITEM (self), 0.0);
  return self->end_s;
}

double
em_chunk_item_get_duration (EmChunkItem *self)
{
  g_return_val_if_fail (EM_IS_CHUNK_ITEM (self), 0.0);
  return self->end_s - self->start_s;
}

EmLabel
em_chunk_item_get_label (EmChunkItem *self)
{
  g_return_val_if_fail (EM_IS_CHUNK_ITEM (self), EM_LABEL_NONE);
  return self->label;
}

EmLabel
em_chunk_item_get_prediction (EmChunkItem *self)
{
  g_return_val_if_fail (EM_IS_CHUNK_ITEM (self), EM_LABEL_NONE);
  return self->prediction;
}

double
em_chunk_item_get_confidence (EmChunkItem *self)
{
  g_return_val_if_fail (EM_IS_CHUNK_ITEM (self), 0.0);
  return self->confidence;
}

const char *
em_chunk_item_get_error (EmChunkItem *self)
{
  g_return_val_if_fail (EM_IS_CHUNK_ITEM (self), NULL);
  return self->error;
}
