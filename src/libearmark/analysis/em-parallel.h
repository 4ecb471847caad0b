/* em-parallel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "em-job.h"

G_BEGIN_DECLS

/**
 * EmParallelFunc:
 * @begin: first item of the chunk
 * @end: one past the last item of the chunk
 * @worker: index of the worker running the chunk, below em_parallel_get_n_workers()
 * @user_data: data given to em_parallel_for()
 *
 * Processes items [@begin, @end).  Chunks run concurrently, so a chunk
 * writes only its own items' results (or per-worker scratch).
 */
typedef void (*EmParallelFunc) (gsize    begin,
                                gsize    end,
                                guint    worker,
                                gpointer user_data);

guint    em_parallel_get_n_workers (void);
void     em_parallel_set_n_workers (guint            n_workers);
gboolean em_parallel_for           (gsize            n_items,
                                    gsize            chunk,
                                    EmParallelFunc   func,
                                    gpointer         user_data,
                                    EmJob           *job,
                                    double           fraction_begin,
                                    double           fraction_end,
                                    const char      *message,
                                    GError         **error);

G_END_DECLS
