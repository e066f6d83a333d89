/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "keyfob-import.h"
#include "keyfob-reference.h"

/* Names made unique with _2, _3…: past this many, the variable is skipped. */
#define MAX_NAME_SUFFIX 100

static void
item_free (gpointer data)
{
  KeyfobImportItem *item = data;

  g_clear_object (&item->draft);
  g_free (item->preview);
  g_clear_pointer (&item->stored_like, g_ptr_array_unref);
  g_clear_object (&item->token);
  g_clear_pointer (&item->check, keyfob_check_result_free);
  g_free (item->skipped);
  g_free (item);
}

/**
 * keyfob_import_item_skip:
 * @failed: whether the variable held a token that should have been imported
 *
 * Notes why the variable is not imported, and drops its draft.
 *
 * Returns: %FALSE, for callers that return it
 */
gboolean
keyfob_import_item_skip (KeyfobImportItem *item,
                         gboolean          failed,
                         const char       *format,
                         ...)
{
  va_list args;

  g_return_val_if_fail (item != NULL, FALSE);

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
      KeyfobImportItem *item = g_ptr_array_index (items, i);

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
set_fields (KeyfobImportItem  *item,
            KeyfobDotenv      *dotenv,
            GError           **error)
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
static KeyfobImportItem *
find_same (GPtrArray        *items,
           KeyfobImportItem *item)
{
  for (guint i = 0; i < items->len; i++)
    {
      KeyfobImportItem *other = g_ptr_array_index (items, i);

      if (other->draft != NULL && other->provider == item->provider &&
          same_secret (keyfob_token_draft_get_secret (other->draft),
                       keyfob_token_draft_get_secret (item->draft)))
        return other;
    }

  return NULL;
}

/* Which provider's token the variable holds; FALSE, having said why, when it is none. */
static gboolean
recognise (KeyfobImportItem *item,
           KeyfobCatalogue  *catalogue)
{
  const KeyfobDotenvEntry *entry = item->entry;
  const KeyfobProviderField *field = NULL;
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(GString) ids = NULL;
  KeyfobProvider *field_provider;

  if (keyfob_reference_is (entry->value))
    return keyfob_import_item_skip (item, FALSE, _("already a reference"));

  providers = keyfob_catalogue_recognise (catalogue, entry->key, entry->value);
  if (providers->len == 1)
    {
      item->provider = g_ptr_array_index (providers, 0);

      if (entry->value[0] == '\0')
        return keyfob_import_item_skip (item, FALSE, _("empty"));

      return TRUE;
    }

  if (providers->len > 1)
    {
      ids = g_string_new (NULL);
      for (guint i = 0; i < providers->len; i++)
        g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "",
                                keyfob_provider_get_id (g_ptr_array_index (providers, i)));
      /* Translators: %s is a list of provider ids */
      return keyfob_import_item_skip (item, TRUE, _("it could be a token of %s: add it by hand, "
                                                   "choosing its provider"), ids->str);
    }

  field_provider = keyfob_catalogue_lookup_field_env (catalogue, entry->key, &field);
  if (field_provider != NULL)
    /* Translators: a field's label, then a provider name */
    return keyfob_import_item_skip (item, FALSE, _("used as the %s of %s tokens"), field->label,
                 keyfob_provider_get_name (field_provider));

  return keyfob_import_item_skip (item, FALSE, _("not a token of a provider Keyfob knows"));
}

/* Decides what to do with one variable: TRUE for a token to import, else why not. */
static gboolean
plan (KeyfobImportItem *item,
      KeyfobCatalogue  *catalogue,
      KeyfobDotenv     *dotenv,
      GPtrArray        *stored,
      GPtrArray        *items)
{
  const KeyfobDotenvEntry *entry = item->entry;
  g_autoptr(KeyfobToken) built = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (!recognise (item, catalogue))
    return FALSE;

  item->draft = keyfob_token_draft_new (item->provider);
  if (!keyfob_token_draft_set_secret (item->draft, entry->value, strlen (entry->value), &error) ||
      !set_fields (item, dotenv, &error))
    return keyfob_import_item_skip (item, TRUE, "%s", error->message);

  name = unique_name (stored, items, item->provider, entry->key);
  if (name == NULL)
    return keyfob_import_item_skip (item, TRUE, _("its provider has too many tokens of this name already"));
  if (!keyfob_token_draft_set_name (item->draft, name, &error))
    return keyfob_import_item_skip (item, TRUE, "%s", error->message);

  built = keyfob_token_draft_build (item->draft, &error);
  if (built == NULL)
    {
      g_autofree char *missing = missing_fields (item->provider, dotenv);

      if (missing == NULL)
        return keyfob_import_item_skip (item, TRUE, "%s", error->message);
      /* Translators: an error message, then variable names such as PUSHLY_DOMAIN_ID=… */
      return keyfob_import_item_skip (item, TRUE, _("%s Add %s to the file, or add the token by "
                                                   "hand."), error->message, missing);
    }
  item->preview = g_strdup (keyfob_token_get_preview (built));

  item->same_as = find_same (items, item);
  if (item->same_as != NULL)
    /* Translators: a variable name and its line */
    return keyfob_import_item_skip (item, FALSE, _("the same token as %s (line %u)"), item->same_as->entry->key,
                 item->same_as->entry->line);

  /* The same preview: maybe the same token, which only the secrets can tell. */
  for (guint i = 0; i < stored->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (stored, i);

      if (g_str_equal (keyfob_token_get_provider_id (token),
                       keyfob_provider_get_id (item->provider)) &&
          g_strcmp0 (keyfob_token_get_preview (token), item->preview) == 0)
        g_ptr_array_add (item->stored_like, g_object_ref (token));
    }

  return TRUE;
}

/**
 * keyfob_import_plan:
 * @stored: (element-type KeyfobToken): the tokens in the keyring
 *
 * What importing @dotenv would do, one item per variable in file order: the tokens to test and
 * store, each with its draft (named after the variable, made unique), and why each other
 * variable is skipped. A token may already be stored: its item lists the stored tokens that
 * look the same (“stored_like”), which keyfob_import_item_holds() then tells apart.
 *
 * Returns: (transfer container) (element-type KeyfobImportItem): the items
 */
GPtrArray *
keyfob_import_plan (KeyfobCatalogue *catalogue,
                    KeyfobDotenv    *dotenv,
                    GPtrArray       *stored)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (item_free);

  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (dotenv != NULL, NULL);
  g_return_val_if_fail (stored != NULL, NULL);

  for (guint i = 0; i < keyfob_dotenv_get_n_entries (dotenv); i++)
    {
      KeyfobImportItem *item = g_new0 (KeyfobImportItem, 1);

      item->entry = keyfob_dotenv_get_entry (dotenv, i);
      item->stored_like = g_ptr_array_new_with_free_func (g_object_unref);
      /* Not yet in the list: it would find itself as the same token as itself. */
      plan (item, catalogue, dotenv, stored, items);
      g_ptr_array_add (items, item);
    }

  return items;
}

/**
 * keyfob_import_item_holds:
 * @stored: a stored token from the item's “stored_like”
 * @secret: that token's secret
 *
 * Whether @stored is the item's token; then the item is skipped as already stored, with
 * @stored as its token.
 */
gboolean
keyfob_import_item_holds (KeyfobImportItem *item,
                          KeyfobToken      *stored,
                          SecretValue      *secret)
{
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (KEYFOB_IS_TOKEN (stored), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);

  if (item->draft == NULL || !same_secret (keyfob_token_draft_get_secret (item->draft), secret))
    return FALSE;

  g_set_object (&item->token, stored);
  /* Translators: %s is a token name */
  keyfob_import_item_skip (item, FALSE, _("already stored as “%s”"),
                           keyfob_token_get_name (stored));
  return TRUE;
}

gboolean
keyfob_import_items_any_failed (GPtrArray *items)
{
  g_return_val_if_fail (items != NULL, FALSE);

  for (guint i = 0; i < items->len; i++)
    if (((KeyfobImportItem *) g_ptr_array_index (items, i))->failed)
      return TRUE;

  return FALSE;
}
