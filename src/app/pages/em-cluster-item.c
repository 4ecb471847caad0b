/* em-cluster-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the Explore page's cluster table: a cluster's summary and
 * its colour on the map.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-cluster-item.h"

struct _EmClusterItem
{
  GObject          parent_instance;

  EmClusterSummary summary;
  GdkRGBA          color;
};

G_DEFINE_FINAL_TYPE (EmClusterItem, em_cluster_item, G_TYPE_OBJECT)

static void
em_cluster_item_class_init (EmClusterItemClass *klass)
{
}

static void
em_cluster_item_init (EmClusterItem *self)
{
}

EmClusterItem *
em_cluster_item_new (const EmClusterSummary *summary,
                     const GdkRGBA          *color)
{
  EmClusterItem *self = g_object_new (EM_TYPE_CLUSTER_ITEM, NULL);

  self->summary = *summary;
  self->color = *color;

  return self;
}

const EmClusterSummary *
em_cluster_item_get_summary (EmClusterItem *self)
{
  g_return_val_if_fail (EM_IS_CLUSTER_ITEM (self), NULL);
  return &self->summary;
}

const GdkRGBA *
em_cluster_item_get_color (EmClusterItem *self)
{
  g_return_val_if_fail (EM_IS_CLUSTER_ITEM (self), NULL);
  return &self->color;
}

/* Clusters are numbered from 1 for people; noise has a name of its own. */
char *
em_cluster_item_dup_name (EmClusterItem *self)
{
  g_return_val_if_fail (EM_IS_CLUSTER_ITEM (self), NULL);

  if (self->summary.cluster < 0)
    return g_strdup (_("Noise"));
  return g_strdup_printf (_("Cluster %d"), self->summary.cluster + 1);
}
