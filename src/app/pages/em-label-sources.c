/* em-label-sources.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the Label page's queue comes from: library order, random, one
 * folder (em-label-queue.c builds those), the active model's most
 * uncertain chunks first (ranked on a worker, available once the library
 * has an active model) or a queue sent by another page (a cluster, a
 * confusion-matrix cell).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-label-page-private.h"

/* A queue handed over by another page: all its clips the first time;
 * when it comes round again, only those still unlabelled. */
static void
on_ranked_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EmLabelPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 model_id = 0;
  GPtrArray *queue = em_label_queue_build_uncertain_finish (result, &model_id, &error);

  (void) source_object;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->ranking);
  if (queue == NULL)
    {
      /* No model any more, or a store error: back to library order, saying why. */
      _em_label_page_set_source (self, "order");
      _em_label_page_show_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  self->queue = queue;
  self->ranked_model_id = model_id;
  self->pos = 0;
  _em_label_page_show_current (self);
}

/* Ranking 30,000 chunks takes a while (features, XGBoost): on a worker,
 * with the "ranking" view and its Cancel button meanwhile. */
static void
start_ranking (EmLabelPage *self)
{
  if (_em_label_page_get_store (self) == NULL)
    return;
  self->ranking = g_cancellable_new ();
  em_label_queue_build_uncertain_async (_em_label_page_get_store (self), self->ranking, on_ranked_cb,
                                        g_object_ref (self));
}

static GPtrArray *
copy_custom_queue (EmLabelPage *self,
                   gboolean     unlabelled_only)
{
  GPtrArray *queue = g_ptr_array_new_with_free_func ((GDestroyNotify) em_label_queue_item_free);

  for (guint i = 0; self->custom_items != NULL && i < self->custom_items->len; i++)
    {
      const EmLabelQueueItem *item = g_ptr_array_index (self->custom_items, i);

      if (unlabelled_only && _em_label_page_get_store (self) != NULL
          && em_store_get_label (_em_label_page_get_store (self), item->path, item->idx) != EM_LABEL_NONE)
        continue;
      g_ptr_array_add (queue, em_label_queue_item_copy (item));
    }
  return queue;
}

void
_em_label_page_rebuild_queue_full (EmLabelPage *self,
                    gboolean     again)
{
  g_autoptr(GError) error = NULL;
  const char *folder = g_strcmp0 (self->source, "folder") == 0 ? self->folder : NULL;

  g_clear_pointer (&self->queue, g_ptr_array_unref);
  self->pos = 0;
  g_array_set_size (self->undo_pos, 0);
  g_array_set_size (self->redo_pos, 0);
  if (self->ranking != NULL)
    {
      g_cancellable_cancel (self->ranking);
      g_clear_object (&self->ranking);
    }
  if (g_strcmp0 (self->source, "custom") == 0)
    self->queue = copy_custom_queue (self, again);
  else if (g_strcmp0 (self->source, "uncertain") == 0)
    start_ranking (self);
  else if (_em_label_page_get_store (self) != NULL)
    self->queue = em_label_queue_build (_em_label_page_get_store (self), folder,
                                        g_strcmp0 (self->source, "random") == 0,
                                        self->seed, &error);
  if (error != NULL)
    _em_label_page_show_error (self, error->message);
  if (self->queue == NULL)
    self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) em_label_queue_item_free);
}

void
_em_label_page_rebuild_queue (EmLabelPage *self)
{
  _em_label_page_rebuild_queue_full (self, FALSE);
}

/* The uncertain and custom buttons are plain toggles rather than
 * label.source targets, so that each can be made insensitive (or hidden)
 * on its own; they follow the "source" property here. */
void
_em_label_page_sync_source_buttons (EmLabelPage *self)
{
  gtk_toggle_button_set_active (self->uncertain_button, g_strcmp0 (self->source, "uncertain") == 0);
  gtk_toggle_button_set_active (self->custom_button, g_strcmp0 (self->source, "custom") == 0);
}

void
_em_label_page_on_source_button_toggled_cb (GtkToggleButton *button,
                             EmLabelPage     *self)
{
  const char *source = button == self->custom_button ? "custom" : "uncertain";

  if (gtk_toggle_button_get_active (button))
    _em_label_page_set_source (self, source);
  else if (g_strcmp0 (self->source, source) == 0)
    gtk_toggle_button_set_active (button, TRUE);
}

static void
update_uncertain_button (EmLabelPage *self)
{
  gboolean available = self->model_id != 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->uncertain_button), available);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->uncertain_button),
                               available ? _("The chunks the active model is least sure about come first")
                                         : _("Train a model first (Train page)"));
}

static void
on_model_found_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EmLabelPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 model_id = em_label_queue_find_model_finish (result, &error);

  (void) source_object;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->probe);
  if (error != NULL)
    _em_label_page_show_error (self, error->message);
  self->model_id = model_id;
  update_uncertain_button (self);
  if (g_strcmp0 (self->source, "uncertain") != 0 || self->ranking != NULL)
    return;
  /* The model went away, or a newer one was trained since the ranking. */
  if (model_id == 0)
    _em_label_page_set_source (self, "order");
  else if (model_id != self->ranked_model_id)
    {
      _em_label_page_rebuild_queue (self);
      _em_label_page_show_current (self);
    }
}

/* Whether "most uncertain first" is available: the library has an active
 * model.  Asked again each time the page is shown, since the Train page
 * may have trained one meanwhile. */
void
_em_label_page_probe_model (EmLabelPage *self)
{
  if (self->probe != NULL)
    {
      g_cancellable_cancel (self->probe);
      g_clear_object (&self->probe);
    }
  if (_em_label_page_get_store (self) == NULL)
    {
      self->model_id = 0;
      update_uncertain_button (self);
      return;
    }
  self->probe = g_cancellable_new ();
  em_label_queue_find_model_async (_em_label_page_get_store (self), self->probe, on_model_found_cb,
                                   g_object_ref (self));
}

static void
update_custom_button (EmLabelPage *self)
{
  gtk_button_set_label (GTK_BUTTON (self->custom_button), self->custom_title);
  gtk_widget_set_visible (GTK_WIDGET (self->custom_button), self->custom_items != NULL);
}

void
em_label_page_set_seed (EmLabelPage *self,
                        guint        seed)
{
  g_return_if_fail (EM_IS_LABEL_PAGE (self));
  self->seed = seed;
  if (self->library != NULL && g_strcmp0 (self->source, "random") == 0)
    {
      _em_label_page_rebuild_queue (self);
      _em_label_page_show_current (self);
    }
}

/* Sets the folder and switches the queue to it. */
void
em_label_page_set_folder (EmLabelPage *self,
                          const char  *folder)
{
  g_return_if_fail (EM_IS_LABEL_PAGE (self));
  g_free (self->folder);
  self->folder = g_strdup (folder);
  if (folder != NULL)
    {
      g_autofree char *name = g_path_get_basename (folder);

      /* The button names the folder being labelled; clicking it again picks another. */
      gtk_button_set_label (self->folder_button, name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->folder_button), folder);
    }
  if (g_strcmp0 (self->source, "folder") == 0)
    {
      if (self->library != NULL)
        {
          _em_label_page_rebuild_queue (self);
          _em_label_page_show_current (self);
        }
    }
  else
    _em_label_page_set_source (self, "folder");
}

/**
 * em_label_page_set_queue:
 * @self: the page
 * @items: (element-type EmLabelQueueItem) (transfer none): the clips, in
 *   the order to label them; copied
 * @title: what the clips are, e.g. "Cluster 3"; the queue chooser shows
 *   it with the number of clips
 *
 * Labels a queue made elsewhere (a cluster, a confusion-matrix cell, the
 * uncertain predictions) as an extra "custom" source: the clips come in
 * the given order and their labels go to the library's store.  The other
 * sources stay available; choosing one leaves this queue for later.
 */
void
em_label_page_set_queue (EmLabelPage *self,
                         GPtrArray   *items,
                         const char  *title)
{
  g_autofree char *text = NULL;

  g_return_if_fail (EM_IS_LABEL_PAGE (self));
  g_return_if_fail (items != NULL);

  g_clear_pointer (&self->custom_items, g_ptr_array_unref);
  self->custom_items = g_ptr_array_new_full (items->len, (GDestroyNotify) em_label_queue_item_free);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (self->custom_items, em_label_queue_item_copy (g_ptr_array_index (items, i)));
  g_free (self->custom_title);
  /* Translators: a queue's title and its size, "Cluster 3 · 12 clips" */
  self->custom_title = g_strdup_printf (ngettext ("%s · %u clip", "%s · %u clips", items->len),
                                        title != NULL ? title : _("Custom Queue"), items->len);
  update_custom_button (self);
  if (g_strcmp0 (self->source, "custom") == 0)
    {
      _em_label_page_rebuild_queue (self);
      _em_label_page_show_current (self);
    }
  else
    _em_label_page_set_source (self, "custom");
}

/* The title of the queue given by em_label_page_set_queue(), as shown. */
const char *
em_label_page_get_queue_title (EmLabelPage *self)
{
  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), NULL);
  return self->custom_title;
}
