/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"
#define SECRET_API_SUBJECT_TO_CHANGE

#include "config.h"

#include "keyfob-store-private.h"
#include "keyfob-text.h"

/* A Secret Service may refuse a new item after it has made it: kwalletd5 adds the item, then
 * decrypts the secret, and keeps the item without one when that fails (KDE bug 514194, a
 * session key it derives wrongly now and then). Nothing half-written may stay, so whatever
 * carries the new token's id goes before the add tries again or reports the refusal. */

/* A create makes one item; a service that answers with more is not believed past these. */
#define MAX_CANDIDATES 4

typedef struct
{
  Op      *op;
  char    *token_id;
  GError  *error;  /* the refusal, what the add reports */
  OpStep   retry;  /* NULL once a half-made item may be left: no second one */
  char   **paths;  /* left to delete */
  guint    next;
} TakeBack;

/* Deleted what there was to delete, or could not: the create once more, or the refusal. */
static void
take_back_done (TakeBack *take_back)
{
  Op *op = take_back->op;

  if (!_keyfob_store_op_ended (op))
    {
      if (take_back->retry != NULL &&
          _keyfob_store_op_retry_in_new_session (op, take_back->error))
        _keyfob_store_op_with_service (op, take_back->retry);
      else
        _keyfob_store_op_return_error (op, g_steal_pointer (&take_back->error));
    }

  g_clear_error (&take_back->error);
  g_free (take_back->token_id);
  g_strfreev (take_back->paths);
  _keyfob_store_op_unref (op);
  g_free (take_back);
}

static void delete_next (TakeBack *take_back);

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TakeBack *take_back = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_service_delete_item_dbus_path_finish (SECRET_SERVICE (object), result, &error))
    {
      g_autofree char *reason = keyfob_text_one_line (error->message,
                                                      KEYFOB_VENDOR_TEXT_MAX_CHARS);

      if (!_keyfob_store_op_ended (take_back->op))
        g_warning ("Could not delete an item the keyring made for a token it then refused: %s",
                   reason);
      take_back->retry = NULL;
      take_back_done (take_back);
      return;
    }

  delete_next (take_back);
}

/* What the search found is deleted only if it says it is the new token: a search that
 * matches too much must not cost another item. */
static void
candidate_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TakeBack *take_back = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result,
                                                             &error);
  g_autoptr(GHashTable) attributes = NULL;
  const char *path = take_back->paths[take_back->next - 1];

  if (reply == NULL)
    {
      take_back->retry = NULL;
      take_back_done (take_back);
      return;
    }

  attributes = _keyfob_store_attributes_of (reply);
  if (!_keyfob_store_is_our_schema (g_hash_table_lookup (attributes, "xdg:schema")) ||
      g_strcmp0 (g_hash_table_lookup (attributes, "token-id"), take_back->token_id) != 0)
    {
      delete_next (take_back);
      return;
    }

  secret_service_delete_item_dbus_path (take_back->op->service, path,
                                        take_back->op->cancellable, deleted_cb, take_back);
}

static void
delete_next (TakeBack *take_back)
{
  const char *path = take_back->paths != NULL ? take_back->paths[take_back->next] : NULL;

  if (path == NULL || _keyfob_store_op_ended (take_back->op))
    {
      take_back_done (take_back);
      return;
    }

  if (take_back->next == MAX_CANDIDATES)
    {
      take_back->retry = NULL;
      take_back_done (take_back);
      return;
    }

  /* A path the service named twice is deleted once. */
  take_back->next++;
  for (guint i = 0; i + 1 < take_back->next; i++)
    if (g_str_equal (take_back->paths[i], path))
      {
        delete_next (take_back);
        return;
      }

  _keyfob_store_op_get_property (take_back->op, path, "Attributes", candidate_cb, take_back);
}

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TakeBack *take_back = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) locked = NULL;

  if (!secret_service_search_for_dbus_paths_finish (SECRET_SERVICE (object), result,
                                                    &take_back->paths, &locked, &error))
    {
      take_back->retry = NULL;
      take_back_done (take_back);
      return;
    }

  /* A locked item cannot have been made just now by this add: the collection was open. */
  delete_next (take_back);
}

/* Once the items the refused create may have left under @token_id are deleted: @retry, the
 * create, once more in a new session if the refusal may be the session's (see
 * _keyfob_store_op_retry_in_new_session()), or else ends @op with @error (taken). */
void
_keyfob_store_op_take_back_refused (Op         *op,
                                    const char *token_id,
                                    GError     *error,
                                    OpStep      retry)
{
  g_autoptr(GHashTable) query = _keyfob_store_query_new ();
  TakeBack *take_back = g_new0 (TakeBack, 1);

  /* Whatever the refusal: libsecret strips the service's error name, and a service gone
   * meanwhile fails the search at once. */
  take_back->op = _keyfob_store_op_ref (op);
  take_back->token_id = g_strdup (token_id);
  take_back->error = error;
  take_back->retry = retry;
  g_hash_table_insert (query, (gpointer) "token-id", g_strdup (token_id));
  _keyfob_store_op_search (op, query, found_cb, take_back);
}
