/* em-file-batch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per-file work on a bounded thread pool with results delivered in input
 * order.  Each file has a preallocated slot that one worker fills, so
 * workers never contend on anything but the completion signal.  At most
 * WINDOW_PER_THREAD files per thread are in flight, which keeps memory
 * bounded on 30,000-file libraries while the slow file at the head of the
 * queue does not stall the other threads.
 */

#include "config.h"

#include "em-file-batch.h"

#define WINDOW_PER_THREAD 4
#define CANCEL_POLL_USEC (50 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  gpointer  result;
  GError   *error;
  gboolean  done;
} Slot;

typedef struct
{
  GPtrArray           *paths;
  EmFileBatchWorkFunc  work;
  gpointer             user_data;
  GCancellable        *cancellable;
  Slot                *slots;
  GMutex               mutex;
  GCond                cond;
} Batch;

static void
run_one_file (gpointer data,
              gpointer user_data)
{
  Batch *batch = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;
  const char *path = g_ptr_array_index (batch->paths, index);
  GError *local_error = NULL;
  gpointer result = NULL;

  if (!g_cancellable_set_error_if_cancelled (batch->cancellable, &local_error))
    result = batch->work (path, batch->user_data, batch->cancellable, &local_error);

  g_mutex_lock (&batch->mutex);
  batch->slots[index].result = result;
  batch->slots[index].error = local_error;
  batch->slots[index].done = TRUE;
  g_cond_broadcast (&batch->cond);
  g_mutex_unlock (&batch->mutex);
}

/* Waits for slot @index; returns FALSE if the batch was cancelled first. */
static gboolean
wait_for_slot (Batch *batch,
               guint  index)
{
  gboolean done;

  g_mutex_lock (&batch->mutex);
  while (!(done = batch->slots[index].done) &&
         !g_cancellable_is_cancelled (batch->cancellable))
    g_cond_wait_until (&batch->cond, &batch->mutex,
                       g_get_monotonic_time () + CANCEL_POLL_USEC);
  g_mutex_unlock (&batch->mutex);

  return done;
}

static void
free_slots (Batch          *batch,
            guint           from,
            guint           to,
            GDestroyNotify  result_free)
{
  for (guint i = from; i < to; i++)
    {
      if (batch->slots[i].result != NULL && result_free != NULL)
        result_free (batch->slots[i].result);
      g_clear_error (&batch->slots[i].error);
    }
}

/**
 * em_file_batch_run:
 * @paths: (element-type filename): the files
 * @n_threads: worker threads, 0 for one per processor
 * @work: the per-file function, called on worker threads
 * @result_free: (nullable): frees a result after delivery
 * @deliver: receives each result or error on the calling thread, in order
 * @user_data: data for @work and @deliver
 * @job: (nullable): progress and cancellation
 * @error: return location for a #GError
 *
 * Blocks until every file was delivered or the job was cancelled.  A file
 * that fails is delivered with its error and the batch goes on.
 *
 * Returns: %TRUE, or %FALSE with %G_IO_ERROR_CANCELLED
 */
gboolean
em_file_batch_run (GPtrArray              *paths,
                   guint                   n_threads,
                   EmFileBatchWorkFunc     work,
                   GDestroyNotify          result_free,
                   EmFileBatchDeliverFunc  deliver,
                   gpointer                user_data,
                   EmJob                  *job,
                   GError                **error)
{
  Batch batch = { paths, work, user_data, em_job_get_cancellable (job), NULL };
  GThreadPool *pool;
  guint pushed = 0, delivered = 0, window;

  g_return_val_if_fail (paths != NULL, FALSE);
  g_return_val_if_fail (work != NULL && deliver != NULL, FALSE);

  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  window = n_threads * WINDOW_PER_THREAD;
  batch.slots = g_new0 (Slot, MAX (paths->len, 1));
  g_mutex_init (&batch.mutex);
  g_cond_init (&batch.cond);
  pool = g_thread_pool_new (run_one_file, &batch, n_threads, FALSE, NULL);

  while (delivered < paths->len)
    {
      for (; pushed < paths->len && pushed - delivered < window; pushed++)
        g_thread_pool_push (pool, GUINT_TO_POINTER (pushed + 1), NULL);

      if (!wait_for_slot (&batch, delivered))
        break;

      deliver (delivered, g_ptr_array_index (paths, delivered),
               batch.slots[delivered].result, batch.slots[delivered].error, user_data);
      free_slots (&batch, delivered, delivered + 1, result_free);
      delivered++;
      em_job_update_counts (job, delivered, paths->len, g_ptr_array_index (paths, delivered - 1));
    }

  /* Workers see the cancellation and return at once, so this is quick. */
  g_thread_pool_free (pool, FALSE, TRUE);
  free_slots (&batch, delivered, pushed, result_free);
  g_free (batch.slots);
  g_mutex_clear (&batch.mutex);
  g_cond_clear (&batch.cond);

  if (delivered < paths->len)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return FALSE;
    }

  return TRUE;
}
