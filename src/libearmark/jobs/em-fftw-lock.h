/* em-fftw-lock.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void em_fftw_lock   (void);
void em_fftw_unlock (void);

G_END_DECLS
