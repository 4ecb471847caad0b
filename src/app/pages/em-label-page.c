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

#include <glib/gstdio.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "em-label-page.h"
#include "em-label-controls.h"
#include "em-label-queue.h"
#include "widgets/em-waveform.h"


struct _EmLabelPage
{
  GtkWidget     parent_instance;

  GtkStack     *stack;
  GtkLabel     *file_label;
  GtkLabel     *position_label;
  EmWaveform   *waveform;
  GtkLabel     *error_label;
  GtkLabel     *counts_label;
  GtkProgressBar *progress_bar;
  GtkWidget    *music_button;
  GtkButton    *folder_button;
  GtkToggleButton *uncertain_button;
  GtkToggleButton *custom_button;
  EmLabelControls *controls;
  GtkSpinner   *ranking_spinner;

  EmLibrary    *library;
  char         *sink_factory;
  EmPlayer     *player;
  EmPlayer     *next_player;
  GHashTable   *peaks;        /* path -> EmPeaks, the current and next track */
  GCancellable *cancellable;
  GPtrArray    *queue;        /* EmLabelQueueItem */
  guint         pos;
  GArray       *undo_pos;     /* queue positions labelled here, for undo */
  GArray       *redo_pos;
  char         *source;
  char         *folder;
  GPtrArray    *custom_items; /* EmLabelQueueItem, from em_label_page_set_queue() */
  char         *custom_title;
  guint         seed;
  guint         n_plays;
  guint         prepare_id;
  double        cued_start;   /* span cued in next_player, -1 if none */
  double        cued_end;
  GCancellable *ranking;      /* the "uncertain" queue being ranked */
  GCancellable *probe;        /* the active model being looked up */
  gint64        model_id;     /* the active model, 0 if none */
  gint64        ranked_model_id;
  char         *counts_text;
};

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

/* How long after a clip arrives the spare player loads the next one. */
#define PREPARE_DELAY_MS 100

static void show_current (EmLabelPage *self);
static void set_source   (EmLabelPage *self,
                          const char  *source);

/* The peaks table holds NULL while a track's load is in flight. */
static void
peaks_unref_nullable (gpointer peaks)
{
  if (peaks != NULL)
    em_peaks_unref (peaks);
}

static EmLabelQueueItem *
current_item (EmLabelPage *self)
{
  if (self->queue == NULL || self->pos >= self->queue->len)
    return NULL;
  return g_ptr_array_index (self->queue, self->pos);
}

static EmStore *
get_store (EmLabelPage *self)
{
  return self->library != NULL ? em_library_get_store (self->library) : NULL;
}

static void
show_error (EmLabelPage *self,
            const char  *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  g_signal_emit (self, signals[TOAST], 0, message);
}

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
      set_source (self, "order");
      show_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  self->queue = queue;
  self->ranked_model_id = model_id;
  self->pos = 0;
  show_current (self);
}

/* Ranking 30,000 chunks takes a while (features, XGBoost): on a worker,
 * with the "ranking" view and its Cancel button meanwhile. */
static void
start_ranking (EmLabelPage *self)
{
  if (get_store (self) == NULL)
    return;
  self->ranking = g_cancellable_new ();
  em_label_queue_build_uncertain_async (get_store (self), self->ranking, on_ranked_cb,
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

      if (unlabelled_only && get_store (self) != NULL
          && em_store_get_label (get_store (self), item->path, item->idx) != EM_LABEL_NONE)
        continue;
      g_ptr_array_add (queue, em_label_queue_item_copy (item));
    }
  return queue;
}

static void
rebuild_queue_full (EmLabelPage *self,
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
  else if (get_store (self) != NULL)
    self->queue = em_label_queue_build (get_store (self), folder,
                                        g_strcmp0 (self->source, "random") == 0,
                                        self->seed, &error);
  if (error != NULL)
    show_error (self, error->message);
  if (self->queue == NULL)
    self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) em_label_queue_item_free);
}

static void
rebuild_queue (EmLabelPage *self)
{
  rebuild_queue_full (self, FALSE);
}

static void
update_counts (EmLabelPage *self)
{
  EmStoreCounts counts = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *progress = NULL;
  guint labelled;

  if (get_store (self) == NULL)
    return;
  if (!em_store_get_counts (get_store (self), &counts, &error))
    {
      show_error (self, error->message);
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

  if (get_store (self) != NULL)
    em_store_get_undo_state (get_store (self), &can_undo, &can_redo, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "label.redo", can_redo);
}

typedef struct
{
  EmLabelPage *self;
  char        *path;
} PeaksLoad;

static void
on_peaks_loaded_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PeaksLoad *load = user_data;
  g_autoptr(EmLabelPage) self = load->self;
  g_autofree char *path = load->path;
  g_autoptr(GError) error = NULL;
  g_autoptr(EmPeaks) peaks = em_peaks_load_finish (result, &error);
  EmLabelQueueItem *item;

  (void) source_object;
  g_free (load);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  item = current_item (self);
  if (peaks == NULL)
    {
      /* Forgotten, so the load is retried (and fails visibly) when the
       * track becomes current. */
      g_hash_table_remove (self->peaks, path);
      if (item != NULL && g_strcmp0 (item->path, path) == 0)
        show_error (self, error->message);
      return;
    }
  g_hash_table_replace (self->peaks, g_strdup (path), em_peaks_ref (peaks));
  if (item != NULL && g_strcmp0 (item->path, path) == 0)
    em_waveform_set_peaks (self->waveform, peaks);
}

/* Starts loading a track's peaks unless they are cached or on their way
 * (a NULL value in the table marks a load in flight). */
static void
load_peaks (EmLabelPage *self,
            const char  *path)
{
  PeaksLoad *load;

  if (g_hash_table_contains (self->peaks, path))
    return;
  g_hash_table_insert (self->peaks, g_strdup (path), NULL);
  load = g_new0 (PeaksLoad, 1);
  load->self = g_object_ref (self);
  load->path = g_strdup (path);
  em_peaks_load_async (path, NULL, self->cancellable, on_peaks_loaded_cb, load);
}

/* Keeps only the current and next tracks' peaks. */
static void
trim_peaks (EmLabelPage *self,
            const char  *keep1,
            const char  *keep2)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->peaks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (value != NULL && g_strcmp0 (key, keep1) != 0 && g_strcmp0 (key, keep2) != 0)
      g_hash_table_iter_remove (&iter);
}

static void
on_player_error_cb (EmPlayer    *player,
                    GError      *error,
                    EmLabelPage *self)
{
  /* Errors of the prerolled next player show when that clip arrives. */
  if (player == self->player)
    show_error (self, error->message);
  else
    g_object_set_data_full (G_OBJECT (player), "em-error", g_strdup (error->message), g_free);
}

/* A file cut short or replaced under a playing player ends early without
 * an error (GStreamer just reaches the end of what is left), and a deleted
 * one still plays from its open descriptor: so when the current clip
 * ends, its file is compared with what the scan recorded. */
static void
on_player_finished_cb (EmPlayer    *player,
                       EmLabelPage *self)
{
  EmLabelQueueItem *item = current_item (self);
  g_autofree char *display = NULL;
  g_autofree char *message = NULL;
  guint64 size = 0;
  gint64 mtime_usec = 0;
  GStatBuf st;

  if (player != self->player || item == NULL || get_store (self) == NULL
      || !em_store_lookup_track (get_store (self), item->path, &size, &mtime_usec, NULL, NULL))
    return;
  if (g_stat (item->path, &st) == 0 && (guint64) st.st_size == size
      && (gint64) st.st_mtime == mtime_usec / G_USEC_PER_SEC)
    return;
  display = g_filename_display_name (item->path);
  message = g_strdup_printf (_("“%s” changed or vanished after the library was scanned, and may have played "
                               "only in part: rescan the library"), display);
  show_error (self, message);
}

static EmPlayer *
make_player (EmLabelPage *self)
{
  GstElement *sink = NULL;
  EmPlayer *player;

  /* The sink is made before the player, which would otherwise be the
   * first to initialise GStreamer. */
  gst_init_check (NULL, NULL, NULL);
  if (self->sink_factory != NULL)
    sink = gst_element_factory_make (self->sink_factory, NULL);
  player = em_player_new (sink);
  em_player_set_rate (player, em_label_controls_get_rate (self->controls));
  em_player_set_volume (player, em_label_controls_get_volume (self->controls));
  g_signal_connect_object (player, "error", G_CALLBACK (on_player_error_cb), self, 0);
  g_signal_connect_object (player, "finished", G_CALLBACK (on_player_finished_cb), self, 0);
  return player;
}

/* Loads the next clip into the spare player and cues its span, paused,
 * so that its arrival only has to start it. */
static void
prepare_next (EmLabelPage *self)
{
  EmLabelQueueItem *item = current_item (self);
  EmLabelQueueItem *next = NULL;

  if (self->queue != NULL && self->pos + 1 < self->queue->len)
    next = g_ptr_array_index (self->queue, self->pos + 1);
  trim_peaks (self, item != NULL ? item->path : NULL, next != NULL ? next->path : NULL);
  if (next == NULL)
    return;
  load_peaks (self, next->path);
  if (item != NULL && g_strcmp0 (item->path, next->path) == 0)
    return;
  if (g_strcmp0 (em_player_get_file (self->next_player), next->path) != 0)
    {
      g_object_set_data (G_OBJECT (self->next_player), "em-error", NULL);
      em_player_set_file (self->next_player, next->path);
    }
  em_player_play_span (self->next_player, next->start_s, next->end_s);
  em_player_pause (self->next_player);
  self->cued_start = next->start_s;
  self->cued_end = next->end_s;
}

static gboolean
prepare_next_cb (gpointer user_data)
{
  EmLabelPage *self = user_data;

  self->prepare_id = 0;
  prepare_next (self);
  return G_SOURCE_REMOVE;
}

/* Loading the spare player stops its old pipeline and starts a new one,
 * some milliseconds of main-thread work: done once the arriving clip is
 * playing, not in the way of it.  The next clip's peaks start at once
 * (a worker decodes them). */
static void
schedule_prepare_next (EmLabelPage *self)
{
  if (self->queue != NULL && self->pos + 1 < self->queue->len)
    load_peaks (self, ((EmLabelQueueItem *) g_ptr_array_index (self->queue, self->pos + 1))->path);
  g_clear_handle_id (&self->prepare_id, g_source_remove);
  self->prepare_id = g_timeout_add (PREPARE_DELAY_MS, prepare_next_cb, self);
}

static void
play_current (EmLabelPage *self)
{
  EmLabelQueueItem *item = current_item (self);

  if (item == NULL)
    return;
  self->n_plays++;
  em_player_play_span (self->player, item->start_s, item->end_s);
}

/* Makes the player hold the current clip: the spare one when it was
 * loaded ahead.  Returns whether that clip's span is cued in it. */
static gboolean
switch_player (EmLabelPage            *self,
               const EmLabelQueueItem *item)
{
  if (g_strcmp0 (em_player_get_file (self->next_player), item->path) == 0
      && g_strcmp0 (em_player_get_file (self->player), item->path) != 0)
    {
      EmPlayer *tmp = self->player;
      gboolean cued = self->cued_start == item->start_s && self->cued_end == item->end_s;

      /* Only paused here (cheap); it is reloaded with the clip after. */
      em_player_pause (tmp);
      self->player = self->next_player;
      self->next_player = tmp;
      self->cued_start = self->cued_end = -1;
      return cued;
    }
  if (g_strcmp0 (em_player_get_file (self->player), item->path) != 0)
    {
      g_object_set_data (G_OBJECT (self->player), "em-error", NULL);
      em_player_set_file (self->player, item->path);
    }
  return FALSE;
}

static void
arrive (EmLabelPage            *self,
        const EmLabelQueueItem *item)
{
  gboolean cued = switch_player (self, item);

  if (em_label_controls_get_auto_play (self->controls))
    {
      if (cued && em_player_get_state (self->player) != EM_PLAYER_STATE_PLAYING)
        {
          /* Resumes the cued span without a new seek. */
          self->n_plays++;
          em_player_toggle (self->player);
        }
      else
        play_current (self);
    }
  else if (em_player_get_state (self->player) == EM_PLAYER_STATE_PLAYING)
    em_player_pause (self->player);
}

static void
show_waveform (EmLabelPage     *self,
               const EmLabelQueueItem *item)
{
  g_autoptr(GArray) chunks = em_store_list_chunks (get_store (self), item->path, NULL);
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
    load_peaks (self, item->path);
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

static void
show_current (EmLabelPage *self)
{
  EmLabelQueueItem *item = current_item (self);

  if (item == NULL && self->queue != NULL && self->queue->len > 0 && self->pos >= self->queue->len)
    {
      /* End of the queue: start over with what is still unlabelled (skipped chunks). */
      rebuild_queue_full (self, TRUE);
      item = current_item (self);
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
  arrive (self, item);
  gtk_stack_set_visible_child_name (self->stack, "label");
  gtk_spinner_set_spinning (self->ranking_spinner, FALSE);
  show_item (self, item);
  if (g_object_get_data (G_OBJECT (self->player), "em-error") != NULL)
    show_error (self, g_object_get_data (G_OBJECT (self->player), "em-error"));
  update_counts (self);
  update_undo_actions (self);
  schedule_prepare_next (self);
}

static void
go_to (EmLabelPage *self,
       guint        pos)
{
  if (self->queue == NULL)
    return;
  self->pos = MIN (pos, self->queue->len);
  show_current (self);
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
  EmLabelQueueItem *item = current_item (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean advance = em_label_controls_get_auto_advance (self->controls);
  gboolean early = advance && self->pos + 1 < self->queue->len;
  guint pos = self->pos;
  guint idx;

  if (item == NULL)
    return;
  path = g_strdup (item->path);
  idx = item->idx;
  if (early)
    go_to (self, pos + 1);
  if (!em_store_set_label (get_store (self), path, idx, label, EM_LABEL_SOURCE_MANUAL, &error))
    {
      if (early)
        go_to (self, pos);
      show_error (self, error->message);
      return;
    }
  g_array_append_val (self->undo_pos, pos);
  g_array_set_size (self->redo_pos, 0);
  if (advance && !early)
    go_to (self, pos + 1);
  else if ((item = current_item (self)) != NULL)
    {
      /* Counts, undo and the waveform's colours now include the label. */
      if (g_strcmp0 (item->path, path) == 0)
        show_waveform (self, item);
      update_counts (self);
      update_undo_actions (self);
    }
}

/* Space: pause, or play the current chunk (resuming where it paused). */
static void
play_pause (EmLabelPage *self)
{
  EmLabelQueueItem *item = current_item (self);
  double start, end;

  if (item == NULL)
    return;
  em_player_get_span (self->player, &start, &end);
  if (em_player_get_state (self->player) == EM_PLAYER_STATE_PLAYING)
    em_player_pause (self->player);
  else if (start != item->start_s || end != item->end_s)
    play_current (self);
  else
    {
      self->n_plays++;
      em_player_toggle (self->player);
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
    play_current (self);
  else if (g_str_equal (action_name, "label.play-pause"))
    play_pause (self);
  else if (g_str_equal (action_name, "label.cancel-ranking"))
    set_source (self, "order");
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
  if (get_store (self) == NULL)
    return;
  if (!(undo ? em_store_undo : em_store_redo) (get_store (self), &did, &error))
    {
      show_error (self, error->message);
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

/* The uncertain and custom buttons are plain toggles rather than
 * label.source targets, so that each can be made insensitive (or hidden)
 * on its own; they follow the "source" property here. */
static void
sync_source_buttons (EmLabelPage *self)
{
  gtk_toggle_button_set_active (self->uncertain_button, g_strcmp0 (self->source, "uncertain") == 0);
  gtk_toggle_button_set_active (self->custom_button, g_strcmp0 (self->source, "custom") == 0);
}

static void
on_source_button_toggled_cb (GtkToggleButton *button,
                             EmLabelPage     *self)
{
  const char *source = button == self->custom_button ? "custom" : "uncertain";

  if (gtk_toggle_button_get_active (button))
    set_source (self, source);
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
    show_error (self, error->message);
  self->model_id = model_id;
  update_uncertain_button (self);
  if (g_strcmp0 (self->source, "uncertain") != 0 || self->ranking != NULL)
    return;
  /* The model went away, or a newer one was trained since the ranking. */
  if (model_id == 0)
    set_source (self, "order");
  else if (model_id != self->ranked_model_id)
    {
      rebuild_queue (self);
      show_current (self);
    }
}

/* Whether "most uncertain first" is available: the library has an active
 * model.  Asked again each time the page is shown, since the Train page
 * may have trained one meanwhile. */
static void
probe_model (EmLabelPage *self)
{
  if (self->probe != NULL)
    {
      g_cancellable_cancel (self->probe);
      g_clear_object (&self->probe);
    }
  if (get_store (self) == NULL)
    {
      self->model_id = 0;
      update_uncertain_button (self);
      return;
    }
  self->probe = g_cancellable_new ();
  em_label_queue_find_model_async (get_store (self), self->probe, on_model_found_cb,
                                   g_object_ref (self));
}

static void
on_rate_changed_cb (EmLabelControls *controls,
                    GParamSpec      *pspec,
                    EmLabelPage     *self)
{
  (void) pspec;
  em_player_set_rate (self->player, em_label_controls_get_rate (controls));
  em_player_set_rate (self->next_player, em_label_controls_get_rate (controls));
}

static void
on_volume_changed_cb (EmLabelControls *controls,
                      GParamSpec      *pspec,
                      EmLabelPage     *self)
{
  (void) pspec;
  em_player_set_volume (self->player, em_label_controls_get_volume (controls));
  em_player_set_volume (self->next_player, em_label_controls_get_volume (controls));
}

static void
update_custom_button (EmLabelPage *self)
{
  gtk_button_set_label (GTK_BUTTON (self->custom_button), self->custom_title);
  gtk_widget_set_visible (GTK_WIDGET (self->custom_button), self->custom_items != NULL);
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

  self->player = make_player (self);
  self->next_player = make_player (self);
  g_signal_connect_object (self->controls, "notify::rate", G_CALLBACK (on_rate_changed_cb), self, 0);
  g_signal_connect_object (self->controls, "notify::volume", G_CALLBACK (on_volume_changed_cb), self, 0);
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

static void
set_source (EmLabelPage *self,
            const char  *source)
{
  if (source == NULL || g_strcmp0 (self->source, source) == 0)
    return;
  g_free (self->source);
  self->source = g_strdup (source);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
  sync_source_buttons (self);
  if (self->library != NULL)
    {
      rebuild_queue (self);
      show_current (self);
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
      set_source (self, g_value_get_string (value));
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

  probe_model (self);

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
  gtk_widget_class_bind_template_callback (widget_class, on_source_button_toggled_cb);
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
                                       peaks_unref_nullable);
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
  rebuild_queue (self);
  show_current (self);
  probe_model (self);
}

void
em_label_page_set_seed (EmLabelPage *self,
                        guint        seed)
{
  g_return_if_fail (EM_IS_LABEL_PAGE (self));
  self->seed = seed;
  if (self->library != NULL && g_strcmp0 (self->source, "random") == 0)
    {
      rebuild_queue (self);
      show_current (self);
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
          rebuild_queue (self);
          show_current (self);
        }
    }
  else
    set_source (self, "folder");
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
      rebuild_queue (self);
      show_current (self);
    }
  else
    set_source (self, "custom");
}

/* The title of the queue given by em_label_page_set_queue(), as shown. */
const char *
em_label_page_get_queue_title (EmLabelPage *self)
{
  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), NULL);
  return self->custom_title;
}

const char *
em_label_page_get_current_path (EmLabelPage *self)
{
  EmLabelQueueItem *item;

  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), NULL);
  item = current_item (self);
  return item != NULL ? item->path : NULL;
}

int
em_label_page_get_current_index (EmLabelPage *self)
{
  EmLabelQueueItem *item;

  g_return_val_if_fail (EM_IS_LABEL_PAGE (self), -1);
  item = current_item (self);
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
