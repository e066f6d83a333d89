/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "keyfob-store.h"
#include "keyfob-token-draft.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_TOKEN_LIST (keyfob_token_list_get_type ())

/* The keyring's tokens as a GListModel of KeyfobToken, kept live: the front ends' one way to
 * read and change tokens. Each change updates the list in place, and what other programs
 * change shows within a second, from the keyring's own announcements. A list need not hold
 * every token: keyfob_token_list_find_async() adds the one it finds. */
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
gboolean         keyfob_token_list_check_name_free (KeyfobTokenList    *self,
                                                  const char           *provider_id,
                                                  const char           *name,
                                                  const char           *except_id,
                                                  GError              **error);

void             keyfob_token_list_find_async    (KeyfobTokenList      *self,
                                                  const char           *name_or_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
KeyfobToken     *keyfob_token_list_find_finish   (KeyfobTokenList      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void             keyfob_token_list_find_named_async (KeyfobTokenList   *self,
                                                  const char           *provider_id,
                                                  const char           *name,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
void             keyfob_token_list_find_alike_async (KeyfobTokenList   *self,
                                                  const char           *provider_id,
                                                  const char           *preview,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray       *keyfob_token_list_find_some_finish (KeyfobTokenList   *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void             keyfob_token_list_add_async     (KeyfobTokenList      *self,
                                                  KeyfobTokenDraft     *draft,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
KeyfobToken     *keyfob_token_list_add_finish    (KeyfobTokenList      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void             keyfob_token_list_rename_async  (KeyfobTokenList      *self,
                                                  KeyfobToken          *token,
                                                  const char           *new_name,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
void             keyfob_token_list_edit_async    (KeyfobTokenList      *self,
                                                  KeyfobToken          *token,
                                                  KeyfobTokenDraft     *draft,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
void             keyfob_token_list_delete_async  (KeyfobTokenList      *self,
                                                  KeyfobToken          *token,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
void             keyfob_token_list_record_check_async (KeyfobTokenList   *self,
                                                  KeyfobToken          *token,
                                                  const KeyfobCheckResult *check,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
void             keyfob_token_list_unlock_async  (KeyfobTokenList      *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean         keyfob_token_list_change_finish (KeyfobTokenList      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void             keyfob_token_list_load_secret_async  (KeyfobTokenList *self,
                                                       KeyfobToken     *token,
                                                       GCancellable    *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer         user_data);
SecretValue     *keyfob_token_list_load_secret_finish (KeyfobTokenList *self,
                                                       GAsyncResult    *result,
                                                       GError         **error);
void             keyfob_token_list_load_secrets_async  (KeyfobTokenList *self,
                                                        GPtrArray       *tokens,
                                                        GCancellable    *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer         user_data);
GPtrArray       *keyfob_token_list_load_secrets_finish (KeyfobTokenList *self,
                                                        GAsyncResult    *result,
                                                        GError         **error);
void             keyfob_token_list_locate_async  (KeyfobTokenList      *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
KeyfobStoreLocation *keyfob_token_list_locate_finish (KeyfobTokenList  *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
