/* em-ensemble-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "em-ensemble.h"
#include "em-xgb-private.h"

G_BEGIN_DECLS

struct _EmEnsemble
{
  gatomicrefcount  ref_count;

  EmEnsembleMode   mode;
  guint            n_classes;
  gsize            n_features;
  guint            feature_set_version;
  EmEnsembleParams params;

  /* standardisation: x' = (x − mean) / std, missing → mean */
  double          *mean;
  double          *std;
  char           **feature_names;

  BoosterHandle    rf;
  BoosterHandle    gb;

  JsonNode        *metrics;
  GDateTime       *trained_at;
};

EmEnsemble *_em_ensemble_new            (EmEnsembleMode          mode,
                                         gsize                   n_features,
                                         guint                   feature_set_version);
EmEnsemble *_em_ensemble_train_full     (const double           *x,
                                         gsize                   n,
                                         gsize                   d,
                                         const guint8           *y,
                                         EmEnsembleMode          mode,
                                         const EmEnsembleParams *params,
                                         guint                   feature_set_version,
                                         gboolean                parallel_members,
                                         EmJob                  *job,
                                         GError                **error);
gboolean    _em_ensemble_predict_full   (EmEnsemble             *self,
                                         const double           *x,
                                         gsize                   n,
                                         double                 *proba,
                                         double                 *proba_rf,
                                         double                 *proba_gb,
                                         gboolean                parallel,
                                         GError                **error);
gboolean    _em_ml_check_labels         (const guint8           *y,
                                         gsize                   n,
                                         guint                   n_classes,
                                         gsize                  *counts,
                                         GError                **error);

G_END_DECLS
