/* em-chunk-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "em-chunk-item.h"
#include "em-store.h"

G_BEGIN_DECLS

#define EM_TYPE_CHUNK_LIST (em_chunk_list_get_type ())

G_DECLARE_FINAL_TYPE (EmChunkList, em_chunk_list, EM, CHUNK_LIST, GObject)

EmChunkList *em_chunk_list_new          (void);
void         em_chunk_list_load_async   (EmChunkList          *self,
                                         EmStore              *store,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean     em_chunk_list_load_finish  (EmChunkList          *self,
                                         GAsyncResult         *result,
                                         GError              **error);
void         em_chunk_list_clear        (EmChunkList          *self);
guint        em_chunk_list_get_n_chunks (EmChunkList          *self);
void         em_chunk_list_set_labels   (EmChunkList          *self,
                                         const guint          *positions,
                                         guint                 n,
                                         EmLabel               label);

G_END_DECLS
