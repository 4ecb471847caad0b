/* em-parallel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small parallel-for over row chunks for the analysis kernels.  Workers
 * pull chunks from a shared counter, so the split adapts to a core that is
 * busy with something else, while every chunk writes only its own rows:
 * results never depend on the number of threads or on scheduling.
 *
 * OpenBLAS (pthreads build) would start its own threads inside each GEMM
 * called from our workers and the two levels would fight over the cores
 * (measured: 48 instead of 67 GFLOP/s on two cores).  While a parallel
 * region runs, BLAS is therefore switched to one thread; a counter makes
 * overlapping regions restore the setting only when the last one ends.
 */

#include "config.h"

#include <cblas.h>
#include <gio/gio.h>

#include "em-parallel.h"

#define MAX_WORKERS 16

typedef struct
{
  GMutex          mutex;
  gsize           n_items;
  gsize           chunk;
  gsize           next;
  gsize           n_done;
  gboolean        cancelled;
  EmParallelFunc  func;
  gpointer        user_data;
  EmJob          *job;
  double          fraction_begin;
  double          fraction_end;
  const char     *message;
} Region;

typedef struct
{
  Region *region;
  guint   worker;
} Worker;

static guint  n_workers_override;
static GMutex blas_mutex;
static guint  blas_regions;
static int    blas_saved_threads;

/**
 * em_parallel_get_n_workers:
 *
 * Returns: how many workers em_parallel_for() uses at most (the number of
 *   processors, capped, unless em_parallel_set_n_workers() chose otherwise)
 */
guint
em_parallel_get_n_workers (void)
{
  guint n = g_atomic_int_get (&n_workers_override);

  return CLAMP (n > 0 ? n : g_get_num_processors (), 1, MAX_WORKERS);
}

/**
 * em_parallel_set_n_workers:
 * @n_workers: workers to use from now on, or 0 for one per processor
 *
 * Overrides the number of workers of the analysis kernels (for tests that
 * check results do not depend on it, or to leave cores to other work).
 * Call it while no kernel runs.
 */
void
em_parallel_set_n_workers (guint n_workers)
{
  g_atomic_int_set (&n_workers_override, MIN (n_workers, MAX_WORKERS));
}

static void
blas_single_threaded_begin (void)
{
  g_mutex_lock (&blas_mutex);
  if (blas_regions++ == 0)
    {
      blas_saved_threads = openblas_get_num_threads ();
      openblas_set_num_threads (1);
    }
  g_mutex_unlock (&blas_mutex);
}

static void
blas_single_threaded_end (void)
{
  g_mutex_lock (&blas_mutex);
  if (--blas_regions == 0)
    openblas_set_num_threads (blas_saved_threads);
  g_mutex_unlock (&blas_mutex);
}

/* Takes the next chunk; reports the previous one as done (progress) and
 * notices a cancel request, which makes every worker stop at its next
 * chunk boundary. */
static gboolean
region_next (Region *region,
             gboolean finished_one,
             gsize  *begin,
             gsize  *end)
{
  gboolean ok;
  gsize n_chunks = (region->n_items + region->chunk - 1) / region->chunk;

  g_mutex_lock (&region->mutex);
  if (finished_one)
    {
      region->n_done++;
      em_job_update (region->job,
                     region->fraction_begin + (region->fraction_end - region->fraction_begin)
                       * (double) region->n_done / (double) n_chunks,
                     region->message);
    }
  if (em_job_is_cancelled (region->job))
    region->cancelled = TRUE;
  ok = !region->cancelled && region->next < region->n_items;
  if (ok)
    {
      *begin = region->next;
      *end = MIN (region->n_items, region->next + region->chunk);
      region->next = *end;
    }
  g_mutex_unlock (&region->mutex);

  return ok;
}

static gpointer
worker_run (gpointer data)
{
  Worker *w = data;
  gsize begin, end;
  gboolean finished_one = FALSE;

  while (region_next (w->region, finished_one, &begin, &end))
    {
      w->region->func (begin, end, w->worker, w->region->user_data);
      finished_one = TRUE;
    }

  return NULL;
}

/**
 * em_parallel_for:
 * @n_items: number of items
 * @chunk: items per chunk (at least 1)
 * @func: (scope call): function run on each chunk
 * @user_data: data for @func
 * @job: (nullable): job for progress and cancellation
 * @fraction_begin: job fraction reported before the first chunk
 * @fraction_end: job fraction reported after the last chunk
 * @message: (nullable): progress message
 * @error: return location for a #GError
 *
 * Runs @func over [0, @n_items) in chunks on up to
 * em_parallel_get_n_workers() threads, the calling thread included.
 *
 * Returns: %FALSE with %G_IO_ERROR_CANCELLED if @job was cancelled
 */
gboolean
em_parallel_for (gsize            n_items,
                 gsize            chunk,
                 EmParallelFunc   func,
                 gpointer         user_data,
                 EmJob           *job,
                 double           fraction_begin,
                 double           fraction_end,
                 const char      *message,
                 GError         **error)
{
  Region region = { 0 };
  Worker workers[MAX_WORKERS];
  GThread *threads[MAX_WORKERS] = { NULL };
  guint n_workers;

  g_return_val_if_fail (func != NULL, FALSE);

  chunk = MAX (chunk, 1);
  g_mutex_init (&region.mutex);
  region.n_items = n_items;
  region.chunk = chunk;
  region.func = func;
  region.user_data = user_data;
  region.job = job;
  region.fraction_begin = fraction_begin;
  region.fraction_end = fraction_end;
  region.message = message;

  n_workers = (guint) MIN ((gsize) em_parallel_get_n_workers (), (n_items + chunk - 1) / chunk);
  n_workers = MAX (n_workers, 1);

  if (n_workers > 1)
    blas_single_threaded_begin ();
  for (guint w = 0; w < n_workers; w++)
    {
      workers[w].region = &region;
      workers[w].worker = w;
      if (w > 0)
        threads[w] = g_thread_new ("em-parallel", worker_run, &workers[w]);
    }
  worker_run (&workers[0]);
  for (guint w = 1; w < n_workers; w++)
    g_thread_join (threads[w]);
  if (n_workers > 1)
    blas_single_threaded_end ();

  g_mutex_clear (&region.mutex);

  if (region.cancelled || em_job_is_cancelled (job))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: cancelled",
                   message != NULL ? message : "Analysis");
      return FALSE;
    }

  return TRUE;
}
