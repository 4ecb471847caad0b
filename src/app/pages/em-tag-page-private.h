/* em-tag-page-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by em-tag-page.c and em-tag-page-export.c only.
 */

#pragma once

#include "em-tag-page.h"
#include "em-tag-summary.h"

G_BEGIN_DECLS

typedef enum
{
  EXPORT_PLAYLISTS,
  EXPORT_CSV,
  EXPORT_JSON,
} ExportKind;

struct _EmTagPage
{
  AdwBin              parent_instance;

  AdwToastOverlay    *toast_overlay;   /* the AdwBin's child */

  /* template */
  GtkStack           *stack;
  AdwActionRow       *model_row;
  AdwActionRow       *progress_row;
  GtkProgressBar     *progress_bar;
  AdwPreferencesGroup *summary_group;
  GtkSearchEntry     *search_entry;
  GtkColumnView      *column_view;
  GtkAdjustment      *threshold_adjustment;
  AdwActionRow       *uncertain_row;

  EmTagSummaryRows   *summary_rows;
  GListStore         *tracks;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;

  EmLibrary          *library;
  GCancellable       *load_cancellable;
  EmTagResults       *results;
  GHashTable         *n_chunks;       /* path → tagged chunks of the track */
  EmTagSummary       *last_summary;
  EmJob              *tag_job;
  EmJob              *export_job;
  guint               n_uncertain;
  gboolean            outro_only;
  gboolean            disposed;
};

void _em_tag_page_show_toast         (EmTagPage  *self,
                                      const char *message);
void _em_tag_page_update_actions     (EmTagPage  *self);
void _em_tag_page_export_action      (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter);
void _em_tag_page_open_folder_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter);

G_END_DECLS
