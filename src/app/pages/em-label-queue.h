/* em-label-queue.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

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

G_END_DECLS
