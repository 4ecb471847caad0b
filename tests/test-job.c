/* test-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "em-job.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static gpointer
update_many_thread (gpointer data)
{
  EmJob *job = data;

  for (guint i = 1; i <= 10000; i++)
    em_job_update_counts (job, i, 10000, "item");

  return NULL;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* 10,000 updates from a worker reach the main context as a handful of
 * notifications, and the last values win. */
static void
test_job_updates_are_coalesced (void)
{
  g_autoptr(EmJob) job = em_job_new ("Test");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *message = NULL;
  guint64 done = 0, total = 0;
  guint notifications = 0;
  GThread *thread;

  g_signal_connect (job, "notify::fraction", G_CALLBACK (count_notify_cb), &notifications);
  thread = g_thread_new ("updater", update_many_thread, job);
  g_thread_join (thread);

  g_timeout_add (300, quit_loop_cb, loop);
  g_main_loop_run (loop);

  em_job_get_counts (job, &done, &total);
  message = em_job_dup_message (job);
  g_assert_cmpuint (done, ==, 10000);
  g_assert_cmpuint (total, ==, 10000);
  g_assert_cmpfloat (em_job_get_fraction (job), ==, 1.0);
  g_assert_cmpstr (message, ==, "item");
  g_assert_cmpuint (notifications, >=, 1);
  g_assert_cmpuint (notifications, <=, 4);
  g_assert_cmpfloat (em_job_get_eta_seconds (job), ==, 0.0);
}

static void
test_job_cancel (void)
{
  g_autoptr(EmJob) job = em_job_new ("Test");

  g_assert_false (em_job_is_cancelled (job));
  em_job_cancel (job);
  g_assert_true (em_job_is_cancelled (job));
  g_assert_true (g_cancellable_is_cancelled (em_job_get_cancellable (job)));
}

static void
test_job_null_is_accepted (void)
{
  em_job_update (NULL, 0.5, "nothing");
  em_job_update_counts (NULL, 1, 2, NULL);
  g_assert_false (em_job_is_cancelled (NULL));
  g_assert_null (em_job_get_cancellable (NULL));
}

static void
test_job_finish (void)
{
  g_autoptr(EmJob) job = em_job_new ("Test");

  em_job_update (job, 0.25, "quarter");
  g_assert_cmpfloat (em_job_get_fraction (job), ==, 0.25);
  g_assert_false (em_job_get_finished (job));
  em_job_finish (job);
  g_assert_true (em_job_get_finished (job));
  g_assert_cmpfloat (em_job_get_fraction (job), ==, 1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/earmark/core/job/coalesced", test_job_updates_are_coalesced);
  g_test_add_func ("/earmark/core/job/cancel", test_job_cancel);
  g_test_add_func ("/earmark/core/job/null", test_job_null_is_accepted);
  g_test_add_func ("/earmark/core/job/finish", test_job_finish);

  return g_test_run ();
}
