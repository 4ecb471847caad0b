/* em-tag-summary.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "em-tag-results.h"

G_BEGIN_DECLS

typedef struct _EmTagSummaryRows EmTagSummaryRows;

EmTagSummaryRows *em_tag_summary_rows_new       (AdwPreferencesGroup *group);
void              em_tag_summary_rows_free      (EmTagSummaryRows    *self);
void              em_tag_summary_rows_update    (EmTagSummaryRows    *self,
                                                 EmTagResults        *results);
guint             em_tag_summary_rows_get_count (EmTagSummaryRows    *self,
                                                 EmLabel              label);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmTagSummaryRows, em_tag_summary_rows_free)

G_END_DECLS
