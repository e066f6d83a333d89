/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"

#include "config.h"

#include "keyfob-name-lock.h"
#include "keyfob-store-private.h"
#include "keyfob-token-private.h"

/* ---- what an operation changes ---- */

static void
change_free (Change *change)
{
  g_clear_object (&change->store);
  g_clear_object (&change->token);
  g_clear_pointer (&change->secret, secret_value_unref);
  g_free (change->name);
  g_free (change->old_name);
  g_free (change->path);
  g_clear_pointer (&change->lock, _keyfob_name_lock_release);
  g_clear_pointer (&change->check, keyfob_check_result_free);
  g_clear_pointer (&change->owned, g_hash_table_unref);
  g_free (change);
}

Op *
_keyfob_store_change_op_new (KeyfobStore         *store,
                             KeyfobToken         *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data,
                             gpointer             source_tag)
{
  Op *op = _keyfob_store_op_new (store, cancellable, callback, user_data, source_tag);
  Change *change = g_new0 (Change, 1);

  change->token = g_object_ref (token);
  change->owned = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  _keyfob_store_op_set_data (op, change, (GDestroyNotify) change_free);

  return op;
}

Change *
_keyfob_store_change_of (Op *op)
{
  return op->data;
}

/**
 * _keyfob_store_own_identity:
 * @owned: attributes a write sets, keys static, values freed with g_free()
 *
 * The attributes that say an item is of this version, Keyfob's, and what it is called: every
 * write sets them, so an older item met on the way is migrated.
 */
void
_keyfob_store_own_identity (GHashTable *owned,
                            const char *name)
{
  g_hash_table_replace (owned, (gpointer) "xdg:schema", g_strdup (KEYFOB_SCHEMA_NAME));
  g_hash_table_replace (owned, (gpointer) KEYFOB_ATTRIBUTE_NAME, g_strdup (name));
  g_hash_table_replace (owned, (gpointer) KEYFOB_ATTRIBUTE_FORMAT, g_strdup (KEYFOB_FORMAT));
  g_hash_table_replace (owned, (gpointer) KEYFOB_ATTRIBUTE_APPLICATION,
                        g_strdup (KEYFOB_APPLICATION));
}
