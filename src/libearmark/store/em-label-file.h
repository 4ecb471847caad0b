/* em-label-file.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "em-label.h"
#include "em-store-error.h"

G_BEGIN_DECLS

/**
 * EmLabelEntry:
 * @path: canonical absolute path of the audio file
 * @chunk_idx: chunk index, counted from the end (0 = the last 10 s)
 * @label: the label, never %EM_LABEL_NONE in a file that was read
 * @source: where the label came from (%EM_LABEL_SOURCE_IMPORT when read)
 *
 * One line of a labels file.
 */
typedef struct
{
  char          *path;
  guint          chunk_idx;
  EmLabel        label;
  EmLabelSource  source;
} EmLabelEntry;

/**
 * EmLabelFileFormat:
 * @EM_LABEL_FILE_JSON: an array of objects with "file", "label" and
 *   optionally "chunk"
 * @EM_LABEL_FILE_CSV: RFC 4180 CSV with a header naming the columns "file",
 *   "label" and optionally "chunk"
 */
typedef enum
{
  EM_LABEL_FILE_JSON,
  EM_LABEL_FILE_CSV,
} EmLabelFileFormat;

EmLabelEntry *em_label_entry_new          (const char         *path,
                                           guint               chunk_idx,
                                           EmLabel             label,
                                           EmLabelSource       source);
void          em_label_entry_free         (EmLabelEntry       *entry);
gboolean      em_label_file_guess_format  (const char         *file,
                                           EmLabelFileFormat  *format,
                                           GError            **error);
GPtrArray    *em_label_file_read          (const char         *file,
                                           GError            **error);
GPtrArray    *em_label_file_parse         (const char         *contents,
                                           gsize               length,
                                           EmLabelFileFormat   format,
                                           const char         *base_dir,
                                           const char         *display_name,
                                           GError            **error);
char         *em_label_file_serialize     (GPtrArray          *entries,
                                           EmLabelFileFormat   format,
                                           gsize              *length);
gboolean      em_label_file_write         (const char         *file,
                                           GPtrArray          *entries,
                                           GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmLabelEntry, em_label_entry_free)

G_END_DECLS
