/* test-audio.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include "em-audio.h"
#include "em-audio-decoder-private.h"
#include "em-audio-resample.h"
#include "em-mp3-sniff.h"
#include "em-sample-ring.h"

/* One STFT hop at 22050 Hz: the tolerance of every duration and boundary. */
#define HOP 512
#define HOP_S ((double) HOP / EM_AUDIO_RATE)
/* Tail and whole-file decodes give identical samples (see test_tail);
 * this bound only absorbs float noise. */
#define TAIL_TOLERANCE 1e-6

static char *
shared_path (const char *first,
             ...)
{
  const char *root = g_getenv ("EARMARK_SHARED_DIR");
  g_autofree char *rest = NULL;
  va_list args;

  va_start (args, first);
  rest = g_build_filename_valist (first, &args);
  va_end (args);

  return g_build_filename (root != NULL ? root : "/work/shared", rest, NULL);
}

/* Under ASan GStreamer is slow: a sanitizer build (or EARMARK_TEST_QUICK=1)
 * keeps a subset of the corpus unless -m slow is given. */
static gboolean
quick_mode (void)
{
#if defined(__SANITIZE_ADDRESS__)
  return !g_test_slow ();
#else
  return g_getenv ("EARMARK_TEST_QUICK") != NULL && !g_test_slow ();
#endif
}

/* ---- pure chunk arithmetic ---- */

static void
test_chunker (void)
{
  const gsize C = 10 * EM_AUDIO_RATE, L = EM_AUDIO_RATE;
  EmChunkSpan span;

  /* Exact multiple: three full chunks counted from the end. */
  g_assert_cmpuint (em_chunker_count (3 * C, C, L), ==, 3);
  g_assert_true (em_chunker_get_span (3 * C, C, L, 0, &span));
  g_assert_cmpuint (span.start, ==, 2 * C);
  g_assert_cmpuint (span.end, ==, 3 * C);
  g_assert_false (span.partial);
  g_assert_true (em_chunker_get_span (3 * C, C, L, 2, &span));
  g_assert_cmpuint (span.start, ==, 0);
  g_assert_false (em_chunker_get_span (3 * C, C, L, 3, &span));

  /* Leftover >= 1 s kept as the last, partial chunk, starting at 0. */
  g_assert_cmpuint (em_chunker_count (2 * C + 3 * L, C, L), ==, 3);
  g_assert_true (em_chunker_get_span (2 * C + 3 * L, C, L, 0, &span));
  g_assert_cmpuint (span.start, ==, C + 3 * L);
  g_assert_cmpuint (span.end, ==, 2 * C + 3 * L);
  g_assert_true (em_chunker_get_span (2 * C + 3 * L, C, L, 2, &span));
  g_assert_true (span.partial);
  g_assert_cmpuint (span.start, ==, 0);
  g_assert_cmpuint (span.end, ==, 3 * L);

  /* Leftover of exactly 1 s is kept; shorter is dropped (10.03-s clip). */
  g_assert_cmpuint (em_chunker_count (C + L, C, L), ==, 2);
  g_assert_cmpuint (em_chunker_count (C + L - 1, C, L), ==, 1);
  g_assert_cmpuint (em_chunker_count (C + 661, C, L), ==, 1);
  g_assert_true (em_chunker_get_span (C + 661, C, L, 0, &span));
  g_assert_cmpuint (span.start, ==, 661);
  g_assert_cmpuint (span.end, ==, C + 661);

  /* Shorter than one chunk: one partial chunk, even under 1 s. */
  g_assert_cmpuint (em_chunker_count (33075, C, L), ==, 1);
  g_assert_true (em_chunker_get_span (33075, C, L, 0, &span));
  g_assert_true (span.partial);
  g_assert_cmpuint (span.start, ==, 0);
  g_assert_cmpuint (span.end, ==, 33075);
  g_assert_cmpuint (em_chunker_count (100, C, L), ==, 1);

  /* No samples: no chunk. */
  g_assert_cmpuint (em_chunker_count (0, C, L), ==, 0);
  g_assert_false (em_chunker_get_span (0, C, L, 0, &span));
}

static void
test_chunk_set_from_samples (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EmChunkSet) set = NULL;
  gsize n = 25 * EM_AUDIO_RATE;
  float *samples = g_new (float, n);
  const EmChunk *chunk;

  for (gsize i = 0; i < n; i++)
    samples[i] = (float) i;

  set = em_chunk_set_new_from_samples (samples, n, 0, 25.0, 10.0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (em_chunk_set_get_n_chunks (set), ==, 3);
  chunk = em_chunk_set_get_chunk (set, 0);
  g_assert_cmpfloat_with_epsilon (chunk->start_s, 15.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (chunk->end_s, 25.0, 1e-9);
  g_assert_cmpfloat (chunk->samples[0], ==, (float) (15 * EM_AUDIO_RATE));
  chunk = em_chunk_set_get_chunk (set, 2);
  g_assert_true (chunk->partial);
  g_assert_cmpuint (chunk->n_samples, ==, 5 * EM_AUDIO_RATE);
  g_assert_cmpfloat (chunk->samples[0], ==, 0.0f);
  g_assert_null (em_chunk_set_get_chunk (set, 3));
  g_clear_pointer (&set, em_chunk_set_unref);

  /* Zero samples is an error. */
  set = em_chunk_set_new_from_samples (NULL, 0, 0, 0, 10.0, 0, &error);
  g_assert_null (set);
  g_assert_error (error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_EMPTY);
}

static void
test_ring (void)
{
  g_autoptr(EmSampleRing) ring = em_sample_ring_new (5);
  g_autoptr(EmSampleRing) all = em_sample_ring_new (0);
  const float stereo[] = { 1, 3, 2, 4, 3, 5, 4, 6, 5, 7, 6, 8, 7, 9 };
  g_autofree float *out = NULL;
  gsize n;

  em_sample_ring_append_interleaved (ring, stereo, 7, 2);
  g_assert_cmpuint (em_sample_ring_get_total (ring), ==, 7);
  g_assert_cmpuint (em_sample_ring_get_length (ring), ==, 5);
  out = em_sample_ring_steal (ring, &n);
  g_assert_cmpuint (n, ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpfloat (out[i], ==, 4.0f + i);   /* averages of the last 5 frames */
  g_clear_pointer (&out, g_free);

  em_sample_ring_append_interleaved (all, stereo, 14, 1);
  em_sample_ring_append_silence (all, 2);
  out = em_sample_ring_steal (all, &n);
  g_assert_cmpuint (n, ==, 16);
  g_assert_cmpfloat (out[13], ==, 9.0f);
  g_assert_cmpfloat (out[15], ==, 0.0f);
}

/* An impulse at 1.0 s lands on output sample 22050 for every input rate:
 * the resampler adds no delay. */
static void
test_resample_alignment (void)
{
  const guint rates[] = { 8000, 11025, 16000, 32000, 44100, 48000, 96000 };

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    {
      gsize n_in = 3 * rates[r], n_out = 0, dropped = 0, peak = 0;
      g_autofree float *in = g_new0 (float, n_in);
      g_autofree float *out = NULL;

      in[rates[r]] = 1.0f;
      out = em_audio_resample (in, n_in, rates[r], EM_AUDIO_RATE, EM_AUDIO_RESAMPLE_QUALITY_DEFAULT, &n_out, &dropped, NULL);
      g_assert_cmpuint (dropped, ==, 0);
      g_assert_cmpuint (n_out, ==, 3 * EM_AUDIO_RATE);
      for (gsize i = 0; i < n_out; i++)
        if (out[i] > out[peak])
          peak = i;
      g_test_message ("rate %u: impulse at output %zu", rates[r], peak);
      g_assert_cmpint ((gint64) peak - EM_AUDIO_RATE, >=, -1);
      g_assert_cmpint ((gint64) peak - EM_AUDIO_RATE, <=, 1);
    }
}

/* ---- decoding ---- */

static void
check_signal (const float *samples,
              gsize        n)
{
  double energy = 0;

  for (gsize i = 0; i < n; i++)
    {
      g_assert_true (isfinite (samples[i]));
      energy += (double) samples[i] * samples[i];
    }
  g_assert_cmpfloat (energy, >, 0);
}

static void
test_formats (void)
{
  g_autofree char *dir_path = shared_path ("data", "dev", "clips", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree float *samples = NULL;
      const char *ext = strrchr (name, '.');
      gsize n = 0;

      if (ext == NULL || !g_str_has_prefix (name, "clip-"))
        continue;
      /* Quick mode: three files per format. */
      if (quick_mode () && GPOINTER_TO_UINT (g_hash_table_lookup (seen, ext)) >= 3)
        continue;
      g_hash_table_insert (seen, g_strdup (ext), GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (seen, ext)) + 1));

      samples = em_audio_decode (path, 0, -1, &n, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (labs ((long) n - 10 * EM_AUDIO_RATE), <=, HOP);
      check_signal (samples, n);
    }

  g_assert_true (g_hash_table_contains (seen, ".mp3"));
  g_assert_true (g_hash_table_contains (seen, ".ogg"));
  g_assert_true (g_hash_table_contains (seen, ".flac"));
  g_assert_true (g_hash_table_contains (seen, ".wav"));
}

static void
test_probe (void)
{
  g_autofree char *mp3 = shared_path ("data", "dev", "episodes", "episode-01.mp3", NULL);
  g_autofree char *wav = shared_path ("data", "dev", "clips", "clip-0213.wav", NULL);
  g_autofree char *ogg = shared_path ("data", "dev", "clips", "clip-0026.ogg", NULL);
  g_autoptr(GError) error = NULL;
  EmAudioInfo info;

  g_assert_true (em_audio_probe (mp3, &info, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (info.duration_s, 167.886, HOP_S);
  g_assert_cmpuint (info.rate, ==, 44100);
  g_assert_cmpuint (info.channels, ==, 1);
  g_assert_true (info.seekable);

  g_assert_true (em_audio_probe (wav, &info, NULL, &error));
  g_assert_cmpuint (info.rate, ==, 16000);
  g_assert_cmpfloat_with_epsilon (info.duration_s, 10.0, HOP_S);

  g_assert_true (em_audio_probe (ogg, &info, NULL, &error));
  g_assert_cmpuint (info.channels, ==, 2);
  g_assert_cmpuint (info.rate, ==, 44100);
}

static void
test_episodes (void)
{
  g_autofree char *json_path = shared_path ("data", "dev", "episodes.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *episodes;

  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  episodes = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (episodes), >, 0);

  for (guint e = 0; e < json_array_get_length (episodes); e++)
    {
      JsonObject *episode = json_array_get_object_element (episodes, e);
      JsonArray *expected = json_object_get_array_member (episode, "chunks");
      g_autofree char *path = shared_path ("data", "dev", json_object_get_string_member (episode, "file"), NULL);
      g_autoptr(EmChunkSet) set = NULL;
      guint n_expected = json_array_get_length (expected);

      if (quick_mode () && e >= 3)
        break;

      set = em_audio_read_chunks (path, 10.0, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_null (em_chunk_set_get_warning (set));
      g_assert_cmpfloat_with_epsilon (em_chunk_set_get_duration (set),
                                      json_object_get_double_member (episode, "duration_s"), HOP_S);
      g_assert_cmpuint (em_chunk_set_get_n_chunks (set), ==, n_expected);

      for (guint i = 0; i < n_expected; i++)
        {
          JsonObject *want = json_array_get_object_element (expected, i);
          const EmChunk *chunk = em_chunk_set_get_chunk (set, i);

          g_assert_cmpuint (chunk->index, ==, json_object_get_int_member (want, "index"));
          g_assert_cmpfloat_with_epsilon (chunk->start_s, json_object_get_double_member (want, "start_s"), HOP_S);
          g_assert_cmpfloat_with_epsilon (chunk->end_s, json_object_get_double_member (want, "end_s"), HOP_S);
          g_assert_cmpint (labs ((long) chunk->n_samples -
                                 lround (json_object_get_double_member (want, "duration_s") * EM_AUDIO_RATE)), <=, HOP);
          g_assert_cmpint (chunk->partial, ==, i == n_expected - 1 && chunk->n_samples < 10 * EM_AUDIO_RATE);
          if (i == n_expected - 1)
            g_assert_cmpfloat_with_epsilon (chunk->start_s, 0.0, HOP_S);
        }
    }
}

static float
max_difference (const EmChunk *a,
                const EmChunk *b)
{
  float worst = 0;

  g_assert_cmpuint (a->n_samples, ==, b->n_samples);
  for (gsize i = 0; i < a->n_samples; i++)
    worst = MAX (worst, fabsf (a->samples[i] - b->samples[i]));
  return worst;
}

/* Reading only the last 1 or 2 chunks (seek near the end) gives the same
 * samples as decoding the whole file. */
static void
test_tail (void)
{
  /* CBR 44.1 kHz, VBR 48 kHz, VBR 44.1 kHz, CBR 32 kHz. */
  const char *files[] = { "episodes/episode-01.mp3", "episodes/episode-05.mp3", "episodes/episode-02.mp3",
                          "episodes/episode-10.mp3" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = shared_path ("data", "dev", files[f], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(EmChunkSet) full = NULL;

      if (quick_mode () && f >= 1)
        break;

      full = em_audio_read_chunks (path, 10.0, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_false (em_chunk_set_get_seeked (full));

      for (guint max_chunks = 1; max_chunks <= 2; max_chunks++)
        {
          g_autoptr(EmChunkSet) tail = em_audio_read_chunks (path, 10.0, max_chunks, NULL, &error);

          g_assert_no_error (error);
          g_assert_true (em_chunk_set_get_seeked (tail));
          g_assert_null (em_chunk_set_get_warning (tail));
          g_assert_cmpuint (em_chunk_set_get_n_chunks (tail), ==, max_chunks);
          g_assert_cmpfloat_with_epsilon (em_chunk_set_get_duration (tail), em_chunk_set_get_duration (full), HOP_S);

          for (guint i = 0; i < max_chunks; i++)
            {
              const EmChunk *a = em_chunk_set_get_chunk (full, i);
              const EmChunk *b = em_chunk_set_get_chunk (tail, i);
              float diff = max_difference (a, b);

              g_test_message ("%s, max_chunks %u, chunk %u: max |tail - full| = %g", files[f], max_chunks, i, diff);
              g_assert_cmpfloat (diff, <=, TAIL_TOLERANCE);
              g_assert_cmpfloat_with_epsilon (a->start_s, b->start_s, HOP_S);
              g_assert_cmpfloat_with_epsilon (a->end_s, b->end_s, HOP_S);
            }
        }
    }
}

/* An MP3 without its Xing/Info frame has no duration until frames flow:
 * the decoder starts playing, learns the estimate, then seeks while
 * playing. The tail must still match the whole-file decode. */
static void
test_tail_unknown_duration (void)
{
  g_autofree char *src = shared_path ("data", "dev", "episodes", "episode-12.mp3", NULL);
  g_autofree char *tmpdir = g_dir_make_tmp ("earmark-audio-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmpdir, "no-info-frame.mp3", NULL);
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EmChunkSet) full = NULL;
  g_autoptr(EmChunkSet) tail = NULL;
  EmAudioInfo info;
  gsize length, first;

  g_assert_true (g_file_get_contents (src, (char **) &data, &length, NULL));
  first = em_mp3_frame_length (data);
  g_assert_cmpuint (first, >, 0);
  g_assert_true (g_file_set_contents (path, (const char *) data + first, length - first, NULL));

  full = em_audio_read_chunks (path, 10.0, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (em_audio_probe (path, &info, NULL, &error));
  g_test_message ("no Info frame: probed duration %.3f s (estimate), decoded %.3f s",
                  info.duration_s, em_chunk_set_get_duration (full));
  g_assert_cmpfloat (fabs (info.duration_s - em_chunk_set_get_duration (full)), <, 0.5);
  tail = em_audio_read_chunks (path, 10.0, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (em_chunk_set_get_seeked (tail));
  g_assert_cmpuint (em_chunk_set_get_n_chunks (tail), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      float diff = max_difference (em_chunk_set_get_chunk (full, i), em_chunk_set_get_chunk (tail, i));

      g_test_message ("no Info frame, chunk %u: max |tail - full| = %g", i, diff);
      g_assert_cmpfloat (diff, <=, TAIL_TOLERANCE);
    }

  g_remove (path);
  g_rmdir (tmpdir);
}

/* A VBR MP3 cut to 60 % in the middle of a frame: the parser estimates the
 * duration from the file size, the tail decode seeks there and, like the
 * whole-file decode, reports the truncation. */
static void
test_tail_truncated (void)
{
  g_autofree char *src = shared_path ("data", "dev", "episodes", "episode-02.mp3", NULL);
  g_autofree char *tmpdir = g_dir_make_tmp ("earmark-audio-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmpdir, "cut.mp3", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EmChunkSet) full = NULL;
  g_autoptr(EmChunkSet) tail = NULL;
  gsize length;
  float diff;

  g_assert_true (g_file_get_contents (src, &data, &length, NULL));
  g_assert_true (g_file_set_contents (path, data, length * 6 / 10, NULL));

  full = em_audio_read_chunks (path, 10.0, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (em_chunk_set_get_warning (full), "truncated"));
  tail = em_audio_read_chunks (path, 10.0, 1, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("cut VBR: %.2f s, warning: %s", em_chunk_set_get_duration (tail), em_chunk_set_get_warning (tail));
  g_assert_nonnull (strstr (em_chunk_set_get_warning (tail), "truncated"));
  g_assert_cmpfloat (em_chunk_set_get_duration (tail), <, 0.7 * 122.7);
  g_assert_cmpfloat_with_epsilon (em_chunk_set_get_duration (tail), em_chunk_set_get_duration (full), HOP_S);
  diff = max_difference (em_chunk_set_get_chunk (full, 0), em_chunk_set_get_chunk (tail, 0));
  g_assert_cmpfloat (diff, <=, TAIL_TOLERANCE);

  g_remove (path);
  g_rmdir (tmpdir);
}

/* The plain-MP3 fast path (no decodebin) and decodebin give the same
 * samples; the sniffer rejects what is not a plain MP3 stream. */
static void
test_fast_path (void)
{
  g_autofree char *clip = shared_path ("data", "dev", "clips", "clip-0001.mp3", NULL);
  g_autofree char *random = shared_path ("data", "bad", "random-bytes.mp3", NULL);
  g_autofree char *text = shared_path ("data", "bad", "not-audio.mp3", NULL);
  g_autofree char *ogg = shared_path ("data", "dev", "clips", "clip-0026.ogg", NULL);
  g_autofree float *fast = NULL;
  g_autofree float *slow = NULL;
  g_autoptr(GError) error = NULL;
  gsize n_fast, n_slow;

  g_assert_true (em_mp3_sniff_file (clip));
  g_assert_false (em_mp3_sniff_file (random));
  g_assert_false (em_mp3_sniff_file (text));
  g_assert_false (em_mp3_sniff_file (ogg));

  fast = em_audio_decode (clip, 0, -1, &n_fast, NULL, &error);
  g_assert_no_error (error);
  _em_audio_set_fast_path (FALSE);
  slow = em_audio_decode (clip, 0, -1, &n_slow, NULL, &error);
  _em_audio_set_fast_path (TRUE);
  g_assert_no_error (error);
  g_assert_cmpmem (fast, n_fast * sizeof (float), slow, n_slow * sizeof (float));
}

/* Writes @n samples as a 16-bit mono WAV file at EM_AUDIO_RATE. */
static void
write_wav (const char  *path,
           const float *samples,
           gsize        n)
{
  g_autoptr(GByteArray) out = g_byte_array_sized_new (44 + 2 * n);
  guint32 data_bytes = (guint32) (2 * n);
  guint8 header[44] = { 'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' ',
                        16, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 16, 0,
                        'd', 'a', 't', 'a', 0, 0, 0, 0 };

  *(guint32 *) (void *) (header + 4) = GUINT32_TO_LE (36 + data_bytes);
  *(guint32 *) (void *) (header + 24) = GUINT32_TO_LE (EM_AUDIO_RATE);
  *(guint32 *) (void *) (header + 28) = GUINT32_TO_LE (2 * EM_AUDIO_RATE);
  *(guint32 *) (void *) (header + 40) = GUINT32_TO_LE (data_bytes);
  g_byte_array_append (out, header, sizeof header);
  for (gsize i = 0; i < n; i++)
    {
      gint16 v = (gint16) GUINT16_TO_LE ((guint16) (gint16) lrintf (CLAMP (samples[i], -1.0f, 1.0f) * 32767.0f));

      g_byte_array_append (out, (const guint8 *) &v, 2);
    }
  g_assert_true (g_file_set_contents (path, (const char *) out->data, out->len, NULL));
}

/* Encodes @wav with a GStreamer encoder description (e.g. "flacenc"). */
static gboolean
encode (const char *wav,
        const char *encoder,
        const char *path)
{
  g_autofree char *desc = g_strdup_printf ("filesrc name=src ! wavparse ! audioconvert ! %s ! filesink name=sink", encoder);
  g_autoptr(GstElement) pipeline = gst_parse_launch (desc, NULL);
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;

  if (pipeline == NULL)
    return FALSE;
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (src, "location", wav, NULL);
  g_object_set (sink, "location", path, NULL);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS;
}

/* Tail decoding after a seek in WAV, FLAC, Ogg Vorbis and Ogg Opus (made
 * from 40 s of an episode, 30 s in quick mode) gives the whole-file
 * decode's chunk samples. */
static void
test_tail_formats (void)
{
  const char *encoders[][2] = { { NULL, "wav" }, { "flacenc", "flac" }, { "vorbisenc quality=0.3 ! oggmux", "ogg" },
                                { "audioresample ! audio/x-raw,rate=48000 ! opusenc ! oggmux", "opus" } };
  g_autofree char *src = shared_path ("data", "dev", "episodes", "episode-04.mp3", NULL);
  g_autofree char *tmpdir = g_dir_make_tmp ("earmark-audio-XXXXXX", NULL);
  g_autofree char *wav = g_build_filename (tmpdir, "long.wav", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree float *pcm = NULL;
  guint n_chunks = quick_mode () ? 3 : 4;
  gsize n;

  pcm = em_audio_decode (src, 0, 10.0 * n_chunks, &n, NULL, &error);
  g_assert_no_error (error);
  write_wav (wav, pcm, n);

  for (guint f = 0; f < G_N_ELEMENTS (encoders); f++)
    {
      g_autofree char *name = g_strdup_printf ("long.%s", encoders[f][1]);
      g_autofree char *path = encoders[f][0] != NULL ? g_build_filename (tmpdir, name, NULL) : g_strdup (wav);
      g_autoptr(EmChunkSet) full = NULL;
      g_autoptr(EmChunkSet) tail = NULL;

      if (encoders[f][0] != NULL && !encode (wav, encoders[f][0], path))
        {
          g_test_message ("%s: encoder not available, skipped", encoders[f][1]);
          continue;
        }

      full = em_audio_read_chunks (path, 10.0, 0, NULL, &error);
      g_assert_no_error (error);
      tail = em_audio_read_chunks (path, 10.0, 2, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (em_chunk_set_get_seeked (tail));
      g_assert_null (em_chunk_set_get_warning (full));
      g_assert_null (em_chunk_set_get_warning (tail));
      g_assert_cmpuint (em_chunk_set_get_n_chunks (full), ==, n_chunks);
      g_assert_cmpfloat_with_epsilon (em_chunk_set_get_duration (full), (double) n / EM_AUDIO_RATE, HOP_S);
      g_assert_cmpuint (em_chunk_set_get_n_chunks (tail), ==, 2);
      for (guint i = 0; i < 2; i++)
        {
          float diff = max_difference (em_chunk_set_get_chunk (full, i), em_chunk_set_get_chunk (tail, i));

          g_test_message ("%s, chunk %u: max |tail - full| = %g", encoders[f][1], i, diff);
          g_assert_cmpfloat (diff, <=, TAIL_TOLERANCE);
        }
      if (encoders[f][0] != NULL)
        g_remove (path);
    }

  g_remove (wav);
  g_rmdir (tmpdir);
}

/* A tail longer than the file decodes it all, without seeking. */
static void
test_tail_short_file (void)
{
  g_autofree char *path = shared_path ("data", "bad", "short-1.5s.mp3", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EmChunkSet) set = em_audio_read_chunks (path, 10.0, 2, NULL, &error);
  const EmChunk *chunk;

  g_assert_no_error (error);
  g_assert_false (em_chunk_set_get_seeked (set));
  g_assert_cmpuint (em_chunk_set_get_n_chunks (set), ==, 1);
  chunk = em_chunk_set_get_chunk (set, 0);
  g_assert_true (chunk->partial);
  g_assert_cmpint (labs ((long) chunk->n_samples - lround (1.5 * EM_AUDIO_RATE)), <=, HOP);
}

static void
test_range (void)
{
  g_autofree char *path = shared_path ("data", "dev", "episodes", "episode-02.mp3", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree float *all = NULL;
  g_autofree float *part = NULL;
  gsize n_all = 0, n_part = 0, offset = 30 * EM_AUDIO_RATE;
  double worst = 0;

  all = em_audio_decode (path, 0, -1, &n_all, NULL, &error);
  g_assert_no_error (error);
  part = em_audio_decode (path, 30.0, 2.0, &n_part, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_part, ==, 2 * EM_AUDIO_RATE);

  /* A range decode puts its output grid on its own span, so samples agree
   * with the whole-file decode up to a sub-sample phase; compare energy and
   * the best alignment within one sample. */
  for (gsize i = 0; i < n_part; i++)
    worst = MAX (worst, fabs ((double) part[i] - all[offset + i]));
  g_test_message ("range vs whole-file: max |diff| %g", worst);
  g_assert_cmpfloat (worst, <, 0.1);
}

/* A range that runs past the end returns what is there; a range that
 * starts after the end is an error naming the file. */
static void
test_range_end (void)
{
  g_autofree char *path = shared_path ("data", "dev", "clips", "clip-0001.mp3", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree float *part = NULL;
  gsize n = 0;

  part = em_audio_decode (path, 8.0, 5.0, &n, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (labs ((long) n - 2 * EM_AUDIO_RATE), <=, HOP);
  g_clear_pointer (&part, g_free);

  part = em_audio_decode (path, 12.0, 1.0, &n, NULL, &error);
  g_assert_null (part);
  g_assert_error (error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "clip-0001.mp3"));
}

/* ---- hostile inputs (data/bad/README.md) ---- */

typedef struct
{
  const char *name;
  int         code;         /* -1: valid audio */
  gboolean    warning;      /* valid audio: expect a warning */
  double      duration_s;   /* valid audio: expected decoded duration */
} BadCase;

static void
test_bad (void)
{
  const BadCase cases[] = {
    { "zero-byte.mp3", EM_AUDIO_ERROR_EMPTY, FALSE, 0 },
    { "not-audio.mp3", EM_AUDIO_ERROR_NOT_AUDIO, FALSE, 0 },
    { "random-bytes.mp3", EM_AUDIO_ERROR_NOT_AUDIO, FALSE, 0 },
    { "truncated-midframe.mp3", -1, TRUE, 5.5 },
    { "header-overclaims.wav", -1, TRUE, 3.0 },
    { "short-1.5s.mp3", -1, FALSE, 1.5 },
    { "silence-10s.mp3", -1, FALSE, 10.0 },
    { "Émission spéciale – 01.mp3", -1, FALSE, 10.0 },
    { "corrupted-page.ogg", -1, TRUE, 10.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = shared_path ("data", "bad", cases[i].name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(EmChunkSet) set = em_audio_read_chunks (path, 10.0, 0, NULL, &error);

      if (cases[i].code >= 0)
        {
          g_assert_null (set);
          g_assert_error (error, EM_AUDIO_ERROR, cases[i].code);
          g_assert_nonnull (strstr (error->message, cases[i].name));
          g_test_message ("%s: %s", cases[i].name, error->message);
          continue;
        }

      g_assert_no_error (error);
      g_test_message ("%s: %.3f s, warning: %s", cases[i].name, em_chunk_set_get_duration (set),
                      em_chunk_set_get_warning (set));
      g_assert_cmpfloat (fabs (em_chunk_set_get_duration (set) - cases[i].duration_s), <=, 0.05);
      g_assert_cmpuint (em_chunk_set_get_n_chunks (set), ==, 1);
      if (cases[i].warning)
        g_assert_nonnull (em_chunk_set_get_warning (set));
      else
        g_assert_null (em_chunk_set_get_warning (set));
    }
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("earmark-audio-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "missing.mp3", NULL);
  g_autofree char *locked = g_build_filename (tmpdir, "locked.mp3", NULL);
  g_autofree char *text = g_build_filename (tmpdir, "notes.txt", NULL);
  g_autofree char *src = shared_path ("data", "dev", "clips", "clip-0001.mp3", NULL);
  g_autofree char *contents = NULL;
  g_autofree float *samples = NULL;
  gsize length, n;
  EmAudioInfo info;
  int fd;

  samples = em_audio_decode (missing, 0, -1, &n, NULL, &error);
  g_assert_null (samples);
  g_assert_error (error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.mp3"));
  g_clear_error (&error);

  g_assert_false (em_audio_probe (tmpdir, &info, NULL, &error));
  g_assert_error (error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_UNREADABLE);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "plain text, not audio\n", -1, NULL));
  g_assert_false (em_audio_probe (text, &info, NULL, &error));
  g_assert_error (error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_NOT_AUDIO);
  g_clear_error (&error);

  /* A format GStreamer recognises but cannot decode here (MIDI needs a
   * synthesiser plugin): NO_DECODER naming the format. */
  {
    static const char midi[] = "MThd\0\0\0\6\0\0\0\1\0\x60MTrk\0\0\0\4\0\xff\x2f\0";
    g_autofree char *mid = g_build_filename (tmpdir, "tune.mid", NULL);

    g_assert_true (g_file_set_contents (mid, midi, sizeof midi - 1, NULL));
    samples = em_audio_decode (mid, 0, -1, &n, NULL, &error);
    if (samples != NULL)
      g_test_message ("a MIDI decoder is installed: no-decoder test skipped");
    else
      {
        g_test_message ("%s", error->message);
        g_assert_error (error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_NO_DECODER);
        g_assert_nonnull (strstr (error->message, "tune.mid"));
        g_assert_nonnull (strstr (error->message, "midi"));
      }
    g_clear_error (&error);
    g_clear_pointer (&samples, g_free);
    g_remove (mid);
  }

  /* Permission denied (meaningless as root, who can read anything). */
  g_assert_true (g_file_get_contents (src, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (locked, contents, length, NULL));
  g_assert_cmpint (g_chmod (locked, 0), ==, 0);
  fd = g_open (locked, O_RDONLY, 0);
  if (fd >= 0)
    {
      g_close (fd, NULL);
      g_test_message ("running as root: permission test skipped");
    }
  else
    {
      samples = em_audio_decode (locked, 0, -1, &n, NULL, &error);
      g_assert_null (samples);
      g_assert_error (error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_UNREADABLE);
      g_assert_nonnull (strstr (error->message, "locked.mp3"));
      g_clear_error (&error);
    }

  g_remove (locked);
  g_remove (text);
  g_rmdir (tmpdir);
}

/* Truncated, overwritten and spliced copies of clips of every format:
 * each decodes (possibly with a warning) or fails with an EM_AUDIO_ERROR
 * naming the file; none crashes or hangs. */
static void
test_damaged (void)
{
  const char *names[] = { "clip-0001.mp3", "clip-0026.ogg", "clip-0048.flac", "clip-0213.wav" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20241125);
  g_autofree char *tmpdir = g_dir_make_tmp ("earmark-audio-XXXXXX", NULL);

  for (guint f = 0; f < G_N_ELEMENTS (names); f++)
    {
      g_autofree char *src = shared_path ("data", "dev", "clips", names[f], NULL);
      g_autofree guint8 *data = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (src, (char **) &data, &length, NULL));
      for (guint variant = 0; variant < (quick_mode () ? 3u : 6u); variant++)
        {
          g_autofree char *path = g_strdup_printf ("%s/damaged-%u-%s", tmpdir, variant, names[f]);
          g_autofree guint8 *copy = g_memdup2 (data, length);
          g_autoptr(GError) error = NULL;
          g_autoptr(EmChunkSet) set = NULL;
          gsize n = length;

          if (variant % 3 == 0)
            n = (gsize) g_rand_int_range (rand, 1, (gint32) length);
          else if (variant % 3 == 1)
            for (guint k = 0; k < 40; k++)
              copy[g_rand_int_range (rand, 0, (gint32) length)] = (guint8) g_rand_int_range (rand, 0, 256);
          else
            {
              gsize cut = (gsize) g_rand_int_range (rand, 64, (gint32) length);

              memmove (copy + 64, copy + cut, length - cut);
              n = 64 + length - cut;
            }
          g_assert_true (g_file_set_contents (path, (const char *) copy, n, NULL));

          set = em_audio_read_chunks (path, 10.0, 0, NULL, &error);
          if (set == NULL)
            {
              g_assert_true (error->domain == EM_AUDIO_ERROR);
              g_assert_nonnull (strstr (error->message, names[f]));
            }
          else
            g_assert_cmpuint (em_chunk_set_get_n_chunks (set), >=, 1);
          g_test_message ("%s: %s", path, set == NULL ? error->message :
                          em_chunk_set_get_warning (set) != NULL ? em_chunk_set_get_warning (set) : "ok");
          g_remove (path);
        }
    }
  g_rmdir (tmpdir);
}

/* ---- cancellation and threads ---- */

static gpointer
cancel_later (gpointer data)
{
  g_usleep (30 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel (void)
{
  g_autofree char *path = shared_path ("data", "dev", "episodes", "episode-01.mp3", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree float *samples = NULL;
  GThread *thread;
  gint64 start;
  gsize n;

  /* Already cancelled: returns at once. */
  g_cancellable_cancel (cancellable);
  samples = em_audio_decode (path, 0, -1, &n, cancellable, &error);
  g_assert_null (samples);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_cancellable_reset (cancellable);

  /* Cancelled while decoding a 168-s episode. */
  start = g_get_monotonic_time ();
  thread = g_thread_new ("cancel", cancel_later, cancellable);
  samples = em_audio_decode (path, 0, -1, &n, cancellable, &error);
  g_thread_join (thread);
  g_assert_null (samples);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("cancel returned after %.0f ms (cancel at 30 ms)",
                  (g_get_monotonic_time () - start) / 1000.0);
}

typedef struct
{
  char  *path;
  float *samples;
  gsize  n;
} ThreadJob;

static gpointer
decode_thread (gpointer data)
{
  ThreadJob *job = data;

  job->samples = em_audio_decode (job->path, 0, -1, &job->n, NULL, NULL);
  return NULL;
}

/* Four decodes at once give the same samples as one at a time. */
static void
test_threads (void)
{
  const char *names[] = { "clip-0001.mp3", "clip-0026.ogg", "clip-0048.flac", "clip-0213.wav" };
  ThreadJob jobs[G_N_ELEMENTS (names)];
  GThread *threads[G_N_ELEMENTS (names)];

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      jobs[i].path = shared_path ("data", "dev", "clips", names[i], NULL);
      threads[i] = g_thread_new ("decode", decode_thread, &jobs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree float *again = NULL;
      gsize n;

      g_thread_join (threads[i]);
      g_assert_nonnull (jobs[i].samples);
      again = em_audio_decode (jobs[i].path, 0, -1, &n, NULL, NULL);
      g_assert_cmpuint (n, ==, jobs[i].n);
      g_assert_cmpmem (again, n * sizeof (float), jobs[i].samples, jobs[i].n * sizeof (float));
      g_free (jobs[i].samples);
      g_free (jobs[i].path);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/earmark/core/audio/chunker", test_chunker);
  g_test_add_func ("/earmark/core/audio/chunk-set", test_chunk_set_from_samples);
  g_test_add_func ("/earmark/core/audio/ring", test_ring);
  g_test_add_func ("/earmark/core/audio/resample-alignment", test_resample_alignment);
  g_test_add_func ("/earmark/core/audio/formats", test_formats);
  g_test_add_func ("/earmark/core/audio/probe", test_probe);
  g_test_add_func ("/earmark/core/audio/episodes", test_episodes);
  g_test_add_func ("/earmark/core/audio/tail", test_tail);
  g_test_add_func ("/earmark/core/audio/tail-short-file", test_tail_short_file);
  g_test_add_func ("/earmark/core/audio/tail-unknown-duration", test_tail_unknown_duration);
  g_test_add_func ("/earmark/core/audio/tail-formats", test_tail_formats);
  g_test_add_func ("/earmark/core/audio/tail-truncated", test_tail_truncated);
  g_test_add_func ("/earmark/core/audio/fast-path", test_fast_path);
  g_test_add_func ("/earmark/core/audio/range", test_range);
  g_test_add_func ("/earmark/core/audio/range-end", test_range_end);
  g_test_add_func ("/earmark/core/audio/bad", test_bad);
  g_test_add_func ("/earmark/core/audio/errors", test_errors);
  g_test_add_func ("/earmark/core/audio/damaged", test_damaged);
  g_test_add_func ("/earmark/core/audio/cancel", test_cancel);
  g_test_add_func ("/earmark/core/audio/threads", test_threads);

  return g_test_run ();
}
