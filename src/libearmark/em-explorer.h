/* em-explorer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "em-job.h"
#include "em-linkage.h"
#include "em-pca.h"
#include "em-store.h"

G_BEGIN_DECLS

/* Fewer chunks than this make no picture worth clustering. */
#define EM_EXPLORER_MIN_ROWS 10

/**
 * EmExplorerClusters:
 * @n_rows: number of rows
 * @labels: the cluster of each row, from 0; -1 for DBSCAN noise
 * @n_clusters: number of clusters (noise not counted)
 *
 * A flat clustering of the explorer's rows.
 */
typedef struct
{
  gsize    n_rows;
  gint32  *labels;
  guint    n_clusters;
} EmExplorerClusters;

/**
 * EmClusterSummary:
 * @cluster: the cluster id, -1 for noise
 * @size: rows in the cluster
 * @labelled: labelled rows per class (index by #EmLabel; [0] is unlabelled)
 * @purity: the largest class's share of the labelled rows, NaN if none
 * @predicted: the most frequent predicted class, %EM_LABEL_NONE without
 *   predictions
 * @silhouette: mean silhouette of the cluster's rows, NaN if not known
 *
 * One row of the Explore page's cluster table.
 */
typedef struct
{
  gint32   cluster;
  guint    size;
  guint    labelled[EM_N_LABELS];
  double   purity;
  EmLabel  predicted;
  double   silhouette;
} EmClusterSummary;

void em_explorer_clusters_free (EmExplorerClusters *clusters);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmExplorerClusters, em_explorer_clusters_free)

/* Steps shared with earmark-cli analyze. */
gboolean  em_explorer_standardize (double        *x,
                                   gsize          n_rows,
                                   gsize          n_cols,
                                   gsize         *n_imputed,
                                   GError       **error);
double   *em_explorer_reduce      (const EmPca   *pca,
                                   gsize          n_components);
gboolean  em_explorer_cut_tree    (const double  *z,
                                   gsize          n_leaves,
                                   gsize          n_clusters,
                                   double         threshold,
                                   gint32        *labels,
                                   gsize         *n_out,
                                   GError       **error);

#define EM_TYPE_EXPLORER (em_explorer_get_type ())

G_DECLARE_FINAL_TYPE (EmExplorer, em_explorer, EM, EXPLORER, GObject)

EmExplorer    *em_explorer_new                 (EmStore              *store,
                                                guint                 set_version);
EmStore       *em_explorer_get_store           (EmExplorer           *self);
void           em_explorer_load_async          (EmExplorer           *self,
                                                EmJob                *job,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       em_explorer_load_finish         (EmExplorer           *self,
                                                GAsyncResult         *result,
                                                GError              **error);
gboolean       em_explorer_is_loaded           (EmExplorer           *self);
guint          em_explorer_get_n_computed      (EmExplorer           *self);

gsize          em_explorer_get_n_rows          (EmExplorer           *self);
const char    *em_explorer_get_path            (EmExplorer           *self,
                                                gsize                 row);
guint          em_explorer_get_chunk_idx       (EmExplorer           *self,
                                                gsize                 row);
void           em_explorer_get_span            (EmExplorer           *self,
                                                gsize                 row,
                                                double               *start_s,
                                                double               *end_s);
const double  *em_explorer_get_variance_ratios (EmExplorer           *self,
                                                gsize                *n_components);
const double  *em_explorer_get_scores          (EmExplorer           *self,
                                                gsize                *n_components);
double        *em_explorer_dup_input           (EmExplorer           *self,
                                                gsize                 n_components);
gsize          em_explorer_get_n_components    (EmExplorer           *self);
void           em_explorer_set_n_components    (EmExplorer           *self,
                                                gsize                 n_components);

const EmLabel *em_explorer_get_labels          (EmExplorer           *self);
const EmLabel *em_explorer_get_predictions     (EmExplorer           *self);
const double  *em_explorer_get_confidences     (EmExplorer           *self);
gboolean       em_explorer_refresh_labels      (EmExplorer           *self,
                                                GError              **error);
gboolean       em_explorer_label_rows          (EmExplorer           *self,
                                                const guint          *rows,
                                                guint                 n,
                                                EmLabel               label,
                                                EmLabelSource         source,
                                                GError              **error);
gboolean       em_explorer_write_m3u           (EmExplorer           *self,
                                                const guint          *rows,
                                                guint                 n,
                                                const char           *file,
                                                GError              **error);
EmClusterSummary *em_explorer_summarize        (EmExplorer           *self,
                                                const gint32         *assignments,
                                                const double         *silhouette,
                                                guint                *n_summaries);

void           em_explorer_tsne_async          (EmExplorer           *self,
                                                double                perplexity,
                                                guint32               seed,
                                                EmJob                *job,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
double        *em_explorer_tsne_finish         (EmExplorer           *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void           em_explorer_kmeans_async        (EmExplorer           *self,
                                                guint                 k,
                                                guint32               seed,
                                                EmJob                *job,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
void           em_explorer_dbscan_async        (EmExplorer           *self,
                                                double                eps,
                                                guint                 min_samples,
                                                EmJob                *job,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
EmExplorerClusters *em_explorer_clusters_finish (EmExplorer          *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void           em_explorer_k_distances_async   (EmExplorer           *self,
                                                guint                 min_samples,
                                                EmJob                *job,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
double        *em_explorer_k_distances_finish  (EmExplorer           *self,
                                                GAsyncResult         *result,
                                                double               *suggested_eps,
                                                GError              **error);
void           em_explorer_linkage_async       (EmExplorer           *self,
                                                EmLinkageMethod       method,
                                                EmJob                *job,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
double        *em_explorer_linkage_finish      (EmExplorer           *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void           em_explorer_silhouette_async    (EmExplorer           *self,
                                                const gint32         *labels,
                                                EmJob                *job,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
double        *em_explorer_silhouette_finish   (EmExplorer           *self,
                                                GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
