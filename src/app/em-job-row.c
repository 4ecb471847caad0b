/* em-job-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One running job in the header bar's jobs popover: its title, message
 * and progress are bound to the EmJob's properties in em-job-row.ui, as
 * Sysprof's task rows are; the cancel button runs "job.cancel".
 */

#include "config.h"

#include "em-job-row.h"

struct _EmJobRow
{
  GtkListBoxRow  parent_instance;

  EmJob         *job;
  GtkWidget     *message_label;
};

G_DEFINE_FINAL_TYPE (EmJobRow, em_job_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_cancelled_cb (GCancellable *cancellable,
                 EmJobRow     *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "job.cancel", FALSE);
}

/* No blank line under the title before the job says what it does. */
static void
on_message_cb (EmJob      *job,
               GParamSpec *pspec,
               EmJobRow   *self)
{
  g_autofree char *message = em_job_dup_message (job);

  gtk_widget_set_visible (self->message_label, message != NULL && message[0] != '\0');
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  EmJobRow *self = EM_JOB_ROW (widget);

  em_job_cancel (self->job);
}

static void
em_job_row_constructed (GObject *object)
{
  EmJobRow *self = EM_JOB_ROW (object);
  GCancellable *cancellable = em_job_get_cancellable (self->job);

  G_OBJECT_CLASS (em_job_row_parent_class)->constructed (object);

  /* A job being cancelled cannot be cancelled again. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "job.cancel", !em_job_is_cancelled (self->job));
  g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (on_cancelled_cb), self, 0);
  g_signal_connect_object (self->job, "notify::message", G_CALLBACK (on_message_cb), self, 0);
  on_message_cb (self->job, NULL, self);
}

static void
em_job_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EM_TYPE_JOB_ROW);

  G_OBJECT_CLASS (em_job_row_parent_class)->dispose (object);
}

static void
em_job_row_finalize (GObject *object)
{
  EmJobRow *self = EM_JOB_ROW (object);

  g_clear_object (&self->job);

  G_OBJECT_CLASS (em_job_row_parent_class)->finalize (object);
}

static void
em_job_row_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  EmJobRow *self = EM_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_job_row_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  EmJobRow *self = EM_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      self->job = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_job_row_class_init (EmJobRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = em_job_row_constructed;
  object_class->dispose = em_job_row_dispose;
  object_class->finalize = em_job_row_finalize;
  object_class->get_property = em_job_row_get_property;
  object_class->set_property = em_job_row_set_property;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, EM_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/em-job-row.ui");
  gtk_widget_class_bind_template_child (widget_class, EmJobRow, message_label);
  gtk_widget_class_install_action (widget_class, "job.cancel", NULL, cancel_action);
}

static void
em_job_row_init (EmJobRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * em_job_row_new:
 * @job: the job to show
 *
 * Returns: (transfer floating): a row showing @job's progress
 */
GtkWidget *
em_job_row_new (EmJob *job)
{
  g_return_val_if_fail (EM_IS_JOB (job), NULL);

  return g_object_new (EM_TYPE_JOB_ROW, "job", job, NULL);
}

EmJob *
em_job_row_get_job (EmJobRow *self)
{
  g_return_val_if_fail (EM_IS_JOB_ROW (self), NULL);

  return self->job;
}
