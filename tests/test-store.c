/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-catalogue.h"
#include "keyfob-secret.h"
#include "keyfob-store.h"
#include "keyfob-store-private.h"
#include "keyfob-token.h"
#include "keyfob-token-draft.h"

/* Runs against the throwaway gnome-keyring that tests/keyfob-test-session starts. */

#define CUTOVER_TOKEN "0123456789abcdef0123456789abcdef0123456789abcdef"
#define N_MANY        1000
#define COLLECTION_LABEL "Login"

typedef struct
{
  KeyfobStore     *store;
  KeyfobCatalogue *catalogue;
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

static GPtrArray *
list_tokens (Fixture  *fixture,
             GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_store_list_async (fixture->store, NULL, result_cb, &result);
  return keyfob_store_list_finish (fixture->store, wait_for (&result), error);
}

static KeyfobToken *
find_token (Fixture     *fixture,
            const char  *name_or_id,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_store_find_async (fixture->store, name_or_id, NULL, result_cb, &result);
  return keyfob_store_find_finish (fixture->store, wait_for (&result), error);
}

static KeyfobToken *
add_token (Fixture     *fixture,
           const char  *provider_id,
           const char  *name,
           const char  *pasted,
           GError     **error)
{
  KeyfobProvider *provider = keyfob_catalogue_lookup (fixture->catalogue, provider_id);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (g_str_equal (provider_id, "cutover"))
    g_hash_table_insert (fields, (char *) "instance", (char *) "acme");
  if (g_str_equal (provider_id, "pushly"))
    g_hash_table_insert (fields, (char *) "domain_id", (char *) "123");

  token = keyfob_token_new_from_input (provider, name, fields, "2030-01-31", pasted,
                                       strlen (pasted), &secret, error);
  if (token == NULL)
    return NULL;

  keyfob_store_add_async (fixture->store, token, secret, NULL, result_cb, &result);
  if (!keyfob_store_add_finish (fixture->store, wait_for (&result), error))
    return NULL;

  return g_steal_pointer (&token);
}

static SecretValue *
load_secret (Fixture     *fixture,
             KeyfobToken *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SecretValue *value;

  keyfob_store_load_secret_async (fixture->store, token, NULL, result_cb, &result);
  value = keyfob_store_load_secret_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);

  return value;
}

static GPtrArray *
load_secrets (Fixture      *fixture,
              GPtrArray    *tokens,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_store_load_secrets_async (fixture->store, tokens, NULL, result_cb, &result);
  return keyfob_store_load_secrets_finish (fixture->store, wait_for (&result), error);
}

static gboolean
delete_token (Fixture      *fixture,
              KeyfobToken  *token,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_store_delete_async (fixture->store, token, NULL, result_cb, &result);
  return keyfob_store_delete_finish (fixture->store, wait_for (&result), error);
}

static gboolean
rename_token (Fixture      *fixture,
              KeyfobToken  *token,
              const char   *name,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_store_rename_async (fixture->store, token, name, NULL, result_cb, &result);
  return keyfob_store_rename_finish (fixture->store, wait_for (&result), error);
}

static void
delete_all (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = list_tokens (fixture, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < tokens->len; i++)
    {
      g_assert_true (delete_token (fixture, g_ptr_array_index (tokens, i), &error));
      g_assert_no_error (error);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->store = keyfob_store_new ();
  fixture->catalogue = keyfob_catalogue_new ();
  keyfob_catalogue_load_async (fixture->catalogue, NULL, result_cb, &result);
  g_assert_true (keyfob_catalogue_load_finish (fixture->catalogue, wait_for (&result), &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  delete_all (fixture);
  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->catalogue);
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
  keyfob_store_record_check_async (fixture->store, listed, check, NULL, result_cb, &result);
  g_assert_true (keyfob_store_record_check_finish (fixture->store, wait_for (&result), &error));
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

typedef struct
{
  guint next;
  guint pending;
} Filling;

static void store_next (Filling *filling);

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Filling *filling = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_store_finish (result, &error);
  g_assert_no_error (error);
  filling->pending--;
  store_next (filling);
}

/* gnome-keyring rewrites its file on every store, so a few at a time: a thousand at once
 * would run into D-Bus's call timeout. */
static void
store_next (Filling *filling)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *name = NULL;
  guint i = filling->next;

  if (i >= N_MANY)
    return;

  filling->next++;
  filling->pending++;
  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  name = g_strdup_printf ("token %04u", N_MANY - 1 - i);
  value = keyfob_secret_value_new_take (g_strdup_printf ("secret-value-%08u", i));

  g_hash_table_insert (attributes, (char *) "xdg:schema", g_strdup ("io.github.keyfob.Token"));
  g_hash_table_insert (attributes, (char *) "provider", g_strdup ("pulsetic"));
  g_hash_table_insert (attributes, (char *) "token-id", g_uuid_string_random ());
  g_hash_table_insert (attributes, (char *) "preview", g_strdup ("secret••••••••0000"));
  secret_password_storev_binary (NULL, attributes, SECRET_COLLECTION_DEFAULT, name, value,
                                 NULL, stored_cb, filling);
}

/* Many items, written directly with libsecret (as another Keyfob instance would have). */
static void
test_many (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  Filling filling = { 0, 0 };

  for (guint i = 0; i < 4; i++)
    store_next (&filling);

  while (filling.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  tokens = list_tokens (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, N_MANY);

  for (guint i = 0; i < N_MANY; i++)
    {
      g_autofree char *expected = g_strdup_printf ("token %04u", i);

      g_assert_cmpstr (keyfob_token_get_name (g_ptr_array_index (tokens, i)), ==, expected);
    }
}

/* Items another program wrote with our schema but broken attributes still list. */
static void
test_foreign_item (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretValue) value = keyfob_secret_value_new_take (g_strdup ("foreign-secret-0001"));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobToken *token;

  g_hash_table_insert (attributes, (char *) "xdg:schema", (char *) "io.github.keyfob.Token");
  g_hash_table_insert (attributes, (char *) "created", (char *) "yesterday");
  secret_password_storev_binary (NULL, attributes, SECRET_COLLECTION_DEFAULT, "foreign", value,
                                 NULL, result_cb, &result);
  g_assert_true (secret_password_store_finish (wait_for (&result), &error));

  tokens = list_tokens (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 1);

  token = g_ptr_array_index (tokens, 0);
  g_assert_cmpstr (keyfob_token_get_name (token), ==, "foreign");
  g_assert_cmpstr (keyfob_token_get_provider_id (token), ==, "");
  g_assert_cmpstr (keyfob_token_get_preview (token), ==, "");
  g_assert_null (keyfob_token_get_created (token));
  g_assert_nonnull (keyfob_token_get_id (token));
}

static void
collection_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Lock the keyring through the Secret Service API. No prompt can be shown in the test
 * session, so the unlock attempt fails and the store must say "locked", not "empty". */
static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobToken) added = add_token (fixture, "pulsetic", "locked away",
                                            "pulsetic-token-locked", &error);
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(KeyfobToken) found = NULL;
  GList *objects;

  g_assert_no_error (error);
  secret_collection_for_alias (service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE, NULL,
                               collection_cb, &result);
  collection = secret_collection_for_alias_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  objects = g_list_append (NULL, collection);
  secret_service_lock (service, objects, NULL, result_cb, &result);
  g_list_free (objects);
  g_assert_cmpint (secret_service_lock_finish (service, wait_for (&result), NULL, &error), ==, 1);
  g_assert_no_error (error);

  keyfob_store_set_timeout (fixture->store, 5);
  tokens = list_tokens (fixture, &error);
  g_assert_null (tokens);
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  found = find_token (fixture, "locked away", &error);
  g_assert_null (found);
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  /* A batch gives no secret of a locked item either. */
  g_clear_pointer (&tokens, g_ptr_array_unref);
  tokens = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (tokens, g_object_ref (added));
  g_assert_null (load_secrets (fixture, tokens, &error));
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_LOCKED);
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
                                        result_cb, &results[i]);

      for (guint i = 0; i < G_N_ELEMENTS (results); i++)
        {
          KeyfobToken *token = g_ptr_array_index (tokens, i % N_CONCURRENT);
          g_autoptr(SecretValue) secret =
            keyfob_store_load_secret_finish (fixture->store, wait_for (&results[i]), &error);
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

/* In a child process, so that no bus connection is cached yet. */
static void
test_no_service (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(KeyfobStore) store = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) tokens = NULL;
      g_autoptr(GError) error = NULL;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/keyfob-test-bus", TRUE);
      store = keyfob_store_new ();
      keyfob_store_list_async (store, NULL, result_cb, &result);
      tokens = keyfob_store_list_finish (store, wait_for (&result), &error);

      g_assert_null (tokens);
      g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_UNAVAILABLE);
      g_assert_nonnull (strstr (error->message, "No keyring is running"));
      g_assert_nonnull (strstr (error->message, "start GNOME Keyring"));
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* The session's keyring is gnome-keyring-daemon, whose login collection it made the default. */
static void
test_locate (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobStoreLocation) location = NULL;
  g_autoptr(KeyfobStoreLocation) copy = NULL;

  keyfob_store_locate_async (fixture->store, NULL, result_cb, &result);
  location = keyfob_store_locate_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (location);
  g_test_message ("service %s, collection %s", location->service, location->collection);
  g_assert_cmpstr (location->service, ==, "GNOME Keyring");
  g_assert_cmpstr (location->collection, ==, COLLECTION_LABEL);

  copy = keyfob_store_location_copy (location);
  g_assert_cmpstr (copy->service, ==, location->service);
  g_assert_cmpstr (copy->collection, ==, location->collection);
}

/* A process name is outside input: the known services by name, any other as one short line. */
static void
test_service_names (void)
{
  static const struct
  {
    const char *process;
    const char *expected;
  } cases[] = {
    { "gnome-keyring-d\n", "GNOME Keyring" },
    { "gnome-keyring-daemon", "GNOME Keyring" },
    { "keepassxc\n", "KeePassXC" },
    { "KeePassXC", "KeePassXC" },
    { "kwalletd5\n", "KWallet" },
    { "kwalletd6", "KWallet" },
    { "ksecretd\n", "KWallet" },
    { "oo7-daemon\n", "oo7-daemon" },
    { "\x1b]0;pwned\x07x\n", "]0;pwned x" },
    { "a-very-long-process-name-indeed", "a-very-long-pro…" },
    { "\n", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = _keyfob_store_name_service (cases[i].process);

      g_assert_cmpstr (name, ==, cases[i].expected);
    }
}

static void
locked_tear_down (Fixture       *fixture,
                  gconstpointer  data)
{
  /* The keyring stays locked; this test runs last in its own session. */
  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->catalogue);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/add-list-get", Fixture, NULL, fixture_set_up, test_add_list_get,
              fixture_tear_down);
  g_test_add ("/store/duplicate-names", Fixture, NULL, fixture_set_up, test_duplicate_names,
              fixture_tear_down);
  g_test_add ("/store/rename", Fixture, NULL, fixture_set_up, test_rename, fixture_tear_down);
  g_test_add ("/store/delete", Fixture, NULL, fixture_set_up, test_delete, fixture_tear_down);
  g_test_add ("/store/record-check", Fixture, NULL, fixture_set_up, test_record_check,
              fixture_tear_down);
  g_test_add ("/store/foreign-item", Fixture, NULL, fixture_set_up, test_foreign_item,
              fixture_tear_down);
  g_test_add ("/store/many", Fixture, NULL, fixture_set_up, test_many, fixture_tear_down);
  g_test_add_func ("/store/no-service", test_no_service);
  g_test_add ("/store/load-secrets", Fixture, NULL, fixture_set_up, test_load_secrets,
              fixture_tear_down);
  g_test_add ("/store/concurrent-loads", Fixture, NULL, fixture_set_up, test_concurrent_loads,
              fixture_tear_down);
  g_test_add ("/store/locate", Fixture, NULL, fixture_set_up, test_locate, fixture_tear_down);
  g_test_add_func ("/store/service-names", test_service_names);
  g_test_add ("/store/locked", Fixture, NULL, fixture_set_up, test_locked, locked_tear_down);

  return g_test_run ();
}
