/* em-label-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keyboard labelling: one chunk at a time from a queue of unlabelled
 * chunks, played on arrival. A label goes to the store the moment its key
 * is pressed; the next clip's peaks are loaded and its player prerolled
 * while the current one plays, so advancing only swaps two players.
 */

#include "config.h"

#include <math.h>


#include <adwaita.h>
#include <glib/gi18n.h>

#include "em-label-page-private.h"



enum {
  PROP_0,
  PROP_AUDIO_SINK_FACTORY,
  PROP_SOURCE,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EmLabelPage, em_label_page, GTK_TYPE_WIDGET)



EmLabelQueueItem *
_em_label_page_current_item (EmLabelPage *self)
{
  if (self->queue == NULL || self->pos >= self->queue->len)
    return NULL;
  return g_ptr_array_index (self->queue, self->pos);
}

EmStore *
_em_label_page_get_store (EmLabelPage *self)
{
  return self->library != NULL ? em_library_get_store (self->library) : NULL;
}

void
_em_label_page_show_error (EmLabelPage *self,
            const char  *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  g_signal_emit (self, signals[TOAST], 0, message);
}

static void
update_counts (EmLabelPage *self)
{
  EmStoreCounts counts = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *progress = NULL;
  guint labelled;

  if (_em_label_page_get_store (self) == NULL)
    return;
  if (!em_store_get_counts (_em_label_page_get_store (self), &counts, &error))
    {
      _em_label_page_show_error (self, error->message);
      return;
    }
  labelled = counts.labelled_chunks[EM_LABEL_MUSIC] + counts.labelled_chunks[EM_LABEL_DIALOGUE]
             + counts.labelled_chunks[EM_LABEL_BOTH];
  g_free (self->counts_text);
  self->counts_text = g_strdup_printf (_("Music %u · Dialogue %u · Both %u"),
                                       counts.labelled_chunks[EM_LABEL_MUSIC],
                                       counts.labelled_chunks[EM_LABEL_DIALOGUE],
                                       counts.labelled_chunks[EM_LABEL_BOTH]);
  gtk_label_set_text (self->counts_label, self->counts_text);
  progress = g_strdup_printf (_("%u of %u labelled"), labelled, counts.chunks);
  gtk_progress_bar_set_text (self->progress_bar, progress);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 counts.chunks > 0 ? (double) labelled / counts.chunks : 0.0);
}

static void
update_undo_actions (EmLabelPage *self)
{
  gboolean can_undo = FALSE;
  gboolean can_redo = FALSE;

  if (_em_label_page_get_store (self) != NULL)
    em_store_get_undo_state (_em_label_page_get_store (self), &can_undo, &can_redo, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.redo", can_redo);
}

static void
show_waveform (EmLabelPage     *self,
               const EmLabelQueueItem *item)
{
  g_autoptr(GArray) chunks = em_store_list_chunks (_em_label_page_get_store (self), item->path, NULL);
  g_autofree EmWaveformChunk *spans = NULL;
  EmPeaks *peaks = g_hash_table_lookup (self->peaks, item->path);
  int current = -1;
  guint n = chunks != NULL ? chunks->len : 0;

  spans = g_new0 (EmWaveformChunk, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const EmChunkInfo *chunk = &g_array_index (chunks, EmChunkInfo, i);

      spans[i].start_s = chunk->start_s;
      spans[i].end_s = chunk->end_s;
      spans[i].label = chunk->label;
      if (chunk->idx == item->idx)
        current = (int) i;
    }
  em_waveform_set_peaks (self->waveform, peaks);
  if (peaks == NULL)
    _em_label_page_load_peaks (self, item->path);
  em_waveform_set_chunks (self->waveform, spans, n);
  em_waveform_set_current_chunk (self->waveform, current);
  em_waveform_set_position (self->waveform, item->start_s);
}

static void
show_item (EmLabelPage     *self,
           const EmLabelQueueItem *item)
{
  g_autofree char *name = g_path_get_basename (item->path);
  g_autofree char *position = NULL;
  g_autofree char *start = g_strdup_printf ("%d:%04.1f", (int) (item->start_s / 60), fmod (item->start_s, 60));
  g_autofree char *end = g_strdup_printf ("%d:%04.1f", (int) (item->end_s / 60), fmod (item->end_s, 60));

  gtk_label_set_text (self->file_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_label), item->path);
  /* Translators: "chunk 3 of 12 from the end, 1:20.0–1:30.0" */
  position = g_strdup_printf (_("Chunk %u of %u from the end, %s–%s"),
                              item->idx + 1, item->n_chunks, start, end);
  gtk_label_set_text (self->position_label, position);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  show_waveform (self, item);
}

void
_em_label_page_show_current (EmLabelPage *self)
{
  EmLabelQueueItem *item = _em_label_page_current_item (self);

  if (item == NULL && self->queue != NULL && self->queue->len > 0 && self->pos >= self->queue->len)
    {
      /* End of the queue: start over with what is still unlabelled (skipped chunks). */
      _em_label_page_rebuild_queue_full (self, TRUE);
      item = _em_label_page_current_item (self);
    }
  if (item == NULL)
    {
      g_clear_handle_id (&self->prepare_id, g_source_remove);
      em_player_stop (self->player);
      gtk_stack_set_visible_child_name (self->stack, self->ranking != NULL ? "ranking" : "empty");
      gtk_spinner_set_spinning (self->ranking_spinner, self->ranking != NULL);
      update_counts (self);
      update_undo_actions (self);
      return;
    }
  /* The sound first: everything else can follow while it starts. */
  _em_label_page_arrive (self, item);
  gtk_stack_set_visible_child_name (self->stack, "label");
  gtk_spinner_set_spinning (self->ranking_spinner, FALSE);
  show_item (self, item);
  if (g_object_get_data (G_OBJECT (self->player), "em-error") != NULL)
    _em_label_page_show_error (self, g_object_get_data (G_OBJECT (self->player), "em-error"));
  update_counts (self);
  update_undo_actions (self);
  _em_label_page_schedule_prepare_next (self);
}

static void
go_to (EmLabelPage *self,
       guint        pos)
{
  if (self->queue == NULL)
    return;
  self->pos = MIN (pos, self->queue->len);
  _em_label_page_show_current (self);
}

/* The next clip starts before the label is written: the write is a
 * durable SQLite commit (an fsync, milliseconds to tens of them on a busy
 * disk) and nothing in it needs to wait for the sound.  It is still
 * written in this same key press; if it fails, the page goes back to the
 * chunk and says why.  At the end of the queue the write comes first,
 * since the queue is then rebuilt from what is still unlabelled. */
static void
label_current (EmLabelPage *self,
               EmLabel      label)
{
  EmLabelQueueItem *item = _em_label_page_current_item (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean advance = em_label_controls_get_auto_advance (self->controls);
  gboolean early;
  guint pos = self->pos;
  guint idx;

  if (item == NULL)
    return;
  early = advance && self->pos + 1 < self->queue->len;
  path = g_strdup (item->path);
  idx = item->idx;
  if (early)
    go_to (self, pos + 1);
  if (!em_store_set_label (_em_label_page_get_store (self), path, idx, label, EM_LABEL_SOURCE_MANUAL, &error))
    {
      if (early)
        go_to (self, pos);
      _em_label_page_show_error (self, error->message);
      return;
    }
  g_array_append_val (self->undo_pos, pos);
  g_array_set_size (self->redo_pos, 0);
  if (advance && !early)
    go_to (self, pos + 1);
  else if ((item = _em_label_page_current_item (self)) != NULL)
    {
      /* Counts, undo and the waveform's colours now include the label. */
      if (g_strcmp0 (item->path, path) == 0)
        show_waveform (self, item);
      update_counts (self);
      update_undo_actions (self);
    }
}

static void
label_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  EmLabelPage *self = EM_LABEL_PAGE (widget);

  (void) parameter;
  if (g_str_equal (action_name, "label.music"))
    label_current (self, EM_LABEL_MUSIC);
  else if (g_str_equal (action_name, "label.dialogue"))
    label_current (self, EM_LABEL_DIALOGUE);
  else if (g_str_equal (action_name, "label.both"))
    label_current (self, EM_LABEL_BOTH);
  else if (g_str_equal (action_name, "label.skip") || g_str_equal (action_name, "label.next"))
    go_to (self, self->pos + 1);
  else if (g_str_equal (action_name, "label.previous"))
    go_to (self, self->pos > 0 ? self->pos - 1 : 0);
  else if (g_str_equal (action_name, "label.replay"))
    _em_label_page_play_current (self);
  else if (g_str_equal (action_name, "label.play-pause"))
    _em_label_page_play_pause (self);
  else if (g_str_equal (action_name, "label.cancel-ranking"))
    _em_label_page_set_source (self, "order");
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EmLabelPage *self = EM_LABEL_PAGE (widget);
  gboolean undo = g_str_equal (action_name, "label.undo");
  gboolean did = FALSE;
  g_autoptr(GError) error = NULL;
  GArray *from = undo ? self->undo_pos : self->redo_pos;
  GArray *to = undo ? self->redo_pos : self->undo_pos;
  guint pos = self->pos;

  (void) parameter;
  if (_em_label_page_get_store (self) == NULL)
    return;
  if (!(undo ? em_store_undo : em_store_redo) (_em_label_page_get_store (self), &did, &error))
    {
      _em_label_page_show_error (self, error->message);
      return;
    }
  /* Return to the chunk whose label was undone; after a redo, go past it. */
  if (did && from->len > 0)
    {
      pos = g_array_index (from, guint, from->len - 1);
      g_array_set_size (from, from->len - 1);
      g_array_append_val (to, pos);
      if (!undo)
        pos++;
    }
  go_to (self, pos);
}

static void
on_folder_chosen_cb (GtkNativeDialog *dialog,
                     int              response,
                     EmLabelPage     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        em_label_page_set_folder (self, path);
    }
  g_object_unref (dialog);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;

  (void) action_name;
  (void) parameter;
  dialog = gtk_file_chooser_native_new (_("Label One Folder"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_folder_chosen_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
add_shortcuts (EmLabelPage *self)
{
  static const struct { const char *trigger; const char *action; } keys[] = {
    { "m", "label.music" }, { "1", "label.music" }, { "KP_1", "label.music" },
    { "d", "label.dialogue" }, { "2", "label.dialogue" }, { "KP_2", "label.dialogue" },
    { "b", "label.both" }, { "3", "label.both" }, { "KP_3", "label.both" },
    { "s", "label.skip" }, { "Left", "label.previous" }, { "Right", "label.next" },
    { "r", "label.replay" }, { "space", "label.play-pause" }, { "<Control>z", "label.undo" },
    { "<Control><Shift>z", "label.redo" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* Capture phase: the keys work whichever control inside the page has
   * the focus, and before a focused button turns ←/→ into focus moves. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (controller, "label-shortcuts");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i].trigger),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
em_label_page_dispose (GObject *object)
{
  EmLabelPage *self = EM_LABEL_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->ranking != NULL)
    g_cancellable_cancel (self->ranking);
  if (self->probe != NULL)
    g_cancellable_cancel (self->probe);
  g_clear_object (&self->ranking);
  g_clear_object (&self->probe);
  g_clear_handle_id (&self->prepare_id, g_source_remove);
  if (self->player != NULL)
    em_player_stop (self->player);
  if (self->next_player != NULL)
    em_player_stop (self->next_player);
  gtk_widget_dispose_template (GTK_WIDGET (self), EM_TYPE_LABEL_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->player);
  g_clear_object (&self->next_player);
  g_clear_object (&self->library);
  g_clear_pointer (&self->queue, g_ptr_array_unref);

  G_OBJECT_CLASS (em_label_page_parent_class)->dispose (object);
}

static void
em_label_page_finalize (GObject *object)
{
  EmLabelPage *self = EM_LABEL_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->peaks, g_hash_table_unref);
  g_clear_pointer (&self->undo_pos, g_array_unref);
  g_clear_pointer (&self->redo_pos, g_array_unref);
  g_free (self->sink_factory);
  g_free (self->source);
  g_free (self->folder);
  g_free (self->counts_text);
  g_clear_pointer (&self->custom_items, g_ptr_array_unref);
  g_free (self->custom_title);

  G_OBJECT_CLASS (em_label_page_parent_class)->finalize (object);
}

static void
em_label_page_constructed (GObject *object)
{
  EmLabelPage *self = EM_LABEL_PAGE (object);

  G_OBJECT_CLASS (em_label_page_parent_class)->constructed (object);

  self->player = _em_label_page_make_player (self);
  self->next_player = _em_label_page_make_player (self);
  _em_label_page_connect_controls (self);
}

static void
em_label_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  EmLabelPage *self = EM_LABEL_PAGE (object);

  switch (prop_id)
    {
    case PROP_AUDIO_SINK_FACTORY:
      g_value_set_string (value, self->sink_factory);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
_em_label_page_set_source (EmLabelPage *self,
            const char  *source)
{
  if (source == NULL || g_strcmp0 (self->source, source) == 0)
    return;
  g_free (self->source);
  self->source = g_strdup (source);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
  _em_label_page_sync_source_buttons (self);
  if (self->library != NULL)
    {
      _em_label_page_rebuild_queue (self);
      _em_label_page_show_current (self);
    }
}

static void
em_label_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  EmLabelPage *self = EM_LABEL_PAGE (object);

  switch (prop_id)
    {
    case PROP_AUDIO_SINK_FACTORY:
      self->sink_factory = g_value_dup_string (value);
      break;
    case PROP_SOURCE:
      _em_label_page_set_source (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_label_page_map (GtkWidget *widget)
{
  EmLabelPage *self = EM_LABEL_PAGE (widget);
  GtkRoot *root;
  GtkWidget *focus;

  GTK_WIDGET_CLASS (em_label_page_parent_class)->map (widget);

  _em_label_page_probe_model (self);

  /* The shortcuts are local to the page: on arrival, put the focus inside
   * it so the keys work without a click first. */
  root = gtk_widget_get_root (widget);
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (root != NULL && (focus == NULL || !gtk_widget_is_ancestor (focus, widget)))
    gtk_widget_grab_focus (self->music_button);
}

static void
em_label_page_unmap (GtkWidget *widget)
{
  EmLabelPage *self = EM_LABEL_PAGE (widget);

  /* Leaving the page (another view, window hidden) stops the sound. */
  if (em_player_get_state (self->player) == EM_PLAYER_STATE_PLAYING)
    em_player_pause (self->player);

  GTK_WIDGET_CLASS (em_label_page_parent_class)->unmap (widget);
}

static void
em_label_page_class_init (EmLabelPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *label_actions[] = {
    "label.music", "label.dialogue", "label.both", "label.skip",
    "label.previous", "label.next", "label.replay", "label.play-pause",
    "label.cancel-ranking",
  };

  object_class->dispose = em_label_page_dispose;
  object_class->finalize = em_label_page_finalize;
  object_class->constructed = em_label_page_constructed;
  object_class->get_property = em_label_page_get_property;
  object_class->set_property = em_label_page_set_property;
  widget_class->map = em_label_page_map;
  widget_class->unmap = em_label_page_unmap;

  /**
   * EmLabelPage:audio-sink-factory:
   *
   * The GStreamer element factory for the players' audio sinks (e.g.
   * "fakesink" in tests), %NULL for the default sink.
   */
  properties[PROP_AUDIO_SINK_FACTORY] =
    g_param_spec_string ("audio-sink-factory", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * EmLabelPage:source:
   *
   * Where the queue comes from: "order", "random", "folder", "uncertain"
   * (the active model's most uncertain chunks first) or "custom" (the
   * queue given to em_label_page_set_queue()).
   */
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, "order",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EmLabelPage::toast:
   * @self: the page
   * @message: what went wrong, for the window's toast overlay
   */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (EM_TYPE_WAVEFORM);
  g_type_ensure (EM_TYPE_LABEL_CONTROLS);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/earmark/Earmark/ui/em-label-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EmLabelPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EmLabelPage, file_label);
  gtk_widget_class_bind_template_child (widget_class, EmLabelPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, EmLabelPage, waveform);
  gtk_widget_class_bind_template_child (widget_class, EmLabelPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, EmLabelPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, EmLabelPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, EmLabelPage, music_button);
  gtk_widget_class_bind_template_child (widget_class, EmLabelPage, folder_button);
  gtk_widget_class_bind_template_child (widget_class, EmLabelPage, uncertain_button);
  gtk_widget_class_bind_template_child (widget_class, EmLabelPage, custom_button);
  gtk_widget_class_bind_template_child (widget_class, EmLabelPage, controls);
  gtk_widget_class_bind_template_child (widget_class, EmLabelPage, ranking_spinner);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_source_button_toggled_cb",
                                                G_CALLBACK (_em_label_page_on_source_button_toggled_cb));
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  for (guint i = 0; i < G_N_ELEMENTS (label_actions); i++)
    gtk_widget_class_install_action (widget_class, label_actions[i], NULL, label_action);
  gtk_widget_class_install_action (widget_class, "label.undo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "label.redo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "label.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_install_property_action (widget_class, "label.source", "source");
}

static void
em_label_page_init (EmLabelPage *self)
{
  self->source = g_strdup ("order");
  self->cued_start = self->cued_end = -1;
  self->peaks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       _em_label_page_peaks_unref_nullable);
  self->cancellable = g_cancellable_new ();
  self->undo_pos = g_array_new (FALSE, FALSE, sizeof (guint));
  self->redo_pos = g_array_new (FALSE, FALSE, sizeof (guint));
  gtk_widget_init_template (GTK_WIDGET (self));
  add_shortcuts (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/**
 * em_label_page_new:
 *
 * Returns: (transfer floating): a Label page playing through the default sink
 */
EmLabelPage *
em_label_page_new (void)
{
  return g_object_new (EM_TYPE_LABEL_PAGE, NULL);
}

/**
 * em_label_page_new_with_sink:
 * @audio_sink_factory: (nullable): e.g. "fakesink"
 *
 * Returns: (transfer floating): a Label page whose players use that sink
 */
EmLabelPage *
em_label_page_new_with_sink (const char *audio_sink_factory)
{
  return g_object_new (EM_TYPE_LABEL_PAGE, "audio-sink-factory", audio_sink_factory, NULL);
}

EmLibrary *
em_label_page_get_library (EmLabelPage *self)
{
  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), NULL);
  return self->library;
}

/**
 * em_label_page_set_library:
 * @self: the page
 * @library: (nullable): the library to label
 *
 * Builds the queue from @library and shows (and plays) its first chunk.
 */
void
em_label_page_set_library (EmLabelPage *self,
                           EmLibrary   *library)
{
  g_return_if_fail (EM_IS_LABEL_PAGE (self));
  g_return_if_fail (library == NULL || EM_IS_LIBRARY (library));

  g_set_object (&self->library, library);
  em_player_set_file (self->next_player, NULL);
  self->ranked_model_id = 0;
  _em_label_page_rebuild_queue (self);
  _em_label_page_show_current (self);
  _em_label_page_probe_model (self);
}

const char *
em_label_page_get_current_path (EmLabelPage *self)
{
  EmLabelQueueItem *item;

  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), NULL);
  item = _em_label_page_current_item (self);
  return item != NULL ? item->path : NULL;
}

int
em_label_page_get_current_index (EmLabelPage *self)
{
  EmLabelQueueItem *item;

  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), -1);
  item = _em_label_page_current_item (self);
  return item != NULL ? (int) item->idx : -1;
}

/**
 * em_label_page_get_queue_item:
 * @self: the page
 * @i: a position in the queue
 *
 * Returns: (transfer none) (nullable): the queue's @i-th clip
 */
const EmLabelQueueItem *
em_label_page_get_queue_item (EmLabelPage *self,
                              guint        i)
{
  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), NULL);
  return self->queue != NULL && i < self->queue->len ? g_ptr_array_index (self->queue, i) : NULL;
}

guint
em_label_page_get_queue_length (EmLabelPage *self)
{
  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), 0);
  return self->queue != NULL ? self->queue->len : 0;
}

EmPlayer *
em_label_page_get_player (EmLabelPage *self)
{
  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), NULL);
  return self->player;
}

/* How many times a chunk was sent to the player (arrivals and replays). */
guint
em_label_page_get_n_plays (EmLabelPage *self)
{
  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), 0);
  return self->n_plays;
}

const char *
em_label_page_get_counts_text (EmLabelPage *self)
{
  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), NULL);
  return self->counts_text;
}

const char *
em_label_page_get_error_text (EmLabelPage *self)
{
  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label) : NULL;
}

EmLabelControls *
em_label_page_get_controls (EmLabelPage *self)
{
  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), NULL);
  return self->controls;
}

/* Whether "most uncertain first" can be chosen (the library has an
 * active model), as last looked up. */
gboolean
em_label_page_get_uncertain_available (EmLabelPage *self)
{
  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), FALSE);
  return self->model_id != 0;
}

/* Whether the page is ranking its queue or looking up the model. */
gboolean
em_label_page_is_busy (EmLabelPage *self)
{
  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), FALSE);
  return self->ranking != NULL || self->probe != NULL;
}

gboolean
em_label_page_is_empty (EmLabelPage *self)
{
  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), TRUE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0;
}
