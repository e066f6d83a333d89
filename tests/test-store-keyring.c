/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-keyring"

#include "config.h"

#include <string.h>

#include "keyfob-secret.h"
#include "keyfob-store-private.h"
#include "keyfob-test-async.h"
#include "keyfob-test-fill.h"
#include "keyfob-test-store.h"

/* The store and the keyring it finds: which service it is, items another program wrote, a
 * thousand of them, no keyring at all, and a locked one. */

#define N_MANY        1000
#define COLLECTION_LABEL "Login"

/* Many items, written directly with libsecret (as another Keyfob instance would have). */
static void
test_many (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  keyfob_test_fill_keyring (N_MANY, "token", TRUE);
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
                                 NULL, keyfob_test_result_cb, &result);
  g_assert_true (secret_password_store_finish (keyfob_test_wait_for (&result), &error));

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
  collection = secret_collection_for_alias_finish (keyfob_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  objects = g_list_append (NULL, collection);
  secret_service_lock (service, objects, NULL, keyfob_test_result_cb, &result);
  g_list_free (objects);
  g_assert_cmpint (secret_service_lock_finish (service, keyfob_test_wait_for (&result), NULL,
                                               &error), ==, 1);
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
      keyfob_store_list_async (store, NULL, keyfob_test_result_cb, &result);
      tokens = keyfob_store_list_finish (store, keyfob_test_wait_for (&result), &error);

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

  keyfob_store_locate_async (fixture->store, NULL, keyfob_test_result_cb, &result);
  location = keyfob_store_locate_finish (fixture->store, keyfob_test_wait_for (&result), &error);
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

  g_test_add ("/store/foreign-item", Fixture, NULL, store_fixture_set_up, test_foreign_item,
              store_fixture_tear_down);
  g_test_add ("/store/many", Fixture, NULL, store_fixture_set_up, test_many,
              store_fixture_tear_down);
  g_test_add_func ("/store/no-service", test_no_service);
  g_test_add ("/store/locate", Fixture, NULL, store_fixture_set_up, test_locate,
              store_fixture_tear_down);
  g_test_add_func ("/store/service-names", test_service_names);
  g_test_add ("/store/locked", Fixture, NULL, store_fixture_set_up, test_locked,
              locked_tear_down);

  return g_test_run ();
}
