/* em-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "em-application.h"
#include "em-jobs-button.h"
#include "em-library.h"
#include "pages/em-label-page.h"
#include "pages/em-library-page.h"
#include "pages/em-explore-page.h"
#include "pages/em-tag-page.h"
#include "pages/em-train-page.h"

G_BEGIN_DECLS

#define EM_TYPE_WINDOW (em_window_get_type ())

G_DECLARE_FINAL_TYPE (EmWindow, em_window, EM, WINDOW, AdwApplicationWindow)

EmWindow   *em_window_new          (EmApplication *application);
void        em_window_open_folder  (EmWindow      *self,
                                    GFile         *folder);
EmLibrary  *em_window_get_library  (EmWindow      *self);
EmJob      *em_window_get_scan_job (EmWindow      *self);
const char *em_window_get_page     (EmWindow      *self);
void        em_window_set_view     (EmWindow      *self,
                                    const char    *name);
EmLibraryPage *em_window_get_library_page (EmWindow *self);
EmLabelPage   *em_window_get_label_page   (EmWindow *self);
EmPage        *em_window_get_page_widget  (EmWindow   *self,
                                           const char *name);
EmJobsButton  *em_window_get_jobs_button  (EmWindow   *self);

G_END_DECLS
