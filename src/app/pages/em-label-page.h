/* em-label-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "em-library.h"
#include "em-player.h"
#include "em-label-controls.h"
#include "em-label-queue.h"

G_BEGIN_DECLS

#define EM_TYPE_LABEL_PAGE (em_label_page_get_type ())

G_DECLARE_FINAL_TYPE (EmLabelPage, em_label_page, EM, LABEL_PAGE, GtkWidget)

EmLabelPage *em_label_page_new               (void);
EmLabelPage *em_label_page_new_with_sink     (const char  *audio_sink_factory);
EmLibrary   *em_label_page_get_library       (EmLabelPage *self);
void         em_label_page_set_library       (EmLabelPage *self,
                                              EmLibrary   *library);
void         em_label_page_set_seed          (EmLabelPage *self,
                                              guint        seed);
void         em_label_page_set_folder        (EmLabelPage *self,
                                              const char  *folder);
void         em_label_page_set_queue         (EmLabelPage *self,
                                              GPtrArray   *items,
                                              const char  *title);
const char  *em_label_page_get_queue_title   (EmLabelPage *self);
const char  *em_label_page_get_current_path  (EmLabelPage *self);
int          em_label_page_get_current_index (EmLabelPage *self);
guint        em_label_page_get_queue_length  (EmLabelPage *self);
const EmLabelQueueItem *em_label_page_get_queue_item (EmLabelPage *self,
                                                      guint        i);
EmPlayer    *em_label_page_get_player        (EmLabelPage *self);
guint        em_label_page_get_n_plays       (EmLabelPage *self);
const char  *em_label_page_get_counts_text   (EmLabelPage *self);
const char  *em_label_page_get_error_text    (EmLabelPage *self);
gboolean     em_label_page_is_empty          (EmLabelPage *self);
gboolean     em_label_page_is_busy           (EmLabelPage *self);
gboolean     em_label_page_get_uncertain_available (EmLabelPage *self);
EmLabelControls *em_label_page_get_controls  (EmLabelPage *self);

G_END_DECLS
