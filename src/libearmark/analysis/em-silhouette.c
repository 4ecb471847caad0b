/* em-silhouette.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Silhouette coefficients (scikit-learn's silhouette_samples/score) without
 * an n x n distance matrix.  What a row needs is its summed distance to
 * every cluster, so the rows are permuted to be grouped by cluster and the
 * distances come in GEMM blocks (||a||^2 + ||b||^2 - 2ab on column-centred
 * data, which keeps the norms small and the expansion accurate).  Each
 * pair is computed once: a block of query rows meets only the rows from
 * its own start on, its row sums go to the query rows and its column sums
 * to the later rows.  Memory is O(n x clusters) per worker; the sums are
 * accumulated in fixed point so that the result does not depend on the
 * number of threads or on scheduling.
 */

#include "config.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "em-knn.h"
#include "em-parallel.h"
#include "em-silhouette.h"

#define QUERY_BLOCK 128
#define REF_BLOCK   1024
#define MAX_ACCUMULATOR_BYTES (1024.0 * 1024 * 1024)

typedef __int128 Fixed;

typedef struct
{
  const double *x;           /* permuted, centred rows */
  gsize         n;
  gsize         d;
  guint         n_clusters;
  const gsize  *starts;      /* n_clusters + 1 segment bounds */
  const double *norms;
  double        scale;       /* fixed-point units per distance unit */
  double      **scratch;     /* per worker: QUERY_BLOCK x REF_BLOCK */
  double      **colsum;      /* per worker: REF_BLOCK */
  Fixed       **acc;         /* per worker: n x n_clusters fixed-point sums */
  void        (*sqrt_row) (double *row, double ni, const double *nr, gsize n);
} SilTask;

/* Units such that the largest possible block partial (REF_BLOCK distances,
 * each at most twice the largest centred norm) is 2^62. */
static double
fixed_scale (const double *norms,
             gsize         n)
{
  double max_norm2 = 0.0, bound;

  for (gsize i = 0; i < n; i++)
    max_norm2 = MAX (max_norm2, norms[i]);
  bound = (double) MAX (REF_BLOCK, QUERY_BLOCK) * 2.0 * sqrt (max_norm2) * 1.0001;
  return bound > 0.0 ? ldexp (1.0, 62) / bound : 1.0;
}

/* The per-row sums get contributions from many blocks, added by whichever
 * worker computed them.  Adding doubles in a varying order would make the
 * last bits depend on scheduling, so every block's partial sum is rounded
 * once to a fixed-point integer (2^62 units for the largest possible
 * partial) and the integers, whose addition is exact, are accumulated per
 * worker and summed at the end.  The result is the same on any number of
 * threads, and each partial keeps ~16 significant digits. */
static inline Fixed
to_fixed (double v,
          double scale)
{
  return (Fixed) (gint64) (v * scale + 0.5);
}

/* row[j] = sqrt(max(row[j] + ni + nr[j], 0)): the distances of one block
 * row from its -2ab GEMM values. */
static void
sqrt_row_generic (double       *row,
                  double        ni,
                  const double *nr,
                  gsize         n)
{
  for (gsize j = 0; j < n; j++)
    {
      double v = row[j] + ni + nr[j];

      row[j] = sqrt (v > 0.0 ? v : 0.0);
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* Same operations in the same order, four at a time (scalar sqrt was
 * half of the silhouette's time). */
__attribute__((target ("avx2")))
static void
sqrt_row_avx2 (double       *row,
               double        ni,
               const double *nr,
               gsize         n)
{
  __m256d vni = _mm256_set1_pd (ni);
  __m256d zero = _mm256_setzero_pd ();
  gsize j = 0;

  for (; j + 4 <= n; j += 4)
    {
      __m256d v = _mm256_add_pd (_mm256_add_pd (_mm256_loadu_pd (row + j), vni),
                                 _mm256_loadu_pd (nr + j));

      _mm256_storeu_pd (row + j, _mm256_sqrt_pd (_mm256_max_pd (v, zero)));
    }
  sqrt_row_generic (row + j, ni, nr + j, n - j);
}
#endif

static void
choose_sqrt_row (SilTask *t)
{
  t->sqrt_row = sqrt_row_generic;
#if defined(__x86_64__) && defined(__GNUC__)
  if (__builtin_cpu_supports ("avx2"))
    t->sqrt_row = sqrt_row_avx2;
#endif
}

/* Four interleaved partial sums break the add latency chain; the order
 * is fixed, so the result is too. */
static double
sum_row (const double *row,
         gsize         n)
{
  double acc[4] = { 0.0, 0.0, 0.0, 0.0 };
  gsize j = 0;

  for (; j + 4 <= n; j += 4)
    for (guint l = 0; l < 4; l++)
      acc[l] += row[j + l];
  for (guint l = 0; j < n; j++, l++)
    acc[l] += row[j];
  return (acc[0] + acc[1]) + (acc[2] + acc[3]);
}

/* Distances between the query rows [q0, q1) and the rows [r0, r1) of
 * cluster c (r0 >= q0): row sums go to the query rows; column sums, by
 * cluster of the query rows, go to the reference rows after the query
 * block (pairs inside the block are seen from both sides already). */
static void
block_sums (const SilTask *t,
            gsize          q0,
            gsize          q1,
            gsize          r0,
            gsize          r1,
            guint          c,
            guint          worker)
{
  gsize nq = q1 - q0, nr = r1 - r0, d = t->d;
  double *block = t->scratch[worker], *colsum = t->colsum[worker];
  Fixed *acc = t->acc[worker];
  guint cq = 0;

  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) nq, (int) nr, (int) d,
               -2.0, t->x + q0 * d, (int) d, t->x + r0 * d, (int) d, 0.0, block, (int) nr);
  for (gsize i = 0; i < nq; i++)
    {
      t->sqrt_row (block + i * nr, t->norms[q0 + i], t->norms + r0, nr);
      /* a row's distance to itself is 0, whatever the expansion says */
      if (q0 + i >= r0 && q0 + i < r1)
        block[i * nr + (q0 + i - r0)] = 0.0;
      acc[(q0 + i) * t->n_clusters + c] += to_fixed (sum_row (block + i * nr, nr), t->scale);
    }

  if (r1 <= q1)
    return;
  for (gsize i0 = q0; i0 < q1; i0 = MIN (q1, t->starts[cq + 1]))
    {
      gsize j0 = r0 < q1 ? q1 - r0 : 0;

      while (t->starts[cq + 1] <= i0)
        cq++;
      memset (colsum, 0, nr * sizeof (double));
      for (gsize i = i0; i < MIN (q1, t->starts[cq + 1]); i++)
        for (gsize j = j0; j < nr; j++)
          colsum[j] += block[(i - q0) * nr + j];
      for (gsize j = j0; j < nr; j++)
        acc[(r0 + j) * t->n_clusters + cq] += to_fixed (colsum[j], t->scale);
    }
}

static void
sil_chunk (gsize    begin,
           gsize    end,
           guint    worker,
           gpointer user_data)
{
  const SilTask *t = user_data;

  for (guint c = 0; c < t->n_clusters; c++)
    for (gsize r0 = MAX (t->starts[c], begin); r0 < t->starts[c + 1]; r0 += REF_BLOCK)
      block_sums (t, begin, end, r0, MIN (REF_BLOCK, t->starts[c + 1] - r0) + r0, c, worker);
}

/* Dense cluster ids 0..C-1 in order of first appearance. */
static guint
densify_labels (const gint32 *labels,
                gsize         n,
                guint        *dense)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_int_hash, g_int_equal);
  guint n_clusters = 0;

  for (gsize i = 0; i < n; i++)
    {
      gpointer id;

      if (!g_hash_table_lookup_extended (ids, &labels[i], NULL, &id))
        {
          id = GUINT_TO_POINTER (n_clusters++);
          g_hash_table_insert (ids, (gpointer) &labels[i], id);
        }
      dense[i] = GPOINTER_TO_UINT (id);
    }
  return n_clusters;
}

/* Rows grouped by cluster (stable), centred. */
static double *
permute_rows (const double *x,
              gsize         n,
              gsize         d,
              const guint  *dense,
              guint         n_clusters,
              gsize        *starts,
              gsize        *perm)
{
  double *xp = g_new (double, n * d);
  g_autofree double *mean = g_new0 (double, d);
  g_autofree gsize *fill = g_new0 (gsize, n_clusters);

  memset (starts, 0, (n_clusters + 1) * sizeof (gsize));
  for (gsize i = 0; i < n; i++)
    starts[dense[i] + 1]++;
  for (guint c = 0; c < n_clusters; c++)
    starts[c + 1] += starts[c];
  for (gsize i = 0; i < n; i++)
    perm[starts[dense[i]] + fill[dense[i]]++] = i;

  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < d; j++)
      mean[j] += x[i * d + j];
  for (gsize j = 0; j < d; j++)
    mean[j] /= (double) n;
  for (gsize p = 0; p < n; p++)
    for (gsize j = 0; j < d; j++)
      xp[p * d + j] = x[perm[p] * d + j] - mean[j];

  return xp;
}

/* s = (b - a) / max(a, b); 0 for a row alone in its cluster. */
static void
coefficients (const SilTask *t,
              const double  *all_sums,
              const gsize   *perm,
              double        *values)
{
  for (guint own = 0; own < t->n_clusters; own++)
    for (gsize p = t->starts[own]; p < t->starts[own + 1]; p++)
      {
        const double *sums = all_sums + p * t->n_clusters;
        gsize size = t->starts[own + 1] - t->starts[own];
        double a, b = G_MAXDOUBLE;

        if (size <= 1)
          {
            values[perm[p]] = 0.0;
            continue;
          }
        a = sums[own] / (double) (size - 1);
        for (guint c = 0; c < t->n_clusters; c++)
          if (c != own)
            b = MIN (b, sums[c] / (double) (t->starts[c + 1] - t->starts[c]));
        values[perm[p]] = MAX (a, b) > 0.0 ? (b - a) / MAX (a, b) : 0.0;
      }
}

/**
 * em_silhouette_samples:
 * @x: (array): n_rows x n_cols row-major matrix of finite values
 * @n_rows: rows
 * @n_cols: columns
 * @labels: (array length=n_rows): cluster of each row (any integers; noise
 *   labelled -1 counts as one more cluster, as in scikit-learn)
 * @values: (out caller-allocates) (array length=n_rows): silhouette of each row
 * @job: (nullable): job for progress and cancellation
 * @error: return location for a #GError
 *
 * Computes the exact silhouette coefficient of every row with Euclidean
 * distances, as scikit-learn's silhouette_samples, in O(n x clusters) memory
 * on all cores.
 *
 * Returns: %TRUE on success; %FALSE if there are fewer than 2 or more than
 *   n_rows - 1 clusters, or the input is empty or not finite
 */
gboolean
em_silhouette_samples (const double  *x,
                       gsize          n_rows,
                       gsize          n_cols,
                       const gint32  *labels,
                       double        *values,
                       EmJob         *job,
                       GError       **error)
{
  SilTask t = { 0 };
  g_autofree guint *dense = NULL;
  g_autofree gsize *starts = NULL;
  g_autofree gsize *perm = NULL;
  g_autofree double *xp = NULL;
  g_autofree double *norms = NULL;
  g_autofree double *sums = NULL;
  guint n_workers = em_parallel_get_n_workers ();
  guint n_clusters;
  gboolean ok;

  g_return_val_if_fail (values != NULL, FALSE);

  if (!em_analysis_check_matrix (x, n_rows, n_cols, "Silhouette", error))
    return FALSE;
  g_return_val_if_fail (labels != NULL, FALSE);

  dense = g_new (guint, n_rows);
  n_clusters = densify_labels (labels, n_rows, dense);
  if (n_clusters < 2 || n_clusters >= n_rows)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                   "Silhouette: needs between 2 and n - 1 clusters, got %u clusters for %"
                   G_GSIZE_FORMAT " rows", n_clusters, n_rows);
      return FALSE;
    }

  starts = g_new (gsize, n_clusters + 1);
  perm = g_new (gsize, n_rows);
  xp = permute_rows (x, n_rows, n_cols, dense, n_clusters, starts, perm);
  norms = g_new (double, n_rows);
  em_knn_row_norms (xp, n_rows, n_cols, norms);
  if ((double) n_rows * n_clusters * sizeof (Fixed) * n_workers > MAX_ACCUMULATOR_BYTES)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_LARGE,
                   "Silhouette: %u clusters of %" G_GSIZE_FORMAT " rows need too much memory; "
                   "use fewer clusters or a sample", n_clusters, n_rows);
      return FALSE;
    }

  t.x = xp;
  t.n = n_rows;
  t.d = n_cols;
  t.n_clusters = n_clusters;
  t.starts = starts;
  t.norms = norms;
  t.scale = fixed_scale (norms, n_rows);
  choose_sqrt_row (&t);
  t.scratch = g_new0 (double *, n_workers);
  t.colsum = g_new0 (double *, n_workers);
  t.acc = g_new0 (Fixed *, n_workers);
  for (guint w = 0; w < n_workers; w++)
    {
      t.scratch[w] = g_new (double, QUERY_BLOCK * REF_BLOCK);
      t.colsum[w] = g_new (double, REF_BLOCK);
      t.acc[w] = g_new0 (Fixed, n_rows * n_clusters);
    }

  ok = em_parallel_for (n_rows, QUERY_BLOCK, sil_chunk, &t, job, 0.0, 1.0,
                        "Computing silhouette", error);
  if (ok)
    {
      sums = g_new (double, n_rows * n_clusters);
      for (gsize m = 0; m < n_rows * n_clusters; m++)
        {
          Fixed total = 0;

          for (guint w = 0; w < n_workers; w++)
            total += t.acc[w][m];
          sums[m] = (double) total / t.scale;
        }
      coefficients (&t, sums, perm, values);
    }

  for (guint w = 0; w < n_workers; w++)
    {
      g_free (t.scratch[w]);
      g_free (t.colsum[w]);
      g_free (t.acc[w]);
    }
  g_free (t.scratch);
  g_free (t.colsum);
  g_free (t.acc);

  return ok;
}

/**
 * em_silhouette_score:
 * @x: (array): n_rows x n_cols row-major matrix of finite values
 * @n_rows: rows
 * @n_cols: columns
 * @labels: (array length=n_rows): cluster of each row
 * @score: (out): mean silhouette coefficient
 * @job: (nullable): job for progress and cancellation
 * @error: return location for a #GError
 *
 * The mean of em_silhouette_samples(), as scikit-learn's silhouette_score.
 *
 * Returns: %TRUE on success
 */
gboolean
em_silhouette_score (const double  *x,
                     gsize          n_rows,
                     gsize          n_cols,
                     const gint32  *labels,
                     double        *score,
                     EmJob         *job,
                     GError       **error)
{
  g_autofree double *values = g_new (double, MAX (n_rows, 1));
  double sum = 0.0;

  g_return_val_if_fail (score != NULL, FALSE);

  if (!em_silhouette_samples (x, n_rows, n_cols, labels, values, job, error))
    return FALSE;
  for (gsize i = 0; i < n_rows; i++)
    sum += values[i];
  *score = sum / (double) n_rows;

  return TRUE;
}

/**
 * em_silhouette_score_sampled:
 * @x: (array): n_rows x n_cols row-major matrix of finite values
 * @n_rows: rows
 * @n_cols: columns
 * @labels: (array length=n_rows): cluster of each row
 * @sample_size: rows in the sample; the exact score if >= @n_rows
 * @seed: seed of the sample
 * @score: (out): mean silhouette coefficient of the sample
 * @job: (nullable): job for progress and cancellation
 * @error: return location for a #GError
 *
 * Estimates the silhouette score on a random subset of rows (without
 * replacement), as scikit-learn's silhouette_score(sample_size=...): the
 * score of the sample as a data set of its own.  Cost falls with the
 * square of the sample fraction.
 *
 * Returns: %TRUE on success
 */
gboolean
em_silhouette_score_sampled (const double  *x,
                             gsize          n_rows,
                             gsize          n_cols,
                             const gint32  *labels,
                             gsize          sample_size,
                             guint32        seed,
                             double        *score,
                             EmJob         *job,
                             GError       **error)
{
  g_autoptr(GRand) rng = NULL;
  g_autofree gsize *order = NULL;
  g_autofree double *xs = NULL;
  g_autofree gint32 *ls = NULL;

  if (sample_size >= n_rows || x == NULL || labels == NULL)
    return em_silhouette_score (x, n_rows, n_cols, labels, score, job, error);

  /* partial Fisher-Yates: the first sample_size entries are the sample */
  rng = g_rand_new_with_seed (seed);
  order = g_new (gsize, n_rows);
  for (gsize i = 0; i < n_rows; i++)
    order[i] = i;
  for (gsize i = 0; i < sample_size; i++)
    {
      gsize j = i + (gsize) g_rand_double_range (rng, 0.0, (double) (n_rows - i));
      gsize tmp = order[i];

      j = MIN (j, n_rows - 1);
      order[i] = order[j];
      order[j] = tmp;
    }
  xs = g_new (double, sample_size * n_cols + 1);
  ls = g_new (gint32, sample_size + 1);
  for (gsize i = 0; i < sample_size; i++)
    {
      memcpy (xs + i * n_cols, x + order[i] * n_cols, n_cols * sizeof (double));
      ls[i] = labels[order[i]];
    }

  return em_silhouette_score (xs, sample_size, n_cols, ls, score, job, error);
}
