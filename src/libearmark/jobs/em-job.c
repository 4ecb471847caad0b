/* em-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A background job's shared state: title, progress and cancellation.
 * Workers call em_job_update() from any thread; the values are stored
 * under a mutex and at most one idle callback is pending at a time, which
 * emits the notify signals on the main context.  Notifications are
 * throttled to 10 Hz because progress updates are cheap to produce and
 * expensive to draw.
 *
 * Kernels take a nullable `EmJob *`: every call here accepts NULL and does
 * nothing, so a caller without a UI does not need a job.
 */

#include "config.h"

#include "em-job.h"

#define NOTIFY_INTERVAL_USEC (G_USEC_PER_SEC / 10)

struct _EmJob
{
  GObject       parent_instance;

  char         *title;
  GCancellable *cancellable;

  GMutex        mutex;
  double        fraction;
  char         *message;
  guint64       done;
  guint64       total;
  gint64        started_at;
  gint64        last_notify_at;
  guint         notify_source;
  guint         finished : 1;
};

G_DEFINE_FINAL_TYPE (EmJob, em_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_FRACTION,
  PROP_MESSAGE,
  PROP_FINISHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
em_job_finalize (GObject *object)
{
  EmJob *self = (EmJob *)object;

  g_clear_handle_id (&self->notify_source, g_source_remove);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (em_job_parent_class)->finalize (object);
}

static void
em_job_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  EmJob *self = EM_JOB (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, em_job_get_fraction (self));
      break;

    case PROP_MESSAGE:
      g_value_take_string (value, em_job_dup_message (self));
      break;

    case PROP_FINISHED:
      g_value_set_boolean (value, em_job_get_finished (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_job_class_init (EmJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = em_job_finalize;
  object_class->get_property = em_job_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_FINISHED] =
    g_param_spec_boolean ("finished", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
em_job_init (EmJob *self)
{
  g_mutex_init (&self->mutex);
  self->cancellable = g_cancellable_new ();
  self->started_at = g_get_monotonic_time ();
}

/**
 * em_job_new:
 * @title: a short, translated description ("Scanning Radio Shows")
 *
 * Returns: (transfer full): a new job
 */
EmJob *
em_job_new (const char *title)
{
  EmJob *self = g_object_new (EM_TYPE_JOB, NULL);

  self->title = g_strdup (title);

  return self;
}

const char *
em_job_get_title (EmJob *self)
{
  g_return_val_if_fail (EM_IS_JOB (self), NULL);

  return self->title;
}

/**
 * em_job_get_cancellable:
 *
 * Returns: (transfer none) (nullable): the job's cancellable, or %NULL
 *   when @self is %NULL
 */
GCancellable *
em_job_get_cancellable (EmJob *self)
{
  return self ? self->cancellable : NULL;
}

void
em_job_cancel (EmJob *self)
{
  g_return_if_fail (EM_IS_JOB (self));

  g_cancellable_cancel (self->cancellable);
}

gboolean
em_job_is_cancelled (EmJob *self)
{
  return self != NULL && g_cancellable_is_cancelled (self->cancellable);
}

double
em_job_get_fraction (EmJob *self)
{
  double fraction;

  g_return_val_if_fail (EM_IS_JOB (self), 0.0);

  g_mutex_lock (&self->mutex);
  fraction = self->fraction;
  g_mutex_unlock (&self->mutex);

  return fraction;
}

char *
em_job_dup_message (EmJob *self)
{
  char *message;

  g_return_val_if_fail (EM_IS_JOB (self), NULL);

  g_mutex_lock (&self->mutex);
  message = g_strdup (self->message);
  g_mutex_unlock (&self->mutex);

  return message;
}

void
em_job_get_counts (EmJob   *self,
                   guint64 *done,
                   guint64 *total)
{
  g_return_if_fail (EM_IS_JOB (self));

  g_mutex_lock (&self->mutex);
  if (done != NULL)
    *done = self->done;
  if (total != NULL)
    *total = self->total;
  g_mutex_unlock (&self->mutex);
}

/**
 * em_job_get_rate:
 *
 * Returns: items completed per second since the job started, or 0
 */
double
em_job_get_rate (EmJob *self)
{
  double elapsed;
  guint64 done;

  g_return_val_if_fail (EM_IS_JOB (self), 0.0);

  em_job_get_counts (self, &done, NULL);
  elapsed = (g_get_monotonic_time () - self->started_at) / (double)G_USEC_PER_SEC;

  return elapsed > 0.0 ? done / elapsed : 0.0;
}

/**
 * em_job_get_eta_seconds:
 *
 * Returns: the estimated seconds left, or -1 when unknown
 */
double
em_job_get_eta_seconds (EmJob *self)
{
  guint64 done, total;
  double rate;

  g_return_val_if_fail (EM_IS_JOB (self), -1.0);

  em_job_get_counts (self, &done, &total);
  rate = em_job_get_rate (self);
  if (rate <= 0.0 || total < done)
    return -1.0;

  return (total - done) / rate;
}

gboolean
em_job_get_finished (EmJob *self)
{
  gboolean finished;

  g_return_val_if_fail (EM_IS_JOB (self), FALSE);

  g_mutex_lock (&self->mutex);
  finished = self->finished;
  g_mutex_unlock (&self->mutex);

  return finished;
}

static gboolean
emit_notify_cb (gpointer user_data)
{
  EmJob *self = user_data;

  g_mutex_lock (&self->mutex);
  self->notify_source = 0;
  self->last_notify_at = g_get_monotonic_time ();
  g_mutex_unlock (&self->mutex);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);

  return G_SOURCE_REMOVE;
}

/* Called with the mutex held. */
static void
schedule_notify_locked (EmJob *self)
{
  gint64 now, wait_usec;

  if (self->notify_source != 0)
    return;

  now = g_get_monotonic_time ();
  wait_usec = self->last_notify_at + NOTIFY_INTERVAL_USEC - now;

  /* The source holds a reference so a job dropped by its owner while a
   * notification is pending stays alive until the notification ran. */
  if (wait_usec <= 0)
    self->notify_source = g_idle_add_full (G_PRIORITY_LOW, emit_notify_cb,
                                           g_object_ref (self), g_object_unref);
  else
    self->notify_source = g_timeout_add_full (G_PRIORITY_LOW, MAX (1, wait_usec / 1000),
                                              emit_notify_cb,
                                              g_object_ref (self), g_object_unref);
}

/**
 * em_job_update:
 * @self: (nullable): a job, or %NULL to do nothing
 * @fraction: progress from 0 to 1, or a negative value to keep the current one
 * @message: (nullable): what is being done now, or %NULL to keep it
 *
 * Thread-safe; the notifications are emitted on the main context.
 */
void
em_job_update (EmJob      *self,
               double      fraction,
               const char *message)
{
  if (self == NULL)
    return;

  g_return_if_fail (EM_IS_JOB (self));

  g_mutex_lock (&self->mutex);
  if (fraction >= 0.0)
    self->fraction = CLAMP (fraction, 0.0, 1.0);
  if (message != NULL && g_strcmp0 (message, self->message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
    }
  schedule_notify_locked (self);
  g_mutex_unlock (&self->mutex);
}

/**
 * em_job_update_counts:
 * @self: (nullable): a job, or %NULL to do nothing
 * @done: items completed
 * @total: items in all
 * @current_item: (nullable): the item being worked on
 *
 * Sets the fraction to @done / @total and keeps the counts for the rate
 * and the ETA.  Thread-safe.
 */
void
em_job_update_counts (EmJob      *self,
                      guint64     done,
                      guint64     total,
                      const char *current_item)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->mutex);
  self->done = done;
  self->total = total;
  g_mutex_unlock (&self->mutex);

  em_job_update (self, total > 0 ? (double)done / total : 0.0, current_item);
}

/**
 * em_job_finish:
 *
 * Marks the job as done and notifies "finished" (main thread only).
 */
void
em_job_finish (EmJob *self)
{
  g_return_if_fail (EM_IS_JOB (self));

  g_mutex_lock (&self->mutex);
  self->finished = TRUE;
  self->fraction = 1.0;
  g_mutex_unlock (&self->mutex);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
}
