/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-application.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_WINDOW (keyfob_window_get_type ())

G_DECLARE_FINAL_TYPE (KeyfobWindow, keyfob_window, KEYFOB, WINDOW, AdwApplicationWindow)

KeyfobWindow *keyfob_window_new (KeyfobApplication *application);

G_END_DECLS
