/* test-scatter-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scatter plot's grid index against brute force; then the widget in a
 * 400 × 300 window: picking known points at the widget coordinates the
 * documented mapping gives (12-px margin, data extent padded by 5 %),
 * rectangle and concave lasso selection, the offscreen rendering (point
 * colours where points are, transparent background elsewhere, the ring
 * of a selected point, the legend swatches, dark mode), zooming around
 * the pointer, the key actions, and exporting to PNG and SVG.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "em-label.h"
#include "widgets/em-plot-colors.h"
#include "widgets/em-plot-export.h"
#include "widgets/em-point-grid.h"
#include "widgets/em-scatter-plot.h"
#include "em-test-render.h"

#define WIDTH 400
#define HEIGHT 300
#define MARGIN 12.0
#define N_POINTS 7

/* Data extent [0, 10]², padded by 5 %: [-0.5, 10.5]². Point 6 has a NaN
 * coordinate and is never drawn, picked or selected. */
static const float points[N_POINTS * 2] = {
  0, 0,   10, 0,   0, 10,   10, 10,   5, 5,   2, 8,   NAN, 1,
};
static const guint colors[N_POINTS] = { 0, 1, 2, 0, 1, EM_PLOT_NO_CLUSTER, 0 };

static double
expected_x (double x)
{
  return MARGIN + (x + 0.5) / 11.0 * (WIDTH - 2 * MARGIN);
}

static double
expected_y (double y)
{
  return MARGIN + (HEIGHT - 2 * MARGIN) - (y + 0.5) / 11.0 * (HEIGHT - 2 * MARGIN);
}

/* --- the grid ----------------------------------------------------------- */

static void
test_grid (void)
{
  const guint n = 3000;
  g_autofree float *xy = g_new (float, 2 * n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(EmPointGrid) grid = NULL;
  const double polygon[] = { 0, 0, 10, 0, 10, 10, 7, 10, 7, 3, 3, 3, 3, 10, 0, 10 };

  for (guint i = 0; i < n; i++)
    {
      xy[2 * i] = (float) g_rand_double_range (rand, 0, 10);
      xy[2 * i + 1] = (float) g_rand_double_range (rand, 0, 10);
    }
  xy[2 * 17] = NAN;
  grid = em_point_grid_new (xy, n);
  g_assert_cmpuint (em_point_grid_get_n_points (grid), ==, n);

  for (guint q = 0; q < 200; q++)
    {
      double x = g_rand_double_range (rand, -1, 11), y = g_rand_double_range (rand, -1, 11);
      double best = 0.2 * 0.2;
      int expected = -1;
      g_autoptr(GArray) rect = g_array_new (FALSE, FALSE, sizeof (guint));
      guint inside = 0;

      for (guint i = 0; i < n; i++)
        {
          double d2 = (xy[2 * i] - x) * (xy[2 * i] - x) * 4 + (xy[2 * i + 1] - y) * (xy[2 * i + 1] - y);

          if (!isnan (xy[2 * i]) && d2 <= best)
            {
              best = d2;
              expected = (int) i;
            }
          inside += xy[2 * i] >= x && xy[2 * i] <= x + 1.5 && xy[2 * i + 1] >= y && xy[2 * i + 1] <= y + 0.7;
        }
      /* Scale 2 along x: the radius is 0.1 data units there. */
      g_assert_cmpint (em_point_grid_nearest (grid, x, y, 20, 10, 2), ==, expected);
      em_point_grid_collect_rect (grid, x, y, x + 1.5, y + 0.7, rect);
      g_assert_cmpuint (rect->len, ==, inside);
    }

  {
    g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
    guint expected = 0;

    em_point_grid_collect_polygon (grid, polygon, G_N_ELEMENTS (polygon) / 2, found);
    for (guint i = 0; i < n; i++)
      {
        double x = xy[2 * i], y = xy[2 * i + 1];

        expected += !isnan (x) && !(x > 3 && x < 7 && y > 3);
      }
    /* Boundary points are measure-zero with random floats. */
    g_assert_cmpuint (found->len, ==, expected);
    for (guint k = 0; k < found->len; k++)
      {
        guint i = g_array_index (found, guint, k);

        g_assert_false (xy[2 * i] > 3 && xy[2 * i] < 7 && xy[2 * i + 1] > 3);
      }
  }
}

/* --- the widget --------------------------------------------------------- */

typedef struct
{
  GtkWidget     *window;
  EmScatterPlot *plot;
  guint          n_selection_changed;
  int            activated;
  int            labelled;
} Fixture;

static void
wait_rendered (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (em_scatter_plot_get_rendering (fixture->plot) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (em_scatter_plot_get_rendering (fixture->plot));
}

static void
on_selection_changed_cb (EmScatterPlot *plot,
                         Fixture       *fixture)
{
  fixture->n_selection_changed++;
}

static void
on_point_activated_cb (EmScatterPlot *plot,
                       guint          index,
                       Fixture       *fixture)
{
  fixture->activated = (int) index;
}

static void
on_label_selection_cb (EmScatterPlot *plot,
                       int            label,
                       Fixture       *fixture)
{
  fixture->labelled = label;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GtkWidget *widget;

  fixture->window = gtk_window_new ();
  fixture->plot = em_scatter_plot_new ();
  fixture->activated = -1;
  fixture->labelled = -1;
  widget = GTK_WIDGET (fixture->plot);
  gtk_widget_set_size_request (widget, WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (fixture->window), widget);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), WIDTH, HEIGHT);
  em_scatter_plot_set_points (fixture->plot, points, N_POINTS);
  g_signal_connect (widget, "selection-changed", G_CALLBACK (on_selection_changed_cb), fixture);
  g_signal_connect (widget, "point-activated", G_CALLBACK (on_point_activated_cb), fixture);
  g_signal_connect (widget, "label-selection", G_CALLBACK (on_label_selection_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->window));

  while ((gtk_widget_get_width (widget) != WIDTH || !gtk_widget_get_mapped (widget)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gtk_widget_get_width (widget), ==, WIDTH);
  g_assert_cmpint (gtk_widget_get_height (widget), ==, HEIGHT);
  wait_rendered (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  em_test_iterate (0.05);
}

static void
set_colors (Fixture  *fixture,
            gboolean  legend)
{
  const char * const names[] = { "Alpha", "Beta", "Gamma" };
  GdkRGBA palette[3];

  for (guint c = 0; c < 3; c++)
    em_plot_colors_for_cluster (c, FALSE, &palette[c]);
  em_scatter_plot_set_colors (fixture->plot, colors, palette, legend ? names : NULL, 3);
  wait_rendered (fixture);
}

static void
test_pick (Fixture       *fixture,
           gconstpointer  data)
{
  double wx, wy;

  for (guint i = 0; i < N_POINTS - 1; i++)
    {
      double x = expected_x (points[2 * i]), y = expected_y (points[2 * i + 1]);

      g_assert_true (em_scatter_plot_data_to_widget (fixture->plot, points[2 * i], points[2 * i + 1], &wx, &wy));
      g_assert_cmpfloat_with_epsilon (wx, x, 1e-6);
      g_assert_cmpfloat_with_epsilon (wy, y, 1e-6);
      g_assert_cmpint (em_scatter_plot_pick (fixture->plot, x, y), ==, i);
      g_assert_cmpint (em_scatter_plot_pick (fixture->plot, x + 4, y - 2), ==, i);
      g_assert_cmpint (em_scatter_plot_pick (fixture->plot, x + 7, y), ==, -1);
    }
  g_assert_cmpint (em_scatter_plot_pick (fixture->plot, expected_x (7.5), expected_y (2.5)), ==, -1);
  g_assert_cmpint (em_scatter_plot_pick (fixture->plot, 2, 2), ==, -1);
  g_assert_cmpuint (em_scatter_plot_get_n_points (fixture->plot), ==, N_POINTS);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (fixture->plot)), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (fixture->plot)));
}

static void
assert_selection (Fixture     *fixture,
                  const guint *expected,
                  guint        n)
{
  GtkBitset *selection = em_scatter_plot_get_selection (fixture->plot);

  g_assert_cmpuint (gtk_bitset_get_size (selection), ==, n);
  for (guint k = 0; k < n; k++)
    g_assert_true (gtk_bitset_contains (selection, expected[k]));
}

static void
test_select_rect (Fixture       *fixture,
                  gconstpointer  data)
{
  graphene_rect_t rect;
  const guint first[] = { 2, 4, 5 }, extended[] = { 1, 2, 4, 5 };

  /* Data x ∈ [-0.3, 5.2], y ∈ [4.8, 10.3], drawn from its bottom right. */
  graphene_rect_init (&rect, expected_x (5.2), expected_y (4.8),
                      expected_x (-0.3) - expected_x (5.2), expected_y (10.3) - expected_y (4.8));
  em_scatter_plot_select_rect (fixture->plot, &rect, FALSE);
  assert_selection (fixture, first, G_N_ELEMENTS (first));
  g_assert_cmpuint (fixture->n_selection_changed, ==, 1);

  /* The same again changes nothing. */
  em_scatter_plot_select_rect (fixture->plot, &rect, FALSE);
  g_assert_cmpuint (fixture->n_selection_changed, ==, 1);

  graphene_rect_init (&rect, expected_x (9.5), expected_y (0.5), 20, 20);
  em_scatter_plot_select_rect (fixture->plot, &rect, TRUE);
  assert_selection (fixture, extended, G_N_ELEMENTS (extended));

  graphene_rect_init (&rect, expected_x (6), expected_y (4), 30, 30);
  em_scatter_plot_select_rect (fixture->plot, &rect, FALSE);
  assert_selection (fixture, NULL, 0);
  g_assert_cmpuint (fixture->n_selection_changed, ==, 3);
}

static void
test_select_lasso (Fixture       *fixture,
                   gconstpointer  data)
{
  /* A U: the notch x ∈ (3, 7), y > 3 holds point 4 (5, 5), inside the
   * polygon's bounding box but outside the polygon. */
  const double u[] = { -0.4, -0.4, 10.4, -0.4, 10.4, 10.4, 7, 10.4, 7, 3, 3, 3, 3, 10.4, -0.4, 10.4 };
  graphene_point_t polygon[G_N_ELEMENTS (u) / 2];
  const guint expected[] = { 0, 1, 2, 3, 5 }, with_four[] = { 0, 1, 2, 3, 4, 5 };
  g_autoptr(GtkBitset) four = gtk_bitset_new_empty ();

  for (guint v = 0; v < G_N_ELEMENTS (polygon); v++)
    polygon[v] = GRAPHENE_POINT_INIT (expected_x (u[2 * v]), expected_y (u[2 * v + 1]));
  em_scatter_plot_select_lasso (fixture->plot, polygon, G_N_ELEMENTS (polygon), FALSE);
  assert_selection (fixture, expected, G_N_ELEMENTS (expected));

  /* Shift extends; set_selection copies and drops unknown indices. */
  gtk_bitset_add (four, 4);
  gtk_bitset_add (four, 100);
  em_scatter_plot_set_selection (fixture->plot, four);
  assert_selection (fixture, (const guint[]) { 4 }, 1);
  em_scatter_plot_select_lasso (fixture->plot, polygon, G_N_ELEMENTS (polygon), TRUE);
  assert_selection (fixture, with_four, G_N_ELEMENTS (with_four));
  em_scatter_plot_set_selection (fixture->plot, NULL);
  assert_selection (fixture, NULL, 0);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   guint         *n_paints)
{
  (*n_paints)++;
}

/* Lets the window draw a frame, so that the widget's paintable (which
 * shows the widget as last drawn) is up to date, however slow the
 * machine or the sanitizers make it. */
static void
wait_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint n_paints = 0;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &n_paints);

  gtk_widget_queue_draw (widget);
  while (n_paints == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  g_assert_cmpuint (n_paints, >, 0);
}

/* The widget drawn alone once it has painted its current state. */
static guchar *
render (Fixture *fixture)
{
  wait_frame (GTK_WIDGET (fixture->plot));
  return em_test_render_widget (GTK_WIDGET (fixture->plot), WIDTH, HEIGHT);
}

static const guchar *
pixel (const guchar *pixels,
       double        x,
       double        y)
{
  return pixels + 4 * ((int) floor (y) * WIDTH + (int) floor (x));
}

static void
assert_color (const guchar  *p,
              const GdkRGBA *color,
              int            min_alpha)
{
  g_assert_cmpint (p[3], >=, min_alpha);
  g_assert_cmpint (abs (p[0] - (int) lround (color->red * 255)), <=, 4);
  g_assert_cmpint (abs (p[1] - (int) lround (color->green * 255)), <=, 4);
  g_assert_cmpint (abs (p[2] - (int) lround (color->blue * 255)), <=, 4);
}

static void
assert_points_drawn (const guchar *pixels,
                     gboolean      dark)
{
  GdkRGBA color;

  for (guint i = 0; i < N_POINTS - 1; i++)
    {
      if (colors[i] == EM_PLOT_NO_CLUSTER)
        em_plot_colors_for_cluster (EM_PLOT_NO_CLUSTER, dark, &color);
      else
        em_plot_colors_for_cluster (colors[i], FALSE, &color);
      assert_color (pixel (pixels, expected_x (points[2 * i]), expected_y (points[2 * i + 1])), &color, 190);
    }
}

static void
test_render (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree guchar *pixels = NULL;
  g_autofree guchar *dark = NULL;
  g_autofree guchar *legend = NULL;
  g_autofree guchar *selected = NULL;
  g_autoptr(GtkBitset) four = gtk_bitset_new_range (4, 1);
  GdkRGBA beta;
  guint n_swatch = 0;
  double x4 = expected_x (5), y4 = expected_y (5);

  set_colors (fixture, FALSE);
  pixels = render (fixture);
  assert_points_drawn (pixels, FALSE);

  /* Background where no point is, inside and outside the frame; points
   * are discs of radius 2.5: nothing 3 px from a centre. */
  for (double x = 0.5; x <= 10; x += 1)
    for (double y = 0.5; y <= 10; y += 1)
      {
        if ((x > 1.5 && x < 2.5 && y > 7.5 && y < 8.5) || (x > 4.5 && x < 5.5 && y > 4.5 && y < 5.5))
          continue;
        g_assert_cmpint (pixel (pixels, expected_x (x), expected_y (y))[3], ==, 0);
      }
  g_assert_cmpint (pixel (pixels, 5, 5)[3], ==, 0);
  g_assert_cmpint (pixel (pixels, x4 + 3, y4)[3], ==, 0);

  /* A selected point is opaque with a ring in the foreground colour. */
  em_scatter_plot_set_selection (fixture->plot, four);
  selected = render (fixture);
  em_plot_colors_for_cluster (1, FALSE, &beta);
  assert_color (pixel (selected, x4, y4), &beta, 250);
  g_assert_cmpint (pixel (selected, x4 + 3, y4)[3], >, 150);
  g_assert_cmpint (pixel (selected, x4 + 3, y4)[0], <, 100);
  g_assert_cmpint (pixel (selected, x4 + 5, y4)[3], ==, 0);

  /* The legend: opaque 10-px swatches in the top right corner. */
  em_scatter_plot_set_selection (fixture->plot, NULL);
  set_colors (fixture, TRUE);
  legend = render (fixture);
  for (int y = 12; y < HEIGHT / 2; y++)
    for (int x = WIDTH / 2; x < WIDTH; x++)
      {
        const guchar *p = pixel (legend, x, y);

        n_swatch += p[3] == 255 && abs (p[0] - (int) lround (beta.red * 255)) <= 2 &&
                    abs (p[1] - (int) lround (beta.green * 255)) <= 2 &&
                    abs (p[2] - (int) lround (beta.blue * 255)) <= 2;
      }
  g_assert_cmpuint (n_swatch, >=, 90);
  g_assert_cmpuint (n_swatch, <=, 110);

  /* Dark mode re-rasters: "none" points take the dark grey. */
  set_colors (fixture, FALSE);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  wait_rendered (fixture);
  dark = render (fixture);
  assert_points_drawn (dark, TRUE);
}

static void
test_zoom (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree guchar *moved = NULL;
  g_autofree guchar *rerastered = NULL;
  double x0 = expected_x (0), y0 = expected_y (0), wx, wy;
  GdkRGBA beta;

  set_colors (fixture, FALSE);
  em_plot_colors_for_cluster (1, FALSE, &beta);

  em_scatter_plot_zoom_at (fixture->plot, 2.0, x0, y0);
  g_assert_cmpfloat (em_scatter_plot_get_zoom (fixture->plot), ==, 2.0);
  em_scatter_plot_data_to_widget (fixture->plot, 0, 0, &wx, &wy);
  g_assert_cmpfloat_with_epsilon (wx, x0, 1e-6);
  g_assert_cmpfloat_with_epsilon (wy, y0, 1e-6);
  g_assert_cmpint (em_scatter_plot_pick (fixture->plot, x0, y0), ==, 0);

  /* Point 4 moves twice as far from point 0; point 1 leaves the view. */
  em_scatter_plot_data_to_widget (fixture->plot, 5, 5, &wx, &wy);
  g_assert_cmpfloat_with_epsilon (wx, x0 + 2 * (expected_x (5) - x0), 1e-6);
  g_assert_cmpfloat_with_epsilon (wy, y0 + 2 * (expected_y (5) - y0), 1e-6);
  g_assert_cmpint (em_scatter_plot_pick (fixture->plot, wx, wy), ==, 4);
  g_assert_cmpint (em_scatter_plot_pick (fixture->plot, x0 + 2 * (expected_x (10) - x0), y0), ==, -1);

  /* At once the old texture is drawn scaled, then re-rastered. */
  g_assert_true (em_scatter_plot_get_rendering (fixture->plot));
  moved = render (fixture);
  assert_color (pixel (moved, wx, wy), &beta, 150);
  wait_rendered (fixture);
  rerastered = render (fixture);
  assert_color (pixel (rerastered, wx, wy), &beta, 190);
  g_assert_cmpint (pixel (rerastered, wx + 4, wy)[3], ==, 0);

  /* Keys: zoom in around the middle, pan, reset. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->plot), "scatter.reset-view", NULL);
  g_assert_cmpfloat (em_scatter_plot_get_zoom (fixture->plot), ==, 1.0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->plot), "scatter.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (em_scatter_plot_get_zoom (fixture->plot), 1.25, 1e-9);
  em_scatter_plot_data_to_widget (fixture->plot, 5, 5, &wx, &wy);
  g_assert_cmpfloat_with_epsilon (wx, WIDTH / 2.0, 1e-6);
  gtk_widget_activate_action (GTK_WIDGET (fixture->plot), "scatter.pan", "(dd)", 40.0, -10.0);
  em_scatter_plot_data_to_widget (fixture->plot, 5, 5, &wx, &wy);
  g_assert_cmpfloat_with_epsilon (wx, WIDTH / 2.0 + 40, 1e-6);
  g_assert_cmpfloat_with_epsilon (wy, HEIGHT / 2.0 - 10, 1e-6);
  em_scatter_plot_reset_view (fixture->plot);
  wait_rendered (fixture);
}

static void
test_actions (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->plot);

  /* Nothing selected: the label keys do nothing. */
  gtk_widget_activate_action (widget, "scatter.label", "i", EM_LABEL_DIALOGUE);
  g_assert_cmpint (fixture->labelled, ==, -1);

  gtk_widget_activate_action (widget, "scatter.select-all", NULL);
  g_assert_cmpuint (gtk_bitset_get_size (em_scatter_plot_get_selection (fixture->plot)), ==, N_POINTS);
  gtk_widget_activate_action (widget, "scatter.label", "i", EM_LABEL_DIALOGUE);
  g_assert_cmpint (fixture->labelled, ==, EM_LABEL_DIALOGUE);
  gtk_widget_activate_action (widget, "scatter.clear-selection", NULL);
  g_assert_true (gtk_bitset_is_empty (em_scatter_plot_get_selection (fixture->plot)));
  g_assert_cmpuint (fixture->n_selection_changed, ==, 2);

  /* New points clear the selection and the view. */
  gtk_widget_activate_action (widget, "scatter.select-all", NULL);
  gtk_widget_activate_action (widget, "scatter.zoom-out", NULL);
  em_scatter_plot_set_points (fixture->plot, points, 3);
  g_assert_true (gtk_bitset_is_empty (em_scatter_plot_get_selection (fixture->plot)));
  g_assert_cmpfloat (em_scatter_plot_get_zoom (fixture->plot), ==, 1.0);
  g_assert_cmpuint (em_scatter_plot_get_n_points (fixture->plot), ==, 3);
  wait_rendered (fixture);
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("earmark-scatter-XXXXXX", &error);
  g_autofree char *png_path = NULL;
  g_autofree char *svg_path = NULL;
  g_autofree char *txt_path = NULL;
  g_autofree char *bad_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) png = NULL;
  g_autoptr(GFile) svg = NULL;
  g_autoptr(GFile) txt = NULL;
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = g_malloc (WIDTH * HEIGHT * 4);
  const guchar *p;
  gsize length;

  g_assert_no_error (error);
  set_colors (fixture, TRUE);
  wait_frame (GTK_WIDGET (fixture->plot));
  png_path = g_build_filename (dir, "plot.PNG", NULL);
  svg_path = g_build_filename (dir, "plot.svg", NULL);
  txt_path = g_build_filename (dir, "plot.txt", NULL);
  bad_path = g_build_filename (dir, "missing", "plot.png", NULL);
  png = g_file_new_for_path (png_path);
  svg = g_file_new_for_path (svg_path);
  txt = g_file_new_for_path (txt_path);
  bad = g_file_new_for_path (bad_path);

  g_assert_true (em_plot_export_to_file (GTK_WIDGET (fixture->plot), png, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png_path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  g_clear_pointer (&contents, g_free);

  /* The PNG is the plot at its size, over an opaque background, with
   * point 4 in its colour (blended over the background). */
  texture = gdk_texture_new_from_filename (png_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, HEIGHT);
  gdk_texture_download (texture, pixels, WIDTH * 4);
  p = pixels + 4 * ((int) expected_y (5) * WIDTH + (int) expected_x (5));
  g_assert_cmpint (p[3], ==, 255);
  g_assert_cmpint (p[2] - p[0], >, 80);  /* orange: red well above blue */
  p = pixels + 4 * ((int) expected_y (7.5) * WIDTH + (int) expected_x (7.5));
  g_assert_cmpint (p[3], ==, 255);
  g_assert_cmpint (MIN (p[0], MIN (p[1], p[2])), >, 200);

  g_assert_true (em_plot_export_to_file (GTK_WIDGET (fixture->plot), svg, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg_path, &contents, &length, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "</svg>"));

  g_assert_false (em_plot_export_to_file (GTK_WIDGET (fixture->plot), txt, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "plot.txt"));
  g_assert_false (g_file_test (txt_path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (em_plot_export_to_file (GTK_WIDGET (fixture->plot), bad, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, bad_path));
  g_clear_error (&error);

  g_assert_cmpint (g_remove (png_path), ==, 0);
  g_assert_cmpint (g_remove (svg_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/earmark/ui/scatter-plot/grid", test_grid);
#define ADD(name, func) \
  g_test_add ("/earmark/ui/scatter-plot/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("pick", test_pick);
  ADD ("select-rect", test_select_rect);
  ADD ("select-lasso", test_select_lasso);
  ADD ("render", test_render);
  ADD ("zoom", test_zoom);
  ADD ("actions", test_actions);
  ADD ("export", test_export);
#undef ADD

  return g_test_run ();
}
