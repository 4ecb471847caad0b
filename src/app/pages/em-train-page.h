/* em-train-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "widgets/em-confusion-matrix.h"
#include "widgets/em-learning-curve-plot.h"
#include "em-page.h"
#include "em-trainer.h"

G_BEGIN_DECLS

#define EM_TYPE_TRAIN_PAGE (em_train_page_get_type ())

G_DECLARE_FINAL_TYPE (EmTrainPage, em_train_page, EM, TRAIN_PAGE, AdwBin)

EmTrainPage         *em_train_page_new                  (void);
void                 em_train_page_get_options          (EmTrainPage          *self,
                                                         EmTrainOptions       *options);
void                 em_train_page_set_options          (EmTrainPage          *self,
                                                         const EmTrainOptions *options);
EmJob               *em_train_page_get_job              (EmTrainPage          *self);
const EmTrainResult *em_train_page_get_result           (EmTrainPage          *self);
char                *em_train_page_dup_report_cell      (EmTrainPage          *self,
                                                         guint                 row,
                                                         guint                 column);
EmConfusionMatrix   *em_train_page_get_confusion_matrix (EmTrainPage          *self);
EmLearningCurvePlot *em_train_page_get_learning_curve   (EmTrainPage          *self);
const char          *em_train_page_get_state            (EmTrainPage          *self);
guint                em_train_page_get_n_missing        (EmTrainPage          *self);

G_END_DECLS
