/* em-ensemble.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "em-job.h"
#include "em-ml-error.h"

G_BEGIN_DECLS

/**
 * EmEnsembleMode:
 * @EM_ENSEMBLE_MODE_THREE_CLASS: classes music (0), dialogue (1), both (2)
 * @EM_ENSEMBLE_MODE_BINARY: classes dialogue (0, no music) and
 *   music (1, "contains music" = music or both)
 *
 * What an ensemble predicts.  Labels passed to training are class indices
 * of the mode; em_ml_labels_to_binary() maps three-class labels to binary.
 */
typedef enum
{
  EM_ENSEMBLE_MODE_THREE_CLASS,
  EM_ENSEMBLE_MODE_BINARY,
} EmEnsembleMode;

/* Class indices (three-class mode). */
#define EM_ML_CLASS_MUSIC     0
#define EM_ML_CLASS_DIALOGUE  1
#define EM_ML_CLASS_BOTH      2
/* Class indices (binary mode). */
#define EM_ML_BINARY_NO_MUSIC 0
#define EM_ML_BINARY_MUSIC    1

/* Pass as expected feature-set version to accept any model. */
#define EM_ENSEMBLE_ANY_FEATURE_SET 0

/**
 * EmEnsembleParams:
 *
 * Hyper-parameters of both members and the soft vote.  Initialise with
 * em_ensemble_params_init() and change what you need.
 */
typedef struct
{
  /* random-forest member: one round of rf_n_trees parallel trees */
  guint    rf_n_trees;
  guint    rf_max_depth;
  double   rf_subsample;
  double   rf_colsample_bynode;
  double   rf_min_child_weight;
  /* gradient-boosting member */
  guint    gb_n_rounds;
  guint    gb_max_depth;
  double   gb_learning_rate;
  double   gb_subsample;
  double   gb_colsample_bytree;
  double   gb_min_child_weight;
  /* soft vote */
  double   rf_weight;
  double   gb_weight;
  /* sample weights n / (k · count(class)), as sklearn's "balanced" */
  gboolean balance_classes;
  guint    max_bin;
  guint32  seed;
} EmEnsembleParams;

typedef struct _EmEnsemble EmEnsemble;

#define EM_TYPE_ENSEMBLE (em_ensemble_get_type ())

GType           em_ensemble_get_type             (void) G_GNUC_CONST;

void            em_ensemble_params_init          (EmEnsembleParams       *params);
gboolean        em_ensemble_params_validate      (const EmEnsembleParams *params,
                                                  GError                **error);

const char     *em_ensemble_mode_to_string       (EmEnsembleMode          mode);
gboolean        em_ensemble_mode_from_string     (const char             *str,
                                                  EmEnsembleMode         *mode);
guint           em_ensemble_mode_get_n_classes   (EmEnsembleMode          mode);
const char     *em_ensemble_mode_get_class_name  (EmEnsembleMode          mode,
                                                  guint                   klass);
void            em_ml_labels_to_binary           (const guint8           *labels,
                                                  gsize                   n,
                                                  guint8                 *binary);

EmEnsemble     *em_ensemble_train                (const double           *x,
                                                  gsize                   n,
                                                  gsize                   d,
                                                  const guint8           *y,
                                                  EmEnsembleMode          mode,
                                                  const EmEnsembleParams *params,
                                                  guint                   feature_set_version,
                                                  EmJob                  *job,
                                                  GError                **error);
EmEnsemble     *em_ensemble_ref                  (EmEnsemble             *self);
void            em_ensemble_unref                (EmEnsemble             *self);

gboolean        em_ensemble_predict              (EmEnsemble             *self,
                                                  const double           *x,
                                                  gsize                   n,
                                                  double                 *proba,
                                                  GError                **error);
gboolean        em_ensemble_predict_members      (EmEnsemble             *self,
                                                  const double           *x,
                                                  gsize                   n,
                                                  double                 *proba_rf,
                                                  double                 *proba_gb,
                                                  GError                **error);

EmEnsembleMode  em_ensemble_get_mode             (EmEnsemble             *self);
guint           em_ensemble_get_n_classes        (EmEnsemble             *self);
gsize           em_ensemble_get_n_features       (EmEnsemble             *self);
guint           em_ensemble_get_feature_set_version (EmEnsemble          *self);
const EmEnsembleParams *em_ensemble_get_params   (EmEnsemble             *self);
const char * const *em_ensemble_get_feature_names (EmEnsemble            *self);
gboolean        em_ensemble_set_feature_names    (EmEnsemble             *self,
                                                  const char * const     *names,
                                                  GError                **error);
JsonNode       *em_ensemble_get_metrics          (EmEnsemble             *self);
void            em_ensemble_set_metrics          (EmEnsemble             *self,
                                                  JsonNode               *metrics);
GDateTime      *em_ensemble_get_trained_at       (EmEnsemble             *self);

/* The model document; implemented in em-model-file.c. */
char           *em_ensemble_to_json              (EmEnsemble             *self,
                                                  gsize                  *length,
                                                  GError                **error);
EmEnsemble     *em_ensemble_from_json            (const char             *data,
                                                  gssize                  length,
                                                  guint                   expected_feature_set_version,
                                                  GError                **error);
gboolean        em_ensemble_save                 (EmEnsemble             *self,
                                                  const char             *path,
                                                  GError                **error);
EmEnsemble     *em_ensemble_load                 (const char             *path,
                                                  guint                   expected_feature_set_version,
                                                  GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmEnsemble, em_ensemble_unref)

G_END_DECLS
