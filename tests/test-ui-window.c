/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "keyfob-add-dialog.h"
#include "keyfob-application.h"
#include "keyfob-confirm.h"
#include "keyfob-emulator.h"
#include "keyfob-preferences-window.h"
#include "keyfob-test-async.h"
#include "keyfob-window-private.h"
#include "keyfob-token-draft.h"

/* The main window against the real throwaway keyring, Xvfb and the vendor emulators. */

#define CUTOVER_TOKEN  "0123456789abcdef0123456789abcdef0123456789abcdef"
#define PULSETIC_TOKEN "pulsetic-token-for-window-tests"
#define PYLON_TOKEN    "pylon_api_0123456789abcdef"
#define PUSHLY_TOKEN   "pshly-7d41c0e98b2a4f53a1e6c9d07b38f2e4"

typedef struct
{
  KeyfobApplication *app;       /* one per process, as in real use */
  KeyfobWindow      *window;
  KeyfobEmulator    *emulator;
} Fixture;

static KeyfobApplication *application;

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static KeyfobToken *
store_token (Fixture    *fixture,
             const char *provider_id,
             const char *name,
             const char *field_key,
             const char *field_value,
             const char *expires,
             const char *secret_text)
{
  KeyfobProvider *provider = keyfob_catalogue_lookup (
    keyfob_application_get_catalogue (fixture->app), provider_id);
  KeyfobStore *store = keyfob_application_get_store (fixture->app);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobToken *token;

  if (field_key != NULL)
    g_hash_table_insert (fields, (char *) field_key, (char *) field_value);

  token = keyfob_token_new_from_input (provider, name, fields, expires, secret_text,
                                       strlen (secret_text), &secret, &error);
  g_assert_no_error (error);
  keyfob_store_add_async (store, token, secret, NULL, result_cb, &result);
  KEYFOB_TEST_WAIT_UNTIL (result != NULL);
  g_assert_true (keyfob_store_add_finish (store, result, &error));
  g_assert_no_error (error);

  return token;
}

static void
reload (Fixture *fixture)
{
  _keyfob_window_reload (fixture->window);
  KEYFOB_TEST_WAIT_UNTIL (!keyfob_token_list_get_loading (fixture->window->tokens));
}

static KeyfobApplication *
get_application (void)
{
  g_autoptr(GError) error = NULL;

  if (application != NULL)
    return application;

  application = keyfob_application_new ();
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  KEYFOB_TEST_WAIT_UNTIL (keyfob_catalogue_get_providers (
                keyfob_application_get_catalogue (application))->len == 4);

  return application;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->emulator = keyfob_emulator_new ();
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (fixture->emulator), TRUE);
  fixture->app = get_application ();

  fixture->window = g_object_ref_sink (keyfob_window_new (fixture->app));
  gtk_window_present (GTK_WINDOW (fixture->window));
  KEYFOB_TEST_WAIT_UNTIL (!keyfob_token_list_get_loading (fixture->window->tokens));
}

static void
delete_all (Fixture *fixture)
{
  KeyfobStore *store = keyfob_application_get_store (fixture->app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) tokens = NULL;

  keyfob_store_list_async (store, NULL, result_cb, &result);
  KEYFOB_TEST_WAIT_UNTIL (result != NULL);
  tokens = keyfob_store_list_finish (store, result, NULL);

  for (guint i = 0; tokens != NULL && i < tokens->len; i++)
    {
      g_autoptr(GAsyncResult) deleted = NULL;

      keyfob_store_delete_async (store, g_ptr_array_index (tokens, i), NULL, result_cb, &deleted);
      KEYFOB_TEST_WAIT_UNTIL (deleted != NULL);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  delete_all (fixture);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_pointer (&fixture->emulator, keyfob_emulator_free);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_assert_cmpstr (_keyfob_window_get_view_name (fixture->window), ==, "empty");
}

static void
test_lists_tokens (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(KeyfobToken) a = store_token (fixture, "cutover", "Release bot", "instance", "acme",
                                          "2030-01-01", CUTOVER_TOKEN);
  g_autoptr(KeyfobToken) b = store_token (fixture, "pulsetic", "Uptime", NULL, NULL, NULL,
                                          PULSETIC_TOKEN);
  GListModel *model = _keyfob_window_get_model (fixture->window);
  g_autoptr(KeyfobToken) first = NULL;

  reload (fixture);

  g_assert_cmpstr (_keyfob_window_get_view_name (fixture->window), ==, "tokens");
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
  g_autoptr(KeyfobToken) a = store_token (fixture, "cutover", "Release bot", "instance", "acme",
                                          NULL, CUTOVER_TOKEN);
  g_autoptr(KeyfobToken) b = store_token (fixture, "pulsetic", "Uptime", NULL, NULL, NULL,
                                          PULSETIC_TOKEN);
  g_autoptr(KeyfobToken) c = store_token (fixture, "pylon", "Support desk", "region", "us", NULL,
                                          PYLON_TOKEN);
  GListModel *model = _keyfob_window_get_model (fixture->window);
  g_autoptr(KeyfobToken) found = NULL;

  reload (fixture);
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
  g_assert_cmpstr (_keyfob_window_get_view_name (fixture->window), ==, "no-results");

  search_for (fixture, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (_keyfob_window_get_view_name (fixture->window), ==, "tokens");
}

static void
test_test_token (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored = store_token (fixture, "pylon", "Support desk", "region", "us",
                                               NULL, PYLON_TOKEN);
  KeyfobToken *token;

  keyfob_emulator_set_token (fixture->emulator, PYLON_TOKEN, KEYFOB_EMULATOR_VALID);
  reload (fixture);
  token = keyfob_token_list_lookup (fixture->window->tokens, keyfob_token_get_id (stored));
  g_assert_nonnull (token);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.test-token", "s",
                              keyfob_token_get_id (token));
  g_assert_true (keyfob_token_get_checking (token));
  KEYFOB_TEST_WAIT_UNTIL (keyfob_token_get_last_result (token) != NULL &&
                          !keyfob_token_get_checking (token));

  g_assert_cmpstr (keyfob_token_get_last_result (token), ==, "valid");
  g_assert_cmpstr (keyfob_token_get_account (token), ==, "Acme Inc");
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 1);

  /* And the keyring has it too. */
  reload (fixture);
  token = keyfob_token_list_lookup (fixture->window->tokens, keyfob_token_get_id (stored));
  g_assert_cmpstr (keyfob_token_get_last_result (token), ==, "valid");
}

/* The first button under @widget that triggers @action. */
static GtkWidget *
find_by_action (GtkWidget  *widget,
                const char *action)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_action (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_test_all (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(KeyfobToken) a = store_token (fixture, "cutover", "Release bot", "instance", "acme",
                                          NULL, CUTOVER_TOKEN);
  g_autoptr(KeyfobToken) b = store_token (fixture, "pulsetic", "Uptime", NULL, NULL, NULL,
                                          PULSETIC_TOKEN);
  KeyfobTokenList *tokens = fixture->window->tokens;
  GtkWidget *button = find_by_action (GTK_WIDGET (fixture->window), "win.test-all");
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (button));

  /* Its own icon, found in the application's resources, not Reload's arrows. */
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (button)), ==,
                   "keyfob-test-all-symbolic");
  g_assert_true (gtk_icon_theme_has_icon (theme, "keyfob-test-all-symbolic"));

  keyfob_emulator_set_token (fixture->emulator, CUTOVER_TOKEN, KEYFOB_EMULATOR_VALID);
  reload (fixture);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.test-all", NULL);
  KEYFOB_TEST_WAIT_UNTIL (keyfob_emulator_get_n_requests (fixture->emulator) == 2 &&
                          keyfob_token_get_last_result (keyfob_token_list_lookup (
                            tokens, keyfob_token_get_id (a))) &&
                          keyfob_token_get_last_result (keyfob_token_list_lookup (
                            tokens, keyfob_token_get_id (b))));

  /* Each row gets its own verdict: Pulsetic's token is unknown to the emulator. */
  g_assert_cmpstr (keyfob_token_get_last_result (keyfob_token_list_lookup (tokens,
                                                                           keyfob_token_get_id (a))),
                   ==, "valid");
  g_assert_cmpstr (keyfob_token_get_last_result (keyfob_token_list_lookup (tokens,
                                                                           keyfob_token_get_id (b))),
                   ==, "invalid");
}

/* The text of a label somewhere under @widget that starts with @prefix, as it is shown. */
static const char *
find_label_text (GtkWidget  *widget,
                 const char *prefix)
{
  if (GTK_IS_LABEL (widget) &&
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return gtk_label_get_text (GTK_LABEL (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = find_label_text (child, prefix);

      if (text != NULL)
        return text;
    }

  return NULL;
}

/* Toasts are markup in libadwaita 1.2: a name with & and < made them empty, and a vendor's
 * account name could style them. Both show as they are. */
static void
test_markup_in_toast (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored = store_token (fixture, "pylon", "R&D <bot>", "region", "us",
                                               NULL, PYLON_TOKEN);
  GtkWidget *overlay = GTK_WIDGET (fixture->window->toast_overlay);
  const char *shown = NULL;
  KeyfobToken *token;

  keyfob_emulator_set_token (fixture->emulator, PYLON_TOKEN, KEYFOB_EMULATOR_HOSTILE_ACCOUNT);
  reload (fixture);
  token = keyfob_token_list_lookup (fixture->window->tokens, keyfob_token_get_id (stored));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.test-token", "s",
                              keyfob_token_get_id (token));
  KEYFOB_TEST_WAIT_UNTIL ((shown = find_label_text (overlay, "R&D <bot>: ")) != NULL);

  g_assert_nonnull (strstr (shown, "Valid ("));
  g_assert_nonnull (strstr (shown, "<span size=\"xx-large\">&amp;big</span>"));
}

static AdwMessageDialog *find_message_dialog (void);
static GtkWidget *find_button (GtkWidget  *widget,
                               const char *label);

static void
reload_catalogue (KeyfobApplication *app)
{
  KeyfobCatalogue *catalogue = keyfob_application_get_catalogue (app);
  g_autoptr(GAsyncResult) loaded = NULL;

  keyfob_catalogue_load_async (catalogue, NULL, result_cb, &loaded);
  KEYFOB_TEST_WAIT_UNTIL (loaded != NULL);
  g_assert_true (keyfob_catalogue_load_finish (catalogue, loaded, NULL));
}

/* A user file replaces Pylon and sends its checks elsewhere: Test asks before the token goes
 * there, and Preferences names the file. */
static void
test_new_host (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored = store_token (fixture, "pylon", "Support desk", "region", "us",
                                               NULL, PYLON_TOKEN);
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
  reload (fixture);
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
    keyfob_application_get_catalogue (fixture->app)));
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

/* One token of each vendor; the emulator answers each as a hostile vendor would: first 100,000
 * levels of brackets (the window crashed), then an account name full of escape sequences,
 * bidi overrides and markup, which the window keeps as one clean line. */
static void
test_hostile_vendor (Fixture       *fixture,
                     gconstpointer  data)
{
  KeyfobToken *stored[] = {
    store_token (fixture, "cutover", "Release bot", "instance", "acme", NULL, CUTOVER_TOKEN),
    store_token (fixture, "pulsetic", "Uptime", NULL, NULL, NULL, PULSETIC_TOKEN),
    store_token (fixture, "pylon", "Support desk", "region", "us", NULL, PYLON_TOKEN),
    store_token (fixture, "pushly", "Push", "domain_id", "123", NULL, PUSHLY_TOKEN),
  };
  const char *secrets[] = { CUTOVER_TOKEN, PULSETIC_TOKEN, PYLON_TOKEN, PUSHLY_TOKEN };
  const KeyfobEmulatorBehaviour rounds[] = {
    KEYFOB_EMULATOR_DEEP, KEYFOB_EMULATOR_HOSTILE_ACCOUNT
  };
  KeyfobTokenList *tokens = fixture->window->tokens;

  reload (fixture);

  for (guint r = 0; r < G_N_ELEMENTS (rounds); r++)
    {
      guint n_requests = keyfob_emulator_get_n_requests (fixture->emulator);

      for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
        keyfob_emulator_set_token (fixture->emulator, secrets[i], rounds[r]);

      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.test-all", NULL);
      KEYFOB_TEST_WAIT_UNTIL (keyfob_emulator_get_n_requests (fixture->emulator) == n_requests + 4);

      for (guint i = 0; i < G_N_ELEMENTS (stored); i++)
        {
          KeyfobToken *token = keyfob_token_list_lookup (tokens,
                                                         keyfob_token_get_id (stored[i]));
          const char *account;

          KEYFOB_TEST_WAIT_UNTIL (!keyfob_token_get_checking (token));
          account = keyfob_token_get_account (token);
          if (rounds[r] == KEYFOB_EMULATOR_DEEP)
            {
              g_assert_cmpstr (keyfob_token_get_last_result (token), ==, "unexpected");
              continue;
            }

          g_assert_cmpstr (keyfob_token_get_last_result (token), ==, "valid");
          if (g_str_equal (keyfob_token_get_provider_id (token), "pulsetic"))
            {
              g_assert_null (account);
              continue;
            }
          g_assert_nonnull (strstr (account, "REVOKED: paste a new token"));
          for (const char *p = account; *p != '\0'; p = g_utf8_next_char (p))
            g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)) ||
                            g_utf8_get_char (p) == 0x202E);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (stored); i++)
    g_object_unref (stored[i]);
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
text_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static char *
read_clipboard (GdkClipboard *clipboard)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (clipboard, NULL, text_read_cb, &read);
  KEYFOB_TEST_WAIT_UNTIL (read.done);

  return read.text;
}

static void
test_copy_clears (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored = store_token (fixture, "pylon", "Support desk", "region", "us",
                                               NULL, PYLON_TOKEN);
  GSettings *settings = keyfob_application_get_settings (fixture->app);
  KeyfobClipboard *ours = keyfob_application_get_clipboard (fixture->app);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->window));
  g_autofree char *copied = NULL;
  g_autofree char *header = NULL;
  g_autofree char *left = NULL;

  g_settings_set_uint (settings, "clipboard-clear-delay", 1);
  reload (fixture);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-token", "s",
                              keyfob_token_get_id (stored));
  KEYFOB_TEST_WAIT_UNTIL (keyfob_clipboard_holds_ours (ours));
  copied = read_clipboard (clipboard);
  g_assert_cmpstr (copied, ==, PYLON_TOKEN);

  /* After the delay, nothing of ours is left on the clipboard. */
  KEYFOB_TEST_WAIT_UNTIL (gdk_clipboard_get_content (clipboard) == NULL);
  g_assert_false (keyfob_clipboard_holds_ours (ours));

  /* The header line, in the provider's scheme. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-header", "s",
                              keyfob_token_get_id (stored));
  KEYFOB_TEST_WAIT_UNTIL (keyfob_clipboard_holds_ours (ours));
  header = read_clipboard (clipboard);
  g_assert_cmpstr (header, ==, "Authorization: Bearer " PYLON_TOKEN);

  /* Something copied since is not ours to clear. */
  gdk_clipboard_set_text (clipboard, "something else");
  g_assert_false (keyfob_clipboard_holds_ours (ours));
  g_usleep (1500 * 1000);
  while (g_main_context_iteration (NULL, FALSE));
  left = read_clipboard (clipboard);
  g_assert_cmpstr (left, ==, "something else");
}

static void
test_copy_cleared_on_quit (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored = store_token (fixture, "pulsetic", "Uptime", NULL, NULL, NULL,
                                               PULSETIC_TOKEN);
  KeyfobClipboard *ours = keyfob_application_get_clipboard (fixture->app);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->window));

  g_settings_set_uint (keyfob_application_get_settings (fixture->app), "clipboard-clear-delay",
                       0);
  reload (fixture);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-token", "s",
                              keyfob_token_get_id (stored));
  KEYFOB_TEST_WAIT_UNTIL (keyfob_clipboard_holds_ours (ours));

  /* What shutdown does. */
  keyfob_clipboard_clear (ours);
  g_assert_null (gdk_clipboard_get_content (clipboard));
}

static gboolean
raise_cb (gpointer user_data)
{
  raise (GPOINTER_TO_INT (user_data));
  return G_SOURCE_REMOVE;
}

/* A logout, kill or Ctrl+C ends Keyfob through its normal quit, which clears the clipboard; it
 * used to die on the spot with the token still there. In a child, since it quits the app. */
static void
test_signal_clears (gconstpointer data)
{
  int signum = GPOINTER_TO_INT (data);

  if (g_test_subprocess ())
    {
      Fixture fixture = { NULL, };
      g_autoptr(KeyfobToken) stored = NULL;
      KeyfobClipboard *ours;
      GdkClipboard *clipboard;

      fixture_set_up (&fixture, NULL);
      delete_all (&fixture);
      ours = keyfob_application_get_clipboard (fixture.app);
      clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture.window));
      stored = store_token (&fixture, "pulsetic", "Uptime", NULL, NULL, NULL, PULSETIC_TOKEN);
      reload (&fixture);
      gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.copy-token", "s",
                                  keyfob_token_get_id (stored));
      KEYFOB_TEST_WAIT_UNTIL (keyfob_clipboard_holds_ours (ours));

      g_timeout_add (100, raise_cb, GINT_TO_POINTER (signum));
      g_assert_cmpint (g_application_run (G_APPLICATION (fixture.app), 0, NULL), ==, 0);

      g_assert_false (keyfob_clipboard_holds_ours (ours));
      g_assert_null (gdk_clipboard_get_content (clipboard));
      delete_all (&fixture);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
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

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) &&
      (label != NULL ? g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0
                     : g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)),
                                  "window-close-symbolic") == 0))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
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
  g_autoptr(KeyfobToken) stored = store_token (fixture, "pulsetic", "Uptime", NULL, NULL, NULL,
                                               PULSETIC_TOKEN);
  g_autofree char *delete_key = NULL;
  g_autofree char *shift_delete = NULL;
  GtkWidget *button;

  reload (fixture);

  /* The Delete key on the selected row deletes it from the keyring, not revokes it; the
   * toast's Undo brings it back, and nothing left the keyring. */
  delete_key = table_shortcut_action (fixture->window, "Delete");
  shift_delete = table_shortcut_action (fixture->window, "<Shift>Delete");
  g_assert_cmpstr (delete_key, ==, "win.delete-selected");
  g_assert_cmpstr (shift_delete, ==, "win.revoke-selected");
  gtk_single_selection_set_selected (fixture->window->selection, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-selected", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (_keyfob_window_get_model (fixture->window)), ==, 0);
  g_assert_nonnull (find_label_text (GTK_WIDGET (fixture->window->toast_overlay),
                                     "“Uptime” deleted from the keyring; it still works at "
                                     "Pulsetic"));
  KEYFOB_TEST_WAIT_UNTIL ((button = find_toast_button (fixture->window, "_Undo")) != NULL);
  let_toast_settle ();
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (_keyfob_window_get_model (fixture->window)), ==, 1);
  /* A toast on its way out is no longer one to click. */
  KEYFOB_TEST_WAIT_UNTIL (find_toast_button (fixture->window, "_Undo") == NULL);
  reload (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->tokens)), ==, 1);

  /* Without Undo, the token leaves the keyring when the toast goes. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-token", "s",
                              keyfob_token_get_id (stored));
  g_assert_cmpuint (g_list_model_get_n_items (_keyfob_window_get_model (fixture->window)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->tokens)), ==, 1);
  KEYFOB_TEST_WAIT_UNTIL ((button = find_toast_button (fixture->window, NULL)) != NULL);
  let_toast_settle ();
  g_signal_emit_by_name (button, "clicked");
  KEYFOB_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->tokens)) == 0);
  g_assert_cmpstr (_keyfob_window_get_view_name (fixture->window), ==, "empty");

  /* Gone from the keyring, not just from the view. */
  reload (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->tokens)), ==, 0);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WINDOW (window);
    }

  return NULL;
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
}

static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored = store_token (fixture, "pulsetic", "Uptime", NULL, NULL, NULL,
                                               PULSETIC_TOKEN);
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
  secret_service_lock (service, objects, NULL, result_cb, &result);
  g_list_free (objects);
  KEYFOB_TEST_WAIT_UNTIL (result != NULL);
  g_assert_cmpint (secret_service_lock_finish (service, result, NULL, &error), ==, 1);

  reload (fixture);
  g_assert_cmpstr (_keyfob_window_get_view_name (fixture->window), ==, "locked");
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
      fixture_set_up (&fixture, NULL);
      g_assert_cmpstr (_keyfob_window_get_view_name (fixture.window), ==, "unavailable");
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
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/window/empty", test_empty);
  ADD ("/ui/window/lists-tokens", test_lists_tokens);
  ADD ("/ui/window/search", test_search);
  ADD ("/ui/window/test-token", test_test_token);
  ADD ("/ui/window/test-all", test_test_all);
  ADD ("/ui/window/markup-in-toast", test_markup_in_toast);
  ADD ("/ui/window/new-host", test_new_host);
  ADD ("/ui/window/hostile-vendor", test_hostile_vendor);
  ADD ("/ui/window/copy-clears", test_copy_clears);
  ADD ("/ui/window/copy-cleared-on-quit", test_copy_cleared_on_quit);
  ADD ("/ui/window/delete", test_delete);
  g_test_add_func ("/ui/window/unavailable", test_unavailable);
  g_test_add_data_func ("/ui/window/sigterm-clears", GINT_TO_POINTER (SIGTERM),
                        test_signal_clears);
  g_test_add_data_func ("/ui/window/sigint-clears", GINT_TO_POINTER (SIGINT),
                        test_signal_clears);
  g_test_add_data_func ("/ui/window/sighup-clears", GINT_TO_POINTER (SIGHUP),
                        test_signal_clears);
  g_test_add ("/ui/window/locked", Fixture, NULL, fixture_set_up, test_locked, locked_tear_down);

#undef ADD

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
