/* em-fold-task.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs fold fits on a GThreadPool of two workers, one XGBoost thread each:
 * on a loaded two-core machine that beats two OpenMP threads inside one
 * fit.  Each task writes only its own outputs, so the results do not
 * depend on which worker ran what, or in which order.
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "em-fold-task-private.h"
#include "em-metrics.h"

#define N_WORKERS 2

typedef struct
{
  EmJob      *job;
  const char *message;
  guint       n_tasks;
  gint        done;
} Progress;

static void
fold_task_fit (EmFoldTask *t)
{
  g_autoptr(EmEnsemble) model = NULL;
  g_autoptr(EmMetrics) metrics = NULL;
  g_autofree double *x_train = NULL, *x_test = NULL, *proba = NULL, *rf = NULL, *gb = NULL;
  g_autofree guint8 *y_train = NULL, *y_test = NULL;
  g_autofree gsize *rows = NULL;
  guint k = em_ensemble_mode_get_n_classes (t->mode);
  gsize n_train = 0, n_test = 0;

  x_train = g_new (double, t->n * t->d);
  x_test = g_new (double, t->n * t->d);
  y_train = g_new (guint8, t->n);
  y_test = g_new (guint8, t->n);
  rows = g_new (gsize, t->n);

  for (gsize i = 0; i < t->n; i++)
    {
      gboolean test = t->fold[i] == t->fold_index;
      double *dst = test ? x_test + n_test * t->d : x_train + n_train * t->d;

      memcpy (dst, t->x + i * t->d, t->d * sizeof (double));
      if (test)
        {
          rows[n_test] = i;
          y_test[n_test++] = t->y[i];
        }
      else
        y_train[n_train++] = t->y[i];
    }

  model = _em_ensemble_train_full (x_train, n_train, t->d, y_train, t->mode, t->params,
                                   0, FALSE, NULL, &t->error);
  if (model == NULL)
    return;

  proba = g_new (double, n_test * k);
  rf = g_new (double, n_test * k);
  gb = g_new (double, n_test * k);
  if (!_em_ensemble_predict_full (model, x_test, n_test, proba, rf, gb, FALSE, &t->error))
    return;

  for (gsize r = 0; r < n_test; r++)
    for (guint c = 0; c < k; c++)
      {
        t->proba[rows[r] * k + c] = proba[r * k + c];
        if (t->proba_rf != NULL)
          t->proba_rf[rows[r] * k + c] = rf[r * k + c];
        if (t->proba_gb != NULL)
          t->proba_gb[rows[r] * k + c] = gb[r * k + c];
      }

  metrics = em_metrics_new_from_proba (y_test, proba, n_test, k, NULL, &t->error);
  if (metrics != NULL)
    {
      t->accuracy = metrics->accuracy;
      t->macro_f1 = metrics->macro_f1;
    }
}

static void
worker (gpointer data,
        gpointer user_data)
{
  EmFoldTask *task = data;
  Progress *progress = user_data;
  guint done;

  if (em_job_is_cancelled (progress->job))
    g_set_error_literal (&task->error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         "Cross-validation was cancelled");
  else
    fold_task_fit (task);

  done = g_atomic_int_add (&progress->done, 1) + 1;
  em_job_update (progress->job, (double)done / progress->n_tasks, progress->message);
}

/* Runs every task; on failure returns the error of the first failed task
 * in task order (cancellation first, if any), so errors are deterministic
 * too. */
gboolean
_em_fold_tasks_run (EmFoldTask  *tasks,
                    guint        n_tasks,
                    EmJob       *job,
                    const char  *message,
                    GError     **error)
{
  Progress progress = { job, message, n_tasks, 0 };
  GThreadPool *pool;
  GError *first = NULL;

  pool = g_thread_pool_new (worker, &progress, N_WORKERS, FALSE, error);
  if (pool == NULL)
    return FALSE;

  for (guint i = 0; i < n_tasks; i++)
    g_thread_pool_push (pool, &tasks[i], NULL);
  g_thread_pool_free (pool, FALSE, TRUE);

  for (guint i = 0; i < n_tasks; i++)
    if (tasks[i].error != NULL &&
        (first == NULL || g_error_matches (tasks[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
      {
        first = tasks[i].error;
        if (g_error_matches (first, G_IO_ERROR, G_IO_ERROR_CANCELLED))
          break;
      }

  if (first != NULL)
    {
      g_propagate_error (error, g_error_copy (first));
      for (guint i = 0; i < n_tasks; i++)
        g_clear_error (&tasks[i].error);
      return FALSE;
    }

  return TRUE;
}
