/* em-mp3-sniff.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "em-mp3-sniff.h"

#define SNIFF_BYTES 4096

/**
 * em_mp3_frame_length:
 * @h: 4 bytes
 *
 * Returns: the length in bytes of the MPEG audio Layer III frame whose
 *   header starts at @h, or 0 if @h is not such a header
 */
gsize
em_mp3_frame_length (const guint8 *h)
{
  static const int bitrates_v1[16] = { 0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0 };
  static const int bitrates_v2[16] = { 0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0 };
  static const int rates_v1[4] = { 44100, 48000, 32000, 0 };
  int version, bitrate, rate, padding;

  /* 11 sync bits, version != reserved, layer III. */
  if (h[0] != 0xff || (h[1] & 0xe0) != 0xe0 || ((h[1] >> 3) & 3) == 1 || ((h[1] >> 1) & 3) != 1)
    return 0;

  version = (h[1] >> 3) & 3;       /* 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5 */
  bitrate = (version == 3 ? bitrates_v1 : bitrates_v2)[h[2] >> 4];
  rate = rates_v1[(h[2] >> 2) & 3];
  padding = (h[2] >> 1) & 1;
  if (bitrate == 0 || rate == 0)
    return 0;
  if (version == 2)
    rate /= 2;
  else if (version == 0)
    rate /= 4;

  return (gsize) ((version == 3 ? 144000 : 72000) * bitrate / rate + padding);
}

/**
 * em_mp3_sniff_plain:
 * @data: the first bytes of a file
 * @length: number of bytes
 *
 * Recognises a plain MP3 stream (no ID3v2 tag, no other container) by two
 * consecutive Layer III frame headers at its start, so that the decoder can
 * build filesrc ! mpegaudioparse ! mpg123audiodec directly instead of
 * typefinding and autoplugging (decodebin costs more than the parsing).
 *
 * Returns: %TRUE if @data starts with two chained Layer III frames
 */
gboolean
em_mp3_sniff_plain (const guint8 *data,
                    gsize         length)
{
  gsize first;

  if (length < 4 || (first = em_mp3_frame_length (data)) == 0)
    return FALSE;
  if (first + 4 > length)
    return FALSE;
  return em_mp3_frame_length (data + first) != 0;
}

gboolean
em_mp3_sniff_file (const char *path)
{
  guint8 data[SNIFF_BYTES];
  gsize length;
  FILE *fp = g_fopen (path, "rb");

  if (fp == NULL)
    return FALSE;
  length = fread (data, 1, sizeof data, fp);
  fclose (fp);

  return em_mp3_sniff_plain (data, length);
}
