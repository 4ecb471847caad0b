/* em-audio-pipeline-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

#include "em-audio-pipeline.h"
#include "em-sample-ring.h"

G_BEGIN_DECLS

/* A decode that makes no progress for this long is abandoned. */
#define STALL_TIMEOUT_US (10 * G_USEC_PER_SEC)
/* Bus poll period: bounds the reaction time to a stall; cancellation wakes
 * the bus at once through a posted message. */
#define POLL_NS (100 * GST_MSECOND)
/* A timestamp jump larger than this is a gap in the stream. */
#define GAP_TOLERANCE_S 0.02
/* Never fill more than this much silence for one gap (bogus timestamps). */
#define MAX_GAP_S 600.0
/* A stream whose first timestamp is later than this starts there (no fill). */
#define MAX_LEAD_GAP_S 10.0

/* decodebin's GstAutoplugSelectResult (not in an installed header). */
enum { AUTOPLUG_SELECT_TRY = 0, AUTOPLUG_SELECT_SKIP = 2 };

struct _EmAudioPipeline
{
  char         *path;
  char         *display;
  GCancellable *cancellable;
  gulong        cancel_id;
  GstElement   *pipeline;
  GstElement   *convert;
  GstBus       *bus;
  GString      *warnings;
  gint          progress;        /* atomic: bumped by the streaming thread */
  gint          done;            /* atomic: stop_at_s reached */
  gint          audio_linked;    /* atomic */
  gint          no_more_pads;    /* atomic */
  gint          reset_pending;   /* atomic: drop what was kept at the next discontinuity */
  gint          seeked;          /* atomic: a seek was made */
  gboolean      playing;
  gboolean      eos;
  gboolean      prerolled;
  gboolean      fast;            /* plain MP3: no decodebin */

  /* Owned by the streaming thread while the pipeline runs. */
  GMutex        lock;            /* guards other_caps and missing */
  char         *other_caps;
  char         *missing;         /* missing decoder: description, else caps name */
  gboolean      missing_described;
  double        keep_seconds;    /* 0 = keep everything */
  double        stop_at_s;       /* < 0: run to the end */
  GstCaps      *caps;
  guint         rate;
  guint         channels;
  EmSampleRing *ring;
  guint64       seg_start;       /* position of the ring's first sample, in samples at rate */
  GstClockTime  segment_start;   /* start of the last GstSegment seen */
  gboolean      have_start;
  GArray       *prefix;          /* EM_AUDIO_RATE output of segments before a rate change */
  double        prefix_start_s;
  double        gap_total_s;
  double        first_gap_s;
  guint         n_gaps;
};

void     _em_audio_pipeline_set_error            (EmAudioPipeline  *self,
                                                  GError          **error,
                                                  EmAudioError      code,
                                                  const char       *what);
gboolean _em_audio_pipeline_build_decodebin      (EmAudioPipeline  *self,
                                                  GError          **error);
void     _em_audio_pipeline_teardown             (EmAudioPipeline  *self);

G_END_DECLS
