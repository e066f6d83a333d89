/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-fuzz"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "fuzz-common.h"
#include "keyfob-provider-private.h"
#include "keyfob-secret.h"
#include "keyfob-time.h"
#include "keyfob-token-private.h"
#include "keyfob-token-rules.h"

/* An item with our schema, perhaps written by another program (secret-tool store
 * xdg:schema io.github.keyfob.Token ...): its attributes are anything D-Bus can carry.
 *
 * Input, one per line: the item's label, then attributes as "name=value" (split at the
 * first "="; a line without one is an attribute with an empty value). */

static void
use_token (KeyfobToken *token)
{
  GPtrArray *providers = fuzz_get_providers ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 15, 12, 0, 0);
  g_autoptr(GHashTable) attributes = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int days_left = 0;

  keyfob_token_get_expiry (token, now, 14, &days_left);
  keyfob_token_matches (token, "Pylon", "prod");

  if (keyfob_token_get_expires (token) != NULL)
    {
      g_autofree char *when = keyfob_time_describe (keyfob_token_get_expires (token), now);

      fuzz_assert_utf8 (when);
    }

  if (keyfob_token_get_last_checked (token) != NULL)
    {
      g_autofree char *when = keyfob_time_describe (keyfob_token_get_last_checked (token), now);

      fuzz_assert_utf8 (when);
    }

  /* A reload writes them back: whatever was read must be writable. */
  attributes = _keyfob_token_to_attributes (token);
  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      fuzz_assert_utf8 (key);
      fuzz_assert_utf8 (value);
    }

  for (guint i = 0; i < providers->len; i++)
    {
      KeyfobProvider *provider = g_ptr_array_index (providers, i);
      const KeyfobVerifySpec *spec = _keyfob_provider_get_verify_spec (provider);
      GHashTable *fields = keyfob_token_get_fields (token);
      g_autofree char *help = NULL;
      g_autofree char *url = NULL;
      char *line;

      if (!g_str_equal (keyfob_provider_get_id (provider), keyfob_token_get_provider_id (token)))
        continue;

      help = keyfob_provider_dup_help_url (provider, fields);
      g_assert_nonnull (help);
      url = _keyfob_provider_expand (provider, spec->url, fields, TRUE, NULL);
      line = keyfob_provider_format_auth_line (provider, fields, "0123456789abcdef0123");
      keyfob_secret_free (line);

      /* The edit form checks the stored values again. */
      for (guint j = 0; j < keyfob_provider_get_n_fields (provider); j++)
        {
          const KeyfobProviderField *field = keyfob_provider_get_field (provider, j);
          g_autofree char *checked = NULL;

          keyfob_provider_check_field (provider, field->key,
                                       g_hash_table_lookup (fields, field->key), NULL,
                                       &checked, NULL);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *cursor = (const char *) data;
  const char *end = cursor + size;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autofree char *label = NULL;
  GPtrArray *providers = fuzz_get_providers ();

  fuzz_setup ();

  /* D-Bus strings are UTF-8 without NUL: nothing else can reach us from the keyring. */
  if (memchr (data, '\0', size) != NULL || !g_utf8_validate ((const char *) data, size, NULL))
    return -1;

  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  label = fuzz_next_part (&cursor, end, '\n');

  while (cursor < end)
    {
      g_autofree char *line = fuzz_next_part (&cursor, end, '\n');
      char *equals = strchr (line, '=');

      if (equals != NULL)
        {
          *equals = '\0';
          g_hash_table_replace (attributes, g_strdup (line), g_strdup (equals + 1));
        }
      else
        {
          g_hash_table_replace (attributes, g_strdup (line), g_strdup (""));
        }
    }

  /* Read as every built-in provider would read it, and as one Keyfob does not know. */
  for (guint i = 0; i <= providers->len; i++)
    {
      KeyfobProvider *provider = i < providers->len ? g_ptr_array_index (providers, i) : NULL;

      token = _keyfob_token_new_from_attributes (attributes, label,
                                                 "/org/freedesktop/secrets/collection/login/7",
                                                 provider);

      g_assert_nonnull (keyfob_token_get_id (token));
      g_assert_nonnull (keyfob_token_get_name (token));
      g_assert_nonnull (keyfob_token_get_provider_id (token));
      g_assert_nonnull (keyfob_token_get_preview (token));
      use_token (token);
      g_clear_object (&token);
    }

  return 0;
}
