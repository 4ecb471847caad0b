/* em-explore-page-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by em-explore-page.c (loading, map, clustering) and
 * em-explore-actions.c (what a person does with a selection).
 */

#pragma once

#include "widgets/em-dendrogram-view.h"
#include "em-explore-page.h"
#include "em-explorer.h"
#include "widgets/em-kdistance-plot.h"
#include "widgets/em-scatter-plot.h"
#include "widgets/em-variance-plot.h"

G_BEGIN_DECLS

typedef enum
{
  EM_EXPLORE_METHOD_KMEANS,
  EM_EXPLORE_METHOD_DBSCAN,
  EM_EXPLORE_METHOD_HIERARCHICAL,
} EmExploreMethod;

typedef enum
{
  EM_EXPLORE_COLOR_CLUSTER,
  EM_EXPLORE_COLOR_LABEL,
  EM_EXPLORE_COLOR_PREDICTION,
  EM_EXPLORE_COLOR_CONFIDENCE,
} EmExploreColor;

struct _EmExplorePage
{
  AdwBin              parent_instance;

  AdwToastOverlay    *toasts;
  GtkStack           *stack;
  AdwStatusPage      *empty_status;
  GtkButton          *empty_button;
  AdwFlap            *flap;
  EmVariancePlot     *variance_plot;
  GtkLabel           *variance_label;
  AdwComboRow        *map_row;
  AdwComboRow        *color_row;
  AdwComboRow        *method_row;
  AdwComboRow        *linkage_row;
  AdwActionRow       *k_row;
  AdwActionRow       *eps_row;
  AdwActionRow       *min_samples_row;
  GtkSpinButton      *k_spin;
  GtkSpinButton      *eps_spin;
  GtkSpinButton      *min_samples_spin;
  GtkWidget          *kdistance_box;
  EmKDistancePlot    *kdistance_plot;
  GtkLabel           *kdistance_label;
  GtkLabel           *selection_label;
  EmScatterPlot      *scatter;
  EmDendrogramView   *dendrogram;
  GtkColumnView      *cluster_view;

  EmLibrary          *library;
  EmExplorer         *explorer;
  EmJob              *load_job;
  EmJob              *map_job;
  EmJob              *cluster_job;
  EmJob              *kdistance_job;
  EmJob              *silhouette_job;
  guint               n_busy;

  double             *tsne;            /* n × 2, NULL until computed */
  gint32             *assignments;     /* n, NULL before the first clustering */
  guint               n_clusters;
  double             *silhouette;      /* n, NULL until measured */
  GListStore         *clusters;        /* EmClusterItem */
  GtkSingleSelection *cluster_selection;
  int                 selected_cluster; /* -2: the selection is not a cluster */
  gboolean            selecting;
  gboolean            restoring;
  gboolean            cluster_after_kdistances;
  guint               silhouette_source;
  guint               components_source;
};

/* em-explore-page.c */
void     _em_explore_page_update_clusters  (EmExplorePage *self);
void     _em_explore_page_run_clustering   (EmExplorePage *self);
void     _em_explore_page_run_map          (EmExplorePage *self);
void     _em_explore_page_run_kdistances   (EmExplorePage *self);
void     _em_explore_page_select_rows      (EmExplorePage *self,
                                            GtkBitset     *rows,
                                            int            cluster);

/* em-explore-view.c */
void     _em_explore_page_recolor          (EmExplorePage *self);
gboolean _em_explore_page_is_dark          (void);
char    *_em_explore_page_point_tooltip    (guint          index,
                                            gpointer       user_data);
void     _em_explore_page_save_settings    (EmExplorePage *self);
void     _em_explore_page_restore_settings (EmExplorePage *self);

/* em-explore-actions.c */
void     _em_explore_page_install_actions  (GtkWidgetClass *widget_class);
void     _em_explore_page_update_actions   (EmExplorePage  *self);
void     _em_explore_page_label_selection  (EmExplorePage  *self,
                                            EmLabel         label);

G_END_DECLS
