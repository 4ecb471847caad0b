/* em-cli-features.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * earmark-cli features: the 38 features of every chunk of audio files,
 * as CSV in input order, computed on all cores.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-audio-files.h"
#include "em-cli.h"
#include "em-file-batch.h"
#include "em-file-features.h"

typedef struct
{
  EmFeatureExtractor *extractor;
  double              chunk_seconds;
  guint               max_chunks;
  FILE               *out;
  guint               n_failed;
} FeaturesRun;

static gpointer
compute_file (const char    *path,
              gpointer       user_data,
              GCancellable  *cancellable,
              GError       **error)
{
  FeaturesRun *run = user_data;

  return em_file_features_compute (run->extractor, path, run->chunk_seconds,
                                   run->max_chunks, cancellable, error);
}

static void
write_header (FILE *out)
{
  fputs ("file,chunk,start_s,end_s", out);
  for (guint i = 0; i < EM_FEATURE_COUNT; i++)
    fprintf (out, ",%s", em_feature_name (i));
  fputc ('\n', out);
}

static void
write_rows (FILE                 *out,
            const char           *path,
            const EmFileFeatures *features)
{
  for (guint c = 0; c < features->n_chunks; c++)
    {
      const EmChunkRecord *chunk = &features->chunks[c];

      em_cli_write_csv_field (out, path);
      fprintf (out, ",%u,", chunk->idx);
      em_cli_write_double (out, chunk->start_s);
      fputc (',', out);
      em_cli_write_double (out, chunk->end_s);
      for (guint i = 0; i < EM_FEATURE_COUNT; i++)
        {
          fputc (',', out);
          em_cli_write_double (out, chunk->features[i]);
        }
      fputc ('\n', out);
    }
}

static void
deliver_file (guint         index,
              const char   *path,
              gpointer      result,
              const GError *error,
              gpointer      user_data)
{
  FeaturesRun *run = user_data;
  EmFileFeatures *features = result;

  if (!em_cli_report_file (path, error, features, &run->n_failed))
    return;
  write_rows (run->out, path, features);
}

typedef struct
{
  GPtrArray   *files;
  FeaturesRun *run;
  guint        n_threads;
} FeaturesJob;

static gboolean
features_job (gpointer   data,
              EmJob     *job,
              GError   **error)
{
  FeaturesJob *fj = data;

  return em_file_batch_run (fj->files, fj->n_threads, compute_file,
                            (GDestroyNotify)em_file_features_free,
                            deliver_file, fj->run, job, error);
}

static gboolean
parse_chunks_option (const char *value,
                     guint      *max_chunks)
{
  if (g_strcmp0 (value, "last") == 0)
    *max_chunks = 1;
  else if (g_strcmp0 (value, "all") == 0)
    *max_chunks = 0;
  else
    return FALSE;

  return TRUE;
}

int
em_cli_features (int    argc,
                 char **argv)
{
  g_autofree char *chunks = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) paths = NULL;
  double chunk_seconds = 10.0;
  int n_threads = 0;
  const GOptionEntry entries[] = {
    { "chunks", 0, 0, G_OPTION_ARG_STRING, &chunks, N_("Which chunks: last (default) or all"), "last|all" },
    { "chunk-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &chunk_seconds, N_("Chunk length (default 10)"), "S" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the CSV to OUT (default: standard output)"), "OUT.csv" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &n_threads, N_("Worker threads (default: one per core)"), "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_("PATH…") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EmJob) job = em_job_new (_("Computing features"));
  FeaturesRun run = { NULL, 0, 1, NULL, 0 };
  FeaturesJob fj;
  gboolean ok;

  g_option_context_set_summary (context, _("Computes the 38 features of each chunk (counted from the end) of audio files and folders (recursive) and writes them as CSV."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!em_cli_parse (context, &argc, &argv))
    return EM_CLI_EXIT_USAGE;

  if (paths == NULL || chunk_seconds <= 0 || n_threads < 0 ||
      (chunks != NULL && !parse_chunks_option (chunks, &run.max_chunks)))
    {
      g_printerr (_("earmark-cli features: give files or folders; --chunks is last or all; --chunk-seconds is positive\n"));
      return EM_CLI_EXIT_USAGE;
    }

  if (!(files = em_audio_files_collect ((const char * const *)paths, NULL, &error)) ||
      !(run.out = em_cli_open_output (output, &error)))
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  run.extractor = em_feature_extractor_new ();
  run.chunk_seconds = chunk_seconds;
  write_header (run.out);
  fj = (FeaturesJob) { files, &run, n_threads };
  ok = em_cli_run_job (job, features_job, &fj, output != NULL, &error);

  em_feature_extractor_free (run.extractor);
  if ((run.out != stdout ? fclose (run.out) : fflush (run.out)) != 0 && ok)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s"),
                   output != NULL ? output : _("standard output"));
      ok = FALSE;
    }

  if (!ok)
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  return run.n_failed > 0 ? EM_CLI_EXIT_FILE_ERROR : EM_CLI_EXIT_OK;
}
