/* em-waveform.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "em-label.h"
#include "em-peaks.h"

G_BEGIN_DECLS

/* One chunk drawn on the waveform: its span in the track and its colour. */
typedef struct
{
  double   start_s;
  double   end_s;
  EmLabel  label;      /* EM_LABEL_NONE: boundaries only, no tint */
  gboolean predicted;  /* a model's guess: drawn lighter than a label */
} EmWaveformChunk;

#define EM_TYPE_WAVEFORM (em_waveform_get_type ())

G_DECLARE_FINAL_TYPE (EmWaveform, em_waveform, EM, WAVEFORM, GtkWidget)

GtkWidget *em_waveform_new                (void);
EmPeaks   *em_waveform_get_peaks          (EmWaveform            *self);
void       em_waveform_set_peaks          (EmWaveform            *self,
                                           EmPeaks               *peaks);
double     em_waveform_get_duration       (EmWaveform            *self);
void       em_waveform_set_duration       (EmWaveform            *self,
                                           double                 duration_s);
void       em_waveform_set_chunks         (EmWaveform            *self,
                                           const EmWaveformChunk *chunks,
                                           guint                  n_chunks);
guint      em_waveform_get_n_chunks       (EmWaveform            *self);
int        em_waveform_get_current_chunk  (EmWaveform            *self);
void       em_waveform_set_current_chunk  (EmWaveform            *self,
                                           int                    index);
double     em_waveform_get_position       (EmWaveform            *self);
void       em_waveform_set_position       (EmWaveform            *self,
                                           double                 position_s);
double     em_waveform_get_zoom           (EmWaveform            *self);
void       em_waveform_set_zoom           (EmWaveform            *self,
                                           double                 zoom);
void       em_waveform_get_visible_range  (EmWaveform            *self,
                                           double                *start_s,
                                           double                *end_s);
double     em_waveform_get_time_at_x      (EmWaveform            *self,
                                           double                 x);

G_END_DECLS
