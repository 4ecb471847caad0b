/* em-cli-ml.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared parts of earmark-cli's machine-learning subcommands: loading a
 * model file, and the labelled rows of a library or of a labels file.
 */

#pragma once

#include "em-ensemble.h"
#include "em-features.h"
#include "em-metrics.h"
#include "em-store.h"

G_BEGIN_DECLS

/**
 * EmCliLabelled:
 * @x: n × %EM_STORE_N_FEATURES features, row-major
 * @n: labelled rows
 * @y: three-class label (music 0, dialogue 1, both 2) of each row
 * @paths: (element-type utf8): the file of each row
 * @chunk_idx: (element-type guint): the chunk of each row
 * @n_failed: files that could not be read (already reported)
 */
typedef struct
{
  double    *x;
  gsize      n;
  guint8    *y;
  GPtrArray *paths;
  GArray    *chunk_idx;
  guint      n_failed;
} EmCliLabelled;

void           em_cli_labelled_free         (EmCliLabelled   *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmCliLabelled, em_cli_labelled_free)

EmEnsemble    *em_cli_load_model            (const char      *path);
gboolean       em_cli_class_from_label      (EmLabel          label,
                                             guint8          *klass);
EmCliLabelled *em_cli_labelled_from_library (EmStore         *store,
                                             GError         **error);
EmCliLabelled *em_cli_labelled_from_file    (const char      *labels_file,
                                             guint            n_threads,
                                             gboolean         show_progress,
                                             GError         **error);
guint8        *em_cli_labelled_targets      (const EmCliLabelled *self,
                                             EmEnsembleMode   mode);
void           em_cli_print_class_counts    (const guint8    *y,
                                             gsize            n,
                                             EmEnsembleMode   mode);
void           em_cli_write_prediction_row  (FILE            *out,
                                             const char      *path,
                                             guint            chunk_idx,
                                             double           start_s,
                                             double           end_s,
                                             const double    *proba,
                                             EmEnsembleMode   mode);

G_END_DECLS
