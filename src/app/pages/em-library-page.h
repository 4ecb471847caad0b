/* em-library-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "em-library.h"

G_BEGIN_DECLS

/**
 * EmLibraryFilter:
 * @EM_LIBRARY_FILTER_ALL: every chunk
 * @EM_LIBRARY_FILTER_UNLABELLED: chunks without a label
 * @EM_LIBRARY_FILTER_MUSIC: chunks labelled music
 * @EM_LIBRARY_FILTER_DIALOGUE: chunks labelled dialogue
 * @EM_LIBRARY_FILTER_BOTH: chunks labelled both
 * @EM_LIBRARY_FILTER_PREDICTED_MUSIC: chunks the active model calls music
 * @EM_LIBRARY_FILTER_PREDICTED_DIALOGUE: chunks the active model calls dialogue
 * @EM_LIBRARY_FILTER_PREDICTED_BOTH: chunks the active model calls both
 * @EM_LIBRARY_FILTER_LOW_CONFIDENCE: predicted chunks with confidence < 0.6
 * @EM_LIBRARY_FILTER_ERRORS: tracks that failed to decode
 *
 * What the library page lists; the order is the filter drop-down's.
 */
typedef enum
{
  EM_LIBRARY_FILTER_ALL,
  EM_LIBRARY_FILTER_UNLABELLED,
  EM_LIBRARY_FILTER_MUSIC,
  EM_LIBRARY_FILTER_DIALOGUE,
  EM_LIBRARY_FILTER_BOTH,
  EM_LIBRARY_FILTER_PREDICTED_MUSIC,
  EM_LIBRARY_FILTER_PREDICTED_DIALOGUE,
  EM_LIBRARY_FILTER_PREDICTED_BOTH,
  EM_LIBRARY_FILTER_LOW_CONFIDENCE,
  EM_LIBRARY_FILTER_ERRORS,
} EmLibraryFilter;

/* Predictions below this probability count as "low confidence". */
#define EM_LIBRARY_LOW_CONFIDENCE 0.6

#define EM_TYPE_LIBRARY_PAGE (em_library_page_get_type ())

G_DECLARE_FINAL_TYPE (EmLibraryPage, em_library_page, EM, LIBRARY_PAGE, AdwBin)

EmLibraryPage     *em_library_page_new             (void);
void               em_library_page_set_library     (EmLibraryPage   *self,
                                                    EmLibrary       *library);
EmLibrary         *em_library_page_get_library     (EmLibraryPage   *self);
void               em_library_page_reload          (EmLibraryPage   *self);
gboolean           em_library_page_is_loading      (EmLibraryPage   *self);
void               em_library_page_set_filter      (EmLibraryPage   *self,
                                                    EmLibraryFilter  filter);
EmLibraryFilter    em_library_page_get_filter      (EmLibraryPage   *self);
void               em_library_page_set_search      (EmLibraryPage   *self,
                                                    const char      *text);
GtkSelectionModel *em_library_page_get_model       (EmLibraryPage   *self);
GtkColumnView     *em_library_page_get_column_view (EmLibraryPage   *self);
GtkColumnViewColumn *em_library_page_get_column    (EmLibraryPage   *self,
                                                    const char      *id);

G_END_DECLS
