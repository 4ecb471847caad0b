/* em-linkage-mst.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "em-linkage-private.h"

/* Single linkage as a minimum spanning tree, by Prim's algorithm on the
 * data (SciPy's mst_single_linkage, without the distance matrix): O(n^2)
 * time, O(n) memory. Each step adds the closest outside point to the tree;
 * sorting the edges by length and labelling them gives the dendrogram.
 * Distances are kept squared: the order is the same. */

typedef struct
{
  double             *dmin;      /* per leaf: squared distance to the tree */
  double             *dist;      /* scratch */
  gsize               current;   /* leaf added last */
  EmLinkageNeighbour  best[8];
} Prim;

static void
relax_part (EmLinkageCentres *c,
            gsize             begin,
            gsize             end,
            guint             part,
            gpointer          user_data)
{
  Prim *prim = user_data;
  EmLinkageNeighbour best = { G_MAXDOUBLE, G_MAXUINT32 };

  /* the tree's points are dead in c; positions never move here (no
   * compaction, since leaves are only marked), so position = leaf */
  _em_linkage_centres_dist_range (c, _em_linkage_centres_row (c, prim->current),
                                  begin, end, prim->dmin, prim->dist);
  for (gsize p = begin; p < end; p++)
    {
      if (c->size[p] == 0)
        continue;
      if (prim->dist[p] < prim->dmin[p])
        prim->dmin[p] = prim->dist[p];
      if (prim->dmin[p] < best.dist)
        {
          best.dist = prim->dmin[p];
          best.slot = p;
        }
    }
  prim->best[part] = best;
}

gboolean
_em_linkage_mst (const double  *x,
                 gsize          n_rows,
                 gsize          n_cols,
                 EmJob         *job,
                 double        *z,
                 GError       **error)
{
  g_autoptr(EmLinkageCentres) c = _em_linkage_centres_new (x, n_rows, n_cols, TRUE);
  g_autofree double *dmin = g_new (double, n_rows);
  g_autofree double *dist = g_new (double, n_rows);
  guint n_parts = _em_linkage_centres_n_parts (c);
  Prim prim = { dmin, dist, 0, { { 0 } } };

  g_assert (n_parts <= G_N_ELEMENTS (prim.best));

  for (gsize i = 0; i < n_rows; i++)
    dmin[i] = G_MAXDOUBLE;

  for (gsize k = 0; k + 1 < n_rows; k++)
    {
      EmLinkageNeighbour best = { G_MAXDOUBLE, G_MAXUINT32 };

      if (!_em_linkage_check_job (job, k, n_rows - 1, error))
        return FALSE;

      /* mark as in the tree without compaction, so that position = leaf */
      c->size[prim.current] = 0;
      _em_linkage_centres_parallel (c, 0, n_rows, relax_part, &prim);
      for (guint part = 0; part < n_parts; part++)
        {
          if (prim.best[part].dist < best.dist)
            best = prim.best[part];
        }
      g_assert (best.slot != G_MAXUINT32);

      z[k * 4] = prim.current;
      z[k * 4 + 1] = best.slot;
      z[k * 4 + 2] = sqrt (best.dist);
      z[k * 4 + 3] = 0;
      prim.current = best.slot;
    }
  _em_linkage_centres_slots_to_leaves (c, z, n_rows - 1);
  return TRUE;
}
