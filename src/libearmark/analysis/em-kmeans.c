/* em-kmeans.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * k-means as scikit-learn's KMeans(algorithm="lloyd"): greedy k-means++
 * seeding (2 + log k candidate centres per step, the one that lowers the
 * potential most wins), Lloyd iterations with the distances to the
 * centres from one GEMM per row block, stop on unchanged labels or a
 * squared centre shift below tol x mean column variance, then one last
 * assignment so labels match centres.  Empty clusters take the rows
 * farthest from their centres, as scikit-learn does.
 *
 * The n_init restarts are independent, so they are what runs in parallel:
 * restart r draws from its own GRand seeded with the r-th number of a
 * GRand seeded with params->seed, and the lowest inertia wins (ties: the
 * first restart).  The result is the same on any number of cores.
 */

#include "config.h"

#include <cblas.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "em-kmeans.h"
#include "em-knn.h"
#include "em-parallel.h"
#include "em-silhouette.h"

#define ROW_BLOCK 2048

typedef struct
{
  const double *x;
  gsize         n;
  gsize         d;
  guint         k;
  const double *norms;
  guint         max_iter;
  double        tol;
  EmJob        *job;
  guint32      *seeds;
  double      **centers;     /* per restart */
  gint32      **labels;      /* per restart */
  double       *inertia;     /* per restart */
  guint        *n_iter;      /* per restart */
} KmeansTask;

/* Scratch of one restart. */
typedef struct
{
  double *block;       /* (d + 1) x k: transposed centres and dot products */
  double *cnorms;      /* k */
  double *sums;        /* k x d */
  gsize  *counts;      /* k */
  double *min_d2;      /* n */
  gint32 *old_labels;  /* n */
} Scratch;

/**
 * em_kmeans_params_init:
 * @params: (out caller-allocates): parameters to fill
 * @k: number of clusters
 *
 * Sets scikit-learn's defaults: n_init 10, max_iter 300, tol 1e-4, seed 0.
 */
void
em_kmeans_params_init (EmKmeansParams *params,
                       guint           k)
{
  g_return_if_fail (params != NULL);

  params->k = k;
  params->n_init = 10;
  params->max_iter = 300;
  params->tol = 1e-4;
  params->seed = 0;
}

/**
 * em_kmeans_free:
 * @kmeans: (nullable) (transfer full): a clustering
 *
 * Frees @kmeans and its arrays.
 */
void
em_kmeans_free (EmKmeans *kmeans)
{
  if (kmeans == NULL)
    return;
  g_free (kmeans->centers);
  g_free (kmeans->labels);
  g_free (kmeans->sizes);
  g_free (kmeans);
}

static double
sq_distance (const double *a,
             const double *b,
             gsize         d)
{
  double s = 0.0;

  for (gsize j = 0; j < d; j++)
    s += (a[j] - b[j]) * (a[j] - b[j]);
  return s;
}

/* First index whose running sum reaches v (numpy's searchsorted, left). */
static gsize
search_cumsum (const double *cumsum,
               gsize         n,
               double        v)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (cumsum[mid] < v)
        lo = mid + 1;
      else
        hi = mid;
    }
  return MIN (lo, n - 1);
}

/* Squared distances of all rows to the rows ids[0..m-1], into
 * out[i * m + t], from the norm expansion (as scikit-learn's seeding). */
static void
distances_to_rows (const KmeansTask *t,
                   const gsize      *ids,
                   guint             m,
                   double           *out)
{
  gsize d = t->d;
  g_autofree double *c = g_new (double, m * d);

  for (guint r = 0; r < m; r++)
    memcpy (c + r * d, t->x + ids[r] * d, d * sizeof (double));
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) t->n, (int) m, (int) d,
               -2.0, t->x, (int) d, c, (int) d, 0.0, out, (int) m);
  for (gsize i = 0; i < t->n; i++)
    for (guint r = 0; r < m; r++)
      out[i * m + r] = MAX (out[i * m + r] + t->norms[i] + t->norms[ids[r]], 0.0);
}

/* Greedy k-means++ (scikit-learn's _kmeans_plusplus): each new centre is
 * the best of 2 + log k rows drawn with probability proportional to
 * their squared distance to the nearest centre so far. */
static void
seed_plusplus (const KmeansTask *t,
               GRand            *rng,
               double           *centers,
               Scratch          *s)
{
  gsize n = t->n, d = t->d;
  guint trials = 2 + (guint) log ((double) t->k);
  g_autofree double *cumsum = g_new (double, n);
  g_autofree double *cand = g_new (double, n * trials);
  g_autofree double *pots = g_new (double, trials);
  g_autofree gsize *ids = g_new (gsize, trials);
  double *closest = s->min_d2;
  double pot = 0.0;

  ids[0] = (gsize) g_rand_int_range (rng, 0, (gint32) n);
  memcpy (centers, t->x + ids[0] * d, d * sizeof (double));
  distances_to_rows (t, ids, 1, closest);
  for (gsize i = 0; i < n; i++)
    pot += closest[i];

  for (guint c = 1; c < t->k; c++)
    {
      double running = 0.0;
      guint best = 0;

      for (gsize i = 0; i < n; i++)
        cumsum[i] = running += closest[i];
      for (guint r = 0; r < trials; r++)
        ids[r] = search_cumsum (cumsum, n, g_rand_double (rng) * pot);
      distances_to_rows (t, ids, trials, cand);
      memset (pots, 0, trials * sizeof (double));
      for (gsize i = 0; i < n; i++)
        for (guint r = 0; r < trials; r++)
          {
            cand[i * trials + r] = MIN (closest[i], cand[i * trials + r]);
            pots[r] += cand[i * trials + r];
          }
      for (guint r = 1; r < trials; r++)
        if (pots[r] < pots[best])
          best = r;
      pot = pots[best];
      for (gsize i = 0; i < n; i++)
        closest[i] = cand[i * trials + best];
      memcpy (centers + c * d, t->x + ids[best] * d, d * sizeof (double));
    }
}

/* E-step: nearest centre of every row (ties: lowest index) from
 * ||x||^2 + ||c||^2 - 2 x.c, one GEMM per row block. */
static void
assign (const KmeansTask *t,
        const double     *centers,
        gint32           *labels,
        Scratch          *s)
{
  gsize d = t->d;
  guint k = t->k;

  for (guint c = 0; c < k; c++)
    s->cnorms[c] = cblas_ddot ((int) d, centers + c * d, 1, centers + c * d, 1);

  for (gsize b0 = 0; b0 < t->n; b0 += ROW_BLOCK)
    {
      gsize nb = MIN (ROW_BLOCK, t->n - b0);

      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) nb, (int) k, (int) d,
                   -2.0, t->x + b0 * d, (int) d, centers, (int) d, 0.0, s->block, (int) k);
      for (gsize i = 0; i < nb; i++)
        {
          const double *row = s->block + i * k;
          double best = row[0] + s->cnorms[0];
          gint32 label = 0;

          for (guint c = 1; c < k; c++)
            if (row[c] + s->cnorms[c] < best)
              {
                best = row[c] + s->cnorms[c];
                label = (gint32) c;
              }
          labels[b0 + i] = label;
          s->min_d2[b0 + i] = MAX (best + t->norms[b0 + i], 0.0);
        }
    }
}

/* Empty clusters take the rows farthest from their centres. */
static void
relocate_empty (const KmeansTask *t,
                gint32           *labels,
                Scratch          *s)
{
  for (guint c = 0; c < t->k; c++)
    {
      gsize far = 0;
      double far_d2 = -1.0;

      if (s->counts[c] > 0)
        continue;
      for (gsize i = 0; i < t->n; i++)
        if (s->counts[labels[i]] > 1 && s->min_d2[i] > far_d2)
          {
            far_d2 = s->min_d2[i];
            far = i;
          }
      if (far_d2 < 0.0)
        return;
      s->counts[labels[far]]--;
      for (gsize j = 0; j < t->d; j++)
        s->sums[labels[far] * t->d + j] -= t->x[far * t->d + j];
      labels[far] = (gint32) c;
      s->min_d2[far] = 0.0;
      s->counts[c] = 1;
      memcpy (s->sums + c * t->d, t->x + far * t->d, t->d * sizeof (double));
    }
}

/* restrict lets the compiler vectorise the row accumulation. */
static inline void
add_row (double       *restrict sum,
         const double *restrict row,
         gsize                  d)
{
  for (gsize j = 0; j < d; j++)
    sum[j] += row[j];
}

/* M-step; returns the total squared centre shift. */
static double
update_centers (const KmeansTask *t,
                gint32           *labels,
                double           *centers,
                Scratch          *s)
{
  gsize d = t->d;
  double shift = 0.0;

  memset (s->sums, 0, t->k * d * sizeof (double));
  memset (s->counts, 0, t->k * sizeof (gsize));
  for (gsize i = 0; i < t->n; i++)
    {
      s->counts[labels[i]]++;
      add_row (s->sums + labels[i] * d, t->x + i * d, d);
    }
  relocate_empty (t, labels, s);
  for (guint c = 0; c < t->k; c++)
    for (gsize j = 0; j < d; j++)
      {
        double v = s->counts[c] > 0 ? s->sums[c * d + j] / (double) s->counts[c] : centers[c * d + j];

        shift += (v - centers[c * d + j]) * (v - centers[c * d + j]);
        centers[c * d + j] = v;
      }

  return shift;
}

static double
exact_inertia (const KmeansTask *t,
               const double     *centers,
               const gint32     *labels)
{
  double inertia = 0.0;

  for (gsize i = 0; i < t->n; i++)
    inertia += sq_distance (t->x + i * t->d, centers + labels[i] * t->d, t->d);
  return inertia;
}

static void
run_restart (const KmeansTask *t,
             guint             r)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (t->seeds[r]);
  Scratch s;
  double *centers = t->centers[r];
  gint32 *labels = t->labels[r];
  guint iter = 0;
  gboolean strict = FALSE;

  s.block = g_new (double, ROW_BLOCK * t->k);
  s.cnorms = g_new (double, t->k);
  s.sums = g_new (double, t->k * t->d);
  s.counts = g_new (gsize, t->k);
  s.min_d2 = g_new (double, t->n);
  s.old_labels = g_new (gint32, t->n);

  seed_plusplus (t, rng, centers, &s);
  while (iter < t->max_iter && !em_job_is_cancelled (t->job))
    {
      double shift;

      assign (t, centers, labels, &s);
      iter++;
      if (iter > 1 && memcmp (labels, s.old_labels, t->n * sizeof (gint32)) == 0)
        {
          strict = TRUE;
          break;
        }
      shift = update_centers (t, labels, centers, &s);
      memcpy (s.old_labels, labels, t->n * sizeof (gint32));
      if (shift <= t->tol)
        break;
    }
  /* Labels of the final centres (unless they already are). */
  if (!strict)
    assign (t, centers, labels, &s);
  t->inertia[r] = exact_inertia (t, centers, labels);
  t->n_iter[r] = iter;

  g_free (s.block);
  g_free (s.cnorms);
  g_free (s.sums);
  g_free (s.counts);
  g_free (s.min_d2);
  g_free (s.old_labels);
}

static void
restart_chunk (gsize    begin,
               gsize    end,
               guint    worker,
               gpointer user_data)
{
  for (gsize r = begin; r < end; r++)
    run_restart (user_data, (guint) r);
}

static gboolean
check_input (const double          *x,
             gsize                  n,
             gsize                  d,
             const EmKmeansParams  *params,
             GError               **error)
{
  if (!em_analysis_check_matrix (x, n, d, "k-means", error))
    return FALSE;
  if (params->k == 0 || params->n_init == 0 || params->max_iter == 0 || !(params->tol >= 0.0))
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                   "k-means: k, n_init and max_iter must be at least 1 and tol >= 0 "
                   "(got k = %u, n_init = %u, max_iter = %u, tol = %g)",
                   params->k, params->n_init, params->max_iter, params->tol);
      return FALSE;
    }
  if (n < params->k || n > G_MAXINT32)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_FEW_ROWS,
                   "k-means: %u clusters need at least %u rows, got %" G_GSIZE_FORMAT,
                   params->k, params->k, n);
      return FALSE;
    }
  if (params->k > 1 && em_analysis_rows_identical (x, n, d))
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_DEGENERATE,
                   "k-means: all %" G_GSIZE_FORMAT " rows are identical, they cannot form %u clusters",
                   n, params->k);
      return FALSE;
    }
  return TRUE;
}

/* scikit-learn scales tol by the mean column variance of the data. */
static double
scaled_tolerance (const double *x,
                  gsize         n,
                  gsize         d,
                  double        tol)
{
  double total = 0.0;

  for (gsize j = 0; j < d; j++)
    {
      double mean = 0.0, ss = 0.0;

      for (gsize i = 0; i < n; i++)
        mean += x[i * d + j];
      mean /= (double) n;
      for (gsize i = 0; i < n; i++)
        ss += (x[i * d + j] - mean) * (x[i * d + j] - mean);
      total += ss / (double) n;
    }
  return tol * total / (double) d;
}

static EmKmeans *
take_best (KmeansTask *t,
           guint       n_init)
{
  EmKmeans *km = g_new0 (EmKmeans, 1);
  guint best = 0;

  for (guint r = 1; r < n_init; r++)
    if (t->inertia[r] < t->inertia[best])
      best = r;

  km->n_rows = t->n;
  km->n_cols = t->d;
  km->k = t->k;
  km->centers = g_steal_pointer (&t->centers[best]);
  km->labels = g_steal_pointer (&t->labels[best]);
  km->inertia = t->inertia[best];
  km->n_iter = t->n_iter[best];
  km->sizes = g_new0 (gsize, t->k);
  for (gsize i = 0; i < t->n; i++)
    km->sizes[km->labels[i]]++;

  return km;
}

/**
 * em_kmeans_run:
 * @x: (array): n_rows x n_cols row-major matrix of finite values
 * @n_rows: rows, at least @params->k
 * @n_cols: columns
 * @params: parameters (see em_kmeans_params_init())
 * @job: (nullable): job for progress and cancellation
 * @error: return location for a #GError
 *
 * Clusters the rows with k-means (k-means++ seeding, Lloyd iterations,
 * @params->n_init restarts), restarts running on all cores.
 *
 * Returns: (transfer full) (nullable): the best clustering, free with em_kmeans_free()
 */
EmKmeans *
em_kmeans_run (const double          *x,
               gsize                  n_rows,
               gsize                  n_cols,
               const EmKmeansParams  *params,
               EmJob                 *job,
               GError               **error)
{
  KmeansTask t = { 0 };
  g_autoptr(GRand) master = NULL;
  g_autofree double *norms = NULL;
  EmKmeans *result = NULL;
  guint n_init;

  g_return_val_if_fail (params != NULL, NULL);

  if (!check_input (x, n_rows, n_cols, params, error))
    return NULL;

  n_init = params->n_init;
  norms = g_new (double, n_rows);
  em_knn_row_norms (x, n_rows, n_cols, norms);
  master = g_rand_new_with_seed (params->seed);
  t.x = x;
  t.n = n_rows;
  t.d = n_cols;
  t.k = params->k;
  t.norms = norms;
  t.max_iter = params->max_iter;
  t.tol = scaled_tolerance (x, n_rows, n_cols, params->tol);
  t.job = job;
  t.seeds = g_new (guint32, n_init);
  t.centers = g_new0 (double *, n_init);
  t.labels = g_new0 (gint32 *, n_init);
  t.inertia = g_new (double, n_init);
  t.n_iter = g_new (guint, n_init);
  for (guint r = 0; r < n_init; r++)
    {
      t.seeds[r] = g_rand_int (master);
      t.centers[r] = g_new (double, params->k * n_cols);
      t.labels[r] = g_new (gint32, n_rows);
    }

  if (em_parallel_for (n_init, 1, restart_chunk, &t, job, 0.0, 1.0, "Clustering with k-means", error))
    result = take_best (&t, n_init);

  for (guint r = 0; r < n_init; r++)
    {
      g_free (t.centers[r]);
      g_free (t.labels[r]);
    }
  g_free (t.seeds);
  g_free (t.centers);
  g_free (t.labels);
  g_free (t.inertia);
  g_free (t.n_iter);

  return result;
}

/**
 * em_kmeans_scan:
 * @x: (array): n_rows x n_cols row-major matrix of finite values
 * @n_rows: rows
 * @n_cols: columns
 * @k_min: smallest k, at least 2 (the silhouette needs two clusters)
 * @k_max: largest k, below @n_rows
 * @params: parameters for every run (its k is ignored)
 * @silhouette_sample: 0 for the exact silhouette, else the rows of a
 *   random sample (seeded with @params->seed) to estimate it on
 * @inertia: (out caller-allocates) (array): k_max - k_min + 1 inertias
 * @silhouette: (out caller-allocates) (array): k_max - k_min + 1 silhouette scores
 * @job: (nullable): job for progress and cancellation
 * @error: return location for a #GError
 *
 * Runs k-means for every k in [@k_min, @k_max] and scores each clustering
 * (the "elbow" and silhouette curves used to choose k).
 *
 * Returns: %TRUE on success
 */
gboolean
em_kmeans_scan (const double          *x,
                gsize                  n_rows,
                gsize                  n_cols,
                guint                  k_min,
                guint                  k_max,
                const EmKmeansParams  *params,
                gsize                  silhouette_sample,
                double                *inertia,
                double                *silhouette,
                EmJob                 *job,
                GError               **error)
{
  EmKmeansParams p;

  g_return_val_if_fail (params != NULL && inertia != NULL && silhouette != NULL, FALSE);

  if (k_min < 2 || k_max < k_min || (gsize) k_max >= n_rows)
    {
      g_set_error (error, EM_ANALYSIS_ERROR,
                   n_rows > 0 && k_max >= n_rows ? EM_ANALYSIS_ERROR_TOO_FEW_ROWS
                                                 : EM_ANALYSIS_ERROR_INVALID_INPUT,
                   "k-means scan: needs 2 <= k_min <= k_max < rows (got %u .. %u for %"
                   G_GSIZE_FORMAT " rows)", k_min, k_max, n_rows);
      return FALSE;
    }

  p = *params;
  for (guint k = k_min; k <= k_max; k++)
    {
      g_autoptr(EmKmeans) km = NULL;
      gboolean ok;

      p.k = k;
      em_job_update (job, (double) (k - k_min) / (double) (k_max - k_min + 1), "Scanning k");
      /* The inner runs get the job for its cancellation; their progress
       * replaces the scan's until the next k starts. */
      km = em_kmeans_run (x, n_rows, n_cols, &p, job, error);
      if (km == NULL)
        return FALSE;
      inertia[k - k_min] = km->inertia;
      if (silhouette_sample > 0 && silhouette_sample < n_rows)
        ok = em_silhouette_score_sampled (x, n_rows, n_cols, km->labels, silhouette_sample,
                                          params->seed, &silhouette[k - k_min], job, error);
      else
        ok = em_silhouette_score (x, n_rows, n_cols, km->labels, &silhouette[k - k_min], job, error);
      if (!ok)
        return FALSE;
    }
  em_job_update (job, 1.0, "Scanning k");

  return TRUE;
}
