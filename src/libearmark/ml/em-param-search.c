/* em-param-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Randomized hyper-parameter search, as the seed's RandomizedSearchCV
 * (20 candidates × 3 folds): candidates are drawn with the seed before any
 * fit runs, every candidate is scored on the same stratified folds, and
 * the candidates × folds fits run on a two-worker pool with one XGBoost
 * thread each.  The best mean score wins (the first of equals, as
 * sklearn's rank_test_score) and is refitted on every row.
 */

#include "config.h"

#include <math.h>

#include "em-cross-validation-private.h"
#include "em-ensemble-private.h"
#include "em-fold-task-private.h"
#include "em-param-search.h"

/**
 * em_param_search_space_init:
 * @space: (out caller-allocates): ranges to fill
 *
 * Default ranges: forest 50–150 trees of depth 4–10, boosting 50–200
 * rounds of depth 2–6 at learning rate 0.02–0.3, row fraction 0.5–1,
 * column fraction 0.3–1.  The upper ends keep a 20 × 3 search on 1,400
 * rows within about 12 s of CPU, 6 s on two quiet cores.
 */
void
em_param_search_space_init (EmParamSearchSpace *space)
{
  g_return_if_fail (space != NULL);

  *space = (EmParamSearchSpace) {
    .rf_n_trees_min = 50, .rf_n_trees_max = 150,
    .rf_max_depth_min = 4, .rf_max_depth_max = 10,
    .gb_n_rounds_min = 50, .gb_n_rounds_max = 200,
    .gb_max_depth_min = 2, .gb_max_depth_max = 6,
    .gb_learning_rate_min = 0.02, .gb_learning_rate_max = 0.3,
    .subsample_min = 0.5, .subsample_max = 1.0,
    .colsample_min = 0.3, .colsample_max = 1.0,
  };
}

static guint
draw_uint (GRand *rand,
           guint  lo,
           guint  hi)
{
  return lo + (guint)g_rand_int_range (rand, 0, (gint32)(hi - lo + 1));
}

static double
draw_double (GRand  *rand,
             double  lo,
             double  hi)
{
  return lo + (hi - lo) * g_rand_double (rand);
}

static void
draw_candidate (GRand                    *rand,
                const EmParamSearchSpace *s,
                const EmEnsembleParams   *base,
                EmEnsembleParams         *p)
{
  *p = *base;
  p->rf_n_trees = draw_uint (rand, s->rf_n_trees_min, s->rf_n_trees_max);
  p->rf_max_depth = draw_uint (rand, s->rf_max_depth_min, s->rf_max_depth_max);
  p->gb_n_rounds = draw_uint (rand, s->gb_n_rounds_min, s->gb_n_rounds_max);
  p->gb_max_depth = draw_uint (rand, s->gb_max_depth_min, s->gb_max_depth_max);
  p->gb_learning_rate = exp (draw_double (rand, log (s->gb_learning_rate_min),
                                          log (s->gb_learning_rate_max)));
  p->gb_subsample = draw_double (rand, s->subsample_min, s->subsample_max);
  p->gb_colsample_bytree = draw_double (rand, s->colsample_min, s->colsample_max);
  p->rf_colsample_bynode = draw_double (rand, s->colsample_min, s->colsample_max);
}

static gboolean
check_space (const EmParamSearchSpace  *s,
             GError                   **error)
{
  if (s->rf_n_trees_min == 0 || s->rf_n_trees_min > s->rf_n_trees_max ||
      s->rf_max_depth_min == 0 || s->rf_max_depth_min > s->rf_max_depth_max ||
      s->gb_n_rounds_min == 0 || s->gb_n_rounds_min > s->gb_n_rounds_max ||
      s->gb_max_depth_min == 0 || s->gb_max_depth_min > s->gb_max_depth_max ||
      !(s->gb_learning_rate_min > 0.0 && s->gb_learning_rate_min <= s->gb_learning_rate_max &&
        s->gb_learning_rate_max <= 1.0) ||
      !(s->subsample_min > 0.0 && s->subsample_min <= s->subsample_max && s->subsample_max <= 1.0) ||
      !(s->colsample_min > 0.0 && s->colsample_min <= s->colsample_max && s->colsample_max <= 1.0))
    {
      g_set_error_literal (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                           "The search ranges are empty or out of range "
                           "(min must not exceed max; fractions in (0, 1])");
      return FALSE;
    }

  return TRUE;
}

/**
 * em_param_search_free:
 * @self: (nullable): a search result
 *
 * Frees @self, its best cross-validation and its reference to the model.
 */
void
em_param_search_free (EmParamSearch *self)
{
  if (self == NULL)
    return;

  g_free (self->candidates);
  g_free (self->mean_accuracy);
  g_free (self->mean_macro_f1);
  g_clear_pointer (&self->best_cv, em_cross_validation_free);
  g_clear_pointer (&self->model, em_ensemble_unref);
  g_free (self);
}

/* Scores every candidate from its folds and keeps the best one's
 * cross-validation. */
static gboolean
score_candidates (EmParamSearch       *self,
                  EmCrossValidation  **cvs,
                  const EmFoldTask    *tasks,
                  GError             **error)
{
  double best_score = -1.0;

  for (guint c = 0; c < self->n_candidates; c++)
    {
      double score;

      for (guint f = 0; f < self->k; f++)
        {
          cvs[c]->fold_accuracy[f] = tasks[c * self->k + f].accuracy;
          cvs[c]->fold_macro_f1[f] = tasks[c * self->k + f].macro_f1;
        }
      if (!_em_cross_validation_finish (cvs[c], error))
        return FALSE;

      self->mean_accuracy[c] = cvs[c]->mean_accuracy;
      self->mean_macro_f1[c] = cvs[c]->mean_macro_f1;
      score = self->scoring == EM_PARAM_SEARCH_MACRO_F1 ? cvs[c]->mean_macro_f1
                                                        : cvs[c]->mean_accuracy;
      if (score > best_score)
        {
          best_score = score;
          self->best = c;
        }
    }

  self->best_cv = g_steal_pointer (&cvs[self->best]);
  return TRUE;
}

static EmParamSearch *
search_alloc (guint                 n_candidates,
              guint                 k,
              guint32               seed,
              EmParamSearchScoring  scoring)
{
  EmParamSearch *self = g_new0 (EmParamSearch, 1);

  self->n_candidates = n_candidates;
  self->k = k;
  self->seed = seed;
  self->scoring = scoring;
  self->candidates = g_new0 (EmEnsembleParams, n_candidates);
  self->mean_accuracy = g_new0 (double, n_candidates);
  self->mean_macro_f1 = g_new0 (double, n_candidates);

  return self;
}

static gboolean
run_folds (EmParamSearch           *self,
           EmCrossValidation      **cvs,
           const double            *x,
           gsize                    n,
           gsize                    d,
           const guint8            *y,
           EmEnsembleMode           mode,
           EmJob                   *job,
           GError                 **error)
{
  g_autofree EmFoldTask *tasks = g_new0 (EmFoldTask, self->n_candidates * self->k);
  guint n_classes = em_ensemble_mode_get_n_classes (mode);

  for (guint c = 0; c < self->n_candidates; c++)
    {
      cvs[c] = _em_cross_validation_alloc (y, n, mode, self->k, self->seed);
      if (!em_stratified_kfold (y, n, n_classes, self->k, self->seed, cvs[c]->fold, error))
        return FALSE;

      for (guint f = 0; f < self->k; f++)
        tasks[c * self->k + f] = (EmFoldTask) {
          x, n, d, y, cvs[c]->fold, f, mode, &self->candidates[c],
          cvs[c]->proba, cvs[c]->proba_rf, cvs[c]->proba_gb, 0.0, 0.0, NULL,
        };
    }

  return _em_fold_tasks_run (tasks, self->n_candidates * self->k, job,
                             "Searching hyper-parameters", error) &&
         score_candidates (self, cvs, tasks, error);
}

/**
 * em_param_search_run:
 * @x: (array): n × d features
 * @n: number of labelled rows
 * @d: number of features
 * @y: (array length=n): class per row
 * @mode: the ensemble mode
 * @base: (nullable): parameters not searched (weights, class balance,
 *   XGBoost seed, forest row fraction), %NULL for the defaults
 * @space: (nullable): ranges, %NULL for em_param_search_space_init()
 * @n_candidates: number of candidates (the seed used 20)
 * @k: folds per candidate (the seed used 3)
 * @seed: seed of the candidate draws and of the folds
 * @scoring: what to maximise
 * @feature_set_version: stored in the refitted model
 * @job: (nullable): progress and cancellation
 * @error: return location for an error
 *
 * Returns: (transfer full): the search with the refitted best model, or
 *   %NULL with @error set.
 */
EmParamSearch *
em_param_search_run (const double              *x,
                     gsize                      n,
                     gsize                      d,
                     const guint8              *y,
                     EmEnsembleMode             mode,
                     const EmEnsembleParams    *base,
                     const EmParamSearchSpace  *space,
                     guint                      n_candidates,
                     guint                      k,
                     guint32                    seed,
                     EmParamSearchScoring       scoring,
                     guint                      feature_set_version,
                     EmJob                     *job,
                     GError                   **error)
{
  g_autoptr(EmParamSearch) self = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(JsonNode) metrics = NULL;
  EmCrossValidation **cvs;
  EmEnsembleParams base_defaults;
  EmParamSearchSpace space_defaults;
  gboolean ok;

  em_ensemble_params_init (&base_defaults);
  em_param_search_space_init (&space_defaults);
  if (base == NULL)
    base = &base_defaults;
  if (space == NULL)
    space = &space_defaults;

  if (x == NULL || y == NULL || d == 0 || n_candidates == 0 ||
      !check_space (space, error) || !em_ensemble_params_validate (base, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                             "The search needs a feature matrix, labels and at least one candidate");
      return NULL;
    }

  self = search_alloc (n_candidates, k, seed, scoring);
  for (guint c = 0; c < n_candidates; c++)
    draw_candidate (rand, space, base, &self->candidates[c]);

  cvs = g_new0 (EmCrossValidation *, n_candidates);
  ok = run_folds (self, cvs, x, n, d, y, mode, job, error);
  for (guint c = 0; c < n_candidates; c++)
    g_clear_pointer (&cvs[c], em_cross_validation_free);
  g_free (cvs);
  if (!ok)
    return NULL;

  em_job_update (job, -1.0, "Refitting the best candidate");
  self->model = _em_ensemble_train_full (x, n, d, y, mode, &self->candidates[self->best],
                                         feature_set_version, TRUE, job, error);
  if (self->model == NULL)
    return NULL;

  metrics = em_cross_validation_to_json (self->best_cv);
  em_ensemble_set_metrics (self->model, metrics);

  return g_steal_pointer (&self);
}

/**
 * em_param_search_format:
 * @self: a search result
 *
 * Returns: (transfer full): one line per candidate (best marked with *)
 *   and the best candidate's cross-validation report.
 */
char *
em_param_search_format (const EmParamSearch *self)
{
  GString *out = g_string_new (NULL);
  g_autofree char *cv = em_cross_validation_format (self->best_cv);

  g_string_append_printf (out, "Randomized search: %u candidates × %u folds (seed %u)\n",
                          self->n_candidates, self->k, self->seed);
  g_string_append (out, "   # rf_trees rf_depth rf_colsample gb_rounds gb_depth gb_eta "
                        "gb_subsample gb_colsample  accuracy  macro-F1\n");
  for (guint c = 0; c < self->n_candidates; c++)
    {
      const EmEnsembleParams *p = &self->candidates[c];

      g_string_append_printf (out, "%c%3u %8u %8u %12.3f %9u %8u %6.3f %12.3f %12.3f %9.4f %9.4f\n",
                              c == self->best ? '*' : ' ', c, p->rf_n_trees, p->rf_max_depth,
                              p->rf_colsample_bynode, p->gb_n_rounds, p->gb_max_depth,
                              p->gb_learning_rate, p->gb_subsample, p->gb_colsample_bytree,
                              self->mean_accuracy[c], self->mean_macro_f1[c]);
    }
  g_string_append_c (out, '\n');
  g_string_append (out, cv);

  return g_string_free (out, FALSE);
}
