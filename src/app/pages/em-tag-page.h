/* em-tag-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "em-page.h"
#include "em-tag-results.h"
#include "em-tagger.h"

G_BEGIN_DECLS

#define EM_TYPE_TAG_PAGE (em_tag_page_get_type ())

G_DECLARE_FINAL_TYPE (EmTagPage, em_tag_page, EM, TAG_PAGE, AdwBin)

EmTagPage          *em_tag_page_new                      (void);
const char         *em_tag_page_get_view                 (EmTagPage *self);
gboolean            em_tag_page_is_busy                  (EmTagPage *self);
EmTagResults       *em_tag_page_get_results              (EmTagPage *self);
const EmTagSummary *em_tag_page_get_last_summary         (EmTagPage *self);
guint               em_tag_page_get_class_count          (EmTagPage *self,
                                                          EmLabel    label);
GListModel         *em_tag_page_get_track_model          (EmTagPage *self);
double              em_tag_page_get_confidence_threshold (EmTagPage *self);
void                em_tag_page_set_confidence_threshold (EmTagPage *self,
                                                          double     threshold);
guint               em_tag_page_get_n_uncertain          (EmTagPage *self);
void                em_tag_page_reload                   (EmTagPage *self);

G_END_DECLS
