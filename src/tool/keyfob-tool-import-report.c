/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "keyfob-reference.h"
#include "keyfob-tool-import-private.h"

void
_keyfob_tool_import_report (GPtrArray *items,
                            gboolean   dry_run)
{
  for (guint i = 0; i < items->len; i++)
    {
      KeyfobImportItem *item = g_ptr_array_index (items, i);
      const char *key = item->entry->key;
      guint line = item->entry->line;

      if (item->skipped != NULL)
        /* Translators: a variable name, its line, then why it was skipped */
        _keyfob_tool_say (stdout, _("%s (line %u): skipped: %s\n"), key, line, item->skipped);
      else if (!dry_run && item->token == NULL)
        /* Translators: a variable name and its line, when the keyring failed */
        _keyfob_tool_say (stdout, _("%s (line %u): not stored\n"), key, line);
      else if (dry_run)
        /* Translators: a variable name, its line, a provider name, a token name and a masked
         * preview of the token */
        _keyfob_tool_say (stdout, _("%s (line %u): would be imported into %s as “%s” (%s)\n"),
                          key, line, keyfob_provider_get_name (item->provider),
                          keyfob_token_draft_get_name (item->draft), item->preview);
      else
        /* Translators: a variable name, its line, a provider name, a token name, a masked
         * preview of the token, and what the provider said, such as “valid” */
        _keyfob_tool_say (stdout, _("%s (line %u): imported into %s as “%s” (%s): %s\n"),
                          key, line, keyfob_provider_get_name (item->provider),
                          keyfob_token_get_name (item->token), item->preview,
                          keyfob_verdict_to_string (item->check->verdict));
    }
}

/* Replaces each value now in the keyring, imported or found there, with its reference. */
gboolean
_keyfob_tool_import_rewrite (KeyfobDotenv  *dotenv,
                             GPtrArray     *stored,
                             GPtrArray     *items,
                             gboolean       keep_backup,
                             GError       **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) replacements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                              g_free);
  g_autofree char *backup = NULL;

  for (guint i = 0; i < stored->len; i++)
    g_ptr_array_add (all, g_object_ref (g_ptr_array_index (stored, i)));
  for (guint i = 0; i < items->len; i++)
    {
      KeyfobImportItem *item = g_ptr_array_index (items, i);

      if (item->token != NULL && item->skipped == NULL)
        g_ptr_array_add (all, g_object_ref (item->token));
    }

  for (guint i = 0; i < items->len; i++)
    {
      KeyfobImportItem *item = g_ptr_array_index (items, i);
      KeyfobToken *token = item->same_as != NULL ? item->same_as->token : item->token;

      if (token != NULL && !item->failed)
        g_hash_table_insert (replacements, (gpointer) item->entry->key,
                             keyfob_reference_format (all, token));
    }

  if (g_hash_table_size (replacements) == 0)
    {
      _keyfob_tool_say (stdout, _("Nothing to rewrite: no value of the file is in the keyring."
                                  "\n"));
      return TRUE;
    }

  if (!keyfob_dotenv_rewrite (dotenv, replacements, keep_backup, &backup, error))
    return FALSE;

  _keyfob_tool_say (stdout, g_dngettext (GETTEXT_PACKAGE,
                                         "Rewrote the file: %u value is a keyfob: reference now.\n",
                                         "Rewrote the file: %u values are keyfob: references now.\n",
                                         g_hash_table_size (replacements)),
                    g_hash_table_size (replacements));
  if (backup != NULL)
    /* Translators: %s is a file name */
    _keyfob_tool_say (stdout, _("The old file, with the secrets, is %s (only you can read it): "
                                "delete it once you no longer need it.\n"), backup);

  return TRUE;
}
