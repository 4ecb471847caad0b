/* bench-linkage.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ward and median linkage on the 30,000 x 38 fixture (z-scored first), in
 * seconds and peak memory, against fastcluster 1.2.3's linkage_vector on
 * this kind of 2-core machine. Prints figures only; asserts nothing.
 * EARMARK_BENCH_LINKAGE_ROWS=N runs on the first N rows instead; method
 * names as arguments run only those.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "em-linkage.h"
#include "em-standardize.h"

#define N_COLS 38

typedef struct
{
  EmLinkageMethod method;
  double          anchor_seconds;
  double          anchor_mb;
} Case;

static const Case cases[] = {
  { EM_LINKAGE_WARD, 34.8, 140 },
  { EM_LINKAGE_MEDIAN, 30.5, 140 },
};

static double *
load_matrix (gsize *n_rows)
{
  const char *shared = g_getenv ("EARMARK_SHARED_DIR");
  g_autofree char *path = g_build_filename (shared != NULL ? shared : "../shared",
                                            "fixtures", "algos", "synth30k.f64", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  double *xs;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("bench-linkage: %s\n", error->message);
      return NULL;
    }
  *n_rows = length / (N_COLS * sizeof (double));
  if (g_getenv ("EARMARK_BENCH_LINKAGE_ROWS") != NULL)
    *n_rows = MIN (*n_rows, g_ascii_strtoull (g_getenv ("EARMARK_BENCH_LINKAGE_ROWS"), NULL, 10));

  xs = g_new (double, *n_rows * N_COLS);
  if (!em_standardize ((const double *) contents, *n_rows, N_COLS, xs, NULL, NULL, NULL, &error))
    {
      g_printerr ("bench-linkage: %s\n", error->message);
      g_free (xs);
      return NULL;
    }
  return xs;
}

/* Runs in a child process, so that the peak RSS is this method's alone
 * (plus the shared input matrix). */
static void
run_case (const Case   *c,
          const double *xs,
          gsize         n_rows)
{
  g_autofree double *z = g_new (double, (n_rows - 1) * 4);
  g_autoptr(GError) error = NULL;
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  double seconds, cpu_seconds, peak_mb, sum = 0;

  if (!em_linkage_compute (xs, n_rows, N_COLS, c->method, NULL, z, &error))
    {
      g_printerr ("bench-linkage: %s\n", error->message);
      return;
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  getrusage (RUSAGE_SELF, &usage);
  peak_mb = usage.ru_maxrss / 1024.0;
  cpu_seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
                usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  for (gsize i = 0; i + 1 < n_rows; i++)
    sum += z[i * 4 + 2];

  /* fastcluster is single-threaded and was timed on an idle machine, so
   * its wall time is also its CPU time: the CPU ratio compares the work
   * when this machine is shared */
  g_print ("| %-8s | %6" G_GSIZE_FORMAT " | %7.2f s | %6.2f s | %5.1f s | %5.1fx | %5.1fx | %6.1f MB | ~%.0f MB | last %.6f, sum %.4f |\n",
           em_linkage_method_to_string (c->method), n_rows, seconds, cpu_seconds, c->anchor_seconds,
           c->anchor_seconds / seconds, c->anchor_seconds / cpu_seconds, peak_mb, c->anchor_mb,
           z[(n_rows - 2) * 4 + 2], sum);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree double *xs = NULL;
  gsize n_rows = 0;
  double load[3] = { 0 };

  xs = load_matrix (&n_rows);
  if (xs == NULL || n_rows < 2)
    return 0;

  if (getloadavg (load, 3) < 0)
    load[0] = -1;
  g_print ("# linkage on %" G_GSIZE_FORMAT " x %d (z-scored), %u processors, load average %.2f\n",
           n_rows, N_COLS, g_get_num_processors (), load[0]);
  g_print ("| method | rows | wall | CPU (all threads) | fastcluster | speed-up (wall) | speed-up (CPU) | peak RSS | fastcluster | check |\n");
  g_print ("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *name = em_linkage_method_to_string (cases[i].method);
      pid_t pid;

      if (argc > 1 && !g_strv_contains ((const char * const *) argv + 1, name))
        continue;
      pid = fork ();

      if (pid == 0)
        {
          run_case (&cases[i], xs, n_rows);
          fflush (stdout);
          _exit (0);
        }
      if (pid > 0)
        waitpid (pid, NULL, 0);
    }
  return 0;
}
