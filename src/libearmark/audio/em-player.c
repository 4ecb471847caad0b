/* em-player.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A playbin for labelling: play a chunk or the whole track, loop, change
 * speed with the pitch kept (scaletempo), seek. A span is played with a
 * flushing seek whose stop position is the end of the span, so GStreamer
 * ends the span itself (EOS) with sample accuracy; looping restarts the
 * span on that EOS. Everything runs on the main context that created the
 * player (bus watch and position poll); errors become the "error" signal.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/pbutils/pbutils.h>

#include "em-player.h"

/* playbin's GstPlayFlags: audio only, with software volume. */
#define PLAY_FLAG_AUDIO       (1 << 1)
#define PLAY_FLAG_SOFT_VOLUME (1 << 4)
/* "position" is polled at ~30 Hz while playing. */
#define POSITION_POLL_MS 33

struct _EmPlayer
{
  GObject        parent_instance;

  GstElement    *playbin;
  GstElement    *audio_sink;
  guint          bus_watch_id;
  guint          poll_id;

  char          *path;
  char          *missing;        /* description of a missing plugin */
  EmPlayerState  state;
  double         position;
  double         duration;
  double         span_start;
  double         span_end;       /* < 0: the end of the track */
  double         pending_pos;
  double         rate;
  double         volume;

  guint          loop : 1;
  guint          loading : 1;    /* going to PAUSED for the first time */
  guint          prerolled : 1;  /* seeks can be sent */
  guint          seek_pending : 1;
  guint          want_playing : 1;
  guint          at_end : 1;
  guint          failed : 1;
};

G_DEFINE_FINAL_TYPE (EmPlayer, em_player, G_TYPE_OBJECT)

static const GEnumValue state_values[] = {
  { EM_PLAYER_STATE_STOPPED, "EM_PLAYER_STATE_STOPPED", "stopped" },
  { EM_PLAYER_STATE_PAUSED, "EM_PLAYER_STATE_PAUSED", "paused" },
  { EM_PLAYER_STATE_PLAYING, "EM_PLAYER_STATE_PLAYING", "playing" },
  { 0, NULL, NULL },
};

GType
em_player_state_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("EmPlayerState"), state_values));

  return type;
}

enum {
  PROP_0,
  PROP_AUDIO_SINK,
  PROP_FILE,
  PROP_STATE,
  PROP_POSITION,
  PROP_DURATION,
  PROP_LOOP,
  PROP_RATE,
  PROP_VOLUME,
  N_PROPS
};

enum {
  ERROR,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_state (EmPlayer      *self,
           EmPlayerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_position (EmPlayer *self,
              double    position)
{
  if (self->position == position)
    return;
  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static gboolean
poll_position_cb (gpointer data)
{
  EmPlayer *self = data;
  gint64 pos;

  if (gst_element_query_position (self->playbin, GST_FORMAT_TIME, &pos) && pos >= 0)
    set_position (self, (double) pos / GST_SECOND);

  return G_SOURCE_CONTINUE;
}

static void
set_polling (EmPlayer *self,
             gboolean  polling)
{
  if (polling && self->poll_id == 0)
    self->poll_id = g_timeout_add (POSITION_POLL_MS, poll_position_cb, self);
  else if (!polling)
    g_clear_handle_id (&self->poll_id, g_source_remove);
}

static void
query_duration (EmPlayer *self)
{
  gint64 dur;

  if (!gst_element_query_duration (self->playbin, GST_FORMAT_TIME, &dur) || dur < 0)
    return;
  if (self->duration == (double) dur / GST_SECOND)
    return;
  self->duration = (double) dur / GST_SECOND;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

/* A flushing, accurate seek to @position that keeps the span's end as the
 * stop position and applies the current rate. */
static void
send_seek (EmPlayer *self,
           double    position)
{
  gboolean has_stop = self->span_end >= 0;
  GstSeekFlags flags = GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE;

  g_assert (self->prerolled);

  if (!gst_element_seek (self->playbin, self->rate, GST_FORMAT_TIME, flags,
                         GST_SEEK_TYPE_SET, (gint64) (position * GST_SECOND),
                         has_stop ? GST_SEEK_TYPE_SET : GST_SEEK_TYPE_NONE,
                         has_stop ? (gint64) (self->span_end * GST_SECOND) : (gint64) GST_CLOCK_TIME_NONE))
    g_debug ("Seek to %.3f s in %s was refused", position, self->path);

  self->at_end = FALSE;
  set_position (self, position);
}

/* Seeks now, or once the file is prerolled; FALSE if nothing is loaded. */
static gboolean
seek_when_ready (EmPlayer *self,
                 double    position)
{
  if (self->path == NULL || self->failed)
    return FALSE;

  if (self->prerolled)
    {
      send_seek (self, position);
      return TRUE;
    }

  self->pending_pos = position;
  self->seek_pending = TRUE;
  set_position (self, position);
  if (!self->loading)
    {
      self->loading = TRUE;
      gst_element_set_state (self->playbin, GST_STATE_PAUSED);
    }
  return TRUE;
}

static void
start_playing (EmPlayer *self)
{
  self->want_playing = TRUE;
  if (self->prerolled)
    gst_element_set_state (self->playbin, GST_STATE_PLAYING);
}

static EmAudioError
error_code_for (const GError *gst_error,
                gboolean      missing_plugin)
{
  if (missing_plugin ||
      g_error_matches (gst_error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN) ||
      g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND))
    return EM_AUDIO_ERROR_NO_DECODER;
  if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND))
    return EM_AUDIO_ERROR_NOT_FOUND;
  if (gst_error->domain == GST_RESOURCE_ERROR)
    return EM_AUDIO_ERROR_UNREADABLE;
  if (g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND) ||
      g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE))
    return EM_AUDIO_ERROR_NOT_AUDIO;
  return EM_AUDIO_ERROR_CORRUPT;
}

static void
fail (EmPlayer     *self,
      const GError *gst_error,
      const char   *debug)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_filename_display_name (self->path);
  EmAudioError code = error_code_for (gst_error, self->missing != NULL);
  GStatBuf st;

  g_debug ("Playing %s failed: %s (%s)", self->path, gst_error->message, debug ? debug : "");

  /* GStreamer says "no data" for an empty file; say so plainly. */
  if (code == EM_AUDIO_ERROR_NOT_AUDIO && g_stat (self->path, &st) == 0 && st.st_size == 0)
    error = g_error_new (EM_AUDIO_ERROR, EM_AUDIO_ERROR_EMPTY, "Cannot play “%s”: the file is empty", display);
  else if (code == EM_AUDIO_ERROR_NO_DECODER && self->missing != NULL)
    error = g_error_new (EM_AUDIO_ERROR, code, "Cannot play “%s”: no decoder for %s is installed",
                         display, self->missing);
  else if (code == EM_AUDIO_ERROR_NOT_FOUND)
    error = g_error_new (EM_AUDIO_ERROR, code, "Cannot play “%s”: the file does not exist", display);
  else if (code == EM_AUDIO_ERROR_NOT_AUDIO)
    error = g_error_new (EM_AUDIO_ERROR, code, "Cannot play “%s”: not an audio file (%s)",
                         display, gst_error->message);
  else
    error = g_error_new (EM_AUDIO_ERROR, code, "Cannot play “%s”: %s", display, gst_error->message);

  self->failed = TRUE;
  self->loading = self->prerolled = self->seek_pending = self->want_playing = FALSE;
  set_polling (self, FALSE);
  if (self->playbin != NULL)
    gst_element_set_state (self->playbin, GST_STATE_NULL);
  set_state (self, EM_PLAYER_STATE_STOPPED);
  g_signal_emit (self, signals[ERROR], 0, error);
}

static void
handle_async_done (EmPlayer *self)
{
  if (self->prerolled)
    return;

  self->prerolled = TRUE;
  self->loading = FALSE;
  query_duration (self);

  if (self->seek_pending)
    {
      self->seek_pending = FALSE;
      send_seek (self, self->pending_pos);
    }
  if (self->want_playing)
    gst_element_set_state (self->playbin, GST_STATE_PLAYING);
  else
    set_state (self, EM_PLAYER_STATE_PAUSED);
}

static void
handle_eos (EmPlayer *self)
{
  if (self->loop)
    {
      send_seek (self, self->span_start);
      return;
    }

  self->want_playing = FALSE;
  gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  set_polling (self, FALSE);
  set_position (self, self->span_end >= 0 && (self->duration <= 0 || self->span_end < self->duration)
                     ? self->span_end : MAX (self->duration, self->position));
  self->at_end = TRUE;
  set_state (self, EM_PLAYER_STATE_PAUSED);
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
handle_state_changed (EmPlayer   *self,
                      GstMessage *msg)
{
  GstState new_state;

  if (GST_MESSAGE_SRC (msg) != GST_OBJECT (self->playbin))
    return;

  gst_message_parse_state_changed (msg, NULL, &new_state, NULL);
  if (new_state == GST_STATE_PLAYING)
    {
      set_state (self, EM_PLAYER_STATE_PLAYING);
      set_polling (self, TRUE);
    }
  else if (new_state == GST_STATE_PAUSED && !self->want_playing && self->prerolled)
    {
      set_polling (self, FALSE);
      poll_position_cb (self);
      set_state (self, EM_PLAYER_STATE_PAUSED);
    }
}

static gboolean
bus_message_cb (GstBus     *bus,
                GstMessage *msg,
                gpointer    data)
{
  EmPlayer *self = data;
  /* GstMessageType is a flags type, hence no switch. */
  GstMessageType type = GST_MESSAGE_TYPE (msg);

  if (type == GST_MESSAGE_ERROR && !self->failed)
    {
      g_autoptr(GError) gst_error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (msg, &gst_error, &debug);
      fail (self, gst_error, debug);
    }
  else if (type == GST_MESSAGE_EOS)
    handle_eos (self);
  else if (type == GST_MESSAGE_ASYNC_DONE)
    handle_async_done (self);
  else if (type == GST_MESSAGE_STATE_CHANGED)
    handle_state_changed (self, msg);
  else if (type == GST_MESSAGE_DURATION_CHANGED)
    query_duration (self);
  else if (type == GST_MESSAGE_ELEMENT && gst_is_missing_plugin_message (msg) && self->missing == NULL)
    self->missing = gst_missing_plugin_message_get_description (msg);

  return G_SOURCE_CONTINUE;
}

/* Without scaletempo a rate change would also change the pitch. A fresh
 * one for every file: GStreamer 1.22's scaletempo keeps its buffers from
 * the previous stream through the NULL state and overruns them when the
 * next file has another format (an MP3 then a mono WAV crashed in its
 * memcpy). */
static gboolean
install_tempo_filter (EmPlayer *self)
{
  GstElement *tempo = gst_element_factory_make ("scaletempo", NULL);

  if (tempo == NULL)
    return FALSE;
  g_object_set (self->playbin, "audio-filter", tempo, NULL);
  return TRUE;
}

static void
em_player_constructed (GObject *object)
{
  EmPlayer *self = EM_PLAYER (object);
  g_autoptr(GstBus) bus = NULL;

  G_OBJECT_CLASS (em_player_parent_class)->constructed (object);

  /* Without playbin (a broken GStreamer install) every file fails with
   * an error saying so; nothing else touches the missing element. */
  self->playbin = gst_element_factory_make ("playbin", NULL);
  if (self->playbin == NULL)
    {
      g_warning ("GStreamer's playbin (gst-plugins-base) is missing: nothing can be played");
      return;
    }
  gst_object_ref_sink (self->playbin);
  g_object_set (self->playbin, "flags", PLAY_FLAG_AUDIO | PLAY_FLAG_SOFT_VOLUME, NULL);

  if (!install_tempo_filter (self))
    g_warning ("GStreamer's scaletempo is missing: playback rates change the pitch");
  if (self->audio_sink != NULL)
    g_object_set (self->playbin, "audio-sink", self->audio_sink, NULL);

  bus = gst_element_get_bus (self->playbin);
  self->bus_watch_id = gst_bus_add_watch (bus, bus_message_cb, self);
}

static void
em_player_dispose (GObject *object)
{
  EmPlayer *self = EM_PLAYER (object);

  set_polling (self, FALSE);
  g_clear_handle_id (&self->bus_watch_id, g_source_remove);
  if (self->playbin != NULL)
    gst_element_set_state (self->playbin, GST_STATE_NULL);
  g_clear_pointer (&self->playbin, gst_object_unref);
  g_clear_pointer (&self->audio_sink, gst_object_unref);

  G_OBJECT_CLASS (em_player_parent_class)->dispose (object);
}

static void
em_player_finalize (GObject *object)
{
  EmPlayer *self = EM_PLAYER (object);

  g_free (self->path);
  g_free (self->missing);

  G_OBJECT_CLASS (em_player_parent_class)->finalize (object);
}

static void
em_player_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  EmPlayer *self = EM_PLAYER (object);

  switch (prop_id)
    {
    case PROP_AUDIO_SINK:
      g_value_set_object (value, self->audio_sink);
      break;
    case PROP_FILE:
      g_value_set_string (value, self->path);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_POSITION:
      g_value_set_double (value, self->position);
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    case PROP_LOOP:
      g_value_set_boolean (value, self->loop);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_player_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  EmPlayer *self = EM_PLAYER (object);

  switch (prop_id)
    {
    case PROP_AUDIO_SINK:
      self->audio_sink = g_value_get_object (value);
      if (self->audio_sink != NULL)
        gst_object_ref_sink (self->audio_sink);
      break;
    case PROP_LOOP:
      em_player_set_loop (self, g_value_get_boolean (value));
      break;
    case PROP_RATE:
      em_player_set_rate (self, g_value_get_double (value));
      break;
    case PROP_VOLUME:
      em_player_set_volume (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_player_class_init (EmPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  gst_init_check (NULL, NULL, NULL);

  object_class->constructed = em_player_constructed;
  object_class->dispose = em_player_dispose;
  object_class->finalize = em_player_finalize;
  object_class->get_property = em_player_get_property;
  object_class->set_property = em_player_set_property;

  properties[PROP_AUDIO_SINK] =
    g_param_spec_object ("audio-sink", NULL, NULL, GST_TYPE_ELEMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_string ("file", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, EM_TYPE_PLAYER_STATE, EM_PLAYER_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOOP] =
    g_param_spec_boolean ("loop", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, EM_PLAYER_RATE_MIN, EM_PLAYER_RATE_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EmPlayer::error:
   * @player: the player
   * @error: an %EM_AUDIO_ERROR naming the file
   *
   * The file could not be played (missing, not audio, no decoder, damaged
   * mid-play). The player is then stopped; a new file can be set.
   */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * EmPlayer::finished:
   * @player: the player
   *
   * The span (or the track) reached its end and does not loop; the player
   * is paused there.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
em_player_init (EmPlayer *self)
{
  self->rate = 1.0;
  self->volume = 1.0;
  self->span_end = -1;
}

/**
 * em_player_new:
 * @audio_sink: (nullable) (transfer floating): the sink to play to, or
 *   %NULL for the default (autoaudiosink); tests pass a fakesink with
 *   sync=true
 *
 * Creates a player. Its bus watch and position poll run on the thread's
 * default main context at creation, which must be iterated.
 *
 * Returns: (transfer full): a new #EmPlayer
 */
EmPlayer *
em_player_new (GstElement *audio_sink)
{
  g_return_val_if_fail (audio_sink == NULL || GST_IS_ELEMENT (audio_sink), NULL);

  return g_object_new (EM_TYPE_PLAYER, "audio-sink", audio_sink, NULL);
}

/**
 * em_player_set_file:
 * @self: an #EmPlayer
 * @path: (nullable): an audio file, or %NULL to unload
 *
 * Stops and loads @path, paused at its start (whole track span). Problems
 * with the file are reported by #EmPlayer::error once GStreamer finds them.
 */
void
em_player_set_file (EmPlayer   *self,
                    const char *path)
{
  g_autofree char *absolute = NULL;
  g_autofree char *uri = NULL;

  g_return_if_fail (EM_IS_PLAYER (self));

  em_player_stop (self);
  g_clear_pointer (&self->missing, g_free);
  self->failed = FALSE;
  self->span_start = 0;
  self->span_end = -1;
  if (self->duration != 0)
    {
      self->duration = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
    }
  set_position (self, 0);

  g_free (self->path);
  self->path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  if (path == NULL)
    return;

  if (self->playbin == NULL)
    {
      g_autoptr(GError) missing = g_error_new_literal (GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
                                                        "GStreamer's playbin (gst-plugins-base) is missing");
      fail (self, missing, NULL);
      return;
    }

  install_tempo_filter (self);
  absolute = g_canonicalize_filename (path, NULL);
  uri = g_filename_to_uri (absolute, NULL, NULL);
  g_object_set (self->playbin, "uri", uri, NULL);
  self->loading = TRUE;
  gst_element_set_state (self->playbin, GST_STATE_PAUSED);
}

/**
 * em_player_get_file:
 * @self: an #EmPlayer
 *
 * Returns: (nullable): the file set with em_player_set_file()
 */
const char *
em_player_get_file (EmPlayer *self)
{
  g_return_val_if_fail (EM_IS_PLAYER (self), NULL);
  return self->path;
}

/**
 * em_player_play:
 * @self: an #EmPlayer
 *
 * Plays the whole track from the current position (from the start when at
 * the end), dropping any span.
 */
void
em_player_play (EmPlayer *self)
{
  double from;

  g_return_if_fail (EM_IS_PLAYER (self));

  from = self->at_end ? 0.0 : self->position;
  self->span_start = 0;
  self->span_end = -1;
  if (seek_when_ready (self, from))
    start_playing (self);
}

/**
 * em_player_play_span:
 * @self: an #EmPlayer
 * @start_s: start of the span in the track (s)
 * @end_s: end of the span (s); < 0 for the end of the track
 *
 * Plays from @start_s and stops (or, with #EmPlayer:loop, starts again) at
 * @end_s, e.g. one chunk.
 */
void
em_player_play_span (EmPlayer *self,
                     double    start_s,
                     double    end_s)
{
  g_return_if_fail (EM_IS_PLAYER (self));

  self->span_start = MAX (start_s, 0.0);
  self->span_end = end_s >= 0 ? MAX (end_s, self->span_start) : -1;
  if (seek_when_ready (self, self->span_start))
    start_playing (self);
}

/**
 * em_player_pause:
 * @self: an #EmPlayer
 *
 * Pauses where it is.
 */
void
em_player_pause (EmPlayer *self)
{
  g_return_if_fail (EM_IS_PLAYER (self));

  self->want_playing = FALSE;
  if (self->path == NULL || self->failed)
    return;
  if (self->prerolled)
    gst_element_set_state (self->playbin, GST_STATE_PAUSED);
}

/**
 * em_player_toggle:
 * @self: an #EmPlayer
 *
 * Pauses when playing; otherwise resumes the span (from its start when it
 * had ended).
 */
void
em_player_toggle (EmPlayer *self)
{
  g_return_if_fail (EM_IS_PLAYER (self));

  if (self->want_playing || self->state == EM_PLAYER_STATE_PLAYING)
    {
      em_player_pause (self);
      return;
    }

  if (self->at_end || !self->prerolled)
    {
      if (!seek_when_ready (self, self->at_end ? self->span_start : self->position))
        return;
    }
  start_playing (self);
}

/**
 * em_player_stop:
 * @self: an #EmPlayer
 *
 * Stops and releases the audio device; the file stays set and plays again
 * from the span's start.
 */
void
em_player_stop (EmPlayer *self)
{
  g_return_if_fail (EM_IS_PLAYER (self));

  self->loading = self->prerolled = self->seek_pending = self->want_playing = FALSE;
  self->at_end = FALSE;
  set_polling (self, FALSE);
  if (self->playbin != NULL)
    gst_element_set_state (self->playbin, GST_STATE_NULL);
  set_position (self, self->span_start);
  set_state (self, EM_PLAYER_STATE_STOPPED);
}

/**
 * em_player_seek:
 * @self: an #EmPlayer
 * @position_s: a position in the track (s)
 *
 * Seeks, keeping the span when @position_s is inside it and playing the
 * rest of the track otherwise. Keeps playing or paused as it was.
 */
void
em_player_seek (EmPlayer *self,
                double    position_s)
{
  g_return_if_fail (EM_IS_PLAYER (self));

  position_s = MAX (position_s, 0.0);
  if (self->duration > 0)
    position_s = MIN (position_s, self->duration);
  if (position_s < self->span_start || (self->span_end >= 0 && position_s >= self->span_end))
    {
      self->span_start = 0;
      self->span_end = -1;
    }
  seek_when_ready (self, position_s);
}

/**
 * em_player_get_state:
 * @self: an #EmPlayer
 *
 * Returns: what the player is doing (#EmPlayer:state)
 */
EmPlayerState
em_player_get_state (EmPlayer *self)
{
  g_return_val_if_fail (EM_IS_PLAYER (self), EM_PLAYER_STATE_STOPPED);
  return self->state;
}

/**
 * em_player_get_position:
 * @self: an #EmPlayer
 *
 * Returns: the position in the track (s), updated ~30 times a second
 *   while playing
 */
double
em_player_get_position (EmPlayer *self)
{
  g_return_val_if_fail (EM_IS_PLAYER (self), 0.0);
  return self->position;
}

/**
 * em_player_get_duration:
 * @self: an #EmPlayer
 *
 * Returns: the duration of the track (s), 0 until it is known
 */
double
em_player_get_duration (EmPlayer *self)
{
  g_return_val_if_fail (EM_IS_PLAYER (self), 0.0);
  return self->duration;
}

/**
 * em_player_get_span:
 * @self: an #EmPlayer
 * @start_s: (out) (optional): start of the span (s)
 * @end_s: (out) (optional): end of the span (s), < 0 for the end of the track
 *
 * The span being played.
 */
void
em_player_get_span (EmPlayer *self,
                    double   *start_s,
                    double   *end_s)
{
  g_return_if_fail (EM_IS_PLAYER (self));

  if (start_s != NULL)
    *start_s = self->span_start;
  if (end_s != NULL)
    *end_s = self->span_end;
}

/**
 * em_player_get_loop:
 * @self: an #EmPlayer
 *
 * Returns: whether the span starts again at its end
 */
gboolean
em_player_get_loop (EmPlayer *self)
{
  g_return_val_if_fail (EM_IS_PLAYER (self), FALSE);
  return self->loop;
}

/**
 * em_player_set_loop:
 * @self: an #EmPlayer
 * @loop: whether the span starts again at its end
 */
void
em_player_set_loop (EmPlayer *self,
                    gboolean  loop)
{
  g_return_if_fail (EM_IS_PLAYER (self));

  if (self->loop == !!loop)
    return;
  self->loop = !!loop;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOP]);
}

/**
 * em_player_get_rate:
 * @self: an #EmPlayer
 *
 * Returns: the playback rate
 */
double
em_player_get_rate (EmPlayer *self)
{
  g_return_val_if_fail (EM_IS_PLAYER (self), 1.0);
  return self->rate;
}

/**
 * em_player_set_rate:
 * @self: an #EmPlayer
 * @rate: playback rate, clamped to %EM_PLAYER_RATE_MIN – %EM_PLAYER_RATE_MAX
 *
 * Changes the speed, keeping the pitch (scaletempo); applies at once when
 * playing (a seek to the current position).
 */
void
em_player_set_rate (EmPlayer *self,
                    double    rate)
{
  g_return_if_fail (EM_IS_PLAYER (self));

  rate = CLAMP (rate, EM_PLAYER_RATE_MIN, EM_PLAYER_RATE_MAX);
  if (self->rate == rate)
    return;
  self->rate = rate;
  if (self->prerolled && !self->at_end)
    {
      poll_position_cb (self);
      send_seek (self, self->position);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

/**
 * em_player_get_volume:
 * @self: an #EmPlayer
 *
 * Returns: the linear volume, 0–1
 */
double
em_player_get_volume (EmPlayer *self)
{
  g_return_val_if_fail (EM_IS_PLAYER (self), 1.0);
  return self->volume;
}

/**
 * em_player_set_volume:
 * @self: an #EmPlayer
 * @volume: linear volume, clamped to 0–1
 */
void
em_player_set_volume (EmPlayer *self,
                      double    volume)
{
  g_return_if_fail (EM_IS_PLAYER (self));

  volume = CLAMP (volume, 0.0, 1.0);
  if (self->volume == volume)
    return;
  self->volume = volume;
  if (self->playbin != NULL)
    g_object_set (self->playbin, "volume", volume, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}
