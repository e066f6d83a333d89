/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-catalogue.h"
#include "keyfob-verifier.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_CUSTOM_PROVIDER_DIALOG (keyfob_custom_provider_dialog_get_type ())

/* "Other service": a provider described in a short form, tested with a token, then written to
 * the user's providers folder. Emits "saved" (the provider, the token and the values that passed
 * the Test) once the catalogue has it, then closes. */
G_DECLARE_FINAL_TYPE (KeyfobCustomProviderDialog, keyfob_custom_provider_dialog, KEYFOB,
                      CUSTOM_PROVIDER_DIALOG, AdwWindow)

GtkWidget *keyfob_custom_provider_dialog_new (GtkWindow       *parent,
                                              KeyfobCatalogue *catalogue,
                                              KeyfobVerifier  *verifier,
                                              KeyfobProvider  *provider);

G_END_DECLS
