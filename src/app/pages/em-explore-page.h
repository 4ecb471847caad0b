/* em-explore-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "em-page.h"

G_BEGIN_DECLS

#define EM_TYPE_EXPLORE_PAGE (em_explore_page_get_type ())

G_DECLARE_FINAL_TYPE (EmExplorePage, em_explore_page, EM, EXPLORE_PAGE, AdwBin)

EmExplorePage *em_explore_page_new (void);

G_END_DECLS
