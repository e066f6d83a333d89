/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-catalogue.h"
#include "keyfob-store.h"
#include "keyfob-test-async.h"
#include "keyfob-token.h"
#include "keyfob-token-draft.h"

/* How the store finds tokens by attribute, and what it leaves alone, against the throwaway
 * gnome-keyring of tests/keyfob-test-session: items an older Keyfob wrote (the name only in
 * the label) and items other programs wrote with Keyfob's schema. */

/* What earlier versions wrote; this version's items have the next schema. */
#define SCHEMA        "io.github.keyfob.Token"
#define SCHEMA_2      "io.github.keyfob.Token2"
#define PULSETIC      "33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3"
#define MIGRATE_BATCH 8   /* keyfob-store-read.c */

typedef struct
{
  KeyfobStore     *store;
  KeyfobCatalogue *catalogue;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->catalogue = keyfob_catalogue_new ();
  keyfob_catalogue_load_async (fixture->catalogue, NULL, keyfob_test_result_cb, &result);
  g_assert_true (keyfob_catalogue_load_finish (fixture->catalogue,
                                               keyfob_test_wait_for (&result), &error));
  fixture->store = keyfob_store_new ();
  keyfob_store_set_catalogue (fixture->store, fixture->catalogue);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) ours = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (ours, (char *) "xdg:schema", (char *) SCHEMA);
  secret_password_clearv_sync (NULL, ours, NULL, &error);
  g_assert_no_error (error);
  g_hash_table_insert (ours, (char *) "xdg:schema", (char *) SCHEMA_2);
  secret_password_clearv_sync (NULL, ours, NULL, &error);
  g_assert_no_error (error);

  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->catalogue);
}

/* An item as an older Keyfob, or another program, wrote it: no name attribute. */
static void
store_item (const char *label,
            ...) G_GNUC_NULL_TERMINATED;

static void
store_item (const char *label,
            ...)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  const char *key;
  va_list ap;

  g_hash_table_insert (attributes, (char *) "xdg:schema", (char *) SCHEMA);
  va_start (ap, label);
  while ((key = va_arg (ap, const char *)) != NULL)
    g_hash_table_insert (attributes, (char *) key, va_arg (ap, char *));
  va_end (ap);

  secret_password_storev_sync (NULL, attributes, NULL, label, "secret-of-an-item-0123",
                               NULL, &error);
  g_assert_no_error (error);
}

/* The attributes of the one item that has @key = @value, as the keyring has them. */
static GHashTable *
item_attributes (const char *key,
                 const char *value)
{
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GList *items;
  GHashTable *attributes;

  g_hash_table_insert (query, (char *) key, (char *) value);
  items = secret_service_search_sync (NULL, NULL, query, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  attributes = secret_item_get_attributes (items->data);
  g_list_free_full (items, g_object_unref);

  return attributes;
}

static guint
count_items (const char *key,
             const char *value)
{
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GList *items;
  guint n;

  g_hash_table_insert (query, (char *) key, (char *) value);
  items = secret_service_search_sync (NULL, NULL, query, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  n = g_list_length (items);
  g_list_free_full (items, g_object_unref);

  return n;
}

static KeyfobToken *
find (Fixture     *fixture,
      const char  *name_or_id,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_store_find_async (fixture->store, name_or_id, NULL, keyfob_test_result_cb, &result);
  return keyfob_store_find_finish (fixture->store, keyfob_test_wait_for (&result), error);
}

static gboolean
add (Fixture     *fixture,
     const char  *provider_id,
     const char  *name,
     GError     **error)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  token = keyfob_token_new_from_input (keyfob_catalogue_lookup (fixture->catalogue, provider_id),
                                       name, fields, NULL, PULSETIC, strlen (PULSETIC),
                                       &secret, error);
  g_assert_nonnull (token);
  keyfob_store_add_async (fixture->store, token, secret, NULL, keyfob_test_result_cb, &result);
  return keyfob_store_add_finish (fixture->store, keyfob_test_wait_for (&result), error);
}

/* Found by the label, checked as duplicates, and given the name attribute as they are met. */
static void
test_legacy_items (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(KeyfobToken) found = NULL;
  g_autoptr(GHashTable) migrated = NULL;
  g_autoptr(GError) error = NULL;

  store_item ("old one", "provider", "pulsetic", "token-id", id, NULL);
  store_item ("old two", "provider", "pulsetic", "token-id", "not-a-uuid", NULL);
  g_assert_cmpuint (count_items ("name", "old one"), ==, 0);

  found = find (fixture, "old one", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keyfob_token_get_id (found), ==, id);
  g_assert_cmpstr (keyfob_token_get_name (found), ==, "old one");

  g_assert_false (add (fixture, "pulsetic", "old two", &error));
  g_assert_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_DUPLICATE_NAME);
  g_clear_error (&error);

  /* Both now carry their name and this version's schema, and nothing else changed. */
  migrated = item_attributes ("name", "old one");
  g_assert_cmpstr (g_hash_table_lookup (migrated, "xdg:schema"), ==, SCHEMA_2);
  g_assert_cmpstr (g_hash_table_lookup (migrated, "keyfob-format"), ==, "2");
  g_assert_cmpstr (g_hash_table_lookup (migrated, "application"), ==, "Keyfob");
  g_assert_cmpstr (g_hash_table_lookup (migrated, "token-id"), ==, id);
  g_assert_cmpuint (count_items ("name", "old two"), ==, 1);
}

/* A keyring of older items is migrated a few at a time, never all in one go. */
static void
test_migration_bounded (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobToken) missing = NULL;

  for (guint i = 0; i < 3 * MIGRATE_BATCH; i++)
    {
      g_autofree char *label = g_strdup_printf ("older %02u", i);
      g_autofree char *id = g_uuid_string_random ();

      store_item (label, "provider", "pulsetic", "token-id", id, NULL);
    }

  missing = find (fixture, "no such name", &error);
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (count_items ("keyfob-format", "2"), ==, MIGRATE_BATCH);
  g_clear_error (&error);

  g_assert_null (find (fixture, "still no such name", &error));
  g_assert_cmpuint (count_items ("keyfob-format", "2"), ==, 2 * MIGRATE_BATCH);
}

/* Another program's item with token-id "prod-bot" does not answer to the name of Keyfob's
 * token called prod-bot: an id is a UUID Keyfob wrote. */
static void
test_foreign_token_id (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(KeyfobToken) found = NULL;
  g_autoptr(GError) error = NULL;

  store_item ("elsewhere", "provider", "pulsetic", "token-id", "prod-bot", NULL);
  g_assert_true (add (fixture, "pulsetic", "prod-bot", &error));
  g_assert_no_error (error);

  found = find (fixture, "prod-bot", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keyfob_token_get_name (found), ==, "prod-bot");
  g_assert_true (g_uuid_string_is_valid (keyfob_token_get_id (found)));
  g_clear_object (&found);

  /* The foreign item is known by its path. */
  found = find (fixture, "elsewhere", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (keyfob_token_get_id (found), "/org/freedesktop/secrets/"));
  g_clear_object (&found);
  found = find (fixture, keyfob_token_get_id (find (fixture, "elsewhere", NULL)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keyfob_token_get_name (found), ==, "elsewhere");
}

/* A check writes back what Keyfob owns, and nothing else: another program's date format, its
 * own attributes, stay as they were. */
static void
test_write_back_keeps (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(KeyfobCheckResult) check = keyfob_check_result_new (KEYFOB_VERDICT_VALID);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;

  store_item ("foreign", "provider", "pulsetic", "token-id", id, "expires", "31/12/2027",
              "created", "yesterday", "Notes", "kept as it is", NULL);
  token = find (fixture, id, &error);
  g_assert_no_error (error);
  g_assert_null (keyfob_token_get_expires (token));
  /* Not a field of Pulsetic's: the provider file says which attributes are. */
  g_assert_null (g_hash_table_lookup (keyfob_token_get_fields (token), "Notes"));

  check->account = g_strdup ("Acme");
  keyfob_store_record_check_async (fixture->store, token, check, NULL, keyfob_test_result_cb,
                                   &result);
  g_assert_true (keyfob_store_record_check_finish (fixture->store,
                                                   keyfob_test_wait_for (&result), &error));
  g_assert_no_error (error);

  after = item_attributes ("token-id", id);
  g_assert_cmpstr (g_hash_table_lookup (after, "expires"), ==, "31/12/2027");
  g_assert_cmpstr (g_hash_table_lookup (after, "created"), ==, "yesterday");
  g_assert_cmpstr (g_hash_table_lookup (after, "Notes"), ==, "kept as it is");
  g_assert_cmpstr (g_hash_table_lookup (after, "last-result"), ==, "valid");
  g_assert_cmpstr (g_hash_table_lookup (after, "account"), ==, "Acme");
  g_assert_cmpstr (g_hash_table_lookup (after, "name"), ==, "foreign");
}

typedef struct
{
  guint added;
  guint refused;
  guint pending;
} Race;

static void
raced_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Race *race = user_data;
  g_autoptr(GError) error = NULL;

  if (keyfob_store_add_finish (KEYFOB_STORE (object), result, &error))
    race->added++;
  else if (g_error_matches (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_DUPLICATE_NAME))
    race->refused++;
  else
    g_error ("unexpected: %s", error->message);
  race->pending--;
}

/* Ten adds of one name at once, each with its own store, as ten processes would: one wins. */
static void
test_concurrent_adds (Fixture       *fixture,
                      gconstpointer  data)
{
  KeyfobProvider *pulsetic = keyfob_catalogue_lookup (fixture->catalogue, "pulsetic");
  g_autoptr(GPtrArray) stores = g_ptr_array_new_with_free_func (g_object_unref);
  Race race = { 0, 0, 0 };

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(SecretValue) secret = NULL;
      g_autoptr(KeyfobToken) token = NULL;
      KeyfobStore *store = keyfob_store_new ();

      g_ptr_array_add (stores, store);
      token = keyfob_token_new_from_input (pulsetic, "race", fields, NULL, PULSETIC,
                                           strlen (PULSETIC), &secret, NULL);
      race.pending++;
      keyfob_store_add_async (store, token, secret, NULL, raced_cb, &race);
    }

  while (race.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (race.added, ==, 1);
  g_assert_cmpuint (race.refused, ==, 9);
  g_assert_cmpuint (count_items ("name", "race"), ==, 1);
}

static GPtrArray *
find_some (Fixture    *fixture,
           const char *provider_id,
           const char *name,
           const char *preview)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  if (name != NULL)
    keyfob_store_find_named_async (fixture->store, provider_id, name, NULL,
                                   keyfob_test_result_cb, &result);
  else
    keyfob_store_find_alike_async (fixture->store, provider_id, preview, NULL,
                                   keyfob_test_result_cb, &result);
  found = keyfob_store_find_some_finish (fixture->store, keyfob_test_wait_for (&result), &error);
  g_assert_no_error (error);

  return found;
}

/* What an import needs, each by one search: the tokens of a name, of any provider or one
 * (an older Keyfob's too), and those of a provider with a preview. */
static void
test_find_some (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) named = NULL;
  g_autoptr(GPtrArray) of_pulsetic = NULL;
  g_autoptr(GPtrArray) alike = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobToken) other = NULL;
  const char *preview;

  store_item ("shared", "provider", "pylon", "token-id", "11111111-2222-4333-8444-555555555555",
              NULL);
  g_assert_true (add (fixture, "pulsetic", "shared", &error));
  g_assert_true (add (fixture, "pulsetic", "other", &error));
  g_assert_no_error (error);
  other = find (fixture, "other", &error);
  g_assert_no_error (error);
  preview = keyfob_token_get_preview (other);
  /* An older Keyfob's look-alike, before a name search migrates it. */
  store_item ("older", "provider", "pulsetic", "preview", preview, NULL);

  alike = find_some (fixture, "pulsetic", NULL, preview);
  g_assert_cmpuint (alike->len, ==, 3);
  for (guint i = 0; i < alike->len; i++)
    g_assert_cmpstr (keyfob_token_get_preview (g_ptr_array_index (alike, i)), ==, preview);
  none = find_some (fixture, "pylon", NULL, preview);
  g_assert_cmpuint (none->len, ==, 0);

  named = find_some (fixture, NULL, "shared", NULL);
  g_assert_cmpuint (named->len, ==, 2);
  of_pulsetic = find_some (fixture, "pulsetic", "shared", NULL);
  g_assert_cmpuint (of_pulsetic->len, ==, 1);
  g_assert_cmpstr (keyfob_token_get_provider_id (g_ptr_array_index (of_pulsetic, 0)), ==,
                   "pulsetic");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store-lookup/legacy-items", test_legacy_items);
  ADD ("/store-lookup/migration-bounded", test_migration_bounded);
  ADD ("/store-lookup/foreign-token-id", test_foreign_token_id);
  ADD ("/store-lookup/write-back-keeps", test_write_back_keeps);
  ADD ("/store-lookup/concurrent-adds", test_concurrent_adds);
  ADD ("/store-lookup/find-some", test_find_some);

#undef ADD

  return g_test_run ();
}
