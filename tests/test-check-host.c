/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "keyfob-catalogue.h"
#include "keyfob-emulator.h"
#include "keyfob-token-check.h"
#include "keyfob-token-list.h"
#include "keyfob-token-draft.h"

/* A token remembers where its checks go, and a provider file that now points elsewhere (a user
 * file that replaces a built-in provider, or one edited since) does not get the token without
 * the user's word: the real keyring, the emulator over loopback. */

#define TOKEN "pylon_api_0123456789abcdef"

typedef struct
{
  KeyfobEmulator  *emulator;
  KeyfobStore     *store;
  KeyfobVerifier  *verifier;
  char            *override;  /* a user file with Pylon's id, while a test has one */
} Fixture;

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static KeyfobCatalogue *
load_catalogue (void)
{
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_catalogue_new ();
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GError) error = NULL;

  keyfob_catalogue_load_async (catalogue, NULL, result_cb, &loaded);
  g_assert_true (keyfob_catalogue_load_finish (catalogue, wait_for (&loaded), &error));
  g_assert_no_error (error);

  return g_steal_pointer (&catalogue);
}

static char *
providers_dir (void)
{
  char *dir = g_build_filename (g_get_user_data_dir (), "keyfob", "providers", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

/* Pylon as the built-in file describes it, but checked at @host. */
static char *
write_pylon_file (const char *file_name,
                  const char *host)
{
  g_autofree char *builtin = g_build_filename (g_getenv ("KEYFOB_PROVIDERS_DIR"), "pylon.json",
                                               NULL);
  g_autofree char *dir = providers_dir ();
  g_autofree char *text = NULL;
  g_autofree char *base = g_strconcat ("https://", host, NULL);
  g_autoptr(GString) changed = NULL;
  char *path = g_build_filename (dir, file_name, NULL);

  g_assert_true (g_file_get_contents (builtin, &text, NULL, NULL));
  changed = g_string_new (text);
  g_assert_cmpuint (g_string_replace (changed, "https://api.usepylon.com", base, 0), ==, 1);
  g_assert_true (g_file_set_contents (path, changed->str, -1, NULL));

  return path;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->emulator = keyfob_emulator_new ();
  fixture->store = keyfob_store_new ();
  fixture->verifier = keyfob_verifier_new ();
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (fixture->emulator), TRUE);
  keyfob_emulator_set_token (fixture->emulator, TOKEN, KEYFOB_EMULATOR_VALID);
}

static void
delete_all (Fixture *fixture)
{
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GPtrArray) tokens = NULL;

  keyfob_store_list_async (fixture->store, NULL, result_cb, &listed);
  tokens = keyfob_store_list_finish (fixture->store, wait_for (&listed), NULL);
  for (guint i = 0; tokens != NULL && i < tokens->len; i++)
    {
      g_autoptr(GAsyncResult) deleted = NULL;

      keyfob_store_delete_async (fixture->store, g_ptr_array_index (tokens, i), NULL, result_cb,
                                 &deleted);
      g_assert_true (keyfob_store_delete_finish (fixture->store, wait_for (&deleted), NULL));
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  delete_all (fixture);
  if (fixture->override != NULL)
    g_unlink (fixture->override);
  g_clear_pointer (&fixture->override, g_free);
  g_clear_object (&fixture->verifier);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->emulator, keyfob_emulator_free);
}

/* Stores a Pylon token as keyfob-tool add would, and returns it as the keyring has it. */
static KeyfobToken *
store_pylon (Fixture         *fixture,
             KeyfobCatalogue *catalogue)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(KeyfobToken) draft = NULL;
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobToken *token;

  draft = keyfob_token_new_from_input (keyfob_catalogue_lookup (catalogue, "pylon"), "Support",
                                       fields, NULL, TOKEN, strlen (TOKEN), &secret, &error);
  g_assert_no_error (error);
  keyfob_store_add_async (fixture->store, draft, secret, NULL, result_cb, &added);
  g_assert_true (keyfob_store_add_finish (fixture->store, wait_for (&added), &error));

  keyfob_store_find_async (fixture->store, keyfob_token_get_id (draft), NULL, result_cb, &found);
  token = keyfob_store_find_finish (fixture->store, wait_for (&found), &error);
  g_assert_no_error (error);

  return token;
}

static KeyfobCheckResult *
check (Fixture         *fixture,
       KeyfobCatalogue *catalogue,
       KeyfobToken     *token,
       const char      *allowed_host,
       GError         **error)
{
  g_autoptr(GAsyncResult) checked = NULL;

  keyfob_token_check_async (fixture->store, fixture->verifier,
                            keyfob_catalogue_lookup (catalogue, "pylon"), token, allowed_host,
                            NULL, result_cb, &checked);

  return keyfob_token_check_finish (token, wait_for (&checked), error);
}

static KeyfobToken *
read_back (Fixture     *fixture,
           KeyfobToken *token)
{
  g_autoptr(GAsyncResult) found = NULL;

  keyfob_store_find_async (fixture->store, keyfob_token_get_id (token), NULL, result_cb, &found);

  return keyfob_store_find_finish (fixture->store, wait_for (&found), NULL);
}

static void
test_remembered (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(KeyfobCatalogue) catalogue = load_catalogue ();
  g_autoptr(KeyfobToken) token = store_pylon (fixture, catalogue);

  g_assert_cmpstr (keyfob_token_get_check_host (token), ==, "api.usepylon.com");
}

/* A user file with Pylon's id and another host: named as a replacement, and the token is not
 * sent there until the user agrees; from then on it is. */
static void
test_replaced_provider (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(KeyfobCatalogue) builtin = load_catalogue ();
  g_autoptr(KeyfobToken) token = store_pylon (fixture, builtin);
  g_autoptr(KeyfobCatalogue) catalogue = NULL;
  g_autoptr(KeyfobCheckResult) refused = NULL;
  g_autoptr(KeyfobCheckResult) agreed = NULL;
  g_autoptr(KeyfobCheckResult) again = NULL;
  g_autoptr(KeyfobToken) stored = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobProvider *pylon;

  fixture->override = write_pylon_file ("acme-crm.json", "evil.example");
  catalogue = load_catalogue ();
  pylon = keyfob_catalogue_lookup (catalogue, "pylon");
  g_assert_cmpstr (keyfob_provider_get_origin (pylon), ==, fixture->override);
  g_assert_cmpstr (keyfob_provider_get_id (keyfob_provider_get_replaced (pylon)), ==, "pylon");

  refused = check (fixture, catalogue, token, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, KEYFOB_TOKEN_CHECK_ERROR, KEYFOB_TOKEN_CHECK_ERROR_HOST_CHANGED);
  g_assert_nonnull (strstr (error->message, "evil.example"));
  g_assert_nonnull (strstr (error->message, "api.usepylon.com"));
  g_assert_nonnull (strstr (error->message, "acme-crm.json"));
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 0);
  g_assert_false (keyfob_token_get_checking (token));
  g_clear_error (&error);

  /* Agreeing to another host is no agreement to this one. */
  refused = check (fixture, catalogue, token, "api.example.org", &error);
  g_assert_error (error, KEYFOB_TOKEN_CHECK_ERROR, KEYFOB_TOKEN_CHECK_ERROR_HOST_CHANGED);
  g_clear_error (&error);

  agreed = check (fixture, catalogue, token, "evil.example", &error);
  g_assert_no_error (error);
  g_assert_cmpint (agreed->verdict, ==, KEYFOB_VERDICT_VALID);
  g_assert_cmpstr (agreed->host, ==, "evil.example");
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 1);

  /* Remembered, in the keyring too. */
  stored = read_back (fixture, token);
  g_assert_cmpstr (keyfob_token_get_check_host (stored), ==, "evil.example");
  again = check (fixture, catalogue, stored, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 2);
}

/* Written by Keyfob before it remembered hosts: the built-in provider's host is the one the
 * token knew. */
static void
test_item_without_host (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(KeyfobCatalogue) catalogue = NULL;
  g_autoptr(KeyfobCatalogue) builtin = NULL;
  g_autoptr(KeyfobCheckResult) refused = NULL;
  g_autoptr(KeyfobCheckResult) checked = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(KeyfobToken) stored = NULL;
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (attributes, (char *) "xdg:schema", (char *) "io.github.keyfob.Token");
  g_hash_table_insert (attributes, (char *) "provider", (char *) "pylon");
  g_hash_table_insert (attributes, (char *) "token-id", id);
  g_hash_table_insert (attributes, (char *) "region", (char *) "us");
  secret_password_storev_sync (NULL, attributes, SECRET_COLLECTION_DEFAULT, "Old", TOKEN, NULL,
                               &error);
  g_assert_no_error (error);
  keyfob_store_find_async (fixture->store, id, NULL, result_cb, &found);
  token = keyfob_store_find_finish (fixture->store, wait_for (&found), &error);
  g_assert_no_error (error);
  g_assert_null (keyfob_token_get_check_host (token));

  fixture->override = write_pylon_file ("pylon.json", "evil.example");
  catalogue = load_catalogue ();
  refused = check (fixture, catalogue, token, NULL, &error);
  g_assert_error (error, KEYFOB_TOKEN_CHECK_ERROR, KEYFOB_TOKEN_CHECK_ERROR_HOST_CHANGED);
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 0);
  g_clear_error (&error);

  /* With the built-in provider back, the check goes out and the host is remembered. */
  g_unlink (fixture->override);
  builtin = load_catalogue ();
  checked = check (fixture, builtin, token, NULL, &error);
  g_assert_no_error (error);
  stored = read_back (fixture, token);
  g_assert_cmpstr (keyfob_token_get_check_host (stored), ==, "api.usepylon.com");
}

/* A field another program stored, which would send the token elsewhere: refused before any
 * request, with the provider's rule. */
static void
test_stored_field_checked (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(KeyfobCatalogue) catalogue = load_catalogue ();
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(GAsyncResult) checked = NULL;
  g_autoptr(KeyfobCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (attributes, (char *) "xdg:schema", (char *) "io.github.keyfob.Token");
  g_hash_table_insert (attributes, (char *) "provider", (char *) "cutover");
  g_hash_table_insert (attributes, (char *) "token-id", id);
  g_hash_table_insert (attributes, (char *) "instance", (char *) "acme");
  g_hash_table_insert (attributes, (char *) "api_host", (char *) "evil.example");
  g_hash_table_insert (attributes, (char *) "check-host", (char *) "evil.example");
  secret_password_storev_sync (NULL, attributes, SECRET_COLLECTION_DEFAULT, "Planted",
                               "0123456789abcdef0123456789abcdef0123456789abcdef", NULL, &error);
  g_assert_no_error (error);
  keyfob_store_set_catalogue (fixture->store, catalogue);
  keyfob_store_find_async (fixture->store, id, NULL, result_cb, &found);
  token = keyfob_store_find_finish (fixture->store, wait_for (&found), &error);
  g_assert_no_error (error);

  keyfob_token_check_async (fixture->store, fixture->verifier,
                            keyfob_catalogue_lookup (catalogue, "cutover"), token, NULL, NULL,
                            result_cb, &checked);
  result = keyfob_token_check_finish (token, wait_for (&checked), &error);
  g_assert_null (result);
  g_assert_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_FIELD);
  g_assert_nonnull (strstr (error->message, "api.cutover.net"));
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 0);
  keyfob_store_set_catalogue (fixture->store, NULL);
}

/* Two user files with one id: the last by name wins, and the other is named as a problem. */
static void
test_two_files_one_id (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *first = write_pylon_file ("a.json", "a.example");
  g_autoptr(KeyfobCatalogue) catalogue = NULL;
  GPtrArray *problems;
  const GError *problem;

  fixture->override = write_pylon_file ("b.json", "b.example");
  catalogue = load_catalogue ();
  problems = keyfob_catalogue_get_problems (catalogue);

  g_assert_cmpstr (keyfob_provider_get_origin (keyfob_catalogue_lookup (catalogue, "pylon")), ==,
                   fixture->override);
  g_assert_cmpstr (keyfob_provider_get_id (keyfob_provider_get_replaced (
                     keyfob_catalogue_lookup (catalogue, "pylon"))), ==, "pylon");
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_true (g_str_has_prefix (problem->message, fixture->override));
  g_assert_nonnull (strstr (problem->message, first));
  g_unlink (first);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/check-host/remembered", test_remembered);
  ADD ("/check-host/replaced-provider", test_replaced_provider);
  ADD ("/check-host/item-without-host", test_item_without_host);
  ADD ("/check-host/two-files-one-id", test_two_files_one_id);
  ADD ("/check-host/stored-field-checked", test_stored_field_checked);

#undef ADD

  return g_test_run ();
}
