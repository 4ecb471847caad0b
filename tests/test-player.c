/* test-player.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * EmPlayer on a dev clip with a synchronised fakesink (no sound device):
 * state changes, the position follows the clock, a span stops or loops at
 * its end, rate 2 plays twice as fast, and bad files give the "error"
 * signal naming the file.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "em-player.h"
#include "em-test-util.h"

typedef struct
{
  EmPlayer *player;
  GError   *error;
  guint     n_finished;
  guint     n_wraps;
  double    last_position;
} Fixture;

static void
on_error_cb (EmPlayer     *player,
             const GError *error,
             Fixture      *fixture)
{
  g_assert_null (fixture->error);
  fixture->error = g_error_copy (error);
}

static void
on_finished_cb (EmPlayer *player,
                Fixture  *fixture)
{
  fixture->n_finished++;
}

/* A loop shows as the position jumping back. */
static void
on_position_cb (EmPlayer   *player,
                GParamSpec *pspec,
                Fixture    *fixture)
{
  double position = em_player_get_position (player);

  if (position < fixture->last_position - 0.2)
    fixture->n_wraps++;
  fixture->last_position = position;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);

  g_assert_nonnull (sink);
  g_object_set (sink, "sync", TRUE, NULL);
  fixture->player = em_player_new (sink);
  g_signal_connect (fixture->player, "error", G_CALLBACK (on_error_cb), fixture);
  g_signal_connect (fixture->player, "finished", G_CALLBACK (on_finished_cb), fixture);
  g_signal_connect (fixture->player, "notify::position", G_CALLBACK (on_position_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->player);
  g_clear_error (&fixture->error);
}

/* Iterates the main context for @seconds, or until @done turns TRUE. */
typedef gboolean (*Check) (Fixture *fixture);

static gboolean
wait_for (Fixture *fixture,
          Check    done,
          double   seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    {
      if (done != NULL && done (fixture))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return done != NULL && done (fixture);
}

static gboolean
is_playing (Fixture *fixture)
{
  return em_player_get_state (fixture->player) == EM_PLAYER_STATE_PLAYING;
}

static gboolean
is_paused (Fixture *fixture)
{
  return em_player_get_state (fixture->player) == EM_PLAYER_STATE_PAUSED;
}

static gboolean
has_finished (Fixture *fixture)
{
  return fixture->n_finished > 0;
}

static gboolean
has_error (Fixture *fixture)
{
  return fixture->error != NULL;
}

static gboolean
wrapped_twice (Fixture *fixture)
{
  return fixture->n_wraps >= 2;
}

static char *
dev_clip (void)
{
  return em_test_shared_path ("data", "dev", "clips", "clip-0002.mp3", NULL);
}

static void
load_clip (Fixture *fixture)
{
  g_autofree char *clip = dev_clip ();

  em_player_set_file (fixture->player, clip);
  g_assert_true (wait_for (fixture, is_paused, 20));
  g_assert_cmpfloat_with_epsilon (em_player_get_duration (fixture->player), 10.0, 0.5);
  g_assert_cmpfloat (em_player_get_position (fixture->player), ==, 0.0);
}

static void
test_player_play_pause (Fixture       *fixture,
                        gconstpointer  data)
{
  double p0, p1;

  g_assert_cmpint (em_player_get_state (fixture->player), ==, EM_PLAYER_STATE_STOPPED);
  load_clip (fixture);

  em_player_play (fixture->player);
  g_assert_true (wait_for (fixture, is_playing, 20));
  wait_for (fixture, NULL, 0.6);
  p0 = em_player_get_position (fixture->player);
  g_assert_cmpfloat (p0, >, 0.1);
  g_assert_cmpfloat (p0, <, 2.0);

  em_player_toggle (fixture->player);
  g_assert_true (wait_for (fixture, is_paused, 10));
  p0 = em_player_get_position (fixture->player);
  wait_for (fixture, NULL, 0.4);
  g_assert_cmpfloat (em_player_get_position (fixture->player), ==, p0);

  em_player_toggle (fixture->player);
  g_assert_true (wait_for (fixture, is_playing, 10));
  wait_for (fixture, NULL, 0.5);
  p1 = em_player_get_position (fixture->player);
  g_assert_cmpfloat (p1, >, p0 + 0.1);
  g_assert_null (fixture->error);
}

static void
test_player_seek (Fixture       *fixture,
                  gconstpointer  data)
{
  load_clip (fixture);

  em_player_seek (fixture->player, 5.0);
  g_assert_cmpfloat (em_player_get_position (fixture->player), ==, 5.0);
  em_player_toggle (fixture->player);
  g_assert_true (wait_for (fixture, is_playing, 20));
  wait_for (fixture, NULL, 0.5);
  g_assert_cmpfloat (em_player_get_position (fixture->player), >, 5.1);
  g_assert_cmpfloat (em_player_get_position (fixture->player), <, 7.0);

  /* Seeking while playing keeps playing from there. */
  em_player_seek (fixture->player, 1.0);
  wait_for (fixture, NULL, 0.3);
  g_assert_true (is_playing (fixture));
  g_assert_cmpfloat (em_player_get_position (fixture->player), >=, 1.0);
  g_assert_cmpfloat (em_player_get_position (fixture->player), <, 2.5);
  g_assert_null (fixture->error);
}

static void
test_player_span_end (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 t0;
  double elapsed;

  load_clip (fixture);

  t0 = g_get_monotonic_time ();
  em_player_play_span (fixture->player, 2.0, 3.0);
  g_assert_true (wait_for (fixture, has_finished, 20));
  elapsed = (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;

  /* One second of audio on a synchronised sink takes about a second. */
  g_assert_cmpfloat (elapsed, >, 0.9);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_cmpint (em_player_get_state (fixture->player), ==, EM_PLAYER_STATE_PAUSED);
  g_assert_cmpfloat (em_player_get_position (fixture->player), ==, 3.0);

  /* Resuming an ended span plays it again from its start. */
  em_player_toggle (fixture->player);
  g_assert_true (wait_for (fixture, is_playing, 20));
  g_assert_cmpfloat (em_player_get_position (fixture->player), >=, 2.0);
  g_assert_cmpfloat (em_player_get_position (fixture->player), <, 3.0);
  g_assert_true (wait_for (fixture, is_paused, 20));
  g_assert_cmpuint (fixture->n_finished, ==, 2);
  g_assert_null (fixture->error);
}

static void
test_player_span_loop (Fixture       *fixture,
                       gconstpointer  data)
{
  load_clip (fixture);

  em_player_set_loop (fixture->player, TRUE);
  em_player_play_span (fixture->player, 1.0, 1.6);
  g_assert_true (wait_for (fixture, wrapped_twice, 20));
  g_assert_true (is_playing (fixture));
  g_assert_cmpuint (fixture->n_finished, ==, 0);
  g_assert_cmpfloat (em_player_get_position (fixture->player), >=, 1.0);
  g_assert_cmpfloat (em_player_get_position (fixture->player), <=, 1.6);
  g_assert_null (fixture->error);
}

/* Media time over wall time from the first position report to the span's
 * end, so the start-up latency of a loaded machine does not count. */
static double
measured_speed (Fixture *fixture,
                double   start_s,
                double   end_s)
{
  gint64 t0;
  double p0;

  em_player_play_span (fixture->player, start_s, end_s);
  g_assert_true (wait_for (fixture, is_playing, 20));
  wait_for (fixture, NULL, 0.2);
  t0 = g_get_monotonic_time ();
  p0 = em_player_get_position (fixture->player);
  g_assert_true (wait_for (fixture, has_finished, 20));

  return (end_s - p0) / ((g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);
}

static void
test_player_rate (Fixture       *fixture,
                  gconstpointer  data)
{
  double speed;

  load_clip (fixture);

  em_player_set_rate (fixture->player, 5.0);
  g_assert_cmpfloat (em_player_get_rate (fixture->player), ==, EM_PLAYER_RATE_MAX);
  em_player_set_rate (fixture->player, 2.0);

  speed = measured_speed (fixture, 1.0, 5.0);
  g_test_message ("speed at rate 2: %.2f", speed);
  g_assert_cmpfloat (speed, >, 1.5);
  g_assert_cmpfloat (speed, <, 2.5);
  g_assert_cmpfloat (em_player_get_position (fixture->player), ==, 5.0);
  g_assert_null (fixture->error);
}

static void
assert_error_names (Fixture    *fixture,
                    const char *path,
                    int         code)
{
  g_autofree char *base = g_path_get_basename (path);

  g_assert_true (wait_for (fixture, has_error, 20));
  g_assert_error (fixture->error, EM_AUDIO_ERROR, code);
  g_assert_nonnull (strstr (fixture->error->message, base));
  g_assert_cmpint (em_player_get_state (fixture->player), ==, EM_PLAYER_STATE_STOPPED);

  /* A failed player ignores further requests. */
  em_player_play (fixture->player);
  em_player_toggle (fixture->player);
  em_player_seek (fixture->player, 2.0);
  em_player_set_rate (fixture->player, 1.5);
  wait_for (fixture, NULL, 0.2);
  g_assert_cmpint (em_player_get_state (fixture->player), ==, EM_PLAYER_STATE_STOPPED);
  g_clear_error (&fixture->error);
}

static void
test_player_missing_file (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *path = "/nonexistent/earmark/clip-9999.mp3";

  em_player_set_file (fixture->player, path);
  em_player_play (fixture->player);
  assert_error_names (fixture, path, EM_AUDIO_ERROR_NOT_FOUND);

  /* The player recovers with the next file. */
  load_clip (fixture);
  g_assert_null (fixture->error);
}

static void
test_player_not_audio (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = em_test_shared_path ("data", "bad", "not-audio.mp3", NULL);

  em_player_set_file (fixture->player, path);
  em_player_play_span (fixture->player, 0.0, 1.0);
  assert_error_names (fixture, path, EM_AUDIO_ERROR_NOT_AUDIO);
}

static void
test_player_vanished_file (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *clip = dev_clip ();
  g_autofree char *dir = g_dir_make_tmp ("earmark-player-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (dir, "vanishing.mp3", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (clip, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));

  em_player_set_file (fixture->player, copy);
  g_assert_true (wait_for (fixture, is_paused, 20));
  em_player_stop (fixture->player);
  g_assert_cmpint (g_unlink (copy), ==, 0);
  em_player_play (fixture->player);
  assert_error_names (fixture, copy, EM_AUDIO_ERROR_NOT_FOUND);

  g_rmdir (dir);
}

/* An element failing while the file plays (a decoder error, a device that
 * went away) reaches the same bus path as a bad file. */
static void
test_player_fails_mid_play (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GError) failure = g_error_new_literal (GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE,
                                                   "Could not decode stream.");
  g_autofree char *clip = dev_clip ();

  load_clip (fixture);
  em_player_play (fixture->player);
  g_assert_true (wait_for (fixture, is_playing, 20));
  wait_for (fixture, NULL, 0.3);

  g_object_get (fixture->player, "audio-sink", &sink, NULL);
  gst_element_post_message (sink, gst_message_new_error (GST_OBJECT (sink), failure, "injected by the test"));
  assert_error_names (fixture, clip, EM_AUDIO_ERROR_CORRUPT);
  g_assert_cmpuint (fixture->n_finished, ==, 0);

  /* Setting the file again plays it. */
  load_clip (fixture);
  em_player_play_span (fixture->player, 0.0, 0.3);
  g_assert_true (wait_for (fixture, has_finished, 20));
  g_assert_null (fixture->error);
}

static gboolean
is_settled (Fixture *fixture)
{
  return fixture->error != NULL || fixture->n_finished > 0;
}

/* Every hostile input ends in "finished" (what could be decoded was
 * played) or in "error" naming the file: no crash, no hang. */
static void
test_player_bad_files (Fixture       *fixture,
                       gconstpointer  data)
{
  const struct { const char *name; int code; } cases[] = {
    { "zero-byte.mp3", EM_AUDIO_ERROR_EMPTY },
    { "not-audio.mp3", EM_AUDIO_ERROR_NOT_AUDIO },
    { "random-bytes.mp3", EM_AUDIO_ERROR_NOT_AUDIO },
    { "truncated-midframe.mp3", -1 },
    { "header-overclaims.wav", -1 },
    { "corrupted-page.ogg", -1 },
    { "short-1.5s.mp3", -1 },
    { "silence-10s.mp3", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = em_test_shared_path ("data", "bad", cases[i].name, NULL);

      fixture->n_finished = 0;
      em_player_set_file (fixture->player, path);
      em_player_play_span (fixture->player, 0.0, 0.3);
      g_assert_true (wait_for (fixture, is_settled, 20));
      g_test_message ("%s: %s", cases[i].name, fixture->error ? fixture->error->message : "played");
      if (cases[i].code >= 0)
        assert_error_names (fixture, path, cases[i].code);
      else
        g_assert_no_error (fixture->error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/earmark/core/player/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("play-pause", test_player_play_pause);
  ADD ("seek", test_player_seek);
  ADD ("span-end", test_player_span_end);
  ADD ("span-loop", test_player_span_loop);
  ADD ("rate", test_player_rate);
  ADD ("missing-file", test_player_missing_file);
  ADD ("not-audio", test_player_not_audio);
  ADD ("vanished-file", test_player_vanished_file);
  ADD ("fails-mid-play", test_player_fails_mid_play);
  ADD ("bad-files", test_player_bad_files);
#undef ADD

  return g_test_run ();
}
