/* em-cli-tag.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * earmark-cli tag: the batch job that classifies every chunk of a library
 * and stores the predictions; Ctrl+C (or a kill) keeps the finished
 * batches and a rerun resumes.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-cli.h"
#include "em-cli-ml.h"
#include "em-library.h"
#include "em-tag-results.h"
#include "em-tagger.h"

typedef struct
{
  EmStore      *store;
  EmEnsemble   *model;
  gint64        model_id;
  EmTagOptions  options;
  EmTagSummary *summary;
} TagJob;

static gboolean
tag_job (gpointer   data,
         EmJob     *job,
         GError   **error)
{
  TagJob *tj = data;

  tj->summary = em_tagger_run (tj->store, tj->model, tj->model_id, &tj->options, job, error);

  return tj->summary != NULL;
}

static void
print_summary (const EmTagSummary *summary,
               EmEnsembleMode      mode)
{
  const EmLabel labels[] = { EM_LABEL_MUSIC, EM_LABEL_DIALOGUE, EM_LABEL_BOTH };
  guint total = 0;

  g_print (_("%u chunks in the library: %u tagged now, %u already tagged by this model\n"),
           summary->n_chunks, summary->n_predicted, summary->n_existing);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    total += summary->n_per_label[labels[i]];
  g_print (_("Per class:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      guint n = summary->n_per_label[labels[i]];
      const char *name = em_label_to_string (labels[i]);

      if (mode == EM_ENSEMBLE_MODE_BINARY && labels[i] == EM_LABEL_BOTH)
        continue;
      if (mode == EM_ENSEMBLE_MODE_BINARY && labels[i] == EM_LABEL_MUSIC)
        name = _("contains music");
      g_print ("  %-15s %7u  %5.1f %%\n", name, n, total > 0 ? 100.0 * n / total : 0.0);
    }

  g_print (_("Tracks: %u, ending with music: %u, without: %u\n"), summary->outros->len,
           summary->n_tracks_outro, summary->outros->len - summary->n_tracks_outro);
}

static EmEnsemble *
load_active_model (EmStore  *store,
                   gint64   *model_id)
{
  g_autoptr(EmModelRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  EmEnsemble *model;

  if (!(model = em_tag_load_model (store, 0, &record, &error)))
    {
      if (error != NULL)
        em_cli_print_error (NULL, error);
      else
        g_printerr (_("earmark-cli: the library has no active model; give --model MODEL.json or run “earmark-cli train --library DB”\n"));
      return NULL;
    }
  *model_id = record->id;

  return model;
}

static gboolean
prepare_model (TagJob      *tj,
               const char  *model_path)
{
  g_autoptr(GError) error = NULL;
  gboolean existed = FALSE;

  if (model_path == NULL)
    {
      if (!(tj->model = load_active_model (tj->store, &tj->model_id)))
        return FALSE;
      g_print (_("Tagging with the library’s active model %" G_GINT64_FORMAT " (%s)\n"),
               tj->model_id, em_ensemble_mode_to_string (em_ensemble_get_mode (tj->model)));
      return TRUE;
    }

  if (!(tj->model = em_cli_load_model (model_path)))
    return FALSE;
  if (!(tj->model_id = em_tagger_add_model (tj->store, tj->model, TRUE, &existed, &error)))
    {
      em_cli_print_error (NULL, error);
      return FALSE;
    }
  g_print (existed ? _("Tagging with %s (%s), model %" G_GINT64_FORMAT " of the library\n")
                   : _("Tagging with %s (%s), added to the library as model %" G_GINT64_FORMAT "\n"),
           model_path, em_ensemble_mode_to_string (em_ensemble_get_mode (tj->model)), tj->model_id);

  return TRUE;
}

int
em_cli_tag (int    argc,
            char **argv)
{
  g_autofree char *model_path = NULL;
  g_autofree char *library_option = NULL;
  g_autofree char *db_path = NULL;
  int batch_size = EM_TAG_DEFAULT_BATCH_SIZE, pause_ms = 0, outro_chunks = EM_TAG_DEFAULT_OUTRO_CHUNKS;
  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model_path, N_("The model file (default: the library’s active model); it becomes the active model"), "MODEL.json" },
    { "library", 'l', 0, G_OPTION_ARG_FILENAME, &library_option, N_("Library database (default: $XDG_DATA_HOME/earmark/library.db)"), "DB" },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &batch_size, N_("Chunks saved per transaction (default 256)"), "N" },
    { "pause-ms", 0, 0, G_OPTION_ARG_INT, &pause_ms, N_("Pause between batches, to spare a busy machine (default 0)"), "MS" },
    { "outro-chunks", 0, 0, G_OPTION_ARG_INT, &outro_chunks, N_("Final chunks that decide “ends with music” (default 1)"), "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(EmLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EmJob) job = em_job_new (_("Tagging"));
  TagJob tj = { 0 };
  gboolean ok;

  g_option_context_set_summary (context, _("Classifies every chunk of the library with the model and stores the predictions. Ctrl+C stops; finished batches are kept and a rerun resumes."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!em_cli_parse (context, &argc, &argv))
    return EM_CLI_EXIT_USAGE;

  if (argc > 1 || batch_size < 1 || pause_ms < 0 || outro_chunks < 1)
    {
      g_printerr (_("earmark-cli tag: takes no arguments; --batch-size and --outro-chunks are at least 1\n"));
      return EM_CLI_EXIT_USAGE;
    }

  db_path = em_cli_dup_library_path (library_option);
  if (!(library = em_library_open (db_path, &error)))
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  tj.store = em_library_get_store (library);
  tj.options = (EmTagOptions) { batch_size, pause_ms, outro_chunks };
  if (!prepare_model (&tj, model_path))
    return EM_CLI_EXIT_FAILURE;

  ok = em_cli_run_job (job, tag_job, &tj, TRUE, &error);
  if (ok)
    print_summary (tj.summary, em_ensemble_get_mode (tj.model));
  g_clear_pointer (&tj.summary, em_tag_summary_free);
  g_clear_pointer (&tj.model, em_ensemble_unref);

  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr (_("earmark-cli: tagging cancelled; finished batches are kept, run the same command to resume\n"));
      return 130;
    }
  if (!ok)
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  return EM_CLI_EXIT_OK;
}
