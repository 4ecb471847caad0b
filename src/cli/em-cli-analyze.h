/* em-cli-analyze.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the analyze subcommand's option parsing and its runners.
 */

#pragma once

#include <stdio.h>

#include "em-cli-matrix.h"
#include "em-job.h"

G_BEGIN_DECLS

typedef struct
{
  char   *algorithm;
  char   *library;
  char   *input;
  char   *output;
  char   *flat_output;
  char   *assignments;
  char   *method;
  gboolean raw;
  int     k;
  double  eps;
  int     min_samples;
  double  threshold;
  int     clusters;
  double  perplexity;
  int     seed;
  int     components;
  int     iterations;
} EmAnalyzeOptions;

typedef gboolean (*EmAnalyzeFunc) (const EmAnalyzeOptions  *options,
                                   const EmCliMatrix       *matrix,
                                   FILE                    *out,
                                   EmJob                   *job,
                                   GError                 **error);

gboolean em_cli_analyze_pca        (const EmAnalyzeOptions *options, const EmCliMatrix *matrix,
                                    FILE *out, EmJob *job, GError **error);
gboolean em_cli_analyze_kmeans     (const EmAnalyzeOptions *options, const EmCliMatrix *matrix,
                                    FILE *out, EmJob *job, GError **error);
gboolean em_cli_analyze_dbscan     (const EmAnalyzeOptions *options, const EmCliMatrix *matrix,
                                    FILE *out, EmJob *job, GError **error);
gboolean em_cli_analyze_linkage    (const EmAnalyzeOptions *options, const EmCliMatrix *matrix,
                                    FILE *out, EmJob *job, GError **error);
gboolean em_cli_analyze_tsne       (const EmAnalyzeOptions *options, const EmCliMatrix *matrix,
                                    FILE *out, EmJob *job, GError **error);
gboolean em_cli_analyze_silhouette (const EmAnalyzeOptions *options, const EmCliMatrix *matrix,
                                    FILE *out, EmJob *job, GError **error);

void     em_cli_analyze_write_ids  (FILE *out, const EmCliMatrix *matrix, gsize row);

G_END_DECLS
