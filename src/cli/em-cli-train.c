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
#include "em-cross-validation.h"
#include "em-library.h"
#include "em-param-search.h"
#include "em-tagger.h"

/* Out-of-fold probability of the given label under which a chunk is
 * listed as a possible label mistake. */
#define SUSPECT_THRESHOLD 0.2

typedef struct
{
  const double   *x;
  gsize           n;
  const guint8   *y;
  EmEnsembleMode  mode;
  EmEnsembleParams params;
  guint           k;
  guint           n_candidates;
  guint32         seed;
  /* results */
  EmCrossValidation *cv;       /* owned unless search != NULL */
  EmParamSearch     *search;
  EmEnsemble        *model;
} TrainJob;

/* With SOURCE_DATE_EPOCH set (the reproducible-builds convention) the
 * model's training date is that time, so that the same labels and seed
 * give a byte-identical model file. */
static gboolean
pin_training_date (EmEnsemble **model,
                   GError     **error)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *json = NULL;
  g_autofree char *pinned = NULL;
  g_autofree char *date = NULL;
  guint64 seconds = 0;
  EmEnsemble *reloaded;

  if (epoch == NULL || !g_ascii_string_to_unsigned (epoch, 10, 0, G_MAXINT64, &seconds, NULL) ||
      !(when = g_date_time_new_from_unix_utc ((gint64)seconds)))
    return TRUE;

  if (!(json = em_ensemble_to_json (*model, NULL, error)) ||
      !json_parser_load_from_data (parser, json, -1, error))
    return FALSE;

  date = g_date_time_format_iso8601 (when);
  json_object_set_string_member (json_node_get_object (json_parser_get_root (parser)), "trained_at", date);
  json_generator_set_root (generator, json_parser_get_root (parser));
  pinned = json_generator_to_data (generator, NULL);
  if (!(reloaded = em_ensemble_from_json (pinned, -1, EM_FEATURE_SET_VERSION, error)))
    return FALSE;

  em_ensemble_unref (*model);
  *model = reloaded;
  return TRUE;
}

/* The model document names its columns as features.md does. */
static gboolean
name_features (EmEnsemble  *model,
               GError     **error)
{
  const char *names[EM_FEATURE_COUNT + 1];

  for (guint i = 0; i < EM_FEATURE_COUNT; i++)
    names[i] = em_feature_name (i);
  names[EM_FEATURE_COUNT] = NULL;

  return em_ensemble_set_feature_names (model, names, error);
}

static gboolean
train_job (gpointer   data,
           EmJob     *job,
           GError   **error)
{
  TrainJob *tj = data;

  if (tj->n_candidates > 0)
    {
      EmParamSearchSpace space;

      em_param_search_space_init (&space);
      if (!(tj->search = em_param_search_run (tj->x, tj->n, EM_STORE_N_FEATURES, tj->y, tj->mode,
                                              &tj->params, &space, tj->n_candidates, tj->k,
                                              tj->seed, EM_PARAM_SEARCH_ACCURACY,
                                              EM_FEATURE_SET_VERSION, job, error)))
        return FALSE;
      tj->model = em_ensemble_ref (tj->search->model);
      return name_features (tj->model, error) && pin_training_date (&tj->model, error);
    }

  if (tj->k >= 2 &&
      !(tj->cv = em_cross_validation_run (tj->x, tj->n, EM_STORE_N_FEATURES, tj->y, tj->mode,
                                          &tj->params, tj->k, tj->seed, job, error)))
    return FALSE;

  if (!(tj->model = em_ensemble_train (tj->x, tj->n, EM_STORE_N_FEATURES, tj->y, tj->mode,
                                       &tj->params, EM_FEATURE_SET_VERSION, job, error)))
    return FALSE;

  if (tj->cv != NULL)
    {
      g_autoptr(JsonNode) metrics = em_cross_validation_to_json (tj->cv);
      em_ensemble_set_metrics (tj->model, metrics);
    }

  return name_features (tj->model, error) && pin_training_date (&tj->model, error);
}

static void
print_suspects (const EmCrossValidation *cv,
                const EmCliLabelled     *labelled)
{
  gsize n_suspects = 0;
  g_autofree EmSuspect *suspects = em_cross_validation_list_suspects (cv, SUSPECT_THRESHOLD, &n_suspects);

  g_print ("\n");
  if (n_suspects == 0)
    {
      g_print (_("No possible label mistakes (every labelled chunk has an out-of-fold probability of its label ≥ %.2f)\n"),
               SUSPECT_THRESHOLD);
      return;
    }

  g_print (_("Possible label mistakes (%zu; out-of-fold probability of the given label < %.2f):\n"),
           n_suspects, SUSPECT_THRESHOLD);
  g_print ("  p(label)  %-9s %-9s %5s  %s\n", _("label"), _("predicted"), _("chunk"), _("file"));
  for (gsize i = 0; i < n_suspects; i++)
    {
      const EmSuspect *s = &suspects[i];
      g_autofree char *display = g_filename_display_name (g_ptr_array_index (labelled->paths, s->row));

      g_print ("  %8.3f  %-9s %-9s %5u  %s\n", s->p_label,
               em_ensemble_mode_get_class_name (cv->mode, s->label),
               em_ensemble_mode_get_class_name (cv->mode, s->predicted),
               g_array_index (labelled->chunk_idx, guint, s->row), display);
    }
}

static void
print_report (TrainJob            *tj,
              const EmCliLabelled *labelled)
{
  const EmCrossValidation *cv = tj->search ? tj->search->best_cv : tj->cv;
  g_autofree char *text = NULL;

  g_print (_("Training set: %zu labelled chunks ("), tj->n);
  em_cli_print_class_counts (tj->y, tj->n, tj->mode);
  g_print (_("), %s, %d features (feature set %d)\n\n"), em_ensemble_mode_to_string (tj->mode),
           EM_STORE_N_FEATURES, EM_FEATURE_SET_VERSION);

  if (cv == NULL)
    {
      g_print (_("No cross-validation (--cv 0)\n"));
      return;
    }

  text = tj->search ? em_param_search_format (tj->search) : em_cross_validation_format (cv);
  g_print ("%s", text);
  print_suspects (cv, labelled);
}

static EmCliLabelled *
load_training_set (const char  *library_path,
                   const char  *labels_path,
                   EmLibrary  **library,
                   GError     **error)
{
  if (labels_path != NULL)
    return em_cli_labelled_from_file (labels_path, 0, TRUE, error);

  if (!(*library = em_library_open (library_path, error)))
    return NULL;

  return em_cli_labelled_from_library (em_library_get_store (*library), error);
}

static int
save_model (TrainJob    *tj,
            const char  *output,
            EmLibrary   *library)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!em_ensemble_save (tj->model, output, &error))
    {
      em_cli_print_error (output, error);
      return EM_CLI_EXIT_FAILURE;
    }
  g_print (_("\nModel written to %s\n"), output);

  if (library == NULL)
    return EM_CLI_EXIT_OK;

  if (!(id = em_tagger_add_model (em_library_get_store (library), tj->model, TRUE, NULL, &error)))
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }
  g_print (_("Saved in the library as model %" G_GINT64_FORMAT ", now the active model\n"), id);

  return EM_CLI_EXIT_OK;
}

static int
run_training (TrainJob            *tj,
              const EmCliLabelled *labelled,
              const char          *output,
              EmLibrary           *library)
{
  g_autoptr(EmJob) job = em_job_new (_("Training"));
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *y = em_cli_labelled_targets (labelled, tj->mode);
  int status;

  tj->x = labelled->x;
  tj->n = labelled->n;
  tj->y = y;
  if (!em_cli_run_job (job, train_job, tj, TRUE, &error))
    {
      em_cli_print_error (NULL, error);
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? 130 : EM_CLI_EXIT_FAILURE;
    }

  print_report (tj, labelled);
  status = save_model (tj, output, library);

  g_clear_pointer (&tj->search, em_param_search_free);
  g_clear_pointer (&tj->cv, em_cross_validation_free);
  g_clear_pointer (&tj->model, em_ensemble_unref);

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

  g_option_context_set_summary (context, _("Trains the random-forest + gradient-boosting ensemble on labelled chunks, prints the cross-validation report and the possible label mistakes, and writes the model."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!em_cli_parse (context, &argc, &argv))
    return EM_CLI_EXIT_USAGE;

  tj.mode = EM_ENSEMBLE_MODE_THREE_CLASS;
  if ((library_path == NULL) == (labels_path == NULL) || output == NULL || argc > 1 ||
      k < 0 || k == 1 || n_candidates < 0 || seed < 0 ||
      (mode_name != NULL && !em_ensemble_mode_from_string (mode_name, &tj.mode)) ||
      (n_candidates > 0 && k < 2))
    {
      g_printerr (_("earmark-cli train: give --library DB or --labels FILE, and -o MODEL.json; --mode is three-class or binary; --cv is 0 or at least 2 (and at least 2 with --search)\n"));
      return EM_CLI_EXIT_USAGE;
    }

  if (!(labelled = load_training_set (library_path, labels_path, &library, &error)))
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  em_ensemble_params_init (&tj.params);
  tj.params.seed = (guint32)seed;
  tj.k = (guint)k;
  tj.n_candidates = (guint)n_candidates;
  tj.seed = (guint32)seed;
  if ((status = run_training (&tj, labelled, output, library)) != EM_CLI_EXIT_OK)
    return status;

  return labelled->n_failed > 0 ? EM_CLI_EXIT_FILE_ERROR : EM_CLI_EXIT_OK;
}
