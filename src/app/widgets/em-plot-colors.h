/* em-plot-colors.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "em-label.h"

G_BEGIN_DECLS

/* Cluster id of points that belong to no cluster (DBSCAN noise, unlabelled). */
#define EM_PLOT_NO_CLUSTER G_MAXUINT

void em_plot_colors_for_label   (EmLabel   label,
                                 gboolean  dark,
                                 GdkRGBA  *color);
void em_plot_colors_for_cluster (guint     cluster,
                                 gboolean  dark,
                                 GdkRGBA  *color);
void em_plot_colors_for_value   (double    value,
                                 gboolean  dark,
                                 GdkRGBA  *color);

G_END_DECLS
