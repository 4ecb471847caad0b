/* em-kdistance-plot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EM_TYPE_KDISTANCE_PLOT (em_kdistance_plot_get_type ())

G_DECLARE_FINAL_TYPE (EmKDistancePlot, em_kdistance_plot, EM, KDISTANCE_PLOT, GtkWidget)

EmKDistancePlot *em_kdistance_plot_new            (void);
void             em_kdistance_plot_set_distances  (EmKDistancePlot *self,
                                                   const double    *sorted_kdist,
                                                   guint            n,
                                                   double           suggested_eps);
double           em_kdistance_plot_get_suggested_eps (EmKDistancePlot *self);
double           em_kdistance_plot_get_eps        (EmKDistancePlot *self);
void             em_kdistance_plot_set_eps        (EmKDistancePlot *self,
                                                   double           eps);
double           em_kdistance_plot_get_y_for_eps  (EmKDistancePlot *self,
                                                   double           eps);

G_END_DECLS
