/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-catalogue.h"
#include "keyfob-clipboard.h"
#include "keyfob-pending-deletes.h"
#include "keyfob-store.h"
#include "keyfob-token-list.h"
#include "keyfob-verifier.h"

G_BEGIN_DECLS

#define KEYFOB_APPLICATION_ID "io.github.keyfob.Keyfob"

#define KEYFOB_TYPE_APPLICATION (keyfob_application_get_type ())

G_DECLARE_FINAL_TYPE (KeyfobApplication, keyfob_application, KEYFOB, APPLICATION, AdwApplication)

KeyfobApplication *keyfob_application_new           (void);
KeyfobCatalogue   *keyfob_application_get_catalogue (KeyfobApplication *self);
KeyfobStore       *keyfob_application_get_store     (KeyfobApplication *self);
KeyfobTokenList   *keyfob_application_get_tokens    (KeyfobApplication *self);
KeyfobVerifier    *keyfob_application_get_verifier  (KeyfobApplication *self);
KeyfobClipboard   *keyfob_application_get_clipboard (KeyfobApplication *self);
GSettings         *keyfob_application_get_settings  (KeyfobApplication *self);
KeyfobPendingDeletes *keyfob_application_get_pending_deletes (KeyfobApplication *self);

G_END_DECLS
