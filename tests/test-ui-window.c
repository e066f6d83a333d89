/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "keyfob-add-dialog.h"
#include "keyfob-confirm.h"
#include "keyfob-preferences-window.h"
#include "keyfob-revoke-dialog.h"
#include "keyfob-test-async.h"
#include "keyfob-test-window.h"

/* The main window against the real throwaway keyring, Xvfb and the vendor emulators: listing,
 * searching, deleting, and the keyring's states. */

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->stack), ==, "empty");

  /* With the keyring read, the main menu offers Import. */
  g_assert_true (gtk_widget_is_sensitive (find_label (GTK_WIDGET (fixture->window),
                                                      "Import From .env File")));
}

static void
test_lists_tokens (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(KeyfobToken) a = window_fixture_store_token (fixture, "cutover", "Release bot",
                                                         "instance", "acme", "2030-01-01",
                                                         CUTOVER_TOKEN);
  g_autoptr(KeyfobToken) b = window_fixture_store_token (fixture, "pulsetic", "Uptime", NULL, NULL,
                                                         NULL, PULSETIC_TOKEN);
  GListModel *model = G_LIST_MODEL (fixture->window->selection);
  g_autoptr(KeyfobToken) first = NULL;

  window_fixture_reload (fixture);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->stack), ==, "tokens");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (keyfob_token_get_name (first), ==, "Release bot");
  g_assert_cmpstr (keyfob_token_get_preview (first), ==, "012345••••••••cdef");
}

static void
search_for (Fixture    *fixture,
            const char *text)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (fixture->window->search_entry), text);
  /* search-changed is delayed a little, as the entry does for typing. */
  g_signal_emit_by_name (fixture->window->search_entry, "search-changed");
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(KeyfobToken) a = window_fixture_store_token (fixture, "cutover", "Release bot",
                                                         "instance", "acme", NULL, CUTOVER_TOKEN);
  g_autoptr(KeyfobToken) b = window_fixture_store_token (fixture, "pulsetic", "Uptime", NULL, NULL,
                                                         NULL, PULSETIC_TOKEN);
  g_autoptr(KeyfobToken) c = window_fixture_store_token (fixture, "pylon", "Support desk", "region",
                                                         "us", NULL, PYLON_TOKEN);
  GListModel *model = G_LIST_MODEL (fixture->window->selection);
  g_autoptr(KeyfobToken) found = NULL;

  window_fixture_reload (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  /* By provider name, ignoring case. */
  search_for (fixture, "PYL");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  found = g_list_model_get_item (model, 0);
  g_assert_cmpstr (keyfob_token_get_name (found), ==, "Support desk");

  /* By name. */
  search_for (fixture, "bot");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  /* Typing on narrows, erasing widens: each only looks again at some rows. */
  search_for (fixture, "e");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  search_for (fixture, "es");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  search_for (fixture, "e");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  search_for (fixture, "no such token");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->stack), ==, "no-results");

  search_for (fixture, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->stack), ==, "tokens");
}

static void
reload_catalogue (KeyfobApplication *app)
{
  KeyfobCatalogue *catalogue = keyfob_application_get_catalogue (app);
  g_autoptr(GAsyncResult) loaded = NULL;

  keyfob_catalogue_load_async (catalogue, NULL, keyfob_test_result_cb, &loaded);
  KEYFOB_TEST_WAIT_UNTIL (loaded != NULL);
  g_assert_true (keyfob_catalogue_load_finish (catalogue, loaded, NULL));
}

/* A user file replaces Pylon and sends its checks elsewhere: Test asks before the token goes
 * there, and Preferences names the file. */
static void
test_new_host (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored =
    window_fixture_store_token (fixture, "pylon", "Support desk", "region", "us", NULL,
                                PYLON_TOKEN);
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "keyfob", "providers", NULL);
  g_autofree char *path = g_build_filename (dir, "acme-crm.json", NULL);
  g_autofree char *builtin = g_build_filename (g_getenv ("KEYFOB_PROVIDERS_DIR"), "pylon.json",
                                               NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) evil = NULL;
  g_autoptr(KeyfobPreferencesWindow) preferences = NULL;
  AdwPreferencesGroup *files;
  AdwMessageDialog *dialog;
  KeyfobToken *token;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (builtin, &text, NULL, NULL));
  evil = g_string_new (text);
  g_string_replace (evil, "https://api.usepylon.com", "https://evil.example", 1);
  g_assert_true (g_file_set_contents (path, evil->str, -1, NULL));
  reload_catalogue (fixture->app);

  keyfob_emulator_set_token (fixture->emulator, PYLON_TOKEN, KEYFOB_EMULATOR_VALID);
  window_fixture_reload (fixture);
  token = keyfob_token_list_lookup (fixture->window->tokens, keyfob_token_get_id (stored));

  /* Cancel sends nothing. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.test-token", "s",
                              keyfob_token_get_id (token));
  KEYFOB_TEST_WAIT_UNTIL ((dialog = find_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Send the Token to a New Address?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "evil.example"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "api.usepylon.com"));
  adw_message_dialog_response (dialog, KEYFOB_CONFIRM_RESPONSE_CANCEL);
  gtk_window_close (GTK_WINDOW (dialog));
  KEYFOB_TEST_WAIT_UNTIL (find_message_dialog () == NULL);
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.test-token", "s",
                              keyfob_token_get_id (token));
  KEYFOB_TEST_WAIT_UNTIL ((dialog = find_message_dialog ()) != NULL);
  /* Clicked, as a person would: the button closes the question too. */
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog),
                                      adw_message_dialog_get_response_label (
                                        dialog, KEYFOB_CONFIRM_RESPONSE_CONFIRM)),
                         "clicked");
  KEYFOB_TEST_WAIT_UNTIL (keyfob_token_get_last_result (token) != NULL &&
                          !keyfob_token_get_checking (token));
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 1);
  g_assert_cmpstr (keyfob_token_get_check_host (token), ==, "evil.example");

  preferences = g_object_ref_sink (keyfob_preferences_window_new (
    GTK_WINDOW (fixture->window), keyfob_application_get_settings (fixture->app),
    keyfob_application_get_catalogue (fixture->app),
    keyfob_application_get_verifier (fixture->app)));
  files = ADW_PREFERENCES_GROUP (gtk_widget_get_template_child (
    GTK_WIDGET (preferences), KEYFOB_TYPE_PREFERENCES_WINDOW, "provider_files_group"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (files)));
  g_assert_nonnull (find_label_text (GTK_WIDGET (files), "Replaced by "));
  g_assert_nonnull (strstr (find_label_text (GTK_WIDGET (files), "Replaced by "),
                            "acme-crm.json"));
  gtk_window_destroy (GTK_WINDOW (preferences));

  g_assert_cmpint (g_unlink (path), ==, 0);
  reload_catalogue (fixture->app);
}

/* The action the table's own shortcut for @accelerator names. */
static char *
table_shortcut_action (KeyfobWindow *window,
                       const char   *accelerator)
{
  g_autoptr(GListModel) controllers =
    gtk_widget_observe_controllers (GTK_WIDGET (window->token_view));
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted) &&
              GTK_IS_NAMED_ACTION (action))
            return g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }

  return NULL;
}

/* A person reads a toast before clicking it. So does the test: libadwaita 1.2 frees a toast
 * dismissed while it still slides in over a leaving one, then its slide ends on freed memory
 * (a crash in adw_animation_skip). */
static void
let_toast_settle (void)
{
  gboolean settled = FALSE;

  g_timeout_add (700, keyfob_test_timed_out_cb, &settled);
  while (!settled)
    g_main_context_iteration (NULL, TRUE);
}

/* The shown toast's button labelled @label, or its close button for NULL: what a user
 * clicks. */
static GtkWidget *
find_toast_button (KeyfobWindow *window,
                   const char   *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window->toast_overlay));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_css_name (child), "toast") && gtk_widget_get_sensitive (child))
      return find_button (child, label);

  return NULL;
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored =
    window_fixture_store_token (fixture, "pulsetic", "Uptime", NULL, NULL, NULL, PULSETIC_TOKEN);
  g_autofree char *delete_key = NULL;
  g_autofree char *shift_delete = NULL;
  GtkWidget *button;

  window_fixture_reload (fixture);

  /* The Delete key on the selected row deletes it from the keyring, not revokes it; the
   * toast's Undo brings it back, and nothing left the keyring. */
  delete_key = table_shortcut_action (fixture->window, "Delete");
  shift_delete = table_shortcut_action (fixture->window, "<Shift>Delete");
  g_assert_cmpstr (delete_key, ==, "win.delete-selected");
  g_assert_cmpstr (shift_delete, ==, "win.revoke-selected");
  gtk_single_selection_set_selected (fixture->window->selection, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-selected", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->selection)), ==, 0);
  g_assert_nonnull (find_label_text (GTK_WIDGET (fixture->window->toast_overlay),
                                     "“Uptime” deleted from the keyring; it still works at "
                                     "Pulsetic"));
  KEYFOB_TEST_WAIT_UNTIL ((button = find_toast_button (fixture->window, "_Undo")) != NULL);
  let_toast_settle ();
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->selection)), ==, 1);
  /* A toast on its way out is no longer one to click. */
  KEYFOB_TEST_WAIT_UNTIL (find_toast_button (fixture->window, "_Undo") == NULL);
  window_fixture_reload (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->tokens)), ==, 1);

  /* Without Undo, the token leaves the keyring when the toast goes. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-token", "s",
                              keyfob_token_get_id (stored));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->selection)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->tokens)), ==, 1);
  KEYFOB_TEST_WAIT_UNTIL ((button = find_toast_button (fixture->window, NULL)) != NULL);
  let_toast_settle ();
  g_signal_emit_by_name (button, "clicked");
  KEYFOB_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->tokens)) == 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->stack), ==, "empty");

  /* Gone from the keyring, not just from the view. */
  window_fixture_reload (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->tokens)), ==, 0);
}

/* When the check cannot tell whether the vendor revoked a token, Remove Anyway in the revoke
 * dialog removes it as a delete does: hidden at once, with an Undo, gone when the toast goes. */
static void
test_revoke_remove_anyway (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored =
    window_fixture_store_token (fixture, "cutover", "Nightly build", "instance", "acme", NULL,
                                CUTOVER_TOKEN);
  GtkWindow *dialog;
  GtkWidget *remove;
  GtkWidget *button;

  keyfob_emulator_set_token (fixture->emulator, CUTOVER_TOKEN, KEYFOB_EMULATOR_SERVER_ERROR);
  window_fixture_reload (fixture);

  for (guint round = 0; round < 2; round++)
    {
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.revoke-token", "s",
                                  keyfob_token_get_id (stored));
      KEYFOB_TEST_WAIT_UNTIL ((dialog = find_toplevel (KEYFOB_TYPE_REVOKE_DIALOG)) != NULL);
      remove = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                          KEYFOB_TYPE_REVOKE_DIALOG,
                                                          "remove_button"));
      gtk_widget_activate_action (GTK_WIDGET (dialog), "revoke.check", NULL);
      KEYFOB_TEST_WAIT_UNTIL (gtk_widget_get_visible (remove) &&
                              gtk_widget_get_sensitive (remove));
      g_signal_emit_by_name (remove, "clicked");
      KEYFOB_TEST_WAIT_UNTIL (find_toplevel (KEYFOB_TYPE_REVOKE_DIALOG) == NULL);

      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->selection)),
                        ==, 0);
      g_assert_nonnull (find_label_text (GTK_WIDGET (fixture->window->toast_overlay),
                                         "“Nightly build” removed from the keyring; its "
                                         "revocation in Cutover was not confirmed"));
      KEYFOB_TEST_WAIT_UNTIL ((button = find_toast_button (fixture->window,
                                                           round == 0 ? "_Undo" : NULL)) != NULL);
      let_toast_settle ();
      g_signal_emit_by_name (button, "clicked");

      if (round == 0)
        {
          /* Undone: back in the view, and it never left the keyring. */
          g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->selection)),
                            ==, 1);
          KEYFOB_TEST_WAIT_UNTIL (find_toast_button (fixture->window, "_Undo") == NULL);
          window_fixture_reload (fixture);
          g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->tokens)),
                            ==, 1);
        }
    }

  /* Closed without Undo: gone from the keyring. */
  KEYFOB_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->tokens)) == 0);
  window_fixture_reload (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->tokens)), ==, 0);
}

/* Nothing that needs the keyring can be started without one: a token pasted into an Add
 * dialog that cannot save it would be lost. */
static void
assert_keyring_actions_off (KeyfobWindow *window)
{
  static const char *const buttons[] = { "add_button", "test_all_button", "search_button" };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                     KEYFOB_TYPE_WINDOW,
                                                                     buttons[i]));

      g_assert_nonnull (button);
      g_assert_false (gtk_widget_get_sensitive (button));
    }
  /* Nor by its shortcut, which names the action. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add", NULL);
  g_assert_null (find_toplevel (KEYFOB_TYPE_ADD_DIALOG));
  /* Nor an import, which would store what it finds: its menu item is off (test_empty shows it
   * on). */
  g_assert_false (gtk_widget_is_sensitive (find_label (GTK_WIDGET (window),
                                                       "Import From .env File")));
}

static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored =
    window_fixture_store_token (fixture, "pulsetic", "Uptime", NULL, NULL, NULL, PULSETIC_TOKEN);
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GList *objects;

  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  objects = g_list_append (NULL, collection);
  secret_service_lock (service, objects, NULL, keyfob_test_result_cb, &result);
  g_list_free (objects);
  KEYFOB_TEST_WAIT_UNTIL (result != NULL);
  g_assert_cmpint (secret_service_lock_finish (service, result, NULL, &error), ==, 1);

  window_fixture_reload (fixture);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->stack), ==, "locked");
  assert_keyring_actions_off (fixture->window);

  /* Unlock says a prompt is open, and is not started twice. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.unlock", NULL);
  g_assert_cmpstr (gtk_button_get_label (fixture->window->unlock_button), ==,
                   "Waiting for the Password…");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (fixture->window->unlock_button)));
  g_assert_nonnull (strstr (adw_status_page_get_description (fixture->window->locked_page),
                            "system’s prompt"));
}

static void
locked_tear_down (Fixture       *fixture,
                  gconstpointer  data)
{
  /* The keyring stays locked: this test runs last. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_pointer (&fixture->emulator, keyfob_emulator_free);
}

/* In a child, so that no connection to the real bus is cached yet. */
static void
test_unavailable (void)
{
  if (g_test_subprocess ())
    {
      Fixture fixture = { NULL, };

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/keyfob-test-bus", TRUE);
      window_fixture_set_up (&fixture, NULL);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture.window->stack), ==, "unavailable");
      assert_keyring_actions_off (fixture.window);
      g_assert_null (strstr (adw_status_page_get_description (fixture.window->unavailable_page),
                             "org.freedesktop"));
      locked_tear_down (&fixture, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, window_fixture_set_up, func, window_fixture_tear_down)

  ADD ("/ui/window/empty", test_empty);
  ADD ("/ui/window/lists-tokens", test_lists_tokens);
  ADD ("/ui/window/search", test_search);
  ADD ("/ui/window/new-host", test_new_host);
  ADD ("/ui/window/delete", test_delete);
  ADD ("/ui/window/revoke-remove-anyway", test_revoke_remove_anyway);
  g_test_add_func ("/ui/window/unavailable", test_unavailable);
  g_test_add ("/ui/window/locked", Fixture, NULL, window_fixture_set_up, test_locked,
              locked_tear_down);

#undef ADD

  status = g_test_run ();
  window_fixture_shutdown ();

  return status;
}
