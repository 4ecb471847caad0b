/* em-cli-classify.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * earmark-cli classify: a model's verdict on chunks of audio files, as
 * CSV in input order; features computed on all cores.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "em-audio-files.h"
#include "em-cli.h"
#include "em-cli-ml.h"
#include "em-file-batch.h"
#include "em-file-features.h"

/* Chunks are predicted in batches: one XGBoost call per chunk would cost
 * more than the features of a 10-s clip. */
#define PREDICT_BATCH 256

typedef struct
{
  EmFeatureExtractor *extractor;
  EmEnsemble         *model;
  guint               max_chunks;
  FILE               *out;
  guint               n_failed;
  GPtrArray          *pending_paths;   /* file of each pending chunk */
  GArray             *pending;         /* EmChunkRecord, in output order */
} ClassifyRun;

static gpointer
compute_file (const char    *path,
              gpointer       user_data,
              GCancellable  *cancellable,
              GError       **error)
{
  ClassifyRun *run = user_data;

  return em_file_features_compute (run->extractor, path, 10.0, run->max_chunks, cancellable, error);
}

static void
report_failed_batch (ClassifyRun  *run,
                     const GError *error)
{
  for (guint i = 0; i < run->pending_paths->len; i++)
    {
      const char *path = g_ptr_array_index (run->pending_paths, i);

      if (i > 0 && g_strcmp0 (path, g_ptr_array_index (run->pending_paths, i - 1)) == 0)
        continue;
      em_cli_print_error (path, error);
      run->n_failed++;
    }
}

/* Predicts and writes the pending chunks. */
static void
flush_predictions (ClassifyRun *run)
{
  EmEnsembleMode mode = em_ensemble_get_mode (run->model);
  guint k = em_ensemble_get_n_classes (run->model);
  guint n = run->pending->len;
  g_autofree double *x = g_new (double, MAX (n, 1) * EM_STORE_N_FEATURES);
  g_autofree double *proba = g_new (double, MAX (n, 1) * k);
  g_autoptr(GError) error = NULL;

  for (guint c = 0; c < n; c++)
    memcpy (x + c * EM_STORE_N_FEATURES, g_array_index (run->pending, EmChunkRecord, c).features,
            EM_STORE_N_FEATURES * sizeof (double));

  if (n > 0 && !em_ensemble_predict (run->model, x, n, proba, &error))
    report_failed_batch (run, error);
  else
    for (guint c = 0; c < n; c++)
      {
        const EmChunkRecord *chunk = &g_array_index (run->pending, EmChunkRecord, c);

        em_cli_write_prediction_row (run->out, g_ptr_array_index (run->pending_paths, c), chunk->idx,
                                     chunk->start_s, chunk->end_s, proba + c * k, mode);
      }

  g_ptr_array_set_size (run->pending_paths, 0);
  g_array_set_size (run->pending, 0);
}

static void
deliver_file (guint         index,
              const char   *path,
              gpointer      result,
              const GError *error,
              gpointer      user_data)
{
  ClassifyRun *run = user_data;
  EmFileFeatures *features = result;

  if (!em_cli_report_file (path, error, features, &run->n_failed))
    return;
  for (guint c = 0; c < features->n_chunks; c++)
    g_ptr_array_add (run->pending_paths, g_strdup (path));
  g_array_append_vals (run->pending, features->chunks, features->n_chunks);
  if (run->pending->len >= PREDICT_BATCH)
    flush_predictions (run);
}

typedef struct
{
  GPtrArray   *files;
  ClassifyRun *run;
  guint        n_threads;
} ClassifyJob;

static gboolean
classify_job (gpointer   data,
              EmJob     *job,
              GError   **error)
{
  ClassifyJob *cj = data;

  gboolean ok;

  ok = em_file_batch_run (cj->files, cj->n_threads, compute_file,
                          (GDestroyNotify)em_file_features_free,
                          deliver_file, cj->run, job, error);
  flush_predictions (cj->run);

  return ok;
}

int
em_cli_classify (int    argc,
                 char **argv)
{
  g_autofree char *model_path = NULL;
  g_autofree char *chunks = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) paths = NULL;
  int n_threads = 0;
  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model_path, N_("The model file"), "MODEL.json" },
    { "chunks", 0, 0, G_OPTION_ARG_STRING, &chunks, N_("Which chunks: last (default) or all"), "last|all" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the CSV to OUT (default: standard output)"), "OUT.csv" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &n_threads, N_("Worker threads (default: one per core)"), "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_("PATH…") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(EmEnsemble) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EmJob) job = em_job_new (_("Classifying"));
  ClassifyRun run = { NULL, NULL, 1, NULL, 0, NULL, NULL };
  ClassifyJob cj;
  gboolean ok;

  g_option_context_set_summary (context, _("Classifies each chunk (counted from the end) of audio files and folders (recursive) and writes file,chunk,start_s,end_s,label,p_music,p_dialogue,p_both as CSV (binary models: p_music is P(contains music) and p_both is empty)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!em_cli_parse (context, &argc, &argv))
    return EM_CLI_EXIT_USAGE;

  if (model_path == NULL || paths == NULL || n_threads < 0 ||
      (chunks != NULL && g_strcmp0 (chunks, "last") != 0 && g_strcmp0 (chunks, "all") != 0))
    {
      g_printerr (_("earmark-cli classify: give --model MODEL.json and files or folders; --chunks is last or all\n"));
      return EM_CLI_EXIT_USAGE;
    }
  run.max_chunks = g_strcmp0 (chunks, "all") == 0 ? 0 : 1;

  if (!(model = em_cli_load_model (model_path)))
    return EM_CLI_EXIT_FAILURE;

  if (!(files = em_audio_files_collect ((const char * const *)paths, NULL, &error)) ||
      !(run.out = em_cli_open_output (output, &error)))
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  run.extractor = em_feature_extractor_new ();
  run.model = model;
  run.pending_paths = g_ptr_array_new_with_free_func (g_free);
  run.pending = g_array_new (FALSE, FALSE, sizeof (EmChunkRecord));
  fputs ("file,chunk,start_s,end_s,label,p_music,p_dialogue,p_both\n", run.out);
  cj = (ClassifyJob) { files, &run, n_threads };
  ok = em_cli_run_job (job, classify_job, &cj, output != NULL, &error);

  em_feature_extractor_free (run.extractor);
  g_ptr_array_unref (run.pending_paths);
  g_array_unref (run.pending);
  if (run.out != stdout)
    fclose (run.out);

  if (!ok)
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  return run.n_failed > 0 ? EM_CLI_EXIT_FILE_ERROR : EM_CLI_EXIT_OK;
}
