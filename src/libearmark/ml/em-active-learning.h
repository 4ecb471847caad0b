/* em-active-learning.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "em-ml-error.h"

G_BEGIN_DECLS

/**
 * EmUncertainty:
 * @EM_UNCERTAINTY_ENTROPY: −Σ p log p of the soft vote
 * @EM_UNCERTAINTY_MARGIN: 1 − (p₁ − p₂), the two most probable classes
 * @EM_UNCERTAINTY_DISAGREEMENT: Σ |p_rf − p_gb| between the members
 *
 * How uncertain the model is about an unlabelled row.
 */
typedef enum
{
  EM_UNCERTAINTY_ENTROPY,
  EM_UNCERTAINTY_MARGIN,
  EM_UNCERTAINTY_DISAGREEMENT,
} EmUncertainty;

const char *em_uncertainty_to_string      (EmUncertainty   strategy);
gboolean    em_uncertainty_from_string    (const char     *str,
                                           EmUncertainty  *strategy);

gboolean    em_active_learning_score      (const double   *proba,
                                           const double   *proba_rf,
                                           const double   *proba_gb,
                                           gsize           n,
                                           guint           n_classes,
                                           EmUncertainty   strategy,
                                           double         *score,
                                           GError        **error);
gsize       em_active_learning_select     (const double   *proba,
                                           const double   *proba_rf,
                                           const double   *proba_gb,
                                           gsize           n,
                                           guint           n_classes,
                                           const guint8   *labelled,
                                           const gint     *cluster,
                                           EmUncertainty   strategy,
                                           gsize           batch_size,
                                           gsize          *rows,
                                           double         *scores,
                                           GError        **error);

G_END_DECLS
