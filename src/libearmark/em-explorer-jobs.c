/* em-explorer-jobs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Explore page's computations, each a GTask in a thread with an EmJob:
 * t-SNE, k-means, DBSCAN and its k-distance curve, hierarchical linkage
 * and silhouette, all over the scores on the first k principal
 * components.  Each looks in the store's analysis cache first (keyed by
 * kind, feature set, parameters and library state) and stores what it
 * computed there, so reopening the page shows the last results at once.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "em-dbscan.h"
#include "em-explorer-private.h"
#include "em-kmeans.h"
#include "em-silhouette.h"
#include "em-tsne.h"

typedef enum
{
  KIND_TSNE,
  KIND_KMEANS,
  KIND_DBSCAN,
  KIND_K_DISTANCES,
  KIND_LINKAGE,
  KIND_SILHOUETTE,
} Kind;

static const char * const kind_names[] = {
  "tsne", "kmeans", "dbscan", "kdistances", "linkage", "silhouette",
};

typedef struct
{
  Kind             kind;
  EmStore         *store;
  guint            set_version;
  char            *state;
  char            *params;
  int             *n_computed;   /* the explorer's, kept alive by the task */
  EmJob           *job;
  double          *x;
  gsize            n_rows;
  gsize            n_cols;
  double           perplexity;
  guint32          seed;
  guint            k;
  double           eps;
  guint            min_samples;
  EmLinkageMethod  method;
  gint32          *labels;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->store);
  g_clear_object (&request->job);
  g_free (request->state);
  g_free (request->params);
  g_free (request->x);
  g_free (request->labels);
  g_free (request);
}

/* Bytes a result of this kind must have; a cache entry of another size
 * (an older layout) is recomputed rather than trusted. */
static gsize
result_size (const Request *request)
{
  switch (request->kind)
    {
    case KIND_TSNE:
      return request->n_rows * 2 * sizeof (double);
    case KIND_KMEANS:
    case KIND_DBSCAN:
      return request->n_rows * sizeof (gint32);
    case KIND_K_DISTANCES:
    case KIND_SILHOUETTE:
      return request->n_rows * sizeof (double);
    case KIND_LINKAGE:
      return (request->n_rows - 1) * 4 * sizeof (double);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
run_tsne (Request  *request,
          gpointer  out,
          GError  **error)
{
  EmTsneOptions options;

  em_tsne_options_init (&options);
  options.perplexity = request->perplexity;
  options.seed = request->seed;
  em_job_update (request->job, 0.0, _("Computing the t-SNE map…"));

  return em_tsne_run (request->x, request->n_rows, request->n_cols, &options, out, NULL,
                      request->job, error);
}

static gboolean
run_kmeans (Request  *request,
            gpointer  out,
            GError  **error)
{
  g_autoptr(EmKmeans) kmeans = NULL;
  EmKmeansParams params;

  em_kmeans_params_init (&params, request->k);
  params.seed = request->seed;
  em_job_update (request->job, 0.0, _("Clustering with k-means…"));
  if (!(kmeans = em_kmeans_run (request->x, request->n_rows, request->n_cols, &params,
                                request->job, error)))
    return FALSE;

  memcpy (out, kmeans->labels, request->n_rows * sizeof (gint32));
  return TRUE;
}

static gboolean
run_dbscan (Request  *request,
            gpointer  out,
            GError  **error)
{
  g_autoptr(EmDbscan) dbscan = NULL;

  em_job_update (request->job, 0.0, _("Clustering with DBSCAN…"));
  if (!(dbscan = em_dbscan_run (request->x, request->n_rows, request->n_cols, request->eps,
                                request->min_samples, request->job, error)))
    return FALSE;

  memcpy (out, dbscan->labels, request->n_rows * sizeof (gint32));
  return TRUE;
}

static gboolean
run_kernel (Request  *request,
            gpointer  out,
            GError  **error)
{
  switch (request->kind)
    {
    case KIND_TSNE:
      return run_tsne (request, out, error);
    case KIND_KMEANS:
      return run_kmeans (request, out, error);
    case KIND_DBSCAN:
      return run_dbscan (request, out, error);
    case KIND_K_DISTANCES:
      em_job_update (request->job, 0.0, _("Measuring neighbour distances…"));
      return em_dbscan_k_distances (request->x, request->n_rows, request->n_cols,
                                    request->min_samples, out, request->job, error);
    case KIND_LINKAGE:
      em_job_update (request->job, 0.0, _("Building the dendrogram…"));
      return em_linkage_compute (request->x, request->n_rows, request->n_cols, request->method,
                                 request->job, out, error);
    case KIND_SILHOUETTE:
      em_job_update (request->job, 0.0, _("Measuring the silhouette…"));
      return em_silhouette_samples (request->x, request->n_rows, request->n_cols, request->labels,
                                    out, request->job, error);
    default:
      g_assert_not_reached ();
    }
}

static void
request_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Request *request = task_data;
  const char *kind = kind_names[request->kind];
  gsize size = result_size (request);
  g_autoptr(GBytes) cached = NULL;
  g_autoptr(GError) cache_error = NULL;
  g_autofree guint8 *out = NULL;
  GError *error = NULL;

  cached = em_store_load_analysis (request->store, kind, request->set_version, request->params,
                                   request->state, &cache_error);
  if (cached != NULL && g_bytes_get_size (cached) == size)
    {
      g_task_return_pointer (task, g_steal_pointer (&cached), (GDestroyNotify)g_bytes_unref);
      return;
    }

  out = g_malloc0 (MAX (size, 1));
  if (!run_kernel (request, out, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_atomic_int_inc (request->n_computed);

  cached = g_bytes_new_take (g_steal_pointer (&out), size);
  /* A cache that cannot be written costs time next time, not this result. */
  g_clear_error (&cache_error);
  if (!em_store_save_analysis (request->store, kind, request->set_version, request->params,
                               request->state, cached, &cache_error))
    g_debug ("Analysis cache not written: %s", cache_error->message);

  g_task_return_pointer (task, g_steal_pointer (&cached), (GDestroyNotify)g_bytes_unref);
}

static Request *
request_new (EmExplorer *self,
             Kind        kind,
             EmJob      *job)
{
  Request *request = g_new0 (Request, 1);

  request->kind = kind;
  request->store = g_object_ref (self->store);
  request->set_version = self->set_version;
  request->state = g_strdup (self->data->rows->state);
  request->n_computed = &self->n_computed;
  request->job = g_object_ref (job);
  request->n_rows = self->data->rows->n_rows;
  request->n_cols = MIN (self->n_components, self->data->n_components);
  request->x = em_explorer_dup_input (self, request->n_cols);

  return request;
}

/* Snapshot of the input taken here, on the caller's thread: the worker
 * never touches the explorer, which a new load may replace meanwhile. */
static void
request_run (EmExplorer          *self,
             Request             *request,
             gpointer             source_tag,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, em_job_get_cancellable (request->job), callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);
  g_task_run_in_thread (task, request_thread);
}

static gboolean
check_ready (EmExplorer          *self,
             gpointer             source_tag,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  if (self->data != NULL && self->data->n_components > 0)
    return TRUE;

  g_task_report_new_error (self, callback, user_data, source_tag, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("There are too few analysed chunks to explore; scan a folder first"));
  return FALSE;
}

/**
 * em_explorer_tsne_async:
 * @self: a loaded explorer
 * @perplexity: t-SNE perplexity (30 is usual)
 * @seed: random seed
 * @job: the job that reports progress and cancels
 * @callback: called when done
 * @user_data: data for @callback
 *
 * A 2-D t-SNE map of the scores on the first em_explorer_get_n_components()
 * components.
 */
void
em_explorer_tsne_async (EmExplorer          *self,
                        double               perplexity,
                        guint32              seed,
                        EmJob               *job,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  Request *request;

  g_return_if_fail (EM_IS_EXPLORER (self) && EM_IS_JOB (job));
  if (!check_ready (self, em_explorer_tsne_async, callback, user_data))
    return;

  request = request_new (self, KIND_TSNE, job);
  request->perplexity = perplexity;
  request->seed = seed;
  request->params = g_strdup_printf ("k=%zu;perplexity=%.17g;seed=%u", request->n_cols, perplexity, seed);
  request_run (self, request, em_explorer_tsne_async, callback, user_data);
}

static gpointer
finish_bytes (EmExplorer    *self,
              GAsyncResult  *result,
              gsize         *size,
              GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!(bytes = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;

  return g_bytes_unref_to_data (g_steal_pointer (&bytes), size);
}

/**
 * em_explorer_tsne_finish:
 * @self: an explorer
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): n_rows × 2 coordinates, or %NULL on error
 */
double *
em_explorer_tsne_finish (EmExplorer    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  gsize size;

  return finish_bytes (self, result, &size, error);
}

/**
 * em_explorer_kmeans_async:
 * @self: a loaded explorer
 * @k: clusters
 * @seed: random seed of the initialisation
 * @job: the job that reports progress and cancels
 * @callback: called when done; get the result with
 *   em_explorer_clusters_finish()
 * @user_data: data for @callback
 */
void
em_explorer_kmeans_async (EmExplorer          *self,
                          guint                k,
                          guint32              seed,
                          EmJob               *job,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Request *request;

  g_return_if_fail (EM_IS_EXPLORER (self) && EM_IS_JOB (job));
  if (!check_ready (self, em_explorer_kmeans_async, callback, user_data))
    return;

  request = request_new (self, KIND_KMEANS, job);
  request->k = k;
  request->seed = seed;
  request->params = g_strdup_printf ("k=%zu;clusters=%u;seed=%u", request->n_cols, k, seed);
  request_run (self, request, em_explorer_kmeans_async, callback, user_data);
}

/**
 * em_explorer_dbscan_async:
 * @self: a loaded explorer
 * @eps: neighbourhood radius
 * @min_samples: neighbours of a core point, itself included
 * @job: the job that reports progress and cancels
 * @callback: called when done; get the result with
 *   em_explorer_clusters_finish()
 * @user_data: data for @callback
 */
void
em_explorer_dbscan_async (EmExplorer          *self,
                          double               eps,
                          guint                min_samples,
                          EmJob               *job,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Request *request;

  g_return_if_fail (EM_IS_EXPLORER (self) && EM_IS_JOB (job));
  if (!check_ready (self, em_explorer_dbscan_async, callback, user_data))
    return;

  request = request_new (self, KIND_DBSCAN, job);
  request->eps = eps;
  request->min_samples = min_samples;
  request->params = g_strdup_printf ("k=%zu;eps=%.17g;min=%u", request->n_cols, eps, min_samples);
  request_run (self, request, em_explorer_dbscan_async, callback, user_data);
}

/**
 * em_explorer_clusters_finish:
 * @self: an explorer
 * @result: the result of em_explorer_kmeans_async() or
 *   em_explorer_dbscan_async()
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the clusters, or %NULL on error
 */
EmExplorerClusters *
em_explorer_clusters_finish (EmExplorer    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  EmExplorerClusters *clusters;
  gint32 top = -1;
  gsize size;
  gint32 *labels = finish_bytes (self, result, &size, error);

  if (labels == NULL)
    return NULL;

  clusters = g_new0 (EmExplorerClusters, 1);
  clusters->n_rows = size / sizeof (gint32);
  clusters->labels = labels;
  for (gsize r = 0; r < clusters->n_rows; r++)
    top = MAX (top, labels[r]);
  clusters->n_clusters = (guint)(top + 1);

  return clusters;
}

/**
 * em_explorer_k_distances_async:
 * @self: a loaded explorer
 * @min_samples: the DBSCAN min_samples whose k-distance curve to compute
 * @job: the job that reports progress and cancels
 * @callback: called when done
 * @user_data: data for @callback
 */
void
em_explorer_k_distances_async (EmExplorer          *self,
                               guint                min_samples,
                               EmJob               *job,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Request *request;

  g_return_if_fail (EM_IS_EXPLORER (self) && EM_IS_JOB (job));
  if (!check_ready (self, em_explorer_k_distances_async, callback, user_data))
    return;

  request = request_new (self, KIND_K_DISTANCES, job);
  request->min_samples = min_samples;
  request->params = g_strdup_printf ("k=%zu;min=%u", request->n_cols, min_samples);
  request_run (self, request, em_explorer_k_distances_async, callback, user_data);
}

/**
 * em_explorer_k_distances_finish:
 * @self: an explorer
 * @result: the result
 * @suggested_eps: (out): the knee of the curve, a good DBSCAN eps
 * @error: return location for a #GError
 *
 * Returns: (transfer full): n_rows sorted k-distances, or %NULL on error
 */
double *
em_explorer_k_distances_finish (EmExplorer    *self,
                                GAsyncResult  *result,
                                double        *suggested_eps,
                                GError       **error)
{
  gsize size;
  double *sorted = finish_bytes (self, result, &size, error);

  if (sorted != NULL)
    *suggested_eps = em_dbscan_suggest_eps (sorted, size / sizeof (double));

  return sorted;
}

/**
 * em_explorer_linkage_async:
 * @self: a loaded explorer
 * @method: the linkage method
 * @job: the job that reports progress and cancels
 * @callback: called when done
 * @user_data: data for @callback
 */
void
em_explorer_linkage_async (EmExplorer          *self,
                           EmLinkageMethod      method,
                           EmJob               *job,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Request *request;

  g_return_if_fail (EM_IS_EXPLORER (self) && EM_IS_JOB (job));
  if (!check_ready (self, em_explorer_linkage_async, callback, user_data))
    return;

  request = request_new (self, KIND_LINKAGE, job);
  request->method = method;
  request->params = g_strdup_printf ("k=%zu;method=%s", request->n_cols, em_linkage_method_to_string (method));
  request_run (self, request, em_explorer_linkage_async, callback, user_data);
}

/**
 * em_explorer_linkage_finish:
 * @self: an explorer
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the (n_rows - 1) × 4 linkage matrix in SciPy's
 *   layout, or %NULL on error
 */
double *
em_explorer_linkage_finish (EmExplorer    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  gsize size;

  return finish_bytes (self, result, &size, error);
}

/**
 * em_explorer_silhouette_async:
 * @self: a loaded explorer
 * @labels: (array): the cluster of each row (-1 for noise), copied
 * @job: the job that reports progress and cancels
 * @callback: called when done
 * @user_data: data for @callback
 */
void
em_explorer_silhouette_async (EmExplorer          *self,
                              const gint32        *labels,
                              EmJob               *job,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  Request *request;

  g_return_if_fail (EM_IS_EXPLORER (self) && EM_IS_JOB (job));
  if (!check_ready (self, em_explorer_silhouette_async, callback, user_data))
    return;

  request = request_new (self, KIND_SILHOUETTE, job);
  request->labels = g_memdup2 (labels, request->n_rows * sizeof (gint32));
  g_checksum_update (checksum, (const guchar *)labels, request->n_rows * sizeof (gint32));
  request->params = g_strdup_printf ("k=%zu;labels=%s", request->n_cols, g_checksum_get_string (checksum));
  request_run (self, request, em_explorer_silhouette_async, callback, user_data);
}

/**
 * em_explorer_silhouette_finish:
 * @self: an explorer
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the silhouette of each row, or %NULL on error
 *   (e.g. a single cluster)
 */
double *
em_explorer_silhouette_finish (EmExplorer    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  gsize size;

  return finish_bytes (self, result, &size, error);
}
