/* em-label-page-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Label page's state, shared by its three files: em-label-page.c
 * (the view, actions and keys), em-label-playback.c (the two players and
 * the peaks) and em-label-sources.c (where the queue comes from).
 */

#pragma once

#include "em-label-controls.h"
#include "em-label-page.h"
#include "em-label-queue.h"
#include "widgets/em-waveform.h"

G_BEGIN_DECLS

struct _EmLabelPage
{
  GtkWidget     parent_instance;

  GtkStack     *stack;
  GtkLabel     *file_label;
  GtkLabel     *position_label;
  EmWaveform   *waveform;
  GtkLabel     *error_label;
  GtkLabel     *counts_label;
  GtkProgressBar *progress_bar;
  GtkWidget    *music_button;
  GtkButton    *folder_button;
  GtkToggleButton *uncertain_button;
  GtkToggleButton *custom_button;
  EmLabelControls *controls;
  GtkSpinner   *ranking_spinner;

  EmLibrary    *library;
  char         *sink_factory;
  EmPlayer     *player;
  EmPlayer     *next_player;
  GHashTable   *peaks;        /* path -> EmPeaks, the current and next track */
  GCancellable *cancellable;
  GPtrArray    *queue;        /* EmLabelQueueItem */
  guint         pos;
  GArray       *undo_pos;     /* queue positions labelled here, for undo */
  GArray       *redo_pos;
  char         *source;
  char         *folder;
  GPtrArray    *custom_items; /* EmLabelQueueItem, from em_label_page_set_queue() */
  char         *custom_title;
  guint         seed;
  guint         n_plays;
  guint         prepare_id;
  double        cued_start;   /* span cued in next_player, -1 if none */
  double        cued_end;
  GCancellable *ranking;      /* the "uncertain" queue being ranked */
  GCancellable *probe;        /* the active model being looked up */
  gint64        model_id;     /* the active model, 0 if none */
  gint64        ranked_model_id;
  char         *counts_text;
};

/* em-label-page.c */
EmLabelQueueItem *_em_label_page_current_item (EmLabelPage *self);
EmStore          *_em_label_page_get_store    (EmLabelPage *self);
void              _em_label_page_show_error   (EmLabelPage *self,
                                               const char  *message);
void              _em_label_page_show_current (EmLabelPage *self);
void              _em_label_page_set_source   (EmLabelPage *self,
                                               const char  *source);

/* em-label-playback.c */
void      _em_label_page_peaks_unref_nullable  (gpointer     peaks);
void      _em_label_page_load_peaks            (EmLabelPage *self,
                                                const char  *path);
EmPlayer *_em_label_page_make_player           (EmLabelPage *self);
void      _em_label_page_connect_controls      (EmLabelPage *self);
void      _em_label_page_play_current          (EmLabelPage *self);
void      _em_label_page_play_pause            (EmLabelPage *self);
void      _em_label_page_arrive                (EmLabelPage            *self,
                                                const EmLabelQueueItem *item);
void      _em_label_page_schedule_prepare_next (EmLabelPage *self);

/* em-label-sources.c */
void      _em_label_page_rebuild_queue              (EmLabelPage     *self);
void      _em_label_page_rebuild_queue_full         (EmLabelPage     *self,
                                                     gboolean         again);
void      _em_label_page_probe_model                (EmLabelPage     *self);
void      _em_label_page_sync_source_buttons        (EmLabelPage     *self);
void      _em_label_page_on_source_button_toggled_cb (GtkToggleButton *button,
                                                     EmLabelPage     *self);

G_END_DECLS
