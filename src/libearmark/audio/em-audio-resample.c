/* em-audio-resample.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <gst/audio/audio.h>

#include "em-audio-resample.h"

/* Resampled per call: bounds the time between cancellation checks. */
#define BLOCK_FRAMES (1 << 20)

static guint
gcd (guint a,
     guint b)
{
  while (b != 0)
    {
      guint t = a % b;

      a = b;
      b = t;
    }
  return a;
}

/**
 * em_audio_resample:
 * @input: mono samples at @in_rate
 * @n_input: number of input samples
 * @in_rate: input rate (Hz)
 * @out_rate: output rate (Hz)
 * @quality: 0 (fast) … 10 (best), as audioresample's "quality"
 * @n_output: (out): number of output samples
 * @n_dropped: (out) (optional): leading input samples that were skipped
 * @cancellable: (nullable): checked between blocks of 2^20 input samples
 *
 * Resamples a whole mono signal with GStreamer's Kaiser-windowed sinc
 * resampler (the engine behind audioresample), with the output grid anchored
 * at the END of the signal: the first (@n_input mod P) samples are skipped,
 * P = @in_rate / gcd (@in_rate, @out_rate), so that the rest is a whole
 * number of resampler periods.  Output sample j counted from the end then
 * always sees the same input samples with the same filter phase, whatever
 * the start of the decoded span: a tail decode after a seek gives the same
 * samples as a whole-file decode, except within the filter length of its
 * start.  The skipped part is shorter than one period (< 1 input sample at
 * 44.1 kHz, 6.7 ms at 48 kHz).
 *
 * Returns: (transfer full) (nullable): the output, free with g_free(); %NULL
 *   when there is no output sample or @cancellable was cancelled
 */
float *
em_audio_resample (const float *input,
                   gsize        n_input,
                   guint        in_rate,
                   guint        out_rate,
                   guint        quality,
                   gsize       *n_output,
                   gsize       *n_dropped,
                   GCancellable *cancellable)
{
  g_autofree float *output = NULL;
  g_autofree float *zeros = NULL;
  GstStructure *options;
  GstAudioResampler *resampler;
  guint in_period, out_period, divisor;
  gsize drop, n_used, n_out, n_alloc, done, latency, produced;
  gpointer in_planes[1], out_planes[1];

  g_return_val_if_fail (in_rate > 0 && out_rate > 0, NULL);
  g_return_val_if_fail (n_output != NULL, NULL);

  divisor = gcd (in_rate, out_rate);
  in_period = in_rate / divisor;
  out_period = out_rate / divisor;
  drop = n_input % in_period;
  n_used = n_input - drop;
  n_out = n_used / in_period * out_period;

  *n_output = n_out;
  if (n_dropped != NULL)
    *n_dropped = drop;
  if (n_out == 0)
    return NULL;

  if (in_rate == out_rate)
    return g_memdup2 (input + drop, n_used * sizeof (float));

  options = gst_structure_new_empty ("em-resampler");
  gst_audio_resampler_options_set_quality (GST_AUDIO_RESAMPLER_METHOD_KAISER,
                                           MIN (quality, GST_AUDIO_RESAMPLER_QUALITY_MAX),
                                           (gint) in_rate, (gint) out_rate, options);
  resampler = gst_audio_resampler_new (GST_AUDIO_RESAMPLER_METHOD_KAISER,
                                       GST_AUDIO_RESAMPLER_FLAG_NONE,
                                       GST_AUDIO_FORMAT_F32, 1,
                                       (gint) in_rate, (gint) out_rate, options);
  gst_structure_free (options);

  /* The resampler holds back its filter latency; flush it with zeros (as
   * audioresample does at EOS), then keep exactly n_out samples. */
  latency = gst_audio_resampler_get_max_latency (resampler) + in_period;
  zeros = g_new0 (float, 2 * latency);
  n_alloc = gst_audio_resampler_get_out_frames (resampler, n_used) + 2 * latency * out_rate / in_rate + 16;
  output = g_new0 (float, MAX (n_alloc, n_out));

  done = 0;
  for (gsize pos = 0; pos < n_used; pos += BLOCK_FRAMES)
    {
      gsize block = MIN (BLOCK_FRAMES, n_used - pos);

      if (g_cancellable_is_cancelled (cancellable))
        {
          gst_audio_resampler_free (resampler);
          *n_output = 0;
          return NULL;
        }
      in_planes[0] = (gpointer) (input + drop + pos);
      out_planes[0] = output + done;
      produced = gst_audio_resampler_get_out_frames (resampler, block);
      g_assert (done + produced <= MAX (n_alloc, n_out));
      gst_audio_resampler_resample (resampler, in_planes, block, out_planes, produced);
      done += produced;
    }

  in_planes[0] = zeros;
  out_planes[0] = output + done;
  produced = gst_audio_resampler_get_out_frames (resampler, 2 * latency);
  g_assert (done + produced <= MAX (n_alloc, n_out));
  gst_audio_resampler_resample (resampler, in_planes, 2 * latency, out_planes, produced);

  gst_audio_resampler_free (resampler);

  return g_steal_pointer (&output);
}
