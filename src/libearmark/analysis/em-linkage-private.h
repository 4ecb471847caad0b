/* em-linkage-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "em-linkage.h"
#include "em-linkage-workers.h"

G_BEGIN_DECLS

/* The algorithms write their merges into the linkage matrix z as
 * (leaf of cluster a, leaf of cluster b, height, size): any leaf that belongs
 * to each cluster identifies it. em-linkage.c then sorts (if asked) and turns
 * these into SciPy's cluster ids with a union-find, exactly like SciPy's
 * `label()`. */

/* Cluster centres in a padded, aligned array kept in slot order (dead
 * clusters are squeezed out now and then, order preserved), plus a team of
 * worker threads for the nearest-neighbour scans (em-linkage-centres.c). */
typedef struct _EmLinkageCentres EmLinkageCentres;

typedef void (*EmLinkageRangeFunc) (EmLinkageCentres *centres,
                                    gsize             begin,
                                    gsize             end,
                                    guint             part,
                                    gpointer          user_data);

struct _EmLinkageCentres
{
  gsize              n;          /* leaves = slots */
  gsize              n_cols;
  gsize              stride;     /* n_cols rounded up to a multiple of 4 */
  gsize              n_pos;      /* used positions (alive or dead) */
  gsize              n_alive;
  double            *centre;     /* n_pos x stride, slot order */
  double            *head;       /* n_pos x EM_LINKAGE_HEAD: first values of each centre */
  float             *fhead;      /* n_pos x EM_LINKAGE_FHEAD: the same in single precision */
  double             fhead_scale; /* see float_can_skip () */
  double             fhead_slack;
  double            *size;       /* per position; 0 = dead */
  guint32           *slot;       /* per position: the cluster's slot (a leaf id) */
  guint32           *pos;        /* per slot: its position */
  guint32           *leaf;       /* per slot: the input row it started as */
  double            *ball;       /* per block of positions: centre (stride) */
  double            *radius;     /* per block: ball radius */
  double            *lo;         /* per block: bounding box (stride) */
  double            *hi;
  double            *min_size;   /* per block: smallest alive size, G_MAXDOUBLE if none */
  EmLinkageWorkers  *workers;
  guint              serial_left;     /* scans to run on one thread */
  guint              serial_backoff;
};

/* Nearest neighbour by (weighted) squared distance, ties to the lower slot. */
typedef struct
{
  double  dist;   /* G_MAXDOUBLE if none */
  guint32 slot;   /* G_MAXUINT32 if none */
} EmLinkageNeighbour;

#define EM_LINKAGE_BLOCK 32
#define EM_LINKAGE_HEAD 8
#define EM_LINKAGE_FHEAD 32

void                _em_linkage_spatial_order      (const double       *x,
                                                    gsize               n_rows,
                                                    gsize               n_cols,
                                                    guint32            *order);
EmLinkageCentres   *_em_linkage_centres_new        (const double       *x,
                                                    gsize               n_rows,
                                                    gsize               n_cols,
                                                    gboolean            spatial_order);
void                _em_linkage_centres_changed    (EmLinkageCentres   *self,
                                                    guint32             slot);
void                _em_linkage_centres_slots_to_leaves (const EmLinkageCentres *self,
                                                    double             *z,
                                                    gsize               n_rows);
void                _em_linkage_centres_free       (EmLinkageCentres   *self);
void                _em_linkage_centres_kill       (EmLinkageCentres   *self,
                                                    guint32             slot);
guint               _em_linkage_centres_n_parts    (EmLinkageCentres   *self);
void                _em_linkage_centres_parallel   (EmLinkageCentres   *self,
                                                    gsize               begin,
                                                    gsize               end,
                                                    EmLinkageRangeFunc  func,
                                                    gpointer            user_data);
void                _em_linkage_centres_nearest    (EmLinkageCentres   *self,
                                                    gsize               pos_a,
                                                    gsize               begin,
                                                    gboolean            ward,
                                                    EmLinkageNeighbour *seed);
void                _em_linkage_centres_nearest_range (const EmLinkageCentres *self,
                                                    gsize               pos_a,
                                                    gsize               begin,
                                                    gsize               end,
                                                    gboolean            ward,
                                                    EmLinkageNeighbour *out);
gsize               _em_linkage_centres_closer_range (const EmLinkageCentres *self,
                                                    gsize               pos_a,
                                                    gsize               begin,
                                                    gsize               end,
                                                    const double       *limit_by_slot,
                                                    double             *dist,
                                                    guint32            *hits);
void                _em_linkage_centres_dist_range (const EmLinkageCentres *self,
                                                    const double       *a,
                                                    gsize               begin,
                                                    gsize               end,
                                                    const double       *limit_by_slot,
                                                    double             *out);

static inline double *
_em_linkage_centres_row (const EmLinkageCentres *self,
                         gsize                   pos)
{
  return self->centre + pos * self->stride;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmLinkageCentres, _em_linkage_centres_free)

gboolean _em_linkage_mst      (const double     *x,
                               gsize             n_rows,
                               gsize             n_cols,
                               EmJob            *job,
                               double           *z,
                               GError          **error);
gboolean _em_linkage_nnchain  (const double     *x,
                               gsize             n_rows,
                               gsize             n_cols,
                               EmLinkageMethod   method,
                               EmJob            *job,
                               double           *z,
                               GError          **error);
gboolean _em_linkage_ward     (const double     *x,
                               gsize             n_rows,
                               gsize             n_cols,
                               EmJob            *job,
                               double           *z,
                               GError          **error);
gboolean _em_linkage_generic  (const double     *x,
                               gsize             n_rows,
                               gsize             n_cols,
                               EmLinkageMethod   method,
                               EmJob            *job,
                               double           *z,
                               GError          **error);

/* Shared by the algorithms: progress and cancellation every few merges. */
gboolean _em_linkage_check_job (EmJob   *job,
                                gsize    done,
                                gsize    total,
                                GError **error);

G_END_DECLS
