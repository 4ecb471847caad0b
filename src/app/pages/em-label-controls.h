/* em-label-controls.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EM_TYPE_LABEL_CONTROLS (em_label_controls_get_type ())

G_DECLARE_FINAL_TYPE (EmLabelControls, em_label_controls, EM, LABEL_CONTROLS, GtkWidget)

double     em_label_controls_get_rate          (EmLabelControls *self);
void       em_label_controls_set_rate          (EmLabelControls *self,
                                                double           rate);
double     em_label_controls_get_volume        (EmLabelControls *self);
void       em_label_controls_set_volume        (EmLabelControls *self,
                                                double           volume);
gboolean   em_label_controls_get_auto_play     (EmLabelControls *self);
gboolean   em_label_controls_get_auto_advance  (EmLabelControls *self);
GtkWidget *em_label_controls_get_rate_widget   (EmLabelControls *self);
GtkWidget *em_label_controls_get_volume_widget (EmLabelControls *self);

G_END_DECLS
