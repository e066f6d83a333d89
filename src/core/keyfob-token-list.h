/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "keyfob-store.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_TOKEN_LIST (keyfob_token_list_get_type ())

/* The keyring's tokens as a GListModel of KeyfobToken, for views. */
G_DECLARE_FINAL_TYPE (KeyfobTokenList, keyfob_token_list, KEYFOB, TOKEN_LIST, GObject)

KeyfobTokenList *keyfob_token_list_new           (KeyfobStore          *store);
void             keyfob_token_list_reload_async  (KeyfobTokenList      *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean         keyfob_token_list_reload_finish (KeyfobTokenList      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
gboolean         keyfob_token_list_get_loading   (KeyfobTokenList      *self);
guint            keyfob_token_list_get_n_listed  (KeyfobTokenList      *self);
const GError    *keyfob_token_list_get_error     (KeyfobTokenList      *self);
KeyfobToken     *keyfob_token_list_lookup        (KeyfobTokenList      *self,
                                                  const char           *id);
void             keyfob_token_list_remove        (KeyfobTokenList      *self,
                                                  KeyfobToken          *token);

G_END_DECLS
