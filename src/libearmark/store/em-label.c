/* em-label.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The label and label-source enums and their stable string forms, which are
 * what the database, the labels files and the CLI use.
 */

#include "config.h"

#include <string.h>

#include "em-label.h"

static const char * const label_names[EM_N_LABELS] = {
  [EM_LABEL_NONE] = "none",
  [EM_LABEL_MUSIC] = "music",
  [EM_LABEL_DIALOGUE] = "dialogue",
  [EM_LABEL_BOTH] = "both",
};

static const char * const source_names[] = {
  [EM_LABEL_SOURCE_MANUAL] = "manual",
  [EM_LABEL_SOURCE_IMPORT] = "import",
  [EM_LABEL_SOURCE_CLUSTER] = "cluster",
};

/**
 * em_label_to_string:
 * @label: a label
 *
 * Returns: (transfer none): "none", "music", "dialogue" or "both"; "none"
 *   for a value outside the enum
 */
const char *
em_label_to_string (EmLabel label)
{
  if ((guint)label >= EM_N_LABELS)
    return label_names[EM_LABEL_NONE];

  return label_names[label];
}

/**
 * em_label_from_string:
 * @s: (nullable): a label name, compared without regard to ASCII case
 * @out: (out) (optional): where to store the label
 *
 * Accepts "music", "dialogue", "both" and "none".
 *
 * Returns: %TRUE if @s names a label
 */
gboolean
em_label_from_string (const char *s,
                      EmLabel    *out)
{
  if (s == NULL)
    return FALSE;

  for (guint i = 0; i < EM_N_LABELS; i++)
    {
      if (g_ascii_strcasecmp (s, label_names[i]) == 0)
        {
          if (out != NULL)
            *out = (EmLabel)i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * em_label_source_to_string:
 * @source: a label source
 *
 * Returns: (transfer none): "manual", "import" or "cluster"
 */
const char *
em_label_source_to_string (EmLabelSource source)
{
  if ((guint)source >= G_N_ELEMENTS (source_names))
    return source_names[EM_LABEL_SOURCE_MANUAL];

  return source_names[source];
}

/**
 * em_label_source_from_string:
 * @s: (nullable): a source name
 * @out: (out) (optional): where to store the source
 *
 * Returns: %TRUE if @s names a label source
 */
gboolean
em_label_source_from_string (const char    *s,
                             EmLabelSource *out)
{
  if (s == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (source_names); i++)
    {
      if (g_ascii_strcasecmp (s, source_names[i]) == 0)
        {
          if (out != NULL)
            *out = (EmLabelSource)i;
          return TRUE;
        }
    }

  return FALSE;
}
