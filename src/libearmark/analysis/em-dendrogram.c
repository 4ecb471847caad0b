/* em-dendrogram.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "em-analysis-error.h"
#include "em-dendrogram.h"
#include "em-linkage.h"

/* Leaf order and drawing coordinates of a dendrogram, computed with an
 * explicit stack: a chained tree of 30,000 leaves is 30,000 levels deep,
 * too deep for recursion on a thread's stack. */

typedef struct
{
  gint32  node;
  gboolean children_done;
} Visit;

typedef void (*LeafFunc) (gint32   node,
                          gpointer user_data);
typedef void (*LinkFunc) (gint32   node,
                          gpointer user_data);

/* Post-order walk, left child (z[i,0]) first, as SciPy's dendrogram and
 * leaves_list. Nodes below `shown_below` are drawn as leaves. */
static void
walk (const double *z,
      gsize         n,
      gint32        shown_below,
      LeafFunc      leaf_func,
      LinkFunc      link_func,
      gpointer      user_data)
{
  g_autofree Visit *stack = g_new (Visit, 2 * n);
  gsize len = 0;

  stack[len].node = 2 * n - 2;
  stack[len].children_done = FALSE;
  len++;
  while (len > 0)
    {
      Visit v = stack[--len];
      gsize row;

      if (v.node < shown_below)
        {
          leaf_func (v.node, user_data);
          continue;
        }
      if (v.children_done)
        {
          link_func (v.node, user_data);
          continue;
        }
      row = v.node - n;
      stack[len].node = v.node;
      stack[len].children_done = TRUE;
      len++;
      stack[len].node = (gint32) z[row * 4 + 1];
      stack[len].children_done = FALSE;
      len++;
      stack[len].node = (gint32) z[row * 4];
      stack[len].children_done = FALSE;
      len++;
    }
}

typedef struct
{
  gint32 *order;
  gsize   len;
} LeavesList;

static void
append_leaf (gint32   node,
             gpointer user_data)
{
  LeavesList *list = user_data;

  list->order[list->len++] = node;
}

static void
ignore_link (gint32   node,
             gpointer user_data)
{
}

/**
 * em_dendrogram_leaves_list:
 * @z: (array): (@n_leaves - 1) x 4 linkage matrix
 * @n_leaves: number of observations
 * @order: (out caller-allocates) (array): @n_leaves observation ids
 * @error: return location for an error
 *
 * The observations from left to right in the dendrogram, as SciPy's
 * `leaves_list (Z)`: the first child of every merge (z[i,0]) on the left.
 *
 * Returns: %TRUE on success, %FALSE with %EM_ANALYSIS_ERROR for an invalid @z
 */
gboolean
em_dendrogram_leaves_list (const double  *z,
                           gsize          n_leaves,
                           gint32        *order,
                           GError       **error)
{
  LeavesList list = { order, 0 };

  g_return_val_if_fail (order != NULL, FALSE);

  if (!em_linkage_validate (z, n_leaves, error))
    return FALSE;
  walk (z, n_leaves, n_leaves, append_leaf, ignore_link, &list);
  g_assert (list.len == n_leaves);
  return TRUE;
}

typedef struct
{
  const double *z;
  EmDendrogram *self;
  double       *x;        /* per node */
  double       *h;        /* per node: height of its drawn top */
} Layout;

static void
place_leaf (gint32   node,
            gpointer user_data)
{
  Layout *layout = user_data;
  EmDendrogram *self = layout->self;
  gsize k = self->n_shown++;
  gsize n = self->n_leaves;

  self->shown_nodes[k] = node;
  self->shown_counts[k] = node < (gint32) n ? 1 : (guint32) layout->z[(node - n) * 4 + 3];
  layout->x[node] = 10.0 * k + 5.0;
  layout->h[node] = 0.0;
}

static void
place_link (gint32   node,
            gpointer user_data)
{
  Layout *layout = user_data;
  EmDendrogram *self = layout->self;
  gsize row = node - self->n_leaves;
  gint32 left = (gint32) layout->z[row * 4];
  gint32 right = (gint32) layout->z[row * 4 + 1];
  double height = layout->z[row * 4 + 2];
  gsize k = self->n_links++;
  double *ic = self->icoord + 4 * k;
  double *dc = self->dcoord + 4 * k;

  self->link_nodes[k] = node;
  ic[0] = ic[1] = layout->x[left];
  ic[2] = ic[3] = layout->x[right];
  dc[0] = layout->h[left];
  dc[1] = dc[2] = height;
  dc[3] = layout->h[right];
  layout->x[node] = 0.5 * (layout->x[left] + layout->x[right]);
  layout->h[node] = height;
}

/**
 * em_dendrogram_new:
 * @z: (array): (@n_leaves - 1) x 4 linkage matrix
 * @n_leaves: number of observations
 * @p: show only the last @p merged clusters as leaves (0 or >= @n_leaves:
 *   every observation), like `truncate_mode='lastp'`
 * @error: return location for an error
 *
 * Lays out a dendrogram for drawing.
 *
 * Returns: (transfer full): the layout, or %NULL with %EM_ANALYSIS_ERROR
 *   for an invalid @z
 */
EmDendrogram *
em_dendrogram_new (const double  *z,
                   gsize          n_leaves,
                   gsize          p,
                   GError       **error)
{
  g_autoptr(EmDendrogram) self = NULL;
  g_autofree double *x = NULL;
  g_autofree double *h = NULL;
  Layout layout;

  if (!em_linkage_validate (z, n_leaves, error))
    return NULL;
  if (p == 0 || p > n_leaves)
    p = n_leaves;

  self = g_new0 (EmDendrogram, 1);
  self->n_leaves = n_leaves;
  self->shown_nodes = g_new (gint32, p);
  self->shown_counts = g_new (guint32, p);
  self->link_nodes = g_new (gint32, p - 1);
  self->icoord = g_new (double, 4 * (p - 1));
  self->dcoord = g_new (double, 4 * (p - 1));
  x = g_new (double, 2 * n_leaves - 1);
  h = g_new (double, 2 * n_leaves - 1);
  layout = (Layout) { z, self, x, h };

  /* nodes made by the last p - 1 merges are drawn, the others are leaves */
  walk (z, n_leaves, (gint32) (2 * n_leaves - p), place_leaf, place_link, &layout);
  g_assert (self->n_shown == p && self->n_links == p - 1);
  return g_steal_pointer (&self);
}

void
em_dendrogram_free (EmDendrogram *self)
{
  if (self == NULL)
    return;

  g_free (self->shown_nodes);
  g_free (self->shown_counts);
  g_free (self->link_nodes);
  g_free (self->icoord);
  g_free (self->dcoord);
  g_free (self);
}
