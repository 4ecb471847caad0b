/* test-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * earmark-cli end to end: output formats, exit statuses and errors.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>

#include "em-test-util.h"

static const char *fixture_names[] = {
  "clipped_square", "dc_offset", "mix_music_voice", "music_wesnoth_battle",
  "noise_white", "short_0p5s", "silence", "sine_440", "sweep_log",
  "tiny_1500", "voice_asterisk_upsampled", "voice_wz2100_np1",
};

/* The README's clip-mean tolerance of a feature, by name. */
static gboolean
within_tolerance (const char *name,
                  double      expected,
                  double      actual)
{
  double diff = fabs (expected - actual);

  if (g_str_has_prefix (name, "mfcc"))
    return diff <= 1e-3;
  if (g_str_equal (name, "zcr"))
    return diff <= 1e-12;
  if (g_str_has_prefix (name, "contrast") || g_str_has_prefix (name, "chroma"))
    return diff <= 1e-5;
  if (g_str_equal (name, "rms"))
    return diff <= 1e-6 * fabs (expected) + 1e-9;
  if (g_str_equal (name, "rolloff"))
    return diff <= 0.05;
  if (g_str_equal (name, "bandwidth") || g_str_equal (name, "centroid"))
    return diff <= 1e-4;
  if (g_str_equal (name, "hnr"))
    return diff <= 2e-4;

  g_assert_not_reached ();
}

static void
check_fixture_row (const char *header_line,
                   const char *row_line)
{
  g_auto(GStrv) header = g_strsplit (header_line, ",", -1);
  g_auto(GStrv) row = g_strsplit (row_line, ",", -1);
  g_autofree char *wav = g_path_get_basename (row[0]);
  g_autofree char *stem = g_strndup (wav, strlen (wav) - strlen (".wav"));
  g_autofree char *json_name = g_strconcat (stem, ".json", NULL);
  g_autofree char *json_path = em_test_shared_path ("fixtures", "features", json_name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *means;

  json_parser_load_from_file (parser, json_path, &error);
  g_assert_no_error (error);
  means = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "means");
  g_assert_cmpuint (g_strv_length (row), ==, 42);
  g_assert_cmpstr (row[1], ==, "0");

  for (guint i = 4; i < 42; i++)
    {
      JsonNode *node = json_object_get_member (means, header[i]);
      double actual = g_ascii_strtod (row[i], NULL);

      g_assert_nonnull (node);
      if (JSON_NODE_HOLDS_NULL (node))
        {
          g_assert_cmpstr (row[i], ==, "nan");
          continue;
        }
      if (!within_tolerance (header[i], json_node_get_double (node), actual))
        g_error ("%s: %s = %s, expected %.17g", wav, header[i], row[i], json_node_get_double (node));
    }
}

/* The acceptance check: the CLI reproduces every golden fixture's means. */
static void
test_cli_features_fixtures (void)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_ptr_array_add (args, g_strdup ("features"));
  for (guint i = 0; i < G_N_ELEMENTS (fixture_names); i++)
    {
      g_autofree char *wav = g_strconcat (fixture_names[i], ".wav", NULL);
      g_ptr_array_add (args, em_test_shared_path ("fixtures", "features", wav, NULL));
    }
  g_ptr_array_add (args, NULL);

  g_assert_cmpint (em_test_run_cli ((const char * const *)args->pdata, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (fixture_names) + 2);
  g_assert_true (g_str_has_prefix (lines[0], "file,chunk,start_s,end_s,mfcc1,"));
  g_assert_true (g_str_has_suffix (lines[0], ",rms,rolloff,bandwidth,centroid,hnr"));
  for (guint i = 0; i < G_N_ELEMENTS (fixture_names); i++)
    check_fixture_row (lines[0], lines[i + 1]);
}

/* Folders are walked recursively and sorted; "all" gives every chunk. */
static void
test_cli_features_all_chunks (void)
{
  g_autofree char *episode = em_test_shared_path ("data", "dev", "episodes", "episode-04.mp3", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("earmark-cli-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (tmp, "out.csv", NULL);
  const char *args[] = { "features", "--chunks", "all", "-o", csv, episode, NULL };
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) last = NULL;

  g_assert_cmpint (em_test_run_cli (args, NULL, NULL), ==, 0);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  /* episode-04: 71.418 s → 7 full chunks and a 1.418-s partial one */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 8 + 1);
  g_assert_true (g_str_has_prefix (lines[1], episode));
  last = g_strsplit (lines[8], ",", -1);
  g_assert_cmpstr (last[1], ==, "7");
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (last[2], NULL), 0.0, 0.03);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (last[3], NULL), 1.418, 0.03);

  g_unlink (csv);
  g_rmdir (tmp);
}

/* Bad files: one clear line each on stderr, the rest processed, exit 1. */
static void
test_cli_features_bad_inputs (void)
{
  g_autofree char *bad = em_test_shared_path ("data", "bad", NULL);
  const char *args[] = { "features", bad, NULL };
  const char *failing[] = { "zero-byte.mp3", "not-audio.mp3", "random-bytes.mp3" };
  const char *valid[] = { "short-1.5s.mp3", "silence-10s.mp3", "Émission spéciale – 01.mp3" };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (em_test_run_cli (args, &out, &err), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (failing); i++)
    {
      g_autofree char *needle = g_strdup_printf ("earmark-cli: %s/%s: ", bad, failing[i]);
      g_assert_nonnull (strstr (err, needle));
      g_assert_null (strstr (out, failing[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autofree char *needle = g_strdup_printf ("%s/%s,0,", bad, valid[i]);
      g_assert_nonnull (strstr (out, needle));
    }
}

static void
test_cli_usage (void)
{
  const char *version[] = { "--version", NULL };
  const char *unknown[] = { "frobnicate", NULL };
  const char *no_paths[] = { "features", NULL };
  const char *bad_chunks[] = { "features", "--chunks", "some", "x.mp3", NULL };
  const char *help[] = { "scan", "--help", NULL };
  g_autofree char *out = NULL;
  g_autofree char *help_out = NULL;

  g_assert_cmpint (em_test_run_cli (version, &out, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "earmark-cli " PACKAGE_VERSION "\n");
  g_assert_cmpint (em_test_run_cli (unknown, NULL, NULL), ==, 2);
  g_assert_cmpint (em_test_run_cli (no_paths, NULL, NULL), ==, 2);
  g_assert_cmpint (em_test_run_cli (bad_chunks, NULL, NULL), ==, 2);
  g_assert_cmpint (em_test_run_cli (help, &help_out, NULL), ==, 0);
  g_assert_nonnull (strstr (help_out, "--library"));
}

static void
test_cli_missing_path (void)
{
  const char *args[] = { "features", "/nonexistent/earmark.mp3", NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (em_test_run_cli (args, NULL, &err), ==, 3);
  g_assert_nonnull (strstr (err, "/nonexistent/earmark.mp3"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/earmark/cli/features/fixtures", test_cli_features_fixtures);
  g_test_add_func ("/earmark/cli/features/all-chunks", test_cli_features_all_chunks);
  g_test_add_func ("/earmark/cli/features/bad-inputs", test_cli_features_bad_inputs);
  g_test_add_func ("/earmark/cli/usage", test_cli_usage);
  g_test_add_func ("/earmark/cli/missing-path", test_cli_missing_path);

  return g_test_run ();
}
