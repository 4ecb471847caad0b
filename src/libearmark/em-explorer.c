/* em-explorer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Explore page's data: every chunk's features standardised and
 * projected on their principal components, the labels and the active
 * model's predictions of those chunks.  The computations (t-SNE, k-means,
 * DBSCAN, linkage, silhouette) are in em-explorer-jobs.c; labelling,
 * playlists and cluster summaries in em-explorer-rows.c.
 *
 * Loading reads the rows and the library state key first; the PCA comes
 * from the store's analysis cache when that key has not changed, so
 * reopening the page costs one query instead of a projection.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "em-explorer-private.h"
#include "em-fcluster.h"
#include "em-standardize.h"
#include "em-store-analysis.h"

G_DEFINE_FINAL_TYPE (EmExplorer, em_explorer, G_TYPE_OBJECT)

void
em_explorer_clusters_free (EmExplorerClusters *clusters)
{
  if (clusters == NULL)
    return;
  g_free (clusters->labels);
  g_free (clusters);
}

/**
 * em_explorer_standardize:
 * @x: (array): n_rows × n_cols row-major features, standardised in place
 * @n_rows: rows
 * @n_cols: columns
 * @n_imputed: (out) (optional): missing values imputed by the column mean
 * @error: return location for a #GError
 *
 * Z-scores of every column, NaN imputed by the column mean: the first
 * step of every analysis, in the window and in earmark-cli.
 *
 * Returns: %TRUE on success
 */
gboolean
em_explorer_standardize (double  *x,
                         gsize    n_rows,
                         gsize    n_cols,
                         gsize   *n_imputed,
                         GError **error)
{
  g_autofree double *mean = g_new (double, n_cols);
  g_autofree double *std = g_new (double, n_cols);
  gsize imputed = 0;

  if (!em_standardize (x, n_rows, n_cols, x, mean, std, &imputed, error))
    return FALSE;
  if (n_imputed != NULL)
    *n_imputed = imputed;

  return TRUE;
}

/**
 * em_explorer_reduce:
 * @pca: a PCA
 * @n_components: components to keep (clamped to those of @pca)
 *
 * Returns: (transfer full): the rows' scores on the first @n_components
 *   components, n_rows × min (@n_components, pca->n_components)
 */
double *
em_explorer_reduce (const EmPca *pca,
                    gsize        n_components)
{
  gsize n = MIN (n_components, pca->n_components);
  double *reduced = g_new (double, MAX (pca->n_rows * n, 1));

  for (gsize r = 0; r < pca->n_rows; r++)
    memcpy (reduced + r * n, pca->scores + r * pca->n_components, n * sizeof (double));

  return reduced;
}

/**
 * em_explorer_cut_tree:
 * @z: (array): linkage matrix, (n_leaves - 1) × 4
 * @n_leaves: observations
 * @n_clusters: clusters wanted, or 0 to cut at @threshold
 * @threshold: the height of the cut when @n_clusters is 0
 * @labels: (out caller-allocates) (array length=n_leaves): cluster per leaf
 * @n_out: (out): clusters found
 * @error: return location for a #GError
 *
 * Flat clusters like SciPy's fcluster.  Centroid and median trees are not
 * monotone and fcluster miscounts on them, so there @n_clusters means
 * "apply the first n - @n_clusters merges".
 *
 * Returns: %TRUE on success
 */
gboolean
em_explorer_cut_tree (const double  *z,
                      gsize          n_leaves,
                      gsize          n_clusters,
                      double         threshold,
                      gint32        *labels,
                      gsize         *n_out,
                      GError       **error)
{
  if (n_clusters > 0 && !em_linkage_is_monotone (z, n_leaves))
    {
      gsize k = MIN (n_clusters, n_leaves);

      *n_out = k;
      return em_fcluster_first_merges (z, n_leaves, n_leaves - k, labels, error);
    }
  if (n_clusters > 0)
    return em_fcluster_by_count (z, n_leaves, n_clusters, labels, n_out, error);

  return em_fcluster_by_distance (z, n_leaves, threshold, labels, n_out, error);
}

static void
em_explorer_data_free (EmExplorerData *data)
{
  if (data == NULL)
    return;
  g_clear_pointer (&data->rows, em_analysis_rows_free);
  g_free (data->ratios);
  g_free (data->scores);
  g_free (data->labels);
  g_free (data->predictions);
  g_free (data->confidences);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmExplorerData, em_explorer_data_free)

static void
em_explorer_finalize (GObject *object)
{
  EmExplorer *self = EM_EXPLORER (object);

  g_clear_pointer (&self->data, em_explorer_data_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (em_explorer_parent_class)->finalize (object);
}

static void
em_explorer_class_init (EmExplorerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = em_explorer_finalize;
}

static void
em_explorer_init (EmExplorer *self)
{
}

/**
 * em_explorer_new:
 * @store: the library's store
 * @set_version: the feature set to explore
 *
 * Returns: (transfer full): an explorer with no rows until
 *   em_explorer_load_async() has finished
 */
EmExplorer *
em_explorer_new (EmStore *store,
                 guint    set_version)
{
  EmExplorer *self;

  g_return_val_if_fail (EM_IS_STORE (store), NULL);

  self = g_object_new (EM_TYPE_EXPLORER, NULL);
  self->store = g_object_ref (store);
  self->set_version = set_version;

  return self;
}

EmStore *
em_explorer_get_store (EmExplorer *self)
{
  g_return_val_if_fail (EM_IS_EXPLORER (self), NULL);
  return self->store;
}

/* Labels come sorted like the rows (path byte-wise, then chunk), so one
 * merge pass matches them. */
static gboolean
read_labels (EmStore              *store,
             const EmAnalysisRows *rows,
             EmLabel              *labels,
             GError              **error)
{
  g_autoptr(GPtrArray) entries = em_store_list_labels (store, error);
  guint e = 0;

  if (entries == NULL)
    return FALSE;

  for (gsize r = 0; r < rows->n_rows; r++)
    {
      const char *path = g_ptr_array_index (rows->paths, r);
      guint idx = g_array_index (rows->chunk_idx, guint, r);
      int cmp = 1;

      labels[r] = EM_LABEL_NONE;
      while (e < entries->len)
        {
          const EmLabelEntry *entry = g_ptr_array_index (entries, e);

          cmp = strcmp (entry->path, path);
          if (cmp == 0)
            cmp = entry->chunk_idx < idx ? -1 : entry->chunk_idx > idx ? 1 : 0;
          if (cmp >= 0)
            break;
          e++;
        }
      if (cmp == 0)
        labels[r] = ((const EmLabelEntry *)g_ptr_array_index (entries, e))->label;
    }

  return TRUE;
}

static gint64
active_model (EmStore  *store,
              GError  **error)
{
  g_autoptr(GPtrArray) models = em_store_list_models (store, error);

  for (guint i = 0; models != NULL && i < models->len; i++)
    {
      const EmModelRecord *model = g_ptr_array_index (models, i);

      if (model->active)
        return model->id;
    }

  return models != NULL ? 0 : -1;
}

static gboolean
read_predictions (EmStore         *store,
                  EmExplorerData  *data,
                  GError         **error)
{
  g_autoptr(GPtrArray) predictions = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 model = active_model (store, error);

  if (model <= 0)
    return model == 0;
  if (!(predictions = em_store_load_predictions (store, model, error)))
    return FALSE;

  for (gsize r = 0; r < data->rows->n_rows; r++)
    g_hash_table_insert (rows, g_strdup_printf ("%u:%s", g_array_index (data->rows->chunk_idx, guint, r),
                                                (const char *)g_ptr_array_index (data->rows->paths, r)),
                         GSIZE_TO_POINTER (r + 1));

  for (guint i = 0; i < predictions->len; i++)
    {
      const EmPrediction *p = g_ptr_array_index (predictions, i);
      g_autofree char *key = g_strdup_printf ("%u:%s", p->chunk_idx, p->path);
      gsize r = GPOINTER_TO_SIZE (g_hash_table_lookup (rows, key));
      double top = MAX (p->p_music, p->p_dialogue);

      if (r == 0)
        continue;
      data->predictions[r - 1] = p->label;
      data->confidences[r - 1] = isnan (p->p_both) ? top : MAX (top, p->p_both);
    }
  data->has_predictions = TRUE;

  return TRUE;
}

/* The PCA cache entry: the variance ratios, then the scores. */
static gboolean
pca_from_cache (EmExplorerData *data,
                GBytes         *bytes)
{
  gsize size, n_values, nc;
  const double *values = g_bytes_get_data (bytes, &size);

  n_values = size / sizeof (double);
  nc = n_values / (data->rows->n_rows + 1);
  if (nc == 0 || nc * (data->rows->n_rows + 1) * sizeof (double) != size)
    return FALSE;

  data->n_components = nc;
  data->ratios = g_memdup2 (values, nc * sizeof (double));
  data->scores = g_memdup2 (values + nc, data->rows->n_rows * nc * sizeof (double));

  return TRUE;
}

static GBytes *
pca_to_cache (const EmPca *pca)
{
  gsize nc = pca->n_components;
  double *values = g_new (double, nc * (pca->n_rows + 1));

  memcpy (values, pca->explained_variance_ratio, nc * sizeof (double));
  memcpy (values + nc, pca->scores, pca->n_rows * nc * sizeof (double));

  return g_bytes_new_take (values, nc * (pca->n_rows + 1) * sizeof (double));
}

/* A scan between the two queries would pair features with other chunks. */
static gboolean
same_rows (const EmAnalysisRows  *rows,
           GPtrArray             *paths,
           GArray                *chunk_idx,
           gsize                  n_rows,
           GError               **error)
{
  gboolean same = n_rows == rows->n_rows;

  for (gsize r = 0; same && r < n_rows; r++)
    same = g_array_index (chunk_idx, guint, r) == g_array_index (rows->chunk_idx, guint, r) &&
           g_str_equal (g_ptr_array_index (paths, r), g_ptr_array_index (rows->paths, r));
  if (!same)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                         _("The library changed while it was being read; explore it again once the scan is done"));

  return same;
}

static gboolean
compute_pca (EmExplorer      *self,
             EmExplorerData  *data,
             EmJob           *job,
             GError         **error)
{
  g_autofree double *x = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GArray) chunk_idx = NULL;
  g_autoptr(EmPca) pca = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize n_rows = 0;

  em_job_update (job, 0.1, _("Reading features…"));
  if (!em_store_load_features (self->store, self->set_version, &x, &n_rows, &paths, &chunk_idx, error) ||
      !same_rows (data->rows, paths, chunk_idx, n_rows, error))
    return FALSE;

  em_job_update (job, 0.4, _("Projecting on the principal components…"));
  if (!em_explorer_standardize (x, n_rows, EM_STORE_N_FEATURES, NULL, error) ||
      !(pca = em_pca_compute (x, n_rows, EM_STORE_N_FEATURES, job, error)))
    return FALSE;

  g_atomic_int_inc (&self->n_computed);
  bytes = pca_to_cache (pca);
  if (!em_store_save_analysis (self->store, "pca", self->set_version, "standardised",
                               data->rows->state, bytes, error))
    return FALSE;

  return pca_from_cache (data, bytes);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  EmExplorer *self = source_object;
  EmJob *job = task_data;
  g_autoptr(EmExplorerData) data = g_new0 (EmExplorerData, 1);
  g_autoptr(GBytes) cached = NULL;
  GError *error = NULL;
  gsize n;

  em_job_update (job, 0.0, _("Reading the library…"));
  if (!(data->rows = em_store_load_analysis_rows (self->store, self->set_version, &error)))
    goto failed;

  n = data->rows->n_rows;
  data->labels = g_new0 (EmLabel, MAX (n, 1));
  data->predictions = g_new0 (EmLabel, MAX (n, 1));
  data->confidences = g_new0 (double, MAX (n, 1));
  if (!read_labels (self->store, data->rows, data->labels, &error) ||
      !read_predictions (self->store, data, &error))
    goto failed;

  if (n >= EM_EXPLORER_MIN_ROWS)
    {
      cached = em_store_load_analysis (self->store, "pca", self->set_version, "standardised",
                                       data->rows->state, &error);
      if (error != NULL ||
          ((cached == NULL || !pca_from_cache (data, cached)) && !compute_pca (self, data, job, &error)))
        goto failed;
    }

  g_task_return_pointer (task, g_steal_pointer (&data), (GDestroyNotify)em_explorer_data_free);
  return;

failed:
  g_task_return_error (task, error);
}

/**
 * em_explorer_load_async:
 * @self: an explorer
 * @job: the job that reports progress and cancels
 * @callback: called on the main thread when done
 * @user_data: data for @callback
 *
 * Reads the rows, labels and predictions and the standardised PCA (from
 * the cache when the library has not changed, else computed and cached).
 * With fewer than %EM_EXPLORER_MIN_ROWS rows no PCA is computed.
 */
void
em_explorer_load_async (EmExplorer          *self,
                        EmJob               *job,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EM_IS_EXPLORER (self));
  g_return_if_fail (EM_IS_JOB (job));

  task = g_task_new (self, em_job_get_cancellable (job), callback, user_data);
  g_task_set_source_tag (task, em_explorer_load_async);
  g_task_set_task_data (task, g_object_ref (job), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

gboolean
em_explorer_load_finish (EmExplorer    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  EmExplorerData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!(data = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;

  g_clear_pointer (&self->data, em_explorer_data_free);
  self->data = data;
  if (self->n_components > 0 && data->n_components > 0)
    self->n_components = MIN (self->n_components, data->n_components);
  else if (data->n_components > 0)
    {
      gsize k = 0;
      double sum = 0;

      /* The default of the variance plot: 80 % of the variance. */
      while (k < data->n_components && sum < EM_PCA_DEFAULT_FRACTION - 1e-12)
        sum += data->ratios[k++];
      self->n_components = MAX (k, 2);
    }

  return TRUE;
}

gboolean
em_explorer_is_loaded (EmExplorer *self)
{
  g_return_val_if_fail (EM_IS_EXPLORER (self), FALSE);
  return self->data != NULL;
}

/**
 * em_explorer_get_n_computed:
 * @self: an explorer
 *
 * Returns: how many results this explorer computed instead of reading
 *   them from the cache
 */
guint
em_explorer_get_n_computed (EmExplorer *self)
{
  g_return_val_if_fail (EM_IS_EXPLORER (self), 0);
  return (guint)g_atomic_int_get (&self->n_computed);
}

gsize
em_explorer_get_n_rows (EmExplorer *self)
{
  g_return_val_if_fail (EM_IS_EXPLORER (self), 0);
  return self->data != NULL ? self->data->rows->n_rows : 0;
}

const char *
em_explorer_get_path (EmExplorer *self,
                      gsize       row)
{
  g_return_val_if_fail (row < em_explorer_get_n_rows (self), NULL);
  return g_ptr_array_index (self->data->rows->paths, row);
}

guint
em_explorer_get_chunk_idx (EmExplorer *self,
                           gsize       row)
{
  g_return_val_if_fail (row < em_explorer_get_n_rows (self), 0);
  return g_array_index (self->data->rows->chunk_idx, guint, row);
}

void
em_explorer_get_span (EmExplorer *self,
                      gsize       row,
                      double     *start_s,
                      double     *end_s)
{
  g_return_if_fail (row < em_explorer_get_n_rows (self));
  *start_s = g_array_index (self->data->rows->spans, double, 2 * row);
  *end_s = g_array_index (self->data->rows->spans, double, 2 * row + 1);
}

/**
 * em_explorer_get_variance_ratios:
 * @self: an explorer
 * @n_components: (out): number of components
 *
 * Returns: (array length=n_components) (nullable): explained variance
 *   ratio of each principal component, %NULL before loading or with too
 *   few rows
 */
const double *
em_explorer_get_variance_ratios (EmExplorer *self,
                                 gsize      *n_components)
{
  g_return_val_if_fail (EM_IS_EXPLORER (self), NULL);

  *n_components = self->data != NULL ? self->data->n_components : 0;
  return *n_components > 0 ? self->data->ratios : NULL;
}

/**
 * em_explorer_get_scores:
 * @self: an explorer
 * @n_components: (out): columns of the result
 *
 * Returns: (nullable): n_rows × @n_components principal-component scores
 *   of the standardised features
 */
const double *
em_explorer_get_scores (EmExplorer *self,
                        gsize      *n_components)
{
  g_return_val_if_fail (EM_IS_EXPLORER (self), NULL);

  *n_components = self->data != NULL ? self->data->n_components : 0;
  return *n_components > 0 ? self->data->scores : NULL;
}

/**
 * em_explorer_dup_input:
 * @self: a loaded explorer
 * @n_components: columns wanted
 *
 * Returns: (transfer full): the scores on the first @n_components
 *   components, the input of the clusterings and of t-SNE
 */
double *
em_explorer_dup_input (EmExplorer *self,
                       gsize       n_components)
{
  EmPca pca = { 0 };

  g_return_val_if_fail (EM_IS_EXPLORER (self) && self->data != NULL, NULL);

  pca.n_rows = self->data->rows->n_rows;
  pca.n_components = self->data->n_components;
  pca.scores = self->data->scores;

  return em_explorer_reduce (&pca, n_components);
}

gsize
em_explorer_get_n_components (EmExplorer *self)
{
  g_return_val_if_fail (EM_IS_EXPLORER (self), 0);
  return self->n_components;
}

/**
 * em_explorer_set_n_components:
 * @self: an explorer
 * @n_components: principal components that feed clustering and t-SNE
 *   (at least 2, at most the available ones)
 */
void
em_explorer_set_n_components (EmExplorer *self,
                              gsize       n_components)
{
  g_return_if_fail (EM_IS_EXPLORER (self));

  self->n_components = MAX (n_components, 2);
  if (self->data != NULL && self->data->n_components > 0)
    self->n_components = MIN (self->n_components, self->data->n_components);
}

const EmLabel *
em_explorer_get_labels (EmExplorer *self)
{
  g_return_val_if_fail (EM_IS_EXPLORER (self), NULL);
  return self->data != NULL ? self->data->labels : NULL;
}

/**
 * em_explorer_get_predictions:
 * @self: an explorer
 *
 * Returns: (nullable): the active model's label of each row
 *   (%EM_LABEL_NONE where it has none), %NULL without an active model
 */
const EmLabel *
em_explorer_get_predictions (EmExplorer *self)
{
  g_return_val_if_fail (EM_IS_EXPLORER (self), NULL);
  return self->data != NULL && self->data->has_predictions ? self->data->predictions : NULL;
}

/**
 * em_explorer_get_confidences:
 * @self: an explorer
 *
 * Returns: (nullable): the probability of each row's predicted class
 *   (0 where there is no prediction), %NULL without an active model
 */
const double *
em_explorer_get_confidences (EmExplorer *self)
{
  g_return_val_if_fail (EM_IS_EXPLORER (self), NULL);
  return self->data != NULL && self->data->has_predictions ? self->data->confidences : NULL;
}

/**
 * em_explorer_refresh_labels:
 * @self: a loaded explorer
 * @error: return location for a #GError
 *
 * Reads the rows' labels again (after an undo or labelling elsewhere):
 * one query.
 *
 * Returns: %TRUE on success
 */
gboolean
em_explorer_refresh_labels (EmExplorer  *self,
                            GError     **error)
{
  g_return_val_if_fail (EM_IS_EXPLORER (self), FALSE);

  if (self->data == NULL)
    return TRUE;
  return read_labels (self->store, self->data->rows, self->data->labels, error);
}
