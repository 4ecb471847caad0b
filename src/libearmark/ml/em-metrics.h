/* em-metrics.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "em-ml-error.h"

G_BEGIN_DECLS

/**
 * EmMetrics:
 * @n_classes: number of classes (rows of the report)
 * @class_names: (array length=n_classes): class names
 * @precision: (array length=n_classes): per-class precision
 * @recall: (array length=n_classes): per-class recall
 * @f1: (array length=n_classes): per-class F1
 * @support: (array length=n_classes): true rows per class
 * @confusion: (array): n_classes × n_classes counts, row = true class,
 *   column = predicted class
 * @n: number of rows
 * @accuracy: fraction of rows predicted right
 * @macro_precision: unweighted mean over classes
 * @macro_recall: unweighted mean over classes
 * @macro_f1: unweighted mean of the per-class F1
 * @weighted_precision: support-weighted mean
 * @weighted_recall: support-weighted mean
 * @weighted_f1: support-weighted mean
 * @roc_auc: ROC AUC of class 1 for two classes when scores were given,
 *   otherwise NaN
 *
 * The numbers of scikit-learn's classification_report (with
 * labels = all classes, zero_division = 0), the confusion matrix and,
 * for two classes, ROC AUC.
 */
typedef struct
{
  guint   n_classes;
  char  **class_names;
  double *precision;
  double *recall;
  double *f1;
  gsize  *support;
  gsize  *confusion;
  gsize   n;
  double  accuracy;
  double  macro_precision;
  double  macro_recall;
  double  macro_f1;
  double  weighted_precision;
  double  weighted_recall;
  double  weighted_f1;
  double  roc_auc;
} EmMetrics;

EmMetrics *em_metrics_new             (const guint8        *y_true,
                                       const guint8        *y_pred,
                                       gsize                n,
                                       guint                n_classes,
                                       const char * const  *class_names,
                                       GError             **error);
EmMetrics *em_metrics_new_from_proba  (const guint8        *y_true,
                                       const double        *proba,
                                       gsize                n,
                                       guint                n_classes,
                                       const char * const  *class_names,
                                       GError             **error);
void       em_metrics_free            (EmMetrics           *self);
double     em_metrics_roc_auc         (const guint8        *y_true,
                                       const double        *score,
                                       gsize                n);
guint8     em_metrics_argmax          (const double        *proba_row,
                                       guint                n_classes);
char      *em_metrics_format          (const EmMetrics     *self,
                                       guint                digits);
char      *em_metrics_format_confusion (const EmMetrics    *self);
JsonNode  *em_metrics_to_json         (const EmMetrics     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmMetrics, em_metrics_free)

G_END_DECLS
