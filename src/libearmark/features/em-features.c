/* em-features.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 38-number clip vector of features.md: names, orchestration of the
 * per-frame kernels, clip means.  One extractor holds the FFTW plan and
 * the filterbanks; compute() borrows a workspace from a pool, so threads
 * can share one extractor.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "em-chroma.h"
#include "em-features.h"
#include "em-frame-stats.h"
#include "em-mel.h"
#include "em-spectral.h"
#include "em-stft.h"

#if EM_FEATURES_HAVE_HNR
#include "em-hnr.h"
#endif

G_DEFINE_QUARK (em-features-error-quark, em_features_error)

static const char * const feature_names[EM_FEATURE_COUNT + 1] = {
  "mfcc1", "mfcc2", "mfcc3", "mfcc4", "mfcc5", "mfcc6", "mfcc7",
  "mfcc8", "mfcc9", "mfcc10", "mfcc11", "mfcc12", "mfcc13",
  "zcr",
  "contrast1", "contrast2", "contrast3", "contrast4", "contrast5", "contrast6", "contrast7",
  "chroma_C", "chroma_Cs", "chroma_D", "chroma_Ds", "chroma_E", "chroma_F",
  "chroma_Fs", "chroma_G", "chroma_Gs", "chroma_A", "chroma_As", "chroma_B",
  "rms", "rolloff", "bandwidth", "centroid", "hnr",
  NULL
};

/* Buffers for one compute() call, sized for the longest clip seen. */
typedef struct
{
  EmStftBuffers   *stft;
  gsize            cap;
  float           *power;     /* cap x 1025, frame-major */
  float           *magnitude; /* 1025 */
  double          *mel_db;    /* cap x 128, frame-major */
  double          *peak;      /* cap x 7, frame-major */
  double          *valley;    /* cap x 7 */
  guint           *zcr_scratch;
  double          *rms_scratch;
  EmTuningPeaks    peaks;
  EmFeatureFrames  frames;
} Workspace;

struct _EmFeatureExtractor
{
  EmStft          *stft;
  EmMel           *mel;
  EmContrastBands *bands;
  EmChroma        *chroma;
  GMutex           pool_mutex;
  GPtrArray       *pool;
};

/**
 * em_feature_name:
 * @index: slot in the vector, below %EM_FEATURE_COUNT
 *
 * Returns: (transfer none): the feature's name, e.g. "mfcc1", "chroma_Cs", "hnr"
 */
const char *
em_feature_name (guint index)
{
  g_return_val_if_fail (index < EM_FEATURE_COUNT, NULL);
  return feature_names[index];
}

/**
 * em_feature_names:
 *
 * Returns: (transfer none): the %EM_FEATURE_COUNT names in vector order, %NULL-terminated
 */
const char * const *
em_feature_names (void)
{
  return feature_names;
}

static void
frames_resize (EmFeatureFrames *frames,
               gsize            n_frames)
{
  frames->n_frames = n_frames;
  frames->mfcc = g_renew (double, frames->mfcc, EM_MFCC_N * n_frames);
  frames->contrast = g_renew (double, frames->contrast, EM_CONTRAST_N_BANDS * n_frames);
  frames->chroma = g_renew (double, frames->chroma, EM_CHROMA_N * n_frames);
  frames->zcr = g_renew (double, frames->zcr, n_frames);
  frames->rms = g_renew (double, frames->rms, n_frames);
  frames->rolloff = g_renew (double, frames->rolloff, n_frames);
  frames->bandwidth = g_renew (double, frames->bandwidth, n_frames);
  frames->centroid = g_renew (double, frames->centroid, n_frames);
}

/**
 * em_feature_frames_clear:
 * @frames: frames filled by em_feature_extractor_compute_full()
 *
 * Frees the matrices and zeroes the struct.
 */
void
em_feature_frames_clear (EmFeatureFrames *frames)
{
  g_clear_pointer (&frames->mfcc, g_free);
  g_clear_pointer (&frames->contrast, g_free);
  g_clear_pointer (&frames->chroma, g_free);
  g_clear_pointer (&frames->zcr, g_free);
  g_clear_pointer (&frames->rms, g_free);
  g_clear_pointer (&frames->rolloff, g_free);
  g_clear_pointer (&frames->bandwidth, g_free);
  g_clear_pointer (&frames->centroid, g_free);
  frames->n_frames = 0;
  frames->tuning = 0.0;
}

static Workspace *
workspace_new (void)
{
  Workspace *ws = g_new0 (Workspace, 1);

  ws->stft = em_stft_buffers_new ();
  ws->magnitude = g_new (float, EM_STFT_N_BINS);
  return ws;
}

static void
workspace_free (gpointer data)
{
  Workspace *ws = data;

  em_stft_buffers_free (ws->stft);
  g_free (ws->power);
  g_free (ws->magnitude);
  g_free (ws->mel_db);
  g_free (ws->peak);
  g_free (ws->valley);
  g_free (ws->zcr_scratch);
  g_free (ws->rms_scratch);
  em_tuning_peaks_clear (&ws->peaks);
  em_feature_frames_clear (&ws->frames);
  g_free (ws);
}

static void
workspace_reserve (Workspace *ws,
                   gsize      n_frames)
{
  ws->peaks.len = 0;
  frames_resize (&ws->frames, n_frames);
  if (n_frames <= ws->cap)
    return;

  ws->cap = n_frames;
  ws->power = g_renew (float, ws->power, n_frames * EM_STFT_N_BINS);
  ws->mel_db = g_renew (double, ws->mel_db, n_frames * EM_MEL_N_BANDS);
  ws->peak = g_renew (double, ws->peak, n_frames * EM_CONTRAST_N_BANDS);
  ws->valley = g_renew (double, ws->valley, n_frames * EM_CONTRAST_N_BANDS);
  ws->zcr_scratch = g_renew (guint, ws->zcr_scratch, n_frames + 3);
  ws->rms_scratch = g_renew (double, ws->rms_scratch, n_frames + 3);
}

static Workspace *
pool_take (EmFeatureExtractor *self)
{
  Workspace *ws = NULL;

  g_mutex_lock (&self->pool_mutex);
  if (self->pool->len > 0)
    ws = g_ptr_array_steal_index_fast (self->pool, self->pool->len - 1);
  g_mutex_unlock (&self->pool_mutex);

  return ws != NULL ? ws : workspace_new ();
}

static void
pool_return (EmFeatureExtractor *self,
             Workspace          *ws)
{
  g_mutex_lock (&self->pool_mutex);
  g_ptr_array_add (self->pool, ws);
  g_mutex_unlock (&self->pool_mutex);
}

/**
 * em_feature_extractor_new:
 *
 * Creates the FFTW plan (FFTW_ESTIMATE, under the process-wide FFTW lock)
 * and the mel filterbank.  One extractor can serve many threads.
 *
 * Returns: (transfer full): a new extractor
 */
EmFeatureExtractor *
em_feature_extractor_new (void)
{
  EmFeatureExtractor *self = g_new0 (EmFeatureExtractor, 1);

  self->stft = em_stft_new ();
  self->mel = em_mel_new ();
  self->bands = em_contrast_bands_new ();
  self->chroma = em_chroma_new ();
  g_mutex_init (&self->pool_mutex);
  self->pool = g_ptr_array_new_with_free_func (workspace_free);
  return self;
}

/**
 * em_feature_extractor_free:
 * @self: (nullable): an extractor no thread is using any more
 */
void
em_feature_extractor_free (EmFeatureExtractor *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->pool);
  g_mutex_clear (&self->pool_mutex);
  em_chroma_free (self->chroma);
  em_contrast_bands_free (self->bands);
  em_mel_free (self->mel);
  em_stft_free (self->stft);
  g_free (self);
}

static gboolean
check_input (const float  *y,
             gsize         n,
             GError      **error)
{
  if (n == 0)
    {
      g_set_error (error, EM_FEATURES_ERROR, EM_FEATURES_ERROR_EMPTY,
                   "Cannot compute features of an empty clip (0 samples)");
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    if (!isfinite (y[i]))
      {
        g_set_error (error, EM_FEATURES_ERROR, EM_FEATURES_ERROR_NOT_FINITE,
                     "Clip has a non-finite sample (%g) at index %" G_GSIZE_FORMAT
                     " of %" G_GSIZE_FORMAT "; the decoder output is corrupt",
                     (double) y[i], i, n);
        return FALSE;
      }

  return TRUE;
}

/* Everything that needs one STFT column: spectral features now, the
 * power spectrogram kept for mel and chroma. */
static void
spectral_pass (EmFeatureExtractor *self,
               Workspace          *ws,
               const float        *y,
               gsize               n)
{
  EmFeatureFrames *fr = &ws->frames;
  EmContrastState contrast_state;

  em_contrast_state_reset (&contrast_state);
  for (gsize t = 0; t < fr->n_frames; t++)
    {
      float *power = ws->power + t * EM_STFT_N_BINS;
      float power_max;

      power_max = em_stft_frame (self->stft, y, n, t, ws->stft, ws->magnitude, power);
      em_contrast_frame (self->bands, &contrast_state, ws->magnitude,
                         ws->peak + t * EM_CONTRAST_N_BANDS, ws->valley + t * EM_CONTRAST_N_BANDS);
      fr->rolloff[t] = em_spectral_rolloff (ws->magnitude);
      em_spectral_centroid_bandwidth (ws->magnitude, &fr->centroid[t], &fr->bandwidth[t]);
      em_tuning_peaks_frame (&ws->peaks, power, power_max);
    }
}

/* Contrast in dB; peak/valley are frame-major, the output band-major. */
static void
finish_contrast (Workspace *ws)
{
  gsize n_frames = ws->frames.n_frames;

  em_contrast_finish (ws->peak, ws->valley, n_frames);
  for (gsize t = 0; t < n_frames; t++)
    for (guint b = 0; b < EM_CONTRAST_N_BANDS; b++)
      ws->frames.contrast[b * n_frames + t] = ws->peak[t * EM_CONTRAST_N_BANDS + b];
}

static double
row_mean (const double *x,
          gsize         n)
{
  double acc = 0.0;

  for (gsize i = 0; i < n; i++)
    acc += x[i];
  return acc / n;
}

static void
clip_means (const EmFeatureFrames *fr,
            double                *out)
{
  gsize n = fr->n_frames;

  for (guint q = 0; q < EM_MFCC_N; q++)
    out[EM_FEATURE_MFCC + q] = row_mean (fr->mfcc + q * n, n);
  out[EM_FEATURE_ZCR] = row_mean (fr->zcr, n);
  for (guint b = 0; b < EM_CONTRAST_N_BANDS; b++)
    out[EM_FEATURE_CONTRAST + b] = row_mean (fr->contrast + b * n, n);
  for (guint c = 0; c < EM_CHROMA_N; c++)
    out[EM_FEATURE_CHROMA + c] = row_mean (fr->chroma + c * n, n);
  out[EM_FEATURE_RMS] = row_mean (fr->rms, n);
  out[EM_FEATURE_ROLLOFF] = row_mean (fr->rolloff, n);
  out[EM_FEATURE_BANDWIDTH] = row_mean (fr->bandwidth, n);
  out[EM_FEATURE_CENTROID] = row_mean (fr->centroid, n);
}

static void
copy_frames (const EmFeatureFrames *src,
             EmFeatureFrames       *dst)
{
  gsize n = src->n_frames;

  em_feature_frames_clear (dst);
  dst->n_frames = n;
  dst->tuning = src->tuning;
  dst->mfcc = g_memdup2 (src->mfcc, EM_MFCC_N * n * sizeof (double));
  dst->contrast = g_memdup2 (src->contrast, EM_CONTRAST_N_BANDS * n * sizeof (double));
  dst->chroma = g_memdup2 (src->chroma, EM_CHROMA_N * n * sizeof (double));
  dst->zcr = g_memdup2 (src->zcr, n * sizeof (double));
  dst->rms = g_memdup2 (src->rms, n * sizeof (double));
  dst->rolloff = g_memdup2 (src->rolloff, n * sizeof (double));
  dst->bandwidth = g_memdup2 (src->bandwidth, n * sizeof (double));
  dst->centroid = g_memdup2 (src->centroid, n * sizeof (double));
}

static void
compute_librosa (EmFeatureExtractor *self,
                 Workspace          *ws,
                 const float        *y,
                 gsize               n)
{
  EmFeatureFrames *fr = &ws->frames;
  double db_max;
  guint tuning;

  em_frame_stats_zcr (y, n, fr->n_frames, ws->zcr_scratch, fr->zcr);
  em_frame_stats_rms (y, n, fr->n_frames, ws->rms_scratch, fr->rms);

  spectral_pass (self, ws, y, n);
  db_max = em_mel_db_frames (self->mel, ws->power, fr->n_frames, ws->mel_db);
  em_mel_mfcc (self->mel, ws->mel_db, fr->n_frames, db_max, fr->mfcc);
  finish_contrast (ws);

  tuning = em_tuning_estimate (&ws->peaks);
  fr->tuning = em_tuning_grid_value (tuning);
  em_chroma_frames (em_chroma_filterbank (self->chroma, tuning), ws->power, fr->n_frames,
                    fr->chroma);
}

/**
 * em_feature_extractor_compute_full:
 * @self: an extractor
 * @y: (array length=n): mono samples at %EM_FEATURE_SAMPLE_RATE
 * @n: number of samples
 * @flags: %EM_FEATURE_FLAGS_SKIP_HNR to compute only the 37 librosa features
 * @out: (out caller-allocates) (nullable): the clip vector (slot 37 NaN when skipped or undefined)
 * @frames: (out caller-allocates) (nullable): per-frame matrices; free with em_feature_frames_clear()
 * @error: return location for an #EM_FEATURES_ERROR
 *
 * Thread-safe: several threads may call this on one extractor.  Working
 * memory grows with the clip (about 5.5 KB per 512-sample frame, 2.4 MB
 * for 10 s, kept in the extractor's pool for reuse); it is meant for
 * chunks of seconds to minutes, not for whole hour-long tracks.
 *
 * Returns: %TRUE on success; %FALSE for an empty clip or non-finite samples
 */
gboolean
em_feature_extractor_compute_full (EmFeatureExtractor  *self,
                                   const float         *y,
                                   gsize                n,
                                   EmFeatureFlags       flags,
                                   double               out[EM_FEATURE_COUNT],
                                   EmFeatureFrames     *frames,
                                   GError             **error)
{
  Workspace *ws;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (y != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_input (y, n, error))
    return FALSE;

  ws = pool_take (self);
  workspace_reserve (ws, em_stft_n_frames (n));
  compute_librosa (self, ws, y, n);

  if (out != NULL)
    {
      clip_means (&ws->frames, out);
      out[EM_FEATURE_HNR] = NAN;
#if EM_FEATURES_HAVE_HNR
      if (!(flags & EM_FEATURE_FLAGS_SKIP_HNR))
        out[EM_FEATURE_HNR] = em_hnr_compute (y, n, NULL);
#endif
    }
  if (frames != NULL)
    copy_frames (&ws->frames, frames);

  pool_return (self, ws);
  return TRUE;
}

/**
 * em_feature_extractor_compute:
 * @self: an extractor
 * @y: (array length=n): mono samples at %EM_FEATURE_SAMPLE_RATE
 * @n: number of samples
 * @out: (out caller-allocates): the 38 features in the order of em_feature_names()
 * @error: return location for an #EM_FEATURES_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
em_feature_extractor_compute (EmFeatureExtractor  *self,
                              const float         *y,
                              gsize                n,
                              double               out[EM_FEATURE_COUNT],
                              GError             **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return em_feature_extractor_compute_full (self, y, n, EM_FEATURE_FLAGS_NONE, out, NULL, error);
}
