/* em-mel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EM_MEL_N_BANDS 128
#define EM_MFCC_N      13

typedef struct _EmMel EmMel;

EmMel *em_mel_new           (void);
void   em_mel_free          (EmMel       *self);
double em_mel_db_frames     (const EmMel *self,
                             const float *power,
                             gsize        n_frames,
                             double      *db);
void   em_mel_mfcc          (const EmMel *self,
                             double      *db,
                             gsize        n_frames,
                             double       db_max,
                             double      *mfcc);

G_END_DECLS
