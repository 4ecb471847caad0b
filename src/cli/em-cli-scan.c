/* em-cli-scan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * earmark-cli scan: adds folders to a library or brings it up to date.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-cli.h"
#include "em-library.h"

typedef struct
{
  EmLibrary     *library;
  GStrv          folders;
  double         chunk_seconds;
  guint          n_threads;
  EmScanSummary *summary;
} ScanJob;

static gboolean
scan_job (gpointer   data,
          EmJob     *job,
          GError   **error)
{
  ScanJob *sj = data;

  sj->summary = em_library_scan (sj->library, (const char * const *)sj->folders,
                                 sj->chunk_seconds, sj->n_threads, job, error);

  return sj->summary != NULL;
}

static void
print_summary (const EmScanSummary *summary,
               EmStore             *store)
{
  EmStoreCounts counts = { 0 };

  for (guint i = 0; i < summary->errors->len; i++)
    {
      const EmScanError *failure = g_ptr_array_index (summary->errors, i);
      g_printerr ("earmark-cli: %s\n", failure->message);
    }

  g_print (_("%u audio files: %u analysed (%u chunks), %u unchanged, %u failed, %u vanished\n"),
           summary->n_files, summary->n_scanned, summary->n_chunks,
           summary->n_unchanged, summary->n_failed, summary->n_vanished);

  if (em_store_get_counts (store, &counts, NULL))
    g_print (_("Library: %u tracks, %u chunks, %u tracks with errors\n"),
             counts.tracks_ok, counts.chunks, counts.tracks_error);
}

int
em_cli_scan (int    argc,
             char **argv)
{
  g_autofree char *library_option = NULL;
  g_autofree char *db_path = NULL;
  g_auto(GStrv) folders = NULL;
  double chunk_seconds = 10.0;
  int n_threads = 0;
  const GOptionEntry entries[] = {
    { "library", 'l', 0, G_OPTION_ARG_FILENAME, &library_option, N_("Library database (default: $XDG_DATA_HOME/earmark/library.db)"), "DB" },
    { "chunk-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &chunk_seconds, N_("Chunk length (default 10)"), "S" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &n_threads, N_("Worker threads (default: one per core)"), "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &folders, NULL, N_("FOLDER…") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(EmLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EmJob) job = em_job_new (_("Scanning"));
  ScanJob sj = { 0 };
  int status;

  g_option_context_set_summary (context, _("Adds the audio files under FOLDERs to the library, or brings it up to date: unchanged files are skipped, changed ones analysed again, vanished ones marked. Ctrl+C stops; a rerun resumes."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!em_cli_parse (context, &argc, &argv))
    return EM_CLI_EXIT_USAGE;

  if (folders == NULL || chunk_seconds <= 0 || n_threads < 0)
    {
      g_printerr (_("earmark-cli scan: give one or more folders\n"));
      return EM_CLI_EXIT_USAGE;
    }

  db_path = em_cli_dup_library_path (library_option);
  if (!(library = em_library_open (db_path, &error)))
    {
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  sj = (ScanJob) { library, folders, chunk_seconds, n_threads, NULL };
  if (!em_cli_run_job (job, scan_job, &sj, TRUE, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_printerr (_("earmark-cli: scan cancelled; finished files are kept, run the same command to resume\n"));
          return 130;
        }
      em_cli_print_error (NULL, error);
      return EM_CLI_EXIT_FAILURE;
    }

  print_summary (sj.summary, em_library_get_store (library));
  status = sj.summary->n_failed > 0 ? EM_CLI_EXIT_FILE_ERROR : EM_CLI_EXIT_OK;
  em_scan_summary_free (sj.summary);

  return status;
}
