/* em-store-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EM_STORE_ERROR (em_store_error_quark ())

/**
 * EmStoreError:
 * @EM_STORE_ERROR_FAILED: an SQLite call failed (the message says which)
 * @EM_STORE_ERROR_NOT_A_DATABASE: the file is not an Earmark library database
 * @EM_STORE_ERROR_TOO_NEW: the database was written by a newer Earmark
 * @EM_STORE_ERROR_BUSY: another process held the database for too long
 * @EM_STORE_ERROR_CORRUPT: the database failed its integrity check
 * @EM_STORE_ERROR_INVALID: an argument is not acceptable (relative path…)
 * @EM_STORE_ERROR_PARSE: a labels file is malformed; the message names the
 *   file and the line (CSV) or entry index (JSON)
 * @EM_STORE_ERROR_NOT_FOUND: the model (or other item) asked for does not exist
 *
 * Error codes of the %EM_STORE_ERROR domain.
 */
typedef enum
{
  EM_STORE_ERROR_FAILED,
  EM_STORE_ERROR_NOT_A_DATABASE,
  EM_STORE_ERROR_TOO_NEW,
  EM_STORE_ERROR_BUSY,
  EM_STORE_ERROR_CORRUPT,
  EM_STORE_ERROR_INVALID,
  EM_STORE_ERROR_PARSE,
  EM_STORE_ERROR_NOT_FOUND,
} EmStoreError;

GQuark em_store_error_quark (void);

G_END_DECLS
