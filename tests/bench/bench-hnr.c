/* bench-hnr.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Speed of feature 38 (HNR, spec §8) on one core: milliseconds per 10-s
 * clip for every feature fixture and for the dev WAV clips that are at
 * 22050 Hz, and the ratio against Praat 6.3.07's 285-410 ms per clip.
 * Prints figures only; asserts nothing.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "em-hnr.h"

#define PRAAT_MS_LOW   285.0
#define PRAAT_MS_HIGH  410.0
#define CLIP_SECONDS   10.0

static guint32
read_le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

/* Mono 16-bit PCM WAV at 22050 Hz, or NULL (with the reason) otherwise. */
static float *
read_wav (const char  *path,
          gsize       *n,
          const char **why)
{
  g_autofree guint8 *data = NULL;
  gsize len = 0, pos = 12;
  gboolean format_ok = FALSE;

  *why = "unreadable";
  if (!g_file_get_contents (path, (char **) &data, &len, NULL) || len < 12
      || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WAVE", 4) != 0)
    return NULL;
  while (pos + 8 <= len)
    {
      guint32 size = read_le32 (data + pos + 4);
      const guint8 *body = data + pos + 8;

      if (size > len - pos - 8)
        return NULL;
      if (memcmp (data + pos, "fmt ", 4) == 0 && size >= 16)
        {
          if ((body[0] | (body[1] << 8)) != 1 || (body[2] | (body[3] << 8)) != 1
              || (body[14] | (body[15] << 8)) != 16)
            {
              *why = "not mono 16-bit PCM";
              return NULL;
            }
          if (read_le32 (body + 4) != 22050)
            {
              *why = "not at 22050 Hz";
              return NULL;
            }
          format_ok = TRUE;
        }
      else if (memcmp (data + pos, "data", 4) == 0 && format_ok)
        {
          float *y = g_new (float, size / 2 + 1);

          *n = size / 2;
          for (gsize i = 0; i < *n; i++)
            y[i] = (gint16) (body[2 * i] | (body[2 * i + 1] << 8)) / 32768.0f;
          return y;
        }
      pos += 8 + size + (size & 1);
    }
  return NULL;
}

/* CPU time of the calling thread in ms: steadier than wall time on a
 * shared machine, and what "one core" means here. */
static double
thread_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Best of a few runs, in ms of CPU per 10 s of audio. */
static double
time_clip (const float *y,
           gsize        n,
           double      *mean)
{
  double best = INFINITY;
  guint runs = (n >= 22050 * 5) ? 5 : 50;

  for (guint r = 0; r < runs; r++)
    {
      double start = thread_ms ();

      *mean = em_hnr_compute (y, n, NULL);
      best = MIN (best, thread_ms () - start);
    }
  return best * (CLIP_SECONDS * 22050.0 / (double) n);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static void
bench_dir (const char *dir,
           const char *suffix,
           double     *total_ms,
           guint      *n_clips)
{
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  if (gdir == NULL)
    return;
  while ((entry = g_dir_read_name (gdir)) != NULL)
    if (g_str_has_suffix (entry, suffix))
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree float *y = NULL;
      const char *why = NULL;
      double ms, mean;
      gsize n = 0;

      y = read_wav (path, &n, &why);
      if (y == NULL)
        {
          g_print ("%-28s skipped (%s)\n", (char *) names->pdata[i], why);
          continue;
        }
      ms = time_clip (y, n, &mean);
      g_print ("%-28s %8.2f ms/10 s   %6.1f-%6.1fx faster than Praat   (mean %.4f dB, %.2f s)\n",
               (char *) names->pdata[i], ms, PRAAT_MS_LOW / ms, PRAAT_MS_HIGH / ms,
               mean, n / 22050.0);
      if (n >= 22050 * 5)
        {
          *total_ms += ms;
          (*n_clips)++;
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *shared = g_getenv ("EARMARK_SHARED_DIR");
  g_autofree char *fixtures = NULL;
  g_autofree char *dev = NULL;
  double total_ms = 0.0;
  guint n_clips = 0;

  if (shared == NULL)
    {
      g_printerr ("EARMARK_SHARED_DIR is not set\n");
      return 0;
    }
  fixtures = g_build_filename (shared, "fixtures", "features", NULL);
  dev = g_build_filename (shared, "data", "dev", "clips", NULL);

  g_print ("HNR (spec section 8), CPU time of one thread, best of several runs; Praat 6.3.07: %.0f-%.0f ms per 10-s clip\n",
           PRAAT_MS_LOW, PRAAT_MS_HIGH);
  bench_dir (fixtures, ".wav", &total_ms, &n_clips);
  bench_dir (dev, ".wav", &total_ms, &n_clips);
  if (n_clips > 0)
    g_print ("average over %u clips of >= 5 s: %.2f ms per 10-s clip, %.1f-%.1fx faster than Praat\n",
             n_clips, total_ms / n_clips, PRAAT_MS_LOW * n_clips / total_ms,
             PRAAT_MS_HIGH * n_clips / total_ms);
  return 0;
}
