/* em-test-wav.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A minimal reader for the fixtures: RIFF/WAVE, 16-bit PCM, mono, samples
 * as int16 / 32768 (what librosa.load returns for them).
 */

#include "config.h"

#include <string.h>

#include "em-test-wav.h"

static guint32
read_u32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
read_u16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

float *
em_test_wav_read (const char  *path,
                  guint       *sample_rate,
                  gsize       *n_samples,
                  GError     **error)
{
  g_autofree char *contents = NULL;
  const guint8 *data, *pcm = NULL;
  gsize length, pos = 12, pcm_len = 0;
  gboolean have_fmt = FALSE;
  float *y;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  data = (const guint8 *) contents;
  if (length < 12 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WAVE", 4) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: not a RIFF/WAVE file", path);
      return NULL;
    }

  while (pos + 8 <= length)
    {
      guint32 size = read_u32 (data + pos + 4);
      const guint8 *body = data + pos + 8;

      if (size > length - pos - 8)
        size = length - pos - 8;
      if (memcmp (data + pos, "fmt ", 4) == 0 && size >= 16)
        {
          if (read_u16 (body) != 1 || read_u16 (body + 2) != 1 || read_u16 (body + 14) != 16)
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           "%s: only mono 16-bit PCM is supported", path);
              return NULL;
            }
          *sample_rate = read_u32 (body + 4);
          have_fmt = TRUE;
        }
      else if (memcmp (data + pos, "data", 4) == 0)
        {
          pcm = body;
          pcm_len = size;
        }
      pos += 8 + size + (size & 1);
    }

  if (!have_fmt || pcm == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: no fmt or data chunk", path);
      return NULL;
    }

  *n_samples = pcm_len / 2;
  y = g_new (float, MAX (*n_samples, 1));
  for (gsize i = 0; i < *n_samples; i++)
    y[i] = (float) (gint16) read_u16 (pcm + 2 * i) / 32768.0f;

  return y;
}
