/* em-dendrogram.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EmDendrogram:
 * @n_leaves: observations in the tree
 * @n_shown: leaves drawn: @n_leaves, or p when truncated to the last p merges
 * @shown_nodes: node id of each drawn leaf, left to right (an id below
 *   @n_leaves is an observation, id @n_leaves + i the cluster of row i)
 * @shown_counts: observations under each drawn leaf (they add up to @n_leaves)
 * @n_links: drawn merges, @n_shown - 1
 * @link_nodes: node id of each drawn merge
 * @icoord: @n_links x 4 x positions of each merge's "⊓" (left foot, left top,
 *   right top, right foot), as SciPy's dendrogram: leaf k is at 10 k + 5
 * @dcoord: @n_links x 4 heights of the same four points (a leaf, truncated or
 *   not, is at height 0)
 *
 * Drawing data of a dendrogram, like `scipy.cluster.hierarchy.dendrogram
 * (Z, truncate_mode='lastp', p=p, no_plot=True)`; links come in the same
 * (post-)order.
 */
typedef struct
{
  gsize    n_leaves;
  gsize    n_shown;
  gint32  *shown_nodes;
  guint32 *shown_counts;
  gsize    n_links;
  gint32  *link_nodes;
  double  *icoord;
  double  *dcoord;
} EmDendrogram;

gboolean      em_dendrogram_leaves_list (const double  *z,
                                         gsize          n_leaves,
                                         gint32        *order,
                                         GError       **error);
EmDendrogram *em_dendrogram_new         (const double  *z,
                                         gsize          n_leaves,
                                         gsize          p,
                                         GError       **error);
void          em_dendrogram_free        (EmDendrogram  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmDendrogram, em_dendrogram_free)

G_END_DECLS
