/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-rename-dialog.h"
#include "keyfob-test-gtk.h"
#include "keyfob-test-rename-revoke.h"

/* The rename dialog: the name as it was, the rules for a new one as you type, the store's
 * refusal of a name taken meanwhile, and the vendor's note where its own name matters. */

static gpointer
rename_child (KeyfobRenameDialog *dialog,
              const char         *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), KEYFOB_TYPE_RENAME_DIALOG, name);
}

static void
renamed_cb (KeyfobRenameDialog *dialog,
            Fixture            *fixture)
{
  fixture->n_renamed++;
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
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);
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
  KEYFOB_TEST_WAIT_UNTIL (fixture->n_renamed == 1);
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);

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
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL || !is_spinning (rename_child (dialog, "spinner")));
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

int
main (int   argc,
      char *argv[])
{
  rename_revoke_test_init (&argc, &argv);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/rename/prefilled", test_rename_prefilled, NULL);
  ADD ("/ui/rename/new-name", test_rename_new_name, NULL);
  ADD ("/ui/rename/invalid", test_rename_invalid, NULL);
  ADD ("/ui/rename/duplicate", test_rename_duplicate, NULL);
  ADD ("/ui/rename/vendor-note/pylon", test_rename_vendor_note, "pylon");
  ADD ("/ui/rename/vendor-note/pulsetic", test_rename_vendor_note, "pulsetic");

#undef ADD

  return rename_revoke_test_run ();
}
