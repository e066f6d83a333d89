/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "keyfob-secret.h"
#include "keyfob-text.h"
#include "keyfob-token-rules.h"
#include "keyfob-tool-private.h"
#include "keyfob-token-draft.h"

int
_keyfob_tool_add (KeyfobToolContext  *context,
                  int                 argc,
                  char              **argv)
{
  g_autofree char *provider_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *expires = NULL;
  g_auto(GStrv) field_specs = NULL;
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider_id,
      N_("The provider, as “keyfob-tool providers” lists it"), N_("ID") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      N_("A name for the token, unique for its provider"), N_("NAME") },
    { "field", 0, 0, G_OPTION_ARG_STRING_ARRAY, &field_specs,
      N_("A provider field, such as region=us; repeat for several"), N_("KEY=VALUE") },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires,
      N_("The day the token expires"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(KeyfobTokenDraft) draft = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobProvider *provider;
  char *pasted;
  gsize pasted_length = 0;
  gboolean filled;

  option_context = _keyfob_tool_option_context_new ("add", _("--provider ID --name NAME"),
                                                    _("Store a token read from standard input "
                                                      "(never from the command line) and print "
                                                      "its id."),
                                                    entries);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    return _keyfob_tool_usage ("add", "%s", error->message);
  if (argc > 1)
    return _keyfob_tool_usage ("add",
                               /* Translators: %s is what the user typed */
                               _("Unexpected argument “%s”: the token is read from standard "
                                 "input, never from the command line."),
                               argv[1]);
  if (provider_id == NULL)
    return _keyfob_tool_usage ("add", _("Say which provider the token is for with --provider ID "
                                        "(see “keyfob-tool providers”)."));
  if (name == NULL)
    return _keyfob_tool_usage ("add", _("Give the token a name with --name NAME."));

  fields = _keyfob_tool_parse_fields (field_specs, &error);
  if (fields == NULL)
    return _keyfob_tool_usage ("add", "%s", error->message);

  if (!_keyfob_tool_context_load_catalogue (context, TRUE, &error))
    return _keyfob_tool_fail (error);

  provider = _keyfob_tool_context_lookup_provider (context, provider_id, &error);
  if (provider == NULL)
    return _keyfob_tool_fail (error);

  pasted = _keyfob_tool_read_token (provider, &pasted_length, &error);
  if (pasted == NULL)
    return _keyfob_tool_fail (error);

  /* The rules in the order the Add dialog shows them: the token before the fields, since its
   * prefix may decide one. */
  draft = keyfob_token_draft_new (provider);
  filled = keyfob_token_draft_set_name (draft, name, &error) &&
           keyfob_token_draft_set_expires (draft, expires, &error) &&
           keyfob_token_draft_set_secret (draft, pasted, pasted_length, &error) &&
           _keyfob_tool_draft_set_fields (draft, fields, &error);
  _keyfob_tool_wipe_and_free (g_steal_pointer (&pasted));
  if (!filled)
    return _keyfob_tool_fail (error);

  token = _keyfob_tool_context_add_token (context, draft, &error);
  if (token == NULL)
    return _keyfob_tool_fail (error);

  printf ("%s\n", keyfob_token_get_id (token));

  return KEYFOB_TOOL_EXIT_OK;
}

/* Parses the options of a command whose only arguments are positional, and checks their count. */
static gboolean
parse_positional (const char   *command,
                  const char   *parameters,
                  const char   *summary,
                  int          *argc,
                  char       ***argv,
                  int           n_wanted,
                  int          *status)
{
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GError) error = NULL;

  option_context = _keyfob_tool_option_context_new (command, parameters, summary, NULL);
  if (!g_option_context_parse (option_context, argc, argv, &error))
    {
      *status = _keyfob_tool_usage (command, "%s", error->message);
      return FALSE;
    }

  if (*argc - 1 != n_wanted)
    {
      /* Translators: the first %s is a command, the second its arguments */
      *status = _keyfob_tool_usage (command, _("“%s” takes %s."), command, parameters);
      return FALSE;
    }

  return TRUE;
}

int
_keyfob_tool_get (KeyfobToolContext  *context,
                  int                 argc,
                  char              **argv)
{
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length = 0;
  int status = KEYFOB_TOOL_EXIT_OK;

  if (!parse_positional ("get", "NAME|ID",
                         _("Print a token’s secret alone, with a newline, to standard output."),
                         &argc, &argv, 1, &status))
    return status;

  token = _keyfob_tool_context_find_token (context, argv[1], &error);
  if (token == NULL)
    return _keyfob_tool_fail (error);

  secret = _keyfob_tool_context_load_secret (context, token, &error);
  if (secret == NULL)
    return _keyfob_tool_fail (error);

  data = secret_value_get (secret, &length);

  /* A secret another program stored may carry escape sequences: a pipe gets it as it is, a
   * terminal would act on it. */
  if (isatty (STDOUT_FILENO) && !keyfob_text_is_printable_line (data, length))
    {
      /* Translators: %s is a token name, twice */
      _keyfob_tool_say (stderr, _("keyfob-tool: The secret of “%s” holds control characters, "
                                  "so it is not printed to a terminal. Pipe it instead: "
                                  "keyfob-tool get “%s” | …\n"),
                        keyfob_token_get_name (token), keyfob_token_get_name (token));
      return KEYFOB_TOOL_EXIT_FAILED;
    }

  fwrite (data, 1, length, stdout);
  fputc ('\n', stdout);
  if (fflush (stdout) != 0)
    {
      /* Translators: %s is a system error message */
      _keyfob_tool_say (stderr, _("keyfob-tool: Could not write the token: %s\n"),
                        g_strerror (errno));
      return KEYFOB_TOOL_EXIT_FAILED;
    }

  return KEYFOB_TOOL_EXIT_OK;
}

int
_keyfob_tool_rename (KeyfobToolContext  *context,
                     int                 argc,
                     char              **argv)
{
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GError) error = NULL;
  int status = KEYFOB_TOOL_EXIT_OK;

  if (!parse_positional ("rename", "NAME|ID NEW-NAME", _("Rename a token in the keyring."),
                         &argc, &argv, 2, &status))
    return status;

  token = _keyfob_tool_context_find_token (context, argv[1], &error);
  if (token == NULL)
    return _keyfob_tool_fail (error);

  if (!_keyfob_tool_context_rename_token (context, token, argv[2], &error))
    return _keyfob_tool_fail (error);

  return KEYFOB_TOOL_EXIT_OK;
}

int
_keyfob_tool_delete (KeyfobToolContext  *context,
                     int                 argc,
                     char              **argv)
{
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GError) error = NULL;
  int status = KEYFOB_TOOL_EXIT_OK;

  if (!parse_positional ("delete", "NAME|ID",
                         _("Remove a token from the keyring only: the vendor still accepts it "
                           "until you revoke it there (see “keyfob-tool revoke”)."),
                         &argc, &argv, 1, &status))
    return status;

  token = _keyfob_tool_context_find_token (context, argv[1], &error);
  if (token == NULL)
    return _keyfob_tool_fail (error);

  if (!_keyfob_tool_context_delete_token (context, token, &error))
    return _keyfob_tool_fail (error);

  return KEYFOB_TOOL_EXIT_OK;
}
