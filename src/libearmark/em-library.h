/* em-library.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "em-job.h"
#include "em-store.h"

G_BEGIN_DECLS

#define EM_TYPE_LIBRARY (em_library_get_type ())

G_DECLARE_FINAL_TYPE (EmLibrary, em_library, EM, LIBRARY, GObject)

typedef struct
{
  char *path;
  char *message;
} EmScanError;

typedef struct
{
  guint      n_files;      /* audio files found under the folders */
  guint      n_scanned;    /* decoded and analysed in this run */
  guint      n_unchanged;  /* skipped: same size and mtime as before */
  guint      n_failed;     /* recorded with an error */
  guint      n_vanished;   /* in the library but no longer on disk */
  guint      n_chunks;     /* chunks written in this run */
  GPtrArray *errors;       /* (element-type EmScanError) this run's failures */
} EmScanSummary;

void           em_scan_summary_free           (EmScanSummary        *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmScanSummary, em_scan_summary_free)

EmLibrary     *em_library_open                (const char           *db_path,
                                               GError              **error);
char          *em_library_dup_path_for_folder (const char           *folder);
EmStore       *em_library_get_store           (EmLibrary            *self);
EmScanSummary *em_library_scan                (EmLibrary            *self,
                                               const char * const   *folders,
                                               double                chunk_seconds,
                                               guint                 n_threads,
                                               EmJob                *job,
                                               GError              **error);
void           em_library_scan_async          (EmLibrary            *self,
                                               const char * const   *folders,
                                               double                chunk_seconds,
                                               EmJob                *job,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
EmScanSummary *em_library_scan_finish         (EmLibrary            *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
