/* bench-dendrogram.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dendrogram widget on the ward linkage of the 30,000-row synthetic
 * matrix (standardised; the linkage itself is computed once, not timed,
 * and kept in the build dir for the next run). Prints, for p = 30, 300
 * and the whole tree: set_linkage (libearmark's layout, max heights,
 * first flat clusters) plus the first snapshot and its render to a
 * texture with the cairo renderer, against the 200-ms target;
 * then the frame time while the cut line is dragged (snapshot + render
 * per step), for steps that change the number of clusters (branches
 * recoloured) and steps that do not (the cached node is reused), against
 * the 16.7-ms frame. Needs a display (xvfb-run); asserts nothing.
 */

#include "config.h"

#include <time.h>

#include <adwaita.h>

#include "em-linkage.h"
#include "em-standardize.h"
#include "widgets/em-dendrogram-view.h"

#define N_ROWS 30000
#define N_COLS 38
#define WIDTH 1000
#define HEIGHT 400
#define TARGET_MS 200.0
#define FRAME_MS 16.7

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

/* Ward linkage of the standardised 30,000 rows, from the build dir's
 * copy when an earlier run left one. */
static double *
ward_linkage (void)
{
  const char *shared = g_getenv ("EARMARK_SHARED_DIR");
  const char *build = g_getenv ("EARMARK_BUILD_DIR");
  g_autofree char *cache = g_build_filename (build != NULL ? build : ".", "bench-ward30k.f64", NULL);
  g_autofree char *path = g_build_filename (shared != NULL ? shared : "../shared", "fixtures", "algos",
                                            "synth30k.f64", NULL);
  gsize z_size = (gsize) (N_ROWS - 1) * 4 * sizeof (double);
  g_autofree char *contents = NULL;
  g_autofree double *xs = NULL;
  g_autoptr(GError) error = NULL;
  double *z = NULL;
  gsize len = 0;
  double t0;

  if (g_file_get_contents (cache, (char **) &z, &len, NULL) && len == z_size)
    return z;
  g_clear_pointer (&z, g_free);

  if (!g_file_get_contents (path, &contents, &len, &error) || len != (gsize) N_ROWS * N_COLS * sizeof (double))
    {
      g_print ("%s: cannot read the 30,000-row matrix (%s)\n", path, error != NULL ? error->message : "size");
      return NULL;
    }
  xs = g_new (double, (gsize) N_ROWS * N_COLS);
  z = g_malloc (z_size);
  t0 = now_ms ();
  if (!em_standardize ((const double *) contents, N_ROWS, N_COLS, xs, NULL, NULL, NULL, &error) ||
      !em_linkage_compute (xs, N_ROWS, N_COLS, EM_LINKAGE_WARD, NULL, z, &error))
    {
      g_print ("ward linkage failed: %s\n", error->message);
      g_free (z);
      return NULL;
    }
  g_print ("ward linkage of %d rows (not part of the figures): %.1f s\n", N_ROWS, (now_ms () - t0) / 1000);
  if (!g_file_set_contents (cache, (const char *) z, z_size, &error))
    g_print ("could not keep the linkage in %s: %s\n", cache, error->message);
  return z;
}

static const char *
p_label (char  *buf,
         gsize  size,
         guint  p)
{
  if (p == 0)
    return "all";
  g_snprintf (buf, size, "%u", p);
  return buf;
}

/* Snapshot of the widget, then its render with the window's renderer;
 * returns the total, with the snapshot's share in @snapshot_ms. */
static double
draw_frame (GtkWidget *widget,
            double    *snapshot_ms)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  double t0 = now_ms ();

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  *snapshot_ms = now_ms () - t0;
  if (node != NULL)
    texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  return now_ms () - t0;
}

static void
bench_first_draw (EmDendrogramView *view,
                  const double     *z,
                  guint             p)
{
  GtkWidget *widget = GTK_WIDGET (view);
  double best = G_MAXDOUBLE, best_layout = 0, best_snapshot = 0, best_cpu = 0;
  char buf[16];

  for (int run = 0; run < 3; run++)
    {
      double t0, c0, layout, snapshot, total;

      em_dendrogram_view_clear (view);
      t0 = now_ms ();
      c0 = cpu_ms ();
      em_dendrogram_view_set_linkage (view, z, N_ROWS, p);
      layout = now_ms () - t0;
      total = layout + draw_frame (widget, &snapshot);
      if (total < best)
        {
          best = total;
          best_layout = layout;
          best_snapshot = snapshot;
          best_cpu = cpu_ms () - c0;
        }
    }
  g_print ("p = %-6s set_linkage + first draw: %6.1f ms (layout %.1f, snapshot %.1f, render %.1f; %.1f ms CPU), "
           "%.2f of the %.0f-ms target\n",
           p_label (buf, sizeof buf, p), best, best_layout, best_snapshot,
           best - best_layout - best_snapshot, best_cpu, best / TARGET_MS, TARGET_MS);
}

/* The cut dragged from 8 clusters towards the leaves in small steps, as
 * drag-update does: every step redraws the overlay; steps where the count
 * changes rebuild the branch node. */
static void
bench_cut_drag (EmDendrogramView *view,
                const double     *z,
                guint             p)
{
  GtkWidget *widget = GTK_WIDGET (view);
  double cut, changed = 0, same = 0, worst = 0, snapshot, c0;
  guint n_changed = 0, n_same = 0;
  const int steps = 60;
  char buf[16];

  em_dendrogram_view_set_linkage (view, z, N_ROWS, p);
  draw_frame (widget, &snapshot);
  cut = em_dendrogram_view_get_cut_height (view);
  c0 = cpu_ms ();
  for (int i = 0; i < steps; i++)
    {
      guint before = em_dendrogram_view_get_n_clusters (view);
      double t0 = now_ms (), ms;

      em_dendrogram_view_set_cut_height (view, cut * (1.0 - 0.012 * (i + 1)));
      ms = now_ms () - t0 + draw_frame (widget, &snapshot);
      worst = MAX (worst, ms);
      if (em_dendrogram_view_get_n_clusters (view) != before)
        {
          changed += ms;
          n_changed++;
        }
      else
        {
          same += ms;
          n_same++;
        }
    }
  c0 = cpu_ms () - c0;
  g_print ("p = %-6s cut drag, %d steps down to %u clusters: count changed %.2f ms/frame (%u), "
           "unchanged %.2f ms/frame (%u), worst %.2f ms (%.2f of a %.1f-ms frame); %.2f CPU-ms/frame\n",
           p_label (buf, sizeof buf, p), steps, em_dendrogram_view_get_n_clusters (view),
           n_changed > 0 ? changed / n_changed : 0.0, n_changed, n_same > 0 ? same / n_same : 0.0, n_same,
           worst, worst / FRAME_MS, FRAME_MS, c0 / steps);
}

int
main (int   argc,
      char *argv[])
{
  const guint ps[] = { 30, 300, 0 };
  g_autofree double *z = NULL;
  GtkWidget *window, *widget;
  EmDendrogramView *view;

  print_load ();
  if (!gtk_init_check ())
    {
      g_print ("no display: the dendrogram is not measured (run under xvfb-run)\n");
      return 0;
    }
  adw_init ();
  z = ward_linkage ();
  if (z == NULL)
    return 0;

  window = gtk_window_new ();
  view = em_dendrogram_view_new ();
  widget = GTK_WIDGET (view);
  gtk_widget_set_size_request (widget, WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (widget) != WIDTH || !gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);

  g_print ("ward dendrogram of %d leaves in a %d x %d widget, renderer %s:\n", N_ROWS, WIDTH, HEIGHT,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  for (guint i = 0; i < G_N_ELEMENTS (ps); i++)
    bench_first_draw (view, z, ps[i]);
  for (guint i = 0; i < G_N_ELEMENTS (ps); i++)
    bench_cut_drag (view, z, ps[i]);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
