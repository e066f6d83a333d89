/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-catalogue.h"
#include "keyfob-reference.h"
#include "keyfob-store.h"
#include "keyfob-test-async.h"
#include "keyfob-token-rules.h"

#define HEX48 "0123456789abcdef0123456789abcdef0123456789abcdef"

static KeyfobToken *
token_new (const char *provider_id,
           const char *name)
{
  return keyfob_token_new (provider_id, name, "ab••••cd", NULL, NULL);
}

static void
test_resolve (void)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *by_id = NULL;
  KeyfobToken *deploy;
  KeyfobToken *shared_pylon;
  KeyfobToken *shared_pushly;
  KeyfobToken *slashed;

  g_ptr_array_add (tokens, deploy = token_new ("pylon", "deploy"));
  g_ptr_array_add (tokens, shared_pylon = token_new ("pylon", "shared"));
  g_ptr_array_add (tokens, shared_pushly = token_new ("pushly", "shared"));
  g_ptr_array_add (tokens, slashed = token_new ("cutover", "ci/release"));

  g_assert_false (keyfob_reference_is ("deploy"));
  g_assert_false (keyfob_reference_is ("KEYFOB:deploy"));
  g_assert_true (keyfob_reference_is ("keyfob:deploy"));

  g_assert_true (keyfob_reference_resolve (tokens, "keyfob:deploy", &error) == deploy);
  by_id = g_strconcat ("keyfob:", keyfob_token_get_id (shared_pushly), NULL);
  g_assert_true (keyfob_reference_resolve (tokens, by_id, &error) == shared_pushly);
  g_assert_true (keyfob_reference_resolve (tokens, "keyfob:pylon/shared", &error) ==
                 shared_pylon);
  g_assert_true (keyfob_reference_resolve (tokens, "keyfob:ci/release", &error) == slashed);
  g_assert_true (keyfob_reference_resolve (tokens, "keyfob:cutover/ci/release", &error) ==
                 slashed);
  g_assert_no_error (error);

  g_assert_null (keyfob_reference_resolve (tokens, "keyfob:shared", &error));
  g_assert_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_AMBIGUOUS);
  g_assert_nonnull (strstr (error->message, "keyfob:PROVIDER/shared"));
  g_clear_error (&error);

  g_assert_null (keyfob_reference_resolve (tokens, "keyfob:missing", &error));
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (keyfob_reference_resolve (tokens, "keyfob:pushly/deploy", &error));
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (keyfob_reference_resolve (tokens, "keyfob:", &error));
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND);
}

static void
test_format (void)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *deploy_reference = NULL;
  g_autofree char *shared_reference = NULL;
  g_autofree char *spaced_reference = NULL;
  g_autofree char *spaced_expected = NULL;
  KeyfobToken *deploy;
  KeyfobToken *shared;
  KeyfobToken *spaced;

  g_ptr_array_add (tokens, deploy = token_new ("pylon", "DEPLOY_KEY"));
  g_ptr_array_add (tokens, shared = token_new ("pylon", "shared"));
  g_ptr_array_add (tokens, token_new ("pushly", "shared"));
  g_ptr_array_add (tokens, spaced = token_new ("pylon", "Release bot"));

  deploy_reference = keyfob_reference_format (tokens, deploy);
  shared_reference = keyfob_reference_format (tokens, shared);
  spaced_reference = keyfob_reference_format (tokens, spaced);
  spaced_expected = g_strconcat ("keyfob:", keyfob_token_get_id (spaced), NULL);

  g_assert_cmpstr (deploy_reference, ==, "keyfob:DEPLOY_KEY");
  g_assert_cmpstr (shared_reference, ==, "keyfob:pylon/shared");
  /* A name that would need quoting in a .env file: the id instead. */
  g_assert_cmpstr (spaced_reference, ==, spaced_expected);

  for (guint i = 0; i < tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (tokens, i);
      g_autofree char *reference = keyfob_reference_format (tokens, token);

      g_assert_true (keyfob_reference_resolve (tokens, reference, NULL) == token);
    }
}

static void
assert_recognised (KeyfobCatalogue *catalogue,
                   const char      *name,
                   const char      *value,
                   const char      *expected)
{
  g_autoptr(GPtrArray) providers = keyfob_catalogue_recognise (catalogue, name, value);
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < providers->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? "," : "",
                            keyfob_provider_get_id (g_ptr_array_index (providers, i)));

  g_assert_cmpstr (ids->str, ==, expected);
}

/* Each built-in provider lists the variables its tokens are kept in; only distinctive formats
 * are recognised by value, and the name decides before the value. */
static void
test_recognise (void)
{
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_test_load_catalogue ();
  const KeyfobProviderField *field = NULL;
  KeyfobProvider *provider;

  for (guint i = 0; i < keyfob_catalogue_get_providers (catalogue)->len; i++)
    {
      provider = g_ptr_array_index (keyfob_catalogue_get_providers (catalogue), i);
      g_assert_cmpuint (g_strv_length ((char **) keyfob_provider_get_env_names (provider)), >,
                        0);
    }

  assert_recognised (catalogue, "PUSHLY_API_KEY", "anything-at-all-1234", "pushly");
  assert_recognised (catalogue, "pulsetic_api_key", "anything-at-all-1234", "pulsetic");
  assert_recognised (catalogue, "CUTOVER_API_TOKEN", HEX48, "cutover");
  assert_recognised (catalogue, "SOME_TOKEN", "pylon_api_eu_0123456789abcdef", "pylon");
  assert_recognised (catalogue, "PUSHLY_API_KEY", "pylon_api_0123456789abcdef", "pushly");
  /* 48 hex digits could be anything: a name is needed before a secret goes to Cutover. */
  assert_recognised (catalogue, "SOME_TOKEN", HEX48, "");
  assert_recognised (catalogue, "DATABASE_URL", "postgres://x@y/z", "");
  assert_recognised (catalogue, "SOME_TOKEN", "pylon_api_", "");

  provider = keyfob_catalogue_lookup_field_env (catalogue, "PUSHLY_DOMAIN_ID", &field);
  g_assert_cmpstr (keyfob_provider_get_id (provider), ==, "pushly");
  g_assert_cmpstr (field->key, ==, "domain_id");
  provider = keyfob_catalogue_lookup_field_env (catalogue, "CUTOVER_INSTANCE", &field);
  g_assert_cmpstr (field->key, ==, "instance");
  g_assert_null (keyfob_catalogue_lookup_field_env (catalogue, "PUSHLY_API_KEY", NULL));
}

static void
assert_refused (const char *env,
                const char *problem)
{
  g_autofree char *text = g_strdup_printf ("{\n  \"id\": \"x\",\n  \"name\": \"X\",\n"
                                           "  \"docs_url\": \"https://x.example/\",\n"
                                           "  \"dashboard_url\": \"https://x.example/\",\n"
                                           "  %s,\n"
                                           "  \"verify\": { \"url\": \"https://x.example/\" }\n"
                                           "}\n", env);
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobProvider) provider = keyfob_provider_new_from_data ("x.json", text, -1,
                                                                      &error);

  g_assert_null (provider);
  g_assert_error (error, KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_INVALID);
  if (strstr (error->message, problem) == NULL || !g_str_has_prefix (error->message, "x.json:"))
    g_error ("“%s” does not name the file and “%s”", error->message, problem);
}

static void
test_invalid_env (void)
{
  g_autoptr(GString) many = g_string_new ("\"env\": [");

  for (guint i = 0; i <= KEYFOB_PROVIDER_MAX_ENV_NAMES; i++)
    g_string_append_printf (many, "%s\"V%u\"", i > 0 ? ", " : "", i);
  g_string_append_c (many, ']');

  assert_refused ("\"env\": \"X_TOKEN\"", "array");
  assert_refused ("\"env\": [1]", "array of strings");
  assert_refused ("\"env\": [\"9LIVES\"]", "letters, digits and _");
  assert_refused ("\"env\": [\"A\\u001b[2J\"]", "letters, digits and _");
  assert_refused (many->str, "more than 32");
  assert_refused ("\"token\": { \"recognise\": \"(\" }", "regular expression");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/reference/resolve", test_resolve);
  g_test_add_func ("/core/reference/format", test_format);
  g_test_add_func ("/core/provider/env/recognise", test_recognise);
  g_test_add_func ("/core/provider/env/invalid", test_invalid_env);

  return g_test_run ();
}
