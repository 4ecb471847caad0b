/* em-cli-analyze.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * earmark-cli analyze: PCA, k-means, DBSCAN, hierarchical linkage, t-SNE
 * and silhouette over a library's or a CSV's feature vectors.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "em-cli.h"
#include "em-cli-analyze.h"
#include "em-explorer.h"
#include "em-pca.h"

typedef struct
{
  const char    *name;
  EmAnalyzeFunc  func;
} Algorithm;

static const Algorithm algorithms[] = {
  { "pca", em_cli_analyze_pca },
  { "kmeans", em_cli_analyze_kmeans },
  { "dbscan", em_cli_analyze_dbscan },
  { "linkage", em_cli_analyze_linkage },
  { "tsne", em_cli_analyze_tsne },
  { "silhouette", em_cli_analyze_silhouette },
};

void
em_cli_analyze_write_ids (FILE              *out,
                          const EmCliMatrix *matrix,
                          gsize              row)
{
  em_cli_write_csv_field (out, g_ptr_array_index (matrix->files, row));
  fprintf (out, ",%u", g_array_index (matrix->chunks, guint, row));
}

/* Z-scores in place (NaN imputed by the column mean) unless --raw. */
static gboolean
prepare_features (const EmAnalyzeOptions  *options,
                  EmCliMatrix             *matrix,
                  GError                 **error)
{
  gsize n_imputed = 0;

  if (options->raw)
    {
      for (gsize i = 0; i < matrix->n_rows * matrix->n_cols; i++)
        if (!isfinite (matrix->x[i]))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("row %zu holds a value that is not a number; drop --raw to impute it"),
                         i / matrix->n_cols + 1);
            return FALSE;
          }
      return TRUE;
    }

  if (!em_explorer_standardize (matrix->x, matrix->n_rows, matrix->n_cols, &n_imputed, error))
    return FALSE;

  if (n_imputed > 0)
    g_printerr (_("earmark-cli: %zu missing values (e.g. HNR of silence) imputed by the column mean\n"),
                n_imputed);

  return TRUE;
}

/* For clustering and t-SNE, --components N first keeps N principal
 * components, as the Explore page does with its variance cutoff. */
static gboolean
reduce_components (const EmAnalyzeOptions  *options,
                   EmCliMatrix             *matrix,
                   EmJob                   *job,
                   GError                 **error)
{
  g_autoptr(EmPca) pca = NULL;
  gsize n = options->components;

  if (n == 0 || g_str_equal (options->algorithm, "pca"))
    return TRUE;
  if (!(pca = em_pca_compute (matrix->x, matrix->n_rows, matrix->n_cols, job, error)))
    return FALSE;

  g_free (matrix->x);
  matrix->x = em_explorer_reduce (pca, n);
  matrix->n_cols = MIN (n, pca->n_components);

  return TRUE;
}

typedef struct
{
  const EmAnalyzeOptions *options;
  const Algorithm        *algorithm;
  EmCliMatrix            *matrix;
  FILE                   *out;
} AnalyzeJob;

static gboolean
analyze_job (gpointer   data,
             EmJob     *job,
             GError   **error)
{
  AnalyzeJob *aj = data;

  return prepare_features (aj->options, aj->matrix, error) &&
         reduce_components (aj->options, aj->matrix, job, error) &&
         aj->algorithm->func (aj->options, aj->matrix, aj->out, job, error);
}

static const Algorithm *
find_algorithm (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (algorithms); i++)
    if (g_str_equal (name, algorithms[i].name))
      return &algorithms[i];

  return NULL;
}

static int
run_analysis (EmAnalyzeOptions *options,
              const Algorithm  *algorithm)
{
  EmCliMatrix matrix = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(EmJob) job = em_job_new (_("Analysing"));
  FILE *out = NULL;
  AnalyzeJob aj;
  gboolean ok;

  ok = options->input != NULL ? em_cli_matrix_load_csv (&matrix, options->input, &error)
                              : em_cli_matrix_load_library (&matrix, options->library, &error);
  if (ok && matrix.n_rows == 0)
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("no feature vectors to analyse: scan a folder first"));
      ok = FALSE;
    }
  if (ok)
    ok = (out = em_cli_open_output (options->output, &error)) != NULL;
  if (ok)
    {
      aj = (AnalyzeJob) { options, algorithm, &matrix, out };
      ok = em_cli_run_job (job, analyze_job, &aj, options->output != NULL, &error);
    }

  if (out != NULL && out != stdout && fclose (out) != 0 && ok)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s"), options->output);
      ok = FALSE;
    }
  em_cli_matrix_clear (&matrix);

  if (!ok)
    {
      em_cli_print_error (NULL, error);
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? 130 : EM_CLI_EXIT_FAILURE;
    }

  return EM_CLI_EXIT_OK;
}

static void
clear_options (EmAnalyzeOptions *options)
{
  g_clear_pointer (&options->library, g_free);
  g_clear_pointer (&options->input, g_free);
  g_clear_pointer (&options->output, g_free);
  g_clear_pointer (&options->flat_output, g_free);
  g_clear_pointer (&options->assignments, g_free);
  g_clear_pointer (&options->method, g_free);
}

int
em_cli_analyze (int    argc,
                char **argv)
{
  EmAnalyzeOptions options = { .k = 3, .eps = -1, .min_samples = 10, .threshold = -1,
                               .clusters = 0, .perplexity = 30, .seed = 0,
                               .components = 0, .iterations = 1000 };
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "library", 'l', 0, G_OPTION_ARG_FILENAME, &options.library, N_("Read the feature vectors of a library"), "DB" },
    { "input", 'i', 0, G_OPTION_ARG_FILENAME, &options.input, N_("Read the CSV written by “earmark-cli features”"), "FEATURES.csv" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output, N_("Write the result to OUT (default: standard output)"), "OUT.csv" },
    { "raw", 0, 0, G_OPTION_ARG_NONE, &options.raw, N_("Use the features as they are (default: z-scores)"), NULL },
    { "components", 0, 0, G_OPTION_ARG_INT, &options.components, N_("Principal components to keep (pca: columns written; others: reduce first)"), "N" },
    { "k", 'k', 0, G_OPTION_ARG_INT, &options.k, N_("k-means: number of clusters (default 3)"), "K" },
    { "eps", 0, 0, G_OPTION_ARG_DOUBLE, &options.eps, N_("DBSCAN: neighbourhood radius (default: the suggested knee)"), "EPS" },
    { "min-samples", 0, 0, G_OPTION_ARG_INT, &options.min_samples, N_("DBSCAN: neighbours of a core point, itself included (default 10)"), "N" },
    { "method", 'm', 0, G_OPTION_ARG_STRING, &options.method, N_("linkage: single|complete|average|weighted|ward|centroid|median (default ward)"), "METHOD" },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &options.threshold, N_("linkage: cut the tree at this height"), "H" },
    { "clusters", 0, 0, G_OPTION_ARG_INT, &options.clusters, N_("linkage: cut the tree into N clusters"), "N" },
    { "flat-output", 0, 0, G_OPTION_ARG_FILENAME, &options.flat_output, N_("linkage: write the flat clusters of the cut here"), "OUT.csv" },
    { "assignments", 0, 0, G_OPTION_ARG_FILENAME, &options.assignments, N_("silhouette: a CSV with a “cluster” column (default: k-means with --k)"), "FILE.csv" },
    { "perplexity", 0, 0, G_OPTION_ARG_DOUBLE, &options.perplexity, N_("t-SNE: perplexity (default 30)"), "P" },
    { "iterations", 0, 0, G_OPTION_ARG_INT, &options.iterations, N_("t-SNE: iterations (default 1000)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &options.seed, N_("Random seed (default 0)"), "S" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, "pca|kmeans|dbscan|linkage|tsne|silhouette" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  const Algorithm *algorithm;
  int status;

  g_option_context_set_summary (context, _("Explores the feature vectors: PCA, k-means, DBSCAN, hierarchical clustering (linkage matrix in SciPy’s format), t-SNE and silhouette. Outputs are CSV in input row order with the file and chunk of each row."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!em_cli_parse (context, &argc, &argv))
    status = EM_CLI_EXIT_USAGE;
  else if (!(algorithm = rest != NULL && g_strv_length (rest) == 1 ? find_algorithm (rest[0]) : NULL) ||
           (options.library != NULL) == (options.input != NULL) ||
           options.components < 0 || options.k < 1 || options.min_samples < 1)
    {
      g_printerr (_("Usage: earmark-cli analyze pca|kmeans|dbscan|linkage|tsne|silhouette [OPTION…] (--library DB | --input FEATURES.csv) [-o OUT.csv]\n"));
      status = EM_CLI_EXIT_USAGE;
    }
  else
    {
      options.algorithm = rest[0];
      status = run_analysis (&options, algorithm);
    }

  clear_options (&options);

  return status;
}
