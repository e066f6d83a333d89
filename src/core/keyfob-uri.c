/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-uri"

#include "config.h"

#include <gio/gio.h>

#include "keyfob-uri.h"

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Plain http is only for this machine: tests and local proxies. */
gboolean
keyfob_uri_is_loopback_http (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

  return parsed != NULL &&
         g_strcmp0 (g_uri_get_scheme (parsed), "http") == 0 &&
         host_is_loopback (g_uri_get_host (parsed));
}
