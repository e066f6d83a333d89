/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-catalogue.h"
#include "keyfob-token-list.h"
#include "keyfob-verifier.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_ADD_DIALOG (keyfob_add_dialog_get_type ())

/* The vendor's create flow: choose the provider, follow its steps, paste and save. Emits
 * "token-added" (KeyfobToken *) once the token is in the keyring, then closes. Made with
 * keyfob_add_dialog_new_replace(), it is the Replace Token dialog instead: the same flow for a
 * stored token's provider, then "token-replaced" (KeyfobToken *) once its secret is the new
 * one. */
G_DECLARE_FINAL_TYPE (KeyfobAddDialog, keyfob_add_dialog, KEYFOB, ADD_DIALOG, AdwWindow)

KeyfobAddDialog *keyfob_add_dialog_new             (GtkWindow        *parent,
                                                    KeyfobCatalogue  *catalogue,
                                                    KeyfobTokenList  *tokens,
                                                    KeyfobVerifier   *verifier);
KeyfobAddDialog *keyfob_add_dialog_new_replace     (GtkWindow        *parent,
                                                    KeyfobCatalogue  *catalogue,
                                                    KeyfobTokenList  *tokens,
                                                    KeyfobVerifier   *verifier,
                                                    KeyfobToken      *token);
void             keyfob_add_dialog_select_provider (KeyfobAddDialog  *self,
                                                    const char       *provider_id);

G_END_DECLS
