/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-check-host"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-check-host.h"
#include "keyfob-provider-private.h"
#include "keyfob-token-rules.h"
#include "keyfob-uri.h"

/**
 * keyfob_check_uri_build:
 * @fields: (element-type utf8 utf8): the token's provider fields
 *
 * Where a check of a token with these fields goes: the provider's verify URL, filled in. Only
 * https://, or plain http:// to this machine.
 *
 * Returns: (transfer full): the address, or %NULL when a field is missing or makes no address
 */
GUri *
keyfob_check_uri_build (KeyfobProvider  *provider,
                        GHashTable      *fields,
                        GError         **error)
{
  const KeyfobVerifySpec *spec = _keyfob_provider_get_verify_spec (provider);
  g_autofree char *text = _keyfob_provider_expand (provider, spec->url, fields, TRUE, error);
  g_autoptr(GUri) uri = NULL;

  if (text == NULL)
    return NULL;

  if (!g_str_has_prefix (text, "https://") && !keyfob_uri_is_loopback_http (text))
    {
      g_set_error (error, KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_INVALID,
                   _("%s’s check address is not https:// (%s): Keyfob sends tokens over plain "
                     "http only to this machine. Fix the provider file."),
                   keyfob_provider_get_name (provider), keyfob_provider_get_origin (provider));
      return NULL;
    }

  if ((uri = g_uri_parse (text, G_URI_FLAGS_ENCODED, NULL)) == NULL ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_FIELD,
                   _("%s’s check address is not a valid URL. Check the token’s fields."),
                   keyfob_provider_get_name (provider));
      return NULL;
    }

  return g_steal_pointer (&uri);
}

/* "host" or "host:port", lowercase: how Keyfob remembers where a token's checks go. */
char *
keyfob_check_host_of_uri (GUri *uri)
{
  g_autofree char *host = g_ascii_strdown (g_uri_get_host (uri), -1);

  if (g_uri_get_port (uri) != -1)
    return g_strdup_printf ("%s:%d", host, g_uri_get_port (uri));

  return g_steal_pointer (&host);
}

/**
 * keyfob_check_host_for:
 *
 * The host a check of a token with these fields would send it to: what Keyfob remembers with
 * the token, so that a provider file that changes cannot send it elsewhere unnoticed.
 *
 * Returns: (transfer full): the host, or %NULL as keyfob_check_uri_build()
 */
char *
keyfob_check_host_for (KeyfobProvider  *provider,
                       GHashTable      *fields,
                       GError         **error)
{
  g_autoptr(GUri) uri = keyfob_check_uri_build (provider, fields, error);

  return uri != NULL ? keyfob_check_host_of_uri (uri) : NULL;
}
