/* em-linkage-nnchain.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "em-analysis-error.h"
#include "em-linkage-private.h"

/* Complete, average and weighted linkage by the nearest-neighbour chain on
 * the condensed distance matrix with Lance-Williams updates, as SciPy's
 * nn_chain: n (n - 1) / 2 doubles of memory. Those three distances depend on
 * every pair of members, so there is no centre to work from. */

typedef struct
{
  EmLinkageCentres *c;
  double           *d;        /* condensed, unsquared */
  double           *size;     /* per leaf index; 0 = merged away */
  gsize             n;
  double           *scratch;  /* n_parts x n */
  /* current scan */
  gsize             x;
  EmLinkageNeighbour best[8];
  EmJob            *job;      /* checked for cancellation by the workers */
} Chain;

static inline gsize
condensed_index (gsize n,
                 gsize i,
                 gsize j)
{
  if (i > j)
    {
      gsize t = i;

      i = j;
      j = t;
    }
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

static void
pdist_part (guint    part,
            guint    n_parts,
            gpointer user_data)
{
  Chain *ch = user_data;
  double *out = ch->scratch + part * ch->n;

  for (gsize i = part; i + 1 < ch->n; i += n_parts)
    {
      double *row = ch->d + condensed_index (ch->n, i, i + 1);

      if ((i & 255) < n_parts && em_job_is_cancelled (ch->job))
        return;

      _em_linkage_centres_dist_range (ch->c, _em_linkage_centres_row (ch->c, i), i + 1, ch->n, NULL, out);
      for (gsize j = i + 1; j < ch->n; j++)
        row[j - i - 1] = sqrt (out[j]);
    }
}

static void
scan_part (guint    part,
           guint    n_parts,
           gpointer user_data)
{
  Chain *ch = user_data;
  gsize begin = ch->n * part / n_parts;
  gsize end = ch->n * (part + 1) / n_parts;
  EmLinkageNeighbour best = { G_MAXDOUBLE, G_MAXUINT32 };

  for (gsize i = begin; i < end; i++)
    {
      double dist;

      if (ch->size[i] == 0 || i == ch->x)
        continue;
      dist = ch->d[condensed_index (ch->n, ch->x, i)];
      if (dist < best.dist)
        {
          best.dist = dist;
          best.slot = i;
        }
    }
  ch->best[part] = best;
}

static EmLinkageNeighbour
nearest (Chain *ch,
         gsize  x)
{
  EmLinkageNeighbour best = { G_MAXDOUBLE, G_MAXUINT32 };
  guint n_parts = _em_linkage_workers_n_parts (ch->c->workers);

  ch->x = x;
  if (ch->n < 4096)
    {
      scan_part (0, 1, ch);
      return ch->best[0];
    }
  _em_linkage_workers_run (ch->c->workers, scan_part, ch);
  for (guint part = 0; part < n_parts; part++)
    {
      if (ch->best[part].dist < best.dist)
        best = ch->best[part];
    }
  return best;
}

static double
lance_williams (EmLinkageMethod method,
                double          d_xi,
                double          d_yi,
                double          size_x,
                double          size_y)
{
  switch (method)
    {
    case EM_LINKAGE_COMPLETE:
      return MAX (d_xi, d_yi);
    case EM_LINKAGE_AVERAGE:
      return (size_x * d_xi + size_y * d_yi) / (size_x + size_y);
    case EM_LINKAGE_WEIGHTED:
      return 0.5 * (d_xi + d_yi);
    case EM_LINKAGE_SINGLE:
    case EM_LINKAGE_WARD:
    case EM_LINKAGE_CENTROID:
    case EM_LINKAGE_MEDIAN:
    default:
      g_assert_not_reached ();
      return 0;
    }
}

/* x merges into y: y's row of distances is updated, x dies. */
static void
merge (Chain           *ch,
       EmLinkageMethod  method,
       gsize            x,
       gsize            y)
{
  double nx = ch->size[x];
  double ny = ch->size[y];

  ch->size[x] = 0;
  ch->size[y] = nx + ny;
  for (gsize i = 0; i < ch->n; i++)
    {
      if (ch->size[i] == 0 || i == y)
        continue;
      ch->d[condensed_index (ch->n, i, y)] =
        lance_williams (method, ch->d[condensed_index (ch->n, i, x)],
                        ch->d[condensed_index (ch->n, i, y)], nx, ny);
    }
}

static gboolean
chain_run (Chain            *ch,
           EmLinkageMethod   method,
           EmJob            *job,
           double           *z,
           GError          **error)
{
  g_autofree guint32 *chain = g_new (guint32, ch->n);
  gsize len = 0;

  for (gsize k = 0; k + 1 < ch->n; k++)
    {
      EmLinkageNeighbour nb;
      gsize x, y;

      if (!_em_linkage_check_job (job, k, ch->n - 1, error))
        return FALSE;
      if (len == 0)
        {
          for (gsize i = 0; i < ch->n && len == 0; i++)
            if (ch->size[i] > 0)
              chain[len++] = i;
        }
      for (;;)
        {
          x = chain[len - 1];
          nb = nearest (ch, x);
          if (len > 1)
            {
              double d_prev = ch->d[condensed_index (ch->n, x, chain[len - 2])];

              /* prefer the previous element on ties, as SciPy */
              if (d_prev <= nb.dist)
                {
                  nb.dist = d_prev;
                  nb.slot = chain[len - 2];
                  break;
                }
            }
          chain[len++] = nb.slot;
        }
      len -= 2;
      y = nb.slot;
      z[k * 4] = MIN (x, y);
      z[k * 4 + 1] = MAX (x, y);
      z[k * 4 + 2] = nb.dist;
      z[k * 4 + 3] = ch->size[x] + ch->size[y];
      merge (ch, method, MIN (x, y), MAX (x, y));
    }
  return TRUE;
}

gboolean
_em_linkage_nnchain (const double     *x,
                     gsize             n_rows,
                     gsize             n_cols,
                     EmLinkageMethod   method,
                     EmJob            *job,
                     double           *z,
                     GError          **error)
{
  g_autoptr(EmLinkageCentres) c = _em_linkage_centres_new (x, n_rows, n_cols, FALSE);
  gsize n_pairs = n_rows * (n_rows - 1) / 2;
  g_autofree double *d = g_try_malloc (n_pairs * sizeof (double));
  g_autofree double *size = g_new (double, n_rows);
  g_autofree double *scratch = g_new (double, n_rows * _em_linkage_centres_n_parts (c));
  Chain ch = { c, d, size, n_rows, scratch, 0, { { 0 } } };

  g_assert (_em_linkage_centres_n_parts (c) <= G_N_ELEMENTS (ch.best));

  if (d == NULL)
    {
      g_set_error (error, EM_ANALYSIS_ERROR, EM_ANALYSIS_ERROR_TOO_LARGE,
                   "Not enough memory for the %.1f GB distance matrix of %s linkage on %" G_GSIZE_FORMAT " rows",
                   n_pairs * 8.0 / 1e9, em_linkage_method_to_string (method), n_rows);
      return FALSE;
    }
  for (gsize i = 0; i < n_rows; i++)
    size[i] = 1;

  ch.job = job;
  em_job_update (job, 0.0, "Computing distances");
  _em_linkage_workers_run (c->workers, pdist_part, &ch);
  if (em_job_is_cancelled (job))
    return _em_linkage_check_job (job, 0, 0, error);

  return chain_run (&ch, method, job, z, error);
}
