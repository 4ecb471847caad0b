/* em-jobs-button.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The header bar's jobs button, after Sysprof's: a menu button with a
 * progress pie, shown only while a job runs, whose popover lists every
 * running job with its progress and a cancel button.  A job leaves the list when it is
 * finished; its owner (the window's scan, or the page that emitted it)
 * raises the toast with the outcome, so this button never toasts.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-job-row.h"
#include "em-jobs-button.h"
#include "em-progress-icon.h"

struct _EmJobsButton
{
  GtkWidget      parent_instance;

  GListStore    *jobs;
  GtkMenuButton *menu_button;
  EmProgressIcon *icon;
  GtkPopover    *popover;
};

G_DEFINE_FINAL_TYPE (EmJobsButton, em_jobs_button, GTK_TYPE_WIDGET)

static void
remove_job (EmJobsButton *self,
            EmJob        *job)
{
  guint position;

  g_signal_handlers_disconnect_by_data (job, self);
  if (g_list_store_find (self->jobs, job, &position))
    g_list_store_remove (self->jobs, position);
}

static void
on_finished_cb (EmJob        *job,
                GParamSpec   *pspec,
                EmJobsButton *self)
{
  if (em_job_get_finished (job))
    remove_job (self, job);
}

/* The pie shows the mean progress of the running jobs. */
static void
update_icon (EmJobsButton *self)
{
  GListModel *model = G_LIST_MODEL (self->jobs);
  guint n = g_list_model_get_n_items (model);
  double sum = 0.0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EmJob) job = g_list_model_get_item (model, i);
      sum += em_job_get_fraction (job);
    }

  em_progress_icon_set_fraction (self->icon, n > 0 ? sum / n : 0.0);
}

static void
on_fraction_cb (EmJob        *job,
                GParamSpec   *pspec,
                EmJobsButton *self)
{
  update_icon (self);
}

/* Visible only while something runs. */
static void
on_items_changed_cb (GListModel   *model,
                     guint         position,
                     guint         removed,
                     guint         added,
                     EmJobsButton *self)
{
  guint n = g_list_model_get_n_items (model);
  g_autofree char *tooltip = NULL;

  if (n == 0)
    gtk_popover_popdown (self->popover);
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
  update_icon (self);
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Running Job", "%u Running Jobs", n), n);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), tooltip);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return em_job_row_new (EM_JOB (item));
}

static GtkWidget *
create_popover (EmJobsButton *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *heading = gtk_label_new (_("Running Jobs"));
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_size_request (list, 300, -1);
  gtk_list_box_bind_model (GTK_LIST_BOX (list), G_LIST_MODEL (self->jobs), create_row, NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Running Jobs"), -1);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), list);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  return popover;
}

static void
em_jobs_button_dispose (GObject *object)
{
  EmJobsButton *self = EM_JOBS_BUTTON (object);

  /* The jobs outlive the button: stop listening to them. */
  if (self->jobs != NULL)
    g_signal_handlers_disconnect_by_data (self->jobs, self);
  while (self->jobs != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->jobs)) > 0)
    {
      g_autoptr(EmJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), 0);
      remove_job (self, job);
    }
  g_clear_pointer ((GtkWidget **)&self->menu_button, gtk_widget_unparent);

  G_OBJECT_CLASS (em_jobs_button_parent_class)->dispose (object);
}

static void
em_jobs_button_finalize (GObject *object)
{
  EmJobsButton *self = EM_JOBS_BUTTON (object);

  g_clear_object (&self->jobs);

  G_OBJECT_CLASS (em_jobs_button_parent_class)->finalize (object);
}

static void
em_jobs_button_class_init (EmJobsButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = em_jobs_button_dispose;
  object_class->finalize = em_jobs_button_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "emjobsbutton");
}

static void
em_jobs_button_init (EmJobsButton *self)
{
  self->jobs = g_list_store_new (EM_TYPE_JOB);
  self->menu_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  self->icon = EM_PROGRESS_ICON (em_progress_icon_new ());
  self->popover = GTK_POPOVER (create_popover (self));

  gtk_menu_button_set_child (self->menu_button, GTK_WIDGET (self->icon));
  gtk_menu_button_set_popover (self->menu_button, GTK_WIDGET (self->popover));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Running Jobs"), -1);
  gtk_widget_set_parent (GTK_WIDGET (self->menu_button), GTK_WIDGET (self));

  g_signal_connect (self->jobs, "items-changed", G_CALLBACK (on_items_changed_cb), self);
  on_items_changed_cb (G_LIST_MODEL (self->jobs), 0, 0, 0, self);
}

GtkWidget *
em_jobs_button_new (void)
{
  return g_object_new (EM_TYPE_JOBS_BUTTON, NULL);
}

/**
 * em_jobs_button_add_job:
 * @self: a #EmJobsButton
 * @job: a running job
 *
 * Lists @job until it is finished.  A job already listed or already
 * finished is ignored.
 */
void
em_jobs_button_add_job (EmJobsButton *self,
                        EmJob        *job)
{
  g_return_if_fail (EM_IS_JOBS_BUTTON (self));
  g_return_if_fail (EM_IS_JOB (job));

  if (em_job_get_finished (job) || g_list_store_find (self->jobs, job, NULL))
    return;

  g_signal_connect (job, "notify::finished", G_CALLBACK (on_finished_cb), self);
  g_signal_connect (job, "notify::fraction", G_CALLBACK (on_fraction_cb), self);
  g_list_store_append (self->jobs, job);
}

/**
 * em_jobs_button_get_jobs:
 *
 * Returns: (transfer none): the running jobs, a #GListModel of #EmJob
 */
GListModel *
em_jobs_button_get_jobs (EmJobsButton *self)
{
  g_return_val_if_fail (EM_IS_JOBS_BUTTON (self), NULL);

  return G_LIST_MODEL (self->jobs);
}

/**
 * em_jobs_button_get_popover:
 *
 * Returns: (transfer none): the popover listing the jobs
 */
GtkPopover *
em_jobs_button_get_popover (EmJobsButton *self)
{
  g_return_val_if_fail (EM_IS_JOBS_BUTTON (self), NULL);

  return self->popover;
}
