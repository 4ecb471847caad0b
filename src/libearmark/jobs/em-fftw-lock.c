/* em-fftw-lock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FFTW's planner is not thread-safe, and features (STFT) and analysis
 * (t-SNE) both make plans from worker threads, possibly at the same time.
 * Every plan creation and destruction in the process goes through this one
 * lock; executing a plan needs none.  It lives in the base module so that
 * every module shares the same lock without depending on each other.
 */

#include "config.h"

#include "em-fftw-lock.h"

static GMutex fftw_mutex;

void
em_fftw_lock (void)
{
  g_mutex_lock (&fftw_mutex);
}

void
em_fftw_unlock (void)
{
  g_mutex_unlock (&fftw_mutex);
}
