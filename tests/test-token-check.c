/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-catalogue.h"
#include "keyfob-emulator.h"
#include "keyfob-token-check.h"
#include "keyfob-token-list.h"
#include "keyfob-token-draft.h"

/* A stored token checked live: the real keyring, the emulator over loopback. */

#define TOKEN "pylon_api_0123456789abcdef"

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

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  GString *log = user_data;

  g_string_append_printf (log, "%s;", pspec->name);
}

/* Two checks of one token at once: it is "checking" until the last one ends. */
static void
test_overlapping_checks (void)
{
  g_autoptr(KeyfobEmulator) emulator = keyfob_emulator_new ();
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_catalogue_new ();
  g_autoptr(KeyfobStore) store = keyfob_store_new ();
  g_autoptr(KeyfobVerifier) verifier = keyfob_verifier_new ();
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(KeyfobToken) draft = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(KeyfobCheckResult) first_check = NULL;
  g_autoptr(KeyfobCheckResult) second_check = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  KeyfobProvider *pylon;

  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (emulator), TRUE);
  keyfob_emulator_set_token (emulator, TOKEN, KEYFOB_EMULATOR_VALID_DELAYED);

  keyfob_catalogue_load_async (catalogue, NULL, result_cb, &loaded);
  g_assert_true (keyfob_catalogue_load_finish (catalogue, wait_for (&loaded), &error));
  pylon = keyfob_catalogue_lookup (catalogue, "pylon");
  draft = keyfob_token_new_from_input (pylon, "Overlap", fields, NULL, TOKEN, strlen (TOKEN),
                                       &secret, &error);
  keyfob_store_add_async (store, draft, secret, NULL, result_cb, &added);
  g_assert_true (keyfob_store_add_finish (store, wait_for (&added), &error));
  keyfob_store_find_async (store, keyfob_token_get_id (draft), NULL, result_cb, &found);
  token = keyfob_store_find_finish (store, wait_for (&found), &error);
  g_assert_no_error (error);

  /* The second ends at once (cancelled) while the first waits on the slow vendor. */
  keyfob_token_check_async (store, verifier, pylon, token, NULL, NULL, result_cb, &first);
  keyfob_token_check_async (store, verifier, pylon, token, NULL, cancellable, result_cb, &second);
  g_assert_true (keyfob_token_get_checking (token));
  g_cancellable_cancel (cancellable);

  second_check = keyfob_token_check_finish (token, wait_for (&second), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (first);
  g_assert_true (keyfob_token_get_checking (token));

  first_check = keyfob_token_check_finish (token, wait_for (&first), &error);
  g_assert_no_error (error);
  g_assert_cmpint (first_check->verdict, ==, KEYFOB_VERDICT_VALID);
  g_assert_false (keyfob_token_get_checking (token));

  keyfob_store_delete_async (store, token, NULL, result_cb, &deleted);
  g_assert_true (keyfob_store_delete_finish (store, wait_for (&deleted), &error));
}

static void
test_check_records (void)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(KeyfobEmulator) emulator = keyfob_emulator_new ();
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_catalogue_new ();
  g_autoptr(KeyfobStore) store = keyfob_store_new ();
  g_autoptr(KeyfobVerifier) verifier = keyfob_verifier_new ();
  g_autoptr(KeyfobTokenList) list = keyfob_token_list_new (store);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) reloaded = NULL;
  g_autoptr(GAsyncResult) checked = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(KeyfobToken) draft = NULL;
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(KeyfobCheckResult) check = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobProvider *pylon;
  KeyfobToken *token;

  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (emulator), TRUE);
  keyfob_emulator_set_token (emulator, TOKEN, KEYFOB_EMULATOR_VALID);

  keyfob_catalogue_load_async (catalogue, NULL, result_cb, &loaded);
  g_assert_true (keyfob_catalogue_load_finish (catalogue, wait_for (&loaded), &error));
  pylon = keyfob_catalogue_lookup (catalogue, "pylon");

  draft = keyfob_token_new_from_input (pylon, "Support desk", fields, NULL, TOKEN, strlen (TOKEN),
                                       &secret, &error);
  g_assert_no_error (error);
  keyfob_store_add_async (store, draft, secret, NULL, result_cb, &added);
  g_assert_true (keyfob_store_add_finish (store, wait_for (&added), &error));

  keyfob_token_list_reload_async (list, NULL, result_cb, &reloaded);
  g_assert_true (keyfob_token_list_reload_finish (list, wait_for (&reloaded), &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  token = keyfob_token_list_lookup (list, keyfob_token_get_id (draft));
  g_assert_nonnull (token);

  g_signal_connect (token, "notify", G_CALLBACK (notify_cb), log);
  keyfob_token_check_async (store, verifier, pylon, token, NULL, NULL, result_cb, &checked);
  g_assert_true (keyfob_token_get_checking (token));
  check = keyfob_token_check_finish (token, wait_for (&checked), &error);
  g_assert_no_error (error);
  g_assert_cmpint (check->verdict, ==, KEYFOB_VERDICT_VALID);
  g_assert_false (keyfob_token_get_checking (token));
  g_signal_handlers_disconnect_by_func (token, notify_cb, log);

  /* The object views bind to says so, and so does the keyring item. */
  g_assert_cmpstr (keyfob_token_get_last_result (token), ==, "valid");
  g_assert_cmpstr (keyfob_token_get_account (token), ==, "Acme Inc");
  g_assert_nonnull (strstr (log->str, "last-result;"));
  g_assert_nonnull (strstr (log->str, "account;"));

  /* A reload keeps the object views hold, with what the keyring says. */
  keyfob_token_list_reload_async (list, NULL, result_cb, &again);
  g_assert_true (keyfob_token_list_reload_finish (list, wait_for (&again), &error));
  g_assert_true (keyfob_token_list_lookup (list, keyfob_token_get_id (draft)) == token);
  g_assert_cmpstr (keyfob_token_get_last_result (token), ==, "valid");
  g_assert_cmpstr (keyfob_token_get_account (token), ==, "Acme Inc");
  g_assert_false (keyfob_token_get_checking (token));

  /* Deleting by another object for the same item: the list drops its own at once. */
  keyfob_token_list_delete_async (list, draft, NULL, result_cb, &deleted);
  g_assert_true (keyfob_token_list_change_finish (list, wait_for (&deleted), &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/token-check/records", test_check_records);
  g_test_add_func ("/token-check/overlapping", test_overlapping_checks);

  return g_test_run ();
}
