/* em-silhouette.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "em-analysis-error.h"
#include "em-job.h"

G_BEGIN_DECLS

gboolean em_silhouette_samples       (const double  *x,
                                      gsize          n_rows,
                                      gsize          n_cols,
                                      const gint32  *labels,
                                      double        *values,
                                      EmJob         *job,
                                      GError       **error);
gboolean em_silhouette_score         (const double  *x,
                                      gsize          n_rows,
                                      gsize          n_cols,
                                      const gint32  *labels,
                                      double        *score,
                                      EmJob         *job,
                                      GError       **error);
gboolean em_silhouette_score_sampled (const double  *x,
                                      gsize          n_rows,
                                      gsize          n_cols,
                                      const gint32  *labels,
                                      gsize          sample_size,
                                      guint32        seed,
                                      double        *score,
                                      EmJob         *job,
                                      GError       **error);

G_END_DECLS
