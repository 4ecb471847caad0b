/* em-explorer-rows.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Explore page does with a set of rows: label them as one undo
 * step, write them as an M3U playlist, and summarise each cluster for the
 * cluster table (size, labels per class, purity, predicted class,
 * silhouette).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "em-explorer-private.h"

/**
 * em_explorer_label_rows:
 * @self: a loaded explorer
 * @rows: (array length=n): the rows to label
 * @n: number of rows
 * @label: the label
 * @source: where it comes from (%EM_LABEL_SOURCE_CLUSTER for a cluster)
 * @error: return location for a #GError
 *
 * Labels the rows' chunks in the store as one undo step, and the rows.
 *
 * Returns: %TRUE on success
 */
gboolean
em_explorer_label_rows (EmExplorer     *self,
                        const guint    *rows,
                        guint           n,
                        EmLabel         label,
                        EmLabelSource   source,
                        GError        **error)
{
  g_autofree const char **paths = g_new (const char *, MAX (n, 1));
  g_autofree guint *idx = g_new (guint, MAX (n, 1));

  g_return_val_if_fail (EM_IS_EXPLORER (self) && self->data != NULL, FALSE);

  for (guint i = 0; i < n; i++)
    {
      g_return_val_if_fail (rows[i] < self->data->rows->n_rows, FALSE);
      paths[i] = g_ptr_array_index (self->data->rows->paths, rows[i]);
      idx[i] = g_array_index (self->data->rows->chunk_idx, guint, rows[i]);
    }
  if (!em_store_set_labels (self->store, paths, idx, n, label, source, error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    self->data->labels[rows[i]] = label;

  return TRUE;
}

/**
 * em_explorer_write_m3u:
 * @self: a loaded explorer
 * @rows: (array length=n): the rows, in playlist order
 * @n: number of rows
 * @file: the playlist to write
 * @error: return location for a #GError
 *
 * Writes an extended M3U playlist with one entry per chunk: its length,
 * a title naming the file, chunk and span, and the absolute path.
 *
 * Returns: %TRUE on success
 */
gboolean
em_explorer_write_m3u (EmExplorer  *self,
                       const guint *rows,
                       guint        n,
                       const char  *file,
                       GError     **error)
{
  g_autoptr(GString) out = g_string_new ("#EXTM3U\n");
  g_autoptr(GError) local_error = NULL;
  char start[G_ASCII_DTOSTR_BUF_SIZE], end[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (EM_IS_EXPLORER (self) && self->data != NULL, FALSE);

  for (guint i = 0; i < n; i++)
    {
      const char *path = em_explorer_get_path (self, rows[i]);
      g_autofree char *base = g_path_get_basename (path);
      double s, e;

      em_explorer_get_span (self, rows[i], &s, &e);
      g_string_append_printf (out, "#EXTINF:%.0f,%s, chunk %u (%s-%s s)\n%s\n", MAX (e - s, 0), base,
                              em_explorer_get_chunk_idx (self, rows[i]),
                              g_ascii_formatd (start, sizeof start, "%.1f", s),
                              g_ascii_formatd (end, sizeof end, "%.1f", e), path);
    }

  if (g_file_set_contents (file, out->str, out->len, &local_error))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write “%s”: %s"), file, local_error->message);
  return FALSE;
}

static EmLabel
most_frequent (const guint *counts)
{
  EmLabel best = EM_LABEL_NONE;

  for (guint l = EM_LABEL_MUSIC; l < EM_N_LABELS; l++)
    if (counts[l] > 0 && (best == EM_LABEL_NONE || counts[l] > counts[best]))
      best = l;

  return best;
}

/**
 * em_explorer_summarize:
 * @self: a loaded explorer
 * @assignments: (array): the cluster of each row, -1 for noise
 * @silhouette: (array) (nullable): the silhouette of each row
 * @n_summaries: (out): number of summaries
 *
 * One summary per cluster, in cluster order, noise last: its size, its
 * labelled rows per class and their purity, the active model's most
 * frequent class and the mean silhouette.
 *
 * Returns: (transfer full) (array length=n_summaries): the summaries
 */
EmClusterSummary *
em_explorer_summarize (EmExplorer   *self,
                       const gint32 *assignments,
                       const double *silhouette,
                       guint        *n_summaries)
{
  gsize n = em_explorer_get_n_rows (self);
  const EmLabel *predictions = em_explorer_get_predictions (self);
  g_autofree guint *predicted = NULL;
  EmClusterSummary *out;
  gint32 top = -1;
  gboolean noise = FALSE;
  guint n_out;

  for (gsize r = 0; r < n; r++)
    {
      top = MAX (top, assignments[r]);
      noise |= assignments[r] < 0;
    }
  n_out = (guint)(top + 1) + (noise ? 1 : 0);
  out = g_new0 (EmClusterSummary, MAX (n_out, 1));
  predicted = g_new0 (guint, (gsize)MAX (n_out, 1) * EM_N_LABELS);

  for (guint c = 0; c < n_out; c++)
    out[c].cluster = c < (guint)(top + 1) ? (gint32)c : -1;

  for (gsize r = 0; r < n; r++)
    {
      guint c = assignments[r] < 0 ? n_out - 1 : (guint)assignments[r];

      out[c].size++;
      out[c].labelled[self->data->labels[r]]++;
      if (predictions != NULL)
        predicted[c * EM_N_LABELS + predictions[r]]++;
      if (silhouette != NULL)
        out[c].silhouette += silhouette[r];
    }

  for (guint c = 0; c < n_out; c++)
    {
      guint labelled = out[c].labelled[1] + out[c].labelled[2] + out[c].labelled[3];
      EmLabel main_label = most_frequent (out[c].labelled);

      out[c].purity = labelled > 0 ? (double)out[c].labelled[main_label] / labelled : NAN;
      out[c].predicted = most_frequent (predicted + c * EM_N_LABELS);
      out[c].silhouette = silhouette != NULL && out[c].size > 0 ? out[c].silhouette / out[c].size : NAN;
    }

  *n_summaries = n_out;
  return out;
}
