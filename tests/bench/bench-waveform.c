/* bench-waveform.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints how long the peak pyramid of a 3-hour signal takes to build and,
 * when a display is available (run under xvfb-run with GSK_RENDERER=cairo),
 * how long a 1,000-px EmWaveform takes to snapshot with and without its
 * cached node, and to render. The anchor is the 16.7-ms frame budget:
 * playback only redraws the playhead over the cached node. Also the time
 * from play_span() to "playing" on dev clips, cold and prerolled (the
 * issue's "next clip < 50 ms"). Asserts nothing.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <adwaita.h>

#include "em-peaks.h"
#include "em-player.h"
#include "widgets/em-waveform.h"

#define RATE 22050
#define HOURS 3
#define WIDGET_WIDTH 1000
#define WIDGET_HEIGHT 120

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
print_load (void)
{
  g_autofree char *loadavg = NULL;

  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    g_print ("load average: %s", loadavg);
  g_print ("processors: %u\n", g_get_num_processors ());
}

/* Speech-like test signal: a cheap deterministic noise with a slow
 * envelope, so bins are not all equal. */
static float *
make_signal (gsize n)
{
  float *x = g_new (float, n);
  guint32 state = 12345;

  for (gsize i = 0; i < n; i++)
    {
      float envelope = (float) ((i / RATE) % 7) / 7.0f;

      state = state * 1664525u + 1013904223u;
      x[i] = envelope * ((float) (state >> 8) / (float) (1u << 24) * 2.0f - 1.0f);
    }
  return x;
}

static long
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (line + 6, NULL, 10);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

/* The 3-hour MP3 that bench-decode makes in the build dir, if it is
 * there: decoded 10 minutes at a time, the peak memory stays far below
 * the 1 GB of a whole decode. Runs first so VmHWM is its own. */
static void
bench_load_file (void)
{
  const char *build_dir = g_getenv ("EARMARK_BUILD_DIR");
  g_autofree char *path = g_build_filename (build_dir != NULL ? build_dir : ".", "bench-3h.mp3", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(EmPeaks) peaks = NULL;
  g_autoptr(GError) error = NULL;
  double t0 = now_ms (), c0 = cpu_ms ();

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_print ("%s not found (bench-decode makes it): file load not measured\n", path);
      return;
    }

  em_peaks_load_async (path, NULL, NULL, on_loaded_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  peaks = em_peaks_load_finish (result, &error);
  if (peaks == NULL)
    {
      g_print ("peaks of %s failed: %s\n", path, error->message);
      return;
    }
  g_print ("em_peaks_load_async on the 3-h MP3 (%.0f s): %.1f s wall, %.1f s CPU, VmHWM %.0f MiB\n",
           em_peaks_get_duration (peaks), (now_ms () - t0) / 1000, (cpu_ms () - c0) / 1000,
           peak_rss_kib () / 1024.0);
}

static EmPeaks *
bench_peaks (void)
{
  gsize n = (gsize) HOURS * 3600 * RATE;
  g_autofree float *x = make_signal (n);
  EmPeaks *peaks = NULL;
  double best = G_MAXDOUBLE, best_cpu = G_MAXDOUBLE;

  for (int run = 0; run < 3; run++)
    {
      double t0 = now_ms (), c0 = cpu_ms ();

      g_clear_pointer (&peaks, em_peaks_unref);
      peaks = em_peaks_new_from_samples (x, n, RATE, EM_PEAKS_BIN_SAMPLES_DEFAULT, NULL, NULL);
      best = MIN (best, now_ms () - t0);
      best_cpu = MIN (best_cpu, cpu_ms () - c0);
    }

  /* CPU time (both threads) is the load-independent figure. */
  g_print ("peaks of %d h (%" G_GSIZE_FORMAT " samples, %u levels): best of 3 %.1f ms wall, "
           "%.1f ms CPU, %.2f CPU-ns/sample\n",
           HOURS, n, em_peaks_get_n_levels (peaks), best, best_cpu, best_cpu * 1e6 / n);
  return peaks;
}

static void
bench_widget (EmPeaks *peaks)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = em_waveform_new ();
  EmWaveform *waveform = EM_WAVEFORM (widget);
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (widget);
  g_autofree EmWaveformChunk *chunks = NULL;
  guint n_chunks = HOURS * 360;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  double t0, cold = 0, warm = 0, render;
  const int n_cold = 20, n_warm = 200;

  gtk_widget_set_size_request (widget, WIDGET_WIDTH, WIDGET_HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  em_waveform_set_peaks (waveform, peaks);
  chunks = g_new (EmWaveformChunk, n_chunks);
  for (guint i = 0; i < n_chunks; i++)
    chunks[i] = (EmWaveformChunk) { (n_chunks - i - 1) * 10.0, (n_chunks - i) * 10.0, i % 4, i % 2 };
  em_waveform_set_chunks (waveform, chunks, n_chunks);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (widget) != WIDGET_WIDTH || !gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);

  /* Cold: the chunks change (a label was set), the node is rebuilt. */
  for (int i = 0; i < n_cold; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      em_waveform_set_chunks (waveform, chunks, n_chunks);
      t0 = now_ms ();
      klass->snapshot (widget, snapshot);
      cold += now_ms () - t0;
      g_clear_pointer (&node, gsk_render_node_unref);
      node = gtk_snapshot_free_to_node (snapshot);
    }

  /* Warm: only the playhead moves, as during playback. */
  for (int i = 0; i < n_warm; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      em_waveform_set_position (waveform, i * 30.0);
      t0 = now_ms ();
      klass->snapshot (widget, snapshot);
      warm += now_ms () - t0;
      gsk_render_node_unref (gtk_snapshot_free_to_node (snapshot));
    }

  /* The cairo renderer redraws the whole tree every frame. */
  t0 = now_ms ();
  for (int i = 0; i < 5; i++)
    {
      g_clear_object (&texture);
      texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                             &GRAPHENE_RECT_INIT (0, 0, WIDGET_WIDTH, WIDGET_HEIGHT));
    }
  render = (now_ms () - t0) / 5;

  g_print ("snapshot of a %d-px waveform of %d h with %u chunks:\n", WIDGET_WIDTH, HOURS, n_chunks);
  g_print ("  cold (node rebuilt)   %.3f ms (%.1f%% of a 16.7-ms frame)\n", cold / n_cold, cold / n_cold / 16.7 * 100);
  g_print ("  warm (playhead only)  %.3f ms (%.2f%% of a frame)\n", warm / n_warm, warm / n_warm / 16.7 * 100);
  g_print ("  render the node with %s: %.2f ms per frame\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))), render);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_state_cb (EmPlayer   *player,
             GParamSpec *pspec,
             gint64     *playing_at)
{
  if (em_player_get_state (player) == EM_PLAYER_STATE_PLAYING && *playing_at == 0)
    *playing_at = g_get_monotonic_time ();
}

/* Milliseconds from the call to the "playing" state, the Label page's
 * "next clip" path: cold (set the file, then play) and warm (the file
 * was set, i.e. prerolled, beforehand: the page's preloaded next clip). */
static double
time_to_playing (EmPlayer   *player,
                 const char *path,
                 gboolean    preload)
{
  gint64 playing_at = 0, t0;
  gulong id;

  em_player_stop (player);
  if (preload)
    {
      em_player_set_file (player, path);
      while (em_player_get_state (player) != EM_PLAYER_STATE_PAUSED)
        g_main_context_iteration (NULL, TRUE);
    }
  id = g_signal_connect (player, "notify::state", G_CALLBACK (on_state_cb), &playing_at);
  t0 = g_get_monotonic_time ();
  if (!preload)
    em_player_set_file (player, path);
  em_player_play_span (player, 0.0, 10.0);
  while (playing_at == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (player, id);
  return (playing_at - t0) / 1000.0;
}

static void
bench_player (void)
{
  const char *shared = g_getenv ("EARMARK_SHARED_DIR");
  g_autofree char *dir = g_build_filename (shared != NULL ? shared : "/work/shared", "data", "dev", "clips", NULL);
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  g_autoptr(EmPlayer) player = NULL;
  double cold = 0, warm = 0, worst_warm = 0;
  const int n = 10;

  g_object_set (sink, "sync", TRUE, NULL);
  player = em_player_new (sink);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("clip-%04d.mp3", i + 1);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      double w;

      cold += time_to_playing (player, path, FALSE);
      w = time_to_playing (player, path, TRUE);
      warm += w;
      worst_warm = MAX (worst_warm, w);
    }
  em_player_stop (player);
  g_print ("player, call to playing (fakesink, sync) over %d dev clips: cold %.1f ms, "
           "prerolled %.1f ms (worst %.1f; target < 50 ms)\n", n, cold / n, warm / n, worst_warm);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EmPeaks) peaks = NULL;

  print_load ();
  gst_init (&argc, &argv);
  bench_player ();
  bench_load_file ();
  peaks = bench_peaks ();

  if (!gtk_init_check ())
    {
      g_print ("no display: widget snapshot not measured (run under xvfb-run)\n");
      return 0;
    }
  adw_init ();
  bench_widget (peaks);
  return 0;
}
