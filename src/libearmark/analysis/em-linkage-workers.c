/* em-linkage-workers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "em-linkage-workers.h"

/* About 10 us of polling: a scan takes 50-500 us, so the helper usually
 * finds the next one while still spinning; on a loaded machine it sleeps. */
#define SPIN_ROUNDS 4000

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
  while ((gen = g_atomic_int_get (&self->generation)) == seen)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
  return gen;
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
        {
          g_mutex_lock (&self->mutex);
          g_cond_broadcast (&self->cond);
          g_mutex_unlock (&self->mutex);
        }
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
 * calling thread, and returns when all parts are done. */
void
_em_linkage_workers_run (EmLinkageWorkers  *self,
                         EmLinkageWorkFunc  func,
                         gpointer           user_data)
{
  if (self->n_threads == 1)
    {
      func (0, 1, user_data);
      return;
    }

  self->func = func;
  self->user_data = user_data;
  g_atomic_int_set (&self->pending, (gint) self->n_threads - 1);
  g_mutex_lock (&self->mutex);
  g_atomic_int_inc (&self->generation);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  func (0, self->n_threads, user_data);

  for (guint i = 0; i < SPIN_ROUNDS && g_atomic_int_get (&self->pending) > 0; i++)
    cpu_relax ();
  if (g_atomic_int_get (&self->pending) > 0)
    {
      g_mutex_lock (&self->mutex);
      while (g_atomic_int_get (&self->pending) > 0)
        g_cond_wait (&self->cond, &self->mutex);
      g_mutex_unlock (&self->mutex);
    }
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
