/* em-tag-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Tag page.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-tag-page.h"

struct _EmTagPage
{
  AdwBin     parent_instance;

  EmLibrary *library;
};

static void page_iface_init (EmPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EmTagPage, em_tag_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (EM_TYPE_PAGE, page_iface_init))

static void
em_tag_page_set_library (EmPage    *page,
                           EmLibrary *library)
{
  EmTagPage *self = EM_TAG_PAGE (page);

  g_set_object (&self->library, library);
}

static void
page_iface_init (EmPageInterface *iface)
{
  iface->set_library = em_tag_page_set_library;
}

static void
em_tag_page_dispose (GObject *object)
{
  EmTagPage *self = EM_TAG_PAGE (object);

  g_clear_object (&self->library);

  G_OBJECT_CLASS (em_tag_page_parent_class)->dispose (object);
}

static void
em_tag_page_class_init (EmTagPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = em_tag_page_dispose;
}

static void
em_tag_page_init (EmTagPage *self)
{
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Tag the Whole Library"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), _("Train a model first; it then tags every chunk of the library here."));
  adw_bin_set_child (ADW_BIN (self), status);
}

EmTagPage *
em_tag_page_new (void)
{
  return g_object_new (EM_TYPE_TAG_PAGE, NULL);
}
