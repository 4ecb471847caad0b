/* em-trustworthiness.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Trustworthiness of an embedding (Venna and Kaski 2001), exactly as
 * sklearn.manifold.trustworthiness defines it:
 *
 *   T(k) = 1 - 2 / (n k (2n - 3k - 1)) sum_i sum_{j in NN_emb_k(i)} max (0, r(i, j) - k)
 *
 * where r(i, j) is the 1-based rank of j among i's input-space neighbours
 * (a j that is also an input neighbour has r <= k and adds nothing).
 * scikit-learn builds the full n x n rank matrix; here each row is done on
 * its own: the distances from i to every point in both spaces (O(n) memory
 * per worker), the k nearest in the embedding by a bounded insertion, and
 * their input ranks by counting the closer points.  Equal distances are
 * ordered by index.  Rows are spread over the workers in chunks and the
 * per-row integer sums added in row order, so the result is exact and
 * independent of the number of threads.
 *
 * T is a mean of per-row penalties, so scoring a uniform sample of rows
 * (each still ranked among all n rows) estimates it without bias at a
 * fraction of the cost: that is the sampled variant.
 */

#include "config.h"

#include "em-parallel.h"
#include "em-trustworthiness.h"

#define ROWS_PER_CHUNK 16

struct Scratch
{
  double  *input_dist;       /* n */
  double  *target;           /* k */
  guint32 *nearest;          /* k */
  guint64 *rank;             /* k */
};

typedef struct
{
  const double *x;
  gsize         d;
  const double *e;
  gsize         d_e;
  gsize         n;
  guint         k;
  const guint32 *rows;       /* rows to score, NULL for all */
  struct Scratch *scratch;   /* one per worker */
  guint64      *row_sums;
} TrustTask;

static double
squared_distance (const double *a,
                  const double *b,
                  gsize         d)
{
  double s = 0.0;

  for (gsize c = 0; c < d; c++)
    s += (a[c] - b[c]) * (a[c] - b[c]);

  return s;
}

static gboolean
closer (double   da,
        guint32  a,
        double   db,
        guint32  b)
{
  return da < db || (da == db && a < b);
}

/* The k nearest rows to i in the embedding, kept sorted by a bounded
 * insertion: most candidates fail the first comparison. */
static void
embedding_neighbors (const TrustTask *t,
                     gsize            i,
                     double          *dist,
                     guint32         *nearest)
{
  guint filled = 0;

  for (gsize l = 0; l < t->n; l++)
    {
      double dl;
      guint pos;

      if (l == i)
        continue;
      dl = squared_distance (t->e + i * t->d_e, t->e + l * t->d_e, t->d_e);
      if (filled == t->k && !closer (dl, (guint32) l, dist[filled - 1], nearest[filled - 1]))
        continue;
      pos = filled < t->k ? filled++ : t->k - 1;
      while (pos > 0 && closer (dl, (guint32) l, dist[pos - 1], nearest[pos - 1]))
        {
          dist[pos] = dist[pos - 1];
          nearest[pos] = nearest[pos - 1];
          pos--;
        }
      dist[pos] = dl;
      nearest[pos] = (guint32) l;
    }
}

static guint64
row_penalty (const TrustTask *t,
             gsize            i,
             struct Scratch  *s)
{
  double *input_dist = s->input_dist, *target = s->target;
  guint32 *nearest = s->nearest;
  guint64 *rank = s->rank;
  guint64 sum = 0;

  embedding_neighbors (t, i, target, nearest);
  for (gsize l = 0; l < t->n; l++)
    input_dist[l] = squared_distance (t->x + i * t->d, t->x + l * t->d, t->d);
  for (guint a = 0; a < t->k; a++)
    {
      target[a] = input_dist[nearest[a]];
      rank[a] = 1;
    }
  for (gsize l = 0; l < t->n; l++)
    {
      if (l == i)
        continue;
      for (guint a = 0; a < t->k; a++)
        rank[a] += closer (input_dist[l], (guint32) l, target[a], nearest[a]);
    }
  for (guint a = 0; a < t->k; a++)
    if (rank[a] > t->k)
      sum += rank[a] - t->k;

  return sum;
}

static void
trust_chunk (gsize    begin,
             gsize    end,
             guint    worker,
             gpointer user_data)
{
  TrustTask *t = user_data;

  for (gsize a = begin; a < end; a++)
    t->row_sums[a] = row_penalty (t, t->rows != NULL ? t->rows[a] : a, &t->scratch[worker]);
}

static gboolean
check_arguments (const double  *x,
                 gsize          d,
                 const double  *embedding,
                 gsize          d_embedding,
                 gsize          n,
                 guint          k,
                 GError       **error)
{
  if (!em_analysis_check_matrix (x, n, d, "Trustworthiness (input)", error) ||
      !em_analysis_check_matrix (embedding, n, d_embedding,
                                 "Trustworthiness (embedding)", error))
    return FALSE;
  /* the normalisation 2n - 3k - 1 needs k < n / 2, as scikit-learn says */
  if (k == 0 || (double) k >= (double) n / 2.0)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_FEW_ROWS,
                   "Trustworthiness: %u neighbours need more than %u rows, got %"
                   G_GSIZE_FORMAT "; k must be at least 1 and below n / 2",
                   k, 2 * k, n);
      return FALSE;
    }

  return TRUE;
}

/* Sum of the penalties of @rows (all rows if NULL), as T's numerator. */
static gboolean
sum_penalties (const double   *x,
               gsize           d,
               const double   *embedding,
               gsize           d_embedding,
               gsize           n,
               guint           k,
               const guint32  *rows,
               gsize           n_rows,
               guint64        *total,
               EmJob          *job,
               GError        **error)
{
  guint n_workers = em_parallel_get_n_workers ();
  g_autofree guint64 *row_sums = g_new (guint64, n_rows);
  g_autofree struct Scratch *scratch = g_new (struct Scratch, n_workers);
  TrustTask task;
  gboolean ok;

  for (guint w = 0; w < n_workers; w++)
    {
      scratch[w].input_dist = g_new (double, n);
      scratch[w].target = g_new (double, k);
      scratch[w].nearest = g_new (guint32, k);
      scratch[w].rank = g_new (guint64, k);
    }
  task = (TrustTask) { x, d, embedding, d_embedding, n, k, rows, scratch, row_sums };
  ok = em_parallel_for (n_rows, ROWS_PER_CHUNK, trust_chunk, &task, job, 0.0, 1.0,
                        "Trustworthiness", error);
  for (guint w = 0; w < n_workers; w++)
    {
      g_free (scratch[w].input_dist);
      g_free (scratch[w].target);
      g_free (scratch[w].nearest);
      g_free (scratch[w].rank);
    }

  *total = 0;
  for (gsize a = 0; ok && a < n_rows; a++)
    *total += row_sums[a];

  return ok;
}

static double
normalise (guint64 total,
           gsize   n,
           guint   k,
           double  row_scale)
{
  return 1.0 - (double) total * row_scale *
    (2.0 / ((double) n * (double) k * (2.0 * (double) n - 3.0 * (double) k - 1.0)));
}

/**
 * em_trustworthiness:
 * @x: (array): n x d input rows
 * @d: input columns
 * @embedding: (array): n x d_embedding embedded rows
 * @d_embedding: embedding columns
 * @n: rows
 * @k: neighbours (scikit-learn's n_neighbors; 1 <= k < n / 2)
 * @result: (out): the trustworthiness, in [0, 1]
 * @job: (nullable): job for progress and cancellation
 * @error: return location for a #GError
 *
 * Computes sklearn.manifold.trustworthiness (Euclidean metric) exactly,
 * in O(n^2 (d + k)) time and O(n) memory per thread.
 *
 * Returns: %TRUE on success
 */
gboolean
em_trustworthiness (const double  *x,
                    gsize          d,
                    const double  *embedding,
                    gsize          d_embedding,
                    gsize          n,
                    guint          k,
                    double        *result,
                    EmJob         *job,
                    GError       **error)
{
  guint64 total = 0;

  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_arguments (x, d, embedding, d_embedding, n, k, error) ||
      !sum_penalties (x, d, embedding, d_embedding, n, k, NULL, n, &total, job, error))
    return FALSE;
  *result = normalise (total, n, k, 1.0);

  return TRUE;
}

/**
 * em_trustworthiness_sampled:
 * @x: (array): n x d input rows
 * @d: input columns
 * @embedding: (array): n x d_embedding embedded rows
 * @d_embedding: embedding columns
 * @n: rows
 * @k: neighbours (1 <= k < n / 2)
 * @n_sample: rows to score (all rows if n_sample >= n)
 * @seed: seed of the #GRand choosing the rows
 * @result: (out): the estimated trustworthiness
 * @job: (nullable): job for progress and cancellation
 * @error: return location for a #GError
 *
 * Estimates em_trustworthiness() from @n_sample rows drawn uniformly
 * without replacement; each sampled row's neighbours and ranks are still
 * taken among all @n rows, so the estimate is unbiased and costs
 * @n_sample / @n of the exact computation.
 *
 * Returns: %TRUE on success
 */
gboolean
em_trustworthiness_sampled (const double  *x,
                            gsize          d,
                            const double  *embedding,
                            gsize          d_embedding,
                            gsize          n,
                            guint          k,
                            gsize          n_sample,
                            guint32        seed,
                            double        *result,
                            EmJob         *job,
                            GError       **error)
{
  g_autoptr(GRand) rand = NULL;
  g_autofree guint32 *order = NULL;
  guint64 total = 0;

  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_sample >= n)
    return em_trustworthiness (x, d, embedding, d_embedding, n, k, result, job, error);
  if (!check_arguments (x, d, embedding, d_embedding, n, k, error))
    return FALSE;
  if (n_sample == 0)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_INVALID_INPUT,
                   "Trustworthiness: a sample of 0 rows was asked for");
      return FALSE;
    }

  /* partial Fisher-Yates: the first n_sample entries are the sample */
  rand = g_rand_new_with_seed (seed);
  order = g_new (guint32, n);
  for (gsize i = 0; i < n; i++)
    order[i] = (guint32) i;
  for (gsize i = 0; i < n_sample; i++)
    {
      gsize j = i + (gsize) g_rand_int_range (rand, 0, (gint32) (n - i));
      guint32 tmp = order[i];

      order[i] = order[j];
      order[j] = tmp;
    }

  if (!sum_penalties (x, d, embedding, d_embedding, n, k, order, n_sample, &total, job, error))
    return FALSE;
  *result = normalise (total, n, k, (double) n / (double) n_sample);

  return TRUE;
}
