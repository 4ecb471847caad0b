/* em-explore-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "em-explorer.h"
#include "em-page.h"

G_BEGIN_DECLS

#define EM_TYPE_EXPLORE_PAGE (em_explore_page_get_type ())

G_DECLARE_FINAL_TYPE (EmExplorePage, em_explore_page, EM, EXPLORE_PAGE, AdwBin)

EmExplorePage *em_explore_page_new              (void);
EmExplorer    *em_explore_page_get_explorer     (EmExplorePage  *self);
gboolean       em_explore_page_is_busy          (EmExplorePage  *self);
GListModel    *em_explore_page_get_clusters     (EmExplorePage  *self);
const gint32  *em_explore_page_get_assignments  (EmExplorePage  *self,
                                                 gsize          *n_rows);
GtkWidget     *em_explore_page_get_scatter      (EmExplorePage  *self);
GtkWidget     *em_explore_page_get_dendrogram   (EmExplorePage  *self);
gboolean       em_explore_page_export_selection (EmExplorePage  *self,
                                                 GFile          *file,
                                                 GError        **error);

G_END_DECLS
