/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-secret-hygiene-gui"

#include "config.h"

#include <string.h>

#include "keyfob-add-dialog.h"
#include "keyfob-check-row.h"
#include "keyfob-application.h"
#include "keyfob-test-async.h"
#include "keyfob-test-gtk.h"
#include "keyfob-test-hygiene.h"
#include "keyfob-window-private.h"
#include "keyfob-token-draft.h"

/* Secret hygiene through one GUI session: test, copy, search, delete and the add dialog, with
 * the canary in the keyring. */

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
token_added_cb (KeyfobAddDialog *dialog,
                KeyfobToken     *token,
                gpointer         user_data)
{
  guint *n_added = user_data;

  (*n_added)++;
}

static KeyfobToken *
lookup_by_name (KeyfobWindow *window,
                const char   *name)
{
  GListModel *model = G_LIST_MODEL (window->tokens);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KeyfobToken) token = g_list_model_get_item (model, i);

      if (g_str_equal (keyfob_token_get_name (token), name))
        return token;  /* the list keeps its reference */
    }

  return NULL;
}

static void
reload (KeyfobWindow *window)
{
  _keyfob_window_reload (window);
  KEYFOB_TEST_WAIT_UNTIL (!keyfob_token_list_get_loading (window->tokens));
}

/* Deletes @token from the keyring the way a person would: the menu, then letting the
 * chance to undo pass. */
static void
delete_through_menu (KeyfobWindow *window,
                       KeyfobToken  *token)
{
  g_autofree char *id = g_strdup (keyfob_token_get_id (token));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s", id);
  g_assert_true (keyfob_pending_deletes_contains (window->pending_deletes, token));
  keyfob_pending_deletes_commit (window->pending_deletes, token);
  KEYFOB_TEST_WAIT_UNTIL (keyfob_token_list_lookup (window->tokens, id) == NULL);
}

static GtkWidget *
add_child (KeyfobAddDialog *dialog,
           const char      *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), KEYFOB_TYPE_ADD_DIALOG,
                                                    name));
}

static void
add_through_dialog (KeyfobApplication *app,
                    KeyfobWindow      *window)
{
  KeyfobAddDialog *dialog;
  KeyfobCheckRow *check;
  GtkWidget *check_row;
  guint n_added = 0;

  dialog = keyfob_add_dialog_new (GTK_WINDOW (window),
                                  keyfob_application_get_catalogue (app),
                                  keyfob_application_get_tokens (app),
                                  keyfob_application_get_verifier (app));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "token-added", G_CALLBACK (token_added_cb), &n_added);
  gtk_window_present (GTK_WINDOW (dialog));
  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));

  keyfob_add_dialog_select_provider (dialog, "pulsetic");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (add_child (dialog, "stack"))),
                   ==, "steps");
  click (add_child (dialog, "next_button"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (add_child (dialog, "stack"))),
                   ==, "form");

  gtk_editable_set_text (GTK_EDITABLE (add_child (dialog, "name_row")), "Hygiene dialog");
  gtk_editable_set_text (GTK_EDITABLE (add_child (dialog, "token_row")), pulsetic_canary);

  check = KEYFOB_CHECK_ROW (add_child (dialog, "check_row"));
  click (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (check), KEYFOB_TYPE_CHECK_ROW,
                                                    "test_button")));
  KEYFOB_TEST_WAIT_UNTIL (!keyfob_check_row_get_running (check));
  check_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (check),
                                                         KEYFOB_TYPE_CHECK_ROW, "row"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (check_row)), ==,
                   "Valid");

  click (add_child (dialog, "save_button"));
  KEYFOB_TEST_WAIT_UNTIL (n_added == 1);
  KEYFOB_TEST_WAIT_UNTIL (dialog == NULL);
}

/* One call to the search provider, from a connection of its own as GNOME Shell's is; its answer
 * is searched for the canary like everything else. */
static GVariant *
call_search_provider (GDBusConnection *shell,
                      const char      *name,
                      const char      *method,
                      GVariant        *parameters)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  GVariant *reply;

  g_dbus_connection_call (shell, name, "/io/github/keyfob/Keyfob/SearchProvider",
                          "org.gnome.Shell.SearchProvider2", method, parameters, NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, result_cb, &result);
  KEYFOB_TEST_WAIT_UNTIL (result != NULL);
  reply = g_dbus_connection_call_finish (shell, result, &error);
  g_assert_no_error (error);
  printed = g_variant_print (reply, TRUE);
  check_clean (method, printed, strlen (printed));

  return reply;
}

/* Found in Activities, its name and preview shown, and picked: copied, then cleared. */
static void
search_through_shell (KeyfobApplication *app,
                      const char        *id,
                      GdkClipboard      *clipboard)
{
  const char *const terms[] = { "hygiene", NULL };
  const char *const ids[] = { id, NULL };
  const char *name = g_dbus_connection_get_unique_name (
    g_application_get_dbus_connection (G_APPLICATION (app)));
  KeyfobClipboard *ours = keyfob_application_get_clipboard (app);
  g_autoptr(GDBusConnection) shell = NULL;
  g_autoptr(GVariant) found = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GVariant) activated = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *copied = NULL;
  g_autofree const char **found_ids = NULL;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  shell = g_dbus_connection_new_for_address_sync (
    address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);

  found = call_search_provider (shell, name, "GetInitialResultSet",
                                g_variant_new ("(^as)", terms));
  g_variant_get (found, "(^a&s)", &found_ids);
  g_assert_true (g_strv_contains (found_ids, id));
  metas = call_search_provider (shell, name, "GetResultMetas", g_variant_new ("(^as)", ids));
  g_assert_true (g_variant_is_of_type (metas, G_VARIANT_TYPE ("(aa{sv})")));
  list = g_variant_get_child_value (metas, 0);
  g_assert_cmpuint (g_variant_n_children (list), ==, 1);
  activated = call_search_provider (shell, name, "ActivateResult",
                                    g_variant_new ("(s^asu)", id, terms, 0));
  g_assert_true (keyfob_clipboard_holds_ours (ours));
  copied = keyfob_test_read_clipboard (clipboard);
  g_assert_cmpstr (copied, ==, pulsetic_canary);
  keyfob_clipboard_clear (ours);
  g_assert_null (gdk_clipboard_get_content (clipboard));

  g_dbus_connection_close_sync (shell, NULL, NULL);
}

static void
test_gui (void)
{
  KeyfobApplication *app;
  KeyfobWindow *window;
  KeyfobClipboard *ours;
  GdkClipboard *clipboard;
  KeyfobProvider *provider;
  KeyfobToken *token;
  g_autoptr(KeyfobToken) stored = NULL;
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *header = NULL;
  g_autofree char *id = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display: run under tests/keyfob-test-session with KEYFOB_TEST_DISPLAY=1");
      return;
    }

  keyfob_emulator_set_token (emulator, pulsetic_canary, KEYFOB_EMULATOR_VALID);

  app = keyfob_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  KEYFOB_TEST_WAIT_UNTIL (keyfob_catalogue_get_providers (keyfob_application_get_catalogue (app))->len == 4);

  /* The canary in the keyring, as the CLI would have left it. */
  provider = keyfob_catalogue_lookup (keyfob_application_get_catalogue (app), "pulsetic");
  stored = keyfob_token_new_from_input (provider, "Hygiene", fields, NULL, pulsetic_canary,
                                        strlen (pulsetic_canary), &secret, &error);
  g_assert_no_error (error);
  keyfob_store_add_async (keyfob_application_get_store (app), stored, secret, NULL, result_cb,
                          &result);
  KEYFOB_TEST_WAIT_UNTIL (result != NULL);
  g_assert_true (keyfob_store_add_finish (keyfob_application_get_store (app), result, &error));
  g_assert_no_error (error);
  id = g_strdup (keyfob_token_get_id (stored));

  window = g_object_ref_sink (keyfob_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  /* Read by the window's reload, or by the list following the keyring when the application's
   * first reading of it was already under way. */
  KEYFOB_TEST_WAIT_UNTIL ((token = keyfob_token_list_lookup (window->tokens, id)) != NULL);

  /* Test, and wait for the verdict */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.test-token", "s", id);
  KEYFOB_TEST_WAIT_UNTIL (keyfob_token_get_last_result (token) != NULL && !keyfob_token_get_checking (token));
  g_assert_cmpstr (keyfob_token_get_last_result (token), ==, "valid");

  /* A vendor that echoes the token back in disguise: the toast and the log stay clean. */
  keyfob_emulator_set_token (emulator, pulsetic_canary, KEYFOB_EMULATOR_ECHO);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.test-token", "s", id);
  KEYFOB_TEST_WAIT_UNTIL (g_strcmp0 (keyfob_token_get_last_result (token), "invalid") == 0 &&
            !keyfob_token_get_checking (token));
  keyfob_emulator_set_token (emulator, pulsetic_canary, KEYFOB_EMULATOR_VALID);

  /* Copy the token, then the header line, each cleared again */
  ours = keyfob_application_get_clipboard (app);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-token", "s", id);
  KEYFOB_TEST_WAIT_UNTIL (keyfob_clipboard_holds_ours (ours));
  copied = keyfob_test_read_clipboard (clipboard);
  g_assert_cmpstr (copied, ==, pulsetic_canary);
  keyfob_clipboard_clear (ours);
  g_assert_false (keyfob_clipboard_holds_ours (ours));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-header", "s", id);
  KEYFOB_TEST_WAIT_UNTIL (keyfob_clipboard_holds_ours (ours));
  header = keyfob_test_read_clipboard (clipboard);
  g_assert_nonnull (strstr (header, pulsetic_canary));
  keyfob_clipboard_clear (ours);
  g_assert_null (gdk_clipboard_get_content (clipboard));

  search_through_shell (app, id, clipboard);

  /* Delete, through the confirmation */
  delete_through_menu (window, token);
  reload (window);
  g_assert_null (keyfob_token_list_lookup (window->tokens, id));

  /* The add dialog: paste, test, save; then delete what it stored. */
  add_through_dialog (app, window);
  reload (window);
  token = lookup_by_name (window, "Hygiene dialog");
  g_assert_nonnull (token);
  delete_through_menu (window, token);

  /* Whatever the main loop still had to say */
  spin (200);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_object_unref (app);
  spin (100);

  check_log_clean ("the GUI part");
}

int
main (int   argc,
      char *argv[])
{
  keyfob_test_hygiene_init (&argc, &argv);

  g_test_add_func ("/secret-hygiene/gui", test_gui);

  return keyfob_test_hygiene_run ();
}
