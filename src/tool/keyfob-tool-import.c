/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "keyfob-dotenv.h"
#include "keyfob-reference.h"
#include "keyfob-secret.h"
#include "keyfob-token-list-check.h"
#include "keyfob-tool-import-private.h"

/* Names made unique with _2, _3…: past this many, the variable is skipped. */
#define MAX_NAME_SUFFIX 100


static void
item_free (ImportItem *item)
{
  g_clear_object (&item->draft);
  g_free (item->preview);
  g_clear_object (&item->token);
  g_clear_pointer (&item->check, keyfob_check_result_free);
  g_free (item->skipped);
  g_free (item);
}

static gboolean
skip (ImportItem *item,
      gboolean    failed,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

/* Notes why the variable is not imported; returns FALSE, for plan(). */
static gboolean
skip (ImportItem *item,
      gboolean    failed,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_free (item->skipped);
  item->skipped = g_strdup_vprintf (format, args);
  va_end (args);

  item->failed = failed;
  g_clear_object (&item->draft);

  return FALSE;
}

static gboolean
same_secret (SecretValue *a,
             SecretValue *b)
{
  gsize length_a = 0;
  gsize length_b = 0;
  const char *data_a = secret_value_get (a, &length_a);
  const char *data_b = secret_value_get (b, &length_b);

  return length_a == length_b && memcmp (data_a, data_b, length_a) == 0;
}

/* The stored token of the same provider that holds this secret. Only tokens whose masked
 * preview matches are read from the keyring, so an import reads few or none. */
static KeyfobToken *
find_stored (KeyfobToolContext  *context,
             GPtrArray          *stored,
             ImportItem         *item,
             GError            **error)
{
  SecretValue *secret = keyfob_token_draft_get_secret (item->draft);

  for (guint i = 0; i < stored->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (stored, i);
      g_autoptr(SecretValue) other = NULL;

      if (!g_str_equal (keyfob_token_get_provider_id (token),
                        keyfob_provider_get_id (item->provider)) ||
          g_strcmp0 (keyfob_token_get_preview (token), item->preview) != 0)
        continue;

      other = _keyfob_tool_context_load_secret (context, token, error);
      if (other == NULL)
        return NULL;
      if (same_secret (secret, other))
        return token;
    }

  return NULL;
}

static gboolean
name_taken (GPtrArray      *stored,
            GPtrArray      *items,
            KeyfobProvider *provider,
            const char     *name)
{
  for (guint i = 0; i < stored->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (stored, i);

      if (g_str_equal (keyfob_token_get_provider_id (token), keyfob_provider_get_id (provider)) &&
          g_str_equal (keyfob_token_get_name (token), name))
        return TRUE;
    }

  for (guint i = 0; i < items->len; i++)
    {
      ImportItem *item = g_ptr_array_index (items, i);

      if (item->draft != NULL && item->provider == provider &&
          g_str_equal (keyfob_token_draft_get_name (item->draft), name))
        return TRUE;
    }

  return FALSE;
}

/* The variable's name, or NAME_2, NAME_3… when its provider has a token of that name. */
static char *
unique_name (GPtrArray      *stored,
             GPtrArray      *items,
             KeyfobProvider *provider,
             const char     *variable)
{
  if (!name_taken (stored, items, provider, variable))
    return g_strdup (variable);

  for (guint n = 2; n <= MAX_NAME_SUFFIX; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s_%u", variable, n);

      if (!name_taken (stored, items, provider, name))
        return g_steal_pointer (&name);
    }

  return NULL;
}

/* Fills the draft's fields from the file's variables that the provider names for them. */
static gboolean
set_fields (ImportItem    *item,
            KeyfobDotenv  *dotenv,
            GError       **error)
{
  for (guint i = 0; i < keyfob_provider_get_n_fields (item->provider); i++)
    {
      const KeyfobProviderField *field = keyfob_provider_get_field (item->provider, i);

      for (guint j = 0; field->env != NULL && field->env[j] != NULL; j++)
        {
          const KeyfobDotenvEntry *entry = keyfob_dotenv_lookup (dotenv, field->env[j]);

          if (entry != NULL)
            {
              if (!keyfob_token_draft_set_field (item->draft, field->key, entry->value, error))
                return FALSE;
              break;
            }
        }
    }

  return TRUE;
}

/* The variables that would give the provider's required fields the file leaves unset. */
static char *
missing_fields (KeyfobProvider *provider,
                KeyfobDotenv   *dotenv)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < keyfob_provider_get_n_fields (provider); i++)
    {
      const KeyfobProviderField *field = keyfob_provider_get_field (provider, i);
      gboolean set = FALSE;

      if (!field->required || field->default_value != NULL || field->env == NULL ||
          field->env[0] == NULL)
        continue;

      for (guint j = 0; field->env[j] != NULL; j++)
        set |= keyfob_dotenv_lookup (dotenv, field->env[j]) != NULL;
      if (!set)
        g_string_append_printf (missing, "%s%s=…", missing->len > 0 ? ", " : "", field->env[0]);
    }

  return missing->len > 0 ? g_string_free (g_steal_pointer (&missing), FALSE) : NULL;
}

/* Another variable of the file that holds the same token. */
static ImportItem *
find_same (GPtrArray  *items,
           ImportItem *item)
{
  for (guint i = 0; i < items->len; i++)
    {
      ImportItem *other = g_ptr_array_index (items, i);

      if (other->draft != NULL && other->provider == item->provider &&
          same_secret (keyfob_token_draft_get_secret (other->draft),
                       keyfob_token_draft_get_secret (item->draft)))
        return other;
    }

  return NULL;
}

/* Which provider's token the variable holds; FALSE, having said why, when it is none. */
static gboolean
recognise (ImportItem *item)
{
  KeyfobCatalogue *catalogue = item->context->catalogue;
  const KeyfobDotenvEntry *entry = item->entry;
  const KeyfobProviderField *field = NULL;
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(GString) ids = NULL;
  KeyfobProvider *field_provider;

  if (keyfob_reference_is (entry->value))
    return skip (item, FALSE, _("already a reference"));

  providers = keyfob_catalogue_recognise (catalogue, entry->key, entry->value);
  if (providers->len == 1)
    {
      item->provider = g_ptr_array_index (providers, 0);
      _keyfob_tool_context_note_replaced (item->context, item->provider);

      if (entry->value[0] == '\0')
        return skip (item, FALSE, _("empty"));

      return TRUE;
    }

  if (providers->len > 1)
    {
      ids = g_string_new (NULL);
      for (guint i = 0; i < providers->len; i++)
        g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "",
                                keyfob_provider_get_id (g_ptr_array_index (providers, i)));
      /* Translators: %s is a list of provider ids */
      return skip (item, TRUE, _("it could be a token of %s: add it with “keyfob-tool add "
                                 "--provider ID”"), ids->str);
    }

  field_provider = keyfob_catalogue_lookup_field_env (catalogue, entry->key, &field);
  if (field_provider != NULL)
    /* Translators: a field's label, then a provider name */
    return skip (item, FALSE, _("used as the %s of %s tokens"), field->label,
                 keyfob_provider_get_name (field_provider));

  return skip (item, FALSE, _("not a token of a provider Keyfob knows"));
}

/* Decides what to do with one variable: TRUE for a token to import, else why not. Sets
 * @keyring_error when the keyring failed. */
static gboolean
plan (ImportItem    *item,
      KeyfobDotenv  *dotenv,
      GPtrArray     *stored,
      GPtrArray     *items,
      GError       **keyring_error)
{
  const KeyfobDotenvEntry *entry = item->entry;
  g_autoptr(KeyfobToken) built = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (!recognise (item))
    return FALSE;

  item->draft = keyfob_token_draft_new (item->provider);
  if (!keyfob_token_draft_set_secret (item->draft, entry->value, strlen (entry->value), &error) ||
      !set_fields (item, dotenv, &error))
    return skip (item, TRUE, "%s", error->message);

  name = unique_name (stored, items, item->provider, entry->key);
  if (name == NULL)
    return skip (item, TRUE, _("its provider has too many tokens of this name already"));
  if (!keyfob_token_draft_set_name (item->draft, name, &error))
    return skip (item, TRUE, "%s", error->message);

  built = keyfob_token_draft_build (item->draft, &error);
  if (built == NULL)
    {
      g_autofree char *missing = missing_fields (item->provider, dotenv);

      if (missing == NULL)
        return skip (item, TRUE, "%s", error->message);
      /* Translators: an error message, then variable names such as PUSHLY_DOMAIN_ID=… */
      return skip (item, TRUE, _("%s Add %s to the file, or store the token with “keyfob-tool "
                                 "add”."), error->message, missing);
    }
  item->preview = g_strdup (keyfob_token_get_preview (built));

  item->same_as = find_same (items, item);
  if (item->same_as != NULL)
    /* Translators: a variable name and its line */
    return skip (item, FALSE, _("the same token as %s (line %u)"), item->same_as->entry->key,
                 item->same_as->entry->line);

  item->token = find_stored (item->context, stored, item, keyring_error);
  if (item->token != NULL)
    {
      g_object_ref (item->token);
      /* Translators: %s is a token name */
      return skip (item, FALSE, _("already stored as “%s”"),
                   keyfob_token_get_name (item->token));
    }

  return TRUE;
}

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ImportItem *item = user_data;
  g_autoptr(GError) error = NULL;

  item->check = keyfob_verifier_check_finish (KEYFOB_VERIFIER (object), result, &error);
  if (item->check == NULL)
    {
      item->check = keyfob_check_result_new (KEYFOB_VERDICT_UNEXPECTED);
      item->check->detail = g_strdup (error->message);
    }

  _keyfob_tool_context_release (item->context);
}

/* Tests every token at once (the verifier queues them); keeps those the vendor accepts. */
static void
test_all (KeyfobToolContext *context,
          GPtrArray         *items)
{
  g_autoptr(KeyfobVerifier) verifier = keyfob_verifier_new ();

  for (guint i = 0; i < items->len; i++)
    {
      ImportItem *item = g_ptr_array_index (items, i);
      g_autoptr(GHashTable) fields = NULL;

      if (item->draft == NULL)
        continue;

      fields = keyfob_token_draft_dup_fields (item->draft, NULL);
      _keyfob_tool_context_hold (context);
      keyfob_verifier_check_async (verifier, item->provider, fields,
                                   keyfob_token_draft_get_secret (item->draft),
                                   context->cancellable, tested_cb, item);
    }

  _keyfob_tool_context_wait_all (context);

  for (guint i = 0; i < items->len; i++)
    {
      ImportItem *item = g_ptr_array_index (items, i);
      KeyfobVerdict verdict;

      if (item->draft == NULL)
        continue;

      /* Forbidden: the vendor knows the token, which only lacks a permission for this call. */
      verdict = item->check->verdict;
      if (verdict != KEYFOB_VERDICT_VALID && verdict != KEYFOB_VERDICT_FORBIDDEN)
        /* Translators: a provider name, a result such as “invalid”, then a sentence */
        skip (item, TRUE, _("%s did not accept it (%s: %s)"),
              keyfob_provider_get_name (item->provider), keyfob_verdict_to_string (verdict),
              item->check->detail != NULL ? item->check->detail
                                          : keyfob_verdict_describe (verdict));
    }
}

/* Stores the accepted tokens and their check. FALSE when the keyring fails. */
static gboolean
store_all (KeyfobToolContext  *context,
           GPtrArray          *items,
           GError            **error)
{
  KeyfobTokenList *tokens = _keyfob_tool_context_get_tokens (context);

  for (guint i = 0; i < items->len; i++)
    {
      ImportItem *item = g_ptr_array_index (items, i);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) local_error = NULL;

      if (item->draft == NULL)
        continue;

      item->token = _keyfob_tool_context_add_token (context, item->draft, &local_error);
      if (item->token == NULL && local_error->domain == KEYFOB_STORE_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (item->token == NULL)
        {
          skip (item, TRUE, "%s", local_error->message);
          continue;
        }

      keyfob_token_list_record_check_async (tokens, item->token, item->check,
                                            context->cancellable,
                                            _keyfob_tool_context_ready_cb, context);
      result = _keyfob_tool_context_wait (context);
      if (!keyfob_token_list_change_finish (tokens, result, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
any_failed (GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    if (((ImportItem *) g_ptr_array_index (items, i))->failed)
      return TRUE;

  return FALSE;
}

int
_keyfob_tool_import (KeyfobToolContext  *context,
                     int                 argc,
                     char              **argv)
{
  gboolean dry_run = FALSE;
  gboolean rewrite_file = FALSE;
  gboolean keep_backup = FALSE;
  const GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Show what would be imported; test, store and change nothing"), NULL },
    { "rewrite", 0, 0, G_OPTION_ARG_NONE, &rewrite_file,
      N_("Replace each value now in the keyring with its keyfob:NAME reference"), NULL },
    { "keep-backup", 0, 0, G_OPTION_ARG_NONE, &keep_backup,
      N_("With --rewrite, keep the old file as FILE.bak, readable only by you"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(KeyfobDotenv) dotenv = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *duplicates;
  int status = KEYFOB_TOOL_EXIT_OK;

  option_context = _keyfob_tool_option_context_new ("import", "FILE",
                                                    _("Store the tokens of a .env file in the "
                                                      "keyring, each tested live first."),
                                                    entries);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    return _keyfob_tool_usage ("import", "%s", error->message);
  if (argc != 2)
    return _keyfob_tool_usage ("import", _("Give one .env file to import."));
  if (keep_backup && !rewrite_file)
    return _keyfob_tool_usage ("import", _("--keep-backup keeps the file --rewrite replaces: "
                                           "give both."));
  if (dry_run && rewrite_file)
    return _keyfob_tool_usage ("import", _("--dry-run changes nothing: leave out --rewrite."));

  if (!_keyfob_tool_context_load_catalogue (context, TRUE, &error))
    return _keyfob_tool_fail (error);

  dotenv = keyfob_dotenv_load (argv[1], &error);
  if (dotenv == NULL)
    {
      _keyfob_tool_say (stderr, "keyfob-tool: %s\n", error->message);
      return KEYFOB_TOOL_EXIT_USAGE;
    }

  duplicates = keyfob_dotenv_get_duplicates (dotenv);
  for (guint i = 0; i < duplicates->len; i++)
    {
      KeyfobDotenvDuplicate *duplicate = g_ptr_array_index (duplicates, i);

      /* Translators: a variable name, a line number, another line number */
      _keyfob_tool_warn (_("%s is set on line %u and again on line %u: the later value is "
                           "used."), duplicate->key, duplicate->first_line, duplicate->line);
    }

  stored = _keyfob_tool_context_list_tokens (context, &error);
  if (stored == NULL)
    return _keyfob_tool_fail (error);

  for (guint i = 0; i < keyfob_dotenv_get_n_entries (dotenv); i++)
    {
      ImportItem *item = g_new0 (ImportItem, 1);

      item->context = context;
      item->entry = keyfob_dotenv_get_entry (dotenv, i);
      /* Not yet in the list: it would find itself as the same token as itself. */
      plan (item, dotenv, stored, items, &error);
      g_ptr_array_add (items, item);
      if (error != NULL)
        return _keyfob_tool_fail (error);
    }

  if (dry_run)
    {
      _keyfob_tool_import_report (items, TRUE);
      _keyfob_tool_say (stdout, _("Dry run: nothing was tested, stored or changed.\n"));
      return any_failed (items) ? KEYFOB_TOOL_EXIT_FAILED : KEYFOB_TOOL_EXIT_OK;
    }

  test_all (context, items);
  if (!store_all (context, items, &error))
    {
      _keyfob_tool_import_report (items, FALSE);
      return _keyfob_tool_fail (error);
    }
  _keyfob_tool_import_report (items, FALSE);
  status = any_failed (items) ? KEYFOB_TOOL_EXIT_FAILED : KEYFOB_TOOL_EXIT_OK;

  if (rewrite_file && !_keyfob_tool_import_rewrite (dotenv, stored, items, keep_backup, &error))
    return _keyfob_tool_fail (error);

  return status;
}
