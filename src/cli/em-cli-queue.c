/* em-cli-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * earmark-cli queue: the unlabelled chunks to label next, the ones the
 * model is least sure about.  With --diverse the most uncertain chunks are
 * clustered (Ward linkage of their standardised features) and the batch
 * takes the best of each cluster in turn, so that one batch does not hold
 * many near-identical chunks (cluster-guided labelling).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "em-active-learning.h"
#include "em-cli.h"
#include "em-cli-ml.h"
#include "em-fcluster.h"
#include "em-library.h"
#include "em-linkage.h"
#include "em-scored-chunks.h"
#include "em-standardize.h"

/* Candidates clustered for --diverse: this many per wanted chunk, within
 * bounds that keep the Ward linkage well under a second. */
#define DIVERSE_POOL_FACTOR 8
#define DIVERSE_POOL_MIN    200
#define DIVERSE_POOL_MAX    3000

/* The active model, or a model trained now on the library's labels. */
static EmEnsemble *
get_model (EmStore  *store,
           char    **note,
           GError  **error)
{
  g_autoptr(EmModelRecord) record = NULL;
  g_autoptr(EmCliLabelled) labelled = NULL;
  g_autofree guint8 *y = NULL;
  EmEnsembleParams params;
  EmEnsemble *model;

  if ((record = em_store_load_model (store, 0, error)))
    {
      if (!(model = em_ensemble_from_json (record->json, -1, EM_FEATURE_SET_VERSION, error)))
        return NULL;
      *note = g_strdup_printf (_("the library’s active model %" G_GINT64_FORMAT " (%s)"),
                               record->id, record->mode);
      return model;
    }
  if (error != NULL && *error != NULL)
    return NULL;

  if (!(labelled = em_cli_labelled_from_library (store, error)))
    return NULL;
  em_ensemble_params_init (&params);
  y = em_cli_labelled_targets (labelled, EM_ENSEMBLE_MODE_THREE_CLASS);
  if (!(model = em_ensemble_train (labelled->x, labelled->n, EM_STORE_N_FEATURES, y,
                                   EM_ENSEMBLE_MODE_THREE_CLASS, &params, EM_FEATURE_SET_VERSION,
                                   NULL, error)))
    return NULL;
  *note = g_strdup_printf (_("no active model: a three-class model trained now on the library’s %zu labelled chunks (not saved)"),
                           labelled->n);

  return model;
}

static void
gather_rows (const double *src,
             guint         width,
             const gsize  *rows,
             gsize         n,
             double       *dst)
{
  for (gsize i = 0; i < n; i++)
    memcpy (dst + i * width, src + rows[i] * width, width * sizeof (double));
}

/* The pool: the most uncertain unlabelled rows, clustered into as many
 * clusters as chunks wanted.  Fills @pool (row numbers) and @cluster. */
static gsize
cluster_pool (const EmScoredChunks *lib,
              EmUncertainty        strategy,
              gsize                batch,
              gsize               *pool,
              gint                *cluster,
              gsize               *n_clusters,
              GError             **error)
{
  gsize want = CLAMP (batch * DIVERSE_POOL_FACTOR, DIVERSE_POOL_MIN, DIVERSE_POOL_MAX);
  g_autofree double *x = NULL;
  g_autofree double *z = NULL;
  g_autofree gint32 *labels = NULL;
  gsize m;

  m = em_scored_chunks_rank (lib, strategy, want, pool, NULL, error);
  if (m < 2)
    {
      for (gsize i = 0; i < m; i++)
        cluster[i] = 0;
      *n_clusters = m;
      return m;
    }

  x = g_new (double, m * EM_STORE_N_FEATURES);
  z = g_new (double, (m - 1) * 4);
  labels = g_new (gint32, m);
  gather_rows (lib->x, EM_STORE_N_FEATURES, pool, m, x);
  if (!em_standardize (x, m, EM_STORE_N_FEATURES, x, NULL, NULL, NULL, error) ||
      !em_linkage_compute (x, m, EM_STORE_N_FEATURES, EM_LINKAGE_WARD, NULL, z, error) ||
      !em_fcluster_by_count (z, m, MIN (batch, m), labels, n_clusters, error))
    return 0;

  for (gsize i = 0; i < m; i++)
    cluster[i] = labels[i];

  return m;
}

static gsize
select_batch (const EmScoredChunks *lib,
              EmUncertainty        strategy,
              gboolean             diverse,
              gsize                batch,
              gsize               *rows,
              double              *scores,
              gint                *row_cluster,
              gsize               *n_pool,
              gsize               *n_clusters,
              GError             **error)
{
  g_autofree gsize *pool = NULL;
  g_autofree gint *cluster = NULL;
  double *p[3] = { NULL, NULL, NULL };
  const double *src[3] = { lib->proba, lib->proba_rf, lib->proba_gb };
  gsize m, taken;

  if (!diverse)
    {
      for (gsize i = 0; i < batch; i++)
        row_cluster[i] = -1;
      return em_scored_chunks_rank (lib, strategy, batch, rows, scores, error);
    }

  pool = g_new (gsize, CLAMP (batch * DIVERSE_POOL_FACTOR, DIVERSE_POOL_MIN, DIVERSE_POOL_MAX));
  cluster = g_new (gint, CLAMP (batch * DIVERSE_POOL_FACTOR, DIVERSE_POOL_MIN, DIVERSE_POOL_MAX));
  if ((m = cluster_pool (lib, strategy, batch, pool, cluster, n_clusters, error)) == 0)
    return 0;

  for (guint j = 0; j < 3; j++)
    {
      p[j] = g_new (double, m * lib->k);
      gather_rows (src[j], lib->k, pool, m, p[j]);
    }
  taken = em_active_learning_select (p[0], p[1], p[2], m, lib->k, NULL, cluster, strategy,
                                     batch, rows, scores, error);
  for (guint j = 0; j < 3; j++)
    g_free (p[j]);

  for (gsize i = 0; i < taken; i++)
    {
      row_cluster[i] = cluster[rows[i]];
      rows[i] = pool[rows[i]];
    }
  *n_pool = m;

  return taken;
}

static void
print_batch (EmStore             *store,
             const EmScoredChunks *lib,
             EmEnsemble          *model,
             const gsize         *rows,
             const double        *scores,
             const gint          *cluster,
             gsize                n)
{
  EmEnsembleMode mode = em_ensemble_get_mode (model);

  g_print ("rank,file,chunk,start_s,end_s,score,predicted,cluster\n");
  for (gsize i = 0; i < n; i++)
    {
      const char *path = g_ptr_array_index (lib->paths, rows[i]);
      guint idx = g_array_index (lib->chunk_idx, guint, rows[i]);
      g_autoptr(GArray) chunks = em_store_list_chunks (store, path, NULL);
      double start_s = NAN, end_s = NAN;

      for (guint c = 0; chunks != NULL && c < chunks->len; c++)
        if (g_array_index (chunks, EmChunkInfo, c).idx == idx)
          {
            start_s = g_array_index (chunks, EmChunkInfo, c).start_s;
            end_s = g_array_index (chunks, EmChunkInfo, c).end_s;
          }

      g_print ("%zu,", i + 1);
      em_cli_write_csv_field (stdout, path);
      g_print (",%u,", idx);
      em_cli_write_double (stdout, start_s);
      g_print (",");
      em_cli_write_double (stdout, end_s);
      g_print (",%.4f,%s,%d\n", scores[i],
               em_ensemble_mode_get_class_name (mode, em_metrics_argmax (lib->proba + rows[i] * lib->k, lib->k)),
               cluster[i]);
    }
}

int
em_cli_queue (int    argc,
              char **argv)
{
  g_autofree char *library_option = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *strategy_name = NULL;
  g_autofree char *note = NULL;
  gboolean diverse = FALSE;
  int batch = 50;
  const GOptionEntry entries[] = {
    { "library", 'l', 0, G_OPTION_ARG_FILENAME, &library_option, N_("Library database (default: $XDG_DATA_HOME/earmark/library.db)"), "DB" },
    { "count", 'n', 0, G_OPTION_ARG_INT, &batch, N_("How many chunks (default 50)"), "N" },
    { "strategy", 0, 0, G_OPTION_ARG_STRING, &strategy_name, N_("entropy (default), margin or disagreement (between the forest and the boosting)"), "STRATEGY" },
    { "diverse", 0, 0, G_OPTION_ARG_NONE, &diverse, N_("Spread the batch over clusters of similar chunks"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(EmLibrary) library = NULL;
  g_autoptr(EmEnsemble) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gsize *rows = NULL;
  g_autofree double *scores = NULL;
  g_autofree gint *cluster = NULL;
  EmUncertainty strategy = EM_UNCERTAINTY_ENTROPY;
  g_autoptr(EmScoredChunks) lib = NULL;
  gsize n, n_pool = 0, n_clusters = 0;

  g_option_context_set_summary (context, _("Lists the unlabelled chunks the model is least sure about, to label next (CSV after “#” notes)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!em_cli_parse (context, &argc, &argv))
    return EM_CLI_EXIT_USAGE;

  if (argc > 1 || batch < 1 || (strategy_name != NULL && !em_uncertainty_from_string (strategy_name, &strategy)))
    {
      g_printerr (_("earmark-cli queue: -n is at least 1; --strategy is entropy, margin or disagreement\n"));
      return EM_CLI_EXIT_USAGE;
    }

  db_path = em_cli_dup_library_path (library_option);
  rows = g_new (gsize, batch);
  scores = g_new (double, batch);
  cluster = g_new (gint, batch);
  if (!(library = em_library_open (db_path, &error)) ||
      !(model = get_model (em_library_get_store (library), &note, &error)) ||
      !(lib = em_scored_chunks_compute (em_library_get_store (library), model, TRUE, NULL, &error)) ||
      ((n = select_batch (lib, strategy, diverse, batch, rows, scores, cluster,
                          &n_pool, &n_clusters, &error)) == 0 && error != NULL))
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  g_print (_("# model: %s\n"), note);
  if (diverse)
    g_print (_("# strategy: %s, spread over %zu clusters of the %zu most uncertain unlabelled chunks\n"),
             em_uncertainty_to_string (strategy), n_clusters, n_pool);
  else
    g_print (_("# strategy: %s\n"), em_uncertainty_to_string (strategy));
  print_batch (em_library_get_store (library), lib, model, rows, scores, cluster, n);

  return EM_CLI_EXIT_OK;
}
