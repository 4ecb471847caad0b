/* em-player.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

#include "em-audio-error.h"

G_BEGIN_DECLS

/* Playback rates outside this range are clamped. */
#define EM_PLAYER_RATE_MIN 0.5
#define EM_PLAYER_RATE_MAX 2.0

/**
 * EmPlayerState:
 * @EM_PLAYER_STATE_STOPPED: no file, a file that failed, or stopped
 * @EM_PLAYER_STATE_PAUSED: a file is loaded and paused (also at the end of a
 *   span or track that does not loop)
 * @EM_PLAYER_STATE_PLAYING: playing
 *
 * What the player is doing.
 */
typedef enum
{
  EM_PLAYER_STATE_STOPPED,
  EM_PLAYER_STATE_PAUSED,
  EM_PLAYER_STATE_PLAYING,
} EmPlayerState;

#define EM_TYPE_PLAYER_STATE (em_player_state_get_type ())
GType em_player_state_get_type (void) G_GNUC_CONST;

#define EM_TYPE_PLAYER (em_player_get_type ())

G_DECLARE_FINAL_TYPE (EmPlayer, em_player, EM, PLAYER, GObject)

EmPlayer      *em_player_new           (GstElement *audio_sink);
void           em_player_set_file      (EmPlayer   *self,
                                        const char *path);
const char    *em_player_get_file      (EmPlayer   *self);
void           em_player_play          (EmPlayer   *self);
void           em_player_play_span     (EmPlayer   *self,
                                        double      start_s,
                                        double      end_s);
void           em_player_pause         (EmPlayer   *self);
void           em_player_toggle        (EmPlayer   *self);
void           em_player_stop          (EmPlayer   *self);
void           em_player_seek          (EmPlayer   *self,
                                        double      position_s);
EmPlayerState  em_player_get_state     (EmPlayer   *self);
double         em_player_get_position  (EmPlayer   *self);
double         em_player_get_duration  (EmPlayer   *self);
void           em_player_get_span      (EmPlayer   *self,
                                        double     *start_s,
                                        double     *end_s);
gboolean       em_player_get_loop      (EmPlayer   *self);
void           em_player_set_loop      (EmPlayer   *self,
                                        gboolean    loop);
double         em_player_get_rate      (EmPlayer   *self);
void           em_player_set_rate      (EmPlayer   *self,
                                        double      rate);
double         em_player_get_volume    (EmPlayer   *self);
void           em_player_set_volume    (EmPlayer   *self,
                                        double      volume);

G_END_DECLS
