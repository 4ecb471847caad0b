/* em-tag-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "em-page.h"

G_BEGIN_DECLS

#define EM_TYPE_TAG_PAGE (em_tag_page_get_type ())

G_DECLARE_FINAL_TYPE (EmTagPage, em_tag_page, EM, TAG_PAGE, AdwBin)

EmTagPage *em_tag_page_new (void);

G_END_DECLS
