/* em-xgb-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thin glue over XGBoost's C API used by the ensemble: one booster per
 * member, always single-threaded (parallelism comes from running members,
 * folds and candidates on separate threads).
 */

#pragma once

#include <glib.h>
#include <xgboost/c_api.h>

#include "em-job.h"

G_BEGIN_DECLS

typedef struct
{
  guint   n_rounds;            /* boosting rounds (1 for a random forest) */
  guint   num_parallel_tree;   /* trees per round (n_trees for a forest) */
  guint   max_depth;
  guint   max_bin;
  guint   n_classes;           /* 2 → binary:logistic, else multi:softprob */
  double  learning_rate;
  double  subsample;
  double  colsample_bynode;
  double  colsample_bytree;
  double  min_child_weight;
  double  reg_lambda;
  guint32 seed;
} EmXgbSpec;

void          _em_xgb_init_thread  (void);
gboolean      _em_xgb_check        (int              rc,
                                    const char      *what,
                                    GError         **error);
DMatrixHandle _em_xgb_dmatrix_new  (const float     *x,
                                    gsize            n,
                                    gsize            d,
                                    const float     *labels,
                                    const float     *weights,
                                    GError         **error);
BoosterHandle _em_xgb_train        (DMatrixHandle    dtrain,
                                    const EmXgbSpec *spec,
                                    EmJob           *job,
                                    GError         **error);
gboolean      _em_xgb_predict      (BoosterHandle    booster,
                                    DMatrixHandle    data,
                                    gsize            n,
                                    guint            n_classes,
                                    double          *proba,
                                    GError         **error);
char         *_em_xgb_save_json    (BoosterHandle    booster,
                                    gsize           *length,
                                    GError         **error);
BoosterHandle _em_xgb_load_json    (const char      *json,
                                    gsize            length,
                                    guint            n_classes,
                                    GError         **error);

G_END_DECLS
