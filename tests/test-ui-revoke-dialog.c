/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-revoke-dialog.h"
#include "keyfob-test-gtk.h"
#include "keyfob-test-rename-revoke.h"

/* The revoke dialog: the vendor's own steps and words, then a live check that removes the token
 * only once the provider refuses it, keeps it while it still works, and leaves removing it
 * without proof to the window. */

static gpointer
revoke_child (KeyfobRevokeDialog *dialog,
              const char         *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), KEYFOB_TYPE_REVOKE_DIALOG, name);
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
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL || !is_spinning (revoke_child (dialog, "spinner")));
  g_assert_nonnull (fixture->dialog);
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
  KEYFOB_TEST_WAIT_UNTIL (fixture->n_removed == 1);
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);

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
  KEYFOB_TEST_WAIT_UNTIL (keyfob_emulator_get_n_requests (emulator) == n_requests + 1);
  wait_until_idle (fixture, dialog);

  g_assert_cmpstr (gtk_label_get_text (revoke_child (dialog, "status_label")), ==,
                   "Cutover still accepts this token. Revoke it in Cutover first.");
  g_assert_false (is_visible (revoke_child (dialog, "remove_button")));

  /* Enter again: still a check, never a removal. */
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == GTK_WIDGET (check));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "default.activate", NULL));
  KEYFOB_TEST_WAIT_UNTIL (keyfob_emulator_get_n_requests (emulator) == n_requests + 2);
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
  keyfob_store_load_secret_async (fixture->store, token, NULL, keyfob_test_result_cb, &result);
  secret = keyfob_store_load_secret_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);
  keyfob_emulator_set_token (emulator, secret_value_get_text (secret), KEYFOB_EMULATOR_INVALID);

  g_signal_emit_by_name (check, "clicked");
  KEYFOB_TEST_WAIT_UNTIL (fixture->n_removed == 1);
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
  KEYFOB_TEST_WAIT_UNTIL (keyfob_emulator_get_n_requests (emulator) == n_requests + 1);
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
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);
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
  KEYFOB_TEST_WAIT_UNTIL (keyfob_emulator_get_n_requests (emulator) == n_requests + 1);
  g_assert_true (is_spinning (revoke_child (dialog, "spinner")));

  /* Escape closes it and cancels the check: nothing is removed. */
  g_assert_true (press_shortcut (GTK_WIDGET (dialog), "Escape"));
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);
  spin (300);
  g_assert_cmpuint (fixture->n_removed, ==, 0);
  stored = reload_token (fixture, token);
  g_assert_nonnull (stored);
}

int
main (int   argc,
      char *argv[])
{
  rename_revoke_test_init (&argc, &argv);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

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

  return rename_revoke_test_run ();
}
