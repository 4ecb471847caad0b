/* em-jobs-button.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "em-job.h"

G_BEGIN_DECLS

#define EM_TYPE_JOBS_BUTTON (em_jobs_button_get_type ())

G_DECLARE_FINAL_TYPE (EmJobsButton, em_jobs_button, EM, JOBS_BUTTON, GtkWidget)

GtkWidget  *em_jobs_button_new        (void);
void        em_jobs_button_add_job    (EmJobsButton *self,
                                       EmJob        *job);
GListModel *em_jobs_button_get_jobs   (EmJobsButton *self);
GtkPopover *em_jobs_button_get_popover (EmJobsButton *self);

G_END_DECLS
