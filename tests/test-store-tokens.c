/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-tokens"

#include "config.h"

#include "keyfob-secret.h"
#include "keyfob-test-async.h"
#include "keyfob-test-store.h"
#include "keyfob-token-draft.h"

/* What the store does with a token: add, list, find, rename, delete, record a check, and load
 * its secret, alone, in a batch or many at once. */

#define CUTOVER_TOKEN "0123456789abcdef0123456789abcdef0123456789abcdef"

static SecretValue *
load_secret (Fixture     *fixture,
             KeyfobToken *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SecretValue *value;

  keyfob_store_load_secret_async (fixture->store, token, NULL, keyfob_test_result_cb, &result);
  value = keyfob_store_load_secret_finish (fixture->store, keyfob_test_wait_for (&result), &error);
  g_assert_no_error (error);

  return value;
}

static gboolean
rename_token (Fixture      *fixture,
              KeyfobToken  *token,
              const char   *name,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_store_rename_async (fixture->store, token, name, NULL, keyfob_test_result_cb, &result);
  return keyfob_store_rename_finish (fixture->store, keyfob_test_wait_for (&result), error);
}

static void
test_add_list_get (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobToken) added = add_token (fixture, "cutover", "Release bot",
                                            "Bearer " CUTOVER_TOKEN "\n", &error);
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(KeyfobToken) by_name = NULL;
  g_autoptr(KeyfobToken) by_id = NULL;
  g_autoptr(SecretValue) secret = NULL;
  g_autofree char *expires = NULL;
  KeyfobToken *listed;

  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (keyfob_token_get_id (added)));

  tokens = list_tokens (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 1);

  listed = g_ptr_array_index (tokens, 0);
  g_assert_cmpstr (keyfob_token_get_id (listed), ==, keyfob_token_get_id (added));
  g_assert_cmpstr (keyfob_token_get_name (listed), ==, "Release bot");
  g_assert_cmpstr (keyfob_token_get_provider_id (listed), ==, "cutover");
  g_assert_cmpstr (keyfob_token_get_preview (listed), ==, "012345••••••••cdef");
  g_assert_cmpstr (g_hash_table_lookup (keyfob_token_get_fields (listed), "instance"), ==, "acme");
  g_assert_cmpstr (g_hash_table_lookup (keyfob_token_get_fields (listed), "api_host"), ==,
                   "api.cutover.net");
  g_assert_nonnull (keyfob_token_get_created (listed));
  expires = g_date_time_format_iso8601 (keyfob_token_get_expires (listed));
  g_assert_cmpstr (expires, ==, "2030-01-31T00:00:00Z");
  g_assert_null (keyfob_token_get_last_checked (listed));

  by_name = find_token (fixture, "Release bot", &error);
  g_assert_no_error (error);
  by_id = find_token (fixture, keyfob_token_get_id (added), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keyfob_token_get_id (by_name), ==, keyfob_token_get_id (by_id));

  secret = load_secret (fixture, by_name);
  g_assert_cmpstr (keyfob_secret_value_get_text (secret), ==, CUTOVER_TOKEN);
}

static void
test_duplicate_names (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobToken) first = add_token (fixture, "pulsetic", "prod", "first-token-0000001",
                                            &error);
  g_autoptr(KeyfobToken) second = NULL;
  g_autoptr(KeyfobToken) other_provider = NULL;
  g_autoptr(KeyfobToken) ambiguous = NULL;
  g_autoptr(KeyfobToken) kept = NULL;
  g_autoptr(SecretValue) secret = NULL;

  g_assert_no_error (error);

  second = add_token (fixture, "pulsetic", "  prod ", "second-token-000002", &error);
  g_assert_null (second);
  g_assert_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_DUPLICATE_NAME);
  g_clear_error (&error);

  /* The existing item is untouched. */
  kept = find_token (fixture, "prod", &error);
  g_assert_no_error (error);
  secret = load_secret (fixture, kept);
  g_assert_cmpstr (keyfob_secret_value_get_text (secret), ==, "first-token-0000001");

  /* Another provider may use the name; then the name alone no longer says which. */
  other_provider = add_token (fixture, "pylon", "prod", "pylon_api_0123456789", &error);
  g_assert_no_error (error);
  ambiguous = find_token (fixture, "prod", &error);
  g_assert_null (ambiguous);
  g_assert_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_AMBIGUOUS);
}

static void
test_rename (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobToken) a = add_token (fixture, "pushly", "a", "pushly-token-000000a", &error);
  g_autoptr(KeyfobToken) b = add_token (fixture, "pushly", "b", "pushly-token-000000b", &error);
  g_autoptr(KeyfobToken) listed = NULL;
  g_autoptr(KeyfobToken) renamed = NULL;

  g_assert_no_error (error);
  listed = find_token (fixture, "a", &error);
  g_assert_no_error (error);

  g_assert_false (rename_token (fixture, listed, "b", &error));
  g_assert_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_DUPLICATE_NAME);
  g_clear_error (&error);

  g_assert_false (rename_token (fixture, listed, "   ", &error));
  g_assert_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_NAME);
  g_clear_error (&error);

  g_assert_true (rename_token (fixture, listed, " Marketing site ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (keyfob_token_get_name (listed), ==, "Marketing site");

  renamed = find_token (fixture, keyfob_token_get_id (a), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keyfob_token_get_name (renamed), ==, "Marketing site");
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobToken) added = add_token (fixture, "pulsetic", "old", "pulsetic-token-00001",
                                            &error);
  g_autoptr(KeyfobToken) listed = find_token (fixture, "old", &error);
  g_autoptr(KeyfobToken) gone = NULL;

  g_assert_no_error (error);
  g_assert_true (delete_token (fixture, listed, &error));
  g_assert_no_error (error);

  gone = find_token (fixture, keyfob_token_get_id (added), &error);
  g_assert_null (gone);
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND);
}

static void
test_record_check (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobToken) added = add_token (fixture, "pylon", "support", "pylon_api_eu_0123456789",
                                            &error);
  g_autoptr(KeyfobToken) listed = find_token (fixture, "support", &error);
  g_autoptr(KeyfobCheckResult) check = keyfob_check_result_new (KEYFOB_VERDICT_FORBIDDEN);
  g_autoptr(KeyfobToken) reread = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SecretValue) secret = NULL;

  g_assert_no_error (error);
  check->http_status = 403;
  check->latency_ms = 87;
  check->vendor_message = g_strdup ("Missing scope: tickets.read");
  keyfob_store_record_check_async (fixture->store, listed, check, NULL, keyfob_test_result_cb,
                                   &result);
  g_assert_true (keyfob_store_record_check_finish (fixture->store, keyfob_test_wait_for (&result),
                                                   &error));
  g_assert_no_error (error);

  reread = find_token (fixture, "support", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keyfob_token_get_last_result (reread), ==, "forbidden");
  g_assert_cmpint (keyfob_token_get_last_status (reread), ==, 403);
  g_assert_cmpstr (keyfob_token_get_last_message (reread), ==, "Missing scope: tickets.read");
  g_assert_cmpint (keyfob_token_get_last_latency (reread), ==, 87);
  /* And the token that was checked, at once. */
  g_assert_cmpint (keyfob_token_get_last_status (listed), ==, 403);
  g_assert_nonnull (keyfob_token_get_last_checked (reread));
  g_assert_cmpint (g_date_time_to_unix (keyfob_token_get_last_checked (reread)), ==,
                   g_date_time_to_unix (check->checked_at));
  /* Nothing else changed: fields and the secret stay as they were. */
  g_assert_cmpstr (g_hash_table_lookup (keyfob_token_get_fields (reread), "region"), ==, "eu");
  g_assert_cmpstr (keyfob_token_get_preview (reread), ==, keyfob_token_get_preview (added));
  secret = load_secret (fixture, reread);
  g_assert_cmpstr (keyfob_secret_value_get_text (secret), ==, "pylon_api_eu_0123456789");
}

/* A draft's check goes into the keyring with the token, in the add's one write; a token or
 * field set after the check forgets it, since the check proved nothing about the new one. */
static void
test_add_with_check (Fixture       *fixture,
                     gconstpointer  data)
{
  KeyfobProvider *pylon = keyfob_catalogue_lookup (fixture->catalogue, "pylon");
  g_autoptr(KeyfobTokenDraft) draft = keyfob_token_draft_new (pylon);
  g_autoptr(KeyfobCheckResult) check = keyfob_check_result_new (KEYFOB_VERDICT_VALID);
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(KeyfobToken) forgotten = NULL;
  g_autoptr(KeyfobToken) reread = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  check->http_status = 200;
  check->latency_ms = 42;
  check->account = g_strdup ("Acme Support");
  g_assert_true (keyfob_token_draft_set_name (draft, "checked", &error));
  g_assert_true (keyfob_token_draft_set_secret (draft, "pylon_api_0123456789", 20, &error));
  keyfob_token_draft_set_check (draft, check);
  token = keyfob_token_draft_build (draft, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keyfob_token_get_last_result (token), ==, "valid");

  keyfob_store_add_async (fixture->store, token, keyfob_token_draft_get_secret (draft), NULL,
                          keyfob_test_result_cb, &result);
  g_assert_true (keyfob_store_add_finish (fixture->store, keyfob_test_wait_for (&result),
                                          &error));
  g_assert_no_error (error);
  reread = find_token (fixture, "checked", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keyfob_token_get_last_result (reread), ==, "valid");
  g_assert_cmpint (keyfob_token_get_last_status (reread), ==, 200);
  g_assert_cmpint (keyfob_token_get_last_latency (reread), ==, 42);
  g_assert_cmpstr (keyfob_token_get_account (reread), ==, "Acme Support");
  g_assert_nonnull (keyfob_token_get_last_checked (reread));

  g_assert_true (keyfob_token_draft_set_secret (draft, "pylon_api_9876543210", 20, &error));
  forgotten = keyfob_token_draft_build (draft, &error);
  g_assert_no_error (error);
  g_assert_null (keyfob_token_get_last_result (forgotten));
  g_clear_object (&forgotten);
  keyfob_token_draft_set_check (draft, check);
  g_assert_true (keyfob_token_draft_set_field (draft, "region", "us", &error));
  forgotten = keyfob_token_draft_build (draft, &error);
  g_assert_no_error (error);
  g_assert_null (keyfob_token_get_last_result (forgotten));
}

/* Many secrets in one call, each in its token's place; a token not in the keyring fails the
 * call before it is made. */
static void
test_load_secrets (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char *const names[] = { "first", "second", "third" };
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) secrets = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobToken) loose = NULL;
  g_autoptr(SecretValue) loose_secret = NULL;

  /* Stored in one order, asked for in another. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *pasted = g_strdup_printf ("batch-token-%s", names[i]);

      g_ptr_array_insert (tokens, 0, add_token (fixture, "pulsetic", names[i], pasted, &error));
      g_assert_no_error (error);
    }

  secrets = load_secrets (fixture, tokens, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (secrets->len, ==, tokens->len);
  for (guint i = 0; i < tokens->len; i++)
    {
      g_autofree char *expected = g_strdup_printf ("batch-token-%s", keyfob_token_get_name (
                                                     g_ptr_array_index (tokens, i)));

      g_assert_cmpstr (keyfob_secret_value_get_text (g_ptr_array_index (secrets, i)), ==,
                       expected);
    }
  g_clear_pointer (&secrets, g_ptr_array_unref);

  loose = keyfob_token_new_from_input (keyfob_catalogue_lookup (fixture->catalogue, "pulsetic"),
                                       "loose", NULL, NULL, "batch-token-loose", 17,
                                       &loose_secret, &error);
  g_assert_no_error (error);
  g_ptr_array_add (tokens, g_object_ref (loose));
  secrets = load_secrets (fixture, tokens, &error);
  g_assert_null (secrets);
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND);
}

#define N_CONCURRENT 3

/* Many loads at once, with no session open yet (a child process, so none is cached): the first
 * opens it while the others wait, and each gets its own token's secret. */
static void
test_concurrent_loads (Fixture       *fixture,
                       gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) tokens = list_tokens (fixture, &error);
      GAsyncResult *results[2 * N_CONCURRENT] = { NULL };

      g_assert_no_error (error);
      g_assert_cmpuint (tokens->len, ==, N_CONCURRENT);

      for (guint i = 0; i < G_N_ELEMENTS (results); i++)
        keyfob_store_load_secret_async (fixture->store,
                                        g_ptr_array_index (tokens, i % N_CONCURRENT), NULL,
                                        keyfob_test_result_cb, &results[i]);

      for (guint i = 0; i < G_N_ELEMENTS (results); i++)
        {
          KeyfobToken *token = g_ptr_array_index (tokens, i % N_CONCURRENT);
          g_autoptr(SecretValue) secret =
            keyfob_store_load_secret_finish (fixture->store, keyfob_test_wait_for (&results[i]),
                                             &error);
          g_autofree char *expected = g_strdup_printf ("concurrent-token-%s",
                                                       keyfob_token_get_name (token));

          g_assert_no_error (error);
          g_assert_cmpstr (keyfob_secret_value_get_text (secret), ==, expected);
          g_object_unref (results[i]);
        }
      return;
    }

  for (guint i = 0; i < N_CONCURRENT; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("%07u", i);
      g_autofree char *secret = g_strdup_printf ("concurrent-token-%s", name);
      g_autoptr(KeyfobToken) token = add_token (fixture, "pulsetic", name, secret, &error);

      g_assert_no_error (error);
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/add-list-get", Fixture, NULL, store_fixture_set_up, test_add_list_get,
              store_fixture_tear_down);
  g_test_add ("/store/duplicate-names", Fixture, NULL, store_fixture_set_up, test_duplicate_names,
              store_fixture_tear_down);
  g_test_add ("/store/rename", Fixture, NULL, store_fixture_set_up, test_rename,
              store_fixture_tear_down);
  g_test_add ("/store/delete", Fixture, NULL, store_fixture_set_up, test_delete,
              store_fixture_tear_down);
  g_test_add ("/store/record-check", Fixture, NULL, store_fixture_set_up, test_record_check,
              store_fixture_tear_down);
  g_test_add ("/store/add-with-check", Fixture, NULL, store_fixture_set_up, test_add_with_check,
              store_fixture_tear_down);
  g_test_add ("/store/load-secrets", Fixture, NULL, store_fixture_set_up, test_load_secrets,
              store_fixture_tear_down);
  g_test_add ("/store/concurrent-loads", Fixture, NULL, store_fixture_set_up,
              test_concurrent_loads, store_fixture_tear_down);

  return g_test_run ();
}
