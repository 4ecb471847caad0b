/* test-waveform.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The peak pyramid of a test signal (one second of silence, then a loud
 * burst) against brute-force min/max, and the waveform widget rendered
 * offscreen with the window's (cairo) renderer: bars where the burst is,
 * background only where the silence is, chunk tints and the playhead
 * where they belong, dark mode redrawn light on dark, and clicks and keys
 * seeking to the matching time.
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "em-audio-decoder.h"
#include "em-peaks-private.h"
#include "em-test-util.h"
#include "widgets/em-waveform.h"
#include "em-test-render.h"

#define RATE 22050
#define WIDTH 400
#define HEIGHT 100
#define BURST_HI 0.8f
#define BURST_LO -0.5f

/* 1 s of silence (one NaN in it), then 1 s of a square-ish burst. */
static float *
make_signal (gsize *n)
{
  float *x = g_new0 (float, 2 * RATE);

  for (gsize i = RATE; i < 2 * RATE; i++)
    x[i] = (i % 4 < 2) ? BURST_HI : BURST_LO;
  x[1000] = NAN;
  *n = 2 * RATE;
  return x;
}

static void
brute_range (const float *x,
             gsize        first,
             gsize        end,
             float       *lo,
             float       *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  for (gsize i = first; i < end; i++)
    {
      if (isnan (x[i]))
        continue;
      *lo = MIN (*lo, x[i]);
      *hi = MAX (*hi, x[i]);
    }
  if (*lo > *hi)
    *lo = *hi = 0.0f;
}

static EmPeaks *
make_peaks (void)
{
  gsize n;
  g_autofree float *x = make_signal (&n);
  g_autoptr(GError) error = NULL;
  EmPeaks *peaks = em_peaks_new_from_samples (x, n, RATE, EM_PEAKS_BIN_SAMPLES_DEFAULT, NULL, &error);

  g_assert_no_error (error);
  return peaks;
}

static void
test_peaks_pyramid (void)
{
  gsize n, n_bins;
  g_autofree float *x = make_signal (&n);
  g_autoptr(EmPeaks) peaks = make_peaks ();
  const float *pairs;

  /* ceil(44100 / 64) = 690 bins, then 345, 173, …, 2, 1: 11 levels. */
  g_assert_cmpuint (em_peaks_get_n_levels (peaks), ==, 11);
  g_assert_cmpuint (em_peaks_get_n_samples (peaks), ==, n);
  g_assert_cmpfloat (em_peaks_get_duration (peaks), ==, 2.0);

  for (guint l = 0; l < em_peaks_get_n_levels (peaks); l++)
    {
      gsize bin = em_peaks_get_bin_samples (peaks, l);

      g_assert_cmpuint (bin, ==, (gsize) 64 << l);
      pairs = em_peaks_get_level (peaks, l, &n_bins);
      g_assert_cmpuint (n_bins, ==, (n + bin - 1) / bin);
      for (gsize b = 0; b < n_bins; b++)
        {
          float lo, hi;

          brute_range (x, b * bin, MIN ((b + 1) * bin, n), &lo, &hi);
          g_assert_cmpfloat (pairs[2 * b], ==, lo);
          g_assert_cmpfloat (pairs[2 * b + 1], ==, hi);
        }
    }

  /* Silence is (0, 0) even with the NaN; the burst is its extremes. */
  pairs = em_peaks_get_level (peaks, 0, &n_bins);
  g_assert_cmpfloat (pairs[2 * 15], ==, 0.0f);
  g_assert_cmpfloat (pairs[2 * 15 + 1], ==, 0.0f);
  g_assert_cmpfloat (pairs[2 * 400], ==, BURST_LO);
  g_assert_cmpfloat (pairs[2 * 400 + 1], ==, BURST_HI);
  pairs = em_peaks_get_level (peaks, 10, &n_bins);
  g_assert_cmpuint (n_bins, ==, 1);
  g_assert_cmpfloat (pairs[0], ==, BURST_LO);
  g_assert_cmpfloat (pairs[1], ==, BURST_HI);
}

static void
test_peaks_level_for (void)
{
  g_autoptr(EmPeaks) peaks = make_peaks ();
  float lo, hi;

  g_assert_cmpuint (em_peaks_get_level_for (peaks, 10), ==, 0);
  g_assert_cmpuint (em_peaks_get_level_for (peaks, 64), ==, 0);
  g_assert_cmpuint (em_peaks_get_level_for (peaks, 127.9), ==, 0);
  g_assert_cmpuint (em_peaks_get_level_for (peaks, 128), ==, 1);
  g_assert_cmpuint (em_peaks_get_level_for (peaks, 110.25 * 64), ==, 6);
  g_assert_cmpuint (em_peaks_get_level_for (peaks, 1e12), ==, 10);

  /* Ranges: the silent first second, the burst, and past the end. */
  em_peaks_get_range (peaks, 3, 0, RATE - 512, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0.0f);
  g_assert_cmpfloat (hi, ==, 0.0f);
  em_peaks_get_range (peaks, 3, RATE, 2 * RATE, &lo, &hi);
  g_assert_cmpfloat (lo, ==, BURST_LO);
  g_assert_cmpfloat (hi, ==, BURST_HI);
  em_peaks_get_range (peaks, 0, 3 * RATE, 4 * RATE, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0.0f);
  g_assert_cmpfloat (hi, ==, 0.0f);
}

/* Above 4 Mi samples level 0 is computed by two threads. */
static void
test_peaks_two_threads (void)
{
  gsize n = (5u << 20) + 37, n_bins;
  g_autofree float *x = g_new (float, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(EmPeaks) peaks = NULL;
  g_autoptr(GError) error = NULL;
  const float *pairs;

  for (gsize i = 0; i < n; i++)
    x[i] = (float) g_rand_double_range (rand, -1.0, 1.0);
  peaks = em_peaks_new_from_samples (x, n, RATE, 100, NULL, &error);
  g_assert_no_error (error);

  pairs = em_peaks_get_level (peaks, 0, &n_bins);
  g_assert_cmpuint (n_bins, ==, (n + 99) / 100);
  for (gsize b = 0; b < n_bins; b++)
    {
      float lo, hi;

      brute_range (x, b * 100, MIN ((b + 1) * 100, n), &lo, &hi);
      g_assert_cmpfloat (pairs[2 * b], ==, lo);
      g_assert_cmpfloat (pairs[2 * b + 1], ==, hi);
    }
}

static void
test_peaks_cancel (void)
{
  g_autoptr(EmJob) job = em_job_new ("peaks");
  g_autoptr(GError) error = NULL;
  g_autofree float *big = g_new0 (float, 9u << 20);

  em_job_cancel (job);
  /* The first check comes after 64 Ki bins, well before the end. */
  g_assert_null (em_peaks_new_from_samples (big, 9u << 20, RATE, 64, job, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static EmPeaks *
load_peaks (const char    *path,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  em_peaks_load_async (path, NULL, cancellable, on_loaded_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return em_peaks_load_finish (result, error);
}

static void
test_peaks_load (void)
{
  g_autofree char *clip = em_test_shared_path ("data", "dev", "clips", "clip-0002.mp3", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(EmPeaks) peaks = NULL;
  g_autoptr(GError) error = NULL;
  float lo, hi;

  peaks = load_peaks (clip, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (em_peaks_get_rate (peaks), ==, EM_AUDIO_RATE);
  g_assert_cmpfloat_with_epsilon (em_peaks_get_duration (peaks), 10.0, 0.2);
  em_peaks_get_range (peaks, em_peaks_get_n_levels (peaks) - 1, 0, G_MAXSIZE, &lo, &hi);
  g_assert_cmpfloat (hi - lo, >, 0.1);
  g_clear_pointer (&peaks, em_peaks_unref);

  peaks = load_peaks ("/nonexistent/earmark/clip.mp3", NULL, &error);
  g_assert_null (peaks);
  g_assert_error (error, EM_AUDIO_ERROR, EM_AUDIO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  peaks = load_peaks (clip, cancellable, &error);
  g_assert_null (peaks);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Long tracks are decoded window by window; on a 10-s clip with 2-s
 * windows the pyramid matches the whole decode up to the decoder's seek
 * accuracy at the four window edges. */
static void
test_peaks_windowed (void)
{
  g_autofree char *clip = em_test_shared_path ("data", "dev", "clips", "clip-0002.mp3", NULL);
  g_autoptr(EmJob) job = em_job_new ("peaks");
  g_autoptr(EmPeaks) whole = NULL;
  g_autoptr(EmPeaks) windowed = NULL;
  g_autoptr(GError) error = NULL;
  const float *a, *b;
  gsize n_a, n_b, close = 0;
  guint level = 5;

  whole = load_peaks (clip, NULL, &error);
  g_assert_no_error (error);
  windowed = _em_peaks_load_windowed (clip, 2.0, 10.0, job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (em_job_get_fraction (job), ==, 1.0);

  g_assert_cmpfloat_with_epsilon (em_peaks_get_duration (windowed), em_peaks_get_duration (whole), 0.05);
  a = em_peaks_get_level (whole, level, &n_a);
  b = em_peaks_get_level (windowed, level, &n_b);
  g_assert_cmpuint (MAX (n_a, n_b) - MIN (n_a, n_b), <=, 1);
  for (gsize i = 0; i < MIN (n_a, n_b); i++)
    close += fabsf (a[2 * i] - b[2 * i]) < 0.02f && fabsf (a[2 * i + 1] - b[2 * i + 1]) < 0.02f;
  g_test_message ("%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " level-%u bins within 0.02", close, MIN (n_a, n_b), level);
  g_assert_cmpuint (close, >=, MIN (n_a, n_b) * 95 / 100);

  /* A duration estimate that is too short (more windows follow) or too
   * long (the windows past the end are empty) gives the same pyramid. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(EmPeaks) other = _em_peaks_load_windowed (clip, 2.0, i == 0 ? 0.0 : 30.0, NULL, NULL, &error);
      const float *c;
      gsize n_c;

      g_assert_no_error (error);
      g_assert_cmpuint (em_peaks_get_n_samples (other), ==, em_peaks_get_n_samples (windowed));
      c = em_peaks_get_level (other, 0, &n_c);
      b = em_peaks_get_level (windowed, 0, &n_b);
      g_assert_cmpuint (n_c, ==, n_b);
      /* Range decodes of the same window differ by the resampler's phase
       * after the seek (≤ 0.015 seen), not by what a pixel shows. */
      for (gsize j = 0; j < 2 * n_c; j++)
        g_assert_cmpfloat (fabsf (c[j] - b[j]), <, 0.05f);
    }

  /* Cancelled before the first window. */
  em_job_cancel (job);
  g_clear_pointer (&windowed, em_peaks_unref);
  windowed = _em_peaks_load_windowed (clip, 2.0, 10.0, job, em_job_get_cancellable (job), &error);
  g_assert_null (windowed);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The widget in a window, allocated WIDTH × HEIGHT. */
typedef struct
{
  GtkWidget  *window;
  EmWaveform *waveform;
  double      seeked;
  guint       n_seeks;
} Fixture;

static void
on_seek_cb (EmWaveform *waveform,
            double      position,
            Fixture    *fixture)
{
  fixture->seeked = position;
  fixture->n_seeks++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(EmPeaks) peaks = make_peaks ();
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  fixture->window = gtk_window_new ();
  fixture->waveform = EM_WAVEFORM (em_waveform_new ());
  gtk_widget_set_size_request (GTK_WIDGET (fixture->waveform), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->waveform));
  gtk_window_set_resizable (GTK_WINDOW (fixture->window), FALSE);
  em_waveform_set_peaks (fixture->waveform, peaks);
  g_signal_connect (fixture->waveform, "seek", G_CALLBACK (on_seek_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->window));

  while ((gtk_widget_get_width (GTK_WIDGET (fixture->waveform)) != WIDTH ||
          !gtk_widget_get_mapped (GTK_WIDGET (fixture->waveform))) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->waveform)), ==, WIDTH);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (fixture->waveform)), ==, HEIGHT);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  em_test_iterate (0.05);
}

static const guchar *
pixel (const guchar *pixels,
       int           x,
       int           y)
{
  return pixels + 4 * (y * WIDTH + x);
}

/* Pixels of column @x with alpha above @alpha. */
static int
column_coverage (const guchar *pixels,
                 int           x,
                 guchar        alpha)
{
  int n = 0;

  for (int y = 0; y < HEIGHT; y++)
    n += pixel (pixels, x, y)[3] > alpha;
  return n;
}

static void
assert_silence_then_burst (const guchar *pixels,
                           gboolean      dark)
{
  /* Bars span 0.8 … −0.5 of the half height: 65 rows of 100. */
  for (int x = 2; x < WIDTH / 2 - 2; x++)
    g_assert_cmpint (column_coverage (pixels, x, 0), ==, 0);
  for (int x = WIDTH / 2 + 2; x < WIDTH; x++)
    {
      const guchar *mid = pixel (pixels, x, HEIGHT / 2);
      int luma = (mid[0] * 3 + mid[1] * 6 + mid[2]) / 10;

      g_assert_cmpint (column_coverage (pixels, x, 128), >=, 63);
      g_assert_cmpint (column_coverage (pixels, x, 128), <=, 67);
      g_assert_cmpint (pixel (pixels, x, 5)[3], ==, 0);
      g_assert_cmpint (pixel (pixels, x, HEIGHT - 5)[3], ==, 0);
      if (dark)
        g_assert_cmpint (luma, >, 180);
      else
        g_assert_cmpint (luma, <, 80);
    }
}

static void
test_waveform_render (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree guchar *light = NULL;
  g_autofree guchar *dark = NULL;

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (fixture->waveform)), ==,
                   GTK_ACCESSIBLE_ROLE_SLIDER);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (fixture->waveform)));

  light = em_test_render_widget (GTK_WIDGET (fixture->waveform), WIDTH, HEIGHT);
  assert_silence_then_burst (light, FALSE);

  /* Dark mode invalidates the cached node: the bars come back light. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  em_test_iterate (0.1);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  dark = em_test_render_widget (GTK_WIDGET (fixture->waveform), WIDTH, HEIGHT);
  assert_silence_then_burst (dark, TRUE);
}

static void
test_waveform_chunks_and_playhead (Fixture       *fixture,
                                   gconstpointer  data)
{
  /* Counted from the end: [0] is the last second. */
  const EmWaveformChunk chunks[] = {
    { 1.0, 2.0, EM_LABEL_MUSIC, FALSE },
    { 0.0, 1.0, EM_LABEL_NONE, FALSE },
  };
  g_autofree guchar *pixels = NULL;
  const guchar *p;

  em_waveform_set_chunks (fixture->waveform, chunks, G_N_ELEMENTS (chunks));
  em_waveform_set_position (fixture->waveform, 0.5);
  pixels = em_test_render_widget (GTK_WIDGET (fixture->waveform), WIDTH, HEIGHT);

  /* Unlabelled silence stays background, except the boundary at 1 s and
   * the playhead at 0.5 s. */
  for (int x = 2; x < WIDTH / 2 - 2; x++)
    {
      if (x >= 98 && x <= 101)
        continue;
      g_assert_cmpint (column_coverage (pixels, x, 0), ==, 0);
    }
  g_assert_cmpint (column_coverage (pixels, WIDTH / 2, 0), ==, HEIGHT);
  g_assert_cmpint (column_coverage (pixels, 99, 200), ==, HEIGHT);

  /* The music chunk is tinted blue above and below the bars. */
  p = pixel (pixels, 300, 5);
  g_assert_cmpint (p[3], >, 20);
  g_assert_cmpint (p[2], >, p[0] + 60);

  /* The playhead is an overlay: moving it moves the accent column. */
  g_clear_pointer (&pixels, g_free);
  em_waveform_set_position (fixture->waveform, 0.25);
  pixels = em_test_render_widget (GTK_WIDGET (fixture->waveform), WIDTH, HEIGHT);
  g_assert_cmpint (column_coverage (pixels, 99, 0), ==, 0);
  g_assert_cmpint (column_coverage (pixels, 49, 200), ==, HEIGHT);

  /* The current chunk gets an opaque outline: its top row, not the
   * other chunk's. */
  g_assert_cmpint (pixel (pixels, 300, 0)[3], <, 200);
  g_clear_pointer (&pixels, g_free);
  em_waveform_set_current_chunk (fixture->waveform, 0);
  pixels = em_test_render_widget (GTK_WIDGET (fixture->waveform), WIDTH, HEIGHT);
  g_assert_cmpint (pixel (pixels, 300, 0)[3], ==, 255);
  g_assert_cmpint (pixel (pixels, 300, HEIGHT - 1)[3], ==, 255);
  g_assert_cmpint (pixel (pixels, 150, 0)[3], ==, 0);

  /* Chunks that no longer exist drop the outline. */
  em_waveform_set_chunks (fixture->waveform, chunks, 0);
  g_assert_cmpint (em_waveform_get_current_chunk (fixture->waveform), ==, -1);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_waveform_seek (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->waveform);
  GtkEventController *drag = find_controller (widget, GTK_TYPE_GESTURE_DRAG);
  GtkEventController *key = find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_KEY);
  GtkEventController *scroll = find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  gboolean handled = FALSE;
  double start, end;

  /* A click at x = 300 of 400 px over 2 s is 1.5 s; dragging follows. */
  g_signal_emit_by_name (drag, "drag-begin", 300.0, 50.0);
  g_assert_cmpuint (fixture->n_seeks, ==, 1);
  g_assert_cmpfloat_with_epsilon (fixture->seeked, 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (em_waveform_get_position (fixture->waveform), 1.5, 1e-9);
  g_signal_emit_by_name (drag, "drag-update", -200.0, 3.0);
  g_assert_cmpfloat_with_epsilon (fixture->seeked, 0.5, 1e-9);
  g_signal_emit_by_name (drag, "drag-update", -900.0, 3.0);
  g_assert_cmpfloat (fixture->seeked, ==, 0.0);

  /* Arrow keys step by a second, End goes to the end. */
  g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Right, 0, 0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat_with_epsilon (fixture->seeked, 1.0, 1e-9);
  g_signal_emit_by_name (key, "key-pressed", GDK_KEY_End, 0, 0, &handled);
  g_assert_cmpfloat_with_epsilon (fixture->seeked, 2.0, 1e-9);
  g_signal_emit_by_name (key, "key-pressed", GDK_KEY_m, 0, 0, &handled);
  g_assert_false (handled);

  /* Zoomed 2× around the playhead at the end, the view is the last
   * second and a click maps into it. */
  em_waveform_set_zoom (fixture->waveform, 2.0);
  em_waveform_get_visible_range (fixture->waveform, &start, &end);
  g_assert_cmpfloat_with_epsilon (start, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (end, 2.0, 1e-9);
  g_signal_emit_by_name (drag, "drag-begin", 100.0, 50.0);
  g_assert_cmpfloat_with_epsilon (fixture->seeked, 1.25, 1e-9);

  /* Scrolling without Ctrl pans a zoomed view (a tenth of it a step)
   * and stays inside the track. */
  g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_true (handled);
  em_waveform_get_visible_range (fixture->waveform, &start, &end);
  g_assert_cmpfloat_with_epsilon (start, 0.9, 1e-9);
  g_signal_emit_by_name (scroll, "scroll", 0.0, 50.0, &handled);
  em_waveform_get_visible_range (fixture->waveform, &start, &end);
  g_assert_cmpfloat_with_epsilon (end, 2.0, 1e-9);

  /* Unzoomed, plain scrolling is left to a scrolled parent. */
  em_waveform_set_zoom (fixture->waveform, 1.0);
  g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
  g_assert_false (handled);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/earmark/ui/waveform/peaks-pyramid", test_peaks_pyramid);
  g_test_add_func ("/earmark/ui/waveform/peaks-level-for", test_peaks_level_for);
  g_test_add_func ("/earmark/ui/waveform/peaks-two-threads", test_peaks_two_threads);
  g_test_add_func ("/earmark/ui/waveform/peaks-cancel", test_peaks_cancel);
  g_test_add_func ("/earmark/ui/waveform/peaks-load", test_peaks_load);
  g_test_add_func ("/earmark/ui/waveform/peaks-windowed", test_peaks_windowed);
#define ADD(name, func) \
  g_test_add ("/earmark/ui/waveform/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("render", test_waveform_render);
  ADD ("chunks-playhead", test_waveform_chunks_and_playhead);
  ADD ("seek", test_waveform_seek);
#undef ADD

  return g_test_run ();
}
