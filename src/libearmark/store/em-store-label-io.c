/* em-store-label-io.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing a labels file into a store (all or nothing, one undoable
 * action) and exporting the store's labels.
 */

#include "config.h"

#include "em-store-private.h"

/**
 * em_store_import_labels:
 * @self: a store
 * @file: a labels file (see em_label_file_read())
 * @n_imported: (out) (optional): number of entries in the file
 * @error: return location for a #GError
 *
 * Reads @file and applies every entry with source "import", in one
 * committed transaction that is one undoable action.  A malformed file, a
 * missing key or column, or an unknown label is reported with its line
 * (CSV) or entry index (JSON) and nothing is applied.  Labels may name
 * files that are not scanned yet.
 *
 * Returns: %TRUE on success
 */
gboolean
em_store_import_labels (EmStore     *self,
                        const char  *file,
                        guint       *n_imported,
                        GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);
  g_return_val_if_fail (file != NULL, FALSE);

  if (n_imported != NULL)
    *n_imported = 0;

  /* Parse everything before touching the database. */
  if (!(entries = em_label_file_read (file, error)))
    return FALSE;

  {
    EM_STORE_LOCK (self);

    if (!_em_store_write_labels (self, entries, error))
      return FALSE;
  }

  if (n_imported != NULL)
    *n_imported = entries->len;

  return TRUE;
}

/**
 * em_store_export_labels:
 * @self: a store
 * @file: the output file; .json or .csv picks the format
 * @error: return location for a #GError
 *
 * Writes every label with its absolute path, chunk index and source, by
 * path then chunk.  Importing the file again gives the same labels.
 *
 * Returns: %TRUE on success
 */
gboolean
em_store_export_labels (EmStore     *self,
                        const char  *file,
                        GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  EmLabelFileFormat format;

  g_return_val_if_fail (EM_IS_STORE (self), FALSE);
  g_return_val_if_fail (file != NULL, FALSE);

  /* Check the name first: a typo should not cost a full read. */
  if (!em_label_file_guess_format (file, &format, error))
    return FALSE;

  if (!(entries = em_store_list_labels (self, error)))
    return FALSE;

  return em_label_file_write (file, entries, error);
}
