/* em-cli-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "em-cli.h"
#include "em-store.h"

/**
 * em_cli_parse:
 *
 * Parses options; prints the error and the usage hint on failure.
 */
gboolean
em_cli_parse (GOptionContext   *context,
              int              *argc,
              char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("earmark-cli: %s\n", error->message);
      g_printerr (_("Try “%s --help”.\n"), g_get_prgname ());
      return FALSE;
    }

  return TRUE;
}

/* libearmark's messages start with the file's name, plain or quoted;
 * returns the message after it so the name is not printed twice. */
static const char *
skip_item_name (const char *message,
                const char *display)
{
  g_autofree char *quoted = g_strdup_printf ("“%s”", display);
  const char *prefixes[] = { quoted, display };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (message, prefixes[i]) &&
        g_str_has_prefix (message + strlen (prefixes[i]), ": "))
      return message + strlen (prefixes[i]) + 2;

  return message;
}

/* One line per failing item: "earmark-cli: ITEM: message". */
void
em_cli_print_error (const char   *item,
                    const GError *error)
{
  g_autofree char *display = item ? g_filename_display_name (item) : NULL;

  if (display == NULL)
    g_printerr ("earmark-cli: %s\n", error->message);
  else
    g_printerr ("earmark-cli: %s: %s\n", display, skip_item_name (error->message, display));
}

/**
 * em_cli_report_file:
 * @path: the file
 * @error: (nullable): why it failed
 * @features: (nullable): its chunks, when it did not fail
 * @n_failed: counts the failures
 *
 * The per-file reporting shared by the commands that analyse files: a
 * failure is one "earmark-cli: FILE: message" line (a cancellation is not
 * a failure), a file decoded with a warning (truncated, damaged) says so.
 *
 * Returns: %TRUE if @features hold results to use
 */
gboolean
em_cli_report_file (const char           *path,
                    const GError         *error,
                    const EmFileFeatures *features,
                    guint                *n_failed)
{
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          em_cli_print_error (path, error);
          (*n_failed)++;
        }
      return FALSE;
    }

  if (features->warning != NULL)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_printerr (_("earmark-cli: %s: warning: %s\n"), display, features->warning);
    }

  return TRUE;
}

FILE *
em_cli_open_output (const char  *path,
                    GError     **error)
{
  FILE *out;

  if (path == NULL || g_strcmp0 (path, "-") == 0)
    return stdout;

  if (!(out = fopen (path, "w")))
    {
      int errsv = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot write %s: %s"), display, g_strerror (errsv));
    }

  return out;
}

/* Shortest text that reads back to the same double; NaN as "nan". */
void
em_cli_write_double (FILE   *out,
                     double  value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    fputs ("nan", out);
  else
    fputs (g_ascii_dtostr (buf, sizeof buf, value), out);
}

/* RFC 4180: quote fields that hold a comma, a quote or a line break. */
void
em_cli_write_csv_field (FILE       *out,
                        const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      fputs (field, out);
      return;
    }

  fputc ('"', out);
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        fputc ('"', out);
      fputc (*p, out);
    }
  fputc ('"', out);
}

char *
em_cli_dup_library_path (const char *option)
{
  if (option != NULL)
    return g_strdup (option);

  return em_store_dup_default_path ();
}

typedef struct
{
  EmCliJobFunc  func;
  gpointer      data;
  EmJob        *job;
  GMainLoop    *loop;
  GError       *error;
  gboolean      ok;
  gboolean      show_progress;
} RunJob;

static gboolean
quit_loop_cb (gpointer user_data)
{
  RunJob *run = user_data;

  g_main_loop_quit (run->loop);

  return G_SOURCE_REMOVE;
}

static gpointer
run_job_thread (gpointer user_data)
{
  RunJob *run = user_data;

  run->ok = run->func (run->data, run->job, &run->error);
  /* Always through an idle source on the main context: a job that fails at
   * once could otherwise quit the loop before g_main_loop_run() started it
   * (g_main_context_invoke() runs the callback right here when it can
   * acquire the context), and the quit would be lost. */
  g_idle_add (quit_loop_cb, run);

  return NULL;
}

static gboolean
on_sigint_cb (gpointer user_data)
{
  RunJob *run = user_data;

  g_printerr ("\n%s\n", _("Cancelling…"));
  em_job_cancel (run->job);

  return G_SOURCE_CONTINUE;
}

static void
draw_progress_bar (RunJob *run)
{
  guint64 done = 0, total = 0;
  double fraction = em_job_get_fraction (run->job);
  double eta = em_job_get_eta_seconds (run->job);
  int filled = (int)(fraction * 30);
  char bar[31];
  char eta_text[32] = "?";

  memset (bar, '#', filled);
  memset (bar + filled, '-', 30 - filled);
  bar[30] = 0;
  em_job_get_counts (run->job, &done, &total);
  if (eta >= 0)
    g_snprintf (eta_text, sizeof eta_text, "%.0f s", eta);
  g_printerr ("\r[%s] %3.0f%%  %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "  %.1f/s  ETA %s   ",
              bar, fraction * 100, done, total, em_job_get_rate (run->job), eta_text);
}

static void
on_progress_cb (EmJob      *job,
                GParamSpec *pspec,
                gpointer    user_data)
{
  draw_progress_bar (user_data);
}

/**
 * em_cli_run_job:
 *
 * Runs @func on a thread; Ctrl+C cancels @job; with @show_progress and a
 * terminal on stderr, draws a progress bar.
 */
gboolean
em_cli_run_job (EmJob         *job,
                EmCliJobFunc   func,
                gpointer       data,
                gboolean       show_progress,
                GError       **error)
{
  RunJob run = { func, data, job, g_main_loop_new (NULL, FALSE), NULL, FALSE, FALSE };
  gulong handler = 0;
  guint sigint;
  GThread *thread;

  run.show_progress = show_progress && isatty (STDERR_FILENO);
  sigint = g_unix_signal_add (SIGINT, on_sigint_cb, &run);
  if (run.show_progress)
    handler = g_signal_connect (job, "notify::fraction", G_CALLBACK (on_progress_cb), &run);

  thread = g_thread_new ("earmark-cli-job", run_job_thread, &run);
  g_main_loop_run (run.loop);
  g_thread_join (thread);

  g_clear_signal_handler (&handler, job);
  g_source_remove (sigint);
  if (run.show_progress)
    g_printerr ("\n");
  g_main_loop_unref (run.loop);

  if (!run.ok)
    g_propagate_error (error, run.error);

  return run.ok;
}
