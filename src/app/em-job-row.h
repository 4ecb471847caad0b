/* em-job-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "em-job.h"

G_BEGIN_DECLS

#define EM_TYPE_JOB_ROW (em_job_row_get_type ())

G_DECLARE_FINAL_TYPE (EmJobRow, em_job_row, EM, JOB_ROW, GtkListBoxRow)

GtkWidget *em_job_row_new     (EmJob    *job);
EmJob     *em_job_row_get_job (EmJobRow *self);

G_END_DECLS
