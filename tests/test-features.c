/* test-features.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 37 librosa features (and, once em-hnr.c is built, the HNR mean)
 * against the golden fixtures of shared/fixtures/features, frame by frame,
 * with the tolerances of its README.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>

#include "em-features.h"
#include "em-test-wav.h"

static const char * const fixture_names[] = {
  "clipped_square", "dc_offset", "mix_music_voice", "music_wesnoth_battle",
  "noise_white", "short_0p5s", "silence", "sine_440", "sweep_log",
  "tiny_1500", "voice_asterisk_upsampled", "voice_wz2100_np1",
};

#define BIN_HZ 10.7666015625

static EmFeatureExtractor *extractor;

static char *
fixture_path (const char *name,
              const char *ext)
{
  const char *shared = g_getenv ("EARMARK_SHARED_DIR");
  g_autofree char *file = g_strconcat (name, ext, NULL);

  g_assert_nonnull (shared);
  return g_build_filename (shared, "fixtures", "features", file, NULL);
}

static float *
load_fixture_wav (const char *name,
                  gsize      *n)
{
  g_autofree char *path = fixture_path (name, ".wav");
  g_autoptr(GError) error = NULL;
  guint rate = 0;
  float *y = em_test_wav_read (path, &rate, n, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rate, ==, EM_FEATURE_SAMPLE_RATE);
  return y;
}

static JsonParser *
load_fixture_json (const char *name)
{
  g_autofree char *path = fixture_path (name, ".json");
  g_autoptr(GError) error = NULL;
  JsonParser *parser = json_parser_new ();

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return parser;
}

/* Compare one row of T frame values with |a - b| <= abs_tol + rel_tol*|b|. */
static void
check_row (const char *what,
           guint       row,
           JsonArray  *expected,
           const double *got,
           double      abs_tol,
           double      rel_tol)
{
  guint n = json_array_get_length (expected);
  double worst = 0.0;

  for (guint t = 0; t < n; t++)
    {
      double e = json_array_get_double_element (expected, t);
      double diff = fabs (got[t] - e);

      worst = MAX (worst, diff);
      if (diff > abs_tol + rel_tol * fabs (e))
        g_error ("%s[%u] frame %u: got %.17g, expected %.17g (diff %.3g)",
                 what, row, t, got[t], e, diff);
    }
  g_test_message ("%s[%u]: max |diff| %.3g over %u frames", what, row, worst, n);
}

static void
check_matrix (JsonObject   *frames,
              const char   *key,
              const double *got,
              guint         n_rows,
              gsize         n_frames,
              double        abs_tol)
{
  JsonArray *rows = json_object_get_array_member (frames, key);

  g_assert_cmpuint (json_array_get_length (rows), ==, n_rows);
  for (guint r = 0; r < n_rows; r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);

      g_assert_cmpuint (json_array_get_length (row), ==, n_frames);
      check_row (key, r, row, got + r * n_frames, abs_tol, 0.0);
    }
}

/* Roll-off is exact, or one bin off in at most two frames. */
static void
check_rolloff (JsonArray    *expected,
               const double *got,
               gsize         n_frames)
{
  guint off_by_one = 0;

  g_assert_cmpuint (json_array_get_length (expected), ==, n_frames);
  for (gsize t = 0; t < n_frames; t++)
    {
      double diff = fabs (got[t] - json_array_get_double_element (expected, t));

      if (diff < 1e-9)
        continue;
      g_assert_cmpfloat_with_epsilon (diff, BIN_HZ, 1e-9);
      off_by_one++;
    }
  g_assert_cmpuint (off_by_one, <=, 2);
  g_test_message ("rolloff: %u of %" G_GSIZE_FORMAT " frames one bin off", off_by_one, n_frames);
}

static void
check_frames (JsonObject            *root,
              const EmFeatureFrames *fr)
{
  JsonObject *frames = json_object_get_object_member (root, "frames");
  gsize n = fr->n_frames;

  g_assert_cmpuint (n, ==, json_object_get_int_member (root, "n_frames"));
  g_assert_cmpfloat (fabs (fr->tuning - json_object_get_double_member (root, "tuning")), <, 1e-9);

  check_matrix (frames, "mfcc", fr->mfcc, 13, n, 1e-3);
  check_matrix (frames, "contrast", fr->contrast, 7, n, 1e-5);
  check_matrix (frames, "chroma", fr->chroma, 12, n, 1e-5);
  check_row ("zcr", 0, json_object_get_array_member (frames, "zcr"), fr->zcr, 1e-12, 0.0);
  check_row ("rms", 0, json_object_get_array_member (frames, "rms"), fr->rms, 1e-9, 1e-6);
  check_row ("bandwidth", 0, json_object_get_array_member (frames, "bandwidth"), fr->bandwidth, 1e-3, 0.0);
  check_row ("centroid", 0, json_object_get_array_member (frames, "centroid"), fr->centroid, 1e-3, 0.0);
  check_rolloff (json_object_get_array_member (frames, "rolloff"), fr->rolloff, n);
}

/* Clip-mean tolerance of the README for vector slot i. */
static void
mean_tolerance (guint   i,
                double *abs_tol,
                double *rel_tol)
{
  *rel_tol = 0.0;
  if (i < EM_FEATURE_ZCR)
    *abs_tol = 1e-3;
  else if (i == EM_FEATURE_ZCR)
    *abs_tol = 1e-12;
  else if (i < EM_FEATURE_CHROMA)
    *abs_tol = 1e-5;
  else if (i < EM_FEATURE_RMS)
    *abs_tol = 1e-5;
  else if (i == EM_FEATURE_RMS)
    {
      *abs_tol = 1e-9;
      *rel_tol = 1e-6;
    }
  else if (i == EM_FEATURE_ROLLOFF)
    *abs_tol = 0.05;
  else if (i == EM_FEATURE_HNR)
    *abs_tol = 2e-4;
  else
    *abs_tol = 1e-4;
}

static void
check_means (JsonObject   *root,
             const double *out)
{
  JsonObject *means = json_object_get_object_member (root, "means");
  guint n_checked = EM_FEATURES_HAVE_HNR ? EM_FEATURE_COUNT : EM_FEATURE_HNR;

  for (guint i = 0; i < n_checked; i++)
    {
      const char *name = em_feature_name (i);
      double abs_tol, rel_tol, e;

      mean_tolerance (i, &abs_tol, &rel_tol);
      if (json_object_get_null_member (means, name))
        {
          if (!isnan (out[i]))
            g_error ("%s: got %.17g, expected undefined (NaN)", name, out[i]);
          continue;
        }
      e = json_object_get_double_member (means, name);
      if (!(fabs (out[i] - e) <= abs_tol + rel_tol * fabs (e)))
        g_error ("mean %s: got %.17g, expected %.17g", name, out[i], e);
      g_test_message ("mean %s: |diff| %.3g", name, fabs (out[i] - e));
    }
  if (!EM_FEATURES_HAVE_HNR)
    g_assert_true (isnan (out[EM_FEATURE_HNR]));
}

static void
test_fixture (gconstpointer data)
{
  const char *name = data;
  g_autoptr(JsonParser) parser = load_fixture_json (name);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_autoptr(GError) error = NULL;
  g_autofree float *y = NULL;
  EmFeatureFrames frames = { 0 };
  double out[EM_FEATURE_COUNT];
  double plain[EM_FEATURE_COUNT];
  gsize n = 0;

  y = load_fixture_wav (name, &n);
  g_assert_cmpuint (n, ==, json_object_get_int_member (root, "n_samples"));

  g_assert_true (em_feature_extractor_compute_full (extractor, y, n, EM_FEATURE_FLAGS_NONE,
                                                    out, &frames, &error));
  g_assert_no_error (error);
  check_frames (root, &frames);
  check_means (root, out);

  /* The plain entry point gives the same vector. */
  g_assert_true (em_feature_extractor_compute (extractor, y, n, plain, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < EM_FEATURE_COUNT; i++)
    g_assert_true (plain[i] == out[i] || (isnan (plain[i]) && isnan (out[i])));

  em_feature_frames_clear (&frames);
}

static void
test_names (void)
{
  const char * const *names = em_feature_names ();
  g_autoptr(JsonParser) parser = load_fixture_json ("silence");
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonArray *expected = json_object_get_array_member (root, "feature_names");

  g_assert_cmpuint (g_strv_length ((char **) names), ==, EM_FEATURE_COUNT);
  g_assert_cmpuint (json_array_get_length (expected), ==, EM_FEATURE_COUNT);
  for (guint i = 0; i < EM_FEATURE_COUNT; i++)
    {
      g_assert_cmpstr (names[i], ==, json_array_get_string_element (expected, i));
      g_assert_cmpstr (em_feature_name (i), ==, names[i]);
    }
  g_assert_cmpstr (em_feature_name (EM_FEATURE_HNR), ==, "hnr");
  g_assert_cmpstr (em_feature_name (22), ==, "chroma_Cs");
}

/* §9.1 silence values, for every length class (N < 512, < 2048, long). */
static void
test_silence (void)
{
  static const gsize lengths[] = { 1, 300, 511, 512, 1500, 2047, 2048, 22050 };

  for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
    {
      g_autofree float *y = g_new0 (float, lengths[l]);
      g_autoptr(GError) error = NULL;
      EmFeatureFrames frames = { 0 };
      double out[EM_FEATURE_COUNT];

      g_assert_true (em_feature_extractor_compute_full (extractor, y, lengths[l],
                                                        EM_FEATURE_FLAGS_NONE, out, &frames, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (frames.n_frames, ==, 1 + lengths[l] / 512);
      g_assert_cmpfloat (frames.tuning, ==, 0.0);
      g_assert_cmpfloat_with_epsilon (out[0], -100.0 * sqrt (128.0), 1e-9);
      for (guint i = 1; i < EM_FEATURE_HNR; i++)
        g_assert_cmpfloat_with_epsilon (out[i], 0.0, 1e-12);
      g_assert_true (isnan (out[EM_FEATURE_HNR]));
      em_feature_frames_clear (&frames);
    }
}

/* Very short clips are computed on one frame; a DC-only clip finds no
 * tuning peak, has zcr 0, and its inner frames (no clip edge inside the
 * window) have all their energy in the lowest bins. */
static void
test_short_and_dc (void)
{
  static const gsize lengths[] = { 400, 22050 };

  for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
    {
      gsize n = lengths[l];
      g_autofree float *y = g_new (float, n);
      g_autoptr(GError) error = NULL;
      EmFeatureFrames frames = { 0 };
      double out[EM_FEATURE_COUNT];

      for (gsize i = 0; i < n; i++)
        y[i] = 0.3f;
      g_assert_true (em_feature_extractor_compute_full (extractor, y, n, EM_FEATURE_FLAGS_SKIP_HNR,
                                                        out, &frames, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (frames.n_frames, ==, 1 + n / 512);
      g_assert_cmpfloat (frames.tuning, ==, 0.0);
      g_assert_cmpfloat (out[EM_FEATURE_ZCR], ==, 0.0);
      g_assert_true (isnan (out[EM_FEATURE_HNR]));
      for (guint i = 0; i < EM_FEATURE_HNR; i++)
        g_assert_true (isfinite (out[i]));
      for (gsize t = 2; t + 2 < frames.n_frames; t++)
        {
          g_assert_cmpfloat (frames.rolloff[t], <=, BIN_HZ);
          g_assert_cmpfloat_with_epsilon (frames.rms[t], 0.3, 1e-6);
        }
      em_feature_frames_clear (&frames);
    }
}

/* ZCR sign rule (spec §2): 0 and -0.0 count as positive, |v| <= 1e-10
 * is zero, and each frame divides by 2048. */
static void
test_zcr_signs (void)
{
  float y[4096];
  EmFeatureFrames frames = { 0 };

  /* +0.5, -0.0, +0.5, -0.0 ...: no crossing anywhere. */
  for (guint i = 0; i < G_N_ELEMENTS (y); i++)
    y[i] = i % 2 ? -0.0f : 0.5f;
  g_assert_true (em_feature_extractor_compute_full (extractor, y, G_N_ELEMENTS (y),
                                                    EM_FEATURE_FLAGS_SKIP_HNR, NULL, &frames, NULL));
  for (gsize t = 0; t < frames.n_frames; t++)
    g_assert_cmpfloat (frames.zcr[t], ==, 0.0);

  /* +0.5, -1e-11, -0.5, -1e-11 ...: crossings only into and out of -0.5. */
  for (guint i = 0; i < G_N_ELEMENTS (y); i++)
    y[i] = i % 4 == 0 ? 0.5f : i % 4 == 2 ? -0.5f : -1e-11f;
  g_assert_true (em_feature_extractor_compute_full (extractor, y, G_N_ELEMENTS (y),
                                                    EM_FEATURE_FLAGS_SKIP_HNR, NULL, &frames, NULL));
  /* Frame 4 (samples 1024..3071) has 2047 pairs, two crossings per 4. */
  g_assert_cmpfloat (frames.zcr[4], ==, 1024.0 / 2048);
  /* Frame 0 is half edge padding (1024 copies of y[0]). */
  g_assert_cmpfloat (frames.zcr[0], ==, 512.0 / 2048);
  em_feature_frames_clear (&frames);
}

static void
test_errors (void)
{
  float y[4096] = { 0 };
  double out[EM_FEATURE_COUNT];
  GError *error = NULL;

  g_assert_false (em_feature_extractor_compute (extractor, y, 0, out, &error));
  g_assert_error (error, EM_FEATURES_ERROR, EM_FEATURES_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "empty clip"));
  g_clear_error (&error);

  y[1234] = NAN;
  g_assert_false (em_feature_extractor_compute (extractor, y, G_N_ELEMENTS (y), out, &error));
  g_assert_error (error, EM_FEATURES_ERROR, EM_FEATURES_ERROR_NOT_FINITE);
  g_clear_error (&error);

  y[1234] = INFINITY;
  g_assert_false (em_feature_extractor_compute (extractor, y, G_N_ELEMENTS (y), out, &error));
  g_assert_error (error, EM_FEATURES_ERROR, EM_FEATURES_ERROR_NOT_FINITE);
  g_clear_error (&error);

  y[1234] = -INFINITY;
  g_assert_false (em_feature_extractor_compute (extractor, y, G_N_ELEMENTS (y), out, &error));
  g_assert_error (error, EM_FEATURES_ERROR, EM_FEATURES_ERROR_NOT_FINITE);
  g_clear_error (&error);
}

typedef struct
{
  const float *y;
  gsize        n;
  double       out[EM_FEATURE_COUNT];
} ThreadJob;

static gpointer
compute_thread (gpointer data)
{
  ThreadJob *job = data;

  for (guint round = 0; round < 3; round++)
    g_assert_true (em_feature_extractor_compute_full (extractor, job->y, job->n,
                                                      EM_FEATURE_FLAGS_SKIP_HNR, job->out,
                                                      NULL, NULL));
  return NULL;
}

/* One extractor shared by threads gives the same bits as serial calls. */
static void
test_threads (void)
{
  static const char * const names[] = { "mix_music_voice", "sine_440", "short_0p5s", "tiny_1500" };
  ThreadJob jobs[G_N_ELEMENTS (names)];
  GThread *threads[G_N_ELEMENTS (names)];
  g_autofree float *ys[G_N_ELEMENTS (names)] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      ys[i] = load_fixture_wav (names[i], &jobs[i].n);
      jobs[i].y = ys[i];
      threads[i] = g_thread_new ("features", compute_thread, &jobs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      double serial[EM_FEATURE_COUNT];

      g_thread_join (threads[i]);
      g_assert_true (em_feature_extractor_compute_full (extractor, jobs[i].y, jobs[i].n,
                                                        EM_FEATURE_FLAGS_SKIP_HNR, serial,
                                                        NULL, NULL));
      for (guint f = 0; f < EM_FEATURE_HNR; f++)
        g_assert_cmpfloat (serial[f], ==, jobs[i].out[f]);
      g_free (ys[i]);
      ys[i] = NULL;
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  extractor = em_feature_extractor_new ();

  g_test_add_func ("/earmark/core/features/names", test_names);
  for (guint i = 0; i < G_N_ELEMENTS (fixture_names); i++)
    {
      g_autofree char *path = g_strdup_printf ("/earmark/core/features/fixture/%s", fixture_names[i]);

      g_test_add_data_func (path, fixture_names[i], test_fixture);
    }
  g_test_add_func ("/earmark/core/features/silence", test_silence);
  g_test_add_func ("/earmark/core/features/short-and-dc", test_short_and_dc);
  g_test_add_func ("/earmark/core/features/zcr-signs", test_zcr_signs);
  g_test_add_func ("/earmark/core/features/errors", test_errors);
  g_test_add_func ("/earmark/core/features/threads", test_threads);

  ret = g_test_run ();
  em_feature_extractor_free (extractor);
  return ret;
}
