/* em-standardize.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "em-analysis-error.h"

G_BEGIN_DECLS

gboolean em_standardize_fit   (const double  *x,
                               gsize          n_rows,
                               gsize          n_cols,
                               double        *mean,
                               double        *std,
                               GError       **error);
gboolean em_standardize_apply (const double  *x,
                               gsize          n_rows,
                               gsize          n_cols,
                               const double  *mean,
                               const double  *std,
                               double        *out,
                               gsize         *n_imputed,
                               GError       **error);
gboolean em_standardize       (const double  *x,
                               gsize          n_rows,
                               gsize          n_cols,
                               double        *out,
                               double        *mean,
                               double        *std,
                               gsize         *n_imputed,
                               GError       **error);

G_END_DECLS
