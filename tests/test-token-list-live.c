/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-token-list-live"

#include "config.h"

#include <string.h>

#include "keyfob-catalogue.h"
#include "keyfob-secret.h"
#include "keyfob-store.h"
#include "keyfob-test-async.h"
#include "keyfob-token-list.h"

/* The live list against the throwaway gnome-keyring of tests/keyfob-test-session: its own
 * changes land in place at once, and what another client changes arrives through the
 * collection's signals, without a reload. The other client is a second store: the first
 * knows nothing of its writes, as of another process's. */

/* A bound for a hang, not a measure of speed: bench/ measures how soon a change shows. */
#define SANITY_SECONDS 10

#define CUTOVER_TOKEN  "0123456789abcdef0123456789abcdef0123456789abcdef"
#define ROTATED_TOKEN  "fedcba9876543210fedcba9876543210fedcba9876543210"

typedef struct
{
  KeyfobCatalogue *catalogue;
  KeyfobStore     *store;
  KeyfobTokenList *list;
  KeyfobStore     *other;       /* another client of the same keyring */
} Fixture;

#define WAIT_UNTIL(condition) \
  G_STMT_START { \
    gint64 wait_deadline = g_get_monotonic_time () + SANITY_SECONDS * G_USEC_PER_SEC; \
    while (!(condition)) \
      { \
        g_assert_cmpint (g_get_monotonic_time (), <, wait_deadline); \
        g_main_context_iteration (NULL, FALSE); \
        g_usleep (1000); \
      } \
  } G_STMT_END

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) reloaded = NULL;
  g_autoptr(GError) error = NULL;

  fixture->catalogue = keyfob_catalogue_new ();
  keyfob_catalogue_load_async (fixture->catalogue, NULL, keyfob_test_result_cb, &loaded);
  g_assert_true (keyfob_catalogue_load_finish (fixture->catalogue,
                                               keyfob_test_wait_for (&loaded), &error));

  fixture->store = keyfob_store_new ();
  keyfob_store_set_catalogue (fixture->store, fixture->catalogue);
  fixture->list = keyfob_token_list_new (fixture->store);
  fixture->other = keyfob_store_new ();
  keyfob_store_set_catalogue (fixture->other, fixture->catalogue);

  keyfob_token_list_reload_async (fixture->list, NULL, keyfob_test_result_cb, &reloaded);
  g_assert_true (keyfob_token_list_reload_finish (fixture->list,
                                                  keyfob_test_wait_for (&reloaded), &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 0);
}

static void
assert_finalized_soon (gpointer object)
{
  gpointer weak = object;

  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  KEYFOB_TEST_WAIT_UNTIL (weak == NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Leave the keyring empty for the next test. */
  while (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)) > 0)
    {
      g_autoptr(KeyfobToken) token = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);
      g_autoptr(GAsyncResult) deleted = NULL;
      g_autoptr(GError) error = NULL;

      keyfob_token_list_delete_async (fixture->list, token, NULL, keyfob_test_result_cb,
                                      &deleted);
      g_assert_true (keyfob_token_list_change_finish (fixture->list,
                                                      keyfob_test_wait_for (&deleted), &error));
    }

  g_assert_finalize_object (fixture->list);
  /* A read the list's watch had out lets the store go when its cancellation comes back. */
  assert_finalized_soon (fixture->store);
  g_assert_finalize_object (fixture->other);
  g_assert_finalize_object (fixture->catalogue);
}

static KeyfobTokenDraft *
cutover_draft (Fixture    *fixture,
               const char *name)
{
  KeyfobProvider *cutover = keyfob_catalogue_lookup (fixture->catalogue, "cutover");
  g_autoptr(KeyfobTokenDraft) draft = keyfob_token_draft_new (cutover);
  g_autoptr(GError) error = NULL;

  g_assert_true (keyfob_token_draft_set_name (draft, name, &error));
  g_assert_true (keyfob_token_draft_set_secret (draft, CUTOVER_TOKEN, strlen (CUTOVER_TOKEN),
                                                &error));
  g_assert_true (keyfob_token_draft_set_field (draft, "instance", "acme", &error));
  g_assert_no_error (error);

  return g_steal_pointer (&draft);
}

/* Adds a token through the other client, as keyfob-tool would. */
static KeyfobToken *
add_elsewhere (Fixture    *fixture,
               const char *name)
{
  g_autoptr(KeyfobTokenDraft) draft = cutover_draft (fixture, name);
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobToken *token = keyfob_token_draft_build (draft, &error);

  g_assert_no_error (error);
  keyfob_store_add_async (fixture->other, token, keyfob_token_draft_get_secret (draft), NULL,
                          keyfob_test_result_cb, &added);
  g_assert_true (keyfob_store_add_finish (fixture->other, keyfob_test_wait_for (&added),
                                          &error));

  return token;
}

static char *
load_secret (Fixture     *fixture,
             KeyfobToken *token)
{
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretValue) secret = NULL;

  keyfob_token_list_load_secret_async (fixture->list, token, NULL, keyfob_test_result_cb,
                                       &loaded);
  secret = keyfob_token_list_load_secret_finish (fixture->list, keyfob_test_wait_for (&loaded),
                                                 &error);
  g_assert_no_error (error);

  return g_strdup (secret_value_get_text (secret));
}

/* The item's attributes as any other program sees them. */
static GHashTable *
item_attributes (KeyfobToken *token)
{
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GList *items;
  GHashTable *attributes;

  g_hash_table_insert (query, (char *) "token-id", (char *) keyfob_token_get_id (token));
  items = secret_service_search_sync (NULL, NULL, query, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  attributes = secret_item_get_attributes (items->data);
  g_list_free_full (items, g_object_unref);

  return attributes;
}

/* Keyfob writes what it removes as empty: KeePassXC keeps an attribute a write leaves out. */
static void
assert_unset (GHashTable *attributes,
              const char *key)
{
  const char *value = g_hash_table_lookup (attributes, key);

  g_assert_true (value == NULL || value[0] == '\0');
}

static void
test_outside_changes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KeyfobToken) elsewhere = add_elsewhere (fixture, "Release bot");
  g_autoptr(KeyfobTokenDraft) edit = NULL;
  g_autoptr(GAsyncResult) renamed = NULL;
  g_autoptr(GAsyncResult) edited = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobToken *shown;

  /* Added elsewhere: shows without a reload. */
  WAIT_UNTIL (keyfob_token_list_lookup (fixture->list, keyfob_token_get_id (elsewhere)));
  shown = keyfob_token_list_lookup (fixture->list, keyfob_token_get_id (elsewhere));
  g_assert_cmpstr (keyfob_token_get_name (shown), ==, "Release bot");
  g_assert_cmpstr (g_hash_table_lookup (keyfob_token_get_fields (shown), "instance"), ==,
                   "acme");

  /* Renamed elsewhere: the same object takes the name. */
  keyfob_store_rename_async (fixture->other, elsewhere, "Deploy bot", NULL,
                             keyfob_test_result_cb, &renamed);
  g_assert_true (keyfob_store_rename_finish (fixture->other, keyfob_test_wait_for (&renamed),
                                             &error));
  WAIT_UNTIL (g_strcmp0 (keyfob_token_get_name (shown), "Deploy bot") == 0);
  g_assert_true (keyfob_token_list_lookup (fixture->list, keyfob_token_get_id (elsewhere)) ==
                 shown);

  /* Edited elsewhere. */
  edit = keyfob_token_draft_new_edit (keyfob_catalogue_lookup (fixture->catalogue, "cutover"),
                                      elsewhere);
  g_assert_true (keyfob_token_draft_set_expires (edit, "2031-01-31", &error));
  keyfob_store_edit_async (fixture->other, elsewhere, edit, NULL, keyfob_test_result_cb,
                           &edited);
  g_assert_true (keyfob_store_edit_finish (fixture->other, keyfob_test_wait_for (&edited),
                                           &error));
  WAIT_UNTIL (keyfob_token_get_expires (shown) != NULL);
  g_assert_cmpint (g_date_time_get_year (keyfob_token_get_expires (shown)), ==, 2031);

  /* Deleted elsewhere. */
  keyfob_store_delete_async (fixture->other, elsewhere, NULL, keyfob_test_result_cb, &deleted);
  g_assert_true (keyfob_store_delete_finish (fixture->other, keyfob_test_wait_for (&deleted),
                                             &error));
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)) == 0);
  g_assert_no_error (error);
}

/* The item's object path, as another program finds it. No item proxy is kept: one made by a
 * sync call belongs to that call's own main context, which is gone when a signal comes. */
static char *
item_path (KeyfobToken *token)
{
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GList *items;
  char *path;

  g_hash_table_insert (query, (char *) "token-id", (char *) keyfob_token_get_id (token));
  items = secret_service_search_sync (NULL, NULL, query, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  path = g_strdup (g_dbus_proxy_get_object_path (items->data));
  g_list_free_full (items, g_object_unref);

  return path;
}

/* What Seahorse's rename does. */
static void
set_label (const char *path,
           const char *label)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", path,
                                       "org.freedesktop.DBus.Properties", "Set",
                                       g_variant_new ("(ssv)", "org.freedesktop.Secret.Item",
                                                      "Label", g_variant_new_string (label)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

/* Seahorse renames an item by its label alone: the token's name follows, where searches find
 * it, unless the label is no valid name or another token of the provider has it. */
static void
test_outside_relabel (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KeyfobToken) elsewhere = add_elsewhere (fixture, "Release bot");
  g_autoptr(KeyfobToken) taken = add_elsewhere (fixture, "Taken name");
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(KeyfobToken) by_name = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  KeyfobToken *shown;

  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)) == 2);
  shown = keyfob_token_list_lookup (fixture->list, keyfob_token_get_id (elsewhere));

  path = item_path (elsewhere);

  /* A name another token has: the label stays the label alone. */
  set_label (path, "Taken name");
  for (int i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpstr (keyfob_token_get_name (shown), ==, "Release bot");

  set_label (path, "Deploy bot ");
  WAIT_UNTIL (g_strcmp0 (keyfob_token_get_name (shown), "Deploy bot") == 0);

  /* The name attribute followed: a search by the new name finds it. */
  keyfob_store_find_async (fixture->other, "Deploy bot", NULL, keyfob_test_result_cb, &found);
  keyfob_test_wait_for (&found);
  by_name = keyfob_store_find_finish (fixture->other, found, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keyfob_token_get_id (by_name), ==, keyfob_token_get_id (elsewhere));
}

/* Another program's item: ours only if it carries our schema. */
static void
test_foreign_items (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) ours = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) theirs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretValue) value = secret_value_new ("s3cr3t-value-0000", -1, "text/plain");
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (theirs, (char *) "xdg:schema", (char *) "org.example.Mail");
  g_hash_table_insert (theirs, (char *) "user", (char *) "me");
  g_assert_true (secret_password_storev_binary_sync (NULL, theirs, SECRET_COLLECTION_DEFAULT,
                                                     "Mail", value, NULL, &error));

  g_hash_table_insert (ours, (char *) "xdg:schema", (char *) "io.github.keyfob.Token");
  g_hash_table_insert (ours, (char *) "provider", (char *) "pulsetic");
  g_hash_table_insert (ours, (char *) "preview", (char *) "s3cr3t••••••••0000");
  g_assert_true (secret_password_storev_binary_sync (NULL, ours, SECRET_COLLECTION_DEFAULT,
                                                     "Written by hand", value, NULL, &error));
  g_assert_no_error (error);

  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)) == 1);
  {
    g_autoptr(KeyfobToken) token = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);

    g_assert_cmpstr (keyfob_token_get_name (token), ==, "Written by hand");
  }

  /* The mail item stays where it was, never listed. */
  g_assert_true (secret_password_clearv_sync (NULL, theirs, NULL, &error));
  g_assert_no_error (error);
}

static void
test_own_changes_in_place (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KeyfobTokenDraft) draft = cutover_draft (fixture, "Release bot");
  g_autoptr(KeyfobTokenDraft) duplicate = cutover_draft (fixture, "Release bot");
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(GAsyncResult) renamed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(KeyfobToken) none = NULL;

  keyfob_token_list_add_async (fixture->list, draft, NULL, keyfob_test_result_cb, &added);
  token = keyfob_token_list_add_finish (fixture->list, keyfob_test_wait_for (&added), &error);
  g_assert_no_error (error);
  /* In the list as the add ends, not when the keyring's signal comes. */
  g_assert_true (keyfob_token_list_lookup (fixture->list, keyfob_token_get_id (token)) == token);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
  g_assert_cmpuint (keyfob_token_list_get_n_listed (fixture->list), ==, 1);

  /* The signal of our own add does not make a second row. */
  for (int i = 0; i < 30; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);

  keyfob_token_list_add_async (fixture->list, duplicate, NULL, keyfob_test_result_cb, &again);
  none = keyfob_token_list_add_finish (fixture->list, keyfob_test_wait_for (&again), &error);
  g_assert_null (none);
  g_assert_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_DUPLICATE_NAME);
  g_clear_error (&error);
  g_assert_false (keyfob_token_list_check_name_free (fixture->list, "cutover", "Release bot",
                                                     NULL, NULL));
  g_assert_true (keyfob_token_list_check_name_free (fixture->list, "cutover", "Release bot",
                                                    keyfob_token_get_id (token), NULL));

  keyfob_token_list_rename_async (fixture->list, token, "Deploy bot", NULL,
                                  keyfob_test_result_cb, &renamed);
  g_assert_true (keyfob_token_list_change_finish (fixture->list,
                                                  keyfob_test_wait_for (&renamed), &error));
  g_assert_cmpstr (keyfob_token_get_name (token), ==, "Deploy bot");
}

static KeyfobToken *
add_here (Fixture    *fixture,
          const char *name)
{
  g_autoptr(KeyfobTokenDraft) draft = cutover_draft (fixture, name);
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobToken *token;

  keyfob_token_list_add_async (fixture->list, draft, NULL, keyfob_test_result_cb, &added);
  token = keyfob_token_list_add_finish (fixture->list, keyfob_test_wait_for (&added), &error);
  g_assert_no_error (error);

  return token;
}

static gboolean
edit_token (Fixture           *fixture,
            KeyfobToken       *token,
            KeyfobTokenDraft  *draft,
            GError           **error)
{
  g_autoptr(GAsyncResult) edited = NULL;

  keyfob_token_list_edit_async (fixture->list, token, draft, NULL, keyfob_test_result_cb,
                                &edited);
  return keyfob_token_list_change_finish (fixture->list, keyfob_test_wait_for (&edited), error);
}

/* Fields and expiry: only what Keyfob owns changes, and the checks follow the new host. */
static void
test_edit_fields (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_here (fixture, "Release bot");
  KeyfobProvider *cutover = keyfob_catalogue_lookup (fixture->catalogue, "cutover");
  g_autoptr(KeyfobTokenDraft) draft = keyfob_token_draft_new_edit (cutover, token);
  g_autoptr(GHashTable) before = item_attributes (token);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  g_assert_cmpstr (keyfob_token_get_check_host (token), ==, "api.cutover.net");

  /* Bad input is refused by the draft, before anything is written. */
  g_assert_false (keyfob_token_draft_set_field (draft, "api_host", "evil.example", &error));
  g_assert_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_FIELD);
  g_clear_error (&error);
  g_assert_false (keyfob_token_draft_set_field (draft, "no_such_field", "x", &error));
  g_assert_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_FIELD);
  g_clear_error (&error);
  g_assert_false (keyfob_token_draft_set_expires (draft, "31/12/2030", &error));
  g_assert_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_DATE);
  g_clear_error (&error);

  g_assert_true (keyfob_token_draft_set_field (draft, "api_host",
                                               "https://api.acme.cutover.com/", &error));
  g_assert_true (keyfob_token_draft_set_expires (draft, "2030-12-31", &error));
  g_assert_true (edit_token (fixture, token, draft, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (g_hash_table_lookup (keyfob_token_get_fields (token), "api_host"), ==,
                   "api.acme.cutover.com");
  g_assert_cmpint (g_date_time_get_year (keyfob_token_get_expires (token)), ==, 2030);
  g_assert_cmpstr (keyfob_token_get_check_host (token), ==, "api.acme.cutover.com");

  after = item_attributes (token);
  g_assert_cmpstr (g_hash_table_lookup (after, "api_host"), ==, "api.acme.cutover.com");
  /* Recognisable in Seahorse and KeePassXC, and no field of the provider's. */
  g_assert_cmpstr (g_hash_table_lookup (after, "application"), ==, "Keyfob");
  g_assert_false (g_hash_table_contains (keyfob_token_get_fields (token), "application"));
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (after, "expires"), "2030-12-31"));
  /* What the edit does not touch stays as it was. */
  g_assert_cmpstr (g_hash_table_lookup (after, "token-id"), ==,
                   g_hash_table_lookup (before, "token-id"));
  g_assert_cmpstr (g_hash_table_lookup (after, "created"), ==,
                   g_hash_table_lookup (before, "created"));
  g_assert_cmpstr (g_hash_table_lookup (after, "preview"), ==,
                   g_hash_table_lookup (before, "preview"));
  g_assert_null (g_hash_table_lookup (after, "rotated"));
  secret = load_secret (fixture, token);
  g_assert_cmpstr (secret, ==, CUTOVER_TOKEN);

  /* No expiry at all, again. */
  g_clear_object (&draft);
  draft = keyfob_token_draft_new_edit (cutover, token);
  g_assert_true (keyfob_token_draft_set_expires (draft, "", &error));
  g_assert_true (edit_token (fixture, token, draft, &error));
  g_assert_null (keyfob_token_get_expires (token));
  g_clear_pointer (&after, g_hash_table_unref);
  after = item_attributes (token);
  assert_unset (after, "expires");
}

/* Rotation: the vendor issued a new token for the same entry. */
static void
test_edit_rotate (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_here (fixture, "Release bot");
  KeyfobProvider *cutover = keyfob_catalogue_lookup (fixture->catalogue, "cutover");
  g_autoptr(KeyfobTokenDraft) draft = keyfob_token_draft_new_edit (cutover, token);
  g_autoptr(KeyfobCheckResult) check = keyfob_check_result_new (KEYFOB_VERDICT_VALID);
  g_autoptr(GAsyncResult) recorded = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (keyfob_token_get_id (token));
  g_autofree char *secret = NULL;

  /* A last check, which a new token does not inherit. */
  check->checked_at = g_date_time_new_now_utc ();
  check->account = g_strdup ("Acme Inc");
  check->http_status = 200;
  check->latency_ms = 40;
  check->vendor_message = g_strdup ("OK");
  keyfob_store_record_check_async (fixture->store, token, check, NULL, keyfob_test_result_cb,
                                   &recorded);
  g_assert_true (keyfob_store_record_check_finish (fixture->store,
                                                   keyfob_test_wait_for (&recorded), &error));
  g_assert_cmpstr (keyfob_token_get_last_result (token), ==, "valid");

  /* A token of the wrong format is refused, and nothing changes. */
  g_assert_false (keyfob_token_draft_set_secret (draft, "tooshort-tooshort", 17, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (keyfob_token_draft_set_secret (draft, ROTATED_TOKEN, strlen (ROTATED_TOKEN),
                                                &error));
  g_assert_true (edit_token (fixture, token, draft, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (keyfob_token_get_id (token), ==, id);
  g_assert_true (g_str_has_prefix (keyfob_token_get_preview (token), "fedcba"));
  g_assert_true (g_str_has_suffix (keyfob_token_get_preview (token), "3210"));
  g_assert_nonnull (keyfob_token_get_rotated (token));
  g_assert_null (keyfob_token_get_last_checked (token));
  g_assert_null (keyfob_token_get_last_result (token));
  g_assert_null (keyfob_token_get_account (token));
  g_assert_cmpint (keyfob_token_get_last_status (token), ==, -1);
  g_assert_null (keyfob_token_get_last_message (token));
  g_assert_cmpint (keyfob_token_get_last_latency (token), ==, -1);

  secret = load_secret (fixture, token);
  g_assert_cmpstr (secret, ==, ROTATED_TOKEN);
  after = item_attributes (token);
  g_assert_nonnull (g_hash_table_lookup (after, "rotated"));
  assert_unset (after, "last-result");
  assert_unset (after, "account");
  assert_unset (after, "last-status");
  assert_unset (after, "last-message");
  assert_unset (after, "last-latency");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/token-list/live/outside-changes", Fixture, NULL, fixture_set_up,
              test_outside_changes, fixture_tear_down);
  g_test_add ("/token-list/live/outside-relabel", Fixture, NULL, fixture_set_up,
              test_outside_relabel, fixture_tear_down);
  g_test_add ("/token-list/live/foreign-items", Fixture, NULL, fixture_set_up,
              test_foreign_items, fixture_tear_down);
  g_test_add ("/token-list/live/own-changes", Fixture, NULL, fixture_set_up,
              test_own_changes_in_place, fixture_tear_down);
  g_test_add ("/token-list/edit/fields", Fixture, NULL, fixture_set_up, test_edit_fields,
              fixture_tear_down);
  g_test_add ("/token-list/edit/rotate", Fixture, NULL, fixture_set_up, test_edit_rotate,
              fixture_tear_down);

  return g_test_run ();
}
