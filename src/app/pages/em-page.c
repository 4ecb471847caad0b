/* em-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The interface between the window and its analysis pages.  Signals go up
 * (toasts, clips to play, clips to label, background jobs to show); the
 * library comes down through set_library().
 */

#include "config.h"

#include "em-page.h"

G_DEFINE_INTERFACE (EmPage, em_page, GTK_TYPE_WIDGET)

enum { TOAST, PLAY_CHUNK, QUEUE, JOB, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
em_page_default_init (EmPageInterface *iface)
{
  /**
   * EmPage::toast:
   * @message: a short sentence for a toast
   */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_INTERFACE (iface),
                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * EmPage::play-chunk:
   * @path: the track
   * @start_s: where to start, in seconds
   * @end_s: where to stop, in seconds
   */
  signals[PLAY_CHUNK] = g_signal_new ("play-chunk", G_TYPE_FROM_INTERFACE (iface),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /**
   * EmPage::queue:
   * @items: (element-type EmLabelQueueItem): the clips to label, in order
   * @title: what the queue holds, e.g. "Cluster 3"
   *
   * The page wants these clips labelled next on the Label page.
   */
  signals[QUEUE] = g_signal_new ("queue", G_TYPE_FROM_INTERFACE (iface),
                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 2, G_TYPE_PTR_ARRAY, G_TYPE_STRING);
  /**
   * EmPage::job:
   * @job: a job that has just started; its title says what it does
   *
   * Lets the window list the job with its progress and a cancel button.
   */
  signals[JOB] = g_signal_new ("job", G_TYPE_FROM_INTERFACE (iface),
                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                               G_TYPE_NONE, 1, EM_TYPE_JOB);
}

/**
 * em_page_set_library:
 * @self: a page
 * @library: (nullable): the open library
 *
 * Shows @library, or the page's empty state when it is %NULL.
 */
void
em_page_set_library (EmPage    *self,
                     EmLibrary *library)
{
  g_return_if_fail (EM_IS_PAGE (self));
  g_return_if_fail (library == NULL || EM_IS_LIBRARY (library));

  EM_PAGE_GET_IFACE (self)->set_library (self, library);
}

void
em_page_emit_toast (EmPage     *self,
                    const char *message)
{
  g_return_if_fail (EM_IS_PAGE (self));
  g_signal_emit (self, signals[TOAST], 0, message);
}

void
em_page_emit_play_chunk (EmPage     *self,
                         const char *path,
                         double      start_s,
                         double      end_s)
{
  g_return_if_fail (EM_IS_PAGE (self));
  g_signal_emit (self, signals[PLAY_CHUNK], 0, path, start_s, end_s);
}

/**
 * em_page_emit_queue:
 * @self: a page
 * @items: (element-type EmLabelQueueItem) (transfer none): clips to label
 * @title: what the queue holds
 */
void
em_page_emit_queue (EmPage     *self,
                    GPtrArray  *items,
                    const char *title)
{
  g_return_if_fail (EM_IS_PAGE (self));
  g_signal_emit (self, signals[QUEUE], 0, items, title);
}

void
em_page_emit_job (EmPage *self,
                  EmJob  *job)
{
  g_return_if_fail (EM_IS_PAGE (self));
  g_return_if_fail (EM_IS_JOB (job));
  g_signal_emit (self, signals[JOB], 0, job);
}
