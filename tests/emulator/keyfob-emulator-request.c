/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-emulator"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "keyfob-emulator-private.h"

/* Reading a request as Keyfob sends it: which vendor its path names, where that vendor wants
 * the token, and whether the rest of the request is as the vendor requires. */

Vendor
_keyfob_emulator_vendor_from_path (const char *path)
{
  if (g_str_equal (path, "/me"))
    return VENDOR_PYLON;
  if (g_str_has_prefix (path, "/domains/") && path[strlen ("/domains/")] != '\0')
    return VENDOR_PUSHLY;
  if (g_str_equal (path, "/core/workspaces"))
    return VENDOR_CUTOVER;
  if (g_str_equal (path, "/api/public/monitors"))
    return VENDOR_PULSETIC;
  return VENDOR_NONE;
}

static const char *
bearer (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value == NULL || !g_str_has_prefix (value, "Bearer "))
    return NULL;
  return value + strlen ("Bearer ");
}

const char *
_keyfob_emulator_token_from_request (Vendor              vendor,
                                     SoupMessageHeaders *headers)
{
  const char *key;

  switch (vendor)
    {
    case VENDOR_PUSHLY:
      key = soup_message_headers_get_one (headers, "X-API-KEY");
      return key != NULL ? key : bearer (headers);

    case VENDOR_PULSETIC:
      /* The raw token: "Bearer x" is simply an unknown token. */
      return soup_message_headers_get_one (headers, "Authorization");

    case VENDOR_PYLON:
    case VENDOR_CUTOVER:
      return bearer (headers);

    case VENDOR_NONE:
    case N_VENDORS:
    default:
      return NULL;
    }
}

gboolean
_keyfob_emulator_request_is_well_formed (Vendor              vendor,
                                         SoupMessageHeaders *headers,
                                         GHashTable         *query)
{
  const char *core_url;

  switch (vendor)
    {
    case VENDOR_CUTOVER:
      core_url = soup_message_headers_get_one (headers, "Core-Url");
      return core_url != NULL &&
             g_regex_match_simple ("^https://[a-z0-9]([a-z0-9-]*[a-z0-9])?\\.cutover\\.com$",
                                   core_url, 0, 0) &&
             query != NULL &&
             g_strcmp0 (g_hash_table_lookup (query, "page[limit]"), "1") == 0;

    case VENDOR_PULSETIC:
      return query != NULL && g_strcmp0 (g_hash_table_lookup (query, "per_page"), "1") == 0;

    case VENDOR_PYLON:
    case VENDOR_PUSHLY:
      return TRUE;

    case VENDOR_NONE:
    case N_VENDORS:
    default:
      return FALSE;
    }
}
