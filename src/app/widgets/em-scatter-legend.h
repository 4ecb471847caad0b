/* em-scatter-legend.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to EmScatterPlot: the legend box drawn over the plot.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _EmScatterLegend EmScatterLegend;

EmScatterLegend *em_scatter_legend_new        (void);
void             em_scatter_legend_free       (EmScatterLegend       *legend);
void             em_scatter_legend_set        (EmScatterLegend       *legend,
                                               const GdkRGBA         *palette,
                                               const char * const    *names,
                                               guint                  n_colors);
void             em_scatter_legend_invalidate (EmScatterLegend       *legend);
void             em_scatter_legend_snapshot   (EmScatterLegend       *legend,
                                               GtkWidget             *widget,
                                               GtkSnapshot           *snapshot,
                                               const graphene_rect_t *plot);

G_END_DECLS
