/* em-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EM_TYPE_APPLICATION (em_application_get_type ())

G_DECLARE_FINAL_TYPE (EmApplication, em_application, EM, APPLICATION, AdwApplication)

EmApplication *em_application_new (void);

G_END_DECLS
