/* em-cli-train.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * earmark-cli train: cross-validates (or searches) the ensemble on a
 * library's labels or on a labels file, prints the report and the
 * labelled chunks the model strongly disagrees with, and writes the model
 * trained on every labelled chunk.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-cli.h"
#include "em-cli-ml.h"
#include "em-library.h"
#include "em-trainer.h"

typedef struct
{
  EmTrainOptions  options;
  EmStore        *store;      /* train on the library's labels … */
  EmCliLabelled  *labelled;   /* … or on a labels file's */
  EmTrainResult  *result;
} TrainJob;

static gboolean
train_job (gpointer   data,
           EmJob     *job,
           GError   **error)
{
  TrainJob *tj = data;

  if (tj->store != NULL)
    tj->result = em_trainer_run (tj->store, &tj->options, job, error);
  else
    tj->result = em_trainer_train (tj->labelled->x, tj->labelled->n, tj->labelled->y,
                                   tj->labelled->paths, tj->labelled->chunk_idx,
                                   &tj->options, job, error);

  return tj->result != NULL;
}

static void
print_suspects (const EmTrainResult  *r,
                double                threshold)
{
  g_print ("\n");
  if (r->n_suspects == 0)
    {
      g_print (_("No possible label mistakes (every labelled chunk has an out-of-fold probability of its label ≥ %.2f)\n"),
               threshold);
      return;
    }

  g_print (_("Possible label mistakes (%zu; out-of-fold probability of the given label < %.2f):\n"),
           r->n_suspects, threshold);
  g_print ("  p(label)  %-9s %-9s %5s  %s\n", _("label"), _("predicted"), _("chunk"), _("file"));
  for (gsize i = 0; i < r->n_suspects; i++)
    {
      const EmSuspect *s = &r->suspects[i];
      g_autofree char *display = g_filename_display_name (g_ptr_array_index (r->paths, s->row));

      g_print ("  %8.3f  %-9s %-9s %5u  %s\n", s->p_label,
               em_ensemble_mode_get_class_name (r->mode, s->label),
               em_ensemble_mode_get_class_name (r->mode, s->predicted),
               g_array_index (r->chunk_idx, guint, s->row), display);
    }
}

static void
print_report (const TrainJob *tj)
{
  const EmTrainResult *r = tj->result;
  g_autofree char *text = NULL;

  g_print (_("Training set: %zu labelled chunks ("), r->n);
  em_cli_print_class_counts (r->y, r->n, r->mode);
  g_print (_("), %s, %d features (feature set %d)\n\n"), em_ensemble_mode_to_string (r->mode),
           EM_STORE_N_FEATURES, EM_FEATURE_SET_VERSION);

  if (r->cv == NULL)
    {
      g_print (_("No cross-validation (--cv 0)\n"));
      return;
    }

  text = r->search ? em_param_search_format (r->search) : em_cross_validation_format (r->cv);
  g_print ("%s", text);
  print_suspects (r, tj->options.suspect_threshold);
}

static int
save_model (const TrainJob *tj,
            const char     *output)
{
  g_autoptr(GError) error = NULL;

  if (!em_ensemble_save (tj->result->model, output, &error))
    {
      em_cli_print_error (output, error);
      return EM_CLI_EXIT_FAILURE;
    }
  g_print (_("\nModel written to %s\n"), output);

  if (tj->store != NULL)
    g_print (_("Saved in the library as model %" G_GINT64_FORMAT ", now the active model\n"),
             tj->result->model_id);

  return EM_CLI_EXIT_OK;
}

/* Trains on a thread with Ctrl+C wired to cancel; a library's model is
 * saved in it (and made active) by the trainer itself. */
static int
run_training (TrainJob   *tj,
              const char *output)
{
  g_autoptr(EmJob) job = em_job_new (_("Training"));
  g_autoptr(GError) error = NULL;
  int status;

  if (!em_cli_run_job (job, train_job, tj, TRUE, &error))
    {
      em_cli_print_error (NULL, error);
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? 130 : EM_CLI_EXIT_FAILURE;
    }

  print_report (tj);
  status = save_model (tj, output);
  g_clear_pointer (&tj->result, em_train_result_free);

  return status;
}

int
em_cli_train (int    argc,
              char **argv)
{
  g_autofree char *library_path = NULL;
  g_autofree char *labels_path = NULL;
  g_autofree char *mode_name = NULL;
  g_autofree char *output = NULL;
  int k = 5, n_candidates = 0, seed = 0;
  const GOptionEntry entries[] = {
    { "library", 'l', 0, G_OPTION_ARG_FILENAME, &library_path, N_("Train on the labels of this library; the model becomes its active model"), "DB" },
    { "labels", 0, 0, G_OPTION_ARG_FILENAME, &labels_path, N_("Train on a labels file (JSON or CSV), computing the features from its audio files"), "FILE" },
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode_name, N_("three-class (default) or binary (contains music)"), "MODE" },
    { "cv", 0, 0, G_OPTION_ARG_INT, &k, N_("Cross-validation folds (default 5, 0 for none)"), "K" },
    { "search", 0, 0, G_OPTION_ARG_INT, &n_candidates, N_("Randomized search over N candidate parameter sets (default 0: the defaults)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Seed of the folds, the search and the trees (default 0)"), "S" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the model to MODEL.json"), "MODEL.json" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(EmCliLabelled) labelled = NULL;
  g_autoptr(EmLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  TrainJob tj = { 0 };
  int status;

  em_train_options_init (&tj.options);
  /* The report stays as it was; the learning curve is the window's. */
  tj.options.curve_points = 0;

  g_option_context_set_summary (context, _("Trains the random-forest + gradient-boosting ensemble on labelled chunks, prints the cross-validation report and the possible label mistakes, and writes the model."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!em_cli_parse (context, &argc, &argv))
    return EM_CLI_EXIT_USAGE;

  if ((library_path == NULL) == (labels_path == NULL) || output == NULL || argc > 1 ||
      k < 0 || k == 1 || n_candidates < 0 || seed < 0 ||
      (mode_name != NULL && !em_ensemble_mode_from_string (mode_name, &tj.options.mode)) ||
      (n_candidates > 0 && k < 2))
    {
      g_printerr (_("earmark-cli train: give --library DB or --labels FILE, and -o MODEL.json; --mode is three-class or binary; --cv is 0 or at least 2 (and at least 2 with --search)\n"));
      return EM_CLI_EXIT_USAGE;
    }

  if (labels_path != NULL)
    labelled = em_cli_labelled_from_file (labels_path, 0, TRUE, &error);
  else if ((library = em_library_open (library_path, &error)) != NULL)
    tj.store = em_library_get_store (library);

  if (labelled == NULL && tj.store == NULL)
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  tj.labelled = labelled;
  tj.options.folds = (guint)k;
  tj.options.search_iterations = (guint)n_candidates;
  tj.options.seed = (guint32)seed;
  if ((status = run_training (&tj, output)) != EM_CLI_EXIT_OK)
    return status;

  return labelled != NULL && labelled->n_failed > 0 ? EM_CLI_EXIT_FILE_ERROR : EM_CLI_EXIT_OK;
}
