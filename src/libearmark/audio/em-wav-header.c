/* em-wav-header.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "em-wav-header.h"

#define HEADER_BYTES 4096

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

/**
 * em_wav_header_overclaims:
 * @path: a file name
 * @claimed_s: (out): duration claimed by the data chunk header
 * @present_s: (out): duration of the sample bytes actually in the file
 *
 * wavparse silently clamps a data chunk that claims more bytes than the file
 * holds, so a WAV file cut short would decode without any sign of damage.
 * This reads the RIFF header and compares the data chunk size with the file.
 *
 * Returns: %TRUE if @path is a RIFF/WAVE file whose data chunk claims more
 *   samples than the file contains
 */
gboolean
em_wav_header_overclaims (const char *path,
                          double     *claimed_s,
                          double     *present_s)
{
  guint8 header[HEADER_BYTES];
  GStatBuf st;
  FILE *fp;
  gsize n, pos = 12;
  guint32 byte_rate = 0;

  if (g_stat (path, &st) != 0 || (fp = g_fopen (path, "rb")) == NULL)
    return FALSE;
  n = fread (header, 1, sizeof header, fp);
  fclose (fp);

  if (n < 12 || memcmp (header, "RIFF", 4) != 0 || memcmp (header + 8, "WAVE", 4) != 0)
    return FALSE;

  while (pos + 8 <= n)
    {
      guint32 size = read_le32 (header + pos + 4);

      if (memcmp (header + pos, "fmt ", 4) == 0 && pos + 20 <= n)
        byte_rate = read_le32 (header + pos + 16);
      else if (memcmp (header + pos, "data", 4) == 0)
        {
          guint64 available = (guint64) st.st_size - (pos + 8);

          /* 0 and 0xFFFFFFFF mark streamed WAV files of unknown length. */
          if (byte_rate == 0 || size == 0 || size == G_MAXUINT32 || size <= available)
            return FALSE;
          *claimed_s = (double) size / byte_rate;
          *present_s = (double) available / byte_rate;
          return TRUE;
        }
      pos += 8 + (gsize) size + (size & 1);
    }

  return FALSE;
}
