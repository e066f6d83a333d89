/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"
#define SECRET_API_SUBJECT_TO_CHANGE

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-name-lock.h"
#include "keyfob-store-private.h"
#include "keyfob-token-private.h"

/* Attributes a Secret Service keeps for itself and refuses to take back: KeePassXC's entry
 * UUID and group path. A write leaves them out; every other attribute stays as it was. */
static const char * const service_owned[] = { "Uuid", "Path", NULL };

/* ---- writing an item ---- */

typedef struct
{
  Op          *op;
  KeyfobStore *store;  /* which hears the write's end, also once the op has ended */
  KeyfobToken *token;
  GHashTable  *owned;  /* attribute -> value, or NULL to remove it */
  char        *label;
  WrittenFunc  done;
  gpointer     data;
} Write;

static void
write_free (Write *write)
{
  _keyfob_store_end_write (write->store, _keyfob_token_get_object_path (write->token));
  g_clear_object (&write->store);
  g_clear_object (&write->token);
  g_clear_pointer (&write->owned, g_hash_table_unref);
  g_free (write->label);
  _keyfob_store_op_unref (write->op);
  g_free (write);
}

/* Ends the write when the op ended or the call failed. */
static gboolean
write_failed (Write        *write,
              GError       *error)
{
  if (error == NULL && !_keyfob_store_op_ended (write->op))
    return FALSE;

  write->done (write->op, error, write->data);
  write_free (write);
  return TRUE;
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Write *write = user_data;
  GError *error = NULL;
  GVariant *reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);

  /* A Set answers nothing. */
  g_clear_pointer (&reply, g_variant_unref);
  if (write_failed (write, error))
    return;

  write->done (write->op, NULL, write->data);
  write_free (write);
}

static void
set_property (Write      *write,
              const char *property,
              GVariant   *value)
{
  _keyfob_store_op_call (write->op, _keyfob_token_get_object_path (write->token),
                         "org.freedesktop.DBus.Properties", "Set",
                         g_variant_new ("(ssv)", "org.freedesktop.Secret.Item", property, value),
                         NULL, written_cb, write);
}

static void
label_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Write *write = user_data;
  GError *error = NULL;
  GVariant *reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);

  g_clear_pointer (&reply, g_variant_unref);
  if (write_failed (write, error))
    return;

  set_property (write, "Label", g_variant_new_string (write->label));
}

static void
current_attributes_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Write *write = user_data;
  GError *error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result,
                                                             &error);
  g_autoptr(GHashTable) attributes = NULL;
  GVariantBuilder builder;
  GHashTableIter iter;
  gpointer key, value;

  if (write_failed (write, error))
    return;

  /* The attributes as they are now, not as they were read: another program may have changed
   * one since, and what Keyfob does not own it does not touch. */
  attributes = _keyfob_store_attributes_of (reply);
  g_hash_table_iter_init (&iter, write->owned);
  /* A removed attribute is written empty: KeePassXC keeps any attribute a write leaves out,
   * so an expiry or a last check would never go. An empty one reads as none. */
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (attributes, g_strdup (key), g_strdup (value != NULL ? value : ""));

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_strv_contains (service_owned, key))
      g_variant_builder_add (&builder, "{ss}", key, value);

  _keyfob_store_op_call (write->op, _keyfob_token_get_object_path (write->token),
                         "org.freedesktop.DBus.Properties", "Set",
                         g_variant_new ("(ssv)", "org.freedesktop.Secret.Item", "Attributes",
                                        g_variant_builder_end (&builder)),
                         NULL, write->label != NULL ? label_written_cb : written_cb, write);
}

/**
 * _keyfob_store_op_write:
 * @owned: (element-type utf8 utf8): the attributes Keyfob sets; a %NULL value removes one
 * @label: (nullable): a new label
 * @done: called once written or failed, also if the op ended meanwhile
 *
 * Changes what Keyfob owns of an item, and nothing else.
 */
void
_keyfob_store_op_write (Op          *op,
                        KeyfobToken *token,
                        GHashTable  *owned,
                        const char  *label,
                        WrittenFunc  done,
                        gpointer     data)
{
  Write *write = g_new0 (Write, 1);
  GHashTableIter iter;
  gpointer key, value;

  write->op = _keyfob_store_op_ref (op);
  write->token = g_object_ref (token);
  write->store = g_object_ref (op->store);
  _keyfob_store_begin_write (write->store, _keyfob_token_get_object_path (token));
  write->owned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, owned);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (write->owned, g_strdup (key), g_strdup (value));
  write->label = g_strdup (label);
  write->done = done;
  write->data = data;

  _keyfob_store_op_get_property (op, _keyfob_token_get_object_path (token), "Attributes",
                                 current_attributes_cb, write);
}

/* ---- a name's lock, and its re-check ---- */

static void
locked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  KeyfobNameLock *lock = _keyfob_name_lock_acquire_finish (result, &error);

  if (_keyfob_store_op_ended (op))
    {
      _keyfob_name_lock_release (lock);
      return;
    }

  if (lock == NULL)
    {
      _keyfob_store_op_return_error (op, g_steal_pointer (&error));
      return;
    }

  _keyfob_store_change_of (op)->lock = lock;
  _keyfob_store_change_of (op)->locked (op);
}

/* The name check and the write run under the names' lock: another Keyfob checking the same
 * name waits until this one is stored. The lock goes with the op. */
static void
with_name_lock (Op     *op,
                OpStep  locked)
{
  _keyfob_store_change_of (op)->locked = locked;
  _keyfob_name_lock_acquire_async (op->cancellable, locked_cb, _keyfob_store_op_ref (op));
}

/* After storing: a writer that took no lock (an older Keyfob, another program) may have
 * stored the same name meanwhile. Of two, the item whose path sorts first stays, as both
 * writers see it; the other writer takes its own back. */
typedef void (*RecheckFunc) (Op       *op,
                             gboolean  ours_stays);

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static void
rechecked (Op       *op,
           gboolean  ours_stays);

static void
recheck_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) unlocked = NULL;
  g_auto(GStrv) locked = NULL;
  Change *change = _keyfob_store_change_of (op);
  const char *ours = _keyfob_token_get_object_path (change->token);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  if (_keyfob_store_op_ended (op))
    return;

  if (!secret_service_search_for_dbus_paths_finish (SECRET_SERVICE (object), result, &unlocked,
                                                    &locked, &error))
    {
      _keyfob_store_op_return_error (op, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; unlocked != NULL && unlocked[i] != NULL; i++)
    g_ptr_array_add (paths, unlocked[i]);
  for (guint i = 0; locked != NULL && locked[i] != NULL; i++)
    g_ptr_array_add (paths, locked[i]);
  g_ptr_array_sort (paths, compare_paths);

  rechecked (op, paths->len == 0 || g_strcmp0 (g_ptr_array_index (paths, 0), ours) == 0);
}

static void
recheck (Op *op)
{
  Change *change = _keyfob_store_change_of (op);
  g_autoptr(GHashTable) query = _keyfob_store_query_new ();

  g_hash_table_insert (query, (gpointer) "provider",
                       g_strdup (keyfob_token_get_provider_id (change->token)));
  g_hash_table_insert (query, (gpointer) KEYFOB_ATTRIBUTE_NAME, g_strdup (change->name));
  _keyfob_store_op_search (op, query, recheck_cb, _keyfob_store_op_ref (op));
}

/* ---- add ---- */

static void
add_taken_back_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;

  secret_service_delete_item_dbus_path_finish (SECRET_SERVICE (object), result, &error);
  if (error != NULL)
    g_warning ("Could not take back a token stored under a name another program took at the "
               "same time: %s", error->message);

  if (!_keyfob_store_op_ended (op))
    _keyfob_store_op_return_error (op,
                                   keyfob_name_taken_error (_keyfob_store_change_of (op)->name));
}

static void
renamed_back (Op       *op,
              GError   *error,
              gpointer  data)
{
  g_clear_error (&error);
  if (_keyfob_store_op_ended (op))
    g_error_free (data);
  else
    _keyfob_store_op_return_error (op, data);
}

static void
rechecked (Op       *op,
           gboolean  ours_stays)
{
  Change *change = _keyfob_store_change_of (op);

  if (ours_stays)
    {
      if (change->old_name != NULL)
        _keyfob_token_set_name (change->token, change->name);
      _keyfob_store_op_return_boolean (op);
      return;
    }

  /* A rename puts the old name back; an add takes its item back. */
  if (change->old_name != NULL)
    {
      GError *error = keyfob_name_taken_error (change->name);

      _keyfob_store_own_identity (change->owned, change->old_name);
      _keyfob_store_op_write (op, change->token, change->owned, change->old_name, renamed_back,
                              error);
      return;
    }

  secret_service_delete_item_dbus_path (op->service,
                                        _keyfob_token_get_object_path (change->token),
                                        op->cancellable, add_taken_back_cb,
                                        _keyfob_store_op_ref (op));
}

static void create_item (Op *op);

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = secret_service_create_item_dbus_path_finish (SECRET_SERVICE (object),
                                                                      result, &error);

  if (_keyfob_store_op_ended (op))
    return;

  if (path == NULL)
    {
      _keyfob_store_op_take_back_refused (op,
                                          keyfob_token_get_id (_keyfob_store_change_of (op)->token),
                                          g_steal_pointer (&error), create_item);
      return;
    }

  _keyfob_token_set_object_path (_keyfob_store_change_of (op)->token, path);
  recheck (op);
}

static GVariant *
attributes_variant (GHashTable *attributes)
{
  GVariantBuilder builder;
  GHashTableIter iter;
  gpointer key, value;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_variant_builder_add (&builder, "{ss}", key, value);

  return g_variant_builder_end (&builder);
}

static void
create_item (Op *op)
{
  Change *change = _keyfob_store_change_of (op);
  g_autoptr(GHashTable) properties = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  attributes = _keyfob_token_to_attributes (change->token);
  properties = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) g_variant_unref);
  g_hash_table_insert (properties, (gpointer) "org.freedesktop.Secret.Item.Label",
                       g_variant_ref_sink (g_variant_new_string (change->name)));
  g_hash_table_insert (properties, (gpointer) "org.freedesktop.Secret.Item.Attributes",
                       g_variant_ref_sink (attributes_variant (attributes)));

  secret_service_create_item_dbus_path (op->service, change->path, properties, change->secret,
                                        SECRET_ITEM_CREATE_NONE, op->cancellable, created_cb,
                                        _keyfob_store_op_ref (op));
}

static void
add_named (Op        *op,
           GPtrArray *tokens,
           gpointer   data)
{
  if (tokens->len > 0)
    {
      _keyfob_store_op_return_error (op,
                                     keyfob_name_taken_error (_keyfob_store_change_of (op)->name));
      return;
    }

  create_item (op);
}

static void
add_locked (Op *op)
{
  Change *change = _keyfob_store_change_of (op);

  _keyfob_store_op_find_named (op, keyfob_token_get_provider_id (change->token), change->name,
                               add_named, NULL);
}

/* Where new items go: the default collection. With none, Keyfob says so: libsecret would
 * create one, which opens KeePassXC's new-database wizard or KWallet's create-wallet one. */
static void
add_opened (Op *op)
{
  _keyfob_store_change_of (op)->path = g_strdup (op->collection);
  with_name_lock (op, add_locked);
}

/* Into the default collection, unlocked first: KWallet's stays locked after a login until a
 * client asks, and would refuse the item. */
static void
add_start (Op *op)
{
  _keyfob_store_op_open_collection (op, add_opened);
}

/**
 * keyfob_store_add_async:
 * @token: a token made by keyfob_token_new_from_input()
 * @secret: the token itself
 *
 * Stores a new token in the default collection, refusing a name its provider's tokens already
 * use, also when another process stores the same name at the same time.
 */
void
keyfob_store_add_async (KeyfobStore         *self,
                        KeyfobToken         *token,
                        SecretValue         *secret,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(Op) op = NULL;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));
  g_return_if_fail (secret != NULL);

  op = _keyfob_store_change_op_new (self, token, cancellable, callback, user_data,
                                    keyfob_store_add_async);
  _keyfob_store_change_of (op)->secret = secret_value_ref (secret);
  _keyfob_store_change_of (op)->name = g_strdup (keyfob_token_get_name (token));
  _keyfob_store_op_with_service (op, add_start);
}

gboolean
keyfob_store_add_finish (KeyfobStore   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- rename ---- */

static void
renamed (Op       *op,
         GError   *error,
         gpointer  data)
{
  if (_keyfob_store_op_ended (op))
    g_clear_error (&error);
  else if (error != NULL)
    _keyfob_store_op_return_error (op, error);
  else
    recheck (op);
}

static void
rename_named (Op        *op,
              GPtrArray *tokens,
              gpointer   data)
{
  Change *change = _keyfob_store_change_of (op);

  for (guint i = 0; i < tokens->len; i++)
    if (g_strcmp0 (keyfob_token_get_id (g_ptr_array_index (tokens, i)),
                   keyfob_token_get_id (change->token)) != 0)
      {
        _keyfob_store_op_return_error (op, keyfob_name_taken_error (change->name));
        return;
      }

  _keyfob_store_own_identity (change->owned, change->name);
  _keyfob_store_op_write (op, change->token, change->owned, change->name, renamed, NULL);
}

static void
rename_locked (Op *op)
{
  Change *change = _keyfob_store_change_of (op);

  _keyfob_store_op_find_named (op, keyfob_token_get_provider_id (change->token), change->name,
                               rename_named, NULL);
}

static void
rename_start (Op *op)
{
  with_name_lock (op, rename_locked);
}

void
keyfob_store_rename_async (KeyfobStore         *self,
                           KeyfobToken         *token,
                           const char          *new_name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(Op) op = NULL;
  g_autoptr(GError) error = NULL;
  char *name;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));

  op = _keyfob_store_change_op_new (self, token, cancellable, callback, user_data,
                                    keyfob_store_rename_async);
  if (!(name = keyfob_name_normalise (new_name, &error)))
    {
      _keyfob_store_op_return_error (op, g_steal_pointer (&error));
      return;
    }

  _keyfob_store_change_of (op)->name = name;
  _keyfob_store_change_of (op)->old_name = g_strdup (keyfob_token_get_name (token));
  _keyfob_store_op_with_service (op, rename_start);
}

gboolean
keyfob_store_rename_finish (KeyfobStore   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
