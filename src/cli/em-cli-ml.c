/* em-cli-ml.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "em-cli.h"
#include "em-cli-ml.h"
#include "em-file-batch.h"
#include "em-file-features.h"
#include "em-tagger.h"

void
em_cli_labelled_free (EmCliLabelled *self)
{
  if (self == NULL)
    return;

  g_free (self->x);
  g_free (self->y);
  g_clear_pointer (&self->paths, g_ptr_array_unref);
  g_clear_pointer (&self->chunk_idx, g_array_unref);
  g_free (self);
}

/**
 * em_cli_load_model:
 *
 * Loads a model file made for this build's feature set; prints why not
 * ("earmark-cli: FILE: message") and returns %NULL on failure.
 */
EmEnsemble *
em_cli_load_model (const char *path)
{
  g_autoptr(GError) error = NULL;
  EmEnsemble *model;

  if (!(model = em_ensemble_load (path, EM_FEATURE_SET_VERSION, &error)))
    em_cli_print_error (path, error);

  return model;
}

gboolean
em_cli_class_from_label (EmLabel  label,
                         guint8  *klass)
{
  switch (label)
    {
    case EM_LABEL_MUSIC:
      *klass = EM_ML_CLASS_MUSIC;
      return TRUE;
    case EM_LABEL_DIALOGUE:
      *klass = EM_ML_CLASS_DIALOGUE;
      return TRUE;
    case EM_LABEL_BOTH:
      *klass = EM_ML_CLASS_BOTH;
      return TRUE;
    case EM_LABEL_NONE:
    default:
      return FALSE;
    }
}

static EmCliLabelled *
labelled_new (void)
{
  EmCliLabelled *self = g_new0 (EmCliLabelled, 1);

  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->chunk_idx = g_array_new (FALSE, FALSE, sizeof (guint));

  return self;
}

/**
 * em_cli_labelled_from_library:
 *
 * The library's labelled chunks of this build's feature set; an error
 * when there are none.
 */
EmCliLabelled *
em_cli_labelled_from_library (EmStore  *store,
                              GError  **error)
{
  g_autoptr(EmCliLabelled) self = g_new0 (EmCliLabelled, 1);
  g_autoptr(GArray) labels = NULL;

  if (!em_store_load_labelled_features (store, EM_FEATURE_SET_VERSION, &self->x, &self->n,
                                        &self->paths, &self->chunk_idx, &labels, error))
    return NULL;

  if (self->n == 0)
    {
      g_set_error (error, EM_STORE_ERROR, EM_STORE_ERROR_NOT_FOUND,
                   _("Library “%s” has no labelled chunks: import labels (earmark-cli labels import) or label chunks in Earmark first"),
                   em_store_get_path (store));
      return NULL;
    }

  self->y = g_new0 (guint8, MAX (self->n, 1));
  for (gsize i = 0; i < self->n; i++)
    em_cli_class_from_label (g_array_index (labels, EmLabel, i), &self->y[i]);

  return g_steal_pointer (&self);
}

typedef struct
{
  EmFeatureExtractor *extractor;
  GHashTable         *wanted;   /* path → GArray of entry indices */
  GHashTable         *max_idx;  /* path → highest chunk wanted + 1 */
  GPtrArray          *entries;
  EmCliLabelled      *out;
  GArray             *x;
  GArray             *y;
} LabelsRun;

static gpointer
compute_labelled_file (const char    *path,
                       gpointer       user_data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  LabelsRun *run = user_data;
  guint max_chunks = GPOINTER_TO_UINT (g_hash_table_lookup (run->max_idx, path));

  return em_file_features_compute (run->extractor, path, 10.0, max_chunks, cancellable, error);
}

static void
deliver_labelled_file (guint         index,
                       const char   *path,
                       gpointer      result,
                       const GError *error,
                       gpointer      user_data)
{
  LabelsRun *run = user_data;
  EmFileFeatures *features = result;
  GArray *entry_rows = g_hash_table_lookup (run->wanted, path);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          em_cli_print_error (path, error);
          run->out->n_failed++;
        }
      return;
    }

  for (guint i = 0; i < entry_rows->len; i++)
    {
      const EmLabelEntry *entry = g_ptr_array_index (run->entries, g_array_index (entry_rows, guint, i));
      guint8 klass = 0;

      if (entry->chunk_idx >= features->n_chunks)
        {
          g_autofree char *display = g_filename_display_name (path);
          g_printerr (_("earmark-cli: %s: no chunk %u (the file has %u)\n"),
                      display, entry->chunk_idx, features->n_chunks);
          run->out->n_failed++;
          continue;
        }
      em_cli_class_from_label (entry->label, &klass);
      g_array_append_vals (run->x, features->chunks[entry->chunk_idx].features, EM_STORE_N_FEATURES);
      g_array_append_val (run->y, klass);
      g_ptr_array_add (run->out->paths, g_strdup (path));
      g_array_append_val (run->out->chunk_idx, entry->chunk_idx);
    }
}

typedef struct
{
  GPtrArray *files;
  LabelsRun *run;
  guint      n_threads;
} LabelsJob;

static gboolean
labels_job (gpointer   data,
            EmJob     *job,
            GError   **error)
{
  LabelsJob *lj = data;

  return em_file_batch_run (lj->files, lj->n_threads, compute_labelled_file,
                            (GDestroyNotify)em_file_features_free,
                            deliver_labelled_file, lj->run, job, error);
}

/* Groups the entries by file, in order of first appearance. */
static GPtrArray *
plan_label_files (LabelsRun *run)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < run->entries->len; i++)
    {
      const EmLabelEntry *entry = g_ptr_array_index (run->entries, i);
      GArray *rows = g_hash_table_lookup (run->wanted, entry->path);
      guint max_chunks = GPOINTER_TO_UINT (g_hash_table_lookup (run->max_idx, entry->path));

      if (rows == NULL)
        {
          rows = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (run->wanted, g_strdup (entry->path), rows);
          g_ptr_array_add (files, g_strdup (entry->path));
        }
      g_array_append_val (rows, i);
      g_hash_table_insert (run->max_idx, g_strdup (entry->path),
                           GUINT_TO_POINTER (MAX (max_chunks, entry->chunk_idx + 1)));
    }

  return files;
}

/**
 * em_cli_labelled_from_file:
 *
 * Computes the features of the chunks a labels file names, straight from
 * the audio files (no library); files that fail are reported and counted
 * in n_failed, the others kept.
 */
EmCliLabelled *
em_cli_labelled_from_file (const char  *labels_file,
                           guint        n_threads,
                           gboolean     show_progress,
                           GError     **error)
{
  g_autoptr(EmCliLabelled) self = labelled_new ();
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify)g_array_unref);
  g_autoptr(GHashTable) max_idx = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(EmJob) job = em_job_new (_("Computing features"));
  LabelsRun run = { NULL, wanted, max_idx, NULL, self, x, y };
  LabelsJob lj;
  gboolean ok;

  if (!(entries = em_label_file_read (labels_file, error)))
    return NULL;

  run.entries = entries;
  run.extractor = em_feature_extractor_new ();
  files = plan_label_files (&run);
  lj = (LabelsJob) { files, &run, n_threads };
  ok = em_cli_run_job (job, labels_job, &lj, show_progress, error);
  em_feature_extractor_free (run.extractor);
  if (!ok)
    return NULL;

  self->n = y->len;
  self->y = (guint8 *)g_array_free (g_steal_pointer (&y), FALSE);
  self->x = (double *)(void *)g_array_free (g_steal_pointer (&x), FALSE);

  return g_steal_pointer (&self);
}

/**
 * em_cli_labelled_targets:
 *
 * Returns: (transfer full): the labels as class indices of @mode
 */
guint8 *
em_cli_labelled_targets (const EmCliLabelled *self,
                         EmEnsembleMode       mode)
{
  guint8 *y = g_new0 (guint8, MAX (self->n, 1));

  if (mode == EM_ENSEMBLE_MODE_BINARY)
    em_ml_labels_to_binary (self->y, self->n, y);
  else
    memcpy (y, self->y, self->n);

  return y;
}

void
em_cli_print_class_counts (const guint8   *y,
                           gsize           n,
                           EmEnsembleMode  mode)
{
  guint k = em_ensemble_mode_get_n_classes (mode);
  gsize counts[3] = { 0 };

  for (gsize i = 0; i < n; i++)
    if (y[i] < k)
      counts[y[i]]++;

  for (guint c = 0; c < k; c++)
    g_print ("%s%s %zu", c == 0 ? "" : ", ", em_ensemble_mode_get_class_name (mode, c), counts[c]);
}

/* One CSV row file,chunk,start_s,end_s,label,p_music,p_dialogue,p_both;
 * binary models: p_music = P(contains music), p_both empty. */
void
em_cli_write_prediction_row (FILE           *out,
                             const char     *path,
                             guint           chunk_idx,
                             double          start_s,
                             double          end_s,
                             const double   *proba,
                             EmEnsembleMode  mode)
{
  gboolean binary = mode == EM_ENSEMBLE_MODE_BINARY;

  em_cli_write_csv_field (out, path);
  fprintf (out, ",%u,", chunk_idx);
  em_cli_write_double (out, start_s);
  fputc (',', out);
  em_cli_write_double (out, end_s);
  fprintf (out, ",%s,", em_label_to_string (em_tagger_label_for_proba (proba, mode)));
  em_cli_write_double (out, binary ? proba[EM_ML_BINARY_MUSIC] : proba[EM_ML_CLASS_MUSIC]);
  fputc (',', out);
  em_cli_write_double (out, binary ? proba[EM_ML_BINARY_NO_MUSIC] : proba[EM_ML_CLASS_DIALOGUE]);
  fputc (',', out);
  if (!binary)
    em_cli_write_double (out, proba[EM_ML_CLASS_BOTH]);
  fputc ('\n', out);
}
