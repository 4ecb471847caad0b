/* em-train-report.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "em-store.h"
#include "em-trainer.h"

G_BEGIN_DECLS

/* Rows of the report grid after the class rows. */
typedef enum
{
  EM_TRAIN_REPORT_ACCURACY,
  EM_TRAIN_REPORT_MACRO_AVG,
  EM_TRAIN_REPORT_WEIGHTED_AVG,
} EmTrainReportAverage;

/* Columns of the report grid's numbers. */
typedef enum
{
  EM_TRAIN_REPORT_PRECISION,
  EM_TRAIN_REPORT_RECALL,
  EM_TRAIN_REPORT_F1,
  EM_TRAIN_REPORT_SUPPORT,
  EM_TRAIN_REPORT_N_COLUMNS,
} EmTrainReportColumn;

const char *em_train_report_class_name   (EmEnsembleMode        mode,
                                          guint                 klass);
GPtrArray  *em_train_report_fill_grid    (GtkGrid              *grid,
                                          const EmMetrics      *metrics,
                                          EmEnsembleMode        mode);
char       *em_train_report_describe_cv  (const EmTrainResult  *result);
GtkWidget  *em_train_report_fold_row     (guint                 fold,
                                          double                accuracy,
                                          double                macro_f1);
GtkWidget  *em_train_report_suspect_row  (const EmTrainResult  *result,
                                          gsize                 index);
GtkWidget  *em_train_report_model_row    (const EmModelRecord  *record,
                                          GtkCheckButton       *group,
                                          GtkCheckButton      **check);
char       *em_train_report_missing_text (const EmTrainOptions *options,
                                          const guint          *missing);
GPtrArray  *em_train_report_queue_items (EmStore              *store,
                                          const EmTrainResult  *result,
                                          const gsize          *rows,
                                          gsize                 n_rows);
gsize      *em_train_report_cell_rows    (const EmCrossValidation *cv,
                                          guint                 true_class,
                                          guint                 predicted_class,
                                          gsize                *n_rows);
void        em_train_report_clear_list   (GtkListBox           *list);

G_END_DECLS
