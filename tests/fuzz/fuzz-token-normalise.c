/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-fuzz"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "fuzz-common.h"
#include "keyfob-provider.h"
#include "keyfob-secret.h"
#include "keyfob-token-private.h"
#include "keyfob-token-rules.h"
#include "keyfob-token.h"
#include "keyfob-token-draft.h"

/* What a user types and pastes into the add dialog or `keyfob-tool add`.
 *
 * Input: "PROVIDER|NAME|EXPIRES|KEY=VALUE&KEY=VALUE|PASTED", where PASTED is the rest of the
 * input, byte for byte (it may hold "|", newlines and NULs). An unknown PROVIDER tries every
 * built-in one. */

static void
check_normalised (const char *token)
{
  gsize length = strlen (token);
  g_autofree char *mask = NULL;

  g_assert_cmpuint (length, >, 0);
  g_assert_cmpuint (length, <=, KEYFOB_TOKEN_MAX_BYTES);

  for (const char *p = token; *p != '\0'; p++)
    g_assert_true (*p > 0x20 && *p < 0x7f);

  mask = keyfob_token_mask (token);
  fuzz_assert_utf8 (mask);

  /* The preview is stored unencrypted: it must never hold the token. */
  if (length >= 4)
    g_assert_null (strstr (mask, token));
}

static void
add_token (KeyfobProvider *provider,
           const char     *name,
           GHashTable     *fields,
           const char     *expires,
           const char     *pasted,
           gsize           length)
{
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  token = keyfob_token_new_from_input (provider, name, fields, expires, pasted, length,
                                       &secret, &error);
  if (token == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == KEYFOB_INPUT_ERROR);
      g_assert_null (secret);
      return;
    }

  g_assert_no_error (error);
  check_normalised (secret_value_get_text (secret));

  /* All of it goes over D-Bus to the keyring, which takes only UTF-8. */
  attributes = _keyfob_token_to_attributes (token);
  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      fuzz_assert_utf8 (key);
      fuzz_assert_utf8 (value);
    }
  fuzz_assert_utf8 (keyfob_token_get_name (token));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *cursor = (const char *) data;
  const char *end = cursor + size;
  GPtrArray *providers = fuzz_get_providers ();
  g_autofree char *provider_id = fuzz_next_part (&cursor, end, '|');
  g_autofree char *name = fuzz_next_part (&cursor, end, '|');
  g_autofree char *expires = fuzz_next_part (&cursor, end, '|');
  g_autofree char *field_text = fuzz_next_part (&cursor, end, '|');
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = g_strsplit (field_text, "&", -1);
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *normalised_name = NULL;
  char *token;
  gboolean known = FALSE;

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *equals = strchr (pairs[i], '=');

      if (equals != NULL)
        g_hash_table_replace (fields, g_strndup (pairs[i], equals - pairs[i]),
                              g_strdup (equals + 1));
    }

  /* Each rule on its own. */
  token = keyfob_token_normalise (cursor, end - cursor, NULL);
  if (token != NULL)
    {
      check_normalised (token);
      for (guint i = 0; i < providers->len; i++)
        keyfob_provider_check_token (g_ptr_array_index (providers, i), token, NULL);
      keyfob_secret_free (token);
    }

  token = keyfob_token_normalise ((const char *) data, size, NULL);
  if (token != NULL)
    {
      check_normalised (token);
      keyfob_secret_free (token);
    }

  if ((normalised_name = keyfob_name_normalise (name, NULL)) != NULL)
    {
      fuzz_assert_utf8 (normalised_name);
      g_assert_cmpint (g_utf8_strlen (normalised_name, -1), <=, KEYFOB_NAME_MAX_CHARS);
    }

  if ((date = keyfob_date_parse (expires, NULL)) != NULL)
    {
      g_autofree char *text = keyfob_date_format (date);
      g_autoptr(GDateTime) again = keyfob_date_parse (text, NULL);

      /* What is stored must read back. */
      g_assert_nonnull (again);
      g_assert_true (g_date_time_equal (date, again));
    }

  /* And all of them together, as the add dialog and the tool apply them. */
  for (guint i = 0; i < providers->len; i++)
    {
      KeyfobProvider *provider = g_ptr_array_index (providers, i);

      if (g_str_equal (keyfob_provider_get_id (provider), provider_id))
        {
          add_token (provider, name, fields, expires, cursor, end - cursor);
          known = TRUE;
        }
    }

  for (guint i = 0; !known && i < providers->len; i++)
    add_token (g_ptr_array_index (providers, i), name, fields, expires, cursor, end - cursor);

  return 0;
}
