/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"
#define SECRET_API_SUBJECT_TO_CHANGE

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-store-private.h"
#include "keyfob-token-private.h"

/* ---- a token's secret ---- */

static void load_start (Op *op);

static void
secret_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  SecretValue *value = secret_service_get_secret_for_dbus_path_finish (SECRET_SERVICE (object),
                                                                       result, &error);

  if (_keyfob_store_op_ended (op))
    {
      g_clear_pointer (&value, secret_value_unref);
      return;
    }

  /* A locked item has no secret to give; nor has a garbled session. */
  if (value == NULL && _keyfob_store_op_retry_in_new_session (op, error))
    _keyfob_store_op_with_service (op, load_start);
  else if (error != NULL)
    _keyfob_store_op_return_error (op, g_steal_pointer (&error));
  else if (value == NULL)
    _keyfob_store_op_return_error (op, _keyfob_store_op_first_refusal_or (
      op, g_error_new_literal (SECRET_ERROR, SECRET_ERROR_IS_LOCKED, "")));
  else
    _keyfob_store_op_return_pointer (op, value, (GDestroyNotify) secret_value_unref);
}

static void
get_secret (Op *op)
{
  KeyfobToken *token = op->data;

  if (_keyfob_store_op_ended (op))
    return;

  secret_service_get_secret_for_dbus_path (op->service, _keyfob_token_get_object_path (token),
                                           op->cancellable, secret_loaded_cb,
                                           _keyfob_store_op_ref (op));
}

/* The loads waiting for the session, and the store they wait in, which may be gone by the
 * time the session is open. */
typedef struct
{
  GWeakRef   store;
  GPtrArray *waiters;
} SessionOpening;

static void
session_opened_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SessionOpening *opening = user_data;
  g_autoptr(KeyfobStore) store = g_weak_ref_get (&opening->store);
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&opening->waiters);
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (&opening->store);
  g_free (opening);

  /* On failure each load tries again on its own, and reports its own error. */
  if (!secret_service_ensure_session_finish (SECRET_SERVICE (object), result, &error))
    g_debug ("Could not open a session with the keyring: %s", error->message);

  if (store != NULL)
    g_clear_pointer (_keyfob_store_get_session_waiters (store), g_ptr_array_unref);

  for (guint i = 0; i < waiters->len; i++)
    get_secret (g_ptr_array_index (waiters, i));
}

/* libsecret opens a session for every load that finds none yet, so a hundred loads at once
 * ("test all") would negotiate a hundred, one after another in gnome-keyring, before the first
 * secret came back: the first load opens it, the others wait for it. */
static void
load_start (Op *op)
{
  GPtrArray **waiters = _keyfob_store_get_session_waiters (op->store);
  SessionOpening *opening;

  if (secret_service_get_session_algorithms (op->service) != NULL)
    {
      get_secret (op);
      return;
    }

  if (*waiters != NULL)
    {
      g_ptr_array_add (*waiters, _keyfob_store_op_ref (op));
      return;
    }

  opening = g_new0 (SessionOpening, 1);
  g_weak_ref_init (&opening->store, op->store);
  opening->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) _keyfob_store_op_unref);
  g_ptr_array_add (opening->waiters, _keyfob_store_op_ref (op));
  *waiters = g_ptr_array_ref (opening->waiters);
  secret_service_ensure_session (op->service, NULL, session_opened_cb, opening);
}

/* By object path, without an item proxy: making one costs gnome-keyring a GetAll and the bus a
 * match rule, and a proxy would keep the secret it loaded for as long as it lives. */
void
keyfob_store_load_secret_async (KeyfobStore         *self,
                                KeyfobToken         *token,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(Op) op = NULL;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));

  op = _keyfob_store_op_new (self, cancellable, callback, user_data,
                             keyfob_store_load_secret_async);
  _keyfob_store_op_set_data (op, g_object_ref (token), g_object_unref);

  if (_keyfob_token_get_object_path (token) == NULL)
    {
      _keyfob_store_op_return_error (op, _keyfob_store_not_stored_error ());
      return;
    }

  _keyfob_store_op_with_service (op, load_start);
}

/**
 * keyfob_store_load_secret_finish:
 *
 * Returns: (transfer full): the token, in memory libsecret keeps out of swap
 */
SecretValue *
keyfob_store_load_secret_finish (KeyfobStore   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- many tokens' secrets ---- */

static void get_secrets (Op *op);

static void
secrets_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = secret_service_get_secrets_for_dbus_paths_finish (
    SECRET_SERVICE (object), result, &error);
  GPtrArray *tokens = op->data;
  g_autoptr(GPtrArray) secrets = NULL;

  if (_keyfob_store_op_ended (op))
    return;

  if (values == NULL && _keyfob_store_op_retry_in_new_session (op, error))
    {
      _keyfob_store_op_with_service (op, get_secrets);
      return;
    }

  if (values == NULL)
    {
      _keyfob_store_op_return_error (op, g_steal_pointer (&error));
      return;
    }

  /* In the tokens' order. The keyring leaves out an item it gives no secret for: locked, as
   * a single load says. */
  secrets = g_ptr_array_new_full (tokens->len, (GDestroyNotify) secret_value_unref);
  for (guint i = 0; i < tokens->len; i++)
    {
      const char *path = _keyfob_token_get_object_path (g_ptr_array_index (tokens, i));
      SecretValue *value = g_hash_table_lookup (values, path);

      if (value == NULL && _keyfob_store_op_retry_in_new_session (op, NULL))
        {
          _keyfob_store_op_with_service (op, get_secrets);
          return;
        }
      if (value == NULL)
        {
          _keyfob_store_op_return_error (op, _keyfob_store_op_first_refusal_or (
            op, g_error_new_literal (SECRET_ERROR, SECRET_ERROR_IS_LOCKED, "")));
          return;
        }
      g_ptr_array_add (secrets, secret_value_ref (value));
    }

  _keyfob_store_op_return_pointer (op, g_steal_pointer (&secrets),
                                   (GDestroyNotify) g_ptr_array_unref);
}

static void
get_secrets (Op *op)
{
  GPtrArray *tokens = op->data;
  g_autofree const char **paths = g_new0 (const char *, tokens->len + 1);

  for (guint i = 0; i < tokens->len; i++)
    paths[i] = _keyfob_token_get_object_path (g_ptr_array_index (tokens, i));

  secret_service_get_secrets_for_dbus_paths (op->service, paths, op->cancellable,
                                             secrets_loaded_cb, _keyfob_store_op_ref (op));
}

/**
 * keyfob_store_load_secrets_async:
 * @tokens: (element-type KeyfobToken): stored tokens
 *
 * Reads the secrets of @tokens in one call to the keyring: a scan of every token costs
 * gnome-keyring a third of the time one call per token does. Keep @tokens to a few hundred,
 * so that the call ends well within the keyring's timeout.
 */
void
keyfob_store_load_secrets_async (KeyfobStore         *self,
                                 GPtrArray           *tokens,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(Op) op = NULL;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (tokens != NULL);

  op = _keyfob_store_op_new (self, cancellable, callback, user_data,
                             keyfob_store_load_secrets_async);
  _keyfob_store_op_set_data (op, g_ptr_array_ref (tokens), (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < tokens->len; i++)
    {
      if (_keyfob_token_get_object_path (g_ptr_array_index (tokens, i)) == NULL)
        {
          _keyfob_store_op_return_error (op, _keyfob_store_not_stored_error ());
          return;
        }
    }

  _keyfob_store_op_with_service (op, get_secrets);
}

/**
 * keyfob_store_load_secrets_finish:
 *
 * Returns: (transfer full) (element-type SecretValue): the secrets in the tokens' order
 */
GPtrArray *
keyfob_store_load_secrets_finish (KeyfobStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the default collection, open, before a search ---- */

/* One step of an op that needs the default collection open first. */
typedef struct
{
  Op     *op;
  OpStep  next;
  char   *path;
} Opening;

static void
opening_free (Opening *opening)
{
  _keyfob_store_op_unref (opening->op);
  g_free (opening->path);
  g_free (opening);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Opening, opening_free)

static void
collection_unlocked_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(Opening) opening = user_data;
  Op *op = opening->op;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) unlocked = NULL;
  int n = secret_service_unlock_dbus_paths_finish (SECRET_SERVICE (object), result, &unlocked,
                                                   &error);

  if (_keyfob_store_op_ended (op))
    return;

  /* Closed or refused: the collection stays locked, and the error says so. */
  if (error != NULL)
    _keyfob_store_op_return_error (op, g_steal_pointer (&error));
  else if (n < 1)
    _keyfob_store_op_return_error (op, g_error_new_literal (SECRET_ERROR,
                                                            SECRET_ERROR_IS_LOCKED, ""));
  else
    opening->next (op);
}

static void
collection_locked_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Opening) opening = user_data;
  Op *op = opening->op;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result,
                                                             &error);
  g_autoptr(GVariant) locked = NULL;
  const char *paths[] = { opening->path, NULL };

  if (_keyfob_store_op_ended (op))
    return;

  if (reply == NULL)
    {
      _keyfob_store_op_return_error (op, g_steal_pointer (&error));
      return;
    }

  g_variant_get (reply, "(v)", &locked);
  g_free (op->collection);
  op->collection = g_strdup (opening->path);
  if (!g_variant_is_of_type (locked, G_VARIANT_TYPE_BOOLEAN) || !g_variant_get_boolean (locked))
    {
      opening->next (op);
      return;
    }

  /* The service's own prompt; its wait is the user's (see the store's prompt timeout). */
  secret_service_unlock_dbus_paths (op->service, paths, op->cancellable, collection_unlocked_cb,
                                    g_steal_pointer (&opening));
}

static void
collection_found_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Opening) opening = user_data;
  Op *op = opening->op;
  g_autoptr(GError) error = NULL;
  const char *path;

  opening->path = secret_service_read_alias_dbus_path_finish (SECRET_SERVICE (object), result,
                                                              &error);
  if (_keyfob_store_op_ended (op))
    return;

  if (error != NULL)
    {
      _keyfob_store_op_return_error (op, g_steal_pointer (&error));
      return;
    }

  if (opening->path == NULL || g_str_equal (opening->path, "/"))
    {
      _keyfob_store_op_return_error (op, _keyfob_store_no_collection_error ());
      return;
    }

  path = opening->path;
  _keyfob_store_op_call (op, path, "org.freedesktop.DBus.Properties", "Get",
                         g_variant_new ("(ss)", "org.freedesktop.Secret.Collection", "Locked"),
                         G_VARIANT_TYPE ("(v)"), collection_locked_cb,
                         g_steal_pointer (&opening));
}

/**
 * _keyfob_store_op_open_collection:
 * @next: runs once the default collection is there and unlocked
 *
 * A locked KeePassXC database or KWallet wallet hides its items from searches, and KeePassXC
 * holds a search until someone unlocks it by hand; KWallet reports a wallet opened at login as
 * locked until a client asks. So before a search: the default collection must exist (else
 * NO_COLLECTION, without letting libsecret create one) and be unlocked, which asks the service
 * to unlock it (a prompt, or nothing where the login opened it).
 */
void
_keyfob_store_op_open_collection (Op     *op,
                                  OpStep  next)
{
  Opening *opening = g_new0 (Opening, 1);

  opening->op = _keyfob_store_op_ref (op);
  opening->next = next;
  secret_service_read_alias_dbus_path (op->service, "default", op->cancellable,
                                       collection_found_cb, opening);
}

/* ---- unlocking ---- */

static void
unlocked (Op *op)
{
  _keyfob_store_op_return_boolean (op);
}

static void
unlock_start (Op *op)
{
  _keyfob_store_op_open_collection (op, unlocked);
}

/**
 * keyfob_store_unlock_async:
 *
 * Asks the keyring to unlock the default collection, which shows its prompt: a locked
 * KeePassXC database or KWallet wallet hides its items from searches, so unlocking them one by
 * one would find nothing to unlock.
 */
void
keyfob_store_unlock_async (KeyfobStore         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(Op) op = NULL;

  g_return_if_fail (KEYFOB_IS_STORE (self));

  op = _keyfob_store_op_new (self, cancellable, callback, user_data, keyfob_store_unlock_async);
  _keyfob_store_op_with_service (op, unlock_start);
}

gboolean
keyfob_store_unlock_finish (KeyfobStore   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
