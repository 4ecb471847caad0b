/* em-test-wav.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

float *em_test_wav_read (const char  *path,
                         guint       *sample_rate,
                         gsize       *n_samples,
                         GError     **error);

G_END_DECLS
