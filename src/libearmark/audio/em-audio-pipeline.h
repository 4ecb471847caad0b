/* em-audio-pipeline.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "em-audio-decoder.h"

G_BEGIN_DECLS

/* One decoding pipeline for one file, driven synchronously from the calling
 * thread (bus timed pops, no main loop):
 *   filesrc ! decodebin ! audioconvert ! appsink (F32LE interleaved)
 * The appsink callback averages channels into an EmSampleRing at the native
 * rate; resampling to EM_AUDIO_RATE happens once at the end (see
 * em_audio_resample()). Not thread-safe itself: one per call. */
typedef struct _EmAudioPipeline EmAudioPipeline;

EmAudioPipeline *em_audio_pipeline_new          (const char       *path,
                                                 GCancellable     *cancellable,
                                                 GError          **error);
void             em_audio_pipeline_free         (EmAudioPipeline  *self);
const char      *em_audio_pipeline_get_display  (EmAudioPipeline  *self);
void             em_audio_pipeline_set_keep     (EmAudioPipeline  *self,
                                                 double            keep_seconds,
                                                 double            stop_at_s);
gboolean         em_audio_pipeline_preroll      (EmAudioPipeline  *self,
                                                 GError          **error);
void             em_audio_pipeline_get_info     (EmAudioPipeline  *self,
                                                 EmAudioInfo      *info);
gboolean         em_audio_pipeline_seek         (EmAudioPipeline  *self,
                                                 double            position_s,
                                                 GError          **error);
gboolean         em_audio_pipeline_find_duration (EmAudioPipeline *self,
                                                 double           *duration_s,
                                                 GError          **error);
gboolean         em_audio_pipeline_seek_playing (EmAudioPipeline  *self,
                                                 double            position_s);
gboolean         em_audio_pipeline_run          (EmAudioPipeline  *self,
                                                 GError          **error);
float           *em_audio_pipeline_take_output  (EmAudioPipeline  *self,
                                                 guint             quality,
                                                 gsize            *n_samples,
                                                 double           *start_s,
                                                 double           *end_s);
void             em_audio_pipeline_add_warning  (EmAudioPipeline  *self,
                                                 const char       *warning);
char            *em_audio_pipeline_dup_warning  (EmAudioPipeline  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmAudioPipeline, em_audio_pipeline_free)

G_END_DECLS
