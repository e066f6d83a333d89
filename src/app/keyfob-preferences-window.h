/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-catalogue.h"
#include "keyfob-verifier.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_PREFERENCES_WINDOW (keyfob_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (KeyfobPreferencesWindow, keyfob_preferences_window, KEYFOB,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

KeyfobPreferencesWindow *keyfob_preferences_window_new (GtkWindow       *parent,
                                                        GSettings       *settings,
                                                        KeyfobCatalogue *catalogue,
                                                        KeyfobVerifier  *verifier);

G_END_DECLS
