/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "keyfob-catalogue.h"
#include "keyfob-check-result.h"
#include "keyfob-token.h"
#include "keyfob-token-draft.h"
#include "keyfob-token-rules.h"

G_BEGIN_DECLS

#define KEYFOB_STORE_TIMEOUT 10

#define KEYFOB_STORE_ERROR (keyfob_store_error_quark ())

typedef enum
{
  KEYFOB_STORE_ERROR_UNAVAILABLE = 1,
  KEYFOB_STORE_ERROR_LOCKED,
  KEYFOB_STORE_ERROR_TIMEOUT,
  KEYFOB_STORE_ERROR_NOT_FOUND,
  KEYFOB_STORE_ERROR_FAILED,
  KEYFOB_STORE_ERROR_DENIED,         /* a prompt was dismissed, or access refused */
  KEYFOB_STORE_ERROR_NO_COLLECTION,  /* no default collection to keep tokens in */
} KeyfobStoreError;

/* What a collection announced of one item. */
typedef enum
{
  KEYFOB_STORE_ITEM_CREATED,
  KEYFOB_STORE_ITEM_CHANGED,
  KEYFOB_STORE_ITEM_DELETED,
} KeyfobStoreItemEvent;

/* Where tokens are kept, as people know it; each %NULL when it could not be found. */
typedef struct
{
  char *service;     /* the Secret Service: "GNOME Keyring", "KeePassXC", "KWallet"... */
  char *collection;  /* the default collection's label: outside text, one line */
} KeyfobStoreLocation;

#define KEYFOB_TYPE_STORE_LOCATION (keyfob_store_location_get_type ())

GType                keyfob_store_location_get_type (void) G_GNUC_CONST;
KeyfobStoreLocation *keyfob_store_location_copy     (const KeyfobStoreLocation *self);
void                 keyfob_store_location_free     (KeyfobStoreLocation       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyfobStoreLocation, keyfob_store_location_free)

#define KEYFOB_TYPE_STORE (keyfob_store_get_type ())

G_DECLARE_FINAL_TYPE (KeyfobStore, keyfob_store, KEYFOB, STORE, GObject)

GQuark         keyfob_store_error_quark      (void);

KeyfobStore   *keyfob_store_new              (void);
void           keyfob_store_set_timeout      (KeyfobStore          *self,
                                              guint                 seconds);
void           keyfob_store_set_prompt_timeout (KeyfobStore        *self,
                                              guint                 seconds);
void           keyfob_store_set_catalogue    (KeyfobStore          *self,
                                              KeyfobCatalogue      *catalogue);
gboolean       keyfob_store_get_prompting    (KeyfobStore          *self);
void           keyfob_store_unlock_async     (KeyfobStore          *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       keyfob_store_unlock_finish    (KeyfobStore          *self,
                                              GAsyncResult         *result,
                                              GError              **error);

void           keyfob_store_list_async       (KeyfobStore          *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GPtrArray     *keyfob_store_list_finish      (KeyfobStore          *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           keyfob_store_list_paths_async (KeyfobStore         *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char         **keyfob_store_list_paths_finish (KeyfobStore        *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           keyfob_store_read_tokens_async (KeyfobStore        *self,
                                              const char * const   *paths,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GPtrArray     *keyfob_store_read_tokens_finish (KeyfobStore       *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           keyfob_store_read_changed_async (KeyfobStore       *self,
                                              const char * const  *paths,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
void           keyfob_store_find_async       (KeyfobStore          *self,
                                              const char           *name_or_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
KeyfobToken   *keyfob_store_find_finish      (KeyfobStore          *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           keyfob_store_find_named_async (KeyfobStore          *self,
                                              const char           *provider_id,
                                              const char           *name,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
void           keyfob_store_find_alike_async (KeyfobStore          *self,
                                              const char           *provider_id,
                                              const char           *preview,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GPtrArray     *keyfob_store_find_some_finish (KeyfobStore          *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           keyfob_store_add_async        (KeyfobStore          *self,
                                              KeyfobToken          *token,
                                              SecretValue          *secret,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       keyfob_store_add_finish       (KeyfobStore          *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           keyfob_store_load_secret_async (KeyfobStore         *self,
                                              KeyfobToken          *token,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
SecretValue   *keyfob_store_load_secret_finish (KeyfobStore        *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           keyfob_store_load_secrets_async (KeyfobStore        *self,
                                              GPtrArray            *tokens,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GPtrArray     *keyfob_store_load_secrets_finish (KeyfobStore       *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           keyfob_store_rename_async     (KeyfobStore          *self,
                                              KeyfobToken          *token,
                                              const char           *new_name,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       keyfob_store_rename_finish    (KeyfobStore          *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           keyfob_store_edit_async       (KeyfobStore          *self,
                                              KeyfobToken          *token,
                                              KeyfobTokenDraft     *draft,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       keyfob_store_edit_finish      (KeyfobStore          *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           keyfob_store_delete_async     (KeyfobStore          *self,
                                              KeyfobToken          *token,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       keyfob_store_delete_finish    (KeyfobStore          *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           keyfob_store_record_check_async (KeyfobStore        *self,
                                              KeyfobToken          *token,
                                              const KeyfobCheckResult *result,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       keyfob_store_record_check_finish (KeyfobStore       *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           keyfob_store_locate_async     (KeyfobStore          *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
KeyfobStoreLocation *keyfob_store_locate_finish (KeyfobStore        *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
