/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"

#include "config.h"

#include "keyfob-store-private.h"
#include "keyfob-token-private.h"

/* ---- a check's verdict ---- */

static void check_recorded (Op       *op,
                            GError   *error,
                            gpointer  data);

/* The next write-back in line, once none runs. */
static void
write_next (KeyfobStoreWrites *writes)
{
  while (!writes->busy && !g_queue_is_empty (&writes->waiting))
    {
      g_autoptr(Op) op = g_queue_pop_head (&writes->waiting);
      Change *change = _keyfob_store_change_of (op);

      if (_keyfob_store_op_ended (op))
        {
          g_clear_object (&change->store);
          continue;
        }

      writes->busy = TRUE;
      _keyfob_store_op_write (op, change->token, change->owned, NULL, check_recorded, NULL);
    }
}

static void
check_recorded (Op       *op,
                GError   *error,
                gpointer  data)
{
  Change *change = _keyfob_store_change_of (op);
  g_autoptr(KeyfobStore) store = g_steal_pointer (&change->store);
  KeyfobStoreWrites *writes = _keyfob_store_get_writes (store);

  writes->busy = FALSE;
  write_next (writes);

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

  _keyfob_token_set_last_check (change->token, change->check);
  _keyfob_store_op_return_boolean (op);
}

static void
record_check_start (Op *op)
{
  KeyfobStoreWrites *writes = _keyfob_store_get_writes (op->store);

  _keyfob_store_change_of (op)->store = g_object_ref (op->store);
  g_queue_push_tail (&writes->waiting, _keyfob_store_op_ref (op));
  write_next (writes);
}

/**
 * keyfob_store_record_check_async:
 *
 * Writes a check's time, verdict, HTTP status, vendor message, latency, account and host back
 * to the token's keyring item, and nothing else of it.
 */
void
keyfob_store_record_check_async (KeyfobStore             *self,
                                 KeyfobToken             *token,
                                 const KeyfobCheckResult *check,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  g_autoptr(Op) op = NULL;
  Change *change;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));
  g_return_if_fail (check != NULL);

  op = _keyfob_store_change_op_new (self, token, cancellable, callback, user_data,
                                    keyfob_store_record_check_async);
  change = _keyfob_store_change_of (op);
  change->check = keyfob_check_result_copy (check);

  if (_keyfob_token_get_object_path (token) == NULL)
    {
      _keyfob_store_op_return_error (op, _keyfob_store_not_stored_error ());
      return;
    }

  g_hash_table_insert (change->owned, (gpointer) "last-checked",
                       keyfob_date_format (check->checked_at));
  g_hash_table_insert (change->owned, (gpointer) "last-result",
                       g_strdup (keyfob_verdict_to_string (check->verdict)));
  g_hash_table_insert (change->owned, (gpointer) "last-status",
                       g_strdup_printf ("%u", check->http_status));
  g_hash_table_insert (change->owned, (gpointer) "last-message",
                       g_strdup (check->vendor_message));
  g_hash_table_insert (change->owned, (gpointer) "last-latency",
                       g_strdup_printf ("%u", check->latency_ms));
  if (check->account != NULL)
    g_hash_table_insert (change->owned, (gpointer) "account", g_strdup (check->account));
  if (check->host != NULL)
    g_hash_table_insert (change->owned, (gpointer) "check-host", g_strdup (check->host));
  _keyfob_store_own_identity (change->owned, keyfob_token_get_name (token));

  _keyfob_store_op_with_service (op, record_check_start);
}

gboolean
keyfob_store_record_check_finish (KeyfobStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
