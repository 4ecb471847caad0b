/* em-cli-labels.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * earmark-cli labels import|export: labels files in and out of a library.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-cli.h"
#include "em-store.h"

int
em_cli_labels (int    argc,
               char **argv)
{
  g_autofree char *library_option = NULL;
  g_autofree char *db_path = NULL;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "library", 'l', 0, G_OPTION_ARG_FILENAME, &library_option, N_("Library database (default: $XDG_DATA_HOME/earmark/library.db)"), "DB" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, N_("import|export FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(EmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean import;
  guint n_imported = 0;

  g_option_context_set_summary (context, _("Imports labels from, or exports them to, a JSON file (an array of objects with \"file\" and \"label\", optionally \"chunk\") or a CSV file (file,label[,chunk]). Labels are music, dialogue or both; relative paths resolve against the labels file’s folder. An import is all or nothing."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!em_cli_parse (context, &argc, &argv))
    return EM_CLI_EXIT_USAGE;

  if (rest == NULL || g_strv_length (rest) != 2 ||
      (g_strcmp0 (rest[0], "import") != 0 && g_strcmp0 (rest[0], "export") != 0))
    {
      g_printerr (_("Usage: earmark-cli labels import|export [--library DB] FILE\n"));
      return EM_CLI_EXIT_USAGE;
    }
  import = g_strcmp0 (rest[0], "import") == 0;

  db_path = em_cli_dup_library_path (library_option);
  if (!(store = em_store_open (db_path, &error)))
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  if (import ? !em_store_import_labels (store, rest[1], &n_imported, &error)
             : !em_store_export_labels (store, rest[1], &error))
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  if (import)
    g_print (_("Imported %u labels\n"), n_imported);

  return EM_CLI_EXIT_OK;
}
