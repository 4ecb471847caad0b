/* em-audio.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The audio module's public API: decoding any file GStreamer can decode to
 * mono float32 at EM_AUDIO_RATE (22050 Hz), probing, and 10-s chunks
 * counted from the end of the track.
 */

#pragma once

#include "em-audio-decoder.h"
#include "em-audio-error.h"
#include "em-chunk-set.h"
#include "em-chunker.h"
