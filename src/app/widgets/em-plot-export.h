/* em-plot-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean em_plot_export_to_file    (GtkWidget   *plot,
                                    GFile       *file,
                                    GError     **error);
void     em_plot_export_run_dialog (GtkWidget   *plot,
                                    GtkWindow   *parent,
                                    const char  *suggested_name);

G_END_DECLS
