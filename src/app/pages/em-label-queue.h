/* em-label-queue.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "em-store.h"

G_BEGIN_DECLS

/* One unlabelled chunk waiting on the Label page. */
typedef struct
{
  char   *path;
  guint   idx;       /* counted from the end of the track */
  double  start_s;
  double  end_s;
  guint   n_chunks;  /* chunks of the whole track */
} EmLabelQueueItem;

void              em_label_queue_item_free (EmLabelQueueItem       *item);
EmLabelQueueItem *em_label_queue_item_copy (const EmLabelQueueItem *item);
GPtrArray *em_label_queue_build     (EmStore          *store,
                                     const char       *folder,
                                     gboolean          shuffled,
                                     guint             seed,
                                     GError          **error);

void       em_label_queue_build_uncertain_async  (EmStore             *store,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray *em_label_queue_build_uncertain_finish (GAsyncResult        *result,
                                                  gint64              *model_id,
                                                  GError             **error);
void       em_label_queue_find_model_async       (EmStore             *store,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gint64     em_label_queue_find_model_finish      (GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
