/* em-fcluster.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean em_fcluster_by_distance  (const double  *z,
                                   gsize          n_leaves,
                                   double         threshold,
                                   gint32        *labels,
                                   gsize         *n_clusters,
                                   GError       **error);
gboolean em_fcluster_by_count     (const double  *z,
                                   gsize          n_leaves,
                                   gsize          max_clusters,
                                   gint32        *labels,
                                   gsize         *n_clusters,
                                   GError       **error);
gboolean em_fcluster_first_merges (const double  *z,
                                   gsize          n_leaves,
                                   gsize          n_merges,
                                   gint32        *labels,
                                   GError       **error);
double  *em_fcluster_max_heights  (const double  *z,
                                   gsize          n_leaves);

G_END_DECLS
