/* em-audio-pipeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/pbutils/pbutils.h>

#include "em-audio-decoder-private.h"
#include "em-audio-pipeline-private.h"
#include "em-audio-resample.h"
#include "em-mp3-sniff.h"
#include "em-sample-ring.h"


static gboolean gst_ready;
static gboolean have_mpg123;
static gboolean have_mp3_fast_path;
static gint fast_path_enabled = TRUE;

static gpointer
init_gstreamer (gpointer data)
{
  GstElementFactory *factory;

  gst_ready = gst_init_check (NULL, NULL, NULL);
  if (gst_ready)
    {
      gst_pb_utils_init ();
      factory = gst_element_factory_find ("mpg123audiodec");
      have_mpg123 = factory != NULL;
      g_clear_object (&factory);
      factory = gst_element_factory_find ("mpegaudioparse");
      have_mp3_fast_path = have_mpg123 && factory != NULL;
      g_clear_object (&factory);
    }
  return NULL;
}

/* For benchmarks: build every pipeline with decodebin. */
void
_em_audio_set_fast_path (gboolean enabled)
{
  g_atomic_int_set (&fast_path_enabled, enabled);
}

void
_em_audio_pipeline_set_error (EmAudioPipeline *self,
           GError         **error,
           EmAudioError     code,
           const char      *what)
{
  g_set_error (error, EM_AUDIO_ERROR, code, "“%s”: %s", self->display, what);
}

/* Streaming thread: appends one decoded buffer. */
static void
flush_segment (EmAudioPipeline *self)
{
  g_autofree float *out = NULL;
  gsize n_in = 0, n_out = 0, dropped = 0;
  g_autofree float *in = em_sample_ring_steal (self->ring, &n_in);

  out = em_audio_resample (in, n_in, self->rate, EM_AUDIO_RATE, EM_AUDIO_RESAMPLE_QUALITY_DEFAULT, &n_out, &dropped, NULL);
  if (self->prefix->len == 0)
    self->prefix_start_s = (double) (self->seg_start + dropped) / self->rate;
  g_array_append_vals (self->prefix, out, n_out);
  if (self->keep_seconds > 0 && self->prefix->len > self->keep_seconds * EM_AUDIO_RATE)
    {
      guint excess = self->prefix->len - (guint) (self->keep_seconds * EM_AUDIO_RATE);

      g_array_remove_range (self->prefix, 0, excess);
      self->prefix_start_s += (double) excess / EM_AUDIO_RATE;
    }
}

static void
create_ring (EmAudioPipeline *self,
             guint            rate)
{
  gsize capacity = 0;

  if (self->keep_seconds > 0)
    capacity = (gsize) ceil (self->keep_seconds * rate) + rate / 10;
  g_clear_pointer (&self->ring, em_sample_ring_free);
  self->ring = em_sample_ring_new (capacity);
  self->have_start = FALSE;
}

/* After a seek while playing: forget what was decoded before it. */
static void
maybe_reset (EmAudioPipeline *self,
             GstSample       *sample,
             GstBuffer       *buffer)
{
  const GstSegment *segment = gst_sample_get_segment (sample);
  GstClockTime start = segment != NULL ? segment->start : GST_CLOCK_TIME_NONE;

  if (g_atomic_int_get (&self->reset_pending) &&
      (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DISCONT) || start != self->segment_start))
    {
      create_ring (self, self->rate);
      g_clear_pointer (&self->prefix, g_array_unref);
      self->n_gaps = 0;
      self->gap_total_s = 0;
      g_atomic_int_set (&self->reset_pending, FALSE);
    }
  self->segment_start = start;
}

static void
set_format (EmAudioPipeline *self,
            GstCaps         *caps)
{
  GstStructure *s = gst_caps_get_structure (caps, 0);
  int rate = 0, channels = 0;

  gst_caps_replace (&self->caps, caps);
  gst_structure_get_int (s, "rate", &rate);
  gst_structure_get_int (s, "channels", &channels);
  channels = MAX (channels, 1);

  if (self->ring != NULL && (guint) rate != self->rate)
    {
      /* Chained streams with another rate: close the segment so far. */
      if (self->prefix == NULL)
        self->prefix = g_array_new (FALSE, FALSE, sizeof (float));
      if (em_sample_ring_get_length (self->ring) > 0)
        flush_segment (self);
      g_clear_pointer (&self->ring, em_sample_ring_free);
      self->have_start = FALSE;
    }

  if (self->ring == NULL && rate > 0)
    create_ring (self, (guint) rate);
  self->rate = (guint) rate;
  self->channels = (guint) channels;
}

static void
place_buffer (EmAudioPipeline *self,
              GstClockTime     pts)
{
  guint64 position, expected;

  if (!GST_CLOCK_TIME_IS_VALID (pts))
    {
      if (!self->have_start)
        {
          self->seg_start = 0;
          self->have_start = TRUE;
        }
      return;
    }

  position = gst_util_uint64_scale_round (pts, self->rate, GST_SECOND);
  if (!self->have_start)
    {
      self->have_start = TRUE;
      self->seg_start = position;
      /* Decoding from the start but the first buffer comes late (damaged
       * first pages): fill the lead with silence, as any other gap. */
      if (!g_atomic_int_get (&self->seeked) && self->prefix == NULL &&
          position > (guint64) (GAP_TOLERANCE_S * self->rate) &&
          position <= (guint64) (MAX_LEAD_GAP_S * self->rate))
        {
          self->seg_start = 0;
          self->n_gaps++;
          self->first_gap_s = 0;
          self->gap_total_s += (double) position / self->rate;
          em_sample_ring_append_silence (self->ring, position);
        }
      return;
    }

  expected = self->seg_start + em_sample_ring_get_total (self->ring);
  if (position > expected + (guint64) (GAP_TOLERANCE_S * self->rate))
    {
      /* A hole (damaged page, skipped frames): fill it with silence so that
       * everything after it keeps its place relative to the end. */
      guint64 gap = MIN (position - expected, (guint64) (MAX_GAP_S * self->rate));

      if (self->n_gaps++ == 0)
        self->first_gap_s = (double) expected / self->rate;
      self->gap_total_s += (double) gap / self->rate;
      em_sample_ring_append_silence (self->ring, gap);
    }
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  EmAudioPipeline *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer;
  GstCaps *caps;
  GstMapInfo map;

  if (sample == NULL)
    return GST_FLOW_EOS;

  caps = gst_sample_get_caps (sample);
  buffer = gst_sample_get_buffer (sample);
  if (caps != NULL && caps != self->caps)
    set_format (self, caps);
  if (self->ring == NULL || buffer == NULL)
    return GST_FLOW_OK;

  maybe_reset (self, sample, buffer);
  place_buffer (self, GST_BUFFER_PTS (buffer));
  if (gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      em_sample_ring_append_interleaved (self->ring, (const float *) map.data,
                                         map.size / (sizeof (float) * self->channels),
                                         self->channels);
      gst_buffer_unmap (buffer, &map);
    }
  g_atomic_int_inc (&self->progress);

  if (self->stop_at_s >= 0 &&
      (double) (self->seg_start + em_sample_ring_get_total (self->ring)) / self->rate >= self->stop_at_s)
    {
      g_atomic_int_set (&self->done, TRUE);
      gst_bus_post (self->bus, gst_message_new_application (NULL, gst_structure_new_empty ("em-done")));
      return GST_FLOW_EOS;
    }

  return GST_FLOW_OK;
}

static void
link_to_fakesink (EmAudioPipeline *self,
                  GstPad          *pad)
{
  GstElement *fakesink = gst_element_factory_make ("fakesink", NULL);
  g_autoptr(GstPad) sinkpad = NULL;

  if (fakesink == NULL)
    return;
  g_object_set (fakesink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add (GST_BIN (self->pipeline), fakesink);
  gst_element_sync_state_with_parent (fakesink);
  sinkpad = gst_element_get_static_pad (fakesink, "sink");
  gst_pad_link (pad, sinkpad);
}

static void
pad_added_cb (GstElement *decodebin,
              GstPad     *pad,
              gpointer    user_data)
{
  EmAudioPipeline *self = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *name = "";

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (caps != NULL && gst_caps_get_size (caps) > 0)
    name = gst_structure_get_name (gst_caps_get_structure (caps, 0));

  if (g_str_has_prefix (name, "audio/x-raw") && g_atomic_int_compare_and_exchange (&self->audio_linked, FALSE, TRUE))
    {
      g_autoptr(GstPad) sinkpad = gst_element_get_static_pad (self->convert, "sink");

      gst_pad_link (pad, sinkpad);
      return;
    }

  /* Video, images, subtitles or a second audio stream: drain them so the
   * demuxer does not stop with not-linked. */
  g_mutex_lock (&self->lock);
  if (self->other_caps == NULL)
    self->other_caps = g_strdup (name);
  g_mutex_unlock (&self->lock);
  link_to_fakesink (self, pad);
}

static void
no_more_pads_cb (GstElement *decodebin,
                 gpointer    user_data)
{
  EmAudioPipeline *self = user_data;

  g_atomic_int_set (&self->no_more_pads, TRUE);
  if (!g_atomic_int_get (&self->audio_linked))
    gst_bus_post (self->bus, gst_message_new_application (NULL, gst_structure_new_empty ("em-no-audio")));
}

static void
unknown_type_cb (GstElement *decodebin,
                 GstPad     *pad,
                 GstCaps    *caps,
                 gpointer    user_data)
{
  EmAudioPipeline *self = user_data;

  g_mutex_lock (&self->lock);
  if (self->missing == NULL && caps != NULL && gst_caps_get_size (caps) > 0)
    self->missing = g_strdup (gst_structure_get_name (gst_caps_get_structure (caps, 0)));
  g_mutex_unlock (&self->lock);
}

/* mpg123audiodec decodes MP3 about twice as fast as avdec_mp3, which
 * decodebin would otherwise pick (same rank, sorted by name). */
static int
autoplug_select_cb (GstElement         *decodebin,
                    GstPad             *pad,
                    GstCaps            *caps,
                    GstElementFactory  *factory,
                    gpointer            user_data)
{
  const char *name = gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory));

  if (have_mpg123 && g_str_has_prefix (name, "avdec_mp3"))
    return AUTOPLUG_SELECT_SKIP;
  return AUTOPLUG_SELECT_TRY;
}

/* mpg123 would output S16 to audioconvert; asking for F32 keeps its full
 * precision and makes the samples after a seek match a whole-file decode
 * (in S16, the synthesis rounding differs by one LSB at ~1 % of samples
 * depending on where decoding started). */
static gboolean
autoplug_query_cb (GstElement *decodebin,
                   GstPad     *pad,
                   GstElement *element,
                   GstQuery   *query,
                   gpointer    user_data)
{
  GstElementFactory *factory = gst_element_get_factory (element);
  g_autoptr(GstCaps) f32 = NULL;
  g_autoptr(GstCaps) result = NULL;
  GstCaps *filter = NULL;

  if (GST_QUERY_TYPE (query) != GST_QUERY_CAPS || GST_PAD_DIRECTION (pad) != GST_PAD_SRC ||
      factory == NULL || g_strcmp0 (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)), "mpg123audiodec") != 0)
    return FALSE;

  f32 = gst_caps_from_string ("audio/x-raw, format=(string)F32LE, layout=(string)interleaved");
  gst_query_parse_caps (query, &filter);
  result = filter != NULL ? gst_caps_intersect_full (filter, f32, GST_CAPS_INTERSECT_FIRST) : gst_caps_ref (f32);
  if (gst_caps_is_empty (result))
    return FALSE;

  gst_query_set_caps_result (query, result);
  return TRUE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  EmAudioPipeline *self = user_data;

  g_mutex_lock (&self->lock);
  if (self->bus != NULL)
    gst_bus_post (self->bus, gst_message_new_application (NULL, gst_structure_new_empty ("em-cancel")));
  g_mutex_unlock (&self->lock);
}

static gboolean
check_file (EmAudioPipeline  *self,
            GError          **error)
{
  GStatBuf st;
  int fd, saved;

  if (g_stat (self->path, &st) != 0)
    {
      saved = errno;
      if (saved == ENOENT || saved == ENOTDIR)
        _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_NOT_FOUND, "file not found");
      else
        {
          g_autofree char *what = g_strdup_printf ("cannot read the file: %s", g_strerror (saved));
          _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_UNREADABLE, what);
        }
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_UNREADABLE, "not a regular file");
      return FALSE;
    }
  if (st.st_size == 0)
    {
      _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_EMPTY, "empty file (0 bytes)");
      return FALSE;
    }

  fd = g_open (self->path, O_RDONLY, 0);
  if (fd < 0)
    {
      g_autofree char *what = NULL;

      saved = errno;
      what = g_strdup_printf ("cannot read the file: %s", g_strerror (saved));
      _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_UNREADABLE, what);
      return FALSE;
    }
  g_close (fd, NULL);

  return TRUE;
}

/* filesrc ! mpegaudioparse ! mpg123audiodec ! capsfilter F32 ! appsink:
 * no typefinding, no autoplugging. */
static gboolean
build_mp3 (EmAudioPipeline *self)
{
  GstElement *src, *parse, *dec, *filter, *sink;
  g_autoptr(GstCaps) caps = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };

  src = gst_element_factory_make ("filesrc", NULL);
  parse = gst_element_factory_make ("mpegaudioparse", NULL);
  dec = gst_element_factory_make ("mpg123audiodec", NULL);
  filter = gst_element_factory_make ("capsfilter", NULL);
  sink = gst_element_factory_make ("appsink", NULL);
  self->pipeline = gst_pipeline_new (NULL);
  gst_bin_add_many (GST_BIN (self->pipeline), src, parse, dec, filter, sink, NULL);

  caps = gst_caps_from_string ("audio/x-raw, format=(string)F32LE, layout=(string)interleaved");
  g_object_set (src, "location", self->path, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (sink, "caps", caps, "sync", FALSE, "enable-last-sample", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  if (!gst_element_link_many (src, parse, dec, filter, sink, NULL))
    return FALSE;

  /* get_info() reads the native format on this element's sink pad. */
  self->convert = filter;
  g_atomic_int_set (&self->audio_linked, TRUE);
  g_mutex_lock (&self->lock);
  self->bus = gst_element_get_bus (self->pipeline);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

void
_em_audio_pipeline_teardown (EmAudioPipeline *self)
{
  GstBus *bus;

  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_pointer (&self->pipeline, gst_object_unref);
    }
  g_mutex_lock (&self->lock);
  bus = g_steal_pointer (&self->bus);
  g_mutex_unlock (&self->lock);
  g_clear_object (&bus);
  self->convert = NULL;
  g_atomic_int_set (&self->audio_linked, FALSE);
  g_atomic_int_set (&self->no_more_pads, FALSE);
  self->playing = self->eos = FALSE;
}

gboolean
_em_audio_pipeline_build_decodebin (EmAudioPipeline  *self,
       GError          **error)
{
  GstElement *src, *decodebin, *sink;
  g_autoptr(GstCaps) caps = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };

  self->pipeline = gst_pipeline_new (NULL);
  src = gst_element_factory_make ("filesrc", NULL);
  decodebin = gst_element_factory_make ("decodebin", NULL);
  self->convert = gst_element_factory_make ("audioconvert", NULL);
  sink = gst_element_factory_make ("appsink", NULL);
  if (src == NULL || decodebin == NULL || self->convert == NULL || sink == NULL)
    {
      g_clear_object (&src);
      g_clear_object (&decodebin);
      g_clear_object (&sink);
      if (self->convert != NULL)
        gst_object_unref (self->convert);
      self->convert = NULL;
      _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_NO_DECODER,
                 "GStreamer base plugins are missing (filesrc, decodebin, audioconvert, appsink)");
      return FALSE;
    }

  caps = gst_caps_from_string ("audio/x-raw, format=(string)F32LE, layout=(string)interleaved");
  g_object_set (src, "location", self->path, NULL);
  g_object_set (sink, "caps", caps, "sync", FALSE, "enable-last-sample", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);

  gst_bin_add_many (GST_BIN (self->pipeline), src, decodebin, self->convert, sink, NULL);
  if (!gst_element_link (src, decodebin) || !gst_element_link (self->convert, sink))
    {
      _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_NO_DECODER, "cannot build the decoding pipeline");
      return FALSE;
    }

  g_signal_connect (decodebin, "pad-added", G_CALLBACK (pad_added_cb), self);
  g_signal_connect (decodebin, "no-more-pads", G_CALLBACK (no_more_pads_cb), self);
  g_signal_connect (decodebin, "unknown-type", G_CALLBACK (unknown_type_cb), self);
  g_signal_connect (decodebin, "autoplug-select", G_CALLBACK (autoplug_select_cb), self);
  g_signal_connect (decodebin, "autoplug-query", G_CALLBACK (autoplug_query_cb), self);

  g_mutex_lock (&self->lock);
  self->bus = gst_element_get_bus (self->pipeline);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/**
 * em_audio_pipeline_new:
 * @path: file to decode
 * @cancellable: (nullable): cancels every later wait
 * @error: return location for an #EM_AUDIO_ERROR
 *
 * Checks the file (exists, readable, not empty) and builds the pipeline.
 *
 * Returns: (transfer full) (nullable): the pipeline, in NULL state
 */
EmAudioPipeline *
em_audio_pipeline_new (const char    *path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  static GOnce once = G_ONCE_INIT;
  g_autoptr(EmAudioPipeline) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  g_once (&once, init_gstreamer, NULL);

  self = g_new0 (EmAudioPipeline, 1);
  g_mutex_init (&self->lock);
  self->path = g_strdup (path);
  self->display = g_filename_display_name (path);
  self->warnings = g_string_new (NULL);
  self->stop_at_s = -1;
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!gst_ready)
    {
      _em_audio_pipeline_set_error (self, error, EM_AUDIO_ERROR_NO_DECODER, "GStreamer could not be initialised");
      return NULL;
    }
  if (!check_file (self, error))
    return NULL;

  self->fast = have_mp3_fast_path && g_atomic_int_get (&fast_path_enabled) && em_mp3_sniff_file (path);
  if (self->fast && !build_mp3 (self))
    {
      _em_audio_pipeline_teardown (self);
      self->fast = FALSE;
    }
  if (!self->fast && !_em_audio_pipeline_build_decodebin (self, error))
    return NULL;

  if (cancellable != NULL)
    self->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);

  return g_steal_pointer (&self);
}

void
em_audio_pipeline_free (EmAudioPipeline *self)
{
  if (self == NULL)
    return;

  if (self->cancel_id != 0)
    g_cancellable_disconnect (self->cancellable, self->cancel_id);
  _em_audio_pipeline_teardown (self);
  g_clear_object (&self->cancellable);
  gst_caps_replace (&self->caps, NULL);
  g_clear_pointer (&self->ring, em_sample_ring_free);
  g_clear_pointer (&self->prefix, g_array_unref);
  g_string_free (self->warnings, TRUE);
  g_free (self->other_caps);
  g_free (self->missing);
  g_free (self->path);
  g_free (self->display);
  g_mutex_clear (&self->lock);
  g_free (self);
}

const char *
em_audio_pipeline_get_display (EmAudioPipeline *self)
{
  return self->display;
}

/* Keep only the newest @keep_seconds of audio (0: all) and stop once the
 * stream position reaches @stop_at_s (< 0: at the end). */
void
em_audio_pipeline_set_keep (EmAudioPipeline *self,
                            double           keep_seconds,
                            double           stop_at_s)
{
  self->keep_seconds = MAX (keep_seconds, 0);
  self->stop_at_s = stop_at_s;
}

void
em_audio_pipeline_add_warning (EmAudioPipeline *self,
                               const char      *warning)
{
  if (self->warnings->len > 0)
    g_string_append (self->warnings, "; ");
  g_string_append (self->warnings, warning);
}

char *
em_audio_pipeline_dup_warning (EmAudioPipeline *self)
{
  return self->warnings->len > 0 ? g_strdup (self->warnings->str) : NULL;
}
