/* em-cli-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * earmark-cli export: the active model's predictions as per-class M3U
 * playlists, CSV and JSON, with the track-level outro verdicts.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-cli.h"
#include "em-library.h"
#include "em-tag-results.h"
#include "em-tagger.h"

static gboolean
export_all (EmStore                   *store,
            guint                      outro_chunks,
            const EmTagExportOptions  *options,
            GError                   **error)
{
  g_autoptr(EmTagResults) results = NULL;

  if (!(results = em_tag_results_load (store, 0, outro_chunks, error)))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_NOT_FOUND,
                     _("the library has no active model; run “earmark-cli tag --model MODEL.json” first"));
      return FALSE;
    }

  if (results->predictions->len == 0)
    g_printerr (_("earmark-cli: model %" G_GINT64_FORMAT " has no predictions yet; run “earmark-cli tag” first\n"),
                results->model->id);

  if (!em_tag_results_export (results, options, error))
    return FALSE;

  g_print (_("Exported %u chunk predictions of %u tracks (model %" G_GINT64_FORMAT ", %s)\n"),
           results->predictions->len, results->outros->len, results->model->id, results->model->mode);

  return TRUE;
}

int
em_cli_export (int    argc,
               char **argv)
{
  g_autofree char *library_option = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *playlists = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  gboolean relative = FALSE;
  int outro_chunks = EM_TAG_DEFAULT_OUTRO_CHUNKS;
  const GOptionEntry entries[] = {
    { "library", 'l', 0, G_OPTION_ARG_FILENAME, &library_option, N_("Library database (default: $XDG_DATA_HOME/earmark/library.db)"), "DB" },
    { "playlists", 0, 0, G_OPTION_ARG_FILENAME, &playlists, N_("Write one M3U playlist per class (and outro-music.m3u) into DIR"), "DIR" },
    { "relative", 0, 0, G_OPTION_ARG_NONE, &relative, N_("Playlist paths relative to DIR (default: absolute)"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Write the predictions as CSV"), "FILE" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json, N_("Write the predictions as JSON"), "FILE" },
    { "outro-chunks", 0, 0, G_OPTION_ARG_INT, &outro_chunks, N_("Final chunks that decide “ends with music” (default 1)"), "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(EmLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  EmTagExportOptions options;

  g_option_context_set_summary (context, _("Exports the predictions of the library’s active model: M3U playlists per class, CSV and JSON with probabilities and the track-level outro verdicts."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!em_cli_parse (context, &argc, &argv))
    return EM_CLI_EXIT_USAGE;

  if (argc > 1 || (playlists == NULL && csv == NULL && json == NULL) || outro_chunks < 1 ||
      (relative && playlists == NULL))
    {
      g_printerr (_("earmark-cli export: give --playlists DIR, --csv FILE and/or --json FILE (--relative goes with --playlists)\n"));
      return EM_CLI_EXIT_USAGE;
    }

  db_path = em_cli_dup_library_path (library_option);
  options = (EmTagExportOptions) { playlists, relative, csv, json };
  if (!(library = em_library_open (db_path, &error)) ||
      !export_all (em_library_get_store (library), outro_chunks, &options, &error))
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  return EM_CLI_EXIT_OK;
}
