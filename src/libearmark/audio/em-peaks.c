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
#include <string.h>

#include "em-audio-decoder.h"
#include "em-peaks-private.h"

/* Level 0 is split into blocks of this many bins; between blocks the
 * workers check for cancellation (64 Ki bins = 4 Mi samples ≈ a few ms). */
#define BINS_PER_BLOCK 65536
/* Below this many samples one thread is faster than starting a second. */
#define PARALLEL_MIN_SAMPLES (4u << 20)
/* Tracks longer than two windows are decoded a window at a time. */
#define WINDOW_S 600.0

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
                EmJob       *job,
                gboolean     report,
                gboolean     may_thread)
{
  Level0Part parts[2] = {
    { samples, n_samples, bin_samples, out, 0, n_bins, job, report ? 0.9 : 0.0, FALSE },
    { samples, n_samples, bin_samples, out, n_bins, n_bins, job, 0.0, FALSE },
  };
  GThread *helper = NULL;

  if (may_thread && n_samples >= PARALLEL_MIN_SAMPLES && g_get_num_processors () > 1)
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

/* Builds the levels above a computed level 0, which @peaks takes. */
static EmPeaks *
peaks_new_take_level0 (float *level0,
                       gsize  n_bins,
                       gsize  n_samples,
                       guint  rate,
                       guint  bin_samples)
{
  EmPeaks *peaks = g_new0 (EmPeaks, 1);

  g_atomic_ref_count_init (&peaks->ref_count);
  peaks->rate = rate;
  peaks->bin_samples = bin_samples;
  peaks->n_samples = n_samples;

  /* Levels: ceil(n / bin), then halving (rounding up) down to one bin. */
  peaks->n_levels = 1;
  for (gsize m = n_bins; m > 1; m = (m + 1) / 2)
    peaks->n_levels++;
  peaks->n_bins = g_new0 (gsize, peaks->n_levels);
  peaks->levels = g_new0 (float *, peaks->n_levels);
  peaks->n_bins[0] = n_bins;
  peaks->levels[0] = level0;

  for (guint l = 1; l < peaks->n_levels; l++)
    {
      peaks->n_bins[l] = (peaks->n_bins[l - 1] + 1) / 2;
      peaks->levels[l] = g_new (float, 2 * peaks->n_bins[l]);
      compute_next_level (peaks->levels[l - 1], peaks->n_bins[l - 1], peaks->levels[l]);
    }

  return peaks;
}

static void
set_cancelled (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Peak computation was cancelled");
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
  g_autofree float *level0 = NULL;
  gsize n;

  g_return_val_if_fail (samples != NULL || n_samples == 0, NULL);
  g_return_val_if_fail (rate > 0, NULL);
  g_return_val_if_fail (bin_samples > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = (n_samples + bin_samples - 1) / bin_samples;
  level0 = g_new (float, 2 * MAX (n, 1));
  if (!compute_level0 (samples, n_samples, bin_samples, level0, n, job, TRUE, TRUE))
    {
      set_cancelled (error);
      return NULL;
    }

  em_job_update (job, 1.0, NULL);
  return peaks_new_take_level0 (g_steal_pointer (&level0), n, n_samples, rate, bin_samples);
}

/* Windowed decoding: windows are claimed in order by up to two threads
 * (decoding is the slow part: about 2 CPU-s per 10 minutes of MP3) and
 * each keeps its own level-0 bins until they are joined in order. */
typedef struct
{
  const char   *path;
  gsize         window;
  guint         n_windows;
  double        duration_s;
  EmJob        *job;
  GCancellable *cancellable;
  gint          next;           /* atomic: next window to claim */
  gint          decoded_s;      /* atomic: seconds decoded, for progress */
  float       **bins;           /* per window */
  gsize        *n_samples;      /* per window; 0 past the end */
  GMutex        lock;
  GError       *error;          /* the first failure, under lock */
} Windows;

static gboolean
decode_window (Windows  *w,
               guint     k,
               GError  **error)
{
  const guint bin = EM_PEAKS_BIN_SAMPLES_DEFAULT;
  g_autoptr(GError) local_error = NULL;
  g_autofree float *x = NULL;
  gsize n = 0, n_bins;

  x = em_audio_decode (w->path, (double) (k * w->window) / EM_AUDIO_RATE, (double) w->window / EM_AUDIO_RATE,
                       &n, w->cancellable, &local_error);
  if (x == NULL)
    {
      /* A window past the end of the track. */
      if (k > 0 && g_error_matches (local_error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_EMPTY))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  n_bins = (n + bin - 1) / bin;
  w->bins[k] = g_new (float, 2 * n_bins);
  w->n_samples[k] = n;
  /* The other decoding thread already uses the second core. */
  if (!compute_level0 (x, n, bin, w->bins[k], n_bins, w->job, FALSE, FALSE))
    {
      set_cancelled (error);
      return FALSE;
    }

  g_atomic_int_add (&w->decoded_s, (int) (n / EM_AUDIO_RATE));
  if (w->duration_s > 0)
    em_job_update (w->job, MIN (0.99, g_atomic_int_get (&w->decoded_s) / w->duration_s), NULL);
  return TRUE;
}

static gpointer
decode_windows_worker (gpointer data)
{
  Windows *w = data;
  guint k;

  while ((k = (guint) g_atomic_int_add (&w->next, 1)) < w->n_windows)
    {
      GError *error = NULL;
      gboolean failed;

      g_mutex_lock (&w->lock);
      failed = w->error != NULL;
      g_mutex_unlock (&w->lock);
      if (failed || decode_window (w, k, &error))
        continue;

      g_mutex_lock (&w->lock);
      if (w->error == NULL)
        w->error = g_steal_pointer (&error);
      g_mutex_unlock (&w->lock);
      g_clear_error (&error);
    }

  return NULL;
}

/* Joins the windows' bins, each at its place in the track: a window that
 * came back short (damaged data) leaves silence, not a shift. */
static EmPeaks *
join_windows (Windows *w)
{
  const guint bin = EM_PEAKS_BIN_SAMPLES_DEFAULT;
  gsize bins_per_window = w->window / bin, n_bins = 0, total = 0;
  float *level0;

  for (guint k = 0; k < w->n_windows; k++)
    if (w->n_samples[k] > 0)
      {
        total = k * w->window + w->n_samples[k];
        n_bins = k * bins_per_window + (w->n_samples[k] + bin - 1) / bin;
      }

  level0 = g_new0 (float, 2 * MAX (n_bins, 1));
  for (guint k = 0; k < w->n_windows; k++)
    if (w->n_samples[k] > 0)
      memcpy (level0 + 2 * k * bins_per_window, w->bins[k],
              2 * ((w->n_samples[k] + bin - 1) / bin) * sizeof (float));

  return peaks_new_take_level0 (level0, n_bins, total, EM_AUDIO_RATE, bin);
}

/* Decodes @path in windows of about @window_s (a whole number of bins),
 * so only one window of PCM per thread is held at a time: a 3-hour MP3
 * decoded whole peaks at 2.8 GB of memory for a pyramid of 60 MB. The
 * number of windows comes from @duration_s (the demuxer's estimate); if
 * the track turns out longer, more windows follow. Window edges may
 * shift by the decoder's seek accuracy (a few samples), which no drawing
 * can show. */
EmPeaks *
_em_peaks_load_windowed (const char    *path,
                         double         window_s,
                         double         duration_s,
                         EmJob         *job,
                         GCancellable  *cancellable,
                         GError       **error)
{
  Windows w = { 0 };
  GThread *helper = NULL;
  EmPeaks *peaks = NULL;
  guint capacity;

  w.path = path;
  w.window = MAX (1, (gsize) (window_s * EM_AUDIO_RATE) / EM_PEAKS_BIN_SAMPLES_DEFAULT) *
             EM_PEAKS_BIN_SAMPLES_DEFAULT;
  w.duration_s = duration_s;
  w.job = job;
  w.cancellable = cancellable;
  w.n_windows = (guint) ceil (MAX (duration_s, 0.0) * EM_AUDIO_RATE / w.window) + 1;
  capacity = w.n_windows;
  w.bins = g_new0 (float *, capacity);
  w.n_samples = g_new0 (gsize, capacity);
  g_mutex_init (&w.lock);

  for (;;)
    {
      if (g_get_num_processors () > 1 && w.n_windows - w.next > 1)
        helper = g_thread_try_new ("em-peaks-decode", decode_windows_worker, &w, NULL);
      decode_windows_worker (&w);
      if (helper != NULL)
        g_thread_join (g_steal_pointer (&helper));

      /* The estimate was short: every window came back full. */
      if (w.error != NULL || w.n_samples[w.n_windows - 1] < w.window)
        break;
      capacity = w.n_windows + 4;
      w.bins = g_renew (float *, w.bins, capacity);
      w.n_samples = g_renew (gsize, w.n_samples, capacity);
      memset (w.bins + w.n_windows, 0, 4 * sizeof (float *));
      memset (w.n_samples + w.n_windows, 0, 4 * sizeof (gsize));
      w.next = (gint) w.n_windows;
      w.n_windows = capacity;
    }

  if (w.error != NULL)
    g_propagate_error (error, g_steal_pointer (&w.error));
  else
    {
      peaks = join_windows (&w);
      em_job_update (job, 1.0, NULL);
    }

  for (guint k = 0; k < w.n_windows; k++)
    g_free (w.bins[k]);
  g_free (w.bins);
  g_free (w.n_samples);
  g_mutex_clear (&w.lock);
  return peaks;
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
  EmAudioInfo info;
  gulong handler = 0;
  gsize n = 0;

  /* The pyramid checks cancellation through a job; without one from the
   * caller, a private job follows the task's cancellable. */
  job = load->job != NULL ? g_object_ref (load->job) : em_job_new ("peaks");
  if (load->job == NULL && cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), job, NULL);

  if (em_audio_probe (load->path, &info, cancellable, NULL) && info.seekable &&
      info.duration_s > 2 * WINDOW_S)
    peaks = _em_peaks_load_windowed (load->path, WINDOW_S, info.duration_s, job, cancellable, &error);
  else if ((samples = em_audio_decode (load->path, 0.0, -1.0, &n, cancellable, &error)) != NULL)
    peaks = em_peaks_new_from_samples (samples, n, EM_AUDIO_RATE, EM_PEAKS_BIN_SAMPLES_DEFAULT, job, &error);
  else
    peaks = NULL;

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
 * in a worker thread. Seekable tracks longer than 20 minutes are decoded
 * 10 minutes at a time, so the PCM held stays near 50 MB whatever the
 * length (the pyramid itself is about 20 MB per hour).
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
