/* em-train-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "em-page.h"

G_BEGIN_DECLS

#define EM_TYPE_TRAIN_PAGE (em_train_page_get_type ())

G_DECLARE_FINAL_TYPE (EmTrainPage, em_train_page, EM, TRAIN_PAGE, AdwBin)

EmTrainPage *em_train_page_new (void);

G_END_DECLS
