/* em-linkage-workers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "em-linkage-workers.h"

/* A few microseconds of polling: a scan takes 20-500 us, so the helper
 * usually finds the next one while still spinning; on a loaded machine it
 * sleeps. */
#define SPIN_ROUNDS 1000

struct _EmLinkageWorkers
{
  GMutex             mutex;
  GCond              cond;
  guint              n_threads;
  GThread          **threads;
  EmLinkageWorkFunc  func;
  gpointer           user_data;
  gint               generation;  /* atomic */
  gint               pending;     /* atomic */
  gint               quit;        /* atomic */
  gint               sleepers;    /* atomic: threads in g_cond_wait */
};

typedef struct
{
  EmLinkageWorkers *team;
  guint             part;
} WorkerArg;

static inline void
cpu_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#endif
}

static gint
wait_generation (EmLinkageWorkers *self,
                 gint              seen)
{
  gint gen = seen;

  for (guint i = 0; i < SPIN_ROUNDS && gen == seen; i++)
    {
      cpu_relax ();
      gen = g_atomic_int_get (&self->generation);
    }
  if (gen != seen)
    return gen;

  g_mutex_lock (&self->mutex);
  g_atomic_int_inc (&self->sleepers);
  while ((gen = g_atomic_int_get (&self->generation)) == seen)
    g_cond_wait (&self->cond, &self->mutex);
  g_atomic_int_dec_and_test (&self->sleepers);
  g_mutex_unlock (&self->mutex);
  return gen;
}

/* Wakes whoever sleeps on the condition. Sleepers register under the
 * mutex before they check their predicate, and every change is made before
 * this is called, so when nobody is registered nobody can miss it: the
 * futex call (a system call each time) is skipped while threads spin. */
static void
wake_sleepers (EmLinkageWorkers *self)
{
  if (g_atomic_int_get (&self->sleepers) == 0)
    return;
  g_mutex_lock (&self->mutex);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

static gpointer
worker_main (gpointer data)
{
  WorkerArg *arg = data;
  EmLinkageWorkers *self = arg->team;
  gint seen = 0;

  for (;;)
    {
      seen = wait_generation (self, seen);
      if (g_atomic_int_get (&self->quit))
        break;
      self->func (arg->part, self->n_threads, self->user_data);
      if (g_atomic_int_dec_and_test (&self->pending))
        wake_sleepers (self);
    }

  g_free (arg);
  return NULL;
}

EmLinkageWorkers *
_em_linkage_workers_new (guint n_threads)
{
  EmLinkageWorkers *self = g_new0 (EmLinkageWorkers, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->n_threads = MAX (n_threads, 1);
  self->threads = g_new0 (GThread *, self->n_threads);
  for (guint i = 1; i < self->n_threads; i++)
    {
      WorkerArg *arg = g_new0 (WorkerArg, 1);

      arg->team = self;
      arg->part = i;
      self->threads[i] = g_thread_new ("em-linkage", worker_main, arg);
    }
  return self;
}

guint
_em_linkage_workers_n_parts (EmLinkageWorkers *self)
{
  return self->n_threads;
}

/* Runs func (part, n_parts, user_data) for every part, part 0 on the
 * calling thread, and returns when all parts are done: FALSE if the calling
 * thread had to sleep for the others (the helpers were descheduled, as on a
 * machine with more runnable threads than cores). */
gboolean
_em_linkage_workers_run (EmLinkageWorkers  *self,
                         EmLinkageWorkFunc  func,
                         gpointer           user_data)
{
  if (self->n_threads == 1)
    {
      func (0, 1, user_data);
      return TRUE;
    }

  self->func = func;
  self->user_data = user_data;
  g_atomic_int_set (&self->pending, (gint) self->n_threads - 1);
  g_atomic_int_inc (&self->generation);
  wake_sleepers (self);

  func (0, self->n_threads, user_data);

  for (guint i = 0; i < SPIN_ROUNDS && g_atomic_int_get (&self->pending) > 0; i++)
    cpu_relax ();
  if (g_atomic_int_get (&self->pending) > 0)
    {
      g_mutex_lock (&self->mutex);
      g_atomic_int_inc (&self->sleepers);
      while (g_atomic_int_get (&self->pending) > 0)
        g_cond_wait (&self->cond, &self->mutex);
      g_atomic_int_dec_and_test (&self->sleepers);
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }
  return TRUE;
}

void
_em_linkage_workers_free (EmLinkageWorkers *self)
{
  if (self == NULL)
    return;

  g_atomic_int_set (&self->quit, 1);
  g_mutex_lock (&self->mutex);
  g_atomic_int_inc (&self->generation);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  for (guint i = 1; i < self->n_threads; i++)
    g_thread_join (self->threads[i]);

  g_free (self->threads);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}
