/* em-linkage-workers.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fixed team of threads that runs one function on every part of a
 * split range and waits for all of them. Meant for many short calls
 * (one nearest-neighbour scan of ~100 us each), so workers spin briefly
 * before sleeping on a condition variable. */
typedef struct _EmLinkageWorkers EmLinkageWorkers;

typedef void (*EmLinkageWorkFunc) (guint    part,
                                   guint    n_parts,
                                   gpointer user_data);

EmLinkageWorkers *_em_linkage_workers_new      (guint              n_threads);
guint             _em_linkage_workers_n_parts  (EmLinkageWorkers  *self);
gboolean          _em_linkage_workers_run      (EmLinkageWorkers  *self,
                                                EmLinkageWorkFunc  func,
                                                gpointer           user_data);
void              _em_linkage_workers_free     (EmLinkageWorkers  *self);

G_END_DECLS
