/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token-list"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-token-check.h"
#include "keyfob-token-list-private.h"
#include "keyfob-token-private.h"

/* What the front ends do to tokens, each through the store and then into the list in place:
 * a view never reloads after a change, and never holds a token the list does not. */

static GTask *
task_new (KeyfobTokenList     *self,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag,
          KeyfobToken         *token)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (token != NULL)
    g_task_set_task_data (task, g_object_ref (token), g_object_unref);

  return task;
}

static KeyfobTokenList *
list_of (GTask *task)
{
  return g_task_get_source_object (task);
}

/* ---- find ---- */

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobToken) token = keyfob_store_find_finish (KEYFOB_STORE (object), result, &error);

  if (token == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_object_ref (_keyfob_token_list_merge (list_of (task), token)),
                           g_object_unref);
}

/**
 * keyfob_token_list_find_async:
 * @name_or_id: a token's id, or its name if unique across providers
 *
 * Finds one token in the keyring, with one search, and puts it in the list.
 */
void
keyfob_token_list_find_async (KeyfobTokenList     *self,
                              const char          *name_or_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));

  keyfob_store_find_async (_keyfob_token_list_get_store (self), name_or_id, cancellable,
                           found_cb, task_new (self, cancellable, callback, user_data,
                                               keyfob_token_list_find_async, NULL));
}

/**
 * keyfob_token_list_find_finish:
 *
 * Returns: (transfer full): the list's token
 */
KeyfobToken *
keyfob_token_list_find_finish (KeyfobTokenList  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
found_some_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = keyfob_store_find_some_finish (KEYFOB_STORE (object), result,
                                                              &error);
  GPtrArray *tokens;

  if (found == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  tokens = g_ptr_array_new_full (found->len, g_object_unref);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (tokens, g_object_ref (_keyfob_token_list_merge (list_of (task),
                                                                     g_ptr_array_index (found, i))));
  g_task_return_pointer (task, tokens, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * keyfob_token_list_find_named_async:
 * @provider_id: (nullable): only this provider's tokens
 *
 * Finds the tokens called @name with one search and puts them in the list. Finish with
 * keyfob_token_list_find_some_finish().
 */
void
keyfob_token_list_find_named_async (KeyfobTokenList     *self,
                                    const char          *provider_id,
                                    const char          *name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));

  keyfob_store_find_named_async (_keyfob_token_list_get_store (self), provider_id, name,
                                 cancellable, found_some_cb,
                                 task_new (self, cancellable, callback, user_data,
                                           keyfob_token_list_find_named_async, NULL));
}

/**
 * keyfob_token_list_find_alike_async:
 *
 * Finds the tokens of @provider_id whose preview is @preview with one search and puts them in
 * the list. Finish with keyfob_token_list_find_some_finish().
 */
void
keyfob_token_list_find_alike_async (KeyfobTokenList     *self,
                                    const char          *provider_id,
                                    const char          *preview,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));

  keyfob_store_find_alike_async (_keyfob_token_list_get_store (self), provider_id, preview,
                                 cancellable, found_some_cb,
                                 task_new (self, cancellable, callback, user_data,
                                           keyfob_token_list_find_alike_async, NULL));
}

/**
 * keyfob_token_list_find_some_finish:
 *
 * Returns: (transfer container) (element-type KeyfobToken): the list's tokens found
 */
GPtrArray *
keyfob_token_list_find_some_finish (KeyfobTokenList  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- add ---- */

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  KeyfobToken *token = g_task_get_task_data (task);

  if (!keyfob_store_add_finish (KEYFOB_STORE (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_object_ref (_keyfob_token_list_merge (list_of (task), token)),
                           g_object_unref);
}

/**
 * keyfob_token_list_add_async:
 * @draft: complete: keyfob_token_draft_build() succeeds
 *
 * Stores the draft as a new token, refusing a name its provider's tokens already use.
 */
void
keyfob_token_list_add_async (KeyfobTokenList     *self,
                             KeyfobTokenDraft    *draft,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));
  g_return_if_fail (KEYFOB_IS_TOKEN_DRAFT (draft));

  token = keyfob_token_draft_build (draft, &error);
  task = task_new (self, cancellable, callback, user_data, keyfob_token_list_add_async, token);
  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  keyfob_store_add_async (_keyfob_token_list_get_store (self), token,
                          keyfob_token_draft_get_secret (draft), cancellable, added_cb,
                          g_steal_pointer (&task));
}

/**
 * keyfob_token_list_add_finish:
 *
 * Returns: (transfer full): the new token, as the list holds it
 */
KeyfobToken *
keyfob_token_list_add_finish (KeyfobTokenList  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- rename, edit, delete, unlock: done or not ---- */

typedef gboolean (*StoreFinish) (KeyfobStore   *store,
                                 GAsyncResult  *result,
                                 GError       **error);

static void
changed (GTask        *task,
         GObject      *store,
         GAsyncResult *result,
         StoreFinish   finish)
{
  g_autoptr(GError) error = NULL;

  if (!finish (KEYFOB_STORE (store), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _keyfob_token_list_note_change (list_of (task), g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

static void
renamed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  changed (task, object, result, keyfob_store_rename_finish);
}

/* Finish with keyfob_token_list_change_finish(). The token keeps its id and takes the name. */
void
keyfob_token_list_rename_async (KeyfobTokenList     *self,
                                KeyfobToken         *token,
                                const char          *new_name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));

  keyfob_store_rename_async (_keyfob_token_list_get_store (self), token, new_name, cancellable,
                             renamed_cb, task_new (self, cancellable, callback, user_data,
                                                   keyfob_token_list_rename_async, token));
}

static void
edited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  changed (task, object, result, keyfob_store_edit_finish);
}

/* Finish with keyfob_token_list_change_finish(); see keyfob_store_edit_async(). */
void
keyfob_token_list_edit_async (KeyfobTokenList     *self,
                              KeyfobToken         *token,
                              KeyfobTokenDraft    *draft,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));

  keyfob_store_edit_async (_keyfob_token_list_get_store (self), token, draft, cancellable,
                           edited_cb, task_new (self, cancellable, callback, user_data,
                                                keyfob_token_list_edit_async, token));
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  KeyfobToken *token = g_task_get_task_data (task);

  if (!keyfob_store_delete_finish (KEYFOB_STORE (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _keyfob_token_list_forget (list_of (task), _keyfob_token_get_object_path (token));
  g_task_return_boolean (task, TRUE);
}

/* Finish with keyfob_token_list_change_finish(). */
void
keyfob_token_list_delete_async (KeyfobTokenList     *self,
                                KeyfobToken         *token,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));

  keyfob_store_delete_async (_keyfob_token_list_get_store (self), token, cancellable,
                             deleted_cb, task_new (self, cancellable, callback, user_data,
                                                   keyfob_token_list_delete_async, token));
}

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  changed (task, object, result, keyfob_store_record_check_finish);
}

/* Finish with keyfob_token_list_change_finish(). Keeps a check made elsewhere (the Add dialog's
 * Test, before the token was stored) as the token's last, in the keyring and in the token. */
void
keyfob_token_list_record_check_async (KeyfobTokenList         *self,
                                      KeyfobToken             *token,
                                      const KeyfobCheckResult *check,
                                      GCancellable            *cancellable,
                                      GAsyncReadyCallback      callback,
                                      gpointer                 user_data)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));

  keyfob_store_record_check_async (_keyfob_token_list_get_store (self), token, check,
                                   cancellable, recorded_cb,
                                   task_new (self, cancellable, callback, user_data,
                                             keyfob_token_list_record_check_async, token));
}

static void
unlocked_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  changed (task, object, result, keyfob_store_unlock_finish);
}

/* Asks the keyring to unlock its default collection; finish with
 * keyfob_token_list_change_finish(), then reload. */
void
keyfob_token_list_unlock_async (KeyfobTokenList     *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));

  keyfob_store_unlock_async (_keyfob_token_list_get_store (self), cancellable, unlocked_cb,
                             task_new (self, cancellable, callback, user_data,
                                       keyfob_token_list_unlock_async, NULL));
}

gboolean
keyfob_token_list_change_finish (KeyfobTokenList  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- a token's secret ---- */

static void
secret_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SecretValue *secret = keyfob_store_load_secret_finish (KEYFOB_STORE (object), result, &error);

  if (secret == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_value_unref);
}

void
keyfob_token_list_load_secret_async (KeyfobTokenList     *self,
                                     KeyfobToken         *token,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));

  keyfob_store_load_secret_async (_keyfob_token_list_get_store (self), token, cancellable,
                                  secret_loaded_cb,
                                  task_new (self, cancellable, callback, user_data,
                                            keyfob_token_list_load_secret_async, token));
}

/**
 * keyfob_token_list_load_secret_finish:
 *
 * Returns: (transfer full): the token itself: wipe it (unref it) as soon as it is used
 */
SecretValue *
keyfob_token_list_load_secret_finish (KeyfobTokenList  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
secrets_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *secrets = keyfob_store_load_secrets_finish (KEYFOB_STORE (object), result, &error);

  if (secrets == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, secrets, (GDestroyNotify) g_ptr_array_unref);
}

/* Finish with keyfob_token_list_load_secrets_finish(); see keyfob_store_load_secrets_async(). */
void
keyfob_token_list_load_secrets_async (KeyfobTokenList     *self,
                                      GPtrArray           *tokens,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));

  keyfob_store_load_secrets_async (_keyfob_token_list_get_store (self), tokens, cancellable,
                                   secrets_loaded_cb,
                                   task_new (self, cancellable, callback, user_data,
                                             keyfob_token_list_load_secrets_async, NULL));
}

/**
 * keyfob_token_list_load_secrets_finish:
 *
 * Returns: (transfer full) (element-type SecretValue): the secrets in the tokens' order;
 *   unref the array as soon as they are used
 */
GPtrArray *
keyfob_token_list_load_secrets_finish (KeyfobTokenList  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- where the tokens are kept ---- */

static void
located_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  KeyfobStoreLocation *location = keyfob_store_locate_finish (KEYFOB_STORE (object), result,
                                                              &error);

  if (location == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, location, (GDestroyNotify) keyfob_store_location_free);
}

/* The Secret Service and collection the list's tokens are in; see keyfob_store_locate_async(). */
void
keyfob_token_list_locate_async (KeyfobTokenList     *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self));

  keyfob_store_locate_async (_keyfob_token_list_get_store (self), cancellable, located_cb,
                             task_new (self, cancellable, callback, user_data,
                                       keyfob_token_list_locate_async, NULL));
}

/**
 * keyfob_token_list_locate_finish:
 *
 * Returns: (transfer full): where the tokens are kept; each part %NULL when unknown
 */
KeyfobStoreLocation *
keyfob_token_list_locate_finish (KeyfobTokenList  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
