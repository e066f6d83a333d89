/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-fuzz"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "fuzz-common.h"
#include "keyfob-dotenv.h"
#include "keyfob-reference.h"

/* A .env file, as `keyfob-tool import`, `exec --env-file` and the Import dialog read it.
 *
 * Input: the file. */

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  GPtrArray *providers = fuzz_get_providers ();
  g_autoptr(GPtrArray) no_tokens = g_ptr_array_new ();
  g_autoptr(KeyfobDotenv) dotenv = NULL;
  g_autoptr(GError) error = NULL;

  dotenv = keyfob_dotenv_parse ((const char *) data, size, &error);
  if (dotenv == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == KEYFOB_DOTENV_ERROR);
      fuzz_assert_utf8 (error->message);
      return 0;
    }

  g_assert_no_error (error);

  for (guint i = 0; i < keyfob_dotenv_get_n_entries (dotenv); i++)
    {
      const KeyfobDotenvEntry *entry = keyfob_dotenv_get_entry (dotenv, i);
      g_autoptr(GError) resolve_error = NULL;

      /* A name the environment takes, a value no longer than what it was written as. */
      g_assert_true (g_ascii_isalpha (entry->key[0]) || entry->key[0] == '_');
      for (const char *p = entry->key; *p != '\0'; p++)
        g_assert_true (g_ascii_isalnum (*p) || *p == '_');
      fuzz_assert_utf8 (entry->value);
      g_assert_cmpuint (entry->line, >=, 1);
      g_assert_cmpuint (entry->value_start, <=, entry->value_end);
      g_assert_cmpuint (entry->value_end, <=, size);
      g_assert_true (keyfob_dotenv_lookup (dotenv, entry->key) == entry);

      for (guint j = 0; j < providers->len; j++)
        keyfob_provider_recognises_token (g_ptr_array_index (providers, j), entry->value);

      if (keyfob_reference_is (entry->value))
        {
          g_assert_null (keyfob_reference_resolve (no_tokens, entry->value, &resolve_error));
          g_assert_nonnull (resolve_error);
        }
    }

  return 0;
}
