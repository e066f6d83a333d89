/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "keyfob-token.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_TOKEN_ACTIONS (keyfob_token_actions_get_type ())

/* A row's buttons: copy, test (a spinner while a check runs) and the row menu. Each names a
 * window action with the token's id; the widget itself reaches no service. */
G_DECLARE_FINAL_TYPE (KeyfobTokenActions, keyfob_token_actions, KEYFOB, TOKEN_ACTIONS, GtkWidget)

KeyfobTokenActions *keyfob_token_actions_new        (void);
void                keyfob_token_actions_set_token  (KeyfobTokenActions *self,
                                                     KeyfobToken        *token);
void                keyfob_token_actions_popup_menu (KeyfobTokenActions *self);

G_END_DECLS
