/* em-sample-ring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "em-sample-ring.h"

struct _EmSampleRing
{
  float   *data;
  gsize    allocated;
  gsize    capacity;   /* 0 = unbounded */
  gsize    length;     /* samples held */
  gsize    head;       /* bounded mode: index of the oldest sample */
  guint64  total;      /* samples ever appended */
};

EmSampleRing *
em_sample_ring_new (gsize capacity)
{
  EmSampleRing *ring = g_new0 (EmSampleRing, 1);

  ring->capacity = capacity;
  if (capacity > 0)
    {
      ring->allocated = capacity;
      ring->data = g_new (float, capacity);
    }

  return ring;
}

void
em_sample_ring_free (EmSampleRing *ring)
{
  if (ring == NULL)
    return;

  g_free (ring->data);
  g_free (ring);
}

static inline void
push_sample (EmSampleRing *ring,
             float         value)
{
  if (ring->capacity == 0)
    {
      if (ring->length == ring->allocated)
        {
          ring->allocated = MAX (ring->allocated * 2, 65536);
          ring->data = g_renew (float, ring->data, ring->allocated);
        }
      ring->data[ring->length++] = value;
    }
  else if (ring->length < ring->capacity)
    {
      gsize pos = ring->head + ring->length;

      if (pos >= ring->capacity)
        pos -= ring->capacity;
      ring->data[pos] = value;
      ring->length++;
    }
  else
    {
      /* Full: overwrite the oldest sample. */
      ring->data[ring->head] = value;
      if (++ring->head == ring->capacity)
        ring->head = 0;
    }
}

/* Appends @n_frames frames of @channels interleaved samples, averaging the
 * channels into one. */
void
em_sample_ring_append_interleaved (EmSampleRing *ring,
                                   const float  *frames,
                                   gsize         n_frames,
                                   guint         channels)
{
  g_return_if_fail (ring != NULL);
  g_return_if_fail (channels > 0);

  if (channels == 1 && ring->capacity == 0)
    {
      if (ring->length + n_frames > ring->allocated)
        {
          ring->allocated = MAX (MAX (ring->allocated * 2, 65536), ring->length + n_frames);
          ring->data = g_renew (float, ring->data, ring->allocated);
        }
      memcpy (ring->data + ring->length, frames, n_frames * sizeof (float));
      ring->length += n_frames;
    }
  else
    {
      float scale = 1.0f / (float) channels;

      for (gsize i = 0; i < n_frames; i++)
        {
          const float *frame = frames + i * channels;
          float sum = 0.0f;

          for (guint c = 0; c < channels; c++)
            sum += frame[c];
          push_sample (ring, channels == 1 ? sum : sum * scale);
        }
    }

  ring->total += n_frames;
}

void
em_sample_ring_append_silence (EmSampleRing *ring,
                               gsize         n_frames)
{
  g_return_if_fail (ring != NULL);

  for (gsize i = 0; i < n_frames; i++)
    push_sample (ring, 0.0f);
  ring->total += n_frames;
}

guint64
em_sample_ring_get_total (EmSampleRing *ring)
{
  g_return_val_if_fail (ring != NULL, 0);

  return ring->total;
}

gsize
em_sample_ring_get_length (EmSampleRing *ring)
{
  g_return_val_if_fail (ring != NULL, 0);

  return ring->length;
}

/**
 * em_sample_ring_steal:
 * @ring: a ring
 * @n_samples: (out): number of samples returned
 *
 * Takes the held samples, oldest first, and empties the ring.
 *
 * Returns: (transfer full) (nullable): the samples, free with g_free()
 */
float *
em_sample_ring_steal (EmSampleRing *ring,
                      gsize        *n_samples)
{
  float *out;

  g_return_val_if_fail (ring != NULL, NULL);
  g_return_val_if_fail (n_samples != NULL, NULL);

  *n_samples = ring->length;
  if (ring->length == 0)
    return NULL;

  if (ring->capacity == 0 || ring->head == 0)
    {
      out = g_steal_pointer (&ring->data);
      ring->allocated = 0;
      if (ring->capacity > 0)
        {
          ring->data = g_new (float, ring->capacity);
          ring->allocated = ring->capacity;
        }
    }
  else
    {
      gsize first = MIN (ring->length, ring->capacity - ring->head);

      out = g_new (float, ring->length);
      memcpy (out, ring->data + ring->head, first * sizeof (float));
      memcpy (out + first, ring->data, (ring->length - first) * sizeof (float));
    }

  ring->length = 0;
  ring->head = 0;

  return out;
}
