/* em-variance-plot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EM_TYPE_VARIANCE_PLOT (em_variance_plot_get_type ())

G_DECLARE_FINAL_TYPE (EmVariancePlot, em_variance_plot, EM, VARIANCE_PLOT, GtkWidget)

EmVariancePlot *em_variance_plot_new              (void);
void            em_variance_plot_set_ratios       (EmVariancePlot *self,
                                                   const double   *explained_variance_ratio,
                                                   guint           n);
guint           em_variance_plot_get_n_ratios     (EmVariancePlot *self);
double          em_variance_plot_get_cutoff       (EmVariancePlot *self);
void            em_variance_plot_set_cutoff       (EmVariancePlot *self,
                                                   double          cutoff);
guint           em_variance_plot_get_n_components (EmVariancePlot *self);
double          em_variance_plot_get_explained    (EmVariancePlot *self);
double          em_variance_plot_get_y_for_ratio  (EmVariancePlot *self,
                                                   double          ratio);

G_END_DECLS
