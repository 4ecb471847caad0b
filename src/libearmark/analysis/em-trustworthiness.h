/* em-trustworthiness.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "em-analysis-error.h"
#include "em-job.h"

G_BEGIN_DECLS

gboolean em_trustworthiness         (const double  *x,
                                     gsize          d,
                                     const double  *embedding,
                                     gsize          d_embedding,
                                     gsize          n,
                                     guint          k,
                                     double        *result,
                                     EmJob         *job,
                                     GError       **error);
gboolean em_trustworthiness_sampled (const double  *x,
                                     gsize          d,
                                     const double  *embedding,
                                     gsize          d_embedding,
                                     gsize          n,
                                     guint          k,
                                     gsize          n_sample,
                                     guint32        seed,
                                     double        *result,
                                     EmJob         *job,
                                     GError       **error);

G_END_DECLS
