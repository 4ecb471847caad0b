/* em-knn.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "em-analysis-error.h"
#include "em-job.h"

G_BEGIN_DECLS

void     em_knn_row_norms  (const double  *x,
                            gsize          n,
                            gsize          d,
                            double        *norms);
gboolean em_knn_exact      (const double  *x,
                            gsize          n,
                            gsize          d,
                            guint          k,
                            guint32       *indices,
                            double        *distances,
                            EmJob         *job,
                            GError       **error);
gboolean em_knn_radius     (const double  *x,
                            gsize          n,
                            gsize          d,
                            double         radius,
                            guint64      **offsets,
                            guint32      **neighbors,
                            EmJob         *job,
                            GError       **error);

G_END_DECLS
