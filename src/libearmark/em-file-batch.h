/* em-file-batch.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "em-job.h"

G_BEGIN_DECLS

/* Runs on a worker thread; returns the file's result, or %NULL and sets @error. */
typedef gpointer (*EmFileBatchWorkFunc)    (const char    *path,
                                            gpointer       user_data,
                                            GCancellable  *cancellable,
                                            GError       **error);

/* Runs on the calling thread, once per file, in input order. */
typedef void     (*EmFileBatchDeliverFunc) (guint          index,
                                            const char    *path,
                                            gpointer       result,
                                            const GError  *error,
                                            gpointer       user_data);

gboolean em_file_batch_run (GPtrArray              *paths,
                            guint                   n_threads,
                            EmFileBatchWorkFunc     work,
                            GDestroyNotify          result_free,
                            EmFileBatchDeliverFunc  deliver,
                            gpointer                user_data,
                            EmJob                  *job,
                            GError                **error);

G_END_DECLS
