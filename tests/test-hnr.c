/* test-hnr.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feature 38 (HNR, spec §8) against Praat's values in the golden fixtures:
 * clip mean within 2e-4 dB (NaN where `hnr` is null), per-frame values
 * within 2e-3 dB on frames voiced in both, identical unvoiced (-200) frames
 * and the same frame grid; plus synthetic edge cases.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "em-hnr.h"

#define MEAN_TOL  2e-4
#define FRAME_TOL 2e-3

typedef struct
{
  char   *name;
  double  max_frame_err;
} FixtureCase;

static char *
fixture_dir (void)
{
  const char *shared = g_getenv ("EARMARK_SHARED_DIR");

  g_assert_nonnull (shared);
  return g_build_filename (shared, "fixtures", "features", NULL);
}

static guint32
read_le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

/* A tiny RIFF reader for the fixtures: mono 16-bit PCM at 22050 Hz. */
static float *
read_wav (const char *path,
          gsize      *n)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *data = NULL;
  gsize len = 0, pos = 12;
  gboolean format_ok = FALSE;

  g_file_get_contents (path, (char **) &data, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >=, 12);
  g_assert_true (memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WAVE", 4) == 0);

  while (pos + 8 <= len)
    {
      guint32 size = read_le32 (data + pos + 4);
      const guint8 *body = data + pos + 8;

      g_assert_cmpuint (pos + 8 + size, <=, len);
      if (memcmp (data + pos, "fmt ", 4) == 0)
        {
          g_assert_cmpuint (body[0] | (body[1] << 8), ==, 1);  /* PCM */
          g_assert_cmpuint (body[2] | (body[3] << 8), ==, 1);  /* mono */
          g_assert_cmpuint (read_le32 (body + 4), ==, 22050);
          g_assert_cmpuint (body[14] | (body[15] << 8), ==, 16);
          format_ok = TRUE;
        }
      else if (memcmp (data + pos, "data", 4) == 0)
        {
          float *y = g_new (float, size / 2 + 1);

          g_assert_true (format_ok);
          *n = size / 2;
          for (gsize i = 0; i < *n; i++)
            y[i] = (gint16) (body[2 * i] | (body[2 * i + 1] << 8)) / 32768.0f;
          return y;
        }
      pos += 8 + size + (size & 1);
    }
  g_assert_not_reached ();
  return NULL;
}

static void
assert_fixture (gconstpointer user_data)
{
  FixtureCase *fc = (FixtureCase *) user_data;
  g_autofree char *dir = fixture_dir ();
  g_autofree char *json_name = g_strconcat (fc->name, ".json", NULL);
  g_autofree char *wav_name = g_strconcat (fc->name, ".wav", NULL);
  g_autofree char *json_path = g_build_filename (dir, json_name, NULL);
  g_autofree char *wav_path = g_build_filename (dir, wav_name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree float *y = NULL;
  EmHnrFrames frames;
  JsonObject *root;
  JsonArray *expected;
  JsonNode *hnr_node;
  double mean, max_err = 0.0;
  gsize n = 0;

  json_parser_load_from_file (parser, json_path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  y = read_wav (wav_path, &n);
  g_assert_cmpuint (n, ==, json_object_get_int_member (root, "n_samples"));

  mean = em_hnr_compute (y, n, &frames);

  hnr_node = json_object_get_member (root, "hnr");
  if (JSON_NODE_HOLDS_NULL (hnr_node))
    g_assert_true (isnan (mean));
  else
    g_assert_cmpfloat_with_epsilon (mean, json_node_get_double (hnr_node), MEAN_TOL);

  expected = json_object_get_array_member (root, "hnr_frames");
  g_assert_cmpuint (frames.n_frames, ==, json_array_get_length (expected));
  g_assert_cmpfloat (frames.t1, ==, json_object_get_double_member (root, "hnr_t1"));
  g_assert_cmpfloat (frames.dt, ==, json_object_get_double_member (root, "hnr_dt"));
  for (guint k = 0; k < frames.n_frames; k++)
    {
      double want = json_array_get_double_element (expected, k);
      double got = frames.values[k];

      if (want == EM_HNR_UNVOICED || got == EM_HNR_UNVOICED)
        {
          if (want != got)
            g_error ("%s frame %u: got %.17g, Praat %.17g", fc->name, k, got, want);
          continue;
        }
      if (!(fabs (got - want) <= FRAME_TOL))
        g_error ("%s frame %u: got %.17g, Praat %.17g", fc->name, k, got, want);
      max_err = MAX (max_err, fabs (got - want));
    }
  g_test_message ("%s: mean %.17g, max frame error %.3g dB", fc->name, mean, max_err);
  fc->max_frame_err = max_err;
  em_hnr_frames_clear (&frames);
  g_assert_null (frames.values);
  g_assert_cmpuint (frames.n_frames, ==, 0);
}

/* A voiced-like test signal: a 150-Hz harmonic tone plus a little noise. */
static float *
make_voice (gsize   n,
            guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  float *y = g_new (float, n);

  for (gsize i = 0; i < n; i++)
    {
      double t = (double) i / 22050.0;

      y[i] = (float) (0.3 * sin (2 * G_PI * 150 * t) + 0.15 * sin (2 * G_PI * 300 * t + 0.5)
                      + 0.05 * sin (2 * G_PI * 450 * t + 1.0) + 0.02 * g_rand_double_range (rand, -1, 1));
    }
  return y;
}

static void
test_constant (void)
{
  g_autofree float *y = g_new (float, 22050);
  EmHnrFrames frames;
  double mean;

  for (guint i = 0; i < 22050; i++)
    y[i] = 0.25f;
  mean = em_hnr_compute (y, 22050, &frames);
  g_assert_true (isnan (mean));
  g_assert_cmpuint (frames.n_frames, ==, 98);
  for (guint k = 0; k < frames.n_frames; k++)
    g_assert_cmpfloat (frames.values[k], ==, EM_HNR_UNVOICED);
  em_hnr_frames_clear (&frames);
}

/* A 70-Hz tone has its period beyond the last usable lag: no candidate. */
static void
test_tone_70hz (void)
{
  g_autofree float *y = g_new (float, 22050);
  EmHnrFrames frames;
  double mean;

  for (guint i = 0; i < 22050; i++)
    y[i] = (float) (0.5 * sin (2 * G_PI * 70 * i / 22050.0));
  mean = em_hnr_compute (y, 22050, &frames);
  g_assert_true (isnan (mean));
  for (guint k = 0; k < frames.n_frames; k++)
    g_assert_cmpfloat (frames.values[k], ==, EM_HNR_UNVOICED);
  em_hnr_frames_clear (&frames);
}

/* Non-finite samples must not crash or hang; the frame grid is unchanged. */
static void
test_non_finite (void)
{
  g_autofree float *y = make_voice (22050, 5);
  EmHnrFrames frames;

  y[5000] = NAN;
  y[15000] = INFINITY;
  em_hnr_compute (y, 22050, &frames);
  g_assert_cmpuint (frames.n_frames, ==, 98);
  for (guint k = 0; k < frames.n_frames; k++)
    g_assert_true (frames.values[k] == EM_HNR_UNVOICED || fabs (frames.values[k]) <= 150.0);
  em_hnr_frames_clear (&frames);
}

static void
test_too_short (void)
{
  g_autofree float *y = make_voice (587, 1);
  EmHnrFrames frames;

  g_assert_true (isnan (em_hnr_compute (y, 587, &frames)));
  g_assert_cmpuint (frames.n_frames, ==, 0);
  g_assert_null (frames.values);
  g_assert_true (isnan (frames.t1));
  em_hnr_frames_clear (&frames);
  g_assert_true (isnan (em_hnr_compute (y, 0, NULL)));
  g_assert_true (isnan (em_hnr_compute (y, 1, NULL)));
}

static void
test_one_frame (void)
{
  g_autofree float *y = make_voice (588, 2);
  EmHnrFrames frames;
  double mean;

  mean = em_hnr_compute (y, 588, &frames);
  g_assert_cmpuint (frames.n_frames, ==, 1);
  g_assert_cmpfloat (frames.values[0], >, 0.0);  /* a clean harmonic tone */
  g_assert_cmpfloat (mean, ==, frames.values[0]);
  em_hnr_frames_clear (&frames);
}

/* Spec §8.3 worked values and §8.10 lengths (first frame start clamped). */
static void
test_lengths (void)
{
  static const struct { gsize n; gsize n_frames; double t1; } known[] = {
    { 220500, 998, 0.014999999999999788 },
    { 11025, 48, 0.01500000000000001 },
    { 1500, 5, 0.014013605442176873 },
  };
  /* N and the frame count of §8.3 evaluated in double; at N = 1470 and
   * 3675 (D - T_s an exact multiple of dt) rounding gives one frame less
   * than exact arithmetic would, as in Praat. */
  static const gsize lengths[][2] = {
    { 588, 1 }, { 589, 1 }, { 809, 2 }, { 810, 2 }, { 1029, 3 }, { 1030, 3 },
    { 1470, 4 }, { 1471, 5 }, { 1911, 7 }, { 1912, 7 }, { 2000, 7 }, { 2205, 8 },
    { 2646, 10 }, { 3234, 13 }, { 3235, 13 }, { 3675, 14 }, { 3676, 15 }, { 3896, 16 },
  };
  g_autofree float *y = make_voice (220500, 3);

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      EmHnrFrames frames;

      em_hnr_compute (y, known[i].n, &frames);
      g_assert_cmpuint (frames.n_frames, ==, known[i].n_frames);
      g_assert_cmpfloat (frames.t1, ==, known[i].t1);
      em_hnr_frames_clear (&frames);
    }
  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      EmHnrFrames frames;
      double mean;

      mean = em_hnr_compute (y, lengths[i][0], &frames);
      g_assert_cmpuint (frames.n_frames, ==, lengths[i][1]);
      g_assert_true (isfinite (mean));
      for (guint k = 0; k < frames.n_frames; k++)
        g_assert_true (frames.values[k] == EM_HNR_UNVOICED || isfinite (frames.values[k]));
      em_hnr_frames_clear (&frames);
    }
}

typedef struct
{
  const float *y;
  gsize        n;
  double       mean;
} ThreadJob;

static gpointer
compute_thread (gpointer data)
{
  ThreadJob *job = data;

  job->mean = em_hnr_compute (job->y, job->n, NULL);
  return NULL;
}

/* Concurrent calls give the same result as a lone call. */
static void
test_threads (void)
{
  g_autofree float *y = make_voice (22050, 4);
  ThreadJob jobs[2] = { { y, 22050, 0 }, { y, 22050, 0 } };
  GThread *threads[2];
  double mean = em_hnr_compute (y, 22050, NULL);

  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("hnr", compute_thread, &jobs[i]);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);
  g_assert_cmpfloat (jobs[0].mean, ==, mean);
  g_assert_cmpfloat (jobs[1].mean, ==, mean);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) gdir = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new ();
  const char *entry;
  int ret;

  g_test_init (&argc, &argv, NULL);

  dir = fixture_dir ();
  gdir = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (gdir);
  while ((entry = g_dir_read_name (gdir)) != NULL)
    if (g_str_has_suffix (entry, ".json"))
      {
        FixtureCase *fc = g_new0 (FixtureCase, 1);

        fc->name = g_strndup (entry, strlen (entry) - 5);
        g_ptr_array_add (cases, fc);
      }
  g_assert_cmpuint (cases->len, >=, 12);

  for (guint i = 0; i < cases->len; i++)
    {
      FixtureCase *fc = cases->pdata[i];
      g_autofree char *path = g_strdup_printf ("/earmark/core/hnr/fixture/%s", fc->name);

      g_test_add_data_func (path, fc, assert_fixture);
    }
  g_test_add_func ("/earmark/core/hnr/constant", test_constant);
  g_test_add_func ("/earmark/core/hnr/tone-70hz", test_tone_70hz);
  g_test_add_func ("/earmark/core/hnr/non-finite", test_non_finite);
  g_test_add_func ("/earmark/core/hnr/too-short", test_too_short);
  g_test_add_func ("/earmark/core/hnr/one-frame", test_one_frame);
  g_test_add_func ("/earmark/core/hnr/lengths", test_lengths);
  g_test_add_func ("/earmark/core/hnr/threads", test_threads);

  ret = g_test_run ();

  for (guint i = 0; i < cases->len; i++)
    {
      FixtureCase *fc = cases->pdata[i];

      g_free (fc->name);
      g_free (fc);
    }
  return ret;
}
