/* bench-scatter-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * EmScatterPlot with 30,000 points (eight Gaussian clusters and some
 * noise) in a 1000 × 700 window, rendered with the window's renderer
 * (GSK_RENDERER=cairo under xvfb-run): the time from set_points() to the
 * first texture, from set_colors() to the recoloured texture, and the
 * frame time (snapshot + render) of programmatic pan and zoom steps,
 * against the 16-ms frame budget of the issue. Also grid build, pick and
 * lasso-selection times. Asserts nothing.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <time.h>

#include <adwaita.h>

#include "widgets/em-plot-colors.h"
#include "widgets/em-point-grid.h"
#include "widgets/em-scatter-plot.h"

#define N_POINTS 30000
#define N_CLUSTERS 8
#define WIDTH 1000
#define HEIGHT 700
#define FRAME_MS 16.0
#define N_FRAMES 120

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* Process CPU time: the worker's rasterising, whatever the machine load. */
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

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_stats (const char *what,
             double     *ms,
             guint       n)
{
  double median, p90, max;

  qsort (ms, n, sizeof (double), compare_doubles);
  median = ms[n / 2];
  p90 = ms[MIN (n - 1, n * 9 / 10)];
  max = ms[n - 1];
  g_print ("  %-44s median %6.2f ms  p90 %6.2f ms  max %6.2f ms  (median %.2f× of %.0f ms)\n",
           what, median, p90, max, median / FRAME_MS, FRAME_MS);
}

/* Eight Gaussian blobs like a t-SNE map, 5 % noise points without a
 * cluster. */
static void
make_points (float *xy,
             guint *cluster)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  for (guint i = 0; i < N_POINTS; i++)
    {
      guint c = i % N_CLUSTERS;
      double r = sqrt (-2 * log (g_rand_double_range (rand, 1e-12, 1)));
      double a = g_rand_double_range (rand, 0, 2 * G_PI);
      double cx = 30 * cos (c * 2 * G_PI / N_CLUSTERS), cy = 30 * sin (c * 2 * G_PI / N_CLUSTERS);

      xy[2 * i] = (float) (cx + 5 * r * cos (a));
      xy[2 * i + 1] = (float) (cy + 5 * r * sin (a));
      cluster[i] = i % 20 == 0 ? EM_PLOT_NO_CLUSTER : c;
    }
}

static void
wait_rendered (EmScatterPlot *plot)
{
  while (em_scatter_plot_get_rendering (plot))
    g_main_context_iteration (NULL, TRUE);
}

static double
frame (GtkWidget   *widget,
       GskRenderer *renderer)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  double t0 = now_ms ();

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  return now_ms () - t0;
}

/* Alternating pan and zoom steps with no main-loop iteration in
 * between, so every frame is the moved cached layer, as while the user
 * drags or scrolls; pans after a zoom are scaled too. */
static void
bench_frames (EmScatterPlot *plot,
              GskRenderer   *renderer,
              const char    *what)
{
  GtkWidget *widget = GTK_WIDGET (plot);
  double all[N_FRAMES], pan[N_FRAMES / 2], zoom[N_FRAMES / 2];
  g_autofree char *pan_what = g_strdup_printf ("%s, pan steps", what);
  g_autofree char *zoom_what = g_strdup_printf ("%s, zoom steps", what);

  for (guint f = 0; f < N_FRAMES; f++)
    {
      if (f % 2 == 0)
        em_scatter_plot_pan (plot, 7, -3);
      else
        em_scatter_plot_zoom_at (plot, f % 4 == 1 ? 1.05 : 1 / 1.04, 300 + f, 200 + f);
      all[f] = frame (widget, renderer);
      if (f % 2 == 0)
        pan[f / 2] = all[f];
      else
        zoom[f / 2] = all[f];
    }
  print_stats (what, all, N_FRAMES);
  print_stats (pan_what, pan, N_FRAMES / 2);
  print_stats (zoom_what, zoom, N_FRAMES / 2);
  em_scatter_plot_reset_view (plot);
  wait_rendered (plot);
}

static void
bench_grid (const float *xy)
{
  double best = G_MAXDOUBLE, t0;
  g_autoptr(EmPointGrid) grid = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  const double lasso[] = { -40, -40, 40, -40, 40, 40, 10, 40, 10, -10, -10, -10, -10, 40, -40, 40 };
  int hits = 0;

  for (int run = 0; run < 5; run++)
    {
      t0 = now_ms ();
      g_clear_pointer (&grid, em_point_grid_free);
      grid = em_point_grid_new (xy, N_POINTS);
      best = MIN (best, now_ms () - t0);
    }
  g_print ("grid of %d points: built in %.2f ms (best of 5)\n", N_POINTS, best);

  t0 = now_ms ();
  for (int q = 0; q < 10000; q++)
    hits += em_point_grid_nearest (grid, -40 + (q % 100) * 0.8, -40 + (q / 100) * 0.8, 10, 10, 6) >= 0;
  g_print ("  10,000 picks: %.2f us each (%d hits)\n", (now_ms () - t0) * 1000 / 10000, hits);

  t0 = now_ms ();
  em_point_grid_collect_polygon (grid, lasso, G_N_ELEMENTS (lasso) / 2, found);
  g_print ("  concave lasso over the whole cloud: %.2f ms (%u points inside)\n", now_ms () - t0, found->len);
}

static void
bench_widget (const float *xy,
              const guint *cluster)
{
  GtkWidget *window = gtk_window_new ();
  EmScatterPlot *plot = em_scatter_plot_new ();
  GtkWidget *widget = GTK_WIDGET (plot);
  GskRenderer *renderer;
  GdkRGBA palette[N_CLUSTERS];
  g_autofree guint *by_label = g_new (guint, N_POINTS);
  const char *names[N_CLUSTERS] = { "1", "2", "3", "4", "5", "6", "7", "8" };
  double t0, c0, first, first_cpu, recolor[5], recolor_cpu[5];
  g_autoptr(GtkBitset) selection = gtk_bitset_new_empty ();

  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (widget) != WIDTH || !gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  for (guint c = 0; c < N_CLUSTERS; c++)
    em_plot_colors_for_cluster (c, FALSE, &palette[c]);
  for (guint i = 0; i < N_POINTS; i++)
    by_label[i] = (i * 7) % 4 == 0 ? EM_PLOT_NO_CLUSTER : (i * 7) % 4 - 1;

  t0 = now_ms ();
  c0 = cpu_ms ();
  em_scatter_plot_set_points (plot, xy, N_POINTS);
  em_scatter_plot_set_colors (plot, cluster, palette, names, N_CLUSTERS);
  wait_rendered (plot);
  first = now_ms () - t0;
  first_cpu = cpu_ms () - c0;

  for (int run = 0; run < 5; run++)
    {
      t0 = now_ms ();
      c0 = cpu_ms ();
      em_scatter_plot_set_colors (plot, run % 2 == 0 ? by_label : cluster, palette, names,
                                  run % 2 == 0 ? 3 : N_CLUSTERS);
      wait_rendered (plot);
      recolor[run] = now_ms () - t0;
      recolor_cpu[run] = cpu_ms () - c0;
    }
  qsort (recolor, 5, sizeof (double), compare_doubles);
  qsort (recolor_cpu, 5, sizeof (double), compare_doubles);

  g_print ("scatter plot of %d points, %d × %d px, renderer %s:\n", N_POINTS, WIDTH, HEIGHT,
           G_OBJECT_TYPE_NAME (renderer));
  g_print ("  set_points + set_colors → first texture  %.1f ms wall, %.1f ms CPU\n", first, first_cpu);
  g_print ("  set_colors → recoloured texture         median %.1f ms wall (max %.1f), %.1f ms CPU (of 5)\n",
           recolor[2], recolor[4], recolor_cpu[2]);

  bench_frames (plot, renderer, "pan/zoom frame (snapshot+render)");
  for (guint i = 0; i < N_POINTS; i += 6)
    gtk_bitset_add (selection, i);
  t0 = now_ms ();
  em_scatter_plot_set_selection (plot, selection);
  g_print ("  select %u points (selection layer)       %.1f ms\n", (guint) gtk_bitset_get_size (selection),
           now_ms () - t0);
  bench_frames (plot, renderer, "same with 5,000 selected");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree float *xy = g_new (float, 2 * N_POINTS);
  g_autofree guint *cluster = g_new (guint, N_POINTS);

  print_load ();
  make_points (xy, cluster);
  bench_grid (xy);

  if (!gtk_init_check ())
    {
      g_print ("no display: widget frames not measured (run under xvfb-run)\n");
      return 0;
    }
  adw_init ();
  bench_widget (xy, cluster);
  return 0;
}
