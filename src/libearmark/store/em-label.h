/* em-label.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EmLabel:
 * @EM_LABEL_NONE: no label (also: "clear the label")
 * @EM_LABEL_MUSIC: the chunk contains music only
 * @EM_LABEL_DIALOGUE: the chunk contains speech only
 * @EM_LABEL_BOTH: the chunk contains speech over music
 *
 * What a 10-second chunk contains.
 */
typedef enum
{
  EM_LABEL_NONE,
  EM_LABEL_MUSIC,
  EM_LABEL_DIALOGUE,
  EM_LABEL_BOTH,
} EmLabel;

#define EM_N_LABELS 4

/**
 * EmLabelSource:
 * @EM_LABEL_SOURCE_MANUAL: set by a person, one key press at a time
 * @EM_LABEL_SOURCE_IMPORT: read from a labels file
 * @EM_LABEL_SOURCE_CLUSTER: set on a whole cluster selection
 *
 * Where a label came from.
 */
typedef enum
{
  EM_LABEL_SOURCE_MANUAL,
  EM_LABEL_SOURCE_IMPORT,
  EM_LABEL_SOURCE_CLUSTER,
} EmLabelSource;

const char *em_label_to_string               (EmLabel        label);
gboolean    em_label_from_string             (const char    *s,
                                              EmLabel       *out);
const char *em_label_source_to_string        (EmLabelSource  source);
gboolean    em_label_source_from_string      (const char    *s,
                                              EmLabelSource *out);

G_END_DECLS
