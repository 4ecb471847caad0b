/* em-job.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define EM_TYPE_JOB (em_job_get_type ())

G_DECLARE_FINAL_TYPE (EmJob, em_job, EM, JOB, GObject)

EmJob        *em_job_new              (const char   *title);
const char   *em_job_get_title        (EmJob        *self);
GCancellable *em_job_get_cancellable  (EmJob        *self);
void          em_job_cancel           (EmJob        *self);
gboolean      em_job_is_cancelled     (EmJob        *self);
double        em_job_get_fraction     (EmJob        *self);
char         *em_job_dup_message      (EmJob        *self);
void          em_job_get_counts       (EmJob        *self,
                                       guint64      *done,
                                       guint64      *total);
double        em_job_get_rate         (EmJob        *self);
double        em_job_get_eta_seconds  (EmJob        *self);
void          em_job_update           (EmJob        *self,
                                       double        fraction,
                                       const char   *message);
void          em_job_update_counts    (EmJob        *self,
                                       guint64       done,
                                       guint64       total,
                                       const char   *current_item);
gboolean      em_job_get_finished     (EmJob        *self);
void          em_job_finish           (EmJob        *self);

G_END_DECLS
