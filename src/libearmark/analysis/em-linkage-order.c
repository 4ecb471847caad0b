/* em-linkage-order.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "em-linkage-private.h"

/* A spatially coherent order of the rows, so that runs of consecutive rows
 * are small balls and a nearest-neighbour scan can skip whole runs: split
 * each range at the median of its projection on the line through two far
 * apart points (as a ball tree is built), down to blocks of
 * EM_LINKAGE_BLOCK rows; splits fall on block boundaries so that every
 * block is one leaf of the tree. O(n d log n), deterministic. */


typedef struct
{
  double  key;
  guint32 row;
} Keyed;

static int
compare_keyed (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const Keyed *ka = a;
  const Keyed *kb = b;

  if (ka->key != kb->key)
    return ka->key < kb->key ? -1 : 1;
  return ka->row < kb->row ? -1 : ka->row > kb->row ? 1 : 0;
}

static double
sqdist (const double *a,
        const double *b,
        gsize         d)
{
  double s = 0;

  for (gsize j = 0; j < d; j++)
    s += (a[j] - b[j]) * (a[j] - b[j]);
  return s;
}

static guint32
farthest (const double  *x,
          gsize          d,
          const guint32 *rows,
          gsize          len,
          guint32        from)
{
  guint32 best = rows[0];
  double best_d = -1;

  for (gsize i = 0; i < len; i++)
    {
      double s = sqdist (x + (gsize) rows[i] * d, x + (gsize) from * d, d);

      if (s > best_d)
        {
          best_d = s;
          best = rows[i];
        }
    }
  return best;
}

static void
split_range (const double *x,
             gsize         d,
             guint32      *rows,
             gsize         len,
             Keyed        *scratch)
{
  guint32 p1 = farthest (x, d, rows, len, rows[0]);
  guint32 p2 = farthest (x, d, rows, len, p1);
  const double *a = x + (gsize) p1 * d;
  const double *b = x + (gsize) p2 * d;

  for (gsize i = 0; i < len; i++)
    {
      const double *r = x + (gsize) rows[i] * d;
      double key = 0;

      for (gsize j = 0; j < d; j++)
        key += (r[j] - a[j]) * (b[j] - a[j]);
      scratch[i].key = key;
      scratch[i].row = rows[i];
    }
  g_qsort_with_data (scratch, len, sizeof (Keyed), compare_keyed, NULL);
  for (gsize i = 0; i < len; i++)
    rows[i] = scratch[i].row;
}

void
_em_linkage_spatial_order (const double *x,
                           gsize         n_rows,
                           gsize         n_cols,
                           guint32      *order)
{
  g_autofree Keyed *scratch = g_new (Keyed, n_rows);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize range[2] = { 0, n_rows };

  for (gsize i = 0; i < n_rows; i++)
    order[i] = i;

  g_array_append_vals (stack, range, 2);
  while (stack->len > 0)
    {
      gsize begin = g_array_index (stack, gsize, stack->len - 2);
      gsize end = g_array_index (stack, gsize, stack->len - 1);
      gsize half = ((end - begin) / 2 + EM_LINKAGE_BLOCK - 1) / EM_LINKAGE_BLOCK * EM_LINKAGE_BLOCK;
      gsize mid = begin + half;

      g_array_set_size (stack, stack->len - 2);
      if (end - begin <= EM_LINKAGE_BLOCK)
        continue;
      split_range (x, n_cols, order + begin, end - begin, scratch);
      range[0] = begin;
      range[1] = mid;
      g_array_append_vals (stack, range, 2);
      range[0] = mid;
      range[1] = end;
      g_array_append_vals (stack, range, 2);
    }
}
