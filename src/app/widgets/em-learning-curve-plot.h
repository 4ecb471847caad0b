/* em-learning-curve-plot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EM_TYPE_LEARNING_CURVE_PLOT (em_learning_curve_plot_get_type ())

G_DECLARE_FINAL_TYPE (EmLearningCurvePlot, em_learning_curve_plot, EM, LEARNING_CURVE_PLOT, GtkWidget)

GtkWidget *em_learning_curve_plot_new        (void);
void       em_learning_curve_plot_set_points (EmLearningCurvePlot *self,
                                              const gsize         *n_labels,
                                              const double        *mean_accuracy,
                                              const double        *std_accuracy,
                                              guint                n_points);
guint      em_learning_curve_plot_get_n_points (EmLearningCurvePlot *self);

G_END_DECLS
