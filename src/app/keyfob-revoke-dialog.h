/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-provider.h"
#include "keyfob-token-list.h"
#include "keyfob-verifier.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_REVOKE_DIALOG (keyfob_revoke_dialog_get_type ())

/* The vendor's revoke modal, then a live check that proves the revocation. Emits
 * "removed" (const char *message) once the token left the keyring, or "remove-unconfirmed"
 * when the user removes it without that proof, then closes. */
G_DECLARE_FINAL_TYPE (KeyfobRevokeDialog, keyfob_revoke_dialog, KEYFOB, REVOKE_DIALOG, AdwWindow)

KeyfobRevokeDialog *keyfob_revoke_dialog_new (GtkWindow       *parent,
                                              KeyfobProvider  *provider,
                                              KeyfobTokenList *tokens,
                                              KeyfobVerifier  *verifier,
                                              KeyfobToken     *token);
KeyfobToken        *keyfob_revoke_dialog_get_token (KeyfobRevokeDialog *self);

G_END_DECLS
