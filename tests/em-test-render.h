/* em-test-render.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void    em_test_iterate       (double     seconds);
guchar *em_test_render_widget (GtkWidget *widget,
                               int        width,
                               int        height);

G_END_DECLS
