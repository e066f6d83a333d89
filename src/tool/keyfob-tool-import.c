/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "keyfob-import.h"
#include "keyfob-token-list-check.h"
#include "keyfob-tool-import-private.h"

/* ---- the stored tokens an import must know of ---- */

/* Adds to @stored, once each, what one search found. FALSE when the keyring fails. */
static gboolean
add_found (KeyfobToolContext  *context,
           GPtrArray          *stored,
           GHashTable         *ids,
           GError            **error)
{
  g_autoptr(GAsyncResult) result = _keyfob_tool_context_wait (context);
  g_autoptr(GPtrArray) found = keyfob_token_list_find_some_finish (
    _keyfob_tool_context_get_tokens (context), result, error);

  if (found == NULL)
    return FALSE;

  for (guint i = 0; i < found->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (found, i);

      if (g_hash_table_add (ids, g_strdup (keyfob_token_get_id (token))))
        g_ptr_array_add (stored, g_object_ref (token));
    }

  return TRUE;
}

static gboolean
find_named (KeyfobToolContext  *context,
            const char         *name,
            GPtrArray          *stored,
            GHashTable         *ids,
            GError            **error)
{
  keyfob_token_list_find_named_async (_keyfob_tool_context_get_tokens (context), NULL, name,
                                      context->cancellable, _keyfob_tool_context_ready_cb,
                                      context);
  return add_found (context, stored, ids, error);
}

static gboolean
find_alike (KeyfobToolContext  *context,
            KeyfobImportItem   *item,
            GPtrArray          *stored,
            GHashTable         *ids,
            GError            **error)
{
  keyfob_token_list_find_alike_async (_keyfob_tool_context_get_tokens (context),
                                      keyfob_provider_get_id (item->provider), item->preview,
                                      context->cancellable, _keyfob_tool_context_ready_cb,
                                      context);
  return add_found (context, stored, ids, error);
}

/* The stored tokens the plan and the references depend on, each set found by one search
 * rather than by listing the whole keyring: those called as an item would be, of any provider
 * (a reference must tell them apart), and those that look like an item's token. A taken name
 * makes the plan pick NAME_2, which is then looked for in turn, until every name planned
 * has been. */
static GPtrArray *
find_related (KeyfobToolContext  *context,
              KeyfobDotenv       *dotenv,
              GHashTable         *ids,
              GError            **error)
{
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) searched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean planned_anew = TRUE;

  while (planned_anew)
    {
      g_autoptr(GPtrArray) items = keyfob_import_plan (context->catalogue, dotenv, stored);

      planned_anew = FALSE;
      for (guint i = 0; i < items->len; i++)
        {
          KeyfobImportItem *item = g_ptr_array_index (items, i);
          const char *name;

          if (item->draft == NULL)
            continue;

          name = keyfob_token_draft_get_name (item->draft);
          if (g_hash_table_add (searched, g_strconcat ("name\n", name, NULL)))
            {
              if (!find_named (context, name, stored, ids, error))
                return NULL;
              planned_anew = TRUE;
            }

          if (g_hash_table_add (searched, g_strconcat ("alike\n",
                                                       keyfob_provider_get_id (item->provider),
                                                       "\n", item->preview, NULL)))
            {
              if (!find_alike (context, item, stored, ids, error))
                return NULL;
              planned_anew = TRUE;
            }
        }
    }

  return g_steal_pointer (&stored);
}

/* For the references: the other tokens called as one found already stored is. */
static gboolean
find_namesakes (KeyfobToolContext  *context,
                GPtrArray          *items,
                GPtrArray          *stored,
                GHashTable         *ids,
                GError            **error)
{
  for (guint i = 0; i < items->len; i++)
    {
      KeyfobImportItem *item = g_ptr_array_index (items, i);

      if (item->token != NULL && item->skipped != NULL &&
          !find_named (context, keyfob_token_get_name (item->token), stored, ids, error))
        return FALSE;
    }

  return TRUE;
}

/* ---- importing ---- */

/* Reads the stored tokens that look like an item's (same provider and preview, so few or
 * none) and tells whether one is the same token. FALSE when the keyring fails. */
static gboolean
check_stored (KeyfobToolContext  *context,
              KeyfobImportItem   *item,
              GError            **error)
{
  for (guint i = 0; item->draft != NULL && i < item->stored_like->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (item->stored_like, i);
      g_autoptr(SecretValue) secret = _keyfob_tool_context_load_secret (context, token, error);

      if (secret == NULL)
        return FALSE;
      if (keyfob_import_item_holds (item, token, secret))
        break;
    }

  return TRUE;
}

/* One live check: the item, and the context whose main loop waits for it. */
typedef struct
{
  KeyfobToolContext *context;
  KeyfobImportItem  *item;
} Test;

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Test *test = user_data;
  KeyfobImportItem *item = test->item;
  g_autoptr(GError) error = NULL;

  item->check = keyfob_verifier_check_finish (KEYFOB_VERIFIER (object), result, &error);
  if (item->check == NULL)
    {
      item->check = keyfob_check_result_new (KEYFOB_VERDICT_UNEXPECTED);
      item->check->detail = g_strdup (error->message);
    }

  _keyfob_tool_context_release (test->context);
  g_free (test);
}

/* Tests every token at once (the verifier queues them); keeps those the vendor accepts. */
static void
test_all (KeyfobToolContext *context,
          GPtrArray         *items)
{
  g_autoptr(KeyfobVerifier) verifier = keyfob_verifier_new ();

  for (guint i = 0; i < items->len; i++)
    {
      KeyfobImportItem *item = g_ptr_array_index (items, i);
      g_autoptr(GHashTable) fields = NULL;
      Test *test;

      if (item->draft == NULL)
        continue;

      test = g_new0 (Test, 1);
      test->context = context;
      test->item = item;
      fields = keyfob_token_draft_dup_fields (item->draft, NULL);
      _keyfob_tool_context_hold (context);
      keyfob_verifier_check_async (verifier, item->provider, fields,
                                   keyfob_token_draft_get_secret (item->draft),
                                   context->cancellable, tested_cb, test);
    }

  _keyfob_tool_context_wait_all (context);

  for (guint i = 0; i < items->len; i++)
    {
      KeyfobImportItem *item = g_ptr_array_index (items, i);
      KeyfobVerdict verdict;

      if (item->draft == NULL)
        continue;

      /* Forbidden: the vendor knows the token, which only lacks a permission for this call. */
      verdict = item->check->verdict;
      if (verdict != KEYFOB_VERDICT_VALID && verdict != KEYFOB_VERDICT_FORBIDDEN)
        /* Translators: a provider name, a result such as “invalid”, then a sentence */
        keyfob_import_item_skip (item, TRUE, _("%s did not accept it (%s: %s)"),
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
  for (guint i = 0; i < items->len; i++)
    {
      KeyfobImportItem *item = g_ptr_array_index (items, i);
      g_autoptr(GError) local_error = NULL;

      if (item->draft == NULL)
        continue;

      /* In the same write as the token. */
      keyfob_token_draft_set_check (item->draft, item->check);
      item->token = _keyfob_tool_context_add_token (context, item->draft, &local_error);
      if (item->token == NULL && local_error->domain == KEYFOB_STORE_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (item->token == NULL)
        keyfob_import_item_skip (item, TRUE, "%s", local_error->message);
    }

  return TRUE;
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
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
  /* Only the later value would become a reference, leaving the earlier one, perhaps a token,
   * in the file as it was. */
  if (rewrite_file && duplicates->len > 0)
    return _keyfob_tool_usage ("import", _("--rewrite replaces each value once: remove the "
                                           "variables set twice from the file, then import it "
                                           "again. Nothing was stored or changed."));

  stored = find_related (context, dotenv, ids, &error);
  if (stored == NULL)
    return _keyfob_tool_fail (error);

  items = keyfob_import_plan (context->catalogue, dotenv, stored);
  for (guint i = 0; i < items->len; i++)
    {
      KeyfobImportItem *item = g_ptr_array_index (items, i);

      _keyfob_tool_context_note_replaced (context, item->provider);
      if (!check_stored (context, item, &error))
        return _keyfob_tool_fail (error);
    }

  if (dry_run)
    {
      _keyfob_tool_import_report (items, TRUE);
      _keyfob_tool_say (stdout, _("Dry run: nothing was tested, stored or changed.\n"));
      return keyfob_import_items_any_failed (items) ? KEYFOB_TOOL_EXIT_FAILED : KEYFOB_TOOL_EXIT_OK;
    }

  test_all (context, items);
  if (!store_all (context, items, &error))
    {
      _keyfob_tool_import_report (items, FALSE);
      return _keyfob_tool_fail (error);
    }
  _keyfob_tool_import_report (items, FALSE);
  status = keyfob_import_items_any_failed (items) ? KEYFOB_TOOL_EXIT_FAILED : KEYFOB_TOOL_EXIT_OK;

  if (rewrite_file && (!find_namesakes (context, items, stored, ids, &error) ||
                       !_keyfob_tool_import_rewrite (dotenv, stored, items, keep_backup, &error)))
    return _keyfob_tool_fail (error);

  return status;
}
