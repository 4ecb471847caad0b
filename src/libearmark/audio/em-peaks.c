/* em-peaks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A min/max pyramid lets a waveform view draw any zoom level by reading at
 * most a few bins per pixel (Decibels' mipmaps): level 0 is one pass over
 * the signal, every further level one pass over the level below, so the
 * whole pyramid costs about twice level 0 in memory and a little more than
 * one read of the signal in time.
 */

#include "config.h"

#include <math.h>

#include "em-audio-decoder.h"
#include "em-peaks.h"

/* Level 0 is split into blocks of this many bins; between blocks the
 * workers check for cancellation (64 Ki bins = 4 Mi samples ≈ a few ms). */
#define BINS_PER_BLOCK 65536
/* Below this many samples one thread is faster than starting a second. */
#define PARALLEL_MIN_SAMPLES (4u << 20)

struct _EmPeaks
{
  gatomicrefcount  ref_count;
  guint            rate;
  guint            bin_samples;
  gsize            n_samples;
  guint            n_levels;
  gsize           *n_bins;     /* per level */
  float          **levels;     /* per level: n_bins (min, max) pairs */
};

G_DEFINE_BOXED_TYPE (EmPeaks, em_peaks, em_peaks_ref, em_peaks_unref)

typedef struct
{
  const float *samples;
  gsize        n_samples;
  guint        bin_samples;
  float       *out;
  gsize        first_bin;
  gsize        end_bin;
  EmJob       *job;
  double       fraction_scale;  /* 0 for the helper thread: it does not report */
  gboolean     cancelled;
} Level0Part;

/**
 * em_peaks_ref:
 * @peaks: an #EmPeaks
 *
 * Returns: (transfer full): @peaks
 */
EmPeaks *
em_peaks_ref (EmPeaks *peaks)
{
  g_return_val_if_fail (peaks != NULL, NULL);

  g_atomic_ref_count_inc (&peaks->ref_count);
  return peaks;
}

/**
 * em_peaks_unref:
 * @peaks: (transfer full): an #EmPeaks
 *
 * Drops a reference; the last one frees the pyramid.
 */
void
em_peaks_unref (EmPeaks *peaks)
{
  g_return_if_fail (peaks != NULL);

  if (!g_atomic_ref_count_dec (&peaks->ref_count))
    return;

  for (guint l = 0; l < peaks->n_levels; l++)
    g_free (peaks->levels[l]);
  g_free (peaks->levels);
  g_free (peaks->n_bins);
  g_free (peaks);
}

/* Eight independent lanes let the compiler use packed min/max; the
 * comparisons are written so that a NaN sample never replaces a lane
 * value (minps/maxps keep the second operand when one is NaN). */
#define LANES 8

static void
compute_bin (const float *x,
             gsize        n,
             float       *pair)
{
  float lo[LANES], hi[LANES];
  gsize i = 0;

  for (guint k = 0; k < LANES; k++)
    {
      lo[k] = INFINITY;
      hi[k] = -INFINITY;
    }
  for (; i + LANES <= n; i += LANES)
    for (guint k = 0; k < LANES; k++)
      {
        lo[k] = x[i + k] < lo[k] ? x[i + k] : lo[k];
        hi[k] = x[i + k] > hi[k] ? x[i + k] : hi[k];
      }
  for (; i < n; i++)
    {
      lo[0] = x[i] < lo[0] ? x[i] : lo[0];
      hi[0] = x[i] > hi[0] ? x[i] : hi[0];
    }
  for (guint k = 1; k < LANES; k++)
    {
      lo[0] = MIN (lo[0], lo[k]);
      hi[0] = MAX (hi[0], hi[k]);
    }

  if (lo[0] > hi[0])
    lo[0] = hi[0] = 0.0f;
  /* An infinite sample would make every drawing of this bin degenerate. */
  pair[0] = isinf (lo[0]) ? copysignf (1.0f, lo[0]) : lo[0];
  pair[1] = isinf (hi[0]) ? copysignf (1.0f, hi[0]) : hi[0];
}

static gpointer
compute_level0_part (gpointer data)
{
  Level0Part *part = data;

  for (gsize b = part->first_bin; b < part->end_bin; b++)
    {
      gsize start = b * part->bin_samples;
      gsize n = MIN (part->bin_samples, part->n_samples - start);

      compute_bin (part->samples + start, n, part->out + 2 * b);

      if ((b - part->first_bin + 1) % BINS_PER_BLOCK == 0)
        {
          if (em_job_is_cancelled (part->job))
            {
              part->cancelled = TRUE;
              return NULL;
            }
          if (part->fraction_scale > 0)
            em_job_update (part->job, part->fraction_scale * (b - part->first_bin) /
                                      (double) (part->end_bin - part->first_bin), NULL);
        }
    }

  return NULL;
}

/* Level 0 in two halves on two threads when the signal is long: the pass
 * is memory-bound, but a second core still gains about 1.6× here. */
static gboolean
compute_level0 (const float *samples,
                gsize        n_samples,
                guint        bin_samples,
                float       *out,
                gsize        n_bins,
                EmJob       *job)
{
  Level0Part parts[2] = {
    { samples, n_samples, bin_samples, out, 0, n_bins, job, 0.9, FALSE },
    { samples, n_samples, bin_samples, out, n_bins, n_bins, job, 0.0, FALSE },
  };
  GThread *helper = NULL;

  if (n_samples >= PARALLEL_MIN_SAMPLES && g_get_num_processors () > 1)
    {
      parts[0].end_bin = parts[1].first_bin = n_bins / 2;
      helper = g_thread_try_new ("em-peaks", compute_level0_part, &parts[1], NULL);
      if (helper == NULL)
        parts[0].end_bin = n_bins;
    }

  compute_level0_part (&parts[0]);
  if (helper != NULL)
    g_thread_join (helper);
  else if (parts[0].end_bin < n_bins)
    compute_level0_part (&parts[1]);

  return !parts[0].cancelled && !parts[1].cancelled;
}

static void
compute_next_level (const float *below,
                    gsize        n_below,
                    float       *out)
{
  for (gsize b = 0; 2 * b < n_below; b++)
    {
      const float *a = below + 4 * b;

      if (2 * b + 1 < n_below)
        {
          out[2 * b] = MIN (a[0], a[2]);
          out[2 * b + 1] = MAX (a[1], a[3]);
        }
      else
        {
          out[2 * b] = a[0];
          out[2 * b + 1] = a[1];
        }
    }
}

/**
 * em_peaks_new_from_samples:
 * @samples: (array length=n_samples): a mono signal
 * @n_samples: number of samples (0 gives an empty pyramid of one level)
 * @rate: sample rate (Hz), used for em_peaks_get_duration()
 * @bin_samples: samples per bin of level 0, ≥ 1
 *   (%EM_PEAKS_BIN_SAMPLES_DEFAULT)
 * @job: (nullable): progress and cancellation
 * @error: return location for %G_IO_ERROR_CANCELLED
 *
 * Builds the pyramid, using two threads for long signals. Levels go on
 * until a level has a single bin. Infinite samples count as ±1.
 *
 * Returns: (transfer full): the pyramid, or %NULL if @job was cancelled
 */
EmPeaks *
em_peaks_new_from_samples (const float  *samples,
                           gsize         n_samples,
                           guint         rate,
                           guint         bin_samples,
                           EmJob        *job,
                           GError      **error)
{
  g_autoptr(EmPeaks) peaks = NULL;
  gsize n;

  g_return_val_if_fail (samples != NULL || n_samples == 0, NULL);
  g_return_val_if_fail (rate > 0, NULL);
  g_return_val_if_fail (bin_samples > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  peaks = g_new0 (EmPeaks, 1);
  g_atomic_ref_count_init (&peaks->ref_count);
  peaks->rate = rate;
  peaks->bin_samples = bin_samples;
  peaks->n_samples = n_samples;

  /* Levels: ceil(n / bin), then halving (rounding up) down to one bin. */
  n = (n_samples + bin_samples - 1) / bin_samples;
  peaks->n_levels = 1;
  for (gsize m = n; m > 1; m = (m + 1) / 2)
    peaks->n_levels++;
  peaks->n_bins = g_new0 (gsize, peaks->n_levels);
  peaks->levels = g_new0 (float *, peaks->n_levels);

  peaks->n_bins[0] = n;
  peaks->levels[0] = g_new (float, 2 * MAX (n, 1));
  if (!compute_level0 (samples, n_samples, bin_samples, peaks->levels[0], n, job))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Peak computation was cancelled");
      return NULL;
    }

  for (guint l = 1; l < peaks->n_levels; l++)
    {
      peaks->n_bins[l] = (peaks->n_bins[l - 1] + 1) / 2;
      peaks->levels[l] = g_new (float, 2 * peaks->n_bins[l]);
      compute_next_level (peaks->levels[l - 1], peaks->n_bins[l - 1], peaks->levels[l]);
    }

  em_job_update (job, 1.0, NULL);
  return g_steal_pointer (&peaks);
}

typedef struct
{
  char  *path;
  EmJob *job;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_free (load->path);
  g_clear_object (&load->job);
  g_free (load);
}

static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      job)
{
  em_job_cancel (job);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *load = task_data;
  g_autofree float *samples = NULL;
  g_autoptr(EmJob) job = NULL;
  GError *error = NULL;
  EmPeaks *peaks;
  gulong handler = 0;
  gsize n = 0;

  samples = em_audio_decode (load->path, 0.0, -1.0, &n, cancellable, &error);
  if (samples == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The pyramid checks cancellation through a job; without one from the
   * caller, a private job follows the task's cancellable. */
  job = load->job != NULL ? g_object_ref (load->job) : em_job_new ("peaks");
  if (load->job == NULL && cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), job, NULL);

  peaks = em_peaks_new_from_samples (samples, n, EM_AUDIO_RATE, EM_PEAKS_BIN_SAMPLES_DEFAULT, job, &error);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  if (peaks == NULL)
    g_task_return_error (task, error);
  else if (g_task_return_error_if_cancelled (task))
    em_peaks_unref (peaks);
  else
    g_task_return_pointer (task, peaks, (GDestroyNotify) em_peaks_unref);
}

/**
 * em_peaks_load_async:
 * @path: an audio file
 * @job: (nullable): progress and cancellation; its cancellable is used
 *   when @cancellable is %NULL
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Decodes @path with em_audio_decode() (mono, %EM_AUDIO_RATE) and builds
 * its pyramid with %EM_PEAKS_BIN_SAMPLES_DEFAULT samples per level-0 bin,
 * in a worker thread.
 */
void
em_peaks_load_async (const char          *path,
                     EmJob               *job,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  g_return_if_fail (path != NULL);
  g_return_if_fail (job == NULL || EM_IS_JOB (job));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (cancellable == NULL && job != NULL)
    cancellable = em_job_get_cancellable (job);

  load = g_new0 (LoadData, 1);
  load->path = g_strdup (path);
  load->job = job != NULL ? g_object_ref (job) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, em_peaks_load_async);
  g_task_set_task_data (task, load, load_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, load_thread);
}

/**
 * em_peaks_load_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for an %EM_AUDIO_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full): the pyramid, or %NULL with @error set
 */
EmPeaks *
em_peaks_load_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == em_peaks_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * em_peaks_get_rate:
 * @peaks: an #EmPeaks
 *
 * Returns: the sample rate of the signal (Hz)
 */
guint
em_peaks_get_rate (EmPeaks *peaks)
{
  g_return_val_if_fail (peaks != NULL, 0);
  return peaks->rate;
}

/**
 * em_peaks_get_n_samples:
 * @peaks: an #EmPeaks
 *
 * Returns: the length of the signal in samples
 */
gsize
em_peaks_get_n_samples (EmPeaks *peaks)
{
  g_return_val_if_fail (peaks != NULL, 0);
  return peaks->n_samples;
}

/**
 * em_peaks_get_duration:
 * @peaks: an #EmPeaks
 *
 * Returns: the length of the signal in seconds
 */
double
em_peaks_get_duration (EmPeaks *peaks)
{
  g_return_val_if_fail (peaks != NULL, 0.0);
  return (double) peaks->n_samples / peaks->rate;
}

/**
 * em_peaks_get_n_levels:
 * @peaks: an #EmPeaks
 *
 * Returns: the number of levels (≥ 1); the last one has at most one bin
 */
guint
em_peaks_get_n_levels (EmPeaks *peaks)
{
  g_return_val_if_fail (peaks != NULL, 0);
  return peaks->n_levels;
}

/**
 * em_peaks_get_bin_samples:
 * @peaks: an #EmPeaks
 * @level: a level below em_peaks_get_n_levels()
 *
 * Returns: how many samples a bin of @level covers
 */
gsize
em_peaks_get_bin_samples (EmPeaks *peaks,
                          guint    level)
{
  g_return_val_if_fail (peaks != NULL, 0);
  g_return_val_if_fail (level < peaks->n_levels, 0);
  return (gsize) peaks->bin_samples << level;
}

/**
 * em_peaks_get_level:
 * @peaks: an #EmPeaks
 * @level: a level below em_peaks_get_n_levels()
 * @n_bins: (out): number of bins
 *
 * Returns: (transfer none) (array): @n_bins (min, max) pairs, owned by @peaks
 */
const float *
em_peaks_get_level (EmPeaks *peaks,
                    guint    level,
                    gsize   *n_bins)
{
  g_return_val_if_fail (peaks != NULL, NULL);
  g_return_val_if_fail (level < peaks->n_levels, NULL);
  g_return_val_if_fail (n_bins != NULL, NULL);

  *n_bins = peaks->n_bins[level];
  return peaks->levels[level];
}

/**
 * em_peaks_get_level_for:
 * @peaks: an #EmPeaks
 * @samples_per_pixel: how many samples one pixel of the view covers
 *
 * Picks the coarsest level whose bin is at most one pixel wide, so a pixel
 * reads one to three bins; when even level 0 is wider than a pixel (deep
 * zoom) it returns 0.
 *
 * Returns: a level below em_peaks_get_n_levels()
 */
guint
em_peaks_get_level_for (EmPeaks *peaks,
                        double   samples_per_pixel)
{
  guint level = 0;

  g_return_val_if_fail (peaks != NULL, 0);

  while (level + 1 < peaks->n_levels &&
         (double) ((gsize) peaks->bin_samples << (level + 1)) <= samples_per_pixel)
    level++;

  return level;
}

/**
 * em_peaks_get_range:
 * @peaks: an #EmPeaks
 * @level: a level below em_peaks_get_n_levels()
 * @first_sample: first sample of the range
 * @end_sample: one past the last sample of the range
 * @min: (out): smallest value of the bins of @level that overlap the range
 * @max: (out): largest value of those bins
 *
 * An empty range, or one past the end of the signal, gives (0, 0).
 */
void
em_peaks_get_range (EmPeaks *peaks,
                    guint    level,
                    gsize    first_sample,
                    gsize    end_sample,
                    float   *min,
                    float   *max)
{
  gsize bin, b0, b1;
  const float *pairs;
  float lo = 0.0f, hi = 0.0f;

  g_return_if_fail (peaks != NULL);
  g_return_if_fail (level < peaks->n_levels);
  g_return_if_fail (min != NULL && max != NULL);

  bin = (gsize) peaks->bin_samples << level;
  pairs = peaks->levels[level];
  end_sample = MIN (end_sample, peaks->n_samples);
  if (first_sample < end_sample)
    {
      b0 = first_sample / bin;
      b1 = MIN ((end_sample + bin - 1) / bin, peaks->n_bins[level]);
      lo = pairs[2 * b0];
      hi = pairs[2 * b0 + 1];
      for (gsize b = b0 + 1; b < b1; b++)
        {
          lo = MIN (lo, pairs[2 * b]);
          hi = MAX (hi, pairs[2 * b + 1]);
        }
    }

  *min = lo;
  *max = hi;
}
