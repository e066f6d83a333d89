/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-fuzz"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "fuzz-common.h"
#include "keyfob-check-result.h"
#include "keyfob-provider-private.h"
#include "keyfob-secret.h"
#include "keyfob-verifier-private.h"

/* A provider file, from $XDG_DATA_HOME/keyfob/providers: anyone may drop one there. Once
 * parsed, use it the way the app does, so a file the parser accepts cannot crash a user. */

static const struct
{
  guint       status;
  const char *body;
} responses[] = {
  { 200, "{\"status\":\"success\",\"data\":{\"name\":\"Acme\"}}" },
  { 200, "[]" },
  { 401, "{\"errors\":[\"invalid_api_token\"],\"message\":\"no\"}" },
  { 403, "{\"errors\":[{\"detail\":\"role\"}]}" },
  { 404, "" },
  { 429, "{}" },
  { 503, "x" },
};

static void
use_provider (KeyfobProvider *provider)
{
  const KeyfobVerifySpec *spec = _keyfob_provider_get_verify_spec (provider);
  const char *token = "pylon_api_eu_0123456789abcdef0123456789abcdef0123";
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GError) error = NULL;

  keyfob_provider_check_token (provider, token, NULL);

  for (guint i = 0; i < keyfob_provider_get_n_fields (provider); i++)
    {
      const KeyfobProviderField *field = keyfob_provider_get_field (provider, i);
      g_autofree char *value = NULL;

      keyfob_provider_field_implied_choice (field, token);
      keyfob_provider_check_field (provider, field->key, "12345", token, &value, NULL);
      g_clear_pointer (&value, g_free);
      keyfob_provider_check_field (provider, field->key, NULL, token, &value, NULL);
    }

  fields = keyfob_provider_normalise_fields (provider, NULL, token, &error);
  if (fields != NULL)
    {
      char *line = keyfob_provider_format_auth_line (provider, fields, token);

      g_free (keyfob_provider_dup_help_url (provider, fields));
      g_free (_keyfob_provider_expand (provider, spec->url, fields, TRUE, NULL));
      keyfob_secret_free (line);

      for (guint i = 0; i < spec->header_values->len; i++)
        g_free (_keyfob_provider_expand (provider, g_ptr_array_index (spec->header_values, i),
                                         fields, FALSE, NULL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (responses); i++)
    {
      g_autoptr(KeyfobCheckResult) result = NULL;

      result = _keyfob_verifier_interpret (provider, responses[i].status, responses[i].body,
                                           strlen (responses[i].body), "7", token);
      g_assert_nonnull (result->detail);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(KeyfobProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_setup ();

  provider = keyfob_provider_new_from_data ("fuzz.json", (const char *) data, size, &error);

  if (provider == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == KEYFOB_PROVIDER_ERROR);
      fuzz_assert_utf8 (error->message);
      return 0;
    }

  g_assert_no_error (error);
  use_provider (provider);

  return 0;
}
