/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "keyfob-catalogue.h"
#include "keyfob-emulator.h"
#include "keyfob-rename-dialog.h"
#include "keyfob-revoke-dialog.h"
#include "keyfob-store.h"
#include "keyfob-token-list.h"
#include "keyfob-verifier.h"
#include "keyfob-token-draft.h"

/* The rename and revoke dialogs against the throwaway keyring that tests/keyfob-test-session
 * starts, and the vendor emulator for the live checks. Set KEYFOB_TEST_SCREENSHOT_DIR to keep
 * a screenshot of the display at the interesting moments. */

#define WAIT_SECONDS 10

static KeyfobEmulator *emulator;
static guint n_secrets;

typedef struct
{
  KeyfobCatalogue *catalogue;
  KeyfobStore     *store;
  KeyfobTokenList *tokens;           /* what the window would hand the dialogs */
  KeyfobVerifier  *verifier;
  GtkWindow       *dialog;           /* weak */
  guint            n_renamed;
  guint            n_removed;
  guint            n_unconfirmed;
  char            *removed_message;
} Fixture;

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (widget));
}

static gboolean
is_visible (gpointer widget)
{
  return gtk_widget_get_visible (GTK_WIDGET (widget));
}

static gboolean
is_spinning (gpointer spinner)
{
  return is_visible (spinner) && gtk_spinner_get_spinning (GTK_SPINNER (spinner));
}

static gpointer
rename_child (KeyfobRenameDialog *dialog,
              const char         *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), KEYFOB_TYPE_RENAME_DIALOG, name);
}

static gpointer
revoke_child (KeyfobRevokeDialog *dialog,
              const char         *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), KEYFOB_TYPE_REVOKE_DIALOG, name);
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the main context until the condition holds; fails the test after WAIT_SECONDS. */
#define wait_until(condition)                                                        \
  G_STMT_START                                                                       \
  {                                                                                  \
    gint64 deadline_ = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;      \
    guint wake_ = g_timeout_add (50, wake_cb, NULL);                                 \
                                                                                     \
    while (!(condition))                                                             \
      {                                                                              \
        if (g_get_monotonic_time () > deadline_)                                     \
          g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,          \
                               "timed out waiting for " #condition);                 \
        g_main_context_iteration (NULL, TRUE);                                       \
      }                                                                              \
    g_source_remove (wake_);                                                         \
  }                                                                                  \
  G_STMT_END

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  wait_until (g_get_monotonic_time () >= until);
}

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
  wait_until (*result != NULL);

  return *result;
}

static GPtrArray *
list_tokens (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tokens;

  keyfob_store_list_async (fixture->store, NULL, result_cb, &result);
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

  keyfob_store_find_async (fixture->store, name_or_id, NULL, result_cb, &result);
  return keyfob_store_find_finish (fixture->store, wait_for (&result), error);
}

static void
delete_token (Fixture     *fixture,
              KeyfobToken *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  keyfob_store_delete_async (fixture->store, token, NULL, result_cb, &result);
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
static KeyfobToken *
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

  keyfob_store_add_async (fixture->store, token, secret, NULL, result_cb, &result);
  g_assert_true (keyfob_store_add_finish (fixture->store, wait_for (&result), &error));
  g_assert_no_error (error);

  keyfob_emulator_set_token (emulator, pasted, behaviour);

  found = find_token (fixture, keyfob_token_get_id (token), &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);

  return found;
}

/* The token as the keyring has it now, or NULL when it is gone. */
static KeyfobToken *
reload_token (Fixture     *fixture,
              KeyfobToken *token)
{
  g_autoptr(GError) error = NULL;
  KeyfobToken *found = find_token (fixture, keyfob_token_get_id (token), &error);

  if (found == NULL)
    g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND);

  return found;
}

static void
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

static void
renamed_cb (KeyfobRenameDialog *dialog,
            Fixture            *fixture)
{
  fixture->n_renamed++;
}

static void
remove_unconfirmed_cb (KeyfobRevokeDialog *dialog,
                       Fixture            *fixture)
{
  fixture->n_unconfirmed++;
}

static void
removed_cb (KeyfobRevokeDialog *dialog,
            const char         *message,
            Fixture            *fixture)
{
  fixture->n_removed++;
  g_free (fixture->removed_message);
  fixture->removed_message = g_strdup (message);
}

static void
show_dialog (Fixture   *fixture,
             GtkWindow *dialog)
{
  fixture->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &fixture->dialog);
  gtk_window_present (dialog);
  wait_until (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
}

/* The list's own object for @token, as the window would open a dialog with. */
static KeyfobToken *
listed (Fixture     *fixture,
        KeyfobToken *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobToken *known;

  keyfob_token_list_reload_async (fixture->tokens, NULL, result_cb, &result);
  g_assert_true (keyfob_token_list_reload_finish (fixture->tokens, wait_for (&result), &error));
  known = keyfob_token_list_lookup (fixture->tokens, keyfob_token_get_id (token));
  g_assert_nonnull (known);

  return known;
}

static KeyfobRenameDialog *
open_rename (Fixture     *fixture,
             KeyfobToken *token)
{
  KeyfobProvider *provider =
    keyfob_catalogue_lookup (fixture->catalogue, keyfob_token_get_provider_id (token));
  KeyfobRenameDialog *dialog = NULL;

  /* The names of the other tokens, for the duplicate check as you type. */
  token = listed (fixture, token);
  dialog = keyfob_rename_dialog_new (NULL, provider, fixture->tokens, token);
  g_signal_connect (dialog, "renamed", G_CALLBACK (renamed_cb), fixture);
  show_dialog (fixture, GTK_WINDOW (dialog));

  return dialog;
}

static KeyfobRevokeDialog *
open_revoke (Fixture     *fixture,
             KeyfobToken *token)
{
  KeyfobProvider *provider =
    keyfob_catalogue_lookup (fixture->catalogue, keyfob_token_get_provider_id (token));
  KeyfobRevokeDialog *dialog = keyfob_revoke_dialog_new (NULL, provider, fixture->tokens,
                                                         fixture->verifier,
                                                         listed (fixture, token));

  g_signal_connect (dialog, "removed", G_CALLBACK (removed_cb), fixture);
  g_signal_connect (dialog, "remove-unconfirmed", G_CALLBACK (remove_unconfirmed_cb), fixture);
  show_dialog (fixture, GTK_WINDOW (dialog));

  return dialog;
}

/* Until the dialog is idle again; it must not have closed (which means it removed the token). */
static void
wait_until_idle (Fixture            *fixture,
                 KeyfobRevokeDialog *dialog)
{
  wait_until (fixture->dialog == NULL || !is_spinning (revoke_child (dialog, "spinner")));
  g_assert_nonnull (fixture->dialog);
}

/* Runs what a key press would: the shortcut bound to ACCEL in the widget's class. */
static gboolean
press_shortcut (GtkWidget  *widget,
                const char *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger =
            gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (trigger, accel))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* What Enter does in the entry: GtkText emits "activate", which activates the default. */
static void
press_enter (AdwEntryRow *row)
{
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (row)), "activate");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->store = keyfob_store_new ();
  fixture->tokens = keyfob_token_list_new (fixture->store);
  fixture->verifier = keyfob_verifier_new ();
  fixture->catalogue = keyfob_catalogue_new ();
  keyfob_catalogue_load_async (fixture->catalogue, NULL, result_cb, &result);
  g_assert_true (keyfob_catalogue_load_finish (fixture->catalogue, wait_for (&result), &error));
  g_assert_no_error (error);
  keyfob_store_set_catalogue (fixture->store, fixture->catalogue);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) tokens = NULL;

  if (fixture->dialog != NULL)
    gtk_window_destroy (fixture->dialog);
  wait_until (fixture->dialog == NULL);
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

/* Rename */

static void
test_rename_prefilled (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_token (fixture, "cutover", "Release bot",
                                            KEYFOB_EMULATOR_VALID);
  KeyfobRenameDialog *dialog = open_rename (fixture, token);
  AdwEntryRow *row = rename_child (dialog, "name_row");
  GtkWidget *focus;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Rename Token");
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  /* The vendor's word for the name. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Label");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Release bot");

  focus = gtk_window_get_focus (GTK_WINDOW (dialog));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (row) || gtk_widget_is_ancestor (focus, GTK_WIDGET (row)));

  /* Unchanged: nothing to rename, and nothing wrong either. */
  g_assert_false (is_sensitive (rename_child (dialog, "rename_button")));
  g_assert_false (is_visible (rename_child (dialog, "message_label")));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) ==
                 GTK_WIDGET (rename_child (dialog, "rename_button")));
  g_assert_true (gtk_widget_has_css_class (rename_child (dialog, "rename_button"),
                                           "suggested-action"));

  /* Renaming to the same name does nothing, even when asked. */
  g_signal_emit_by_name (rename_child (dialog, "rename_button"), "clicked");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "rename.rename", NULL);
  g_assert_false (is_spinning (rename_child (dialog, "spinner")));

  /* Cutover keeps no name of its own that matters. */
  g_assert_false (is_visible (rename_child (dialog, "note_group")));

  /* Escape closes without renaming. */
  g_assert_true (press_shortcut (GTK_WIDGET (dialog), "Escape"));
  wait_until (fixture->dialog == NULL);
  g_assert_cmpuint (fixture->n_renamed, ==, 0);
}

static void
test_rename_new_name (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_token (fixture, "pushly", "Deploy hook",
                                            KEYFOB_EMULATOR_VALID);
  g_autoptr(KeyfobToken) stored = NULL;
  KeyfobRenameDialog *dialog = open_rename (fixture, token);
  AdwEntryRow *row = rename_child (dialog, "name_row");
  GtkButton *button = rename_child (dialog, "rename_button");

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Token Label");

  set_text (row, "  Deploy hook (prod) ");
  g_assert_true (is_sensitive (button));
  g_assert_false (is_visible (rename_child (dialog, "message_label")));
  screenshot ("rename");

  /* Enter in the entry submits: the Rename button is the default widget. */
  press_enter (row);
  wait_until (fixture->n_renamed == 1);
  wait_until (fixture->dialog == NULL);

  /* The keyring item carries the new name, trimmed; so does the list's token object. */
  g_assert_cmpstr (keyfob_token_get_name (keyfob_token_list_lookup (fixture->tokens,
                                                                    keyfob_token_get_id (token))),
                   ==, "Deploy hook (prod)");
  stored = reload_token (fixture, token);
  g_assert_nonnull (stored);
  g_assert_cmpstr (keyfob_token_get_name (stored), ==, "Deploy hook (prod)");
}

static void
test_rename_invalid (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_token (fixture, "pulsetic", "Status page",
                                            KEYFOB_EMULATOR_VALID);
  g_autoptr(KeyfobToken) stored = NULL;
  g_autofree char *long_name = g_strnfill (KEYFOB_NAME_MAX_CHARS + 1, 'x');
  KeyfobRenameDialog *dialog = open_rename (fixture, token);
  AdwEntryRow *row = rename_child (dialog, "name_row");
  GtkButton *button = rename_child (dialog, "rename_button");
  GtkLabel *message = rename_child (dialog, "message_label");

  set_text (row, "   ");
  g_assert_false (is_sensitive (button));
  g_assert_true (is_visible (message));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "empty"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  screenshot ("rename-empty");

  /* Neither Enter nor a stray click renames it. */
  press_enter (row);
  g_signal_emit_by_name (button, "clicked");
  spin (200);
  g_assert_cmpuint (fixture->n_renamed, ==, 0);
  g_assert_false (is_spinning (rename_child (dialog, "spinner")));

  set_text (row, long_name);
  g_assert_false (is_sensitive (button));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "longer"));

  set_text (row, "Status\tpage");
  g_assert_false (is_sensitive (button));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "control character"));

  /* A good name clears the message. */
  set_text (row, "Status page 2");
  g_assert_true (is_sensitive (button));
  g_assert_false (is_visible (message));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));

  stored = reload_token (fixture, token);
  g_assert_cmpstr (keyfob_token_get_name (stored), ==, "Status page");
}

static void
test_rename_duplicate (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(KeyfobToken) alpha = add_token (fixture, "pulsetic", "alpha", KEYFOB_EMULATOR_VALID);
  g_autoptr(KeyfobToken) beta = add_token (fixture, "pulsetic", "beta", KEYFOB_EMULATOR_VALID);
  g_autoptr(KeyfobToken) gamma = add_token (fixture, "pylon", "gamma", KEYFOB_EMULATOR_VALID);
  g_autoptr(KeyfobToken) delta = NULL;
  g_autoptr(KeyfobToken) stored = NULL;
  KeyfobRenameDialog *dialog = open_rename (fixture, alpha);
  AdwEntryRow *row = rename_child (dialog, "name_row");
  GtkButton *button = rename_child (dialog, "rename_button");
  GtkLabel *message = rename_child (dialog, "message_label");

  /* Another Pulsetic token has the name: refused as you type. */
  set_text (row, "beta");
  g_assert_false (is_sensitive (button));
  g_assert_true (is_visible (message));
  /* Core's rule and core's words. */
  g_assert_nonnull (strstr (gtk_label_get_text (message), "already called “beta”"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  screenshot ("rename-duplicate");

  /* Only the same provider's names count. */
  set_text (row, "gamma");
  g_assert_true (is_sensitive (button));
  g_assert_false (is_visible (message));

  /* A name taken behind the dialog's back: the store refuses it, and the dialog says so. */
  delta = add_token (fixture, "pulsetic", "delta", KEYFOB_EMULATOR_VALID);
  set_text (row, "delta");
  g_assert_true (is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  wait_until (fixture->dialog == NULL || !is_spinning (rename_child (dialog, "spinner")));
  g_assert_nonnull (fixture->dialog);
  g_assert_true (is_visible (message));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "already called “delta”"));
  g_assert_false (is_sensitive (button));
  g_assert_cmpuint (fixture->n_renamed, ==, 0);
  g_assert_nonnull (fixture->dialog);

  stored = reload_token (fixture, alpha);
  g_assert_cmpstr (keyfob_token_get_name (stored), ==, "alpha");
  g_clear_object (&stored);
  stored = reload_token (fixture, delta);
  g_assert_cmpstr (keyfob_token_get_name (stored), ==, "delta");
}

static void
test_rename_vendor_note (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *provider_id = data;
  g_autoptr(KeyfobToken) token = add_token (fixture, provider_id, "Support bot",
                                            KEYFOB_EMULATOR_VALID);
  KeyfobRenameDialog *dialog = open_rename (fixture, token);
  KeyfobProvider *provider = keyfob_catalogue_lookup (fixture->catalogue, provider_id);
  GtkWidget *group = rename_child (dialog, "note_group");
  AdwActionRow *dashboard = rename_child (dialog, "dashboard_row");
  g_autofree char *dashboard_title = g_strdup_printf ("Open %s Dashboard",
                                                      keyfob_provider_get_name (provider));

  g_assert_cmpstr (keyfob_provider_get_rename_note (provider), !=, "");
  g_assert_true (is_visible (group));
  /* Shown as the vendor wrote it (the group's description is markup: it was escaped). */
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==,
                   keyfob_provider_get_rename_note (provider));
  g_assert_true (is_visible (dashboard));
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (dashboard)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (dashboard)), ==,
                   dashboard_title);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     rename_child (dialog, "name_row"))), ==, "Name");
  if (g_str_equal (provider_id, "pylon"))
    screenshot ("rename-pylon");
}

/* Revoke */

typedef struct
{
  const char *provider_id;
  const char *title;
  const char *confirm;
  const char *explanation_start;
} VendorWords;

static const VendorWords vendor_words[] = {
  { "cutover", "Revoke User App Token", "REVOKE", "In Cutover, click REVOKE, then come back" },
  { "pushly", "Revoke API Token", "Revoke Token", "In Pushly, click Revoke Token, then come back" },
  { "pylon", "Delete API token", "Delete", "In Pylon, click Delete, then come back" },
  { "pulsetic", "Delete API key", "Delete", "In Pulsetic, click Delete, then come back" },
};

static void
test_revoke_vendor_words (Fixture       *fixture,
                          gconstpointer  data)
{
  const VendorWords *words = data;
  KeyfobProvider *provider = keyfob_catalogue_lookup (fixture->catalogue, words->provider_id);
  const char * const *steps = keyfob_provider_get_revoke_steps (provider);
  g_autoptr(KeyfobToken) token = add_token (fixture, words->provider_id, "Release bot",
                                            KEYFOB_EMULATOR_VALID);
  KeyfobRevokeDialog *dialog = open_revoke (fixture, token);
  AdwWindowTitle *title = revoke_child (dialog, "window_title");
  AdwActionRow *token_row = revoke_child (dialog, "token_row");
  GtkListBox *list = revoke_child (dialog, "steps_list");
  GtkButton *check = revoke_child (dialog, "check_button");
  g_autofree char *dashboard_title = g_strdup_printf ("Open %s Dashboard",
                                                      keyfob_provider_get_name (provider));
  guint n_steps = steps != NULL ? g_strv_length ((char **) steps) : 0;
  g_autofree char *expected_label = NULL;
  GtkListBoxRow *step;
  guint n_rows = 0;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, words->title);
  g_assert_cmpstr (adw_window_title_get_title (title), ==, words->title);
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, keyfob_provider_get_name (provider));
  g_assert_cmpstr (keyfob_provider_get_revoke_confirm (provider), ==, words->confirm);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));

  /* The token: its name and masked preview, never the secret. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (token_row)), ==,
                   "Release bot");
  g_assert_cmpstr (adw_action_row_get_subtitle (token_row), ==, keyfob_token_get_preview (token));

  /* The vendor's steps, numbered, in its words. */
  g_assert_cmpuint (n_steps, >, 0);
  while ((step = gtk_list_box_get_row_at_index (list, n_rows)) != NULL)
    {
      g_assert_true (ADW_IS_ACTION_ROW (step));
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (step)), ==,
                       steps[n_rows]);
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, n_steps);

  g_assert_true (is_visible (revoke_child (dialog, "dashboard_row")));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     revoke_child (dialog, "dashboard_row"))), ==, dashboard_title);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (revoke_child (dialog, "explain_label")),
                                   words->explanation_start));

  /* Screen readers hear each step with its number. */
  step = gtk_list_box_get_row_at_index (list, 0);
  expected_label = g_strdup_printf ("Step 1: %s", steps[0]);
  gtk_test_accessible_assert_property (step, GTK_ACCESSIBLE_PROPERTY_LABEL, expected_label);

  /* Check Revocation: safe, so suggested (not destructive), the default, and focused;
   * Remove Anyway, destructive, not yet offered. */
  g_assert_cmpstr (gtk_button_get_label (check), ==, "_Check Revocation");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (check), "suggested-action"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (check), "destructive-action"));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == GTK_WIDGET (check));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == GTK_WIDGET (check));
  g_assert_false (is_visible (revoke_child (dialog, "remove_button")));
  g_assert_true (gtk_widget_has_css_class (revoke_child (dialog, "remove_button"),
                                           "destructive-action"));
  /* What the check finds is an alert for screen readers; the text in it stays a label. */
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (
                                     revoke_child (dialog, "status_label")))),
                                   GTK_ACCESSIBLE_ROLE_ALERT);

  if (g_str_equal (words->provider_id, "cutover"))
    screenshot ("revoke-cutover");
}

static void
test_revoke_rejected (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_token (fixture, "cutover", "Release bot",
                                            KEYFOB_EMULATOR_INVALID);
  g_autoptr(KeyfobToken) stored = NULL;
  KeyfobRevokeDialog *dialog = open_revoke (fixture, token);
  guint n_requests = keyfob_emulator_get_n_requests (emulator);

  /* Enter activates the default widget, Check Revocation. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "default.activate", NULL));
  wait_until (fixture->n_removed == 1);
  wait_until (fixture->dialog == NULL);

  g_assert_cmpuint (keyfob_emulator_get_n_requests (emulator), ==, n_requests + 1);
  g_assert_cmpstr (fixture->removed_message, ==,
                   "“Release bot” is revoked and removed from the keyring");
  stored = reload_token (fixture, token);
  g_assert_null (stored);
}

typedef struct
{
  const char              *provider_id;
  KeyfobEmulatorBehaviour  behaviour;
  const char              *last_result;
  const char              *message;
} StillWorks;

/* Pushly answers 403 for a dead key, so "works but lacks a permission" is Cutover's 403. */
static const StillWorks still_valid = {
  "pushly", KEYFOB_EMULATOR_VALID, "valid",
  "Pushly still accepts this token. Revoke it in Pushly first."
};
static const StillWorks still_forbidden = {
  "cutover", KEYFOB_EMULATOR_FORBIDDEN, "forbidden",
  "Cutover still accepts this token. Revoke it in Cutover first."
};

static void
test_revoke_still_valid (Fixture       *fixture,
                         gconstpointer  data)
{
  const StillWorks *works = data;
  g_autoptr(KeyfobToken) token = add_token (fixture, works->provider_id, "Newsletter",
                                            works->behaviour);
  g_autoptr(KeyfobToken) stored = NULL;
  KeyfobRevokeDialog *dialog = open_revoke (fixture, token);
  GtkLabel *status = revoke_child (dialog, "status_label");
  GtkButton *check = revoke_child (dialog, "check_button");

  g_signal_emit_by_name (check, "clicked");
  g_assert_true (is_spinning (revoke_child (dialog, "spinner")));
  g_assert_false (is_sensitive (check));
  wait_until_idle (fixture, dialog);

  g_assert_cmpstr (gtk_label_get_text (status), ==, works->message);
  g_assert_cmpstr (gtk_image_get_icon_name (revoke_child (dialog, "status_icon")), ==,
                   "dialog-warning-symbolic");
  g_assert_true (is_visible (status));
  g_assert_false (is_visible (revoke_child (dialog, "remove_button")));
  g_assert_true (is_sensitive (check));
  g_assert_cmpuint (fixture->n_removed, ==, 0);
  g_assert_nonnull (fixture->dialog);
  if (works == &still_valid)
    screenshot ("revoke-still-valid");

  /* Kept, with the check recorded on the keyring item. */
  stored = reload_token (fixture, token);
  g_assert_nonnull (stored);
  g_assert_cmpstr (keyfob_token_get_last_result (stored), ==, works->last_result);
  g_assert_nonnull (keyfob_token_get_last_checked (stored));
}

/* Enter right after opening checks; it never removes a token the provider still accepts. */
static void
test_revoke_enter_keeps_valid (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_token (fixture, "cutover", "Still live",
                                            KEYFOB_EMULATOR_VALID);
  g_autoptr(KeyfobToken) stored = NULL;
  KeyfobRevokeDialog *dialog = open_revoke (fixture, token);
  GtkButton *check = revoke_child (dialog, "check_button");
  guint n_requests = keyfob_emulator_get_n_requests (emulator);

  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == GTK_WIDGET (check));
  /* (The button clicks once its visual press is over.) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "default.activate", NULL));
  wait_until (keyfob_emulator_get_n_requests (emulator) == n_requests + 1);
  wait_until_idle (fixture, dialog);

  g_assert_cmpstr (gtk_label_get_text (revoke_child (dialog, "status_label")), ==,
                   "Cutover still accepts this token. Revoke it in Cutover first.");
  g_assert_false (is_visible (revoke_child (dialog, "remove_button")));

  /* Enter again: still a check, never a removal. */
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == GTK_WIDGET (check));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "default.activate", NULL));
  wait_until (keyfob_emulator_get_n_requests (emulator) == n_requests + 2);
  wait_until_idle (fixture, dialog);

  /* Nor does the hidden Remove Anyway's action. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "revoke.remove-anyway", NULL);
  spin (200);
  g_assert_nonnull (fixture->dialog);
  g_assert_cmpuint (fixture->n_removed, ==, 0);
  stored = reload_token (fixture, token);
  g_assert_nonnull (stored);
}

static void
test_revoke_then_recheck (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_token (fixture, "pylon", "Helpdesk",
                                            KEYFOB_EMULATOR_VALID);
  g_autoptr(KeyfobToken) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  KeyfobRevokeDialog *dialog = open_revoke (fixture, token);
  GtkButton *check = revoke_child (dialog, "check_button");

  g_signal_emit_by_name (check, "clicked");
  wait_until_idle (fixture, dialog);
  g_assert_cmpuint (fixture->n_removed, ==, 0);

  /* The user revokes it at the vendor, comes back and checks again. */
  keyfob_store_load_secret_async (fixture->store, token, NULL, result_cb, &result);
  secret = keyfob_store_load_secret_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);
  keyfob_emulator_set_token (emulator, secret_value_get_text (secret), KEYFOB_EMULATOR_INVALID);

  g_signal_emit_by_name (check, "clicked");
  wait_until (fixture->n_removed == 1);
  g_assert_cmpstr (fixture->removed_message, ==,
                   "“Helpdesk” is revoked and removed from the keyring");
  stored = reload_token (fixture, token);
  g_assert_null (stored);
}

static void
test_revoke_inconclusive (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_token (fixture, "cutover", "Nightly build",
                                            KEYFOB_EMULATOR_SERVER_ERROR);
  g_autoptr(KeyfobToken) stored = NULL;
  KeyfobRevokeDialog *dialog = open_revoke (fixture, token);
  GtkLabel *status = revoke_child (dialog, "status_label");
  GtkButton *remove = revoke_child (dialog, "remove_button");
  guint n_requests;
  const char *text;

  g_signal_emit_by_name (revoke_child (dialog, "check_button"), "clicked");
  wait_until_idle (fixture, dialog);

  /* It says why, and offers to remove it anyway; nothing is removed yet. */
  text = gtk_label_get_text (status);
  g_assert_nonnull (strstr (text, "HTTP 500"));
  g_assert_nonnull (strstr (text, "cannot tell whether Cutover revoked the token"));
  g_assert_true (is_visible (remove));
  g_assert_true (is_sensitive (remove));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (remove), "destructive-action"));
  g_assert_cmpuint (fixture->n_removed, ==, 0);
  screenshot ("revoke-inconclusive");

  /* Remove Anyway is offered but is not the default: Enter checks again. */
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) ==
                 GTK_WIDGET (revoke_child (dialog, "check_button")));
  n_requests = keyfob_emulator_get_n_requests (emulator);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "default.activate", NULL));
  wait_until (keyfob_emulator_get_n_requests (emulator) == n_requests + 1);
  wait_until_idle (fixture, dialog);
  g_assert_cmpuint (fixture->n_removed, ==, 0);
  g_assert_true (is_visible (remove));

  stored = reload_token (fixture, token);
  g_assert_nonnull (stored);
  g_assert_cmpstr (keyfob_token_get_last_result (stored), ==, "server-error");
  g_clear_object (&stored);

  /* Removing it without proof is the window's to do, as a delete with an Undo
   * (test-ui-window.c): the dialog asks for it and closes, and has removed nothing. */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (remove)));
  wait_until (fixture->dialog == NULL);
  g_assert_cmpuint (fixture->n_unconfirmed, ==, 1);
  g_assert_cmpuint (fixture->n_removed, ==, 0);
  stored = reload_token (fixture, token);
  g_assert_nonnull (stored);
}

static void
test_revoke_keyring_error (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_token (fixture, "pulsetic", "Gone already",
                                            KEYFOB_EMULATOR_INVALID);
  KeyfobRevokeDialog *dialog = open_revoke (fixture, token);
  GtkLabel *status = revoke_child (dialog, "status_label");

  /* Another program removed the item while the dialog was open. */
  delete_token (fixture, token);

  g_signal_emit_by_name (revoke_child (dialog, "check_button"), "clicked");
  wait_until_idle (fixture, dialog);

  g_assert_true (is_visible (status));
  g_assert_cmpstr (gtk_image_get_icon_name (revoke_child (dialog, "status_icon")), ==,
                   "dialog-error-symbolic");
  g_assert_true (gtk_widget_has_css_class (revoke_child (dialog, "status_icon"), "error"));
  g_assert_cmpstr (gtk_label_get_text (status), !=, "");
  g_assert_cmpuint (fixture->n_removed, ==, 0);
  g_assert_nonnull (fixture->dialog);
}

static void
test_revoke_close_while_checking (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_token (fixture, "cutover", "Slow vendor",
                                            KEYFOB_EMULATOR_SLOW);
  g_autoptr(KeyfobToken) stored = NULL;
  KeyfobRevokeDialog *dialog = open_revoke (fixture, token);
  guint n_requests = keyfob_emulator_get_n_requests (emulator);

  g_signal_emit_by_name (revoke_child (dialog, "check_button"), "clicked");
  wait_until (keyfob_emulator_get_n_requests (emulator) == n_requests + 1);
  g_assert_true (is_spinning (revoke_child (dialog, "spinner")));

  /* Escape closes it and cancels the check: nothing is removed. */
  g_assert_true (press_shortcut (GTK_WIDGET (dialog), "Escape"));
  wait_until (fixture->dialog == NULL);
  spin (300);
  g_assert_cmpuint (fixture->n_removed, ==, 0);
  stored = reload_token (fixture, token);
  g_assert_nonnull (stored);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KeyfobEmulator) emu = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Once, before GTK starts threads that read the environment. */
  emu = emulator = keyfob_emulator_new ();
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (emulator), TRUE);

  gtk_init ();
  adw_init ();

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/rename/prefilled", test_rename_prefilled, NULL);
  ADD ("/ui/rename/new-name", test_rename_new_name, NULL);
  ADD ("/ui/rename/invalid", test_rename_invalid, NULL);
  ADD ("/ui/rename/duplicate", test_rename_duplicate, NULL);
  ADD ("/ui/rename/vendor-note/pylon", test_rename_vendor_note, "pylon");
  ADD ("/ui/rename/vendor-note/pulsetic", test_rename_vendor_note, "pulsetic");

  for (guint i = 0; i < G_N_ELEMENTS (vendor_words); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/revoke/vendor-words/%s",
                                               vendor_words[i].provider_id);

      ADD (path, test_revoke_vendor_words, &vendor_words[i]);
    }
  ADD ("/ui/revoke/rejected-removes", test_revoke_rejected, NULL);
  ADD ("/ui/revoke/enter-keeps-valid", test_revoke_enter_keeps_valid, NULL);
  ADD ("/ui/revoke/valid-kept", test_revoke_still_valid, &still_valid);
  ADD ("/ui/revoke/forbidden-kept", test_revoke_still_valid, &still_forbidden);
  ADD ("/ui/revoke/recheck-after-revoking", test_revoke_then_recheck, NULL);
  ADD ("/ui/revoke/server-error-remove-anyway", test_revoke_inconclusive, NULL);
  ADD ("/ui/revoke/keyring-error", test_revoke_keyring_error, NULL);
  ADD ("/ui/revoke/close-while-checking", test_revoke_close_while_checking, NULL);

#undef ADD

  status = g_test_run ();
  emulator = NULL;

  return status;
}
