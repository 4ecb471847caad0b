/* em-cluster-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "em-explorer.h"

G_BEGIN_DECLS

#define EM_TYPE_CLUSTER_ITEM (em_cluster_item_get_type ())

G_DECLARE_FINAL_TYPE (EmClusterItem, em_cluster_item, EM, CLUSTER_ITEM, GObject)

EmClusterItem          *em_cluster_item_new         (const EmClusterSummary *summary,
                                                     const GdkRGBA          *color);
const EmClusterSummary *em_cluster_item_get_summary (EmClusterItem          *self);
const GdkRGBA          *em_cluster_item_get_color   (EmClusterItem          *self);
char                   *em_cluster_item_dup_name    (EmClusterItem          *self);

/* em-cluster-table.c: the columns of the Explore page's cluster table */
void                    em_cluster_table_setup      (GtkColumnView          *view);

G_END_DECLS
