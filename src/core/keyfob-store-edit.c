/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"
#define SECRET_API_SUBJECT_TO_CHANGE

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-check-host.h"
#include "keyfob-secret.h"
#include "keyfob-store-private.h"
#include "keyfob-store-service.h"
#include "keyfob-token-private.h"

/* An edit of a stored token: its fields and expiry, and on rotation its secret. The
 * attributes are written first; if the keyring then refuses the new secret, the old
 * attributes go back, so the item never shows one token's preview beside another's secret. */

typedef struct
{
  KeyfobToken    *token;
  KeyfobProvider *provider;
  GHashTable     *owned;     /* what the edit sets (NULL values remove) */
  GHashTable     *previous;  /* the same attributes as they were */
  SecretValue    *secret;    /* the new token, on rotation */
  GError         *error;     /* why the secret was refused, while the old values go back */
} Edit;

static void
edit_free (Edit *edit)
{
  g_clear_object (&edit->token);
  g_clear_object (&edit->provider);
  g_clear_pointer (&edit->owned, g_hash_table_unref);
  g_clear_pointer (&edit->previous, g_hash_table_unref);
  g_clear_pointer (&edit->secret, secret_value_unref);
  g_clear_error (&edit->error);
  g_free (edit);
}

static Edit *
edit_of (Op *op)
{
  return op->data;
}

/* The token object takes the edit's values, as the keyring now holds them. */
static void
update_token (Edit *edit)
{
  g_autoptr(GHashTable) attributes = _keyfob_token_to_attributes (edit->token);
  g_autoptr(KeyfobToken) newer = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, edit->owned);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (value != NULL)
      g_hash_table_replace (attributes, g_strdup (key), g_strdup (value));
    else
      g_hash_table_remove (attributes, key);

  newer = _keyfob_token_new_from_attributes (attributes, NULL,
                                             _keyfob_token_get_object_path (edit->token),
                                             edit->provider);
  _keyfob_token_update_from (edit->token, newer);
}

static void
put_back (Op       *op,
          GError   *error,
          gpointer  data)
{
  Edit *edit = edit_of (op);

  if (error != NULL)
    g_warning ("Could not put back the attributes of token %s after its new secret was refused: "
               "%s", keyfob_token_get_id (edit->token), error->message);
  g_clear_error (&error);

  if (!_keyfob_store_op_ended (op))
    _keyfob_store_op_return_error (op, g_steal_pointer (&edit->error));
}

static void set_secret (Op *op);

static void
reopened_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  Edit *edit = edit_of (op);
  g_autoptr(SecretService) service = secret_service_open_finish (result, NULL);

  /* Not even a new session: the attributes as they were, with the first refusal. */
  if (service == NULL)
    {
      _keyfob_store_op_write (op, edit->token, edit->previous, NULL, put_back, NULL);
      return;
    }

  _keyfob_store_op_take_service (op, service);
  set_secret (op);
}

/* The new secret refused: once more in a new session if that may be the session's fault (see
 * _keyfob_store_op_retry_in_new_session()), else the attributes as they were. The new session
 * is this edit's own, so that whatever becomes of it, the old attributes go back. Takes
 * @error. */
static void
secret_refused (Op     *op,
                GError *error)
{
  Edit *edit = edit_of (op);

  g_clear_error (&edit->error);
  edit->error = error;

  if (!_keyfob_store_op_ended (op) && _keyfob_store_op_retry_in_new_session (op, error))
    {
      secret_service_open (KEYFOB_TYPE_STORE_SERVICE, NULL, SECRET_SERVICE_NONE,
                           op->cancellable, reopened_cb, _keyfob_store_op_ref (op));
      return;
    }

  _keyfob_store_op_write (op, edit->token, edit->previous, NULL, put_back, NULL);
}

static void
secret_set_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  Edit *edit = edit_of (op);
  GError *error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result,
                                                             &error);

  if (reply == NULL)
    {
      secret_refused (op, error);
      return;
    }

  if (_keyfob_store_op_ended (op))
    return;

  update_token (edit);
  _keyfob_store_op_return_boolean (op);
}

static void
session_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  Edit *edit = edit_of (op);
  GError *error = NULL;
  GVariant *encoded;

  if (!secret_service_ensure_session_finish (SECRET_SERVICE (object), result, &error))
    {
      secret_refused (op, error);
      return;
    }

  encoded = secret_service_encode_dbus_secret (op->service, edit->secret);
  _keyfob_store_op_call (op, _keyfob_token_get_object_path (edit->token),
                         "org.freedesktop.Secret.Item", "SetSecret",
                         g_variant_new ("(@(oayays))", encoded), NULL, secret_set_cb,
                         _keyfob_store_op_ref (op));
}

static void
set_secret (Op *op)
{
  secret_service_ensure_session (op->service, op->cancellable, session_cb,
                                 _keyfob_store_op_ref (op));
}

static void
attributes_written (Op       *op,
                    GError   *error,
                    gpointer  data)
{
  Edit *edit = edit_of (op);

  if (_keyfob_store_op_ended (op))
    {
      g_clear_error (&error);
      return;
    }

  if (error != NULL)
    {
      _keyfob_store_op_return_error (op, error);
      return;
    }

  if (edit->secret == NULL)
    {
      update_token (edit);
      _keyfob_store_op_return_boolean (op);
      return;
    }

  set_secret (op);
}

static void
edit_start (Op *op)
{
  Edit *edit = edit_of (op);

  _keyfob_store_op_write (op, edit->token, edit->owned, NULL, attributes_written, NULL);
}

static void
own_date (GHashTable *owned,
          const char *key,
          GDateTime  *date)
{
  g_hash_table_insert (owned, (gpointer) key, date != NULL ? keyfob_date_format (date) : NULL);
}

/* A token keeps the host its checks went to when it was stored; an edit of its fields moves it
 * only if the provider still sends them there, never past a changed provider file. */
static void
own_check_host (Edit       *edit,
                GHashTable *fields)
{
  const char *kept = keyfob_token_get_check_host (edit->token);
  g_autofree char *before = keyfob_check_host_for (edit->provider,
                                                   keyfob_token_get_fields (edit->token), NULL);
  g_autofree char *after = keyfob_check_host_for (edit->provider, fields, NULL);

  if (after != NULL && (kept == NULL || g_strcmp0 (kept, before) == 0))
    g_hash_table_insert (edit->owned, (gpointer) "check-host", g_strdup (after));
}

/* What the draft changes, as attributes, and what they were. */
static gboolean
plan (Edit              *edit,
      KeyfobTokenDraft  *draft,
      GError           **error)
{
  g_autoptr(GHashTable) fields = keyfob_token_draft_dup_fields (draft, error);
  g_autoptr(GHashTable) current = _keyfob_token_to_attributes (edit->token);
  GHashTableIter iter;
  gpointer key;

  if (fields == NULL)
    return FALSE;

  for (guint i = 0; i < keyfob_provider_get_n_fields (edit->provider); i++)
    {
      const char *field = keyfob_provider_get_field (edit->provider, i)->key;

      g_hash_table_insert (edit->owned, (gpointer) field,
                           g_strdup (g_hash_table_lookup (fields, field)));
    }
  own_date (edit->owned, "expires", keyfob_token_draft_get_expires (draft));
  own_check_host (edit, fields);

  if (keyfob_token_draft_get_secret (draft) != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      edit->secret = secret_value_ref (keyfob_token_draft_get_secret (draft));
      g_hash_table_insert (edit->owned, (gpointer) "preview",
                           keyfob_token_mask (keyfob_secret_value_get_text (edit->secret)));
      own_date (edit->owned, "rotated", now);
      /* A new token has not been checked yet. */
      g_hash_table_insert (edit->owned, (gpointer) "last-checked", NULL);
      g_hash_table_insert (edit->owned, (gpointer) "last-result", NULL);
      g_hash_table_insert (edit->owned, (gpointer) "last-status", NULL);
      g_hash_table_insert (edit->owned, (gpointer) "last-message", NULL);
      g_hash_table_insert (edit->owned, (gpointer) "last-latency", NULL);
      g_hash_table_insert (edit->owned, (gpointer) "account", NULL);
    }

  _keyfob_store_own_identity (edit->owned, keyfob_token_get_name (edit->token));

  g_hash_table_iter_init (&iter, edit->owned);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_insert (edit->previous, key, g_strdup (g_hash_table_lookup (current, key)));

  return TRUE;
}

/**
 * keyfob_store_edit_async:
 * @draft: made by keyfob_token_draft_new_edit() for @token; its name is not used (renaming
 *   is keyfob_store_rename_async(), which checks the name is free)
 *
 * Changes a stored token's fields and expiry, and with a new secret in @draft rotates it:
 * the id stays, the preview follows the new token, the rotation time is recorded and the last
 * check is forgotten. Every attribute Keyfob does not own stays as it was. On success @token
 * holds the new values.
 */
void
keyfob_store_edit_async (KeyfobStore         *self,
                         KeyfobToken         *token,
                         KeyfobTokenDraft    *draft,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(Op) op = NULL;
  g_autoptr(GError) error = NULL;
  Edit *edit;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));
  g_return_if_fail (KEYFOB_IS_TOKEN_DRAFT (draft));

  op = _keyfob_store_op_new (self, cancellable, callback, user_data, keyfob_store_edit_async);
  edit = g_new0 (Edit, 1);
  edit->token = g_object_ref (token);
  edit->provider = g_object_ref (keyfob_token_draft_get_provider (draft));
  edit->owned = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  edit->previous = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  _keyfob_store_op_set_data (op, edit, (GDestroyNotify) edit_free);

  if (_keyfob_token_get_object_path (token) == NULL)
    {
      _keyfob_store_op_return_error (op, _keyfob_store_not_stored_error ());
      return;
    }

  if (!plan (edit, draft, &error))
    {
      _keyfob_store_op_return_error (op, g_steal_pointer (&error));
      return;
    }

  _keyfob_store_op_with_service (op, edit_start);
}

gboolean
keyfob_store_edit_finish (KeyfobStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
