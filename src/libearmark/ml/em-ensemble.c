/* em-ensemble.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A soft-voting ensemble of two XGBoost members, as the seed's
 * VotingClassifier(RF, GB, voting="soft", weights=[1, 2]):
 *
 *  - a random forest: one boosting round of rf_n_trees parallel trees with
 *    row subsampling and per-node column sampling, learning rate 1;
 *  - gradient boosting: gb_n_rounds rounds of one tree each.
 *
 * Both use the hist tree method with one thread.  The forest and the
 * boosting member train on two threads at once; cross-validation and the
 * parameter search instead run whole fits side by side.  The model owns its
 * standardisation (em_standardize_fit(): column mean of the present values
 * and population std, missing values replaced by the mean) so predictions never depend on who
 * prepared the matrix.  Infinite feature values are refused (NaN is the
 * only missing-value marker).
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "em-ensemble-private.h"
#include "em-standardize.h"

G_DEFINE_BOXED_TYPE (EmEnsemble, em_ensemble, em_ensemble_ref, em_ensemble_unref)

EmEnsemble *
_em_ensemble_new (EmEnsembleMode mode,
                  gsize          n_features,
                  guint          feature_set_version)
{
  EmEnsemble *self = g_new0 (EmEnsemble, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->mode = mode;
  self->n_classes = em_ensemble_mode_get_n_classes (mode);
  self->n_features = n_features;
  self->feature_set_version = feature_set_version;
  self->mean = g_new0 (double, n_features);
  self->std = g_new0 (double, n_features);
  em_ensemble_params_init (&self->params);

  return self;
}

/**
 * em_ensemble_ref:
 * @self: an ensemble
 *
 * Returns: (transfer full): @self, with one more reference.
 */
EmEnsemble *
em_ensemble_ref (EmEnsemble *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * em_ensemble_unref:
 * @self: an ensemble
 *
 * Drops a reference; the last one frees the boosters.
 */
void
em_ensemble_unref (EmEnsemble *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->rf != NULL)
    XGBoosterFree (self->rf);
  if (self->gb != NULL)
    XGBoosterFree (self->gb);
  g_free (self->mean);
  g_free (self->std);
  g_strfreev (self->feature_names);
  g_clear_pointer (&self->metrics, json_node_unref);
  g_clear_pointer (&self->trained_at, g_date_time_unref);
  g_free (self);
}

/* Standardised float copy for XGBoost through the analysis module's
 * standardiser (NaN → column mean → 0, constant column → 0), so that the
 * model and the explore views scale features the same way. */
static float *
standardise (EmEnsemble    *self,
             const double  *x,
             gsize          n,
             GError       **error)
{
  gsize count = n * self->n_features;
  g_autofree double *z = g_new (double, MAX (count, 1));
  float *out;

  if (!em_standardize_apply (x, n, self->n_features, self->mean, self->std, z, NULL, error))
    return NULL;

  out = g_new (float, MAX (count, 1));
  for (gsize i = 0; i < count; i++)
    out[i] = (float)z[i];

  return out;
}

gboolean
_em_ml_check_labels (const guint8  *y,
                     gsize          n,
                     guint          n_classes,
                     gsize         *counts,
                     GError       **error)
{
  guint present = 0;

  memset (counts, 0, sizeof (gsize) * n_classes);

  for (gsize i = 0; i < n; i++)
    {
      if (y[i] >= n_classes)
        {
          g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                       "Label of row %" G_GSIZE_FORMAT " is %u, not a class index "
                       "below %u (unlabelled or invalid row)", i, y[i], n_classes);
          return FALSE;
        }
      counts[y[i]]++;
    }

  for (guint c = 0; c < n_classes; c++)
    present += counts[c] > 0;

  if (present < 2)
    {
      g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_SINGLE_CLASS,
                   "The %" G_GSIZE_FORMAT " labelled rows hold only one class; "
                   "label examples of at least two classes", n);
      return FALSE;
    }

  return TRUE;
}

static float *
make_weights (const guint8 *y,
              gsize         n,
              const gsize  *counts,
              guint         n_classes)
{
  float *w = g_new (float, n);
  guint present = 0;

  for (guint c = 0; c < n_classes; c++)
    present += counts[c] > 0;

  for (gsize i = 0; i < n; i++)
    w[i] = (float)((double)n / ((double)present * (double)counts[y[i]]));

  return w;
}

static void
rf_spec (const EmEnsembleParams *p,
         guint                   n_classes,
         EmXgbSpec              *spec)
{
  *spec = (EmXgbSpec) {
    .n_rounds = 1,
    .num_parallel_tree = p->rf_n_trees,
    .max_depth = p->rf_max_depth,
    .max_bin = p->max_bin,
    .n_classes = n_classes,
    .learning_rate = 1.0,
    .subsample = p->rf_subsample,
    .colsample_bynode = p->rf_colsample_bynode,
    .colsample_bytree = 1.0,
    .min_child_weight = p->rf_min_child_weight,
    /* No L2 shrinkage of leaf weights, as scikit-learn's trees: +0.3 % CV
     * accuracy on the dev corpus and +0.3 % holdout on the 30,000 rows. */
    .reg_lambda = 0.0,
    .seed = p->seed,
  };
}

static void
gb_spec (const EmEnsembleParams *p,
         guint                   n_classes,
         EmXgbSpec              *spec)
{
  *spec = (EmXgbSpec) {
    .n_rounds = p->gb_n_rounds,
    .num_parallel_tree = 1,
    .max_depth = p->gb_max_depth,
    .max_bin = p->max_bin,
    .n_classes = n_classes,
    .learning_rate = p->gb_learning_rate,
    .subsample = p->gb_subsample,
    .colsample_bynode = 1.0,
    .colsample_bytree = p->gb_colsample_bytree,
    .min_child_weight = p->gb_min_child_weight,
    .reg_lambda = 0.0,
    .seed = p->seed,
  };
}

typedef struct
{
  const float  *x;
  const float  *labels;
  const float  *weights;
  gsize         n;
  gsize         d;
  EmXgbSpec     spec;
  EmJob        *job;
  BoosterHandle booster;
  GError       *error;
} MemberFit;

/* Each member gets its own DMatrix: hist caches its quantile index inside
 * the matrix, lazily, which is not safe to share between two fits. */
static gpointer
fit_member (gpointer data)
{
  MemberFit *fit = data;
  DMatrixHandle dm;

  dm = _em_xgb_dmatrix_new (fit->x, fit->n, fit->d, fit->labels, fit->weights, &fit->error);
  if (dm == NULL)
    return NULL;

  fit->booster = _em_xgb_train (dm, &fit->spec, fit->job, &fit->error);
  XGDMatrixFree (dm);

  return NULL;
}

static gboolean
validate_inputs (const double            *x,
                 gsize                    n,
                 gsize                    d,
                 const guint8            *y,
                 const EmEnsembleParams  *params,
                 GError                 **error)
{
  if (x == NULL || y == NULL || n < 2 || d == 0)
    {
      g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                   "Training needs at least 2 labelled rows and 1 feature "
                   "(got %" G_GSIZE_FORMAT " × %" G_GSIZE_FORMAT ")", n, d);
      return FALSE;
    }

  return em_ensemble_params_validate (params, error);
}

static gboolean
fit_members (EmEnsemble   *self,
             MemberFit    *rf,
             MemberFit    *gb,
             gboolean      parallel,
             GError      **error)
{
  GThread *thread = NULL;
  DMatrixHandle dm;

  if (parallel)
    thread = g_thread_try_new ("em-rf-fit", fit_member, rf, NULL);

  if (thread != NULL)
    {
      fit_member (gb);
      g_thread_join (thread);
    }
  else if ((dm = _em_xgb_dmatrix_new (rf->x, rf->n, rf->d, rf->labels, rf->weights, &rf->error)) != NULL)
    {
      /* One after the other on this thread: both members can share one
       * matrix and its histogram cuts (the search fits 60 of these). */
      rf->booster = _em_xgb_train (dm, &rf->spec, rf->job, &rf->error);
      if (rf->booster != NULL)
        gb->booster = _em_xgb_train (dm, &gb->spec, gb->job, &gb->error);
      XGDMatrixFree (dm);
    }

  self->rf = rf->booster;
  self->gb = gb->booster;

  if (rf->error != NULL || gb->error != NULL)
    {
      /* Report the first error; a cancellation shows in both. */
      g_propagate_error (error, rf->error != NULL ? g_steal_pointer (&rf->error)
                                                  : g_steal_pointer (&gb->error));
      g_clear_error (&rf->error);
      g_clear_error (&gb->error);
      return FALSE;
    }

  return TRUE;
}

EmEnsemble *
_em_ensemble_train_full (const double            *x,
                         gsize                    n,
                         gsize                    d,
                         const guint8            *y,
                         EmEnsembleMode           mode,
                         const EmEnsembleParams  *params,
                         guint                    feature_set_version,
                         gboolean                 parallel_members,
                         EmJob                   *job,
                         GError                 **error)
{
  g_autoptr(EmEnsemble) self = NULL;
  g_autofree float *xs = NULL;
  g_autofree float *labels = NULL;
  g_autofree float *weights = NULL;
  gsize counts[3];
  guint n_classes = em_ensemble_mode_get_n_classes (mode);
  MemberFit rf = { 0 }, gb = { 0 };

  if (!validate_inputs (x, n, d, y, params, error) ||
      !_em_ml_check_labels (y, n, n_classes, counts, error))
    return NULL;

  self = _em_ensemble_new (mode, d, feature_set_version);
  self->params = *params;
  if (!em_standardize_fit (x, n, d, self->mean, self->std, error) ||
      (xs = standardise (self, x, n, error)) == NULL)
    return NULL;
  labels = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    labels[i] = y[i];
  if (params->balance_classes)
    weights = make_weights (y, n, counts, n_classes);

  rf = (MemberFit) { xs, labels, weights, n, d, { 0 }, job, NULL, NULL };
  gb = rf;
  rf_spec (params, n_classes, &rf.spec);
  gb_spec (params, n_classes, &gb.spec);

  if (!fit_members (self, &rf, &gb, parallel_members, error))
    return NULL;

  self->trained_at = g_date_time_new_now_utc ();
  return g_steal_pointer (&self);
}

/**
 * em_ensemble_train:
 * @x: (array): n × d feature matrix, row-major; NaN marks a missing value
 * @n: number of rows
 * @d: number of features
 * @y: (array): class index per row (see #EmEnsembleMode)
 * @mode: three-class or binary
 * @params: (nullable): hyper-parameters, %NULL for the defaults
 * @feature_set_version: the features' version, stored in the model
 * @job: (nullable): job for cancellation
 * @error: return location for an error
 *
 * Trains both members (on two threads, one XGBoost thread each).  The
 * result is deterministic for a given @params->seed.
 *
 * Returns: (transfer full): the ensemble, or %NULL with @error set.
 */
EmEnsemble *
em_ensemble_train (const double            *x,
                   gsize                    n,
                   gsize                    d,
                   const guint8            *y,
                   EmEnsembleMode           mode,
                   const EmEnsembleParams  *params,
                   guint                    feature_set_version,
                   EmJob                   *job,
                   GError                 **error)
{
  EmEnsembleParams defaults;
  EmEnsemble *self;

  if (params == NULL)
    {
      em_ensemble_params_init (&defaults);
      params = &defaults;
    }

  em_job_update (job, 0.0, "Training the ensemble");
  self = _em_ensemble_train_full (x, n, d, y, mode, params, feature_set_version,
                                  TRUE, job, error);
  if (self != NULL)
    em_job_update (job, 1.0, "Trained the ensemble");

  return self;
}

typedef struct
{
  EmEnsemble  *self;
  const float *xs;
  gsize        n;
  double      *proba_rf;
  double      *proba_gb;
  GError      *error;
} PredictBlock;

/* Both members on one block of rows.  Prediction on a booster is
 * thread-safe for tree models since XGBoost 1.4, so the two blocks share
 * the boosters; each has its own DMatrix. */
static gpointer
predict_block (gpointer data)
{
  PredictBlock *b = data;
  DMatrixHandle dm;

  if (b->n == 0)
    return NULL;

  dm = _em_xgb_dmatrix_new (b->xs, b->n, b->self->n_features, NULL, NULL, &b->error);
  if (dm == NULL)
    return NULL;

  if (_em_xgb_predict (b->self->rf, dm, b->n, b->self->n_classes, b->proba_rf, &b->error))
    _em_xgb_predict (b->self->gb, dm, b->n, b->self->n_classes, b->proba_gb, &b->error);
  XGDMatrixFree (dm);

  return NULL;
}

/* Below this many rows a second thread costs more than it saves. */
#define PARALLEL_PREDICT_MIN_ROWS 512

/* Splits the rows in two halves predicted on two threads: the forest is
 * the expensive member, so splitting by member would leave one core idle
 * most of the time. */
static gboolean
predict_both (EmEnsemble   *self,
              const double *x,
              gsize         n,
              double       *proba_rf,
              double       *proba_gb,
              gboolean      parallel,
              GError      **error)
{
  g_autofree float *xs = standardise (self, x, n, error);
  gsize half = parallel && n >= PARALLEL_PREDICT_MIN_ROWS ? n / 2 : n;
  gsize k = self->n_classes, d = self->n_features;
  PredictBlock blocks[2];
  GThread *thread = NULL;

  if (xs == NULL)
    return FALSE;

  blocks[0] = (PredictBlock) { self, xs, half, proba_rf, proba_gb, NULL };
  blocks[1] = (PredictBlock) { self, xs + half * d, n - half, proba_rf + half * k,
                               proba_gb + half * k, NULL };

  if (blocks[1].n > 0)
    thread = g_thread_try_new ("em-predict", predict_block, &blocks[1], NULL);
  if (thread == NULL)
    predict_block (&blocks[1]);
  predict_block (&blocks[0]);
  if (thread != NULL)
    g_thread_join (thread);

  if (blocks[0].error != NULL || blocks[1].error != NULL)
    {
      g_propagate_error (error, blocks[0].error != NULL ? blocks[0].error : blocks[1].error);
      if (blocks[0].error != NULL)
        g_clear_error (&blocks[1].error);
      return FALSE;
    }

  return TRUE;
}

/* Everything prediction can return; the pool workers of cross-validation
 * pass parallel = FALSE since they already keep both cores busy. */
gboolean
_em_ensemble_predict_full (EmEnsemble    *self,
                           const double  *x,
                           gsize          n,
                           double        *proba,
                           double        *proba_rf,
                           double        *proba_gb,
                           gboolean       parallel,
                           GError       **error)
{
  g_autofree double *rf = NULL;
  g_autofree double *gb = NULL;
  double w_rf, w_gb;

  if (x == NULL && n > 0)
    {
      g_set_error_literal (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                           "No feature matrix given for prediction");
      return FALSE;
    }
  if (n == 0)
    return TRUE;

  if (proba_rf == NULL)
    proba_rf = rf = g_new (double, n * self->n_classes);
  if (proba_gb == NULL)
    proba_gb = gb = g_new (double, n * self->n_classes);

  if (!predict_both (self, x, n, proba_rf, proba_gb, parallel, error))
    return FALSE;

  if (proba != NULL)
    {
      w_rf = self->params.rf_weight / (self->params.rf_weight + self->params.gb_weight);
      w_gb = self->params.gb_weight / (self->params.rf_weight + self->params.gb_weight);
      for (gsize i = 0; i < n * self->n_classes; i++)
        proba[i] = w_rf * proba_rf[i] + w_gb * proba_gb[i];
    }

  return TRUE;
}

/**
 * em_ensemble_predict_members:
 * @self: an ensemble
 * @x: (array): n × em_ensemble_get_n_features() matrix
 * @n: number of rows
 * @proba_rf: (out caller-allocates) (nullable): n × n_classes forest
 *   probabilities
 * @proba_gb: (out caller-allocates) (nullable): n × n_classes boosting
 *   probabilities
 * @error: return location for an error
 *
 * Per-member probabilities, for "member disagreement" active learning.
 *
 * Returns: %TRUE on success.
 */
gboolean
em_ensemble_predict_members (EmEnsemble    *self,
                             const double  *x,
                             gsize          n,
                             double        *proba_rf,
                             double        *proba_gb,
                             GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return _em_ensemble_predict_full (self, x, n, NULL, proba_rf, proba_gb, TRUE, error);
}

/**
 * em_ensemble_predict:
 * @self: an ensemble
 * @x: (array): n × em_ensemble_get_n_features() matrix, NaN = missing
 * @n: number of rows
 * @proba: (out caller-allocates): n × n_classes soft-vote probabilities
 * @error: return location for an error
 *
 * Soft vote: (w_rf · p_rf + w_gb · p_gb) / (w_rf + w_gb), on two threads
 * for large @n.
 *
 * Returns: %TRUE on success.
 */
gboolean
em_ensemble_predict (EmEnsemble    *self,
                     const double  *x,
                     gsize          n,
                     double        *proba,
                     GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (proba != NULL || n == 0, FALSE);

  return _em_ensemble_predict_full (self, x, n, proba, NULL, NULL, TRUE, error);
}

/**
 * em_ensemble_get_mode:
 * @self: an ensemble
 *
 * Returns: three-class or binary.
 */
EmEnsembleMode
em_ensemble_get_mode (EmEnsemble *self)
{
  return self->mode;
}

/**
 * em_ensemble_get_n_classes:
 * @self: an ensemble
 *
 * Returns: the columns of the probability matrices it predicts.
 */
guint
em_ensemble_get_n_classes (EmEnsemble *self)
{
  return self->n_classes;
}

/**
 * em_ensemble_get_n_features:
 * @self: an ensemble
 *
 * Returns: the columns of the feature matrices it expects.
 */
gsize
em_ensemble_get_n_features (EmEnsemble *self)
{
  return self->n_features;
}

/**
 * em_ensemble_get_feature_set_version:
 * @self: an ensemble
 *
 * Returns: the feature-set version it was trained on.
 */
guint
em_ensemble_get_feature_set_version (EmEnsemble *self)
{
  return self->feature_set_version;
}

/**
 * em_ensemble_get_params:
 * @self: an ensemble
 *
 * Returns: (transfer none): the hyper-parameters it was trained with.
 */
const EmEnsembleParams *
em_ensemble_get_params (EmEnsemble *self)
{
  return &self->params;
}

/**
 * em_ensemble_get_feature_names:
 * @self: an ensemble
 *
 * Returns: (transfer none) (nullable): the feature names, if set.
 */
const char * const *
em_ensemble_get_feature_names (EmEnsemble *self)
{
  return (const char * const *)self->feature_names;
}

/**
 * em_ensemble_set_feature_names:
 * @self: an ensemble
 * @names: (array zero-terminated=1): exactly n_features names
 * @error: return location for an error
 *
 * Returns: %TRUE if the number of names matches the model.
 */
gboolean
em_ensemble_set_feature_names (EmEnsemble          *self,
                               const char * const  *names,
                               GError             **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (names == NULL || g_strv_length ((char **)names) != self->n_features)
    {
      g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                   "The model has %" G_GSIZE_FORMAT " features but %u names were given",
                   self->n_features, names != NULL ? g_strv_length ((char **)names) : 0);
      return FALSE;
    }

  g_strfreev (self->feature_names);
  self->feature_names = g_strdupv ((char **)names);
  return TRUE;
}

/**
 * em_ensemble_get_metrics:
 * @self: an ensemble
 *
 * Returns: (transfer none) (nullable): the training metrics stored with the
 *   model (a JSON object), if any.
 */
JsonNode *
em_ensemble_get_metrics (EmEnsemble *self)
{
  return self->metrics;
}

/**
 * em_ensemble_set_metrics:
 * @self: an ensemble
 * @metrics: (nullable): a JSON object, for example from
 *   em_classification_report_to_json()
 *
 * Stores training metrics (for example the cross-validation report) with
 * the model.  A copy of @metrics is kept.
 */
void
em_ensemble_set_metrics (EmEnsemble *self,
                         JsonNode   *metrics)
{
  g_clear_pointer (&self->metrics, json_node_unref);
  if (metrics != NULL)
    self->metrics = json_node_copy (metrics);
}

/**
 * em_ensemble_get_trained_at:
 * @self: an ensemble
 *
 * Returns: (transfer none): when the model was trained (UTC).
 */
GDateTime *
em_ensemble_get_trained_at (EmEnsemble *self)
{
  return self->trained_at;
}
