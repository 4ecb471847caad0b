/* em-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A library: one store plus the scan job that fills it.  A scan walks the
 * folders, skips files whose size and modification time are unchanged,
 * analyses the rest on a thread pool and writes each file in its own
 * transaction as soon as it is done, so a cancelled or killed scan loses
 * at most the files in flight and the next scan resumes from there.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "em-audio-files.h"
#include "em-file-batch.h"
#include "em-file-features.h"
#include "em-library.h"

struct _EmLibrary
{
  GObject             parent_instance;

  EmStore            *store;
  EmFeatureExtractor *extractor;
  GMutex              extractor_mutex;
};

G_DEFINE_FINAL_TYPE (EmLibrary, em_library, G_TYPE_OBJECT)

typedef struct
{
  guint64 size;
  gint64  mtime_usec;
} FileStamp;

typedef struct
{
  EmLibrary     *library;
  double         chunk_seconds;
  GHashTable    *stamps;    /* path → FileStamp of the files to analyse */
  EmScanSummary *summary;
} ScanRun;

static void
em_scan_error_free (gpointer data)
{
  EmScanError *error = data;

  g_free (error->path);
  g_free (error->message);
  g_free (error);
}

void
em_scan_summary_free (EmScanSummary *summary)
{
  if (summary == NULL)
    return;

  g_clear_pointer (&summary->errors, g_ptr_array_unref);
  g_free (summary);
}

static EmScanSummary *
em_scan_summary_new (void)
{
  EmScanSummary *summary = g_new0 (EmScanSummary, 1);

  summary->errors = g_ptr_array_new_with_free_func (em_scan_error_free);

  return summary;
}

static void
em_library_finalize (GObject *object)
{
  EmLibrary *self = (EmLibrary *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->extractor, em_feature_extractor_free);
  g_mutex_clear (&self->extractor_mutex);

  G_OBJECT_CLASS (em_library_parent_class)->finalize (object);
}

static void
em_library_class_init (EmLibraryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = em_library_finalize;
}

static void
em_library_init (EmLibrary *self)
{
  g_mutex_init (&self->extractor_mutex);
}

/**
 * em_library_open:
 * @db_path: the library database, created if missing
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the library
 */
EmLibrary *
em_library_open (const char  *db_path,
                 GError     **error)
{
  g_autoptr(EmLibrary) self = g_object_new (EM_TYPE_LIBRARY, NULL);

  g_return_val_if_fail (db_path != NULL, NULL);

  if (!(self->store = em_store_open (db_path, error)))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * em_library_dup_path_for_folder:
 * @folder: an absolute folder path
 *
 * Audio folders are never written to, so the app keeps each folder's
 * library under the user data directory, named by a hash of the path.
 *
 * Returns: (transfer full): the database path for @folder
 */
char *
em_library_dup_path_for_folder (const char *folder)
{
  g_autofree char *canonical = g_canonicalize_filename (folder, NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
  g_autofree char *name = g_strdup_printf ("%.16s.db", digest);

  return g_build_filename (g_get_user_data_dir (), "earmark", "libraries", name, NULL);
}

EmStore *
em_library_get_store (EmLibrary *self)
{
  g_return_val_if_fail (EM_IS_LIBRARY (self), NULL);

  return self->store;
}

static EmFeatureExtractor *
get_extractor (EmLibrary *self)
{
  EmFeatureExtractor *extractor;

  g_mutex_lock (&self->extractor_mutex);
  if (self->extractor == NULL)
    self->extractor = em_feature_extractor_new ();
  extractor = self->extractor;
  g_mutex_unlock (&self->extractor_mutex);

  return extractor;
}

static gboolean
stat_file (const char *path,
           FileStamp  *stamp)
{
  GStatBuf buf;

  if (g_stat (path, &buf) != 0)
    return FALSE;

  stamp->size = buf.st_size;
  stamp->mtime_usec = (gint64)buf.st_mtim.tv_sec * G_USEC_PER_SEC + buf.st_mtim.tv_nsec / 1000;

  return TRUE;
}

/* A file is redone unless the store has it with the same size and mtime;
 * files that failed before are not retried until they change. */
static gboolean
is_unchanged (EmStore         *store,
              const char      *path,
              const FileStamp *stamp)
{
  g_autofree char *status = NULL;
  guint64 size = 0;
  gint64 mtime_usec = 0;

  if (!em_store_lookup_track (store, path, &size, &mtime_usec, &status, NULL))
    return FALSE;

  return status != NULL && g_strcmp0 (status, "vanished") != 0 &&
         size == stamp->size && mtime_usec == stamp->mtime_usec;
}

static gpointer
analyse_file (const char    *path,
              gpointer       user_data,
              GCancellable  *cancellable,
              GError       **error)
{
  ScanRun *run = user_data;

  return em_file_features_compute (get_extractor (run->library), path,
                                   run->chunk_seconds, 0, cancellable, error);
}

static void
record_failure (ScanRun    *run,
                const char *path,
                const char *message)
{
  EmScanError *failure = g_new0 (EmScanError, 1);

  failure->path = g_strdup (path);
  failure->message = g_strdup (message);
  g_ptr_array_add (run->summary->errors, failure);
  run->summary->n_failed++;
}

static void
save_file (guint         index,
           const char   *path,
           gpointer      result,
           const GError *error,
           gpointer      user_data)
{
  ScanRun *run = user_data;
  EmFileFeatures *features = result;
  const FileStamp *stamp = g_hash_table_lookup (run->stamps, path);
  g_autoptr(GError) store_error = NULL;

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      record_failure (run, path, error->message);
      em_store_save_track_error (run->library->store, path, stamp->size,
                                 stamp->mtime_usec, error->message, &store_error);
    }
  else if (em_store_save_track (run->library->store, path, stamp->size, stamp->mtime_usec,
                                features->duration_s, features->native_rate, features->channels,
                                EM_FEATURE_SET_VERSION, features->chunks, features->n_chunks,
                                &store_error))
    {
      run->summary->n_scanned++;
      run->summary->n_chunks += features->n_chunks;
    }

  /* The library itself failing (disk full…) is reported like a bad file:
   * the scan goes on, and the file is redone by the next scan. */
  if (store_error != NULL)
    record_failure (run, path, store_error->message);
}

/* Splits the folder's files into unchanged ones and ones to analyse, and
 * marks library tracks under the folder that are gone. */
static gboolean
plan_folder (ScanRun       *run,
             const char    *folder,
             GPtrArray     *todo,
             GCancellable  *cancellable,
             GError       **error)
{
  const char *roots[] = { folder, NULL };
  g_autoptr(GPtrArray) files = NULL;
  guint n_vanished = 0;

  if (!(files = em_audio_files_collect (roots, cancellable, error)))
    return FALSE;

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      FileStamp stamp;

      if (!stat_file (path, &stamp))
        {
          g_autofree char *display = g_filename_display_name (path);
          g_autofree char *message = g_strdup_printf (_("“%s”: cannot read the file"), display);

          record_failure (run, path, message);
          continue;
        }
      if (is_unchanged (run->library->store, path, &stamp))
        {
          run->summary->n_unchanged++;
          continue;
        }
      g_hash_table_insert (run->stamps, g_strdup (path), g_memdup2 (&stamp, sizeof stamp));
      g_ptr_array_add (todo, g_strdup (path));
    }
  run->summary->n_files += files->len;

  g_ptr_array_add (files, NULL);
  if (!em_store_mark_vanished (run->library->store, folder,
                               (const char * const *)files->pdata, &n_vanished, error))
    return FALSE;
  run->summary->n_vanished += n_vanished;

  return TRUE;
}

/**
 * em_library_scan:
 * @self: a #EmLibrary
 * @folders: %NULL-terminated folders to scan (recursively)
 * @chunk_seconds: chunk length in seconds
 * @n_threads: worker threads, 0 for one per processor
 * @job: (nullable): progress and cancellation
 * @error: return location for a #GError
 *
 * Brings the library up to date with @folders.  Blocks: call it from a
 * worker thread, or use em_library_scan_async().
 *
 * Returns: (transfer full) (nullable): what the scan did
 */
EmScanSummary *
em_library_scan (EmLibrary           *self,
                 const char * const  *folders,
                 double               chunk_seconds,
                 guint                n_threads,
                 EmJob               *job,
                 GError             **error)
{
  g_autoptr(EmScanSummary) summary = em_scan_summary_new ();
  g_autoptr(GHashTable) stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func (g_free);
  ScanRun run = { self, chunk_seconds, stamps, summary };

  g_return_val_if_fail (EM_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (folders != NULL, NULL);
  g_return_val_if_fail (chunk_seconds > 0, NULL);

  em_job_update (job, 0.0, _("Looking for audio files…"));
  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autofree char *folder = g_canonicalize_filename (folders[i], NULL);

      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *display = g_filename_display_name (folders[i]);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                       _("%s: not a folder"), display);
          return NULL;
        }
      if (!plan_folder (&run, folder, todo, em_job_get_cancellable (job), error))
        return NULL;
    }

  em_job_update_counts (job, 0, todo->len, NULL);
  if (!em_file_batch_run (todo, n_threads, analyse_file,
                          (GDestroyNotify)em_file_features_free,
                          save_file, &run, job, error))
    return NULL;

  return g_steal_pointer (&summary);
}

typedef struct
{
  GStrv   folders;
  double  chunk_seconds;
  EmJob  *job;
} ScanTaskData;

static void
scan_task_data_free (gpointer data)
{
  ScanTaskData *task_data = data;

  g_strfreev (task_data->folders);
  g_clear_object (&task_data->job);
  g_free (task_data);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanTaskData *data = task_data;
  EmScanSummary *summary;
  GError *error = NULL;

  summary = em_library_scan (source_object, (const char * const *)data->folders,
                             data->chunk_seconds, 0, data->job, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify)em_scan_summary_free);
}

/**
 * em_library_scan_async:
 *
 * Runs em_library_scan() on a worker thread; cancel it through @job.
 */
void
em_library_scan_async (EmLibrary           *self,
                       const char * const  *folders,
                       double               chunk_seconds,
                       EmJob               *job,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ScanTaskData *data;

  g_return_if_fail (EM_IS_LIBRARY (self));
  g_return_if_fail (EM_IS_JOB (job));

  data = g_new0 (ScanTaskData, 1);
  data->folders = g_strdupv ((char **)folders);
  data->chunk_seconds = chunk_seconds;
  data->job = g_object_ref (job);

  task = g_task_new (self, em_job_get_cancellable (job), callback, user_data);
  g_task_set_source_tag (task, em_library_scan_async);
  g_task_set_task_data (task, data, scan_task_data_free);
  g_task_run_in_thread (task, scan_thread);
}

EmScanSummary *
em_library_scan_finish (EmLibrary     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (EM_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
