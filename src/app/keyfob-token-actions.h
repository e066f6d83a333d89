/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "keyfob-token.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_TOKEN_ACTIONS (keyfob_token_actions_get_type ())

/* A table row's buttons: copy, test and the menu with the rest. */
G_DECLARE_FINAL_TYPE (KeyfobTokenActions, keyfob_token_actions, KEYFOB, TOKEN_ACTIONS, GtkWidget)

KeyfobTokenActions *keyfob_token_actions_new       (void);
void                keyfob_token_actions_set_token (KeyfobTokenActions *self,
                                                    KeyfobToken        *token);

G_END_DECLS
