/* em-knn-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Rows permuted into leaves of a median-split tree over their projection
 * on the leading principal axes, with each leaf's bounding box in that
 * projection.  Distances between projections never exceed the true
 * distances, so the gap between two boxes is a lower bound for every
 * pair of rows of the two leaves. */
typedef struct
{
  gsize   n;
  gsize   d;
  gsize   m;            /* dimensions of the rotated frame (= d) */
  gsize  *perm;         /* perm[p]: original row at position p */
  double *xp;           /* rows in position order, column-centred */
  double *norms;        /* squared norms of xp's rows */
  gsize   n_leaves;
  gsize  *leaf_start;   /* n_leaves + 1 positions */
  double *lo;           /* n_leaves x m box corners */
  double *hi;
} EmKnnTree;

EmKnnTree *_em_knn_tree_new           (const double    *x,
                                       gsize            n,
                                       gsize            d,
                                       gsize            leaf_size);
void       _em_knn_tree_free          (EmKnnTree       *tree);
double     _em_knn_tree_box_distance2 (const EmKnnTree *tree,
                                       gsize            a,
                                       gsize            b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmKnnTree, _em_knn_tree_free)

G_END_DECLS
