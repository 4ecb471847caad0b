/* bench-library-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Library page with 30,000 synthetic chunks (3,000 tracks × 10):
 * time from em_library_page_set_library() to the first frame painted with
 * rows, then per-frame work (update → after-paint) while the list is
 * scrolled programmatically, one step per frame. Needs a display (run
 * under xvfb-run with GSK_RENDERER=cairo like the UI tests). Prints
 * figures against the anchors (first frame < 1 s, no frame over 16 ms);
 * asserts nothing.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "em-library-page.h"

#define N_TRACKS         3000
#define CHUNKS_PER_TRACK 10
#define N_SCROLL_FRAMES  300

typedef struct
{
  gint64  frame_start;
  GArray *frame_us;        /* gint64 per painted frame */
  gboolean loaded;
  gint64  first_frame_at;
  gint64  first_frame_work;
  GtkAdjustment *vadj;
  guint   scroll_frames;
} Bench;

static EmLibrary *
fill_library (void)
{
  g_autofree char *db = g_build_filename (g_get_user_data_dir (), "bench-library-page.db", NULL);
  g_autoptr(GError) error = NULL;
  EmLibrary *library = em_library_open (db, &error);
  EmChunkRecord chunks[CHUNKS_PER_TRACK] = { { 0 } };

  g_assert_no_error (error);
  for (guint t = 0; t < N_TRACKS; t++)
    {
      g_autofree char *path = g_strdup_printf ("/music/Artist%02u/track%04u.flac", t % 30, t);

      for (guint i = 0; i < CHUNKS_PER_TRACK; i++)
        {
          chunks[i].idx = i;
          chunks[i].end_s = 100.0 - 10.0 * i;
          chunks[i].start_s = chunks[i].end_s - 10.0;
        }
      em_store_save_track (em_library_get_store (library), path, 1, 1, 100.0, 44100, 2, 1,
                           chunks, CHUNKS_PER_TRACK, &error);
      g_assert_no_error (error);
    }
  return library;
}

static void
update_cb (GdkFrameClock *clock,
           Bench         *bench)
{
  bench->frame_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();

  if (bench->loaded && bench->first_frame_at == 0)
    {
      bench->first_frame_at = now;
      bench->first_frame_work = now - bench->frame_start;
    }
  if (bench->scroll_frames > 0 && bench->frame_start > 0)
    {
      gint64 us = now - bench->frame_start;

      g_array_append_val (bench->frame_us, us);
    }
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Bench *bench = user_data;
  double step = gtk_adjustment_get_page_size (bench->vadj) / 3.0;

  if (bench->scroll_frames >= N_SCROLL_FRAMES)
    return G_SOURCE_REMOVE;
  bench->scroll_frames++;
  gtk_adjustment_set_value (bench->vadj, gtk_adjustment_get_value (bench->vadj) + step);
  return G_SOURCE_CONTINUE;
}

static void
loaded_cb (EmLibraryPage *page,
           Bench         *bench)
{
  bench->loaded = TRUE;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
run_until (gboolean *flag,
           gint64   *value)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while ((flag != NULL ? !*flag : *value == 0) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("earmark-bench-library-page-XXXXXX", NULL);
  g_autoptr(EmLibrary) library = NULL;
  Bench bench = { 0 };
  GtkWindow *window;
  EmLibraryPage *page;
  GdkFrameClock *clock;
  gint64 t0, over = 0;
  GArray *f;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  adw_init ();
  library = fill_library ();
  bench.frame_us = g_array_new (FALSE, FALSE, sizeof (gint64));

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1000, 700);
  page = em_library_page_new ();
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (page)))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "update", G_CALLBACK (update_cb), &bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &bench);
  g_signal_connect (page, "loaded", G_CALLBACK (loaded_cb), &bench);

  t0 = g_get_monotonic_time ();
  em_library_page_set_library (page, library);
  run_until (&bench.loaded, NULL);
  g_print ("set_library → loaded:      %7.1f ms\n", (g_get_monotonic_time () - t0) / 1e3);
  gtk_widget_queue_draw (GTK_WIDGET (page));
  run_until (NULL, &bench.first_frame_at);
  g_print ("set_library → first frame: %7.1f ms   (anchor < 1000 ms); that frame's work %.1f ms\n",
           (bench.first_frame_at - t0) / 1e3, bench.first_frame_work / 1e3);

  bench.vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (em_library_page_get_column_view (page)));
  gtk_widget_add_tick_callback (GTK_WIDGET (page), scroll_tick_cb, &bench, NULL);
  while (bench.scroll_frames < N_SCROLL_FRAMES)
    g_main_context_iteration (NULL, TRUE);

  f = bench.frame_us;
  g_array_sort (f, compare_gint64);
  for (guint i = 0; i < f->len; i++)
    over += g_array_index (f, gint64, i) > 16000;
  if (f->len > 0)
    g_print ("scrolling, %u frames (update → after-paint): median %.2f ms, p95 %.2f ms, "
             "max %.2f ms, %" G_GINT64_FORMAT " over 16 ms   (anchor: none over 16 ms)\n",
             f->len, g_array_index (f, gint64, f->len / 2) / 1e3,
             g_array_index (f, gint64, f->len * 95 / 100) / 1e3,
             g_array_index (f, gint64, f->len - 1) / 1e3, over);
  g_print ("scrolled to %.0f of %.0f px\n", gtk_adjustment_get_value (bench.vadj),
           gtk_adjustment_get_upper (bench.vadj));

  g_array_unref (bench.frame_us);
  gtk_window_destroy (window);
  return 0;
}
