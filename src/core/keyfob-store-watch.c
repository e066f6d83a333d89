/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"

#include "config.h"

#include "keyfob-store-private.h"

/* The collections' own signals: what any client (keyfob-tool, Seahorse, another window) adds,
 * changes or removes, as the Secret Service announces it. Each carries one item's path, so a
 * change costs one item's read, never a listing. */

static void
collection_signal_cb (GDBusConnection *connection,
                      const char      *sender,
                      const char      *object_path,
                      const char      *interface,
                      const char      *signal_name,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  KeyfobStore *self = user_data;
  const char *item_path = NULL;
  KeyfobStoreItemEvent event;

  if (g_str_equal (signal_name, "ItemCreated"))
    event = KEYFOB_STORE_ITEM_CREATED;
  else if (g_str_equal (signal_name, "ItemChanged"))
    event = KEYFOB_STORE_ITEM_CHANGED;
  else if (g_str_equal (signal_name, "ItemDeleted"))
    event = KEYFOB_STORE_ITEM_DELETED;
  else
    return;

  /* Whoever owns the name may send anything: only an object path is an item. */
  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(o)")))
    return;
  g_variant_get (parameters, "(&o)", &item_path);

  _keyfob_store_emit_item_changed (self, item_path, event);
}

/* Returns the subscription's id on @connection; the store's weak pointer is the data, so the
 * store unsubscribes before it goes. */
guint
_keyfob_store_watch (KeyfobStore     *self,
                     SecretService   *service,
                     GDBusConnection *connection)
{
  return g_dbus_connection_signal_subscribe (connection,
                                             g_dbus_proxy_get_name (G_DBUS_PROXY (service)),
                                             "org.freedesktop.Secret.Collection",
                                             NULL, NULL, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                             collection_signal_cb, self, NULL);
}
