/* em-active-learning.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which unlabelled rows to label next: the ones the model is least sure
 * about (uncertainty sampling).  Pure functions over probability matrices.
 *
 * With cluster ids (for example a hierarchical-clustering cut), the batch
 * is spread over clusters, after the cluster-guided "Efficient Label
 * Collection" idea: the rows of each cluster are ranked by uncertainty and
 * the batch takes the most uncertain row of every cluster, then the
 * second, and so on, clusters in the order of their most uncertain row.
 * A batch of 50 then holds 50 different kinds of clips instead of 50
 * near-copies of the same jingle.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "em-active-learning.h"

/**
 * em_uncertainty_to_string:
 * @strategy: an uncertainty measure
 *
 * Returns: "entropy", "margin" or "disagreement" (the CLI's --strategy
 *   values), or %NULL for an unknown value.
 */
const char *
em_uncertainty_to_string (EmUncertainty strategy)
{
  switch (strategy)
    {
    case EM_UNCERTAINTY_ENTROPY:
      return "entropy";
    case EM_UNCERTAINTY_MARGIN:
      return "margin";
    case EM_UNCERTAINTY_DISAGREEMENT:
      return "disagreement";
    default:
      return NULL;
    }
}

/**
 * em_uncertainty_from_string:
 * @str: "entropy", "margin" or "disagreement"
 * @strategy: (out): the measure
 *
 * Returns: %TRUE if @str names a measure.
 */
gboolean
em_uncertainty_from_string (const char    *str,
                            EmUncertainty *strategy)
{
  for (guint s = EM_UNCERTAINTY_ENTROPY; s <= EM_UNCERTAINTY_DISAGREEMENT; s++)
    if (g_strcmp0 (str, em_uncertainty_to_string (s)) == 0)
      {
        *strategy = s;
        return TRUE;
      }

  return FALSE;
}

static double
entropy (const double *p,
         guint         k)
{
  double h = 0.0;

  for (guint c = 0; c < k; c++)
    if (p[c] > 0.0)
      h -= p[c] * log (p[c]);

  return h;
}

static double
margin (const double *p,
        guint         k)
{
  double first = -INFINITY, second = -INFINITY;

  for (guint c = 0; c < k; c++)
    {
      if (p[c] > first)
        {
          second = first;
          first = p[c];
        }
      else if (p[c] > second)
        second = p[c];
    }

  return 1.0 - (first - second);
}

static double
disagreement (const double *a,
              const double *b,
              guint         k)
{
  double sum = 0.0;

  for (guint c = 0; c < k; c++)
    sum += fabs (a[c] - b[c]);

  return sum;
}

/**
 * em_active_learning_score:
 * @proba: (array) (nullable): n × n_classes soft-vote probabilities
 *   (needed by entropy and margin)
 * @proba_rf: (array) (nullable): forest probabilities (disagreement)
 * @proba_gb: (array) (nullable): boosting probabilities (disagreement)
 * @n: number of rows
 * @n_classes: number of classes (≥ 2)
 * @strategy: the uncertainty measure
 * @score: (out caller-allocates) (array length=n): higher = less certain
 * @error: return location for an error
 *
 * Returns: %TRUE on success; %EM_ML_ERROR_INVALID_INPUT if the matrices
 *   the strategy needs are missing or hold NaN.
 */
gboolean
em_active_learning_score (const double   *proba,
                          const double   *proba_rf,
                          const double   *proba_gb,
                          gsize           n,
                          guint           n_classes,
                          EmUncertainty   strategy,
                          double         *score,
                          GError        **error)
{
  gboolean members = strategy == EM_UNCERTAINTY_DISAGREEMENT;

  if (n_classes < 2 || (members ? (proba_rf == NULL || proba_gb == NULL) : proba == NULL) ||
      em_uncertainty_to_string (strategy) == NULL)
    {
      g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                   "Uncertainty \"%s\" needs %s probabilities of at least two classes",
                   em_uncertainty_to_string (strategy) ? em_uncertainty_to_string (strategy) : "?",
                   members ? "both members'" : "the ensemble's");
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    {
      const gsize o = i * n_classes;

      if (strategy == EM_UNCERTAINTY_ENTROPY)
        score[i] = entropy (proba + o, n_classes);
      else if (strategy == EM_UNCERTAINTY_MARGIN)
        score[i] = margin (proba + o, n_classes);
      else
        score[i] = disagreement (proba_rf + o, proba_gb + o, n_classes);

      if (isnan (score[i]))
        {
          g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                       "Row %" G_GSIZE_FORMAT " has NaN probabilities", i);
          return FALSE;
        }
    }

  return TRUE;
}

typedef struct
{
  double score;
  gsize  row;
} Candidate;

/* Most uncertain first; equal scores in row order, so the batch is the
 * same whatever qsort does with ties. */
static int
compare_candidates (const void *a,
                    const void *b)
{
  const Candidate *ca = a, *cb = b;

  if (ca->score != cb->score)
    return ca->score > cb->score ? -1 : 1;
  return ca->row < cb->row ? -1 : ca->row > cb->row;
}

/* Round-robin over clusters, clusters ordered by their best candidate. */
static gsize
spread_over_clusters (const Candidate *sorted,
                      gsize            n_sorted,
                      const gint      *cluster,
                      gsize            batch_size,
                      gsize           *rows,
                      double          *scores)
{
  g_autoptr(GHashTable) index = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  gsize taken = 0;

  for (gsize i = 0; i < n_sorted; i++)
    {
      gint id = cluster[sorted[i].row];
      gpointer slot;
      GArray *group;

      if (!g_hash_table_lookup_extended (index, GINT_TO_POINTER (id), NULL, &slot))
        {
          slot = GUINT_TO_POINTER (groups->len);
          g_hash_table_insert (index, GINT_TO_POINTER (id), slot);
          g_ptr_array_add (groups, g_array_new (FALSE, FALSE, sizeof (gsize)));
        }
      group = g_ptr_array_index (groups, GPOINTER_TO_UINT (slot));
      g_array_append_val (group, i);
    }

  for (guint round = 0; taken < batch_size; round++)
    {
      gboolean any = FALSE;

      for (guint g = 0; g < groups->len && taken < batch_size; g++)
        {
          GArray *group = g_ptr_array_index (groups, g);

          if (round < group->len)
            {
              const Candidate *c = &sorted[g_array_index (group, gsize, round)];

              rows[taken] = c->row;
              if (scores != NULL)
                scores[taken] = c->score;
              taken++;
              any = TRUE;
            }
        }

      if (!any)
        break;
    }

  return taken;
}

/**
 * em_active_learning_select:
 * @proba: (array) (nullable): n × n_classes soft-vote probabilities
 * @proba_rf: (array) (nullable): forest probabilities (disagreement)
 * @proba_gb: (array) (nullable): boosting probabilities (disagreement)
 * @n: number of rows
 * @n_classes: number of classes
 * @labelled: (array length=n) (nullable): non-zero for rows that already
 *   have a label; they are never selected
 * @cluster: (array length=n) (nullable): cluster id per row; when given,
 *   the batch is spread over clusters (any int is an id, −1 included)
 * @strategy: the uncertainty measure
 * @batch_size: rows wanted
 * @rows: (out caller-allocates) (array length=batch_size): selected rows
 * @scores: (out caller-allocates) (array length=batch_size) (nullable):
 *   their uncertainty
 * @error: return location for an error
 *
 * Returns: the number of rows written (fewer than @batch_size when fewer
 *   unlabelled rows exist), or 0 with @error set.
 */
gsize
em_active_learning_select (const double   *proba,
                           const double   *proba_rf,
                           const double   *proba_gb,
                           gsize           n,
                           guint           n_classes,
                           const guint8   *labelled,
                           const gint     *cluster,
                           EmUncertainty   strategy,
                           gsize           batch_size,
                           gsize          *rows,
                           double         *scores,
                           GError        **error)
{
  g_autofree double *score = g_new (double, MAX (n, 1));
  g_autofree Candidate *candidates = g_new (Candidate, MAX (n, 1));
  gsize n_candidates = 0, taken;

  if (!em_active_learning_score (proba, proba_rf, proba_gb, n, n_classes, strategy, score, error))
    return 0;

  for (gsize i = 0; i < n; i++)
    if (labelled == NULL || labelled[i] == 0)
      candidates[n_candidates++] = (Candidate) { score[i], i };

  qsort (candidates, n_candidates, sizeof (Candidate), compare_candidates);

  if (cluster != NULL)
    return spread_over_clusters (candidates, n_candidates, cluster, batch_size, rows, scores);

  taken = MIN (batch_size, n_candidates);
  for (gsize i = 0; i < taken; i++)
    {
      rows[i] = candidates[i].row;
      if (scores != NULL)
        scores[i] = candidates[i].score;
    }

  return taken;
}
