/* em-audio-decoder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "em-audio-decoder-private.h"
#include "em-audio-pipeline.h"
#include "em-audio-resample.h"
#include "em-wav-header.h"

/* Decoded-before-the-range margin: covers decoder warm-up after a seek (MP3
 * bit reservoir, Vorbis overlap) and the resampler's filter length. */
#define SEEK_MARGIN_S 1.0
/* A decode that ends this much before the announced duration is truncated
 * (after a seek, timestamps of VBR MP3 are estimates: be more lenient). */
#define TRUNCATION_TOLERANCE_S 0.02
#define TRUNCATION_TOLERANCE_SEEKED_S 0.25

static guint decode_quality = EM_AUDIO_RESAMPLE_QUALITY_DEFAULT;

void
_em_audio_set_resample_quality (guint quality)
{
  g_atomic_int_set (&decode_quality, MIN (quality, 10));
}

void
_em_decode_result_clear (EmDecodeResult *result)
{
  g_clear_pointer (&result->samples, g_free);
  g_clear_pointer (&result->warning, g_free);
  result->n_samples = 0;
}

/**
 * em_audio_probe:
 * @path: an audio file
 * @info: (out caller-allocates): duration, native rate and channels
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an #EM_AUDIO_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Reads the format of @path without decoding it all (the pipeline is
 * prerolled: one buffer is decoded; for streams whose duration is known
 * only once frames flow, such as MP3 without a Xing header, it plays until
 * the parser announces its estimate).
 *
 * Returns: %TRUE on success
 */
gboolean
em_audio_probe (const char    *path,
                EmAudioInfo   *info,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(EmAudioPipeline) pipeline = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  pipeline = em_audio_pipeline_new (path, cancellable, error);
  if (pipeline == NULL || !em_audio_pipeline_preroll (pipeline, error))
    return FALSE;

  em_audio_pipeline_get_info (pipeline, info);

  /* MP3 without a Xing header: the parser knows the duration only once
   * frames flow (an estimate from the bitrate). */
  if (info->duration_s < 0 && info->seekable &&
      !em_audio_pipeline_find_duration (pipeline, &info->duration_s, error))
    return FALSE;

  return TRUE;
}

static void
check_complete (EmAudioPipeline *pipeline,
                const char      *path,
                double           announced_s,
                double           decoded_s,
                double           tolerance_s)
{
  double claimed_s, present_s;

  if (em_wav_header_overclaims (path, &claimed_s, &present_s))
    {
      g_autofree char *what = g_strdup_printf ("truncated: the header claims %.1f s but the file holds %.1f s",
                                               claimed_s, present_s);
      em_audio_pipeline_add_warning (pipeline, what);
    }
  else if (announced_s > 0 && decoded_s < announced_s - tolerance_s)
    {
      g_autofree char *what = g_strdup_printf ("truncated: decoded %.2f s of %.2f s", decoded_s, announced_s);
      em_audio_pipeline_add_warning (pipeline, what);
    }
}

/* Decodes the last @tail_seconds (all if <= 0). With @allow_seek the
 * pipeline seeks near the end first; if the seek lands too late (inexact
 * seeking in some VBR streams) it decodes again from the start, keeping
 * only a ring of the last @tail_seconds. */
gboolean
_em_audio_decode_tail (const char      *path,
                       double           tail_seconds,
                       gboolean         allow_seek,
                       EmDecodeResult  *result,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(EmAudioPipeline) pipeline = NULL;
  g_autoptr(GError) local_error = NULL;
  EmAudioInfo info;
  double target = 0;
  gboolean seeked = FALSE;

  memset (result, 0, sizeof *result);
  pipeline = em_audio_pipeline_new (path, cancellable, error);
  if (pipeline == NULL)
    return FALSE;

  em_audio_pipeline_set_keep (pipeline, MAX (tail_seconds, 0), -1);
  if (!em_audio_pipeline_preroll (pipeline, error))
    return FALSE;
  em_audio_pipeline_get_info (pipeline, &info);

  if (tail_seconds > 0 && allow_seek && info.seekable && info.duration_s < 0)
    {
      /* Duration unknown until frames flow (MP3 without a Xing header). */
      if (!em_audio_pipeline_find_duration (pipeline, &info.duration_s, error))
        return FALSE;
      if (info.duration_s > tail_seconds + SEEK_MARGIN_S)
        {
          target = info.duration_s - tail_seconds;
          seeked = em_audio_pipeline_seek_playing (pipeline, target);
        }
    }
  else if (tail_seconds > 0 && allow_seek && info.seekable && info.duration_s > tail_seconds + SEEK_MARGIN_S)
    {
      target = info.duration_s - tail_seconds;
      if (em_audio_pipeline_seek (pipeline, target, &local_error))
        seeked = TRUE;
      else if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (!em_audio_pipeline_run (pipeline, seeked ? &local_error : error))
    {
      /* Seeking past the real end of a file whose header claims more than
       * it holds decodes nothing: stream it instead (below). */
      if (local_error == NULL || !g_error_matches (local_error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_TRUNCATED))
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  else
    result->samples = em_audio_pipeline_take_output (pipeline, g_atomic_int_get (&decode_quality),
                                                     &result->n_samples, &result->start_s, &result->end_s);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      _em_decode_result_clear (result);
      return FALSE;
    }
  if (seeked && (result->samples == NULL ||
                 result->start_s > target + SEEK_MARGIN_S / 2 ||
                 result->end_s < info.duration_s - SEEK_MARGIN_S))
    {
      /* The seek was not where we asked: stream the whole file instead. */
      _em_decode_result_clear (result);
      g_clear_pointer (&pipeline, em_audio_pipeline_free);
      return _em_audio_decode_tail (path, tail_seconds, FALSE, result, cancellable, error);
    }

  check_complete (pipeline, path, info.duration_s, result->end_s,
                  seeked ? TRUNCATION_TOLERANCE_SEEKED_S : TRUNCATION_TOLERANCE_S);
  result->seeked = seeked;
  result->warning = em_audio_pipeline_dup_warning (pipeline);
  return TRUE;
}

/**
 * em_audio_decode:
 * @path: an audio file (any format GStreamer can decode)
 * @start_s: where to start (s); 0 for the beginning
 * @max_seconds: how much to decode (s); < 0 for everything up to the end
 * @n_samples: (out): number of samples returned
 * @cancellable: (nullable): a #GCancellable; cancelling stops the pipeline
 *   within 200 ms
 * @error: return location for an #EM_AUDIO_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Decodes @path, or a range of it, to mono float32 at %EM_AUDIO_RATE
 * (channels averaged, Kaiser-sinc resampling). A range decode seeks to
 * @start_s − 1 s and stops shortly after @start_s + @max_seconds.
 * Partly damaged files return what could be decoded. Safe to call from
 * several threads at once.
 *
 * Returns: (transfer full) (array length=n_samples): the samples, free with
 *   g_free(), or %NULL with @error set
 */
float *
em_audio_decode (const char    *path,
                 double         start_s,
                 double         max_seconds,
                 gsize         *n_samples,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(EmAudioPipeline) pipeline = NULL;
  g_autofree float *out = NULL;
  g_autofree char *warning = NULL;
  g_autoptr(GError) local_error = NULL;
  EmAudioInfo info;
  gsize n_out = 0, offset, length;
  double out_start, out_end;
  gboolean whole = start_s <= 0 && max_seconds < 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (n_samples != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  *n_samples = 0;
  start_s = MAX (start_s, 0);
  pipeline = em_audio_pipeline_new (path, cancellable, error);
  if (pipeline == NULL)
    return NULL;

  em_audio_pipeline_set_keep (pipeline, 0, max_seconds >= 0 ? start_s + max_seconds + SEEK_MARGIN_S : -1);
  if (!em_audio_pipeline_preroll (pipeline, error))
    return NULL;
  em_audio_pipeline_get_info (pipeline, &info);

  if (start_s > SEEK_MARGIN_S && info.seekable &&
      !em_audio_pipeline_seek (pipeline, start_s - SEEK_MARGIN_S, error) &&
      error != NULL && *error != NULL)
    return NULL;

  if (!em_audio_pipeline_run (pipeline, &local_error))
    {
      if (start_s > 0 && g_error_matches (local_error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_TRUNCATED))
        g_set_error (error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_EMPTY,
                     "“%s”: no audio at %.1f s (the track is %.1f s long)",
                     em_audio_pipeline_get_display (pipeline), start_s, info.duration_s);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  out = em_audio_pipeline_take_output (pipeline, g_atomic_int_get (&decode_quality), &n_out, &out_start, &out_end);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (whole)
    check_complete (pipeline, path, info.duration_s, out_end, TRUNCATION_TOLERANCE_S);
  warning = em_audio_pipeline_dup_warning (pipeline);
  if (warning != NULL)
    g_debug ("“%s”: %s", em_audio_pipeline_get_display (pipeline), warning);

  offset = (gsize) MIN (n_out, (gsize) MAX (0, lround ((start_s - out_start) * EM_AUDIO_RATE)));
  length = n_out - offset;
  if (max_seconds >= 0)
    length = MIN (length, (gsize) lround (max_seconds * EM_AUDIO_RATE));
  if (length == 0)
    {
      g_set_error (error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_EMPTY,
                   "“%s”: no audio at %.1f s (the track ends at %.1f s)",
                   em_audio_pipeline_get_display (pipeline), start_s, out_end);
      return NULL;
    }

  *n_samples = length;
  if (offset == 0 && length == n_out)
    return g_steal_pointer (&out);
  return g_memdup2 (out + offset, length * sizeof (float));
}
