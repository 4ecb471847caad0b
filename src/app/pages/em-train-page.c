/* em-train-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Train page.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-train-page.h"

struct _EmTrainPage
{
  AdwBin     parent_instance;

  EmLibrary *library;
};

static void page_iface_init (EmPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EmTrainPage, em_train_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (EM_TYPE_PAGE, page_iface_init))

static void
em_train_page_set_library (EmPage    *page,
                           EmLibrary *library)
{
  EmTrainPage *self = EM_TRAIN_PAGE (page);

  g_set_object (&self->library, library);
}

static void
page_iface_init (EmPageInterface *iface)
{
  iface->set_library = em_train_page_set_library;
}

static void
em_train_page_dispose (GObject *object)
{
  EmTrainPage *self = EM_TRAIN_PAGE (object);

  g_clear_object (&self->library);

  G_OBJECT_CLASS (em_train_page_parent_class)->dispose (object);
}

static void
em_train_page_class_init (EmTrainPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = em_train_page_dispose;
}

static void
em_train_page_init (EmTrainPage *self)
{
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Teach Earmark Your Labels"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), _("Label some clips on the Label page, then train a model here to tag the rest."));
  adw_bin_set_child (ADW_BIN (self), status);
}

EmTrainPage *
em_train_page_new (void)
{
  return g_object_new (EM_TYPE_TRAIN_PAGE, NULL);
}
