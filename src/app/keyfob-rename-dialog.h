/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-provider.h"
#include "keyfob-token-list.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_RENAME_DIALOG (keyfob_rename_dialog_get_type ())

/* Renames a token in the keyring. Emits "renamed" once the store has done it, then closes. */
G_DECLARE_FINAL_TYPE (KeyfobRenameDialog, keyfob_rename_dialog, KEYFOB, RENAME_DIALOG, AdwWindow)

KeyfobRenameDialog *keyfob_rename_dialog_new (GtkWindow       *parent,
                                              KeyfobProvider  *provider,
                                              KeyfobTokenList *tokens,
                                              KeyfobToken     *token);

G_END_DECLS
