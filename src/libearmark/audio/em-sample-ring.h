/* em-sample-ring.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A mono float sample store that either grows without bound (capacity 0,
 * whole-file decoding) or keeps only the newest @capacity samples (tail
 * decoding: a 3-hour file never holds more than the last few chunks). */
typedef struct _EmSampleRing EmSampleRing;

EmSampleRing *em_sample_ring_new                (gsize         capacity);
void          em_sample_ring_free               (EmSampleRing *ring);
void          em_sample_ring_append_interleaved (EmSampleRing *ring,
                                                 const float  *frames,
                                                 gsize         n_frames,
                                                 guint         channels);
void          em_sample_ring_append_silence     (EmSampleRing *ring,
                                                 gsize         n_frames);
guint64       em_sample_ring_get_total          (EmSampleRing *ring);
gsize         em_sample_ring_get_length         (EmSampleRing *ring);
float        *em_sample_ring_steal              (EmSampleRing *ring,
                                                 gsize        *n_samples);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmSampleRing, em_sample_ring_free)

G_END_DECLS
