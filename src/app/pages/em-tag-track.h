/* em-tag-track.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "em-tag-results.h"

G_BEGIN_DECLS

#define EM_TYPE_TAG_TRACK (em_tag_track_get_type ())

G_DECLARE_FINAL_TYPE (EmTagTrack, em_tag_track, EM, TAG_TRACK, GObject)

const char *em_tag_track_get_path          (EmTagTrack    *self);
const char *em_tag_track_get_name          (EmTagTrack    *self);
guint       em_tag_track_get_n_chunks      (EmTagTrack    *self);
EmLabel     em_tag_track_get_verdict       (EmTagTrack    *self);
gboolean    em_tag_track_get_has_outro     (EmTagTrack    *self);
double      em_tag_track_get_outro_start   (EmTagTrack    *self);
void        em_tag_track_get_outro_span    (EmTagTrack    *self,
                                            double        *start_s,
                                            double        *end_s);

GPtrArray  *em_tag_tracks_build            (EmTagResults  *results,
                                            GHashTable   **n_chunks);
void        em_tag_tracks_append_columns   (GtkColumnView *view);
char       *em_tag_format_time             (double         seconds);
const char *em_tag_label_title             (EmLabel        label,
                                            EmEnsembleMode mode);

G_END_DECLS
