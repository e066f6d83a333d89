/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"
#define SECRET_API_SUBJECT_TO_CHANGE

#include "config.h"

#include "keyfob-store-private.h"
#include "keyfob-token-private.h"

/* ---- delete ---- */

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;

  if (_keyfob_store_op_ended (op))
    return;

  if (!secret_service_delete_item_dbus_path_finish (SECRET_SERVICE (object), result, &error))
    _keyfob_store_op_return_error (op, g_steal_pointer (&error));
  else
    _keyfob_store_op_return_boolean (op);
}

static void
delete_start (Op *op)
{
  KeyfobToken *token = _keyfob_store_change_of (op)->token;

  secret_service_delete_item_dbus_path (op->service, _keyfob_token_get_object_path (token),
                                        op->cancellable, deleted_cb, _keyfob_store_op_ref (op));
}

void
keyfob_store_delete_async (KeyfobStore         *self,
                           KeyfobToken         *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(Op) op = NULL;

  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (KEYFOB_IS_TOKEN (token));

  op = _keyfob_store_change_op_new (self, token, cancellable, callback, user_data,
                                    keyfob_store_delete_async);
  if (_keyfob_token_get_object_path (token) == NULL)
    {
      _keyfob_store_op_return_error (op, _keyfob_store_not_stored_error ());
      return;
    }

  _keyfob_store_op_with_service (op, delete_start);
}

gboolean
keyfob_store_delete_finish (KeyfobStore   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
