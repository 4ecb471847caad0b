/* em-explorer-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by em-explorer.c and em-explorer-jobs.c only.
 */

#pragma once

#include "em-explorer.h"
#include "em-store-analysis.h"

G_BEGIN_DECLS

/* What one load read; replaced as a whole by the next load. */
typedef struct
{
  EmAnalysisRows *rows;
  gsize           n_components;
  double         *ratios;       /* n_components */
  double         *scores;       /* n_rows × n_components */
  EmLabel        *labels;       /* n_rows */
  gboolean        has_predictions;
  EmLabel        *predictions;  /* n_rows */
  double         *confidences;  /* n_rows */
} EmExplorerData;

struct _EmExplorer
{
  GObject         parent_instance;

  EmStore        *store;
  guint           set_version;
  EmExplorerData *data;
  gsize           n_components;  /* feeding clustering and t-SNE */
  int             n_computed;    /* atomic: results not found in the cache */
};

G_END_DECLS
