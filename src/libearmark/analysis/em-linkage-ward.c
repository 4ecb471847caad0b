/* em-linkage-ward.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "em-linkage-private.h"

/* Ward's method by the nearest-neighbour chain on cluster centres and
 * sizes: O(n) memory, every distance computed when needed. In SciPy's
 * scale (Lance-Williams on unsquared distances) the Ward distance of A and
 * B is sqrt (2 |A| |B| / (|A| + |B|)) ||cA - cB||, which is the Euclidean
 * distance for two observations. Ward is reducible, so the chain finds the
 * same merges as the greedy algorithm; rows are sorted by height later. */

static guint32
first_alive_slot (const EmLinkageCentres *c)
{
  for (gsize p = 0; p < c->n_pos; p++)
    {
      if (c->size[p] > 0)
        return c->slot[p];
    }
  g_assert_not_reached ();
  return 0;
}

static double
ward_sqdist (const EmLinkageCentres *c,
             guint32                 slot_a,
             guint32                 slot_b)
{
  EmLinkageNeighbour out = { G_MAXDOUBLE, G_MAXUINT32 };
  gsize pb = c->pos[slot_b];

  _em_linkage_centres_nearest_range (c, c->pos[slot_a], pb, pb + 1, TRUE, &out);
  return out.dist;
}

/* Merges cluster a into cluster b (b keeps its slot, a dies). */
static void
merge (EmLinkageCentres *c,
       guint32           slot_a,
       guint32           slot_b,
       double            sqdist,
       double           *row)
{
  double *ca = _em_linkage_centres_row (c, c->pos[slot_a]);
  double *cb = _em_linkage_centres_row (c, c->pos[slot_b]);
  double na = c->size[c->pos[slot_a]];
  double nb = c->size[c->pos[slot_b]];
  double n_ab = na + nb;

  for (gsize j = 0; j < c->n_cols; j++)
    cb[j] = (na * ca[j] + nb * cb[j]) / n_ab;
  c->size[c->pos[slot_b]] = n_ab;
  _em_linkage_centres_changed (c, slot_b);

  row[0] = slot_a;
  row[1] = slot_b;
  row[2] = sqrt (sqdist);
  row[3] = n_ab;

  _em_linkage_centres_kill (c, slot_a);
}

gboolean
_em_linkage_ward (const double  *x,
                  gsize          n_rows,
                  gsize          n_cols,
                  EmJob         *job,
                  double        *z,
                  GError       **error)
{
  g_autoptr(EmLinkageCentres) c = _em_linkage_centres_new (x, n_rows, n_cols, TRUE);
  g_autofree guint32 *chain = g_new (guint32, n_rows);
  gsize len = 0;

  for (gsize k = 0; k + 1 < n_rows; k++)
    {
      EmLinkageNeighbour nb;

      if (!_em_linkage_check_job (job, k, n_rows - 1, error))
        return FALSE;

      if (len == 0)
        chain[len++] = first_alive_slot (c);

      for (;;)
        {
          guint32 a = chain[len - 1];

          /* the previous element is a candidate already: it bounds the scan */
          nb.dist = len > 1 ? ward_sqdist (c, a, chain[len - 2]) : G_MAXDOUBLE;
          nb.slot = len > 1 ? chain[len - 2] : G_MAXUINT32;
          _em_linkage_centres_nearest (c, c->pos[a], 0, TRUE, &nb);
          if (len > 1 && nb.slot == chain[len - 2])
            break;
          g_assert (nb.slot != G_MAXUINT32);
          chain[len++] = nb.slot;
        }

      merge (c, MIN (chain[len - 1], chain[len - 2]), MAX (chain[len - 1], chain[len - 2]),
             nb.dist, z + k * 4);
      len -= 2;
    }
  _em_linkage_centres_slots_to_leaves (c, z, n_rows - 1);
  return TRUE;
}
