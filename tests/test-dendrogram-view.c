/* test-dendrogram-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dendrogram widget on SciPy's ward and median linkages of the
 * golden 2,000-row fixture: at every cut height the widget's cluster
 * count and assignments are libearmark's fcluster (Z, t, 'distance')
 * (and SciPy's maxclust-3 labels where the cut leaves three clusters);
 * Up/Down move the cut one merge at a time and the count follows
 * monotonically; a click on a merge's bar (or a leg) reports exactly the
 * observations under it; dragging the cut updates the count live; and an
 * offscreen render shows each merge below the cut in its cluster's
 * colour, above it in the foreground colour, in light and dark mode.
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "em-fcluster.h"
#include "em-test-util.h"
#include "widgets/em-dendrogram-view.h"
#include "widgets/em-plot-colors.h"
#include "em-test-render.h"

#define N 2000
#define P 30
#define WIDTH 640
#define HEIGHT 360

typedef struct
{
  GtkWidget        *window;
  EmDendrogramView *view;
  double           *ward;
  double           *median;
  GtkBitset        *activated;
  guint             n_activated;
  guint             n_count_notifies;
} Fixture;

static double *
load_linkage (const char *method)
{
  g_autofree char *name = g_strdup_printf ("golden2k.linkage_%s.f64", method);
  g_autofree char *path = em_test_shared_path ("fixtures", "algos", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, ==, (N - 1) * 4 * sizeof (double));
  return (double *) contents;
}

static void
on_branch_activated_cb (EmDendrogramView *view,
                        GtkBitset        *leaves,
                        Fixture          *fixture)
{
  g_clear_pointer (&fixture->activated, gtk_bitset_unref);
  fixture->activated = gtk_bitset_copy (leaves);
  fixture->n_activated++;
}

static void
on_n_clusters_cb (EmDendrogramView *view,
                  GParamSpec       *pspec,
                  Fixture          *fixture)
{
  fixture->n_count_notifies++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GtkWidget *widget;

  fixture->ward = load_linkage ("ward");
  fixture->median = load_linkage ("median");
  fixture->window = gtk_window_new ();
  fixture->view = em_dendrogram_view_new ();
  widget = GTK_WIDGET (fixture->view);
  gtk_widget_set_size_request (widget, WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (fixture->window), widget);
  gtk_window_set_resizable (GTK_WINDOW (fixture->window), FALSE);
  em_dendrogram_view_set_linkage (fixture->view, fixture->ward, N, P);
  g_signal_connect (widget, "branch-activated", G_CALLBACK (on_branch_activated_cb), fixture);
  g_signal_connect (widget, "notify::n-clusters", G_CALLBACK (on_n_clusters_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->window));

  while ((gtk_widget_get_width (widget) != WIDTH || !gtk_widget_get_mapped (widget)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gtk_widget_get_width (widget), ==, WIDTH);
  g_assert_cmpint (gtk_widget_get_height (widget), ==, HEIGHT);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  em_test_iterate (0.05);
  g_clear_pointer (&fixture->activated, gtk_bitset_unref);
  g_free (fixture->ward);
  g_free (fixture->median);
}

/* The widget's count and assignments at its current cut equal
 * em_fcluster_by_distance() at that height; returns the count. */
static gsize
assert_matches_fcluster (EmDendrogramView *view,
                         const double     *z)
{
  g_autofree gint32 *labels = g_new (gint32, N);
  g_autoptr(GError) error = NULL;
  const guint *assignments;
  gsize n_clusters = 0;
  guint n_leaves = 0;

  em_fcluster_by_distance (z, N, em_dendrogram_view_get_cut_height (view), labels, &n_clusters, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (view), ==, n_clusters);
  assignments = em_dendrogram_view_get_assignments (view, &n_leaves);
  g_assert_nonnull (assignments);
  g_assert_cmpuint (n_leaves, ==, N);
  for (gsize i = 0; i < N; i++)
    g_assert_cmpuint (assignments[i], ==, (guint) (labels[i] - 1));
  return n_clusters;
}

static void
test_cut_matches_fcluster (Fixture       *fixture,
                           gconstpointer  data)
{
  const double heights[] = { 0.0, 1.0, 5.0, 12.0, 30.0, 60.0, 100.0, 140.0, 150.0, 200.0, 1e6 };
  g_autofree char *path = em_test_shared_path ("fixtures", "algos", "golden2k.ward3.i32", NULL);
  g_autofree gint32 *ward3 = NULL;
  const guint *assignments;
  gsize len = 0, previous = G_MAXSIZE, count;

  /* The initial cut leaves eight clusters. */
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, 8);
  assert_matches_fcluster (fixture->view, fixture->ward);

  for (guint i = 0; i < G_N_ELEMENTS (heights); i++)
    {
      em_dendrogram_view_set_cut_height (fixture->view, heights[i]);
      count = assert_matches_fcluster (fixture->view, fixture->ward);
      g_test_message ("ward cut at %g: %" G_GSIZE_FORMAT " clusters", heights[i], count);
      g_assert_cmpuint (count, <=, previous);
      previous = count;
    }
  g_assert_cmpuint (previous, ==, 1);
  em_dendrogram_view_set_cut_height (fixture->view, 0.0);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, N);

  /* Inside SciPy's threshold range for three clusters: its maxclust
   * labels, renumbered from 0. */
  em_dendrogram_view_set_cut_height (fixture->view, 145.0);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, 3);
  g_file_get_contents (path, (char **) &ward3, &len, NULL);
  g_assert_cmpuint (len, ==, N * sizeof (gint32));
  assignments = em_dendrogram_view_get_assignments (fixture->view, NULL);
  for (gsize i = 0; i < N; i++)
    g_assert_cmpuint (assignments[i], ==, (guint) (ward3[i] - 1));

  /* set_n_clusters puts the cut in a gap that leaves that many. */
  em_dendrogram_view_set_n_clusters (fixture->view, 5);
  g_assert_cmpuint (assert_matches_fcluster (fixture->view, fixture->ward), ==, 5);

  /* The median tree has inversions: fcluster's running maximum. */
  em_dendrogram_view_set_linkage (fixture->view, fixture->median, N, P);
  count = assert_matches_fcluster (fixture->view, fixture->median);
  g_test_message ("median: %" G_GSIZE_FORMAT " clusters at first", count);
  g_assert_cmpuint (count, >=, 6);
  g_assert_cmpuint (count, <=, 10);
  for (guint i = 0; i < G_N_ELEMENTS (heights); i++)
    {
      em_dendrogram_view_set_cut_height (fixture->view, heights[i] / 4);
      assert_matches_fcluster (fixture->view, fixture->median);
    }
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
test_keys (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->view);
  GtkEventController *key = find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_KEY);
  guint count = em_dendrogram_view_get_n_clusters (fixture->view), next;
  guint notifies = fixture->n_count_notifies;
  double cut = em_dendrogram_view_get_cut_height (fixture->view);

  g_assert_true (gtk_widget_get_focusable (widget));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)), ==, GTK_ACCESSIBLE_ROLE_SLIDER);

  /* Up joins one merge at a time, down to a single cluster. */
  while (count > 1)
    {
      press (key, GDK_KEY_Up);
      next = em_dendrogram_view_get_n_clusters (fixture->view);
      g_assert_cmpuint (next, ==, count - 1);
      g_assert_cmpfloat (em_dendrogram_view_get_cut_height (fixture->view), >, cut);
      assert_matches_fcluster (fixture->view, fixture->ward);
      count = next;
      cut = em_dendrogram_view_get_cut_height (fixture->view);
    }
  g_assert_cmpuint (fixture->n_count_notifies - notifies, ==, 7);

  /* Down splits them again, one at a time. */
  for (guint i = 0; i < 20; i++)
    {
      press (key, GDK_KEY_Down);
      next = em_dendrogram_view_get_n_clusters (fixture->view);
      g_assert_cmpuint (next, ==, count + 1);
      count = next;
    }
  assert_matches_fcluster (fixture->view, fixture->ward);

  /* Page Down moves at least as far as Down; End is every observation. */
  press (key, GDK_KEY_Page_Down);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), >, count);
  count = em_dendrogram_view_get_n_clusters (fixture->view);
  press (key, GDK_KEY_Page_Up);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), <, count);
  press (key, GDK_KEY_End);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, N);
  press (key, GDK_KEY_Home);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, 1);
}

/* Observations under @node, by climbing from each one to the root. */
static GtkBitset *
leaves_by_climbing (const double *z,
                    guint         node)
{
  g_autofree guint *parent = g_new (guint, 2 * N - 1);
  GtkBitset *leaves = gtk_bitset_new_empty ();

  for (guint r = 0; r + 1 < N; r++)
    {
      parent[(guint) z[4 * r]] = N + r;
      parent[(guint) z[4 * r + 1]] = N + r;
    }
  parent[2 * N - 2] = G_MAXUINT;
  for (guint i = 0; i < N; i++)
    for (guint v = i; v != G_MAXUINT; v = parent[v])
      if (v == node)
        {
          gtk_bitset_add (leaves, i);
          break;
        }
  return leaves;
}

static void
assert_same_bitset (GtkBitset *a,
                    GtkBitset *b)
{
  g_autoptr(GtkBitset) diff = gtk_bitset_copy (a);

  gtk_bitset_difference (diff, b);
  g_assert_true (gtk_bitset_is_empty (diff));
  g_assert_cmpuint (gtk_bitset_get_size (a), ==, gtk_bitset_get_size (b));
}

static void
click (GtkEventController *gesture,
       double              x,
       double              y)
{
  g_signal_emit_by_name (gesture, "released", 1, x, y);
}

static void
test_branch_click (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->view);
  GtkEventController *gesture = find_controller (widget, GTK_TYPE_GESTURE_CLICK);
  const double *z = fixture->ward;
  guint root = 2 * N - 2, left = (guint) z[4 * (N - 2)], right = (guint) z[4 * (N - 2) + 1];
  guint nodes[] = { left, right, root - 3, root - 10 };
  double x, y, cut_y;
  guint found;

  /* Away from the cut line, so a click cannot grab it. */
  em_dendrogram_view_set_n_clusters (fixture->view, 20);
  cut_y = em_dendrogram_view_get_y_for_height (fixture->view, em_dendrogram_view_get_cut_height (fixture->view));
  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    {
      g_autoptr(GtkBitset) expected = leaves_by_climbing (z, nodes[i]);

      g_assert_true (em_dendrogram_view_get_node_point (fixture->view, nodes[i], &x, &y));
      g_assert_cmpfloat (fabs (y - cut_y), >, 8);
      g_assert_true (em_dendrogram_view_get_branch_at (fixture->view, x, y + 1, &found));
      g_assert_cmpuint (found, ==, nodes[i]);
      click (gesture, x, y + 1);
      g_assert_cmpuint (fixture->n_activated, ==, i + 1);
      g_test_message ("node %u: %u observations", nodes[i], (guint) gtk_bitset_get_size (fixture->activated));
      g_assert_cmpuint (gtk_bitset_get_size (expected), ==, (guint) z[4 * (nodes[i] - N) + 3]);
      assert_same_bitset (fixture->activated, expected);
    }

  /* The root's left leg, halfway down, is its left child's branch. */
  g_assert_true (em_dendrogram_view_get_node_point (fixture->view, root, &x, &y));
  g_assert_true (em_dendrogram_view_get_node_point (fixture->view, left, &x, &y));
  g_assert_true (em_dendrogram_view_get_branch_at (fixture->view, x, y, &found));

  /* Empty space (top right corner) is no branch and emits nothing. */
  click (gesture, WIDTH - 3, 3);
  g_assert_cmpuint (fixture->n_activated, ==, G_N_ELEMENTS (nodes));
}

static void
test_drag_cut (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->view);
  GtkEventController *drag = find_controller (widget, GTK_TYPE_GESTURE_DRAG);
  double y = em_dendrogram_view_get_y_for_height (fixture->view, em_dendrogram_view_get_cut_height (fixture->view));
  double top_y = em_dendrogram_view_get_y_for_height (fixture->view, 145.0);
  guint notifies = fixture->n_count_notifies;

  /* Grab the line at the right edge (no branch there), drag it up to
   * 145: three clusters, with the count notified on the way. */
  g_signal_emit_by_name (drag, "drag-begin", (double) WIDTH - 14, y);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, 8);
  g_signal_emit_by_name (drag, "drag-update", 0.0, (top_y - y) / 2);
  g_signal_emit_by_name (drag, "drag-update", 0.0, top_y - y);
  g_assert_cmpfloat (fabs (em_dendrogram_view_get_cut_height (fixture->view) - 145.0), <, 1.5);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, 3);
  g_assert_cmpuint (fixture->n_count_notifies - notifies, >=, 1);
  assert_matches_fcluster (fixture->view, fixture->ward);
  g_assert_true (gtk_widget_has_focus (widget));
}

static gboolean
pixel_is (const guchar  *pixels,
          double         x,
          double         y,
          const GdkRGBA *color)
{
  const guchar *p = pixels + 4 * ((int) y * WIDTH + (int) round (x));

  return p[3] == 255 &&
         abs (p[0] - (int) round (color->red * 255)) <= 2 &&
         abs (p[1] - (int) round (color->green * 255)) <= 2 &&
         abs (p[2] - (int) round (color->blue * 255)) <= 2;
}

/* Every drawn merge's bar: cluster colour below the cut, the foreground
 * (dark in light mode, light in dark mode) above. */
static void
assert_branch_colors (Fixture      *fixture,
                      const guchar *pixels,
                      gboolean      dark)
{
  const double *z = fixture->ward;
  const guint *assignments = em_dendrogram_view_get_assignments (fixture->view, NULL);
  double cut = em_dendrogram_view_get_cut_height (fixture->view);
  double cut_y = em_dendrogram_view_get_y_for_height (fixture->view, cut);
  guint below = 0, above = 0;

  for (guint r = N - P + 1; r + 1 < N; r++)
    {
      guint node = N + r;
      g_autoptr(GtkBitset) leaves = leaves_by_climbing (z, node);
      double x, y;
      GdkRGBA color;

      g_assert_true (em_dendrogram_view_get_node_point (fixture->view, node, &x, &y));
      if (fabs (y - cut_y) < 4 || (x > WIDTH - 140 && y > cut_y - 24 && y < cut_y + 24))
        continue;  /* under the cut line or its label */
      if (z[4 * r + 2] <= cut)
        {
          em_plot_colors_for_cluster (assignments[gtk_bitset_get_minimum (leaves)], dark, &color);
          g_assert_true (pixel_is (pixels, x, y, &color));
          below++;
        }
      else
        {
          const guchar *p = pixels + 4 * ((int) y * WIDTH + (int) round (x));
          int luma = (p[0] * 3 + p[1] * 6 + p[2]) / 10;

          g_assert_cmpint (p[3], >, 200);
          if (dark)
            g_assert_cmpint (luma, >, 180);
          else
            g_assert_cmpint (luma, <, 80);
          above++;
        }
    }
  g_test_message ("%u bars below the cut, %u above", below, above);
  g_assert_cmpuint (below, >=, 5);
  g_assert_cmpuint (above, >=, 3);
}

static void
test_render (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree guchar *light = NULL;
  g_autofree guchar *dark = NULL;

  em_dendrogram_view_set_n_clusters (fixture->view, 5);
  light = em_test_render_widget (GTK_WIDGET (fixture->view), WIDTH, HEIGHT);
  assert_branch_colors (fixture, light, FALSE);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  em_test_iterate (0.1);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  dark = em_test_render_widget (GTK_WIDGET (fixture->view), WIDTH, HEIGHT);
  assert_branch_colors (fixture, dark, TRUE);
}

/* The whole tree (no truncation) draws sub-pixel subtrees as stems and
 * still reports a merge's observations. */
static void
test_full_tree (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->view);
  GtkEventController *gesture = find_controller (widget, GTK_TYPE_GESTURE_CLICK);
  g_autoptr(GtkBitset) expected = NULL;
  g_autofree guchar *pixels = NULL;
  guint root = 2 * N - 2;
  double x, y;

  em_dendrogram_view_set_linkage (fixture->view, fixture->ward, N, 0);
  assert_matches_fcluster (fixture->view, fixture->ward);
  pixels = em_test_render_widget (GTK_WIDGET (fixture->view), WIDTH, HEIGHT);
  g_assert_true (em_dendrogram_view_get_node_point (fixture->view, root - 1, &x, &y));
  expected = leaves_by_climbing (fixture->ward, root - 1);
  click (gesture, x, y + 1);
  g_assert_cmpuint (fixture->n_activated, ==, 1);
  assert_same_bitset (fixture->activated, expected);

  /* An empty tree draws nothing and has no clusters. */
  em_dendrogram_view_clear (fixture->view);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, 0);
  g_assert_null (em_dendrogram_view_get_assignments (fixture->view, NULL));
}

/* Tiny and degenerate trees: two observations, three at the same point
 * (every height 0), a chain; the view never divides by zero and still
 * agrees with fcluster. */
static void
test_small_trees (Fixture       *fixture,
                  gconstpointer  data)
{
  const double two[] = { 0, 1, 2.0, 2 };
  const double same[] = { 0, 1, 0.0, 2, 2, 3, 0.0, 3 };
  const double chain[] = { 0, 1, 1.0, 2, 2, 4, 2.0, 3, 3, 5, 3.0, 4 };
  GtkEventController *key = find_controller (GTK_WIDGET (fixture->view), GTK_TYPE_EVENT_CONTROLLER_KEY);
  g_autofree guchar *pixels = NULL;
  const guint *assignments;
  guint n = 0;

  em_dendrogram_view_set_linkage (fixture->view, two, 2, P);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, 2);
  press (key, GDK_KEY_Up);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, 1);
  assignments = em_dendrogram_view_get_assignments (fixture->view, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (assignments[0], ==, 0);
  g_assert_cmpuint (assignments[1], ==, 0);

  /* All at one point: one cluster at any cut, nothing to split. */
  em_dendrogram_view_set_linkage (fixture->view, same, 3, P);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, 1);
  press (key, GDK_KEY_Down);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, 1);
  pixels = em_test_render_widget (GTK_WIDGET (fixture->view), WIDTH, HEIGHT);

  /* A chain of 4: Down splits one observation off at a time. */
  em_dendrogram_view_set_linkage (fixture->view, chain, 4, 2);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, 4);
  press (key, GDK_KEY_Home);
  for (guint k = 2; k <= 4; k++)
    {
      press (key, GDK_KEY_Down);
      g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, k);
    }
  g_clear_pointer (&pixels, g_free);
  pixels = em_test_render_widget (GTK_WIDGET (fixture->view), WIDTH, HEIGHT);

  /* Fewer than two observations: nothing. */
  em_dendrogram_view_set_linkage (fixture->view, NULL, 1, P);
  g_assert_cmpuint (em_dendrogram_view_get_n_clusters (fixture->view), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/earmark/ui/dendrogram-view/cut-matches-fcluster", Fixture, NULL, fixture_set_up,
              test_cut_matches_fcluster, fixture_tear_down);
  g_test_add ("/earmark/ui/dendrogram-view/keys", Fixture, NULL, fixture_set_up, test_keys, fixture_tear_down);
  g_test_add ("/earmark/ui/dendrogram-view/branch-click", Fixture, NULL, fixture_set_up, test_branch_click,
              fixture_tear_down);
  g_test_add ("/earmark/ui/dendrogram-view/drag-cut", Fixture, NULL, fixture_set_up, test_drag_cut,
              fixture_tear_down);
  g_test_add ("/earmark/ui/dendrogram-view/render", Fixture, NULL, fixture_set_up, test_render, fixture_tear_down);
  g_test_add ("/earmark/ui/dendrogram-view/small-trees", Fixture, NULL, fixture_set_up, test_small_trees,
              fixture_tear_down);
  g_test_add ("/earmark/ui/dendrogram-view/full-tree", Fixture, NULL, fixture_set_up, test_full_tree,
              fixture_tear_down);

  return g_test_run ();
}
