/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "keyfob-tool-private.h"

/* Checks every change before anything is written: bad input changes nothing. */
static gboolean
fill_draft (KeyfobTokenDraft   *draft,
            const char         *expires,
            gboolean            no_expires,
            GHashTable         *fields,
            gboolean            secret,
            GError            **error)
{
  KeyfobProvider *provider = keyfob_token_draft_get_provider (draft);
  g_autoptr(GHashTable) checked = NULL;

  if (expires != NULL && !keyfob_token_draft_set_expires (draft, expires, error))
    return FALSE;
  if (no_expires && !keyfob_token_draft_set_expires (draft, NULL, error))
    return FALSE;

  /* The new token before the fields: its prefix may decide one. */
  if (secret)
    {
      gsize length = 0;
      char *pasted = _keyfob_tool_read_token (provider, &length, error);
      gboolean taken;

      if (pasted == NULL)
        return FALSE;
      taken = keyfob_token_draft_set_secret (draft, pasted, length, error);
      _keyfob_tool_wipe_and_free (pasted);
      if (!taken)
        return FALSE;
    }

  if (!_keyfob_tool_draft_set_fields (draft, fields, error))
    return FALSE;

  /* The fields together, against the new token too. */
  checked = keyfob_token_draft_dup_fields (draft, error);
  return checked != NULL;
}

int
_keyfob_tool_edit (KeyfobToolContext  *context,
                   int                 argc,
                   char              **argv)
{
  g_autofree char *expires = NULL;
  gboolean no_expires = FALSE;
  gboolean secret = FALSE;
  g_auto(GStrv) field_specs = NULL;
  const GOptionEntry entries[] = {
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires,
      N_("The day the token expires"), N_("YYYY-MM-DD") },
    { "no-expires", 0, 0, G_OPTION_ARG_NONE, &no_expires,
      N_("The token does not expire"), NULL },
    { "field", 0, 0, G_OPTION_ARG_STRING_ARRAY, &field_specs,
      N_("A provider field, such as region=us; repeat for several"), N_("KEY=VALUE") },
    { "secret", 0, 0, G_OPTION_ARG_NONE, &secret,
      N_("Replace the token with a new one the vendor issued, read from standard input"),
      NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(KeyfobTokenDraft) draft = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobProvider *provider;

  option_context = _keyfob_tool_option_context_new ("edit", _("NAME|ID"),
                                                    _("Change a stored token’s expiry or "
                                                      "fields, or replace it with a new token "
                                                      "(read from standard input, never from "
                                                      "the command line)."),
                                                    entries);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    return _keyfob_tool_usage ("edit", "%s", error->message);
  if (argc != 2)
    return _keyfob_tool_usage ("edit", _("Say which token to edit: its name or id, once."));
  if (expires != NULL && no_expires)
    return _keyfob_tool_usage ("edit", _("Give --expires or --no-expires, not both."));

  fields = _keyfob_tool_parse_fields (field_specs, &error);
  if (fields == NULL)
    return _keyfob_tool_usage ("edit", "%s", error->message);
  if (expires == NULL && !no_expires && !secret && g_hash_table_size (fields) == 0)
    return _keyfob_tool_usage ("edit", _("Say what to change: --expires, --no-expires, "
                                         "--field or --secret."));

  if (!_keyfob_tool_context_load_catalogue (context, TRUE, &error))
    return _keyfob_tool_fail (error);

  token = _keyfob_tool_context_find_token (context, argv[1], &error);
  if (token == NULL)
    return _keyfob_tool_fail (error);

  provider = _keyfob_tool_context_lookup_provider (context,
                                                   keyfob_token_get_provider_id (token),
                                                   &error);
  if (provider == NULL)
    return _keyfob_tool_fail (error);

  draft = keyfob_token_draft_new_edit (provider, token);
  if (!fill_draft (draft, expires, no_expires, fields, secret, &error))
    return _keyfob_tool_fail (error);

  if (!_keyfob_tool_context_edit_token (context, token, draft, &error))
    return _keyfob_tool_fail (error);

  return KEYFOB_TOOL_EXIT_OK;
}
