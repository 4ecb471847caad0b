/* bench-analysis.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Speed and peak memory of PCA, k-means, DBSCAN, silhouette and kNN on the
 * 30,000 x 38 fixture (standardised), beside scikit-learn's anchors
 * measured on this kind of 2-core machine.  Prints a table, asserts
 * nothing.  Each kernel runs a few times; the best wall time is reported,
 * with the process CPU time of that run (all threads): on a shared,
 * loaded machine CPU / cores is the better estimate of the idle wall
 * time.  The peak RSS is the kernel's own high-water mark (VmHWM after
 * resetting it through /proc/self/clear_refs).
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "em-dbscan.h"
#include "em-kmeans.h"
#include "em-knn.h"
#include "em-pca.h"
#include "em-silhouette.h"
#include "em-standardize.h"

#define N 30000
#define D 38

typedef struct
{
  const double *x;
  gint32       *labels;     /* k-means labels, for the silhouette */
  double        eps;
} Bench;

typedef gboolean (*BenchFunc) (Bench *b, GError **error);

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static void
reset_peak (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f != NULL)
    {
      fputs ("5", f);
      fclose (f);
    }
}

static double
peak_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0.0;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtod (line + 6, NULL) / 1024.0 : 0.0;
}

static gboolean
run_pca (Bench *b, GError **error)
{
  g_autoptr(EmPca) pca = em_pca_compute (b->x, N, D, NULL, error);

  return pca != NULL;
}

static gboolean
run_kmeans (Bench *b, GError **error)
{
  EmKmeansParams params;
  g_autoptr(EmKmeans) km = NULL;

  em_kmeans_params_init (&params, 8);
  km = em_kmeans_run (b->x, N, D, &params, NULL, error);
  if (km == NULL)
    return FALSE;
  if (b->labels == NULL)
    {
      b->labels = g_memdup2 (km->labels, N * sizeof (gint32));
      printf ("  k-means k=8: inertia %.4f, %u iterations\n", km->inertia, km->n_iter);
    }
  return TRUE;
}

static gboolean
run_dbscan (Bench *b, GError **error)
{
  g_autoptr(EmDbscan) db = em_dbscan_run (b->x, N, D, 2.96, 10, NULL, error);

  if (db != NULL)
    printf ("  DBSCAN eps 2.96: %u clusters, %" G_GSIZE_FORMAT " core, %.4f noise\n",
            db->n_clusters, db->n_core, (double) db->n_noise / N);
  return db != NULL;
}

static gboolean
run_silhouette (Bench *b, GError **error)
{
  double score;

  if (!em_silhouette_score (b->x, N, D, b->labels, &score, NULL, error))
    return FALSE;
  printf ("  silhouette of the k=8 labels: %.6f\n", score);
  return TRUE;
}

static gboolean
run_knn (Bench *b, GError **error)
{
  g_autofree guint32 *idx = g_new (guint32, N * 10);
  g_autofree double *dist = g_new (double, N * 10);

  return em_knn_exact (b->x, N, D, 10, idx, dist, NULL, error);
}

static gboolean
run_kdist (Bench *b, GError **error)
{
  g_autofree double *kd = g_new (double, N);

  if (!em_dbscan_k_distances (b->x, N, D, 10, kd, NULL, error))
    return FALSE;
  printf ("  suggested eps: knee %.4f, quantile rule (0.8045) %.4f\n",
          em_dbscan_suggest_eps (kd, N), em_dbscan_eps_for_core_fraction (kd, N, 0.8045));
  return TRUE;
}

static void
measure (const char *name,
         BenchFunc   func,
         Bench      *b,
         guint       reps,
         double      anchor_s,
         double      anchor_mb,
         double      target_s)
{
  double best = G_MAXDOUBLE, best_cpu = 0.0, peak = 0.0, idle;
  g_autoptr(GError) error = NULL;

  for (guint r = 0; r < reps; r++)
    {
      gint64 t0;
      double s, c0;

      reset_peak ();
      c0 = cpu_seconds ();
      t0 = g_get_monotonic_time ();
      if (!func (b, &error))
        {
          printf ("%-28s failed: %s\n", name, error->message);
          return;
        }
      s = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
      if (s < best)
        {
          best = s;
          best_cpu = cpu_seconds () - c0;
        }
      peak = MAX (peak, peak_mb ());
    }

  idle = best_cpu / g_get_num_processors ();
  printf ("| %-26s | %8.3f s | %8.3f s | %8.3f s | %7.1f MB |", name, best, best_cpu, idle, peak);
  if (anchor_s > 0.0)
    printf (" %6.3f s | %5.2fx / %5.2fx |", anchor_s, anchor_s / best, anchor_s / idle);
  else
    printf ("          |                 |");
  if (anchor_mb > 0.0)
    printf (" %5.0f MB |", anchor_mb);
  else
    printf ("          |");
  if (target_s > 0.0)
    printf (" <= %.3f s: %s |\n", target_s,
            best <= target_s ? "met" : idle <= target_s ? "met on CPU/cores" : "MISSED");
  else
    printf ("                 |\n");
  fflush (stdout);
}

int
main (int argc, char *argv[])
{
  g_autofree char *path = NULL;
  g_autofree char *raw = NULL;
  g_autofree double *x = g_new (double, N * D);
  g_autoptr(GError) error = NULL;
  Bench b = { 0 };
  gsize len = 0;
  const char *shared = g_getenv ("EARMARK_SHARED_DIR");
  double load[3] = { 0 };
  FILE *f;

  path = g_build_filename (shared != NULL ? shared : "../shared", "fixtures", "algos", "synth30k.f64", NULL);
  if (!g_file_get_contents (path, &raw, &len, &error) || len != N * D * sizeof (double))
    {
      printf ("bench-analysis: cannot read %s (%s); set EARMARK_SHARED_DIR\n",
              path, error != NULL ? error->message : "wrong size");
      return 0;
    }
  if (!em_standardize ((const double *) (gpointer) raw, N, D, x, NULL, NULL, NULL, &error))
    {
      printf ("bench-analysis: %s\n", error->message);
      return 0;
    }
  b.x = x;

  f = fopen ("/proc/loadavg", "r");
  if (f != NULL)
    {
      if (fscanf (f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3)
        load[0] = -1;
      fclose (f);
    }
  printf ("bench-analysis: synth30k.f64 standardised (%d x %d), %u cores, load average %.2f\n",
          N, D, g_get_num_processors (), load[0]);
  printf ("Ratios: anchor / wall time, and anchor / (CPU time / cores), the idle-machine estimate.\n");
  printf ("| kernel                     |  wall time |   CPU time | CPU/cores  |   peak RSS | sklearn  | speed-up        | skl. RSS | target          |\n");
  printf ("|----------------------------|------------|------------|------------|------------|----------|-----------------|----------|-----------------|\n");

  measure ("PCA (all 38 components)", run_pca, &b, 10, 0.033, 0, 0.050);
  measure ("k-means k=8 n_init=10", run_kmeans, &b, 3, 0.62, 0, 0.5);
  measure ("DBSCAN eps 2.96 ms 10", run_dbscan, &b, 2, 1.66, 240, 1.5);
  measure ("silhouette (exact)", run_silhouette, &b, 2, 7.2, 1200, 3.0);
  measure ("kNN k=10 (exact)", run_knn, &b, 2, 0, 0, 0);
  measure ("k-distance curve + eps", run_kdist, &b, 1, 0, 0, 0);

  g_free (b.labels);
  return 0;
}
