/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "keyfob-catalogue.h"
#include "keyfob-token-list.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_TOKEN_DETAILS (keyfob_token_details_get_type ())

/* One token's page: what it is, its fields (edited in place), expiry, last check and where it
 * is stored, and buttons for the window's token actions. Follows the token live; with no token
 * it asks for one to be selected. */
G_DECLARE_FINAL_TYPE (KeyfobTokenDetails, keyfob_token_details, KEYFOB, TOKEN_DETAILS, GtkWidget)

KeyfobTokenDetails *keyfob_token_details_new       (KeyfobTokenList    *tokens,
                                                    KeyfobCatalogue    *catalogue,
                                                    GSettings          *settings);
KeyfobToken        *keyfob_token_details_get_token (KeyfobTokenDetails *self);
void                keyfob_token_details_set_token (KeyfobTokenDetails *self,
                                                    KeyfobToken        *token);

void                keyfob_token_details_reveal    (KeyfobTokenDetails *self);

G_END_DECLS
