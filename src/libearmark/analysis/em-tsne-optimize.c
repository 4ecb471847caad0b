/* em-tsne-optimize.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gradient descent of t-SNE exactly as scikit-learn 1.2 schedules it:
 * the affinities are multiplied by the early exaggeration for the first
 * phase (momentum 0.5), then the descent restarts with fresh updates and
 * gains (momentum 0.8).  Per-coordinate gains grow by 0.2 while the
 * gradient keeps its sign and shrink by 0.8 when it flips (delta-bar-
 * delta), never below min_gain.
 *
 * The gradient of KL(P || Q) with Student-t similarities is
 *   4 sum_j (p_ij - q_ij) (y_i - y_j) / (1 + |y_i - y_j|^2)
 *   = 4 (attr_i - rep_i / Z),
 * split into the sparse attractive sum and the dense repulsion.
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "em-parallel.h"
#include "em-tsne-private.h"

typedef struct
{
  const EmTsneOptions *options;
  double               learning_rate;
  double               exaggeration;
  double               momentum;
  double               z;
  double              *y;
  double              *update;
  double              *gains;
  const double        *attr;
  const double        *rep;
} Step;

static void
step_chunk (gsize    begin,
            gsize    end,
            guint    worker,
            gpointer user_data)
{
  Step *s = user_data;

  for (gsize a = begin * 2; a < end * 2; a++)
    {
      double grad = 4.0 * (s->exaggeration * s->attr[a] - s->rep[a] / s->z);

      if (s->update[a] * grad < 0.0)
        s->gains[a] += 0.2;
      else
        s->gains[a] *= 0.8;
      s->gains[a] = MAX (s->gains[a], s->options->min_gain);
      s->update[a] = s->momentum * s->update[a] - s->learning_rate * s->gains[a] * grad;
      s->y[a] += s->update[a];
    }
}

static double
repulsive (const EmTsneOptions *options,
           EmTsneFft           *fft,
           const double        *y,
           gsize                n,
           double              *rep)
{
  if (options->gradient == EM_TSNE_GRADIENT_EXACT)
    return _em_tsne_exact_repulsive (y, n, rep);

  return _em_tsne_fft_repulsive (fft, y, rep);
}

static void
restart_descent (Step  *s,
                 gsize  n)
{
  memset (s->update, 0, 2 * n * sizeof (double));
  for (gsize a = 0; a < 2 * n; a++)
    s->gains[a] = 1.0;
}

static void
report_progress (EmJob *job,
                 guint  it,
                 guint  n_iter)
{
  char message[64];

  if (job == NULL)
    return;
  g_snprintf (message, sizeof message, "t-SNE: iteration %u of %u", it + 1, n_iter);
  em_job_update (job, (double) (it + 1) / (double) n_iter, message);
}

/**
 * _em_tsne_optimize:
 * @p: joint affinities
 * @options: schedule and step parameters (learning_rate > 0)
 * @y: (inout): n x 2 embedding, starting point on entry
 * @kl_divergence: (out) (optional): KL(P || Q) at the end
 * @job: (nullable): job for progress (per iteration) and cancellation
 * @error: return location for a #GError
 *
 * Returns: %FALSE with %G_IO_ERROR_CANCELLED if @job was cancelled
 */
gboolean
_em_tsne_optimize (const EmTsneAffinities *p,
                   const EmTsneOptions    *options,
                   double                 *y,
                   double                 *kl_divergence,
                   EmJob                  *job,
                   GError                **error)
{
  gsize n = p->n;
  g_autofree double *update = g_new (double, 2 * n);
  g_autofree double *gains = g_new (double, 2 * n);
  g_autofree double *attr = g_new (double, 2 * n);
  g_autofree double *rep = g_new (double, 2 * n);
  g_autoptr(EmTsneFft) fft = _em_tsne_fft_new (n);
  Step s = { options, options->learning_rate, 1.0, 0.0, 0.0, y, update, gains, attr, rep };

  restart_descent (&s, n);
  for (guint it = 0; it < options->n_iter; it++)
    {
      gboolean early = it < options->n_exaggeration_iter;

      if (em_job_is_cancelled (job))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       "t-SNE: cancelled at iteration %u of %u", it, options->n_iter);
          return FALSE;
        }
      if (it == options->n_exaggeration_iter)
        restart_descent (&s, n);
      s.exaggeration = early ? options->early_exaggeration : 1.0;
      s.momentum = early ? options->momentum_early : options->momentum_late;

      s.z = repulsive (options, fft, y, n, rep);
      _em_tsne_attractive (p, y, attr);
      em_parallel_for (n, _em_tsne_point_chunk (n, 4096), step_chunk, &s, NULL, 0.0, 0.0, NULL, NULL);
      report_progress (job, it, options->n_iter);
    }

  if (kl_divergence != NULL)
    *kl_divergence = _em_tsne_kl_divergence (p, y, repulsive (options, fft, y, n, rep));

  return TRUE;
}
