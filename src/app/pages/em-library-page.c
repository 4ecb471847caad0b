/* em-library-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Library page: every chunk of the library in a GtkColumnView.
 * Model chain: EmChunkList (rows loaded off the main thread, items made on
 * demand) → GtkFilterListModel (search + filter drop-down) →
 * GtkSortListModel (the column view's sorter) → GtkMultiSelection.
 * Actions live in the "library." group so the window, the context menu
 * and tests drive the same code.
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "em-chunk-list.h"
#include "em-library-columns.h"
#include "em-library-page.h"

struct _EmLibraryPage
{
  AdwBin               parent_instance;

  GtkSearchEntry      *search_entry;
  GtkDropDown         *filter_dropdown;
  GtkLabel            *count_label;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  GMenuModel          *context_menu;
  GtkWidget           *popover;

  EmLibrary           *library;
  EmChunkList         *chunks;
  GtkFilterListModel  *filter_model;
  GtkCustomFilter     *filter;
  GtkSortListModel    *sort_model;
  GtkMultiSelection   *selection;
  GtkColumnViewColumn *view_columns[EM_LIBRARY_N_COLUMNS];
  GCancellable        *cancellable;
  GSimpleActionGroup  *actions;

  EmLibraryFilter      filter_mode;
  char                *search;        /* casefolded, NULL when empty */
  gboolean             loading;
  gboolean             setting_entry; /* ignore the entry's own echo */
};

G_DEFINE_FINAL_TYPE (EmLibraryPage, em_library_page, ADW_TYPE_BIN)

enum { PLAY_CHUNK, TOAST, LOADED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_toast (EmLibraryPage *self,
            const char    *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

/* Filtering */

static gboolean
filter_item (gpointer item,
             gpointer user_data)
{
  EmLibraryPage *self = user_data;
  g_autofree char *folded = NULL;

  if (!em_library_filter_matches (self->filter_mode, item))
    return FALSE;
  if (self->search == NULL)
    return TRUE;
  folded = g_utf8_casefold (em_chunk_item_get_path (item), -1);
  return strstr (folded, self->search) != NULL;
}

/* Selection */

static GPtrArray *
dup_selected_items (EmLibraryPage *self)
{
  GtkSelectionModel *model = GTK_SELECTION_MODEL (self->selection);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (model);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_iter_init_first (&iter, selected, &position))
    do
      g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (model), position));
    while (gtk_bitset_iter_next (&iter, &position));

  return items;
}

static void
label_selection (EmLibraryPage *self,
                 EmLabel        label)
{
  g_autoptr(GPtrArray) items = dup_selected_items (self);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GArray) idx = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;

  if (self->library == NULL)
    return;
  for (guint i = 0; i < items->len; i++)
    {
      EmChunkItem *item = g_ptr_array_index (items, i);
      guint chunk_idx = em_chunk_item_get_chunk_idx (item);
      guint position = em_chunk_item_get_position (item);

      if (em_chunk_item_get_kind (item) != EM_CHUNK_KIND_CHUNK)
        continue;
      g_ptr_array_add (paths, (gpointer) em_chunk_item_get_path (item));
      g_array_append_val (idx, chunk_idx);
      g_array_append_val (positions, position);
    }
  if (paths->len == 0)
    return;

  if (!em_store_set_labels (em_library_get_store (self->library),
                            (const char * const *) paths->pdata, (const guint *) idx->data,
                            paths->len, label, EM_LABEL_SOURCE_MANUAL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the labels: %s"), error->message);

      show_toast (self, message);
      return;
    }
  em_chunk_list_set_labels (self->chunks, (const guint *) positions->data, positions->len, label);
}

static void
label_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  const char *name = g_action_get_name (G_ACTION (action));
  EmLabel label = EM_LABEL_NONE;

  if (g_str_equal (name, "label-music"))
    label = EM_LABEL_MUSIC;
  else if (g_str_equal (name, "label-dialogue"))
    label = EM_LABEL_DIALOGUE;
  else if (g_str_equal (name, "label-both"))
    label = EM_LABEL_BOTH;
  label_selection (EM_LIBRARY_PAGE (user_data), label);
}

static void
play_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  EmLibraryPage *self = user_data;
  g_autoptr(GPtrArray) items = dup_selected_items (self);

  for (guint i = 0; i < items->len; i++)
    {
      EmChunkItem *item = g_ptr_array_index (items, i);

      if (em_chunk_item_get_kind (item) != EM_CHUNK_KIND_CHUNK)
        continue;
      g_signal_emit (self, signals[PLAY_CHUNK], 0, em_chunk_item_get_path (item),
                     em_chunk_item_get_start (item), em_chunk_item_get_end (item));
      return;
    }
}

/* Show in file manager (org.freedesktop.FileManager1) */

static void
show_items_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(EmLibraryPage) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the file manager: %s"),
                                                  error->message);

      show_toast (self, message);
    }
}

static void
show_in_files_activated_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  EmLibraryPage *self = user_data;
  g_autoptr(GPtrArray) items = dup_selected_items (self);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder uris;

  g_variant_builder_init (&uris, G_VARIANT_TYPE ("as"));
  for (guint i = 0; i < items->len; i++)
    {
      const char *path = em_chunk_item_get_path (g_ptr_array_index (items, i));
      g_autofree char *uri = NULL;

      if (!g_hash_table_add (seen, (gpointer) path))
        continue;
      uri = g_filename_to_uri (path, NULL, NULL);
      if (uri != NULL)
        g_variant_builder_add (&uris, "s", uri);
    }
  if (g_hash_table_size (seen) == 0)
    {
      g_variant_builder_clear (&uris);
      return;
    }

  /* The session bus is already connected in a running app; this returns
   * the shared connection without blocking. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the file manager: %s"),
                                                  error->message);

      g_variant_builder_clear (&uris);
      show_toast (self, message);
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(ass)", &uris, ""), NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                          show_items_done_cb, g_object_ref (self));
}

/* Context menu */

static void
popup_menu_at (EmLibraryPage *self,
               double         x,
               double         y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
right_click_pressed_cb (GtkGestureClick *gesture,
                        int              n_press,
                        double           x,
                        double           y,
                        gpointer         user_data)
{
  EmLibraryPage *self = user_data;
  graphene_point_t in_page;

  if (!gtk_widget_compute_point (GTK_WIDGET (self->column_view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (x, y), &in_page))
    return;
  popup_menu_at (self, in_page.x, in_page.y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static gboolean
menu_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  EmLibraryPage *self = EM_LIBRARY_PAGE (widget);

  popup_menu_at (self, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
  return TRUE;
}

/* Loading */

static void
update_count (EmLibraryPage *self)
{
  g_autofree char *text = NULL;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));

  text = g_strdup_printf (_("%u of %u chunks"), shown, em_chunk_list_get_n_chunks (self->chunks));
  gtk_label_set_text (self->count_label, text);
}

static void
shown_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        gpointer    user_data)
{
  update_count (user_data);
}

static void
update_stack (EmLibraryPage *self)
{
  const char *page = "list";

  if (self->loading)
    page = "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->chunks)) == 0)
    page = "empty";
  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EmLibraryPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!em_chunk_list_load_finish (EM_CHUNK_LIST (source), result, &error))
    {
      g_autofree char *message = NULL;

      /* A newer reload (or dispose) cancelled this one and owns the state. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not read the library: %s"), error->message);
      show_toast (self, message);
    }
  self->loading = FALSE;
  update_stack (self);
  g_signal_emit (self, signals[LOADED], 0);
}

/**
 * em_library_page_reload:
 * @self: the page
 *
 * Reads the library's chunks, labels and predictions again in a worker
 * thread; the list keeps showing the old rows until the new ones are
 * swapped in. Emits #EmLibraryPage::loaded when done.
 */
void
em_library_page_reload (EmLibraryPage *self)
{
  g_return_if_fail (EM_IS_LIBRARY_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->library == NULL)
    {
      em_chunk_list_clear (self->chunks);
      self->loading = FALSE;
      update_stack (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->chunks)) == 0)
    update_stack (self);
  em_chunk_list_load_async (self->chunks, em_library_get_store (self->library),
                            self->cancellable, load_done_cb, g_object_ref (self));
}

/* Template callbacks */

static void
search_changed_cb (GtkSearchEntry *entry,
                   EmLibraryPage  *self)
{
  if (!self->setting_entry)
    em_library_page_set_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
filter_selected_cb (GtkDropDown   *dropdown,
                    GParamSpec    *pspec,
                    EmLibraryPage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected != GTK_INVALID_LIST_POSITION)
    em_library_page_set_filter (self, (EmLibraryFilter) selected);
}

/* GObject */

static const GActionEntry action_entries[] = {
  { "play", play_activated_cb, NULL, NULL, NULL, { 0 } },
  { "label-music", label_activated_cb, NULL, NULL, NULL, { 0 } },
  { "label-dialogue", label_activated_cb, NULL, NULL, NULL, { 0 } },
  { "label-both", label_activated_cb, NULL, NULL, NULL, { 0 } },
  { "clear-label", label_activated_cb, NULL, NULL, NULL, { 0 } },
  { "show-in-files", show_in_files_activated_cb, NULL, NULL, NULL, { 0 } },
};

static void
em_library_page_dispose (GObject *object)
{
  EmLibraryPage *self = EM_LIBRARY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  /* The models outlive the template children while they go away. */
  if (self->sort_model != NULL)
    g_signal_handlers_disconnect_by_data (self->sort_model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), EM_TYPE_LIBRARY_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->library);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (em_library_page_parent_class)->dispose (object);
}

static void
em_library_page_finalize (GObject *object)
{
  EmLibraryPage *self = EM_LIBRARY_PAGE (object);

  g_free (self->search);

  G_OBJECT_CLASS (em_library_page_parent_class)->finalize (object);
}

static void
em_library_page_class_init (EmLibraryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = em_library_page_dispose;
  object_class->finalize = em_library_page_finalize;

  /**
   * EmLibraryPage::play-chunk:
   * @path: the track
   * @start_s: start of the chunk, seconds
   * @end_s: end of the chunk, seconds
   *
   * The "library.play" action asks the window's player to play a chunk.
   */
  signals[PLAY_CHUNK] = g_signal_new ("play-chunk", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /**
   * EmLibraryPage::toast:
   * @message: what went wrong, for a toast
   */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * EmLibraryPage::loaded:
   *
   * A load started by em_library_page_reload() finished (or failed).
   */
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/earmark/Earmark/ui/em-library-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EmLibraryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EmLibraryPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EmLibraryPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, EmLibraryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EmLibraryPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, EmLibraryPage, context_menu);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_selected_cb);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, menu_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, menu_key_cb, NULL);
}

static void
setup_models (EmLibraryPage *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

  self->chunks = em_chunk_list_new ();
  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (self->chunks),
                                                  GTK_FILTER (self->filter));
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (self->filter_model),
                                              g_object_ref (sorter));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (self->sort_model));
  g_signal_connect_object (self->sort_model, "items-changed",
                           G_CALLBACK (shown_items_changed_cb), self, 0);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}

static void
em_library_page_init (EmLibraryPage *self)
{
  GtkGesture *right_click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  em_library_columns_append (self->column_view, self->view_columns);
  setup_models (self);

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), action_entries,
                                   G_N_ELEMENTS (action_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "library", G_ACTION_GROUP (self->actions));

  self->popover = gtk_popover_menu_new_from_model (self->context_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (right_click), GDK_BUTTON_SECONDARY);
  g_signal_connect (right_click, "pressed", G_CALLBACK (right_click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (right_click));

  update_count (self);
  update_stack (self);
}

/* Public API */

/**
 * em_library_page_new:
 *
 * Returns: (transfer full): a page with no library; see
 *   em_library_page_set_library()
 */
EmLibraryPage *
em_library_page_new (void)
{
  return g_object_new (EM_TYPE_LIBRARY_PAGE, NULL);
}

/**
 * em_library_page_set_library:
 * @self: the page
 * @library: (nullable): the library to list
 *
 * Shows @library's chunks; they load in the background (see
 * em_library_page_reload()).
 */
void
em_library_page_set_library (EmLibraryPage *self,
                             EmLibrary     *library)
{
  g_return_if_fail (EM_IS_LIBRARY_PAGE (self));
  g_return_if_fail (library == NULL || EM_IS_LIBRARY (library));

  if (!g_set_object (&self->library, library))
    return;
  em_chunk_list_clear (self->chunks);
  em_library_page_reload (self);
}

/**
 * em_library_page_get_library:
 * @self: the page
 *
 * Returns: (transfer none) (nullable): the library shown
 */
EmLibrary *
em_library_page_get_library (EmLibraryPage *self)
{
  g_return_val_if_fail (EM_IS_LIBRARY_PAGE (self), NULL);
  return self->library;
}

/**
 * em_library_page_is_loading:
 * @self: the page
 *
 * Returns: %TRUE while a load runs
 */
gboolean
em_library_page_is_loading (EmLibraryPage *self)
{
  g_return_val_if_fail (EM_IS_LIBRARY_PAGE (self), FALSE);
  return self->loading;
}

/**
 * em_library_page_set_filter:
 * @self: the page
 * @filter: which rows to show
 *
 * Same as choosing @filter in the drop-down; filtering is synchronous.
 */
void
em_library_page_set_filter (EmLibraryPage   *self,
                            EmLibraryFilter  filter)
{
  g_return_if_fail (EM_IS_LIBRARY_PAGE (self));
  g_return_if_fail (filter <= EM_LIBRARY_FILTER_ERRORS);

  if (self->filter_mode == filter)
    return;
  self->filter_mode = filter;
  if (gtk_drop_down_get_selected (self->filter_dropdown) != filter)
    gtk_drop_down_set_selected (self->filter_dropdown, filter);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

EmLibraryFilter
em_library_page_get_filter (EmLibraryPage *self)
{
  g_return_val_if_fail (EM_IS_LIBRARY_PAGE (self), EM_LIBRARY_FILTER_ALL);
  return self->filter_mode;
}

/**
 * em_library_page_set_search:
 * @self: the page
 * @text: (nullable): shows only paths that contain @text, ignoring case
 *
 * Filters at once (the search entry calls this after its delay).
 */
void
em_library_page_set_search (EmLibraryPage *self,
                            const char    *text)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (EM_IS_LIBRARY_PAGE (self));

  if (text != NULL && *text != '\0')
    folded = g_utf8_casefold (text, -1);
  if (g_strcmp0 (folded, self->search) == 0)
    return;
  g_free (self->search);
  self->search = g_steal_pointer (&folded);
  /* set_text() deletes then inserts, and the entry reports the empty
   * text at once: that echo must not clear the search being set. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text ? text : "") != 0)
    {
      self->setting_entry = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
      self->setting_entry = FALSE;
    }
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/**
 * em_library_page_get_model:
 * @self: the page
 *
 * Returns: (transfer none): the rows as shown, after filtering and
 *   sorting, with their selection
 */
GtkSelectionModel *
em_library_page_get_model (EmLibraryPage *self)
{
  g_return_val_if_fail (EM_IS_LIBRARY_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

/**
 * em_library_page_get_column_view:
 * @self: the page
 *
 * Returns: (transfer none): the column view
 */
GtkColumnView *
em_library_page_get_column_view (EmLibraryPage *self)
{
  g_return_val_if_fail (EM_IS_LIBRARY_PAGE (self), NULL);
  return self->column_view;
}

/**
 * em_library_page_get_column:
 * @self: the page
 * @id: "file", "chunk", "span", "duration", "label", "prediction" or
 *   "confidence"
 *
 * Returns: (transfer none) (nullable): the column, for
 *   gtk_column_view_sort_by_column()
 */
GtkColumnViewColumn *
em_library_page_get_column (EmLibraryPage *self,
                            const char    *id)
{
  g_return_val_if_fail (EM_IS_LIBRARY_PAGE (self), NULL);

  for (guint i = 0; i < EM_LIBRARY_N_COLUMNS; i++)
    if (g_strcmp0 (em_library_column_id (i), id) == 0)
      return self->view_columns[i];
  return NULL;
}
