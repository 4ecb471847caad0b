/* em-cli-evaluate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * earmark-cli evaluate: a model's report on labelled chunks it was not
 * trained on (a library's labels or a labels file).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "em-cli.h"
#include "em-cli-ml.h"
#include "em-library.h"

static void
print_metrics (const EmMetrics *metrics,
               EmEnsembleMode   mode)
{
  g_autofree char *table = em_metrics_format (metrics, 2);
  g_autofree char *confusion = em_metrics_format_confusion (metrics);

  g_print ("%s", table);
  g_print (_("\nConfusion matrix (rows = true, columns = predicted):\n%s"), confusion);
  if (mode == EM_ENSEMBLE_MODE_BINARY && !isnan (metrics->roc_auc))
    g_print (_("ROC AUC (contains music) %.4f\n"), metrics->roc_auc);
}

static EmMetrics *
evaluate (EmEnsemble           *model,
          const EmCliLabelled  *labelled,
          GError              **error)
{
  EmEnsembleMode mode = em_ensemble_get_mode (model);
  guint k = em_ensemble_get_n_classes (model);
  g_autofree guint8 *y = em_cli_labelled_targets (labelled, mode);
  g_autofree double *proba = g_new (double, labelled->n * k);
  const char *names[3];

  for (guint c = 0; c < k; c++)
    names[c] = em_ensemble_mode_get_class_name (mode, c);

  if (!em_ensemble_predict (model, labelled->x, labelled->n, proba, error))
    return NULL;

  g_print (_("Evaluation set: %zu labelled chunks ("), labelled->n);
  em_cli_print_class_counts (y, labelled->n, mode);
  g_print (_("), %s model\n\n"), em_ensemble_mode_to_string (mode));

  return em_metrics_new_from_proba (y, proba, labelled->n, k, names, error);
}

int
em_cli_evaluate (int    argc,
                 char **argv)
{
  g_autofree char *model_path = NULL;
  g_autofree char *library_path = NULL;
  g_autofree char *labels_path = NULL;
  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model_path, N_("The model file"), "MODEL.json" },
    { "library", 'l', 0, G_OPTION_ARG_FILENAME, &library_path, N_("Evaluate on the labels of this library"), "DB" },
    { "labels", 0, 0, G_OPTION_ARG_FILENAME, &labels_path, N_("Evaluate on a labels file (JSON or CSV)"), "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(EmEnsemble) model = NULL;
  g_autoptr(EmLibrary) library = NULL;
  g_autoptr(EmCliLabelled) labelled = NULL;
  g_autoptr(EmMetrics) metrics = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, _("Prints a model’s classification report, confusion matrix and (binary models) ROC AUC on held-out labelled chunks."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!em_cli_parse (context, &argc, &argv))
    return EM_CLI_EXIT_USAGE;

  if (model_path == NULL || (library_path == NULL) == (labels_path == NULL) || argc > 1)
    {
      g_printerr (_("earmark-cli evaluate: give --model MODEL.json and one of --library DB or --labels FILE\n"));
      return EM_CLI_EXIT_USAGE;
    }

  if (!(model = em_cli_load_model (model_path)))
    return EM_CLI_EXIT_FAILURE;

  if (labels_path != NULL)
    labelled = em_cli_labelled_from_file (labels_path, 0, TRUE, &error);
  else if ((library = em_library_open (library_path, &error)))
    labelled = em_cli_labelled_from_library (em_library_get_store (library), &error);

  if (labelled == NULL || !(metrics = evaluate (model, labelled, &error)))
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  print_metrics (metrics, em_ensemble_get_mode (model));

  return labelled->n_failed > 0 ? EM_CLI_EXIT_FILE_ERROR : EM_CLI_EXIT_OK;
}
