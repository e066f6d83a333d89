/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "keyfob-check-host.h"
#include "keyfob-text.h"
#include "keyfob-token-check.h"
#include "keyfob-token-list-check.h"
#include "keyfob-tool-private.h"

#define TSV_NAME_MAX_COLUMNS   256
#define TSV_DETAIL_MAX_COLUMNS 1024

/* One token's live check; core loads the secret, checks and writes the verdict back. */
typedef struct
{
  KeyfobToolContext *context;      /* borrowed */
  KeyfobProvider    *provider;     /* borrowed from the catalogue, NULL when unknown */
  KeyfobToken       *token;
  KeyfobCheckResult *result;
  GError            *load_error;   /* the keyring could not give the secret */
} Check;

static void
check_free (Check *check)
{
  g_clear_object (&check->token);
  g_clear_pointer (&check->result, keyfob_check_result_free);
  g_clear_error (&check->load_error);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Check, check_free)

static Check *
check_new (KeyfobToolContext *context,
           KeyfobToken       *token)
{
  Check *check = g_new0 (Check, 1);

  check->context = context;
  check->token = g_object_ref (token);
  check->provider = keyfob_catalogue_lookup (context->catalogue,
                                             keyfob_token_get_provider_id (token));
  _keyfob_tool_context_note_replaced (context, check->provider);

  return check;
}

static KeyfobCheckResult *
result_new_unexpected (const char *detail)
{
  KeyfobCheckResult *result = keyfob_check_result_new (KEYFOB_VERDICT_UNEXPECTED);

  g_free (result->detail);
  result->detail = g_strdup (detail);

  return result;
}

/* Why a check could not run, and for a provider whose check host changed, how to agree. */
static char *
describe_check_error (KeyfobProvider *provider,
                      KeyfobToken    *token,
                      const GError   *error)
{
  g_autofree char *host = NULL;

  if (!g_error_matches (error, KEYFOB_TOKEN_CHECK_ERROR, KEYFOB_TOKEN_CHECK_ERROR_HOST_CHANGED))
    return g_strdup (error->message);

  host = keyfob_check_host_for (provider, keyfob_token_get_fields (token), NULL);
  /* Translators: an error message, then a host twice */
  return g_strdup_printf (_("%s If you trust %s, run this again with --allow-host %s."),
                          error->message, host, host);
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Check *check = user_data;
  g_autoptr(GError) error = NULL;

  check->result = keyfob_token_list_check_finish (KEYFOB_TOKEN_LIST (object), result, &error);

  /* The keyring failing is the keyring's exit code; a check that could not run is a verdict. */
  if (check->result == NULL && error->domain == KEYFOB_STORE_ERROR)
    {
      check->load_error = g_steal_pointer (&error);
    }
  else if (check->result == NULL)
    {
      g_autofree char *detail = describe_check_error (check->provider, check->token, error);

      check->result = result_new_unexpected (detail);
    }

  _keyfob_tool_context_release (check->context);
}

/* Starts every check at once (the verifier queues them) and waits for all of them. */
static void
run_checks (KeyfobToolContext *context,
            GPtrArray         *checks,
            const char        *allowed_host)
{
  KeyfobTokenList *tokens = _keyfob_tool_context_get_tokens (context);
  g_autoptr(KeyfobVerifier) verifier = keyfob_verifier_new ();

  for (guint i = 0; i < checks->len; i++)
    {
      Check *check = g_ptr_array_index (checks, i);

      _keyfob_tool_context_hold (context);
      keyfob_token_list_check_async (tokens, verifier, check->token, allowed_host,
                                     context->cancellable, checked_cb, check);
    }

  _keyfob_tool_context_wait_all (context);
}

static void
print_checks_tsv (GPtrArray *checks)
{
  for (guint i = 0; i < checks->len; i++)
    {
      Check *check = g_ptr_array_index (checks, i);
      /* One line each, of cells without tabs: a name or message cannot break the columns,
       * nor drive the terminal. */
      g_autofree char *name = keyfob_text_for_terminal (keyfob_token_get_name (check->token),
                                                        TSV_NAME_MAX_COLUMNS);
      g_autofree char *detail = keyfob_text_for_terminal (check->result->detail,
                                                          TSV_DETAIL_MAX_COLUMNS);

      printf ("%s\t%s\t%s\n", name, keyfob_verdict_to_string (check->result->verdict), detail);
    }
  fflush (stdout);
}

static void
print_checks_json (GPtrArray *checks)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < checks->len; i++)
    {
      Check *check = g_ptr_array_index (checks, i);
      const KeyfobCheckResult *result = check->result;

      json_builder_begin_object (builder);
      _keyfob_tool_json_add_token (builder, check->token);

      json_builder_set_member_name (builder, "result");
      json_builder_add_string_value (builder, keyfob_verdict_to_string (result->verdict));
      json_builder_set_member_name (builder, "http_status");
      if (result->http_status != 0)
        json_builder_add_int_value (builder, result->http_status);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "detail");
      if (result->detail != NULL)
        json_builder_add_string_value (builder, result->detail);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "account");
      if (result->account != NULL)
        json_builder_add_string_value (builder, result->account);
      else
        json_builder_add_null_value (builder);

      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  _keyfob_tool_print_json (root);
}

int
_keyfob_tool_test (KeyfobToolContext  *context,
                   int                 argc,
                   char              **argv)
{
  gboolean all = FALSE;
  gboolean json = FALSE;
  g_autofree char *allowed_host = NULL;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Check every stored token"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { "allow-host", 0, 0, G_OPTION_ARG_STRING, &allowed_host,
      N_("Send tokens whose provider now checks them at HOST there, and from then on"),
      N_("HOST") },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func ((GDestroyNotify) check_free);
  g_autoptr(GError) error = NULL;
  int status = KEYFOB_TOOL_EXIT_OK;

  option_context = _keyfob_tool_option_context_new ("test", "NAME|ID… | --all",
                                                    _("Check tokens live against their vendors: "
                                                      "one line each, NAME, RESULT and detail, "
                                                      "separated by tabs."),
                                                    entries);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    return _keyfob_tool_usage ("test", "%s", error->message);
  if (all && argc > 1)
    return _keyfob_tool_usage ("test", _("Give token names or --all, not both."));
  if (!all && argc < 2)
    return _keyfob_tool_usage ("test", _("Say which tokens to check: their names or ids, "
                                         "or --all."));

  if (!_keyfob_tool_context_load_catalogue (context, TRUE, &error))
    return _keyfob_tool_fail (error);

  /* Resolve every name first, so that a typo checks nothing rather than half the list. */
  if (all)
    {
      g_autoptr(GPtrArray) tokens = _keyfob_tool_context_list_tokens (context, &error);

      if (tokens == NULL)
        return _keyfob_tool_fail (error);

      for (guint i = 0; i < tokens->len; i++)
        g_ptr_array_add (checks, check_new (context, g_ptr_array_index (tokens, i)));

      /* Nothing failed, but say so: an empty run must not look like a run that passed. */
      if (checks->len == 0 && !json)
        {
          _keyfob_tool_say (stderr, _("No tokens to check: store one with “keyfob-tool "
                                      "add”.\n"));
          return KEYFOB_TOOL_EXIT_OK;
        }
    }
  else
    {
      for (int i = 1; i < argc; i++)
        {
          g_autoptr(KeyfobToken) token = _keyfob_tool_context_find_token (context, argv[i],
                                                                          &error);

          if (token == NULL)
            return _keyfob_tool_fail (error);

          g_ptr_array_add (checks, check_new (context, token));
        }
    }

  run_checks (context, checks, allowed_host);

  for (guint i = 0; i < checks->len; i++)
    {
      Check *check = g_ptr_array_index (checks, i);

      if (check->load_error != NULL)
        return _keyfob_tool_fail (check->load_error);
    }

  if (json)
    print_checks_json (checks);
  else
    print_checks_tsv (checks);

  for (guint i = 0; i < checks->len; i++)
    {
      Check *check = g_ptr_array_index (checks, i);

      if (check->result->verdict != KEYFOB_VERDICT_VALID)
        status = KEYFOB_TOOL_EXIT_FAILED;
    }

  return status;
}

static void
print_revoke_steps (KeyfobProvider *provider,
                    KeyfobToken    *token)
{
  g_autofree char *dashboard = NULL;
  const char * const *steps;
  const char *title;
  const char *confirm;

  title = keyfob_provider_get_revoke_title (provider);
  steps = keyfob_provider_get_revoke_steps (provider);
  confirm = keyfob_provider_get_revoke_confirm (provider);
  dashboard = keyfob_provider_dup_dashboard_url (provider, keyfob_token_get_fields (token));

  /* Translators: the first %s is the vendor's name for the flow, the second a provider name */
  _keyfob_tool_say (stdout, _("%s in %s for “%s”:\n"),
                    title != NULL && title[0] != '\0' ? title : _("Revoke the token"),
                    keyfob_provider_get_name (provider), keyfob_token_get_name (token));
  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    _keyfob_tool_say (stdout, "  %u. %s\n", i + 1, steps[i]);
  if (confirm != NULL && confirm[0] != '\0')
    /* Translators: %s is the text of the vendor's confirm button */
    _keyfob_tool_say (stdout, _("  The vendor’s confirm button reads “%s”.\n"), confirm);
  if (dashboard != NULL && dashboard[0] != '\0')
    /* Translators: %s is a web address */
    _keyfob_tool_say (stdout, _("Dashboard: %s\n"), dashboard);
}

/* Waits for the user to say they revoked the token. FALSE when nobody is there to ask. */
static gboolean
wait_for_enter (void)
{
  char line[256];

  if (!isatty (STDIN_FILENO))
    return FALSE;

  _keyfob_tool_say (stderr, _("Revoke it at the vendor, then press Enter (Ctrl+C to stop): "));
  if (fgets (line, sizeof line, stdin) == NULL)
    return FALSE;

  return TRUE;
}

/* Checks live and writes the verdict back, as every check does. */
static KeyfobCheckResult *
check_one (KeyfobToolContext *context,
           KeyfobProvider    *provider,
           KeyfobToken       *token,
           const char        *allowed_host,
           GError           **error)
{
  KeyfobTokenList *tokens = _keyfob_tool_context_get_tokens (context);
  g_autoptr(KeyfobVerifier) verifier = keyfob_verifier_new ();
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_token_list_check_async (tokens, verifier, token, allowed_host, context->cancellable,
                                 _keyfob_tool_context_ready_cb, context);
  result = _keyfob_tool_context_wait (context);

  return keyfob_token_list_check_finish (tokens, result, error);
}

static int
delete_revoked (KeyfobToolContext *context,
                KeyfobToken       *token)
{
  g_autoptr(GError) error = NULL;

  if (!_keyfob_tool_context_delete_token (context, token, &error))
    return _keyfob_tool_fail (error);

  /* Translators: %s is a token name */
  _keyfob_tool_say (stdout, _("Deleted “%s” from the keyring.\n"),
                    keyfob_token_get_name (token));

  return KEYFOB_TOOL_EXIT_OK;
}

int
_keyfob_tool_revoke (KeyfobToolContext  *context,
                     int                 argc,
                     char              **argv)
{
  gboolean yes = FALSE;
  gboolean force = FALSE;
  g_autofree char *allowed_host = NULL;
  const GOptionEntry entries[] = {
    { "allow-host", 0, 0, G_OPTION_ARG_STRING, &allowed_host,
      N_("Check the token at HOST if its provider now sends it there"), N_("HOST") },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes,
      N_("The token is already revoked at the vendor: do not ask"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Delete the token even if the vendor still accepts it or cannot be reached"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(KeyfobCheckResult) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) check_error = NULL;
  KeyfobProvider *provider;
  const char *name;

  option_context = _keyfob_tool_option_context_new ("revoke", "NAME|ID",
                                                    _("Show how to revoke a token at its vendor, "
                                                      "check live that the vendor now rejects it, "
                                                      "and only then delete it from the keyring."),
                                                    entries);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    return _keyfob_tool_usage ("revoke", "%s", error->message);
  if (argc != 2)
    return _keyfob_tool_usage ("revoke", _("Say which token to revoke: its name or id."));

  if (!_keyfob_tool_context_load_catalogue (context, TRUE, &error))
    return _keyfob_tool_fail (error);

  token = _keyfob_tool_context_find_token (context, argv[1], &error);
  if (token == NULL)
    return _keyfob_tool_fail (error);
  name = keyfob_token_get_name (token);

  provider = keyfob_catalogue_lookup (context->catalogue, keyfob_token_get_provider_id (token));
  _keyfob_tool_context_note_replaced (context, provider);
  if (provider == NULL)
    {
      if (force)
        return delete_revoked (context, token);

      _keyfob_tool_say (stderr, _("keyfob-tool: The provider “%s” is not in the catalogue, so "
                                  "keyfob-tool cannot show how to revoke “%s” nor check that it "
                                  "is dead. Revoke it at the vendor, then run again with --force "
                                  "to delete it regardless.\n"),
                        keyfob_token_get_provider_id (token), name);
      return KEYFOB_TOOL_EXIT_FAILED;
    }

  print_revoke_steps (provider, token);
  fflush (stdout);

  if (!yes && !force && !wait_for_enter ())
    return _keyfob_tool_usage ("revoke",
                               _("Standard input is not a terminal, so keyfob-tool cannot wait "
                                 "for you: revoke the token at the vendor first, then run this "
                                 "again with --yes."));

  /* Translators: %s is a provider name */
  _keyfob_tool_say (stdout, _("Checking that %s now rejects the token…\n"),
                    keyfob_provider_get_name (provider));

  check = check_one (context, provider, token, allowed_host, &check_error);
  if (check == NULL && check_error != NULL && check_error->domain == KEYFOB_STORE_ERROR)
    return _keyfob_tool_fail (check_error);

  if (check != NULL)
    /* Translators: the first %s is a result such as “invalid”, the second a sentence */
    _keyfob_tool_say (stdout, _("Result: %s: %s\n"), keyfob_verdict_to_string (check->verdict),
                      check->detail != NULL ? check->detail
                                            : keyfob_verdict_describe (check->verdict));
  else
    {
      g_autofree char *why = describe_check_error (provider, token, check_error);

      /* Translators: %s is an error message */
      _keyfob_tool_say (stdout, _("The check could not run: %s\n"), why);
    }

  if (check != NULL && keyfob_check_result_proves_revoked (check))
    return delete_revoked (context, token);

  if (force)
    {
      _keyfob_tool_say (stdout, _("Deleting it anyway, as --force asks.\n"));
      return delete_revoked (context, token);
    }

  if (check != NULL && keyfob_check_result_is_conclusive (check))
    /* Translators: the first %s is a token name, the second a provider name */
    _keyfob_tool_say (stderr, _("keyfob-tool: “%s” still works at %s, so it stays in the "
                                "keyring. Revoke it there, then run this again.\n"),
                      name, keyfob_provider_get_name (provider));
  else
    /* Translators: %s is a token name */
    _keyfob_tool_say (stderr, _("keyfob-tool: Could not confirm that “%s” is revoked, so it "
                                "stays in the keyring. Try again later, or pass --force to delete "
                                "it regardless.\n"),
                      name);

  return KEYFOB_TOOL_EXIT_FAILED;
}
