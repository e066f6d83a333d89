/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-application.h"
#include "keyfob-test-async.h"
#include "keyfob-token-draft.h"
#include "keyfob-token-rules.h"
#include "keyfob-window-private.h"

/* GNOME Shell's search provider, called as the Shell calls it: over the test session's bus,
 * from a connection of its own, to the application that owns io.github.keyfob.Keyfob there,
 * with the real keyring behind it and Xvfb's clipboard. */

#define CUTOVER_TOKEN "0123456789abcdef0123456789abcdef0123456789abcdef"
#define PYLON_TOKEN   "pylon_api_0123456789abcdef"
#define PUSHLY_TOKEN  "pshly-7d41c0e98b2a4f53a1e6c9d07b38f2e4"

/* No returned text may hold this many characters of a token in a row: the previews show six. */
#define SECRET_PIECE 8

static const char *const secrets[] = { CUTOVER_TOKEN, PYLON_TOKEN, PUSHLY_TOKEN };

static KeyfobApplication *application;
static GDBusProxy *shell;  /* the Shell's side */
static char *deploy_bot_id;
static char *deploy_staging_id;
static char *ci_runner_id;

static char *
store_token (KeyfobCatalogue *catalogue,
             KeyfobStore     *store,
             const char      *provider_id,
             const char      *name,
             const char      *field_key,
             const char      *field_value,
             const char      *secret_text)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobToken) token = NULL;

  g_hash_table_insert (fields, (char *) field_key, (char *) field_value);
  token = keyfob_token_new_from_input (keyfob_catalogue_lookup (catalogue, provider_id), name,
                                       fields, NULL, secret_text, strlen (secret_text), &secret,
                                       &error);
  g_assert_no_error (error);
  keyfob_store_add_async (store, token, secret, NULL, keyfob_test_result_cb, &result);
  g_assert_true (keyfob_store_add_finish (store, keyfob_test_wait_for (&result), &error));
  g_assert_no_error (error);

  return g_strdup (keyfob_token_get_id (token));
}

/* Written by a store of the test's own before Keyfob starts, so that Keyfob has to read them
 * from the keyring before it can answer the first search. */
static void
store_tokens (void)
{
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_catalogue_new ();
  g_autoptr(KeyfobStore) store = keyfob_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  keyfob_catalogue_load_async (catalogue, NULL, keyfob_test_result_cb, &result);
  g_assert_true (keyfob_catalogue_load_finish (catalogue, keyfob_test_wait_for (&result),
                                               &error));
  g_assert_no_error (error);
  keyfob_store_set_catalogue (store, catalogue);

  deploy_bot_id = store_token (catalogue, store, "pylon", "Deploy bot", "region", "us",
                               PYLON_TOKEN);
  deploy_staging_id = store_token (catalogue, store, "cutover", "deploy staging", "instance",
                                   "acme", CUTOVER_TOKEN);
  ci_runner_id = store_token (catalogue, store, "pushly", "CI runner", "domain_id", "123",
                              PUSHLY_TOKEN);
}

static GVariant *
call_shell (const char  *method,
            GVariant    *parameters,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_dbus_proxy_call (shell, method, parameters, G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                     keyfob_test_result_cb, &result);

  return g_dbus_proxy_call_finish (shell, keyfob_test_wait_for (&result), error);
}

/* Both qsort() and g_ptr_array_sort() pass pointers to the elements. */
static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The ids a result set call answers, sorted: the Shell orders them itself. */
static char **
result_set (GVariant *reply)
{
  g_auto(GStrv) ids = NULL;

  g_variant_get (reply, "(^as)", &ids);
  qsort (ids, g_strv_length (ids), sizeof (char *), compare_ids);
  return g_steal_pointer (&ids);
}

static void
assert_ids (char       **ids,
            const char  *first,
            ...)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *id = first; id != NULL; id = va_arg (args, const char *))
    g_ptr_array_add (expected, (gpointer) id);
  va_end (args);
  g_ptr_array_sort (expected, compare_ids);
  g_ptr_array_add (expected, NULL);

  g_assert_cmpstrv (ids, (const char *const *) expected->pdata);
}

static char **
initial (const char *const *terms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = call_shell ("GetInitialResultSet",
                                          g_variant_new ("(^as)", terms), &error);

  g_assert_no_error (error);
  return result_set (reply);
}

/* The first call comes while Keyfob is still reading the keyring: it waits for the tokens. */
static void
test_initial_waits (void)
{
  const char *const deploy[] = { "deploy", NULL };
  g_auto(GStrv) ids = initial (deploy);

  assert_ids (ids, deploy_bot_id, deploy_staging_id, NULL);
}

static void
test_terms (void)
{
  const char *const both[] = { "DEPLOY", "bot", NULL };
  const char *const provider[] = { "pushly", NULL };
  const char *const none[] = { "deploy", "runner", NULL };
  const char *const secret[] = { "pshly-7d41", NULL };
  const char *const previous[] = { deploy_bot_id, deploy_staging_id, "no-such-token", NULL };
  const char *const staging[] = { "Staging", NULL };
  g_auto(GStrv) by_both = initial (both);
  g_auto(GStrv) by_provider = initial (provider);
  g_auto(GStrv) by_none = initial (none);
  g_auto(GStrv) by_secret = initial (secret);
  g_auto(GStrv) narrowed = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  /* Every term must be found, in the name or the provider, in any case; never in a token. */
  assert_ids (by_both, deploy_bot_id, NULL);
  assert_ids (by_provider, ci_runner_id, NULL);
  assert_ids (by_none, NULL);
  assert_ids (by_secret, NULL);

  /* Narrowing keeps to what the Shell had, less what is gone. */
  reply = call_shell ("GetSubsearchResultSet", g_variant_new ("(^as^as)", previous, staging),
                      &error);
  g_assert_no_error (error);
  narrowed = result_set (reply);
  assert_ids (narrowed, deploy_staging_id, NULL);
}

static void
assert_no_secret (GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    {
      const char *text = g_variant_get_string (value, NULL);

      for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
        for (gsize at = 0; at + SECRET_PIECE <= strlen (secrets[i]); at++)
          {
            g_autofree char *piece = g_strndup (secrets[i] + at, SECRET_PIECE);

            if (strstr (text, piece) != NULL)
              g_error ("\"%s\" holds part of a token", text);
          }
    }
  else if (g_variant_is_container (value))
    {
      for (gsize i = 0; i < g_variant_n_children (value); i++)
        {
          g_autoptr(GVariant) child = g_variant_get_child_value (value, i);

          assert_no_secret (child);
        }
    }
}

static void
test_metas (void)
{
  const char *const ids[] = { deploy_bot_id, "no-such-token", ci_runner_id, NULL };
  g_autofree char *preview = keyfob_token_mask (PYLON_TOKEN);
  g_autofree char *expected = g_strdup_printf ("Pylon · %s", preview);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(GVariant) first = NULL;
  g_autoptr(GVariant) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GIcon) icon = NULL;
  const char *id = NULL;
  const char *name = NULL;
  const char *description = NULL;
  const char *icon_name = NULL;

  reply = call_shell ("GetResultMetas", g_variant_new ("(^as)", ids), &error);
  g_assert_no_error (error);
  assert_no_secret (reply);

  /* A token gone since the search is left out. */
  metas = g_variant_get_child_value (reply, 0);
  g_assert_cmpuint (g_variant_n_children (metas), ==, 2);
  first = g_variant_get_child_value (metas, 0);
  second = g_variant_get_child_value (metas, 1);

  g_assert_true (g_variant_lookup (first, "id", "&s", &id));
  g_assert_true (g_variant_lookup (first, "name", "&s", &name));
  g_assert_true (g_variant_lookup (first, "description", "&s", &description));
  g_assert_true (g_variant_lookup (first, "gicon", "&s", &icon_name));
  g_assert_cmpstr (id, ==, deploy_bot_id);
  g_assert_cmpstr (name, ==, "Deploy bot");
  /* The masked preview core makes, as the window's table shows it. */
  g_assert_cmpstr (description, ==, expected);
  icon = g_icon_new_for_string (icon_name, &error);
  g_assert_no_error (error);
  g_assert_true (G_IS_THEMED_ICON (icon));

  g_assert_true (g_variant_lookup (second, "name", "&s", &name));
  g_assert_cmpstr (name, ==, "CI runner");
}

static void
text_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  g_assert_nonnull (*text);
}

/* Picked in the Shell: on the clipboard, and off it again after the delay Preferences sets. */
static void
test_activate_copies_and_clears (void)
{
  const char *const terms[] = { "deploy", NULL };
  GdkClipboard *clipboard = gdk_display_get_clipboard (gdk_display_get_default ());
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_settings_set_uint (keyfob_application_get_settings (application), "clipboard-clear-delay",
                       1);

  reply = call_shell ("ActivateResult", g_variant_new ("(s^asu)", deploy_bot_id, terms, 0),
                      &error);
  g_assert_no_error (error);
  g_assert_true (keyfob_clipboard_holds_ours (keyfob_application_get_clipboard (application)));
  gdk_clipboard_read_text_async (clipboard, NULL, text_read_cb, &text);
  KEYFOB_TEST_WAIT_UNTIL (text != NULL);
  g_assert_cmpstr (text, ==, PYLON_TOKEN);

  KEYFOB_TEST_WAIT_UNTIL (gdk_clipboard_get_content (clipboard) == NULL);
  g_assert_false (keyfob_clipboard_holds_ours (keyfob_application_get_clipboard (application)));
}

/* A token deleted since the search: an error that names no token, and nothing copied. */
static void
test_activate_gone (void)
{
  const char *const terms[] = { "deploy", NULL };
  GdkClipboard *clipboard = gdk_display_get_clipboard (gdk_display_get_default ());
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = call_shell ("ActivateResult", g_variant_new ("(s^asu)", "no-such-token", terms, 0),
                      &error);
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
  g_assert_null (reply);
  g_assert_null (gdk_clipboard_get_content (clipboard));
}

/* "Search in Keyfob": the window, its search filled in with the Shell's terms. */
static void
test_launch_search (void)
{
  const char *const terms[] = { "deploy", "bot", NULL };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobWindow *window;

  reply = call_shell ("LaunchSearch", g_variant_new ("(^asu)", terms, 0), &error);
  g_assert_no_error (error);

  window = KEYFOB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);
  g_assert_true (gtk_search_bar_get_search_mode (window->search_bar));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->search_entry)), ==,
                   "deploy bot");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* What GNOME Shell and the bus read to find and start Keyfob name what it exports. */
static void
test_data_files (void)
{
  g_autofree char *ini_path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                     KEYFOB_APPLICATION_ID
                                                     ".search-provider.ini", NULL);
  g_autofree char *service_path = g_test_build_filename (G_TEST_BUILT, "..", "data",
                                                         KEYFOB_APPLICATION_ID ".service", NULL);
  g_autofree char *desktop_path = g_test_build_filename (G_TEST_BUILT, "..", "data",
                                                         KEYFOB_APPLICATION_ID ".desktop", NULL);
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GKeyFile) service = g_key_file_new ();
  g_autoptr(GKeyFile) desktop = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *exec = NULL;

  g_assert_true (g_key_file_load_from_file (ini, ini_path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  value = g_key_file_get_string (ini, "Shell Search Provider", "BusName", &error);
  g_assert_cmpstr (value, ==, KEYFOB_APPLICATION_ID);
  g_clear_pointer (&value, g_free);
  value = g_key_file_get_string (ini, "Shell Search Provider", "ObjectPath", &error);
  g_assert_cmpstr (value, ==, g_dbus_proxy_get_object_path (shell));
  g_clear_pointer (&value, g_free);
  value = g_key_file_get_string (ini, "Shell Search Provider", "DesktopId", &error);
  g_assert_cmpstr (value, ==, KEYFOB_APPLICATION_ID ".desktop");
  g_assert_cmpint (g_key_file_get_integer (ini, "Shell Search Provider", "Version", &error), ==,
                   2);
  g_assert_no_error (error);

  g_assert_true (g_key_file_load_from_file (service, service_path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&value, g_free);
  value = g_key_file_get_string (service, "D-BUS Service", "Name", &error);
  g_assert_cmpstr (value, ==, KEYFOB_APPLICATION_ID);
  exec = g_key_file_get_string (service, "D-BUS Service", "Exec", &error);
  g_assert_true (g_str_has_suffix (exec, "/keyfob --gapplication-service"));

  g_assert_true (g_key_file_load_from_file (desktop, desktop_path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_assert_true (g_key_file_get_boolean (desktop, "Desktop Entry", "DBusActivatable", &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  store_tokens ();

  /* Unique, as installed: it owns its name on the bus, which the Shell's .ini names. */
  application = keyfob_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (
    address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);
  shell = g_dbus_proxy_new_sync (connection,
                                 G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES |
                                 G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS |
                                 G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                                 NULL, "io.github.keyfob.Keyfob",
                                 "/io/github/keyfob/Keyfob/SearchProvider",
                                 "org.gnome.Shell.SearchProvider2", NULL, &error);
  g_assert_no_error (error);

  /* In this order: the first call is the one that has to wait for the keyring. */
  g_test_add_func ("/ui/search-provider/initial-waits", test_initial_waits);
  g_test_add_func ("/ui/search-provider/terms", test_terms);
  g_test_add_func ("/ui/search-provider/metas", test_metas);
  g_test_add_func ("/ui/search-provider/activate-copies-and-clears",
                   test_activate_copies_and_clears);
  g_test_add_func ("/ui/search-provider/activate-gone", test_activate_gone);
  g_test_add_func ("/ui/search-provider/launch-search", test_launch_search);
  g_test_add_func ("/ui/search-provider/data-files", test_data_files);

  status = g_test_run ();

  g_clear_object (&shell);
  g_dbus_connection_close_sync (connection, NULL, NULL);
  g_clear_object (&application);
  g_free (deploy_bot_id);
  g_free (deploy_staging_id);
  g_free (ci_runner_id);

  return status;
}
