/* em-dendrogram-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EM_TYPE_DENDROGRAM_VIEW (em_dendrogram_view_get_type ())

G_DECLARE_FINAL_TYPE (EmDendrogramView, em_dendrogram_view, EM, DENDROGRAM_VIEW, GtkWidget)

EmDendrogramView *em_dendrogram_view_new             (void);
void              em_dendrogram_view_set_linkage     (EmDendrogramView *self,
                                                      const double     *z,
                                                      guint             n_leaves,
                                                      guint             p);
void              em_dendrogram_view_clear           (EmDendrogramView *self);
guint             em_dendrogram_view_get_n_leaves    (EmDendrogramView *self);
double            em_dendrogram_view_get_cut_height  (EmDendrogramView *self);
void              em_dendrogram_view_set_cut_height  (EmDendrogramView *self,
                                                      double            height);
guint             em_dendrogram_view_get_n_clusters  (EmDendrogramView *self);
void              em_dendrogram_view_set_n_clusters  (EmDendrogramView *self,
                                                      guint             n_clusters);
const guint      *em_dendrogram_view_get_assignments (EmDendrogramView *self,
                                                      guint            *n_leaves);
GtkBitset        *em_dendrogram_view_dup_leaves      (EmDendrogramView *self,
                                                      guint             node);
gboolean          em_dendrogram_view_get_branch_at   (EmDendrogramView *self,
                                                      double            x,
                                                      double            y,
                                                      guint            *node);
gboolean          em_dendrogram_view_get_node_point  (EmDendrogramView *self,
                                                      guint             node,
                                                      double           *x,
                                                      double           *y);
double            em_dendrogram_view_get_y_for_height (EmDendrogramView *self,
                                                       double            height);

G_END_DECLS
