/* em-explore-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Explore page.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-explore-page.h"

struct _EmExplorePage
{
  AdwBin     parent_instance;

  EmLibrary *library;
};

static void page_iface_init (EmPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EmExplorePage, em_explore_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (EM_TYPE_PAGE, page_iface_init))

static void
em_explore_page_set_library (EmPage    *page,
                           EmLibrary *library)
{
  EmExplorePage *self = EM_EXPLORE_PAGE (page);

  g_set_object (&self->library, library);
}

static void
page_iface_init (EmPageInterface *iface)
{
  iface->set_library = em_explore_page_set_library;
}

static void
em_explore_page_dispose (GObject *object)
{
  EmExplorePage *self = EM_EXPLORE_PAGE (object);

  g_clear_object (&self->library);

  G_OBJECT_CLASS (em_explore_page_parent_class)->dispose (object);
}

static void
em_explore_page_class_init (EmExplorePageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = em_explore_page_dispose;
}

static void
em_explore_page_init (EmExplorePage *self)
{
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Find the Shape of the Library"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), _("Scatter plots, clusters and dendrograms of every chunk's features appear here once the library has been scanned."));
  adw_bin_set_child (ADW_BIN (self), status);
}

EmExplorePage *
em_explore_page_new (void)
{
  return g_object_new (EM_TYPE_EXPLORE_PAGE, NULL);
}
