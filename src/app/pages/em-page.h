/* em-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "em-job.h"
#include "em-library.h"

G_BEGIN_DECLS

#define EM_TYPE_PAGE (em_page_get_type ())

G_DECLARE_INTERFACE (EmPage, em_page, EM, PAGE, GtkWidget)

/**
 * EmPageInterface:
 * @set_library: show @library (or the empty state for %NULL); called by the
 *   window whenever a scan has brought the library up to date
 *
 * What the window needs of the Explore, Train and Tag pages.  The pages talk
 * back through the interface's signals, so they never know the window.
 */
struct _EmPageInterface
{
  GTypeInterface parent_iface;

  void (*set_library) (EmPage    *self,
                       EmLibrary *library);
};

void em_page_set_library     (EmPage     *self,
                              EmLibrary  *library);
void em_page_emit_toast      (EmPage     *self,
                              const char *message);
void em_page_emit_play_chunk (EmPage     *self,
                              const char *path,
                              double      start_s,
                              double      end_s);
void em_page_emit_queue      (EmPage     *self,
                              GPtrArray  *items,
                              const char *title);
void em_page_emit_job        (EmPage     *self,
                              EmJob      *job);

G_END_DECLS
