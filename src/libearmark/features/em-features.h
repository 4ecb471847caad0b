/* em-features.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The 38 clip features of features.md, in vector order. */
#define EM_FEATURE_COUNT        38
/* Travels with every stored vector; bump when any definition changes. */
#define EM_FEATURE_SET_VERSION  1
/* Input rate the definitions assume; nothing is resampled here. */
#define EM_FEATURE_SAMPLE_RATE  22050

/* Slots in the vector. */
#define EM_FEATURE_MFCC      0   /* 13 */
#define EM_FEATURE_ZCR       13
#define EM_FEATURE_CONTRAST  14  /* 7 */
#define EM_FEATURE_CHROMA    21  /* 12, C .. B */
#define EM_FEATURE_RMS       33
#define EM_FEATURE_ROLLOFF   34
#define EM_FEATURE_BANDWIDTH 35
#define EM_FEATURE_CENTROID  36
#define EM_FEATURE_HNR       37

#define EM_FEATURES_ERROR (em_features_error_quark ())

typedef enum
{
  EM_FEATURES_ERROR_EMPTY,       /* no samples */
  EM_FEATURES_ERROR_NOT_FINITE,  /* NaN or infinity in the samples */
} EmFeaturesError;

typedef enum
{
  EM_FEATURE_FLAGS_NONE     = 0,
  EM_FEATURE_FLAGS_SKIP_HNR = 1 << 0,  /* leave slot 37 NaN (librosa part only) */
} EmFeatureFlags;

/**
 * EmFeatureFrames:
 * @n_frames: T = 1 + floor(N / 512)
 * @tuning: the tuning estimate used for chroma (fractions of a semitone)
 * @mfcc: 13 x T, row-major (coefficient q of frame t at [q * T + t])
 * @contrast: 7 x T (dB)
 * @chroma: 12 x T (C .. B)
 * @zcr: T values
 * @rms: T values
 * @rolloff: T values (Hz)
 * @bandwidth: T values (Hz)
 * @centroid: T values (Hz)
 *
 * The per-frame matrices behind the 37 librosa features.
 */
typedef struct
{
  gsize   n_frames;
  double  tuning;
  double *mfcc;
  double *contrast;
  double *chroma;
  double *zcr;
  double *rms;
  double *rolloff;
  double *bandwidth;
  double *centroid;
} EmFeatureFrames;

typedef struct _EmFeatureExtractor EmFeatureExtractor;

GQuark              em_features_error_quark            (void);

const char         *em_feature_name                    (guint                index);
const char * const *em_feature_names                   (void);

EmFeatureExtractor *em_feature_extractor_new           (void);
void                em_feature_extractor_free          (EmFeatureExtractor  *self);
gboolean            em_feature_extractor_compute       (EmFeatureExtractor  *self,
                                                        const float         *y,
                                                        gsize                n,
                                                        double               out[EM_FEATURE_COUNT],
                                                        GError             **error);
gboolean            em_feature_extractor_compute_full  (EmFeatureExtractor  *self,
                                                        const float         *y,
                                                        gsize                n,
                                                        EmFeatureFlags       flags,
                                                        double               out[EM_FEATURE_COUNT],
                                                        EmFeatureFrames     *frames,
                                                        GError             **error);

void                em_feature_frames_clear            (EmFeatureFrames     *frames);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmFeatureExtractor, em_feature_extractor_free)

G_END_DECLS
