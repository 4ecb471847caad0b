/* em-label-playback.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Label page's two players and the waveform peaks.  The next clip is
 * loaded into the spare player with its span cued, paused, and its peaks
 * decoded by a worker, so that advancing swaps the players and only has
 * to start one: the sound begins within a couple of milliseconds of the
 * key.  Loading the spare player (stopping its old pipeline) waits until
 * the arriving clip plays.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "em-label-page-private.h"

/* How long after a clip arrives the spare player loads the next one. */
#define PREPARE_DELAY_MS 100

typedef struct
{
  EmLabelPage *self;
  char        *path;
} PeaksLoad;

/* The peaks table holds NULL while a track's load is in flight. */
void
_em_label_page_peaks_unref_nullable (gpointer peaks)
{
  if (peaks != NULL)
    em_peaks_unref (peaks);
}

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
  item = _em_label_page_current_item (self);
  if (peaks == NULL)
    {
      /* Forgotten, so the load is retried (and fails visibly) when the
       * track becomes current. */
      g_hash_table_remove (self->peaks, path);
      if (item != NULL && g_strcmp0 (item->path, path) == 0)
        _em_label_page_show_error (self, error->message);
      return;
    }
  g_hash_table_replace (self->peaks, g_strdup (path), em_peaks_ref (peaks));
  if (item != NULL && g_strcmp0 (item->path, path) == 0)
    em_waveform_set_peaks (self->waveform, peaks);
}

/* Starts loading a track's peaks unless they are cached or on their way
 * (a NULL value in the table marks a load in flight). */
void
_em_label_page_load_peaks (EmLabelPage *self,
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
    _em_label_page_show_error (self, error->message);
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
  EmLabelQueueItem *item = _em_label_page_current_item (self);
  g_autofree char *display = NULL;
  g_autofree char *message = NULL;
  guint64 size = 0;
  gint64 mtime_usec = 0;
  GStatBuf st;

  if (player != self->player || item == NULL || _em_label_page_get_store (self) == NULL
      || !em_store_lookup_track (_em_label_page_get_store (self), item->path, &size, &mtime_usec, NULL, NULL))
    return;
  if (g_stat (item->path, &st) == 0 && (guint64) st.st_size == size
      && (gint64) st.st_mtime == mtime_usec / G_USEC_PER_SEC)
    return;
  display = g_filename_display_name (item->path);
  message = g_strdup_printf (_("“%s” changed or vanished after the library was scanned, and may have played "
                               "only in part: rescan the library"), display);
  _em_label_page_show_error (self, message);
}

EmPlayer *
_em_label_page_make_player (EmLabelPage *self)
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
  EmLabelQueueItem *item = _em_label_page_current_item (self);
  EmLabelQueueItem *next = NULL;

  if (self->queue != NULL && self->pos + 1 < self->queue->len)
    next = g_ptr_array_index (self->queue, self->pos + 1);
  trim_peaks (self, item != NULL ? item->path : NULL, next != NULL ? next->path : NULL);
  if (next == NULL)
    return;
  _em_label_page_load_peaks (self, next->path);
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
void
_em_label_page_schedule_prepare_next (EmLabelPage *self)
{
  if (self->queue != NULL && self->pos + 1 < self->queue->len)
    _em_label_page_load_peaks (self, ((EmLabelQueueItem *) g_ptr_array_index (self->queue, self->pos + 1))->path);
  g_clear_handle_id (&self->prepare_id, g_source_remove);
  self->prepare_id = g_timeout_add (PREPARE_DELAY_MS, prepare_next_cb, self);
}

void
_em_label_page_play_current (EmLabelPage *self)
{
  EmLabelQueueItem *item = _em_label_page_current_item (self);

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

void
_em_label_page_arrive (EmLabelPage            *self,
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
        _em_label_page_play_current (self);
    }
  else if (em_player_get_state (self->player) == EM_PLAYER_STATE_PLAYING)
    em_player_pause (self->player);
}

/* Space: pause, or play the current chunk (resuming where it paused). */
void
_em_label_page_play_pause (EmLabelPage *self)
{
  EmLabelQueueItem *item = _em_label_page_current_item (self);
  double start, end;

  if (item == NULL)
    return;
  em_player_get_span (self->player, &start, &end);
  if (em_player_get_state (self->player) == EM_PLAYER_STATE_PLAYING)
    em_player_pause (self->player);
  else if (start != item->start_s || end != item->end_s)
    _em_label_page_play_current (self);
  else
    {
      self->n_plays++;
      em_player_toggle (self->player);
    }
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

/* The speed and volume controls drive both players. */
void
_em_label_page_connect_controls (EmLabelPage *self)
{
  g_signal_connect_object (self->controls, "notify::rate", G_CALLBACK (on_rate_changed_cb), self, 0);
  g_signal_connect_object (self->controls, "notify::volume", G_CALLBACK (on_volume_changed_cb), self, 0);
}

