/* em-confusion-matrix.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EM_TYPE_CONFUSION_MATRIX (em_confusion_matrix_get_type ())

G_DECLARE_FINAL_TYPE (EmConfusionMatrix, em_confusion_matrix, EM, CONFUSION_MATRIX, GtkWidget)

GtkWidget *em_confusion_matrix_new            (void);
void       em_confusion_matrix_set_data       (EmConfusionMatrix   *self,
                                               const gsize         *counts,
                                               guint                n_classes,
                                               const char * const  *class_names);
guint      em_confusion_matrix_get_n_classes  (EmConfusionMatrix   *self);
gsize      em_confusion_matrix_get_count      (EmConfusionMatrix   *self,
                                               guint                true_class,
                                               guint                predicted_class);
gboolean   em_confusion_matrix_get_normalized (EmConfusionMatrix   *self);
void       em_confusion_matrix_set_normalized (EmConfusionMatrix   *self,
                                               gboolean             normalized);
void       em_confusion_matrix_get_focus_cell (EmConfusionMatrix   *self,
                                               guint               *true_class,
                                               guint               *predicted_class);
void       em_confusion_matrix_set_focus_cell (EmConfusionMatrix   *self,
                                               guint                true_class,
                                               guint                predicted_class);
gboolean   em_confusion_matrix_get_cell_at    (EmConfusionMatrix   *self,
                                               double               x,
                                               double               y,
                                               guint               *true_class,
                                               guint               *predicted_class);
void       em_confusion_matrix_activate_cell  (EmConfusionMatrix   *self,
                                               guint                true_class,
                                               guint                predicted_class);

G_END_DECLS
