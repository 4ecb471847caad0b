/* em-cross-validation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stratified k-fold cross-validation of the ensemble.  Folds are made as
 * sklearn's StratifiedKFold(shuffle=True) intends: the rows of each class
 * are shuffled with the seed and dealt round-robin into the folds, the deal
 * continuing from class to class so that fold sizes differ by at most one.
 * Out-of-fold probabilities are kept, so that labelled rows the model
 * strongly disagrees with can be listed as possible label mistakes.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "em-cross-validation.h"
#include "em-cross-validation-private.h"
#include "em-fold-task-private.h"

static gboolean
check_fold_counts (const gsize  *counts,
                   guint         n_classes,
                   guint         k,
                   gsize         n,
                   GError      **error)
{
  if (k < 2 || k > n)
    {
      g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                   "Cross-validation needs between 2 and %" G_GSIZE_FORMAT
                   " folds, got %u", n, k);
      return FALSE;
    }

  for (guint c = 0; c < n_classes; c++)
    if (counts[c] > 0 && counts[c] < k)
      {
        g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_TOO_FEW_SAMPLES,
                     "Class %u has only %" G_GSIZE_FORMAT " labelled rows, fewer than "
                     "the %u folds; label more or use fewer folds",
                     c, counts[c], k);
        return FALSE;
      }

  return TRUE;
}

/**
 * em_stratified_kfold:
 * @y: (array length=n): class per row
 * @n: number of rows
 * @n_classes: number of classes
 * @k: number of folds (2 ≤ k ≤ rows of every present class)
 * @seed: shuffle seed
 * @fold: (out caller-allocates) (array length=n): fold index per row
 * @error: return location for an error
 *
 * Returns: %TRUE on success; %EM_ML_ERROR_TOO_FEW_SAMPLES if a class has
 *   fewer rows than folds, %EM_ML_ERROR_SINGLE_CLASS if only one class.
 */
gboolean
em_stratified_kfold (const guint8  *y,
                     gsize          n,
                     guint          n_classes,
                     guint          k,
                     guint32        seed,
                     guint         *fold,
                     GError       **error)
{
  g_autofree gsize *counts = g_new0 (gsize, MAX (n_classes, 1));
  g_autofree gsize *rows = g_new (gsize, MAX (n, 1));
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gsize deal = 0;

  if (!_em_ml_check_labels (y, n, n_classes, counts, error) ||
      !check_fold_counts (counts, n_classes, k, n, error))
    return FALSE;

  for (guint c = 0; c < n_classes; c++)
    {
      gsize m = 0;

      for (gsize i = 0; i < n; i++)
        if (y[i] == c)
          rows[m++] = i;

      /* Fisher–Yates with GLib's Mersenne Twister: the same on every
       * platform for a seed. */
      for (gsize i = m; i > 1; i--)
        {
          gsize j = g_rand_int_range (rand, 0, (gint32)i);
          gsize tmp = rows[i - 1];

          rows[i - 1] = rows[j];
          rows[j] = tmp;
        }

      for (gsize i = 0; i < m; i++)
        fold[rows[i]] = (guint)(deal++ % k);
    }

  return TRUE;
}

/**
 * em_cross_validation_free:
 * @self: (nullable): a cross-validation result
 *
 * Frees @self and everything it holds.
 */
void
em_cross_validation_free (EmCrossValidation *self)
{
  if (self == NULL)
    return;

  g_free (self->y);
  g_free (self->fold);
  g_free (self->proba);
  g_free (self->proba_rf);
  g_free (self->proba_gb);
  g_free (self->fold_accuracy);
  g_free (self->fold_macro_f1);
  g_clear_pointer (&self->metrics, em_metrics_free);
  g_free (self);
}

EmCrossValidation *
_em_cross_validation_alloc (const guint8   *y,
                        gsize           n,
                        EmEnsembleMode  mode,
                        guint           k,
                        guint32         seed)
{
  EmCrossValidation *self = g_new0 (EmCrossValidation, 1);

  self->n = n;
  self->mode = mode;
  self->n_classes = em_ensemble_mode_get_n_classes (mode);
  self->k = k;
  self->seed = seed;
  self->y = g_memdup2 (y, n);
  self->fold = g_new0 (guint, n);
  self->proba = g_new0 (double, n * self->n_classes);
  self->proba_rf = g_new0 (double, n * self->n_classes);
  self->proba_gb = g_new0 (double, n * self->n_classes);
  self->fold_accuracy = g_new0 (double, k);
  self->fold_macro_f1 = g_new0 (double, k);

  return self;
}

gboolean
_em_cross_validation_finish (EmCrossValidation  *self,
                             GError            **error)
{
  const char *names[3];

  for (guint c = 0; c < self->n_classes; c++)
    names[c] = em_ensemble_mode_get_class_name (self->mode, c);

  self->mean_accuracy = 0.0;
  self->mean_macro_f1 = 0.0;
  for (guint f = 0; f < self->k; f++)
    {
      self->mean_accuracy += self->fold_accuracy[f];
      self->mean_macro_f1 += self->fold_macro_f1[f];
    }
  self->mean_accuracy /= self->k;
  self->mean_macro_f1 /= self->k;

  self->metrics = em_metrics_new_from_proba (self->y, self->proba, self->n, self->n_classes,
                                             names, error);
  return self->metrics != NULL;
}

/**
 * em_cross_validation_run:
 * @x: (array): n × d features
 * @n: number of labelled rows
 * @d: number of features
 * @y: (array length=n): class per row (see #EmEnsembleMode)
 * @mode: the ensemble mode
 * @params: (nullable): ensemble parameters, %NULL for the defaults
 * @k: number of folds
 * @seed: fold seed (the ensemble's own seed is @params->seed)
 * @job: (nullable): progress and cancellation
 * @error: return location for an error
 *
 * Fits the k folds on two worker threads (one XGBoost thread each) and
 * keeps the out-of-fold probabilities.  Deterministic for given seeds.
 *
 * Returns: (transfer full): the result, or %NULL with @error set.
 */
EmCrossValidation *
em_cross_validation_run (const double            *x,
                         gsize                    n,
                         gsize                    d,
                         const guint8            *y,
                         EmEnsembleMode           mode,
                         const EmEnsembleParams  *params,
                         guint                    k,
                         guint32                  seed,
                         EmJob                   *job,
                         GError                 **error)
{
  g_autoptr(EmCrossValidation) self = NULL;
  g_autofree EmFoldTask *tasks = NULL;
  EmEnsembleParams defaults;
  guint n_classes = em_ensemble_mode_get_n_classes (mode);

  if (params == NULL)
    {
      em_ensemble_params_init (&defaults);
      params = &defaults;
    }

  if (x == NULL || y == NULL || d == 0 || !em_ensemble_params_validate (params, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                             "Cross-validation needs a feature matrix and labels");
      return NULL;
    }

  self = _em_cross_validation_alloc (y, n, mode, k, seed);
  if (!em_stratified_kfold (y, n, n_classes, k, seed, self->fold, error))
    return NULL;

  tasks = g_new0 (EmFoldTask, k);
  for (guint f = 0; f < k; f++)
    tasks[f] = (EmFoldTask) {
      x, n, d, y, self->fold, f, mode, params,
      self->proba, self->proba_rf, self->proba_gb, 0.0, 0.0, NULL,
    };

  if (!_em_fold_tasks_run (tasks, k, job, "Cross-validating", error))
    return NULL;

  for (guint f = 0; f < k; f++)
    {
      self->fold_accuracy[f] = tasks[f].accuracy;
      self->fold_macro_f1[f] = tasks[f].macro_f1;
    }

  if (!_em_cross_validation_finish (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

static int
compare_suspects (const void *a,
                  const void *b)
{
  const EmSuspect *sa = a, *sb = b;

  if (sa->p_label != sb->p_label)
    return sa->p_label < sb->p_label ? -1 : 1;
  return sa->row < sb->row ? -1 : sa->row > sb->row;
}

/**
 * em_cross_validation_list_suspects:
 * @self: a cross-validation result
 * @threshold: list rows whose out-of-fold probability of their own label
 *   is below this (for example 0.2)
 * @n_suspects: (out): number of rows listed
 *
 * Returns: (transfer full) (array length=n_suspects): possible label
 *   mistakes, most suspicious (lowest probability) first; %NULL if none.
 */
EmSuspect *
em_cross_validation_list_suspects (const EmCrossValidation *self,
                                   double                   threshold,
                                   gsize                   *n_suspects)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (EmSuspect));

  for (gsize i = 0; i < self->n; i++)
    {
      const double *row = self->proba + i * self->n_classes;
      EmSuspect s = { i, self->y[i], em_metrics_argmax (row, self->n_classes), row[self->y[i]] };

      if (s.p_label < threshold)
        g_array_append_val (out, s);
    }

  g_array_sort (out, compare_suspects);
  *n_suspects = out->len;
  if (out->len == 0)
    {
      g_array_free (out, TRUE);
      return NULL;
    }

  return (EmSuspect *)g_array_free (out, FALSE);
}

/**
 * em_cross_validation_format:
 * @self: a cross-validation result
 *
 * The sklearn-style report of the out-of-fold predictions, the confusion
 * matrix, per-fold accuracies and, in binary mode, ROC AUC.
 *
 * Returns: (transfer full): text for a terminal.
 */
char *
em_cross_validation_format (const EmCrossValidation *self)
{
  GString *out = g_string_new (NULL);
  g_autofree char *table = em_metrics_format (self->metrics, 2);
  g_autofree char *confusion = em_metrics_format_confusion (self->metrics);

  g_string_append_printf (out, "%u-fold stratified cross-validation (seed %u), %s, "
                          "%" G_GSIZE_FORMAT " labelled rows\n\n",
                          self->k, self->seed, em_ensemble_mode_to_string (self->mode), self->n);
  g_string_append (out, table);
  g_string_append_printf (out, "\nConfusion matrix (rows = true, columns = predicted):\n%s", confusion);
  g_string_append (out, "\nFold accuracy:");
  for (guint f = 0; f < self->k; f++)
    g_string_append_printf (out, " %.4f", self->fold_accuracy[f]);
  g_string_append_printf (out, "\nMean fold accuracy %.4f, mean fold macro-F1 %.4f\n",
                          self->mean_accuracy, self->mean_macro_f1);
  if (!isnan (self->metrics->roc_auc))
    g_string_append_printf (out, "ROC AUC (contains music) %.4f\n", self->metrics->roc_auc);

  return g_string_free (out, FALSE);
}

/**
 * em_cross_validation_to_json:
 * @self: a cross-validation result
 *
 * { "k", "seed", "mean_accuracy", "mean_macro_f1", "fold_accuracy": [],
 *   "report": em_metrics_to_json() } — what the model stores as "metrics".
 *
 * Returns: (transfer full): a JSON object node.
 */
JsonNode *
em_cross_validation_to_json (const EmCrossValidation *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "k");
  json_builder_add_int_value (b, self->k);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, self->seed);
  json_builder_set_member_name (b, "mean_accuracy");
  json_builder_add_double_value (b, self->mean_accuracy);
  json_builder_set_member_name (b, "mean_macro_f1");
  json_builder_add_double_value (b, self->mean_macro_f1);
  json_builder_set_member_name (b, "fold_accuracy");
  json_builder_begin_array (b);
  for (guint f = 0; f < self->k; f++)
    json_builder_add_double_value (b, self->fold_accuracy[f]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "report");
  json_builder_add_value (b, em_metrics_to_json (self->metrics));
  json_builder_end_object (b);

  return json_builder_get_root (b);
}
