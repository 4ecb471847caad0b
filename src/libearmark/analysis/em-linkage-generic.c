/* em-linkage-generic.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "em-linkage-private.h"

/* Centroid and median linkage by Müllner's generic algorithm (2011,
 * "Modern hierarchical, agglomerative clustering algorithms", fig. 3) on
 * cluster centres: every alive cluster x keeps a candidate neighbour among
 * the clusters after it (slot order) and a lower bound of its distance
 * to them, in a priority queue. The candidate at the top is exact unless
 * the neighbour changed or died since (its version moved on), in which case
 * it is searched again. The merges are those
 * of the naive "merge the closest pair" algorithm, in the same order, as in
 * SciPy and fastcluster. Distances are squared distances between centres:
 * the centroid is the size-weighted mean, the median centre the midpoint
 * (WPGMC), which is what the Lance-Williams updates on unsquared distances
 * compute. */

typedef struct
{
  EmLinkageCentres *c;
  double           *mindist;   /* per slot, squared; a lower bound if stale */
  guint32          *nghbr;     /* per slot */
  guint32          *version;   /* per slot: bumped when its centre changes or it dies */
  guint32          *nghbr_version; /* per slot: version of nghbr when it was found */
  /* binary heap of slots by (mindist, slot) */
  guint32          *heap;
  guint32          *heap_pos;  /* per slot; G_MAXUINT32 when not in the heap */
  gsize             heap_len;
  /* the merge being applied */
  guint32           slot_a;
  guint32           slot_b;
  double           *dist;      /* per position, scratch */
  guint32          *changed;   /* n_parts x n: slots whose key decreased */
  gsize            *n_changed; /* per part */
  EmLinkageNeighbour best[8];  /* per part: nearest after slot_b */
  EmJob            *job;       /* checked for cancellation by the workers */
} Generic;

static inline gboolean
heap_less (const Generic *g,
           guint32        s,
           guint32        t)
{
  if (g->mindist[s] != g->mindist[t])
    return g->mindist[s] < g->mindist[t];
  return s < t;
}

static void
heap_place (Generic *g,
            gsize    i,
            guint32  s)
{
  g->heap[i] = s;
  g->heap_pos[s] = i;
}

static void
heap_sift_up (Generic *g,
              gsize    i)
{
  guint32 s = g->heap[i];

  while (i > 0 && heap_less (g, s, g->heap[(i - 1) / 2]))
    {
      heap_place (g, i, g->heap[(i - 1) / 2]);
      i = (i - 1) / 2;
    }
  heap_place (g, i, s);
}

static void
heap_sift_down (Generic *g,
                gsize    i)
{
  guint32 s = g->heap[i];

  for (;;)
    {
      gsize child = 2 * i + 1;

      if (child >= g->heap_len)
        break;
      if (child + 1 < g->heap_len && heap_less (g, g->heap[child + 1], g->heap[child]))
        child++;
      if (!heap_less (g, g->heap[child], s))
        break;
      heap_place (g, i, g->heap[child]);
      i = child;
    }
  heap_place (g, i, s);
}

static void
heap_update (Generic *g,
             guint32  s)
{
  gsize i = g->heap_pos[s];

  heap_sift_up (g, i);
  heap_sift_down (g, g->heap_pos[s]);
}

static void
heap_remove (Generic *g,
             guint32  s)
{
  gsize i = g->heap_pos[s];
  guint32 last = g->heap[--g->heap_len];

  g->heap_pos[s] = G_MAXUINT32;
  if (last == s)
    return;
  heap_place (g, i, last);
  heap_update (g, last);
}

/* Initial candidates: slot x looks among the slots after it. Slots are
 * dealt round-robin to the threads, which balances the shrinking scans. */
static void
init_part (guint    part,
           guint    n_parts,
           gpointer user_data)
{
  Generic *g = user_data;
  gsize n = g->c->n;

  for (gsize x = part; x + 1 < n; x += n_parts)
    {
      EmLinkageNeighbour nb = { G_MAXDOUBLE, G_MAXUINT32 };

      /* this phase takes seconds at 30,000 rows: stay cancellable */
      if ((x & 255) < n_parts && em_job_is_cancelled (g->job))
        return;

      _em_linkage_centres_nearest_range (g->c, x, x + 1, n, FALSE, &nb);
      g->mindist[x] = nb.dist;
      g->nghbr[x] = nb.slot;
      g->nghbr_version[x] = 0;
    }
}

static void
init_candidates (Generic *g)
{
  gsize n = g->c->n;

  _em_linkage_workers_run (g->c->workers, init_part, g);
  g->mindist[n - 1] = G_MAXDOUBLE;
  g->nghbr[n - 1] = G_MAXUINT32;
  for (gsize x = 0; x < n; x++)
    g->heap[x] = x;
  g->heap_len = n;
  for (gsize i = n; i-- > 0;)
    {
      g->heap_pos[g->heap[i]] = i;
    }
  for (gsize i = n / 2; i-- > 0;)
    heap_sift_down (g, i);
}

/* After a and b merged into b: the distance of every other cluster to b
 * changed. Clusters before b may take b as their candidate (those whose
 * candidate was a or b are stale by version); b searches the clusters
 * after it. */
static void
update_part (EmLinkageCentres *c,
             gsize             begin,
             gsize             end,
             guint             part,
             gpointer          user_data)
{
  Generic *g = user_data;
  gsize pb = c->pos[g->slot_b];
  gsize mid = CLAMP (pb, begin, end);
  /* keys change later, one at a time, keeping the heap valid */
  g->n_changed[part] = _em_linkage_centres_closer_range (c, pb, begin, mid, g->mindist, g->dist,
                                                         g->changed + part * c->n);

  g->best[part].dist = G_MAXDOUBLE;
  g->best[part].slot = G_MAXUINT32;
  if (end > pb + 1)
    _em_linkage_centres_nearest_range (c, pb, MAX (begin, pb + 1), end, FALSE, &g->best[part]);
}

static void
update_after_merge (Generic *g)
{
  EmLinkageCentres *c = g->c;
  guint n_parts = _em_linkage_centres_n_parts (c);
  EmLinkageNeighbour best = { G_MAXDOUBLE, G_MAXUINT32 };

  _em_linkage_centres_parallel (c, 0, c->n_pos, update_part, g);
  /* parts cover ascending ranges: keys change in slot order whatever the
   * number of threads */
  for (guint part = 0; part < n_parts; part++)
    {
      for (gsize i = 0; i < g->n_changed[part]; i++)
        {
          guint32 j = g->changed[part * c->n + i];

          g->mindist[j] = g->dist[c->pos[j]];
          g->nghbr[j] = g->slot_b;
          g->nghbr_version[j] = g->version[g->slot_b];
          heap_sift_up (g, g->heap_pos[j]);
        }
      if (g->best[part].dist < best.dist)
        best = g->best[part];
    }
  g->mindist[g->slot_b] = best.dist;
  g->nghbr[g->slot_b] = best.slot;
  if (best.slot != G_MAXUINT32)
    g->nghbr_version[g->slot_b] = g->version[best.slot];
  heap_update (g, g->slot_b);
}

static void
merge_centres (EmLinkageCentres *c,
               EmLinkageMethod   method,
               guint32           slot_a,
               guint32           slot_b)
{
  double *ca = _em_linkage_centres_row (c, c->pos[slot_a]);
  double *cb = _em_linkage_centres_row (c, c->pos[slot_b]);
  double na = c->size[c->pos[slot_a]];
  double nb = c->size[c->pos[slot_b]];

  for (gsize j = 0; j < c->n_cols; j++)
    {
      if (method == EM_LINKAGE_MEDIAN)
        cb[j] = 0.5 * (ca[j] + cb[j]);
      else
        cb[j] = (na * ca[j] + nb * cb[j]) / (na + nb);
    }
  c->size[c->pos[slot_b]] = na + nb;
  _em_linkage_centres_changed (c, slot_b);
  _em_linkage_centres_kill (c, slot_a);
}

/* Pops the closest pair: the top of the queue, once its candidate is exact. */
static guint32
pop_closest (Generic *g)
{
  for (;;)
    {
      guint32 a = g->heap[0];
      EmLinkageNeighbour nb = { G_MAXDOUBLE, G_MAXUINT32 };

      if (g->nghbr[a] != G_MAXUINT32 && g->nghbr_version[a] == g->version[g->nghbr[a]])
        return a;
      _em_linkage_centres_nearest (g->c, g->c->pos[a], g->c->pos[a] + 1, FALSE, &nb);
      g->mindist[a] = nb.dist;
      g->nghbr[a] = nb.slot;
      if (nb.slot != G_MAXUINT32)
        g->nghbr_version[a] = g->version[nb.slot];
      heap_sift_down (g, 0);
    }
}


gboolean
_em_linkage_generic (const double     *x,
                     gsize             n_rows,
                     gsize             n_cols,
                     EmLinkageMethod   method,
                     EmJob            *job,
                     double           *z,
                     GError          **error)
{
  g_autoptr(EmLinkageCentres) c = _em_linkage_centres_new (x, n_rows, n_cols, TRUE);
  g_autofree double *mindist = g_new0 (double, n_rows);
  g_autofree guint32 *nghbr = g_new0 (guint32, n_rows);
  g_autofree guint32 *version = g_new0 (guint32, n_rows);
  g_autofree guint32 *nghbr_version = g_new0 (guint32, n_rows);
  g_autofree guint32 *heap = g_new (guint32, n_rows);
  g_autofree guint32 *heap_pos = g_new (guint32, n_rows);
  g_autofree double *dist = g_new (double, n_rows);
  g_autofree guint32 *changed = g_new (guint32, n_rows * _em_linkage_centres_n_parts (c));
  g_autofree gsize *n_changed = g_new0 (gsize, _em_linkage_centres_n_parts (c));
  Generic g = { c, mindist, nghbr, version, nghbr_version, heap, heap_pos, 0, 0, 0, dist, changed, n_changed, { { 0 } } };

  g_assert (_em_linkage_centres_n_parts (c) <= G_N_ELEMENTS (g.best));

  g.job = job;
  em_job_update (job, 0.0, "Finding nearest neighbours");
  init_candidates (&g);
  if (em_job_is_cancelled (job))
    return _em_linkage_check_job (job, 0, 0, error);

  for (gsize k = 0; k + 1 < n_rows; k++)
    {
      guint32 a, b;
      double *row = z + k * 4;

      if (!_em_linkage_check_job (job, k, n_rows - 1, error))
        return FALSE;

      a = pop_closest (&g);
      b = g.nghbr[a];
      g_assert (b != G_MAXUINT32);
      row[0] = a;
      row[1] = b;
      row[2] = sqrt (g.mindist[a]);
      row[3] = c->size[c->pos[a]] + c->size[c->pos[b]];

      heap_remove (&g, a);
      merge_centres (c, method, a, b);
      version[a]++;
      version[b]++;
      g.slot_a = a;
      g.slot_b = b;
      update_after_merge (&g);
    }
  _em_linkage_centres_slots_to_leaves (c, z, n_rows - 1);
  return TRUE;
}
