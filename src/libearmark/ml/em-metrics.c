/* em-metrics.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Classification metrics exactly as scikit-learn 1.2 computes them in
 * classification_report (precision_recall_fscore_support with
 * zero_division=0, every class listed), the confusion matrix, and the
 * rank-based ROC AUC (Mann-Whitney U with tied scores given their average
 * rank, which equals sklearn's trapezoidal roc_auc_score).
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "em-metrics.h"

static EmMetrics *
metrics_alloc (guint               n_classes,
               const char * const *class_names)
{
  EmMetrics *self = g_new0 (EmMetrics, 1);

  self->n_classes = n_classes;
  self->class_names = g_new0 (char *, n_classes + 1);
  for (guint c = 0; c < n_classes; c++)
    self->class_names[c] = class_names != NULL ? g_strdup (class_names[c])
                                               : g_strdup_printf ("%u", c);
  self->precision = g_new0 (double, n_classes);
  self->recall = g_new0 (double, n_classes);
  self->f1 = g_new0 (double, n_classes);
  self->support = g_new0 (gsize, n_classes);
  self->confusion = g_new0 (gsize, (gsize)n_classes * n_classes);
  self->roc_auc = NAN;

  return self;
}

/**
 * em_metrics_free:
 * @self: (nullable): metrics
 *
 * Frees @self.
 */
void
em_metrics_free (EmMetrics *self)
{
  if (self == NULL)
    return;

  g_strfreev (self->class_names);
  g_free (self->precision);
  g_free (self->recall);
  g_free (self->f1);
  g_free (self->support);
  g_free (self->confusion);
  g_free (self);
}

/* zero_division = 0: an empty denominator gives 0. */
static double
ratio (double num,
       double den)
{
  return den > 0.0 ? num / den : 0.0;
}

/* Sums first, then one division, as numpy's mean and average do. */
static void
compute_averages (EmMetrics *self)
{
  double sp = 0.0, sr = 0.0, sf = 0.0, wp = 0.0, wr = 0.0, wf = 0.0;
  gsize correct = 0;

  for (guint c = 0; c < self->n_classes; c++)
    {
      gsize tp = self->confusion[c * self->n_classes + c];
      gsize predicted = 0;

      for (guint r = 0; r < self->n_classes; r++)
        predicted += self->confusion[r * self->n_classes + c];

      correct += tp;
      self->precision[c] = ratio (tp, predicted);
      self->recall[c] = ratio (tp, self->support[c]);
      self->f1[c] = ratio (2.0 * self->precision[c] * self->recall[c],
                           self->precision[c] + self->recall[c]);

      sp += self->precision[c];
      sr += self->recall[c];
      sf += self->f1[c];
      wp += self->precision[c] * self->support[c];
      wr += self->recall[c] * self->support[c];
      wf += self->f1[c] * self->support[c];
    }

  self->macro_precision = sp / self->n_classes;
  self->macro_recall = sr / self->n_classes;
  self->macro_f1 = sf / self->n_classes;
  self->weighted_precision = ratio (wp, self->n);
  self->weighted_recall = ratio (wr, self->n);
  self->weighted_f1 = ratio (wf, self->n);
  self->accuracy = ratio (correct, self->n);
}

static gboolean
check_labels (const guint8  *y,
              gsize          n,
              guint          n_classes,
              const char    *what,
              GError       **error)
{
  for (gsize i = 0; i < n; i++)
    if (y[i] >= n_classes)
      {
        g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                     "The %s label of row %" G_GSIZE_FORMAT " is %u, not a class "
                     "index below %u", what, i, y[i], n_classes);
        return FALSE;
      }

  return TRUE;
}

/**
 * em_metrics_new:
 * @y_true: (array length=n): true class per row
 * @y_pred: (array length=n): predicted class per row
 * @n: number of rows (at least 1)
 * @n_classes: number of classes (at least 2)
 * @class_names: (nullable) (array length=n_classes): names for the report
 * @error: return location for an error
 *
 * Returns: (transfer full): the metrics, or %NULL with @error set.
 */
EmMetrics *
em_metrics_new (const guint8        *y_true,
                const guint8        *y_pred,
                gsize                n,
                guint                n_classes,
                const char * const  *class_names,
                GError             **error)
{
  EmMetrics *self;

  if (n == 0 || n_classes < 2 || n_classes > 255 || y_true == NULL || y_pred == NULL)
    {
      g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_INVALID_INPUT,
                   "Metrics need at least one row and two classes");
      return NULL;
    }

  if (!check_labels (y_true, n, n_classes, "true", error) ||
      !check_labels (y_pred, n, n_classes, "predicted", error))
    return NULL;

  self = metrics_alloc (n_classes, class_names);
  self->n = n;
  for (gsize i = 0; i < n; i++)
    {
      self->support[y_true[i]]++;
      self->confusion[(gsize)y_true[i] * n_classes + y_pred[i]]++;
    }
  compute_averages (self);

  return self;
}

/**
 * em_metrics_argmax:
 * @proba_row: (array length=n_classes): one row of probabilities
 * @n_classes: number of classes
 *
 * Returns: the most probable class; ties go to the lowest index, as
 *   numpy.argmax (and so sklearn's predict) does.
 */
guint8
em_metrics_argmax (const double *proba_row,
                   guint         n_classes)
{
  guint8 best = 0;

  for (guint c = 1; c < n_classes; c++)
    if (proba_row[c] > proba_row[best])
      best = c;

  return best;
}

/**
 * em_metrics_new_from_proba:
 * @y_true: (array length=n): true class per row
 * @proba: (array): n × n_classes probabilities
 * @n: number of rows
 * @n_classes: number of classes
 * @class_names: (nullable) (array length=n_classes): names for the report
 * @error: return location for an error
 *
 * Metrics of the argmax predictions; for two classes also ROC AUC of
 * P(class 1).
 *
 * Returns: (transfer full): the metrics, or %NULL with @error set.
 */
EmMetrics *
em_metrics_new_from_proba (const guint8        *y_true,
                           const double        *proba,
                           gsize                n,
                           guint                n_classes,
                           const char * const  *class_names,
                           GError             **error)
{
  g_autofree guint8 *pred = g_new (guint8, MAX (n, 1));
  g_autofree double *score = NULL;
  EmMetrics *self;

  for (gsize i = 0; i < n; i++)
    pred[i] = em_metrics_argmax (proba + i * n_classes, n_classes);

  if ((self = em_metrics_new (y_true, pred, n, n_classes, class_names, error)) == NULL)
    return NULL;

  if (n_classes == 2)
    {
      score = g_new (double, n);
      for (gsize i = 0; i < n; i++)
        score[i] = proba[2 * i + 1];
      self->roc_auc = em_metrics_roc_auc (y_true, score, n);
    }

  return self;
}

typedef struct
{
  double score;
  gsize  index;
} Ranked;

static int
compare_ranked (const void *a,
                const void *b)
{
  const Ranked *ra = a, *rb = b;

  if (ra->score != rb->score)
    return ra->score < rb->score ? -1 : 1;
  return ra->index < rb->index ? -1 : ra->index > rb->index;
}

/**
 * em_metrics_roc_auc:
 * @y_true: (array length=n): 1 for positive rows, 0 for negative ones
 * @score: (array length=n): higher = more likely positive
 * @n: number of rows
 *
 * Area under the ROC curve from ranks (ties averaged).
 *
 * Returns: the AUC, or NaN if a class is absent or a score is NaN.
 */
double
em_metrics_roc_auc (const guint8 *y_true,
                    const double *score,
                    gsize         n)
{
  g_autofree Ranked *ranked = g_new (Ranked, MAX (n, 1));
  double n_pos = 0.0, rank_sum = 0.0;

  for (gsize i = 0; i < n; i++)
    {
      if (isnan (score[i]))
        return NAN;
      ranked[i] = (Ranked) { score[i], i };
      n_pos += y_true[i] != 0;
    }

  if (n_pos == 0.0 || n_pos == (double)n)
    return NAN;

  qsort (ranked, n, sizeof (Ranked), compare_ranked);

  for (gsize i = 0; i < n;)
    {
      gsize j = i;
      double mean_rank, pos = 0.0;

      while (j < n && ranked[j].score == ranked[i].score)
        pos += y_true[ranked[j++].index] != 0;
      /* ranks are 1-based: the tie group i..j-1 gets (i+1 + j) / 2 */
      mean_rank = ((double)(i + 1) + (double)j) / 2.0;
      rank_sum += pos * mean_rank;
      i = j;
    }

  return (rank_sum - n_pos * (n_pos + 1.0) / 2.0) / (n_pos * ((double)n - n_pos));
}

static void
append_row (GString    *out,
            int         width,
            const char *name,
            double      p,
            double      r,
            double      f,
            gsize       support,
            guint       digits)
{
  g_string_append_printf (out, "%*s  %9.*f %9.*f %9.*f %9" G_GSIZE_FORMAT "\n",
                          width, name, digits, p, digits, r, digits, f, support);
}

/**
 * em_metrics_format:
 * @self: metrics
 * @digits: decimals (sklearn's default is 2)
 *
 * Formats the table exactly as sklearn's classification_report prints it
 * (same column widths, rounding and blank lines).
 *
 * Returns: (transfer full): the table.
 */
char *
em_metrics_format (const EmMetrics *self,
                   guint            digits)
{
  GString *out = g_string_new (NULL);
  int width = (int)MAX (strlen ("weighted avg"), digits);

  for (guint c = 0; c < self->n_classes; c++)
    width = MAX (width, (int)g_utf8_strlen (self->class_names[c], -1));

  g_string_append_printf (out, "%*s  %9s %9s %9s %9s\n\n", width, "",
                          "precision", "recall", "f1-score", "support");
  for (guint c = 0; c < self->n_classes; c++)
    append_row (out, width, self->class_names[c], self->precision[c],
                self->recall[c], self->f1[c], self->support[c], digits);
  g_string_append_c (out, '\n');
  g_string_append_printf (out, "%*s  %9s %9s %9.*f %9" G_GSIZE_FORMAT "\n",
                          width, "accuracy", "", "", digits, self->accuracy, self->n);
  append_row (out, width, "macro avg", self->macro_precision, self->macro_recall,
              self->macro_f1, self->n, digits);
  append_row (out, width, "weighted avg", self->weighted_precision,
              self->weighted_recall, self->weighted_f1, self->n, digits);

  return g_string_free (out, FALSE);
}

/**
 * em_metrics_format_confusion:
 * @self: metrics
 *
 * Returns: (transfer full): the confusion matrix as a text table, rows =
 *   true class, columns = predicted class.
 */
char *
em_metrics_format_confusion (const EmMetrics *self)
{
  GString *out = g_string_new (NULL);
  int width = 9;

  for (guint c = 0; c < self->n_classes; c++)
    width = MAX (width, (int)strlen (self->class_names[c]));

  g_string_append_printf (out, "%*s", width, "true \\ pred");
  for (guint c = 0; c < self->n_classes; c++)
    g_string_append_printf (out, " %*s", width, self->class_names[c]);
  g_string_append_c (out, '\n');

  for (guint r = 0; r < self->n_classes; r++)
    {
      g_string_append_printf (out, "%*s", width, self->class_names[r]);
      for (guint c = 0; c < self->n_classes; c++)
        g_string_append_printf (out, " %*" G_GSIZE_FORMAT, width,
                                self->confusion[r * self->n_classes + c]);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static void
add_prf (JsonBuilder *b,
         const char  *name,
         double       p,
         double       r,
         double       f,
         gsize        support)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "precision");
  json_builder_add_double_value (b, p);
  json_builder_set_member_name (b, "recall");
  json_builder_add_double_value (b, r);
  json_builder_set_member_name (b, "f1");
  json_builder_add_double_value (b, f);
  json_builder_set_member_name (b, "support");
  json_builder_add_int_value (b, support);
  json_builder_end_object (b);
}

/**
 * em_metrics_to_json:
 * @self: metrics
 *
 * { "n", "accuracy", "classes": { name: { precision, recall, f1, support } },
 *   "macro_avg": {...}, "weighted_avg": {...}, "confusion": [[...]],
 *   "roc_auc": number or null }
 *
 * Returns: (transfer full): a JSON object node.
 */
JsonNode *
em_metrics_to_json (const EmMetrics *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, self->n);
  json_builder_set_member_name (b, "accuracy");
  json_builder_add_double_value (b, self->accuracy);
  json_builder_set_member_name (b, "classes");
  json_builder_begin_object (b);
  for (guint c = 0; c < self->n_classes; c++)
    add_prf (b, self->class_names[c], self->precision[c], self->recall[c],
             self->f1[c], self->support[c]);
  json_builder_end_object (b);
  add_prf (b, "macro_avg", self->macro_precision, self->macro_recall, self->macro_f1, self->n);
  add_prf (b, "weighted_avg", self->weighted_precision, self->weighted_recall,
           self->weighted_f1, self->n);
  json_builder_set_member_name (b, "confusion");
  json_builder_begin_array (b);
  for (guint r = 0; r < self->n_classes; r++)
    {
      json_builder_begin_array (b);
      for (guint c = 0; c < self->n_classes; c++)
        json_builder_add_int_value (b, self->confusion[r * self->n_classes + c]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "roc_auc");
  if (isnan (self->roc_auc))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, self->roc_auc);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}
