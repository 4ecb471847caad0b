/* em-learning-curve.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Learning curve: the ensemble is cross-validated on stratified subsets of
 * the labels (20 %, 40 % … 100 % for five points), as sklearn's
 * learning_curve with the cross-validated score.  The subsets are nested
 * (one seeded shuffle per class, the first rows of it taken), so the
 * curve shows what more labels add rather than which rows were drawn.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "em-learning-curve.h"

/**
 * em_learning_curve_subset:
 * @y: (array length=n): class per row
 * @n: number of rows
 * @n_classes: number of classes
 * @fraction: share of each class to keep, in (0, 1]
 * @min_per_class: keep at least this many rows of a class (all of them if
 *   it has fewer), so that every fold still sees every class
 * @seed: shuffle seed
 * @rows: (out caller-allocates) (array length=n): the kept rows, in
 *   increasing order
 *
 * Returns: the number of rows written to @rows
 */
gsize
em_learning_curve_subset (const guint8 *y,
                          gsize         n,
                          guint         n_classes,
                          double        fraction,
                          guint         min_per_class,
                          guint32       seed,
                          gsize        *rows)
{
  g_autofree gsize *members = g_new (gsize, MAX (n, 1));
  g_autofree gboolean *keep = g_new0 (gboolean, MAX (n, 1));
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gsize n_rows = 0;

  for (guint c = 0; c < n_classes; c++)
    {
      gsize m = 0, take;

      for (gsize i = 0; i < n; i++)
        if (y[i] == c)
          members[m++] = i;

      for (gsize i = m; i > 1; i--)
        {
          gsize j = g_rand_int_range (rand, 0, (gint32)i);
          gsize tmp = members[i - 1];

          members[i - 1] = members[j];
          members[j] = tmp;
        }

      take = (gsize)ceil (CLAMP (fraction, 0.0, 1.0) * m - 1e-9);
      take = CLAMP (take, MIN ((gsize)min_per_class, m), m);
      for (gsize i = 0; i < take; i++)
        keep[members[i]] = TRUE;
    }

  for (gsize i = 0; i < n; i++)
    if (keep[i])
      rows[n_rows++] = i;

  return n_rows;
}

/**
 * em_learning_curve_new:
 * @k: folds of each point
 * @seed: seed of the subsets and the folds
 *
 * Returns: (transfer full): a curve without points
 */
EmLearningCurve *
em_learning_curve_new (guint   k,
                       guint32 seed)
{
  EmLearningCurve *self = g_new0 (EmLearningCurve, 1);

  self->k = k;
  self->seed = seed;

  return self;
}

void
em_learning_curve_free (EmLearningCurve *self)
{
  if (self == NULL)
    return;

  g_free (self->n_labels);
  g_free (self->mean_accuracy);
  g_free (self->std_accuracy);
  g_free (self);
}

static void
append_point (EmLearningCurve *self,
              gsize            n_labels,
              const double    *fold_accuracy)
{
  double mean = 0.0, var = 0.0;

  for (guint f = 0; f < self->k; f++)
    mean += fold_accuracy[f];
  mean /= self->k;
  for (guint f = 0; f < self->k; f++)
    var += (fold_accuracy[f] - mean) * (fold_accuracy[f] - mean);

  self->n_labels = g_renew (gsize, self->n_labels, self->n_points + 1);
  self->mean_accuracy = g_renew (double, self->mean_accuracy, self->n_points + 1);
  self->std_accuracy = g_renew (double, self->std_accuracy, self->n_points + 1);
  self->n_labels[self->n_points] = n_labels;
  self->mean_accuracy[self->n_points] = mean;
  self->std_accuracy[self->n_points] = sqrt (var / self->k);
  self->n_points++;
}

/**
 * em_learning_curve_add_point:
 * @self: a curve
 * @x: (array): n × d features
 * @n: labelled rows
 * @d: features per row
 * @y: (array length=n): class per row
 * @mode: the ensemble mode
 * @params: (nullable): ensemble parameters, %NULL for the defaults
 * @fraction: share of the labels of each class, in (0, 1]
 * @full: (nullable): the cross-validation of all rows with the same
 *   parameters, folds and seed, reused when the subset is every row
 * @job: (nullable): progress and cancellation
 * @error: return location for an error
 *
 * Cross-validates the stratified subset of @fraction and appends its
 * accuracy.  A subset no larger than the last point's adds nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
em_learning_curve_add_point (EmLearningCurve          *self,
                             const double             *x,
                             gsize                     n,
                             gsize                     d,
                             const guint8             *y,
                             EmEnsembleMode            mode,
                             const EmEnsembleParams   *params,
                             double                    fraction,
                             const EmCrossValidation  *full,
                             EmJob                    *job,
                             GError                  **error)
{
  g_autofree gsize *rows = g_new (gsize, MAX (n, 1));
  g_autofree double *x_sub = NULL;
  g_autofree guint8 *y_sub = NULL;
  g_autoptr(EmCrossValidation) cv = NULL;
  gsize m;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (x != NULL && y != NULL, FALSE);

  m = em_learning_curve_subset (y, n, em_ensemble_mode_get_n_classes (mode), fraction,
                                self->k, self->seed, rows);
  if (self->n_points > 0 && m <= self->n_labels[self->n_points - 1])
    return TRUE;

  if (m == n && full != NULL && full->k == self->k)
    {
      append_point (self, n, full->fold_accuracy);
      return TRUE;
    }

  x_sub = g_new (double, m * d);
  y_sub = g_new (guint8, MAX (m, 1));
  for (gsize i = 0; i < m; i++)
    {
      memcpy (x_sub + i * d, x + rows[i] * d, d * sizeof (double));
      y_sub[i] = y[rows[i]];
    }

  if (!(cv = em_cross_validation_run (x_sub, m, d, y_sub, mode, params, self->k, self->seed,
                                      job, error)))
    return FALSE;

  append_point (self, m, cv->fold_accuracy);
  return TRUE;
}

/**
 * em_learning_curve_run:
 * @x: (array): n × d features
 * @n: labelled rows
 * @d: features per row
 * @y: (array length=n): class per row
 * @mode: the ensemble mode
 * @params: (nullable): ensemble parameters, %NULL for the defaults
 * @n_points: number of subset sizes, evenly spaced up to all rows
 *   (fractions 1/n_points … 1)
 * @k: folds of each cross-validation
 * @seed: seed of the subsets and the folds
 * @full: (nullable): the cross-validation of all rows (same parameters,
 *   @k and @seed), reused for the last point
 * @job: (nullable): cancellation; each point's cross-validation reports
 *   its own progress on it
 * @error: return location for an error
 *
 * Returns: (transfer full): the curve, or %NULL with @error set
 */
EmLearningCurve *
em_learning_curve_run (const double             *x,
                       gsize                     n,
                       gsize                     d,
                       const guint8             *y,
                       EmEnsembleMode            mode,
                       const EmEnsembleParams   *params,
                       guint                     n_points,
                       guint                     k,
                       guint32                   seed,
                       const EmCrossValidation  *full,
                       EmJob                    *job,
                       GError                  **error)
{
  g_autoptr(EmLearningCurve) self = em_learning_curve_new (k, seed);

  g_return_val_if_fail (n_points > 0, NULL);

  for (guint p = 1; p <= n_points; p++)
    if (!em_learning_curve_add_point (self, x, n, d, y, mode, params, (double)p / n_points,
                                      full, job, error))
      return NULL;

  return g_steal_pointer (&self);
}
