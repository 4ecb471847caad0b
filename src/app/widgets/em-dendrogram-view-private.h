/* em-dendrogram-view-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by em-dendrogram-view.c (state, cut, flat clusters),
 * em-dendrogram-view-draw.c (branches, hit-testing) and
 * em-dendrogram-view-input.c (drag, keys, clicks).
 */

#pragma once

#include "em-dendrogram.h"
#include "em-dendrogram-view.h"
#include "em-plot-axis.h"

G_BEGIN_DECLS

#define AXIS_WIDTH 56.0
#define MARGIN_TOP 10.0
#define MARGIN_RIGHT 12.0
#define MARGIN_BOTTOM 6.0
/* The height axis goes this much above the root. */
#define TOP_HEADROOM 1.05
/* The cut line can be grabbed this far above or below it. */
#define CUT_GRAB_PX 5.0
/* Branches are hit this far from their lines. */
#define BRANCH_HIT_PX 4.0

/* What a point of the widget is on: the bar of a drawn link (the merge
 * itself), or the leg from that bar down to one of its children (the
 * child's branch). */
typedef enum
{
  HIT_BAR,
  HIT_LEFT_LEG,
  HIT_RIGHT_LEG,
  HIT_ROOT_STEM,
} EmHitPart;

typedef struct
{
  int       link;   /* index in the layout */
  EmHitPart part;
  guint     node;   /* the branch's node: the link's or a child's */
} EmDendrogramHit;

typedef enum
{
  LEAF_LABELS_NONE,
  LEAF_LABELS_HORIZONTAL,
  LEAF_LABELS_VERTICAL,
} EmLeafLabels;

struct _EmDendrogramView
{
  GtkWidget      parent_instance;

  /* The tree: n observations, Z copied. */
  gsize          n;
  double        *z;
  double        *md;          /* per row: largest height in its subtree */
  double        *sorted_md;   /* md ascending, for counting clusters */
  gint32        *rep;         /* per node: its leftmost observation */
  EmDendrogram  *layout;      /* drawn leaves and links (libearmark) */
  gint32        *link_of;     /* node - first drawn link node → link index */
  double        *lo;          /* per drawn link: x extent of its subtree */
  double        *hi;
  double         top;         /* height at the top of the plot */

  /* The cut and the flat clusters it makes. */
  double         cut;
  guint          n_clusters;
  gint32        *labels;      /* fcluster's, 1-based */
  guint         *assignments; /* the same from 0 */
  gboolean       assignments_valid;

  /* Input. */
  double         drag_start_y;
  gboolean       hovering;
  EmDendrogramHit hover;      /* branch under the pointer */
  int            label_width; /* widest leaf count, "(n)" */
  int            label_height;

  /* What the cached tree node was drawn for. */
  GskRenderNode *cache;
  int            cache_width;
  int            cache_height;
  guint          cache_n_clusters;
  EmPlotStyle    cache_style;
};

gsize    _em_dendrogram_view_count_at_or_below (EmDendrogramView *self,
                                               double            t);
gsize    _em_dendrogram_view_count_below       (EmDendrogramView      *self,
                                                double                 t);
void     _em_dendrogram_view_apply_cut         (EmDendrogramView      *self,
                                                double                 height);
void     _em_dendrogram_view_activate_branch   (EmDendrogramView      *self,
                                                guint                  node);
void     _em_dendrogram_view_add_controllers   (EmDendrogramView      *self);
int      _em_dendrogram_view_link_of           (EmDendrogramView      *self,
                                                gsize                  node);
void     _em_dendrogram_view_get_plot          (EmDendrogramView      *self,
                                                graphene_rect_t       *plot,
                                                EmLeafLabels          *labels);
double   _em_dendrogram_view_x_for             (const graphene_rect_t *plot,
                                                EmDendrogramView      *self,
                                                double                 icoord);
double   _em_dendrogram_view_y_for             (const graphene_rect_t *plot,
                                                EmDendrogramView      *self,
                                                double                 height);
void     _em_dendrogram_view_node_color        (EmDendrogramView      *self,
                                                const EmPlotStyle     *style,
                                                gsize                  node,
                                                GdkRGBA               *color);
void     _em_dendrogram_view_append_branches   (EmDendrogramView      *self,
                                                GtkSnapshot           *snapshot,
                                                const EmPlotStyle     *style,
                                                const graphene_rect_t *plot);
void     _em_dendrogram_view_append_leaf_labels (EmDendrogramView     *self,
                                                 GtkSnapshot          *snapshot,
                                                 const EmPlotStyle    *style,
                                                 const graphene_rect_t *plot,
                                                 EmLeafLabels          labels);
void     _em_dendrogram_view_append_hover      (EmDendrogramView      *self,
                                                GtkSnapshot           *snapshot,
                                                const EmPlotStyle     *style);
gboolean _em_dendrogram_view_hit              (EmDendrogramView      *self,
                                                double                 x,
                                                double                 y,
                                                EmDendrogramHit       *hit);
gboolean _em_dendrogram_view_query_tooltip_cb  (GtkWidget             *widget,
                                                int                    x,
                                                int                    y,
                                                gboolean               keyboard,
                                                GtkTooltip            *tooltip,
                                                gpointer               user_data);

G_END_DECLS
