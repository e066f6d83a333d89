/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-uri"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "keyfob-uri.h"
#include "keyfob-verifier.h"

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

/**
 * keyfob_uri_apply_override:
 *
 * Replaces scheme, host and port with those of KEYFOB_ENDPOINT_OVERRIDE, when it is set,
 * keeping path and query.
 *
 * Returns: (transfer full): the URI to request
 */
GUri *
keyfob_uri_apply_override (GUri    *uri,
                           GError **error)
{
  const char *override = g_getenv ("KEYFOB_ENDPOINT_OVERRIDE");
  g_autoptr(GUri) base = NULL;

  if (override == NULL || override[0] == '\0')
    return g_uri_ref (uri);

  base = g_uri_parse (override, G_URI_FLAGS_NONE, NULL);
  if (base == NULL || g_uri_get_host (base) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (base), "https") != 0 &&
       !keyfob_uri_is_loopback_http (override)))
    {
      g_set_error (error, KEYFOB_VERIFIER_ERROR, KEYFOB_VERIFIER_ERROR_INSECURE_URL,
                   _("KEYFOB_ENDPOINT_OVERRIDE must be an https:// address, or http:// to this "
                     "machine (such as http://127.0.0.1:8080)."));
      return NULL;
    }

  return g_uri_build (G_URI_FLAGS_ENCODED,
                      g_uri_get_scheme (base),
                      NULL,
                      g_uri_get_host (base),
                      g_uri_get_port (base),
                      g_uri_get_path (uri),
                      g_uri_get_query (uri),
                      NULL);
}
