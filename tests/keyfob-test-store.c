/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-test-store"

#include "config.h"

#include <string.h>

#include "keyfob-test-async.h"
#include "keyfob-test-store.h"
#include "keyfob-token-draft.h"

/* Runs against the throwaway gnome-keyring that tests/keyfob-test-session starts: a store and
 * the catalogue for each test, and a tear-down that empties the keyring again. */

GPtrArray *
list_tokens (Fixture  *fixture,
             GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_store_list_async (fixture->store, NULL, keyfob_test_result_cb, &result);
  return keyfob_store_list_finish (fixture->store, keyfob_test_wait_for (&result), error);
}

KeyfobToken *
find_token (Fixture     *fixture,
            const char  *name_or_id,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_store_find_async (fixture->store, name_or_id, NULL, keyfob_test_result_cb, &result);
  return keyfob_store_find_finish (fixture->store, keyfob_test_wait_for (&result), error);
}

KeyfobToken *
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

  keyfob_store_add_async (fixture->store, token, secret, NULL, keyfob_test_result_cb, &result);
  if (!keyfob_store_add_finish (fixture->store, keyfob_test_wait_for (&result), error))
    return NULL;

  return g_steal_pointer (&token);
}

GPtrArray *
load_secrets (Fixture      *fixture,
              GPtrArray    *tokens,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_store_load_secrets_async (fixture->store, tokens, NULL, keyfob_test_result_cb, &result);
  return keyfob_store_load_secrets_finish (fixture->store, keyfob_test_wait_for (&result), error);
}

gboolean
delete_token (Fixture      *fixture,
              KeyfobToken  *token,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_store_delete_async (fixture->store, token, NULL, keyfob_test_result_cb, &result);
  return keyfob_store_delete_finish (fixture->store, keyfob_test_wait_for (&result), error);
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

void
store_fixture_set_up (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->store = keyfob_store_new ();
  fixture->catalogue = keyfob_catalogue_new ();
  keyfob_catalogue_load_async (fixture->catalogue, NULL, keyfob_test_result_cb, &result);
  g_assert_true (keyfob_catalogue_load_finish (fixture->catalogue, keyfob_test_wait_for (&result),
                                               &error));
  g_assert_no_error (error);
}

void
store_fixture_tear_down (Fixture       *fixture,
                         gconstpointer  data)
{
  delete_all (fixture);
  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->catalogue);
}
