/* em-cli.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared helpers of earmark-cli's subcommands.
 */

#pragma once

#include <glib.h>
#include <stdio.h>

#include "em-file-features.h"
#include "em-job.h"

G_BEGIN_DECLS

/* Exit statuses shared by every subcommand. */
#define EM_CLI_EXIT_OK         0
#define EM_CLI_EXIT_FILE_ERROR 1   /* some inputs failed; the others were processed */
#define EM_CLI_EXIT_USAGE      2
#define EM_CLI_EXIT_FAILURE    3   /* nothing could be done (library, output file…) */

typedef int (*EmCliCommandFunc) (int argc, char **argv);

int   em_cli_features       (int argc, char **argv);
int   em_cli_scan           (int argc, char **argv);
int   em_cli_labels         (int argc, char **argv);
int   em_cli_analyze        (int argc, char **argv);
int   em_cli_train          (int argc, char **argv);
int   em_cli_evaluate       (int argc, char **argv);
int   em_cli_classify       (int argc, char **argv);
int   em_cli_tag            (int argc, char **argv);
int   em_cli_export         (int argc, char **argv);
int   em_cli_queue          (int argc, char **argv);

gboolean      em_cli_parse          (GOptionContext *context,
                                     int            *argc,
                                     char         ***argv);
void          em_cli_print_error    (const char     *item,
                                     const GError   *error);
gboolean      em_cli_report_file    (const char           *path,
                                     const GError         *error,
                                     const EmFileFeatures *features,
                                     guint                *n_failed);
FILE         *em_cli_open_output    (const char     *path,
                                     GError        **error);
void          em_cli_write_double   (FILE           *out,
                                     double          value);
void          em_cli_write_csv_field (FILE          *out,
                                     const char     *field);
char         *em_cli_dup_library_path (const char   *option);

/* Runs on a worker thread while the main thread shows progress and turns
 * Ctrl+C into em_job_cancel(). */
typedef gboolean (*EmCliJobFunc) (gpointer   data,
                                  EmJob     *job,
                                  GError   **error);

gboolean      em_cli_run_job        (EmJob          *job,
                                     EmCliJobFunc    func,
                                     gpointer        data,
                                     gboolean        show_progress,
                                     GError        **error);

G_END_DECLS
