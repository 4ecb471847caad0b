/* em-scan-report.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "em-store.h"

G_BEGIN_DECLS

/* Vanished files listed in the Scan view; the summary's count says the rest. */
#define EM_SCAN_REPORT_MAX_VANISHED_ROWS 200

gboolean em_scan_report_fill_errors   (GtkListBox  *list,
                                       GPtrArray   *errors);
gboolean em_scan_report_fill_vanished (GtkListBox  *list,
                                       EmStore     *store,
                                       guint        n_vanished,
                                       gboolean    *any,
                                       GError     **error);

G_END_DECLS
