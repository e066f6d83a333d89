/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-add-dialog"

#include "config.h"

#include <string.h>

#include "keyfob-confirm.h"
#include "keyfob-test-add-dialog.h"
#include "keyfob-test-gtk.h"
#include "keyfob-token-draft.h"

/* The Add dialog as Replace Token: a new secret for a stored token, tested before it replaces
 * the old one, which stays when the provider refuses the new one. */

/* Replace Token: a new secret for a stored token, once the provider accepts it */

#define OLD_PULSETIC_TOKEN "33fea0a1b2c3d4e5f6a7b8c9d0e1aaaa"
#define NEW_PULSETIC_TOKEN "33fea0a1b2c3d4e5f6a7b8c9d0e1bbbb"

static void
token_replaced_cb (KeyfobAddDialog *dialog,
                   KeyfobToken     *token,
                   Fixture         *fixture)
{
  g_assert_true (KEYFOB_IS_TOKEN (token));
  g_set_object (&fixture->replaced, token);
  fixture->n_replaced++;
}

static void
list_added_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KeyfobToken **token = user_data;
  g_autoptr(GError) error = NULL;

  *token = keyfob_token_list_add_finish (KEYFOB_TOKEN_LIST (object), result, &error);
  g_assert_no_error (error);
}

/* A token in the keyring, as the list holds it */
static KeyfobToken *
store_token (const char *provider_id,
             const char *name,
             const char *secret)
{
  g_autoptr(KeyfobTokenDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobToken *token = NULL;

  draft = keyfob_token_draft_new (keyfob_catalogue_lookup (catalogue, provider_id));
  g_assert_true (keyfob_token_draft_set_name (draft, name, &error));
  g_assert_true (keyfob_token_draft_set_secret (draft, secret, strlen (secret), &error));
  g_assert_no_error (error);
  keyfob_token_list_add_async (token_list, draft, NULL, list_added_cb, &token);
  KEYFOB_TEST_WAIT_UNTIL (token != NULL);

  return token;
}

static void
open_replace (Fixture     *fixture,
              KeyfobToken *token)
{
  fixture->dialog = keyfob_add_dialog_new_replace (NULL, catalogue, token_list, verifier, token);
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  g_signal_connect (fixture->dialog, "token-added", G_CALLBACK (token_added_cb), fixture);
  g_signal_connect (fixture->dialog, "token-replaced", G_CALLBACK (token_replaced_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->dialog)));
}

/* What the keyring says of the token's last check (recording it is the dialog's last act) */
static gboolean
last_result_is (const char *provider_id,
                const char *name,
                const char *result)
{
  g_autoptr(KeyfobToken) stored = find_stored (provider_id, name);

  return stored != NULL && g_strcmp0 (keyfob_token_get_last_result (stored), result) == 0;
}

static void
test_replace_valid (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = store_token ("pulsetic", "Rotated", OLD_PULSETIC_TOKEN);
  g_autoptr(KeyfobToken) stored = NULL;
  g_autofree char *id = g_strdup (keyfob_token_get_id (token));
  g_autofree char *new_preview = keyfob_token_mask (NEW_PULSETIC_TOKEN);
  KeyfobProvider *pulsetic = keyfob_catalogue_lookup (catalogue, "pulsetic");
  const char * const *steps = keyfob_provider_get_create_steps (pulsetic);
  GtkWidget *replace_row;

  keyfob_emulator_set_token (emulator, OLD_PULSETIC_TOKEN, KEYFOB_EMULATOR_VALID);
  keyfob_emulator_set_token (emulator, NEW_PULSETIC_TOKEN, KEYFOB_EMULATOR_VALID);
  open_replace (fixture, token);

  /* The provider is the token's: straight to its steps, which make the new token. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->dialog)), ==, "Replace Token");
  g_assert_cmpstr (current_page (fixture->dialog), ==, "steps");
  g_assert_cmpuint (count_children (template_child (fixture->dialog, "steps_list")), ==,
                    g_strv_length ((char **) steps));
  g_assert_cmpstr (row_title (gtk_widget_get_first_child (template_child (fixture->dialog,
                                                                          "steps_list"))),
                   ==, steps[0]);
  g_assert_true (gtk_widget_get_visible (template_child (fixture->dialog, "cancel_button")));
  g_assert_false (gtk_widget_get_visible (template_child (fixture->dialog, "back_button")));
  /* Nowhere to go back to: there is no choosing another provider. */
  press_shortcut (GTK_WIDGET (fixture->dialog), "<Alt>Left");
  g_assert_cmpstr (current_page (fixture->dialog), ==, "steps");
  click (template_child (fixture->dialog, "next_button"));
  g_assert_cmpstr (current_page (fixture->dialog), ==, "form");

  /* Only the new token: the name is there as context, not to change. */
  replace_row = template_child (fixture->dialog, "replace_row");
  g_assert_true (gtk_widget_is_visible (replace_row));
  g_assert_cmpstr (row_title (replace_row), ==, "Rotated");
  g_assert_false (gtk_widget_is_visible (template_child (fixture->dialog, "name_row")));
  g_assert_false (gtk_widget_is_visible (template_child (fixture->dialog, "expiry_row")));
  g_assert_null (gtk_widget_get_first_child (template_child (fixture->dialog, "fields_box")));
  g_assert_cmpstr (row_title (template_child (fixture->dialog, "token_row")), ==, "New Token");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (template_child (fixture->dialog,
                                                                     "save_button"))),
                   ==, "_Replace");
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (fixture->dialog)),
                                         template_child (fixture->dialog, "token_row")));

  /* Tested before it replaces the old one */
  type_into (template_child (fixture->dialog, "token_row"), NEW_PULSETIC_TOKEN);
  g_assert_true (gtk_widget_is_sensitive (check_part (fixture->dialog, "test_button")));
  g_assert_false (save_enabled (fixture));
  run_test (fixture);
  g_assert_cmpstr (row_title (check_part (fixture->dialog, "row")), ==, "Valid");
  g_assert_true (save_enabled (fixture));
  assert_secret (token, OLD_PULSETIC_TOKEN);

  click (template_child (fixture->dialog, "save_button"));
  KEYFOB_TEST_WAIT_UNTIL (fixture->n_replaced == 1);
  g_assert_true (fixture->replaced == token);
  g_assert_cmpuint (fixture->n_added, ==, 0);
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);

  /* The same item, id and name, with the new secret and the Test as its last check */
  g_assert_cmpuint (count_stored ("pulsetic", "Rotated"), ==, 1);
  KEYFOB_TEST_WAIT_UNTIL (last_result_is ("pulsetic", "Rotated", "valid"));
  stored = find_stored ("pulsetic", "Rotated");
  g_assert_cmpstr (keyfob_token_get_id (stored), ==, id);
  g_assert_nonnull (keyfob_token_get_last_checked (stored));
  g_assert_nonnull (keyfob_token_get_rotated (stored));
  g_assert_cmpstr (keyfob_token_get_preview (stored), ==, new_preview);
  assert_secret (stored, NEW_PULSETIC_TOKEN);
}

static void
test_replace_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  static const struct
  {
    KeyfobEmulatorBehaviour  behaviour;
    const char              *verdict;
    const char              *reason;
  } refusals[] = {
    { KEYFOB_EMULATOR_INVALID, "Rejected by the provider", "401" },
    { KEYFOB_EMULATOR_FORBIDDEN, NULL, "403" },
    { KEYFOB_EMULATOR_SERVICE_UNAVAILABLE, NULL, "503" },
  };
  g_autoptr(KeyfobToken) token = store_token ("pulsetic", "Not rotated", OLD_PULSETIC_TOKEN);
  g_autofree char *id = g_strdup (keyfob_token_get_id (token));
  g_autoptr(KeyfobToken) stored = NULL;
  AdwMessageDialog *question;

  open_replace (fixture, token);
  click (template_child (fixture->dialog, "next_button"));

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *pasted = g_strdup_printf ("33fea0a1b2c3d4e5f6a7b8c9d0e1cc%02u", i);
      const char *result;

      keyfob_emulator_set_token (emulator, pasted, refusals[i].behaviour);
      type_into (template_child (fixture->dialog, "token_row"), pasted);
      run_test (fixture);

      /* The reason shows; Replace stays off, whatever the button or a shortcut try. */
      if (refusals[i].verdict != NULL)
        g_assert_cmpstr (row_title (check_part (fixture->dialog, "row")), ==,
                         refusals[i].verdict);
      g_assert_cmpstr (row_title (check_part (fixture->dialog, "row")), !=, "Valid");
      g_assert_true (gtk_widget_get_visible (check_part (fixture->dialog, "result_box")));
      result = label_text (check_part (fixture->dialog, "result_label"));
      g_assert_nonnull (strstr (result, refusals[i].reason));
      g_assert_false (save_enabled (fixture));
      gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "add.save", NULL);
      spin (100);
      g_assert_nonnull (fixture->dialog);
      g_assert_cmpuint (fixture->n_replaced, ==, 0);
    }

  /* Leaving asks first, and says the old token stays. */
  g_assert_true (press_shortcut (GTK_WIDGET (fixture->dialog), "Escape"));
  KEYFOB_TEST_WAIT_UNTIL ((question = find_message_dialog ()) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "old token stays"));
  answer (question, KEYFOB_CONFIRM_RESPONSE_CONFIRM);
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);

  g_assert_cmpuint (fixture->n_replaced, ==, 0);
  stored = find_stored ("pulsetic", "Not rotated");
  g_assert_nonnull (stored);
  g_assert_cmpstr (keyfob_token_get_id (stored), ==, id);
  g_assert_null (keyfob_token_get_rotated (stored));
  assert_secret (stored, OLD_PULSETIC_TOKEN);
}

/* The new token has to fit the fields the old one was stored with. */
static void
test_replace_keeps_fields (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = store_token ("pylon", "US bot", PYLON_US_TOKEN);
  GtkWidget *token_error;

  g_assert_cmpstr (g_hash_table_lookup (keyfob_token_get_fields (token), "region"), ==, "us");
  open_replace (fixture, token);
  click (template_child (fixture->dialog, "next_button"));
  token_error = template_child (fixture->dialog, "token_error");

  type_into (template_child (fixture->dialog, "token_row"), PYLON_EU_TOKEN);
  g_assert_true (gtk_widget_get_visible (token_error));
  g_assert_nonnull (strstr (label_text (token_error), "pylon_api_eu_"));
  g_assert_false (gtk_widget_is_sensitive (check_part (fixture->dialog, "test_button")));

  type_into (template_child (fixture->dialog, "token_row"), "pylon_api_0123456789abcdef4567");
  g_assert_false (gtk_widget_get_visible (token_error));
  g_assert_true (gtk_widget_is_sensitive (check_part (fixture->dialog, "test_button")));
  g_assert_false (save_enabled (fixture));
}

/* A token whose provider file has gone: nothing to test a new token with, so nothing to save. */
static void
test_replace_unknown_provider (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(KeyfobToken) token = keyfob_token_new ("gone-provider", "Orphan", "33fe…aaaa", fields,
                                                   NULL);
  GtkWidget *banner;

  open_replace (fixture, token);
  banner = template_child (fixture->dialog, "banner_label");
  g_assert_cmpstr (current_page (fixture->dialog), ==, "form");
  g_assert_true (gtk_widget_is_visible (banner));
  g_assert_nonnull (strstr (label_text (banner), "“gone-provider”"));
  g_assert_cmpstr (row_title (template_child (fixture->dialog, "replace_row")), ==, "Orphan");
  g_assert_false (gtk_widget_is_visible (template_child (fixture->dialog, "token_row")));
  g_assert_false (save_enabled (fixture));
  g_assert_true (gtk_widget_get_visible (template_child (fixture->dialog, "cancel_button")));
  g_assert_false (gtk_widget_get_visible (template_child (fixture->dialog, "back_button")));

  /* Nothing pasted: it closes without asking. */
  g_assert_true (press_shortcut (GTK_WIDGET (fixture->dialog), "Escape"));
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);
  g_assert_null (find_message_dialog ());
}

int
main (int   argc,
      char *argv[])
{
  if (!add_dialog_test_init (&argc, &argv))
    return 77;

  g_test_add ("/ui/add-dialog/replace/valid", Fixture, NULL,
              NULL, test_replace_valid, fixture_teardown);
  g_test_add ("/ui/add-dialog/replace/refused", Fixture, NULL,
              NULL, test_replace_refused, fixture_teardown);
  g_test_add ("/ui/add-dialog/replace/keeps-fields", Fixture, NULL,
              NULL, test_replace_keeps_fields, fixture_teardown);
  g_test_add ("/ui/add-dialog/replace/unknown-provider", Fixture, NULL,
              NULL, test_replace_unknown_provider, fixture_teardown);

  return add_dialog_test_run ();
}
