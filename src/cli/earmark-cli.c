/* earmark-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * earmark-cli: batch front end over libearmark, one file per subcommand.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "em-cli.h"

typedef struct
{
  const char       *name;
  EmCliCommandFunc  func;
  const char       *summary;
} Command;

static const Command commands[] = {
  { "features", em_cli_features, N_("Compute the 38 features of audio files into CSV") },
  { "scan",     em_cli_scan,     N_("Add folders to a library, or bring it up to date") },
  { "labels",   em_cli_labels,   N_("Import or export a library’s labels (JSON or CSV)") },
  { "analyze",  em_cli_analyze,  N_("PCA, k-means, DBSCAN, linkage, t-SNE, silhouette") },
  { "train",    em_cli_train,    N_("Train and cross-validate the music/dialogue model") },
  { "evaluate", em_cli_evaluate, N_("A model’s report on held-out labelled chunks") },
  { "classify", em_cli_classify, N_("Classify chunks of audio files into CSV") },
  { "tag",      em_cli_tag,      N_("Classify every chunk of a library (resumable)") },
  { "export",   em_cli_export,   N_("Export predictions as M3U playlists, CSV and JSON") },
  { "queue",    em_cli_queue,    N_("The unlabelled chunks to label next") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: earmark-cli COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “earmark-cli COMMAND --help” for a command’s options."));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return EM_CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--version") == 0 || strcmp (argv[1], "-V") == 0)
    {
      g_print ("earmark-cli %s\n", PACKAGE_VERSION);
      return EM_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return EM_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("earmark-cli %s", commands[i].name);

        g_set_prgname (prgname);
        return commands[i].func (argc - 1, argv + 1);
      }

  g_printerr (_("earmark-cli: unknown command “%s”\n"), argv[1]);
  print_usage (stderr);

  return EM_CLI_EXIT_USAGE;
}
