/* em-audio-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EM_AUDIO_ERROR (em_audio_error_quark ())

/**
 * EmAudioError:
 * @EM_AUDIO_ERROR_EMPTY: the file is empty (0 bytes) or holds no samples
 * @EM_AUDIO_ERROR_NOT_FOUND: the file does not exist
 * @EM_AUDIO_ERROR_UNREADABLE: the file cannot be read (permission denied,
 *   not a regular file, I/O error)
 * @EM_AUDIO_ERROR_NOT_AUDIO: the file is not an audio file (unknown type,
 *   text, or a container without an audio stream)
 * @EM_AUDIO_ERROR_NO_DECODER: the format is recognised but no GStreamer
 *   plugin can decode it; the message names the missing format
 * @EM_AUDIO_ERROR_TRUNCATED: the file ends before any audio could be decoded
 * @EM_AUDIO_ERROR_CORRUPT: the data is damaged and nothing could be decoded
 * @EM_AUDIO_ERROR_STALLED: decoding made no progress for 10 s and was abandoned
 *
 * Error codes of the %EM_AUDIO_ERROR domain.
 */
typedef enum
{
  EM_AUDIO_ERROR_EMPTY,
  EM_AUDIO_ERROR_NOT_FOUND,
  EM_AUDIO_ERROR_UNREADABLE,
  EM_AUDIO_ERROR_NOT_AUDIO,
  EM_AUDIO_ERROR_NO_DECODER,
  EM_AUDIO_ERROR_TRUNCATED,
  EM_AUDIO_ERROR_CORRUPT,
  EM_AUDIO_ERROR_STALLED,
} EmAudioError;

GQuark em_audio_error_quark (void);

G_END_DECLS
