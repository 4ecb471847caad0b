/* test-variance-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PCA variance plot on the golden fixture's explained variance ratios
 * (golden2k.json, SciPy/scikit-learn): the number of components for the
 * cutoffs 0.5, 0.8 and 0.95 equals the smallest k whose cumulative ratio
 * reaches the cutoff; Left/Right add or drop exactly one component,
 * Up/Down move the cutoff by a percent, dragging maps the pointer's
 * height to the cutoff; an offscreen render colours the kept components'
 * bars and dims the others. The k-distance plot: set/get eps, a click
 * and a drag map the pointer's height to eps, and keys step it.
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "em-test-util.h"
#include "widgets/em-kdistance-plot.h"
#include "widgets/em-plot-colors.h"
#include "widgets/em-variance-plot.h"
#include "em-test-render.h"

#define WIDTH 480
#define HEIGHT 240

static GtkWidget *
present (GtkWidget *widget)
{
  GtkWidget *window = gtk_window_new ();
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_widget_set_size_request (widget, WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  while ((gtk_widget_get_width (widget) != WIDTH || !gtk_widget_get_mapped (widget)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gtk_widget_get_width (widget), ==, WIDTH);
  g_assert_cmpint (gtk_widget_get_height (widget), ==, HEIGHT);
  return window;
}

static double *
load_ratios (guint *n)
{
  g_autofree char *path = em_test_shared_path ("fixtures", "algos", "golden2k.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *pca;
  JsonArray *array;
  double *ratios;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  pca = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "pca");
  array = json_object_get_array_member (pca, "explained_variance_ratio");
  *n = json_array_get_length (array);
  ratios = g_new (double, *n);
  for (guint i = 0; i < *n; i++)
    ratios[i] = json_array_get_double_element (array, i);
  return ratios;
}

static guint
expected_components (const double *ratios,
                     guint         n,
                     double        cutoff)
{
  double sum = 0;

  for (guint k = 0; k < n; k++)
    {
      sum += ratios[k];
      if (sum >= cutoff)
        return k + 1;
    }
  return n;
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
press (GtkEventController *key,
       guint               keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (key, "key-pressed", keyval, 0, 0, &handled);
  g_assert_true (handled);
}

static void
test_variance_components (void)
{
  EmVariancePlot *plot = em_variance_plot_new ();
  GtkWidget *window = present (GTK_WIDGET (plot));
  const double cutoffs[] = { 0.5, 0.8, 0.95 };
  guint n = 0;
  g_autofree double *ratios = load_ratios (&n);

  g_assert_cmpuint (n, ==, 38);
  g_assert_cmpfloat (em_variance_plot_get_cutoff (plot), ==, 0.8);
  g_assert_cmpuint (em_variance_plot_get_n_components (plot), ==, 0);
  em_variance_plot_set_ratios (plot, ratios, n);
  for (guint i = 0; i < G_N_ELEMENTS (cutoffs); i++)
    {
      guint expected = expected_components (ratios, n, cutoffs[i]);

      em_variance_plot_set_cutoff (plot, cutoffs[i]);
      g_test_message ("cutoff %.2f: %u components", cutoffs[i], expected);
      g_assert_cmpuint (em_variance_plot_get_n_components (plot), ==, expected);
      g_assert_cmpfloat (em_variance_plot_get_explained (plot), >=, cutoffs[i]);
    }
  /* The README's figure for the fixture: 5 components explain 65 %. */
  em_variance_plot_set_cutoff (plot, 0.62);
  g_assert_cmpuint (em_variance_plot_get_n_components (plot), ==, 5);
  g_assert_cmpfloat_with_epsilon (em_variance_plot_get_explained (plot), 0.6500, 1e-4);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_variance_input (void)
{
  EmVariancePlot *plot = em_variance_plot_new ();
  GtkWidget *widget = GTK_WIDGET (plot);
  GtkWidget *window = present (widget);
  GtkEventController *key = find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_KEY);
  GtkEventController *drag = find_controller (widget, GTK_TYPE_GESTURE_DRAG);
  guint n = 0, k, notifies = 0;
  g_autofree double *ratios = load_ratios (&n);
  double y, cutoff;

  em_variance_plot_set_ratios (plot, ratios, n);
  g_signal_connect (plot, "notify::n-components", G_CALLBACK (on_notify_cb), &notifies);
  k = em_variance_plot_get_n_components (plot);
  g_assert_true (gtk_widget_get_focusable (widget));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)), ==, GTK_ACCESSIBLE_ROLE_SLIDER);

  /* Right/Left: exactly one component more or fewer. */
  press (key, GDK_KEY_Right);
  g_assert_cmpuint (em_variance_plot_get_n_components (plot), ==, k + 1);
  press (key, GDK_KEY_Right);
  g_assert_cmpuint (em_variance_plot_get_n_components (plot), ==, k + 2);
  press (key, GDK_KEY_Left);
  press (key, GDK_KEY_Left);
  press (key, GDK_KEY_Left);
  g_assert_cmpuint (em_variance_plot_get_n_components (plot), ==, k - 1);
  g_assert_cmpuint (notifies, ==, 5);

  /* Up/Down: a percent of the variance. */
  cutoff = em_variance_plot_get_cutoff (plot);
  press (key, GDK_KEY_Up);
  g_assert_cmpfloat_with_epsilon (em_variance_plot_get_cutoff (plot), cutoff + 0.01, 1e-9);
  press (key, GDK_KEY_Page_Down);
  g_assert_cmpfloat_with_epsilon (em_variance_plot_get_cutoff (plot), cutoff - 0.09, 1e-9);

  /* Dragging: the pointer's height on the 0…100 % axis is the cutoff. */
  y = em_variance_plot_get_y_for_ratio (plot, 0.65);
  g_signal_emit_by_name (drag, "drag-begin", 200.0, y);
  g_assert_cmpfloat_with_epsilon (em_variance_plot_get_cutoff (plot), 0.65, 1e-9);
  g_assert_cmpuint (em_variance_plot_get_n_components (plot), ==, expected_components (ratios, n, 0.65));
  g_signal_emit_by_name (drag, "drag-update", 30.0, em_variance_plot_get_y_for_ratio (plot, 0.9) - y);
  g_assert_cmpfloat_with_epsilon (em_variance_plot_get_cutoff (plot), 0.9, 1e-9);
  g_assert_cmpuint (em_variance_plot_get_n_components (plot), ==, expected_components (ratios, n, 0.9));
  g_signal_emit_by_name (drag, "drag-update", 0.0, -1000.0);
  g_assert_cmpfloat (em_variance_plot_get_cutoff (plot), ==, 1.0);
  g_assert_true (gtk_widget_has_focus (widget));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_color (const guchar  *p,
          const GdkRGBA *color)
{
  return p[3] == 255 && abs (p[0] - (int) round (color->red * 255)) <= 2 &&
         abs (p[1] - (int) round (color->green * 255)) <= 2 && abs (p[2] - (int) round (color->blue * 255)) <= 2;
}

/* At 50 % three components are kept: on a row through the first five
 * bars, three runs of the "kept" colour, then two of translucent grey. */
static void
test_variance_render (void)
{
  EmVariancePlot *plot = em_variance_plot_new ();
  GtkWidget *window = present (GTK_WIDGET (plot));
  guint n = 0, n_runs = 0;
  g_autofree double *ratios = load_ratios (&n);
  g_autofree guchar *pixels = NULL;
  int run_start[8];
  gboolean inside = FALSE;
  GdkRGBA kept;
  int y;

  em_variance_plot_set_ratios (plot, ratios, n);
  em_variance_plot_set_cutoff (plot, 0.5);
  g_assert_cmpuint (em_variance_plot_get_n_components (plot), ==, 3);
  pixels = em_test_render_widget (GTK_WIDGET (plot), WIDTH, HEIGHT);
  em_plot_colors_for_cluster (0, FALSE, &kept);

  y = (int) em_variance_plot_get_y_for_ratio (plot, ratios[4] / 2);
  for (int x = 54; x < WIDTH && n_runs < G_N_ELEMENTS (run_start); x++)
    {
      gboolean drawn = pixels[4 * (y * WIDTH + x) + 3] > 0;

      if (drawn && !inside)
        run_start[n_runs++] = x;
      inside = drawn;
    }
  g_assert_cmpuint (n_runs, >=, 5);
  for (guint i = 0; i < 5; i++)
    {
      const guchar *p = pixels + 4 * (y * WIDTH + run_start[i] + 1);

      if (i < 3)
        g_assert_true (is_color (p, &kept));
      else
        {
          g_assert_cmpint (p[3], <, 255);
          g_assert_cmpint (abs (p[0] - p[2]), <, 20);
        }
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_kdistance (void)
{
  EmKDistancePlot *plot = em_kdistance_plot_new ();
  GtkWidget *widget = GTK_WIDGET (plot);
  GtkWidget *window = present (widget);
  GtkEventController *drag = find_controller (widget, GTK_TYPE_GESTURE_DRAG);
  GtkEventController *key = find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_KEY);
  g_autofree double *kdist = g_new (double, 3000);
  g_autofree guchar *pixels = NULL;
  guint notifies = 0;
  double y, eps;

  /* A knee-shaped curve: flat, then rising to 10. */
  for (guint i = 0; i < 3000; i++)
    kdist[i] = i < 2700 ? 1.0 + i / 2700.0 : 2.0 + (i - 2700) * 8.0 / 299;
  em_kdistance_plot_set_distances (plot, kdist, 3000, 2.2);
  g_signal_connect (plot, "notify::eps", G_CALLBACK (on_notify_cb), &notifies);
  g_assert_cmpfloat (em_kdistance_plot_get_eps (plot), ==, 2.2);
  g_assert_cmpfloat (em_kdistance_plot_get_suggested_eps (plot), ==, 2.2);

  em_kdistance_plot_set_eps (plot, 3.5);
  g_assert_cmpfloat (em_kdistance_plot_get_eps (plot), ==, 3.5);
  g_assert_cmpuint (notifies, ==, 1);
  em_kdistance_plot_set_eps (plot, -1.0);
  g_assert_cmpfloat (em_kdistance_plot_get_eps (plot), ==, 0.0);

  /* A click at the height of 4.0 on the axis picks eps 4.0; dragging
   * follows. */
  y = em_kdistance_plot_get_y_for_eps (plot, 4.0);
  g_signal_emit_by_name (drag, "drag-begin", 300.0, y);
  g_assert_cmpfloat_with_epsilon (em_kdistance_plot_get_eps (plot), 4.0, 1e-9);
  g_signal_emit_by_name (drag, "drag-update", -50.0, em_kdistance_plot_get_y_for_eps (plot, 1.5) - y);
  g_assert_cmpfloat_with_epsilon (em_kdistance_plot_get_eps (plot), 1.5, 1e-9);

  /* Up steps a hundredth of the axis (10.5), Home is the suggestion. */
  eps = em_kdistance_plot_get_eps (plot);
  press (key, GDK_KEY_Up);
  g_assert_cmpfloat_with_epsilon (em_kdistance_plot_get_eps (plot), eps + 0.105, 1e-9);
  press (key, GDK_KEY_Home);
  g_assert_cmpfloat (em_kdistance_plot_get_eps (plot), ==, 2.2);

  /* The curve is drawn: its last point is near the top right. */
  pixels = em_test_render_widget (widget, WIDTH, HEIGHT);
  y = em_kdistance_plot_get_y_for_eps (plot, 10.0);
  g_assert_cmpint (pixels[4 * ((int) y * WIDTH + WIDTH - 14) + 3], >, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/earmark/ui/variance-plot/components", test_variance_components);
  g_test_add_func ("/earmark/ui/variance-plot/input", test_variance_input);
  g_test_add_func ("/earmark/ui/variance-plot/render", test_variance_render);
  g_test_add_func ("/earmark/ui/kdistance-plot/eps", test_kdistance);

  return g_test_run ();
}
