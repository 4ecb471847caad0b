/* em-cli-analyze-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One runner per `earmark-cli analyze` algorithm: call libearmark, write
 * the CSV, report the figures a person wants to see.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-cli.h"
#include "em-cli-analyze.h"
#include "em-csv.h"
#include "em-dbscan.h"
#include "em-explorer.h"
#include "em-kmeans.h"
#include "em-linkage.h"
#include "em-pca.h"
#include "em-silhouette.h"
#include "em-tsne.h"

/* Human-readable figures go to stdout when the CSV goes to a file. */
static FILE *
report_stream (const EmAnalyzeOptions *options)
{
  return options->output != NULL ? stdout : stderr;
}

/* One row per input row: its ids, then @n_values doubles from @values,
 * whose rows are @stride doubles apart. */
static void
write_value_rows (FILE              *out,
                  const EmCliMatrix *matrix,
                  const double      *values,
                  gsize              stride,
                  gsize              n_values)
{
  for (gsize r = 0; r < matrix->n_rows; r++)
    {
      em_cli_analyze_write_ids (out, matrix, r);
      for (gsize c = 0; c < n_values; c++)
        {
          fputc (',', out);
          em_cli_write_double (out, values[r * stride + c]);
        }
      fputc ('\n', out);
    }
}

static void
write_labels (FILE              *out,
              const EmCliMatrix *matrix,
              const gint32      *labels)
{
  fputs ("file,chunk,cluster\n", out);
  for (gsize r = 0; r < matrix->n_rows; r++)
    {
      em_cli_analyze_write_ids (out, matrix, r);
      fprintf (out, ",%d\n", labels[r]);
    }
}

gboolean
em_cli_analyze_pca (const EmAnalyzeOptions  *options,
                    const EmCliMatrix       *matrix,
                    FILE                    *out,
                    EmJob                   *job,
                    GError                 **error)
{
  g_autoptr(EmPca) pca = NULL;
  FILE *report = report_stream (options);
  gsize n_written;

  if (!(pca = em_pca_compute (matrix->x, matrix->n_rows, matrix->n_cols, job, error)))
    return FALSE;

  n_written = options->components > 0 ? MIN ((gsize)options->components, pca->n_components)
                                      : pca->n_components;
  fputs ("file,chunk", out);
  for (gsize c = 0; c < n_written; c++)
    fprintf (out, ",pc%zu", c + 1);
  fputc ('\n', out);
  write_value_rows (out, matrix, pca->scores, pca->n_components, n_written);

  fprintf (report, "component,explained_variance,ratio,cumulative\n");
  for (gsize c = 0; c < pca->n_components; c++)
    fprintf (report, "%zu,%.17g,%.17g,%.17g\n", c + 1, pca->explained_variance[c],
             pca->explained_variance_ratio[c], pca->cumulative_ratio[c]);
  fprintf (report, _("Components for 80%% of the variance: %zu\n"),
           em_pca_components_for_fraction (pca, EM_PCA_DEFAULT_FRACTION));

  return TRUE;
}

gboolean
em_cli_analyze_kmeans (const EmAnalyzeOptions  *options,
                       const EmCliMatrix       *matrix,
                       FILE                    *out,
                       EmJob                   *job,
                       GError                 **error)
{
  g_autoptr(EmKmeans) kmeans = NULL;
  FILE *report = report_stream (options);
  EmKmeansParams params;

  em_kmeans_params_init (&params, options->k);
  params.seed = options->seed;
  if (!(kmeans = em_kmeans_run (matrix->x, matrix->n_rows, matrix->n_cols, &params, job, error)))
    return FALSE;

  write_labels (out, matrix, kmeans->labels);
  fprintf (report, _("k-means, k = %u: inertia %.6f after %u iterations; sizes"),
           kmeans->k, kmeans->inertia, kmeans->n_iter);
  for (guint c = 0; c < kmeans->k; c++)
    fprintf (report, " %zu", kmeans->sizes[c]);
  fputc ('\n', report);

  return TRUE;
}

/* Without --eps, the knee of the sorted k-distance curve, so that the
 * radius is chosen from the data rather than guessed (a guessed eps is how
 * everything ends up as noise). */
static gboolean
choose_eps (const EmAnalyzeOptions  *options,
            const EmCliMatrix       *matrix,
            double                  *eps,
            EmJob                   *job,
            GError                 **error)
{
  g_autofree double *sorted = g_new (double, matrix->n_rows);

  if (options->eps > 0)
    {
      *eps = options->eps;
      return TRUE;
    }
  if (!em_dbscan_k_distances (matrix->x, matrix->n_rows, matrix->n_cols,
                              options->min_samples, sorted, job, error))
    return FALSE;

  *eps = em_dbscan_suggest_eps (sorted, matrix->n_rows);
  fprintf (report_stream (options), _("Suggested eps (knee of the %d-distance curve): %.6g\n"),
           options->min_samples, *eps);

  return TRUE;
}

gboolean
em_cli_analyze_dbscan (const EmAnalyzeOptions  *options,
                       const EmCliMatrix       *matrix,
                       FILE                    *out,
                       EmJob                   *job,
                       GError                 **error)
{
  g_autoptr(EmDbscan) dbscan = NULL;
  double eps;

  if (!choose_eps (options, matrix, &eps, job, error) ||
      !(dbscan = em_dbscan_run (matrix->x, matrix->n_rows, matrix->n_cols, eps,
                                options->min_samples, job, error)))
    return FALSE;

  fputs ("file,chunk,cluster,core\n", out);
  for (gsize r = 0; r < matrix->n_rows; r++)
    {
      em_cli_analyze_write_ids (out, matrix, r);
      fprintf (out, ",%d,%d\n", dbscan->labels[r], dbscan->core[r] ? 1 : 0);
    }
  fprintf (report_stream (options),
           _("DBSCAN, eps %.6g, min_samples %d: %u clusters, %zu core points, %zu noise (%.1f%%)\n"),
           eps, options->min_samples, dbscan->n_clusters, dbscan->n_core, dbscan->n_noise,
           100.0 * dbscan->n_noise / matrix->n_rows);

  return TRUE;
}

static void
write_linkage (FILE         *out,
               const double *z,
               gsize         n_rows)
{
  fputs ("idx1,idx2,distance,size\n", out);
  for (gsize i = 0; i + 1 < n_rows; i++)
    {
      const double *row = z + 4 * i;

      fprintf (out, "%.0f,%.0f,", row[0], row[1]);
      em_cli_write_double (out, row[2]);
      fprintf (out, ",%.0f\n", row[3]);
    }
}

/* --clusters N or --threshold H: flat clusters like SciPy's fcluster (see
 * em_explorer_cut_tree() for the non-monotone trees). */
static gboolean
cut_tree (const EmAnalyzeOptions  *options,
          const EmCliMatrix       *matrix,
          const double            *z,
          GError                 **error)
{
  g_autofree gint32 *labels = g_new0 (gint32, matrix->n_rows);
  g_autoptr(GHashTable) sizes = g_hash_table_new (NULL, NULL);
  gsize n_clusters = 0;

  if (options->clusters <= 0 && options->threshold < 0)
    return TRUE;

  if (!em_explorer_cut_tree (z, matrix->n_rows, MAX (options->clusters, 0), options->threshold,
                             labels, &n_clusters, error))
    return FALSE;

  for (gsize r = 0; r < matrix->n_rows; r++)
    {
      gpointer key = GINT_TO_POINTER (labels[r]);
      g_hash_table_insert (sizes, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (sizes, key)) + 1));
    }
  fprintf (report_stream (options), _("Cut into %zu clusters\n"), n_clusters);

  if (options->flat_output != NULL)
    {
      FILE *flat = em_cli_open_output (options->flat_output, error);

      if (flat == NULL)
        return FALSE;
      write_labels (flat, matrix, labels);
      if (flat != stdout)
        fclose (flat);
    }

  return TRUE;
}

gboolean
em_cli_analyze_linkage (const EmAnalyzeOptions  *options,
                        const EmCliMatrix       *matrix,
                        FILE                    *out,
                        EmJob                   *job,
                        GError                 **error)
{
  g_autofree double *z = NULL;
  EmLinkageMethod method = EM_LINKAGE_WARD;

  if (options->method != NULL &&
      !em_linkage_method_from_string (options->method, &method, error))
    return FALSE;
  if (matrix->n_rows < 2)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("hierarchical clustering needs at least two rows"));
      return FALSE;
    }

  z = g_new (double, 4 * (matrix->n_rows - 1));
  if (!em_linkage_compute (matrix->x, matrix->n_rows, matrix->n_cols, method, job, z, error))
    return FALSE;

  write_linkage (out, z, matrix->n_rows);

  return cut_tree (options, matrix, z, error);
}

gboolean
em_cli_analyze_tsne (const EmAnalyzeOptions  *options,
                     const EmCliMatrix       *matrix,
                     FILE                    *out,
                     EmJob                   *job,
                     GError                 **error)
{
  g_autofree double *embedding = g_new (double, 2 * matrix->n_rows);
  EmTsneOptions tsne_options;
  double kl = 0;

  em_tsne_options_init (&tsne_options);
  tsne_options.perplexity = options->perplexity;
  tsne_options.n_iter = options->iterations;
  tsne_options.seed = options->seed;
  if (!em_tsne_run (matrix->x, matrix->n_rows, matrix->n_cols, &tsne_options,
                    embedding, &kl, job, error))
    return FALSE;

  fputs ("file,chunk,x,y\n", out);
  write_value_rows (out, matrix, embedding, 2, 2);
  fprintf (report_stream (options), _("t-SNE: KL divergence %.5f\n"), kl);

  return TRUE;
}

/* The "cluster" column of a CSV, one per row, in row order. */
static gint32 *
read_assignments (const char  *path,
                  gsize        n_rows,
                  GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autofree gint32 *labels = g_new0 (gint32, n_rows);
  EmCsvReader reader;
  gsize length, n = 0;
  int column;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  em_csv_reader_init (&reader, contents, length, display);
  if (!em_csv_reader_next (&reader, fields, error))
    return NULL;
  if ((column = em_csv_find_column (fields, "cluster")) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s: no “cluster” column"), display);
      return NULL;
    }
  while (n < n_rows && em_csv_reader_next (&reader, fields, error))
    if (column < (int)fields->len)
      labels[n++] = atoi (g_ptr_array_index (fields, column));

  if (n != n_rows)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: %zu cluster assignments for %zu rows"), display, n, n_rows);
      return NULL;
    }

  return g_steal_pointer (&labels);
}

gboolean
em_cli_analyze_silhouette (const EmAnalyzeOptions  *options,
                           const EmCliMatrix       *matrix,
                           FILE                    *out,
                           EmJob                   *job,
                           GError                 **error)
{
  g_autoptr(EmKmeans) kmeans = NULL;
  g_autofree gint32 *assigned = NULL;
  g_autofree double *values = g_new (double, matrix->n_rows);
  const gint32 *labels;
  double mean = 0;

  if (options->assignments != NULL)
    {
      if (!(assigned = read_assignments (options->assignments, matrix->n_rows, error)))
        return FALSE;
      labels = assigned;
    }
  else
    {
      EmKmeansParams params;

      em_kmeans_params_init (&params, options->k);
      params.seed = options->seed;
      if (!(kmeans = em_kmeans_run (matrix->x, matrix->n_rows, matrix->n_cols, &params, job, error)))
        return FALSE;
      labels = kmeans->labels;
    }

  if (!em_silhouette_samples (matrix->x, matrix->n_rows, matrix->n_cols, labels, values, job, error))
    return FALSE;

  fputs ("file,chunk,cluster,silhouette\n", out);
  for (gsize r = 0; r < matrix->n_rows; r++)
    {
      em_cli_analyze_write_ids (out, matrix, r);
      fprintf (out, ",%d,", labels[r]);
      em_cli_write_double (out, values[r]);
      fputc ('\n', out);
      mean += values[r] / matrix->n_rows;
    }
  fprintf (report_stream (options), _("Silhouette score: %.15f\n"), mean);

  return TRUE;
}
