/* em-library-columns.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "em-chunk-item.h"
#include "em-library-page.h"

G_BEGIN_DECLS

#define EM_LIBRARY_N_COLUMNS 7

gboolean    em_library_filter_matches (EmLibraryFilter        mode,
                                       EmChunkItem           *item);
void        em_library_columns_append (GtkColumnView         *view,
                                       GtkColumnViewColumn  **out_columns);
const char *em_library_column_id      (guint                  column);

G_END_DECLS
