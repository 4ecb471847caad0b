/* em-audio-pipeline-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Driving an EmAudioPipeline from the calling thread: bus messages with
 * timed pops (errors, warnings, EOS, stall detection, cancellation),
 * preroll, queries, seeks, and collecting the output.
 */

#include "config.h"

#include <string.h>

#include <gst/pbutils/pbutils.h>

#include "em-audio-pipeline-private.h"
#include "em-audio-resample.h"

static void
set_no_decoder_error (EmAudioPipeline  *self,
                      const char       *detail,
                      GError          **error)
{
  g_autofree char *what = NULL;

  g_mutex_lock (&self->lock);
  what = g_strdup_printf ("no decoder for its format (%s); install the GStreamer plugin for it",
                          self->missing != NULL ? self->missing : detail);
  g_mutex_unlock (&self->lock);
  _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_NO_DECODER, what);
}

/* TRUE if @msg comes from a parser or demuxer: the format was recognised,
 * so "wrong type" there means damaged data, not a non-audio file. */
static gboolean
from_parser (GstMessage *msg)
{
  GstElementFactory *factory;
  const char *klass;

  if (!GST_IS_ELEMENT (GST_MESSAGE_SRC (msg)))
    return FALSE;
  factory = gst_element_get_factory (GST_ELEMENT (GST_MESSAGE_SRC (msg)));
  if (factory == NULL)
    return FALSE;
  klass = gst_element_factory_get_metadata (factory, GST_ELEMENT_METADATA_KLASS);
  return klass != NULL && (strstr (klass, "Parser") != NULL || strstr (klass, "Demuxer") != NULL);
}

static void
map_gst_error (EmAudioPipeline  *self,
               GstMessage       *msg,
               const GError     *gerr,
               GError          **error)
{
  g_autofree char *what = NULL;

  if (gerr->domain == GST_RESOURCE_ERROR)
    {
      if (gerr->code == GST_RESOURCE_ERROR_NOT_FOUND)
        _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_NOT_FOUND, "file not found");
      else
        {
          what = g_strdup_printf ("cannot read the file: %s", gerr->message);
          _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_UNREADABLE, what);
        }
    }
  else if (gerr->domain == GST_STREAM_ERROR && gerr->code == GST_STREAM_ERROR_TYPE_NOT_FOUND)
    _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_NOT_AUDIO,
               "not an audio file (GStreamer does not recognise its format)");
  else if (gerr->domain == GST_STREAM_ERROR && gerr->code == GST_STREAM_ERROR_WRONG_TYPE && !from_parser (msg))
    {
      what = g_strdup_printf ("not an audio file (%s)", gerr->message);
      _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_NOT_AUDIO, what);
    }
  else if ((gerr->domain == GST_STREAM_ERROR && gerr->code == GST_STREAM_ERROR_CODEC_NOT_FOUND) ||
           (gerr->domain == GST_CORE_ERROR && gerr->code == GST_CORE_ERROR_MISSING_PLUGIN))
    set_no_decoder_error (self, gerr->message, error);
  else
    {
      what = g_strdup_printf ("corrupt: nothing could be decoded (%s)", gerr->message);
      _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_CORRUPT, what);
    }
}

static gboolean
have_samples (EmAudioPipeline *self)
{
  return g_atomic_int_get (&self->progress) > 0;
}

typedef enum { WAIT_ASYNC_DONE, WAIT_EOS, WAIT_DURATION } WaitFor;

/* Handles one bus message. Returns 1 when the wait is over, -1 on error,
 * 0 to keep waiting. */
static int
handle_message (EmAudioPipeline  *self,
                GstMessage       *msg,
                WaitFor           wait_for,
                GError          **error)
{
  g_autoptr(GError) gerr = NULL;
  g_autofree char *debug = NULL;
  g_autofree char *what = NULL;
  const GstStructure *s;

  GstMessageType type = GST_MESSAGE_TYPE (msg);

  if (type == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (msg, &gerr, &debug);
      if (wait_for != WAIT_ASYNC_DONE && have_samples (self))
        {
          /* Damaged after a good start: keep what was decoded. */
          what = g_strdup_printf ("decoding stopped early: %s", gerr->message);
          em_audio_pipeline_add_warning (self, what);
          self->eos = TRUE;
          return 1;
        }
      map_gst_error (self, msg, gerr, error);
      return -1;
    }

  if (type == GST_MESSAGE_WARNING)
    {
      gst_message_parse_warning (msg, &gerr, &debug);
      what = g_strdup_printf ("decoder warning: %s", gerr->message);
      if (strstr (self->warnings->str, what) == NULL)
        em_audio_pipeline_add_warning (self, what);
      return 0;
    }

  if (type == GST_MESSAGE_EOS)
    {
      if (wait_for == WAIT_ASYNC_DONE)
        return 0;
      self->eos = TRUE;
      return 1;
    }

  if (type == GST_MESSAGE_DURATION_CHANGED)
    return wait_for == WAIT_DURATION ? 1 : 0;

  if (type == GST_MESSAGE_ASYNC_DONE)
    return wait_for == WAIT_ASYNC_DONE ? 1 : 0;

  if (type == GST_MESSAGE_ELEMENT && gst_is_missing_plugin_message (msg))
    {
      g_mutex_lock (&self->lock);
      if (!self->missing_described)
        {
          /* "audio/midi decoder" says more than unknown-type's caps name. */
          g_free (self->missing);
          self->missing = gst_missing_plugin_message_get_description (msg);
          self->missing_described = TRUE;
        }
      g_mutex_unlock (&self->lock);
      return 0;
    }

  if (type != GST_MESSAGE_APPLICATION)
    return 0;

  s = gst_message_get_structure (msg);
  if (gst_structure_has_name (s, "em-done") && wait_for != WAIT_ASYNC_DONE)
    {
      self->eos = TRUE;
      return 1;
    }
  if (gst_structure_has_name (s, "em-no-audio") && !g_atomic_int_get (&self->audio_linked))
    {
      g_mutex_lock (&self->lock);
      what = g_strdup_printf ("not an audio file (it holds no audio stream%s%s)",
                              self->other_caps != NULL ? ", only " : "",
                              self->other_caps != NULL ? self->other_caps : "");
      g_mutex_unlock (&self->lock);
      if (self->missing != NULL)
        set_no_decoder_error (self, self->missing, error);
      else
        _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_NOT_AUDIO, what);
      return -1;
    }
  return 0;
}

/* Pops bus messages until @wait_for happens, an error, a cancellation, or
 * STALL_TIMEOUT_US without progress. On failure the pipeline is stopped. */
static gboolean
wait_bus (EmAudioPipeline  *self,
          WaitFor           wait_for,
          GError          **error)
{
  gint last_progress = g_atomic_int_get (&self->progress);
  gint64 last_change = g_get_monotonic_time ();
  int result = 0;

  while (result == 0)
    {
      g_autoptr(GstMessage) msg = NULL;
      gint progress;

      msg = gst_bus_timed_pop_filtered (self->bus, POLL_NS,
                                        GST_MESSAGE_ERROR | GST_MESSAGE_WARNING | GST_MESSAGE_EOS |
                                        GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ELEMENT |
                                        GST_MESSAGE_APPLICATION | GST_MESSAGE_DURATION_CHANGED);
      if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
        result = -1;
      else if (msg != NULL)
        result = handle_message (self, msg, wait_for, error);

      progress = g_atomic_int_get (&self->progress);
      if (progress != last_progress)
        {
          last_progress = progress;
          last_change = g_get_monotonic_time ();
        }
      else if (result == 0 && g_get_monotonic_time () - last_change > STALL_TIMEOUT_US)
        {
          _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_STALLED,
                     "decoding stalled (no progress for 10 s) and was abandoned");
          result = -1;
        }
    }

  if (result < 0)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  return result > 0;
}

/**
 * em_audio_pipeline_preroll:
 *
 * Brings the pipeline to PAUSED: the file is typefound, the decoder chosen
 * and the first buffer decoded, so duration and format can be queried.
 */
static gboolean
try_preroll (EmAudioPipeline  *self,
             GError          **error)
{
  if (gst_element_set_state (self->pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    {
      /* The reason, if any, is on the bus. */
      if (!wait_bus (self, WAIT_ASYNC_DONE, error))
        return FALSE;
    }
  else if (!wait_bus (self, WAIT_ASYNC_DONE, error))
    return FALSE;

  self->prerolled = TRUE;
  return TRUE;
}

gboolean
em_audio_pipeline_preroll (EmAudioPipeline  *self,
                           GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!self->fast)
    return try_preroll (self, error);
  if (try_preroll (self, &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Not a plain MP3 after all: let decodebin find out what it is. */
  _em_audio_pipeline_teardown (self);
  self->fast = FALSE;
  return _em_audio_pipeline_build_decodebin (self, error) && try_preroll (self, error);
}

void
em_audio_pipeline_get_info (EmAudioPipeline *self,
                            EmAudioInfo     *info)
{
  g_autoptr(GstQuery) query = gst_query_new_seeking (GST_FORMAT_TIME);
  g_autoptr(GstPad) pad = gst_element_get_static_pad (self->convert, "sink");
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  gint64 duration = -1;

  memset (info, 0, sizeof *info);
  info->duration_s = -1;
  if (gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration) && duration >= 0)
    info->duration_s = (double) duration / GST_SECOND;
  if (gst_element_query (self->pipeline, query))
    gst_query_parse_seeking (query, NULL, &info->seekable, NULL, NULL);
  if (caps != NULL && gst_caps_get_size (caps) > 0)
    {
      GstStructure *s = gst_caps_get_structure (caps, 0);
      int rate = 0, channels = 0;

      gst_structure_get_int (s, "rate", &rate);
      gst_structure_get_int (s, "channels", &channels);
      info->rate = (guint) MAX (rate, 0);
      info->channels = (guint) MAX (channels, 0);
    }
}

/* Flushing, accurate seek in PAUSED; waits for the new preroll. */
gboolean
em_audio_pipeline_seek (EmAudioPipeline  *self,
                        double            position_s,
                        GError          **error)
{
  gint64 position = (gint64) (MAX (position_s, 0) * GST_SECOND);

  g_atomic_int_set (&self->seeked, TRUE);
  if (!gst_element_seek_simple (self->pipeline, GST_FORMAT_TIME,
                                GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, position))
    return FALSE;

  return wait_bus (self, WAIT_ASYNC_DONE, error);
}

/**
 * em_audio_pipeline_find_duration:
 * @duration_s: (out): the duration, or -1 if the stream ended first
 *
 * For streams whose duration is unknown after preroll (MP3 without a Xing
 * header: the parser estimates it from the bitrate once frames flow):
 * starts playing and waits until the duration is known or the stream ends.
 */
gboolean
em_audio_pipeline_find_duration (EmAudioPipeline  *self,
                                 double           *duration_s,
                                 GError          **error)
{
  gint64 duration = -1;

  *duration_s = -1;
  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  self->playing = TRUE;
  while (!self->eos)
    {
      if (!wait_bus (self, WAIT_DURATION, error))
        return FALSE;
      if (gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration) && duration >= 0)
        {
          *duration_s = (double) duration / GST_SECOND;
          break;
        }
    }
  return TRUE;
}

/* Flushing seek while playing; what was kept before it is dropped when the
 * first buffer after the seek arrives. */
gboolean
em_audio_pipeline_seek_playing (EmAudioPipeline *self,
                                double           position_s)
{
  gint64 position = (gint64) (MAX (position_s, 0) * GST_SECOND);

  g_atomic_int_set (&self->reset_pending, TRUE);
  g_atomic_int_set (&self->seeked, TRUE);
  if (!gst_element_seek_simple (self->pipeline, GST_FORMAT_TIME,
                                GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, position))
    {
      g_atomic_int_set (&self->reset_pending, FALSE);
      return FALSE;
    }
  return TRUE;
}

/**
 * em_audio_pipeline_run:
 *
 * Plays the pipeline to the end (or to the stop position) and stops it.
 */
gboolean
em_audio_pipeline_run (EmAudioPipeline  *self,
                       GError          **error)
{
  gboolean ok = TRUE;

  if (!self->playing)
    gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  self->playing = TRUE;
  if (!self->eos)
    ok = wait_bus (self, WAIT_EOS, error);
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (!ok)
    return FALSE;

  if (self->ring == NULL || em_sample_ring_get_total (self->ring) == 0)
    {
      if (self->prefix != NULL && self->prefix->len > 0)
        return TRUE;
      if (!g_atomic_int_get (&self->audio_linked))
        _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_NOT_AUDIO, "not an audio file (it holds no audio stream)");
      else
        _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_TRUNCATED,
                   "truncated: the audio stream ends before any sample could be decoded");
      return FALSE;
    }

  return TRUE;
}

/**
 * em_audio_pipeline_take_output:
 * @n_samples: (out): number of samples at EM_AUDIO_RATE
 * @start_s: (out): track time of the first returned sample
 * @end_s: (out): track time of the end of the decoded signal
 *
 * Call after em_audio_pipeline_run(). Resamples what was kept.
 *
 * Returns: (transfer full) (nullable): mono samples at EM_AUDIO_RATE
 */
float *
em_audio_pipeline_take_output (EmAudioPipeline *self,
                               guint            quality,
                               gsize           *n_samples,
                               double          *start_s,
                               double          *end_s)
{
  g_autofree float *native = NULL;
  g_autofree float *out = NULL;
  gsize n_native = 0, n_out = 0, dropped = 0;

  *n_samples = 0;
  *start_s = *end_s = 0;
  if (self->ring == NULL)
    return NULL;

  *end_s = (double) (self->seg_start + em_sample_ring_get_total (self->ring)) / self->rate;
  native = em_sample_ring_steal (self->ring, &n_native);
  out = em_audio_resample (native, n_native, self->rate, EM_AUDIO_RATE, quality, &n_out, &dropped, self->cancellable);
  *start_s = (double) (self->seg_start + em_sample_ring_get_total (self->ring) - n_native + dropped) / self->rate;
  /* Decoded from the very start of the track: the few input samples the
   * resampler skipped (< 1 period) are part of the first output sample's
   * neighbourhood, so the signal still starts the track. */
  if (!g_atomic_int_get (&self->seeked) && n_native == em_sample_ring_get_total (self->ring))
    *start_s = 0;

  if (self->n_gaps > 0)
    {
      g_autofree char *what = g_strdup_printf ("damaged: %.2f s of audio missing in %u place%s (first at %.1f s), filled with silence",
                                               self->gap_total_s, self->n_gaps, self->n_gaps > 1 ? "s" : "",
                                               self->first_gap_s);
      em_audio_pipeline_add_warning (self, what);
    }

  if (self->prefix != NULL && self->prefix->len > 0)
    {
      /* Earlier segments at another rate come first. */
      g_array_append_vals (self->prefix, out, n_out);
      *start_s = MIN (*start_s, self->prefix_start_s);
      n_out = self->prefix->len;
      g_clear_pointer (&out, g_free);
      out = (float *) (void *) g_array_free (g_steal_pointer (&self->prefix), FALSE);
    }

  *n_samples = n_out;
  return g_steal_pointer (&out);
}
