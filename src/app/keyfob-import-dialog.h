/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-catalogue.h"
#include "keyfob-token-list.h"
#include "keyfob-verifier.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_IMPORT_DIALOG (keyfob_import_dialog_get_type ())

/* Imports the tokens of a .env file: lists its variables, the tokens among them with masked
 * previews and a check box each, tests every token live, and stores the ones ticked. Emits
 * "imported" (guint, how many) once they are in the keyring, then closes. */
G_DECLARE_FINAL_TYPE (KeyfobImportDialog, keyfob_import_dialog, KEYFOB, IMPORT_DIALOG, AdwWindow)

KeyfobImportDialog *keyfob_import_dialog_new (GtkWindow       *parent,
                                              KeyfobCatalogue *catalogue,
                                              KeyfobTokenList *tokens,
                                              KeyfobVerifier  *verifier,
                                              GFile           *file);

G_END_DECLS
