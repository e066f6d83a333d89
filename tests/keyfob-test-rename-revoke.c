/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-test-rename-revoke.h"

/* What the rename and revoke dialogs' tests share: tokens in the throwaway keyring that
 * tests/keyfob-test-session starts, the vendor emulator for the live checks, and a dialog
 * opened on the list's token as the window would. Set KEYFOB_TEST_SCREENSHOT_DIR to keep a
 * screenshot of the display at the interesting moments. */

KeyfobEmulator *emulator;
static guint n_secrets;

gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (widget));
}

gboolean
is_visible (gpointer widget)
{
  return gtk_widget_get_visible (GTK_WIDGET (widget));
}

gboolean
is_spinning (gpointer spinner)
{
  return is_visible (spinner) && gtk_spinner_get_spinning (GTK_SPINNER (spinner));
}

void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  KEYFOB_TEST_WAIT_UNTIL (g_get_monotonic_time () >= until);
}

GAsyncResult *
wait_for (GAsyncResult **result)
{
  KEYFOB_TEST_WAIT_UNTIL (*result != NULL);

  return *result;
}

static GPtrArray *
list_tokens (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tokens;

  keyfob_store_list_async (fixture->store, NULL, keyfob_test_result_cb, &result);
  tokens = keyfob_store_list_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);

  return tokens;
}

static KeyfobToken *
find_token (Fixture     *fixture,
            const char  *name_or_id,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  keyfob_store_find_async (fixture->store, name_or_id, NULL, keyfob_test_result_cb, &result);
  return keyfob_store_find_finish (fixture->store, wait_for (&result), error);
}

void
delete_token (Fixture     *fixture,
              KeyfobToken *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  keyfob_store_delete_async (fixture->store, token, NULL, keyfob_test_result_cb, &result);
  g_assert_true (keyfob_store_delete_finish (fixture->store, wait_for (&result), &error));
  g_assert_no_error (error);
}

/* A secret of the provider's format, different in every call: the emulator is shared. */
static char *
new_secret (const char *provider_id)
{
  guint n = ++n_secrets;

  if (g_str_equal (provider_id, "cutover"))
    return g_strdup_printf ("%048x", n);
  if (g_str_equal (provider_id, "pylon"))
    return g_strdup_printf ("pylon_api_%012u", n);

  return g_strdup_printf ("%s-token-%08u", provider_id, n);
}

/* Stores a token, then finds it again: only a token from the store has its keyring item. */
KeyfobToken *
add_token (Fixture                 *fixture,
           const char              *provider_id,
           const char              *name,
           KeyfobEmulatorBehaviour  behaviour)
{
  KeyfobProvider *provider = keyfob_catalogue_lookup (fixture->catalogue, provider_id);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pasted = new_secret (provider_id);
  KeyfobToken *found;

  g_assert_nonnull (provider);

  if (g_str_equal (provider_id, "cutover"))
    g_hash_table_insert (fields, (char *) "instance", (char *) "acme");
  if (g_str_equal (provider_id, "pushly"))
    g_hash_table_insert (fields, (char *) "domain_id", (char *) "12345");

  token = keyfob_token_new_from_input (provider, name, fields, NULL, pasted, strlen (pasted),
                                       &secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);

  keyfob_store_add_async (fixture->store, token, secret, NULL, keyfob_test_result_cb, &result);
  g_assert_true (keyfob_store_add_finish (fixture->store, wait_for (&result), &error));
  g_assert_no_error (error);

  keyfob_emulator_set_token (emulator, pasted, behaviour);

  found = find_token (fixture, keyfob_token_get_id (token), &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);

  return found;
}

/* The token as the keyring has it now, or NULL when it is gone. */
KeyfobToken *
reload_token (Fixture     *fixture,
              KeyfobToken *token)
{
  g_autoptr(GError) error = NULL;
  KeyfobToken *found = find_token (fixture, keyfob_token_get_id (token), &error);

  if (found == NULL)
    g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND);

  return found;
}

void
screenshot (const char *name)
{
  const char *dir = g_getenv ("KEYFOB_TEST_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (dir == NULL)
    return;

  /* Let the frame clock draw the last change first. */
  spin (600);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  if (!g_spawn_sync (NULL, (char *[]) { (char *) "import", (char *) "-window", (char *) "root",
                                        path, NULL },
                     NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error))
    g_test_message ("No screenshot %s: %s", path, error->message);
}

void
show_dialog (Fixture   *fixture,
             GtkWindow *dialog)
{
  fixture->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &fixture->dialog);
  gtk_window_present (dialog);
  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
}

/* The list's own object for @token, as the window would open a dialog with. */
KeyfobToken *
listed (Fixture     *fixture,
        KeyfobToken *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobToken *known;

  keyfob_token_list_reload_async (fixture->tokens, NULL, keyfob_test_result_cb, &result);
  g_assert_true (keyfob_token_list_reload_finish (fixture->tokens, wait_for (&result), &error));
  known = keyfob_token_list_lookup (fixture->tokens, keyfob_token_get_id (token));
  g_assert_nonnull (known);

  return known;
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store = keyfob_store_new ();
  fixture->tokens = keyfob_token_list_new (fixture->store);
  fixture->verifier = keyfob_verifier_new ();
  fixture->catalogue = keyfob_test_load_catalogue ();
  keyfob_store_set_catalogue (fixture->store, fixture->catalogue);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) tokens = NULL;

  if (fixture->dialog != NULL)
    gtk_window_destroy (fixture->dialog);
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);
  /* Let cancelled operations report back before their objects go. */
  spin (100);

  tokens = list_tokens (fixture);
  for (guint i = 0; i < tokens->len; i++)
    delete_token (fixture, g_ptr_array_index (tokens, i));
  g_clear_pointer (&tokens, g_ptr_array_unref);

  g_clear_pointer (&fixture->removed_message, g_free);
  g_assert_finalize_object (fixture->tokens);
  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->verifier);
  g_assert_finalize_object (fixture->catalogue);
}

/* Before any test: the emulator, once, before GTK starts threads that read the environment */
void
rename_revoke_test_init (int    *argc,
                         char ***argv)
{
  g_test_init (argc, argv, NULL);

  emulator = keyfob_emulator_new ();
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (emulator), TRUE);

  gtk_init ();
  adw_init ();
}

int
rename_revoke_test_run (void)
{
  int status = g_test_run ();

  g_clear_pointer (&emulator, keyfob_emulator_free);

  return status;
}
