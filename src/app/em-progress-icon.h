/* em-progress-icon.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EM_TYPE_PROGRESS_ICON (em_progress_icon_get_type ())

G_DECLARE_FINAL_TYPE (EmProgressIcon, em_progress_icon, EM, PROGRESS_ICON, GtkWidget)

GtkWidget *em_progress_icon_new          (void);
double     em_progress_icon_get_fraction (EmProgressIcon *self);
void       em_progress_icon_set_fraction (EmProgressIcon *self,
                                          double          fraction);

G_END_DECLS
