/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-reference"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "keyfob-reference.h"
#include "keyfob-store.h"
#include "keyfob-token-rules.h"

gboolean
keyfob_reference_is (const char *value)
{
  return value != NULL && g_str_has_prefix (value, KEYFOB_REFERENCE_PREFIX);
}

static GPtrArray *
tokens_named (GPtrArray  *tokens,
              const char *provider_id,
              const char *name)
{
  GPtrArray *named = g_ptr_array_new ();

  for (guint i = 0; i < tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (tokens, i);

      if (g_str_equal (keyfob_token_get_name (token), name) &&
          (provider_id == NULL || g_str_equal (keyfob_token_get_provider_id (token), provider_id)))
        g_ptr_array_add (named, token);
    }

  return named;
}

/**
 * keyfob_reference_resolve:
 * @tokens: (element-type KeyfobToken): the stored tokens
 * @value: a reference, keyfob:NAME, keyfob:ID or keyfob:PROVIDER/NAME
 *
 * Finds the token @value stands for: by id, then by name, then, when the text after the
 * prefix holds a /, by provider and name (a name may hold a / itself).
 *
 * Returns: (transfer none) (nullable): the token, or %NULL with KEYFOB_STORE_ERROR_NOT_FOUND
 *   when none matches, KEYFOB_INPUT_ERROR_AMBIGUOUS when several do
 */
KeyfobToken *
keyfob_reference_resolve (GPtrArray   *tokens,
                          const char  *value,
                          GError     **error)
{
  g_autoptr(GPtrArray) named = NULL;
  g_autoptr(GString) providers = NULL;
  const char *reference;
  const char *slash;

  g_return_val_if_fail (tokens != NULL, NULL);
  g_return_val_if_fail (keyfob_reference_is (value), NULL);

  reference = value + strlen (KEYFOB_REFERENCE_PREFIX);

  for (guint i = 0; i < tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (tokens, i);

      if (g_str_equal (keyfob_token_get_id (token), reference))
        return token;
    }

  named = tokens_named (tokens, NULL, reference);
  if (named->len == 1)
    return g_ptr_array_index (named, 0);

  if (named->len > 1)
    {
      providers = g_string_new (NULL);
      for (guint i = 0; i < named->len; i++)
        g_string_append_printf (providers, "%s%s", i > 0 ? ", " : "",
                                keyfob_token_get_provider_id (g_ptr_array_index (named, i)));

      g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_AMBIGUOUS,
                   /* Translators: a number, a token name, a list of provider ids, the name */
                   _("%u tokens are called “%s” (%s): write keyfob:PROVIDER/%s or keyfob:ID "
                     "instead."),
                   named->len, reference, providers->str, reference);
      return NULL;
    }

  slash = strchr (reference, '/');
  if (slash != NULL)
    {
      g_autofree char *provider_id = g_strndup (reference, slash - reference);
      g_autoptr(GPtrArray) in_provider = tokens_named (tokens, provider_id, slash + 1);

      /* Names are unique per provider. */
      if (in_provider->len > 0)
        return g_ptr_array_index (in_provider, 0);
    }

  g_set_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND,
               /* Translators: %s is what follows keyfob: in a reference */
               _("No token in the keyring is called “%s” or has that id: see “keyfob-tool "
                 "list”."), reference);
  return NULL;
}

/* Whether @text can stand in a .env file unquoted, and in a reference, as it is. */
static gboolean
is_plain (const char *text,
          gboolean    allow_slash)
{
  if (*text == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || strchr ("_.-@+", *p) != NULL || (allow_slash && *p == '/')))
      return FALSE;

  return TRUE;
}

/**
 * keyfob_reference_format:
 * @tokens: (element-type KeyfobToken): the stored tokens, @token among them
 *
 * The shortest reference that resolves to @token among @tokens and needs no quoting:
 * keyfob:NAME, else keyfob:PROVIDER/NAME, else keyfob:ID.
 *
 * Returns: (transfer full): the reference
 */
char *
keyfob_reference_format (GPtrArray   *tokens,
                         KeyfobToken *token)
{
  const char *name;
  const char *provider_id;

  g_return_val_if_fail (tokens != NULL, NULL);
  g_return_val_if_fail (KEYFOB_IS_TOKEN (token), NULL);

  name = keyfob_token_get_name (token);
  provider_id = keyfob_token_get_provider_id (token);

  if (is_plain (name, FALSE))
    {
      g_autofree char *reference = g_strconcat (KEYFOB_REFERENCE_PREFIX, name, NULL);

      if (keyfob_reference_resolve (tokens, reference, NULL) == token)
        return g_steal_pointer (&reference);

      g_free (reference);
      reference = g_strconcat (KEYFOB_REFERENCE_PREFIX, provider_id, "/", name, NULL);
      if (keyfob_reference_resolve (tokens, reference, NULL) == token)
        return g_steal_pointer (&reference);
    }

  return g_strconcat (KEYFOB_REFERENCE_PREFIX, keyfob_token_get_id (token), NULL);
}
