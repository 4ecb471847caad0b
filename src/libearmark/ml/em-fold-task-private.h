/* em-fold-task-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One fit on the training folds and prediction of the held-out fold; the
 * unit of work that cross-validation and the parameter search spread over
 * a two-worker thread pool.
 */

#pragma once

#include "em-ensemble-private.h"

G_BEGIN_DECLS

typedef struct
{
  /* inputs, shared read-only */
  const double           *x;
  gsize                   n;
  gsize                   d;
  const guint8           *y;
  const guint            *fold;
  guint                   fold_index;
  EmEnsembleMode          mode;
  const EmEnsembleParams *params;
  /* outputs: only the rows of this fold are written (n × n_classes) */
  double                 *proba;
  double                 *proba_rf;
  double                 *proba_gb;
  double                  accuracy;
  double                  macro_f1;
  GError                 *error;
} EmFoldTask;

gboolean _em_fold_tasks_run (EmFoldTask  *tasks,
                             guint        n_tasks,
                             EmJob       *job,
                             const char  *message,
                             GError     **error);

G_END_DECLS
