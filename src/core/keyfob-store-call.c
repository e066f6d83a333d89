/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"

#include "config.h"

#include "keyfob-store-private.h"

void
_keyfob_store_op_take_service (Op            *op,
                               SecretService *service)
{
  g_set_object (&op->service, service);
  g_set_object (&op->connection, g_dbus_proxy_get_connection (G_DBUS_PROXY (service)));
}

/* A method call on one of the service's objects, without a proxy: no property cache, no
 * signal subscription per item. */
void
_keyfob_store_op_call (Op                  *op,
                       const char          *path,
                       const char          *interface,
                       const char          *method,
                       GVariant            *parameters,
                       const GVariantType  *reply_type,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_dbus_connection_call (op->connection, g_dbus_proxy_get_name (G_DBUS_PROXY (op->service)),
                          path, interface, method, parameters, reply_type,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, op->cancellable, callback,
                          user_data);
}

/* One property of an item: gnome-keyring looks the item up again for every property it
 * returns, so a GetAll of six costs three times two Gets. */
void
_keyfob_store_op_get_property (Op                  *op,
                               const char          *path,
                               const char          *property,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  _keyfob_store_op_call (op, path, "org.freedesktop.DBus.Properties", "Get",
                         g_variant_new ("(ss)", "org.freedesktop.Secret.Item", property),
                         G_VARIANT_TYPE ("(v)"), callback, user_data);
}
