/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-test-token-details.h"

/* What the token details page changes and follows: its fields and expiry, written through
 * the list once core's rules allow, and the token changed by another program meanwhile. */

#define ROTATED_TOKEN "fedcba9876543210fedcba9876543210fedcba9876543210"
#define PYLON_TOKEN   "pylon_api_0123456789abcdef"

/* The token as the keyring has it now, read by the other program. */
static KeyfobToken *
reread (Fixture     *fixture,
        KeyfobToken *token)
{
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobToken *stored;

  keyfob_store_find_async (fixture->other, keyfob_token_get_id (token), NULL,
                           keyfob_test_result_cb, &found);
  stored = keyfob_store_find_finish (fixture->other, keyfob_test_wait_for (&found), &error);
  g_assert_no_error (error);

  return stored;
}

static void
assert_stored_field (Fixture     *fixture,
                     KeyfobToken *token,
                     const char  *key,
                     const char  *expected)
{
  g_autoptr(KeyfobToken) stored = reread (fixture, token);

  g_assert_cmpstr (g_hash_table_lookup (keyfob_token_get_fields (stored), key), ==, expected);
}

static void
edit_elsewhere (Fixture          *fixture,
                KeyfobToken      *token,
                KeyfobTokenDraft *(*change) (KeyfobProvider *, KeyfobToken *))
{
  g_autoptr(KeyfobToken) stored = reread (fixture, token);
  KeyfobProvider *provider = keyfob_catalogue_lookup (fixture->catalogue,
                                                      keyfob_token_get_provider_id (stored));
  g_autoptr(KeyfobTokenDraft) draft = change (provider, stored);
  g_autoptr(GAsyncResult) edited = NULL;
  g_autoptr(GError) error = NULL;

  keyfob_store_edit_async (fixture->other, stored, draft, NULL, keyfob_test_result_cb, &edited);
  g_assert_true (keyfob_store_edit_finish (fixture->other, keyfob_test_wait_for (&edited),
                                           &error));
  g_assert_no_error (error);
}

/* The visible error label in @widget, which the row's group holds under its list: not in a
 * row, where an "error" badge says something else. */
static GtkLabel *
find_error (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error") &&
      gtk_widget_get_visible (widget))
    return GTK_LABEL (widget);
  if (ADW_IS_PREFERENCES_ROW (widget))
    return NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_error (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkLabel *
row_error (GtkWidget *row)
{
  return find_error (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP));
}

static KeyfobTokenDraft *
move_instance (KeyfobProvider *provider,
               KeyfobToken    *token)
{
  KeyfobTokenDraft *draft = keyfob_token_draft_new_edit (provider, token);

  g_assert_true (keyfob_token_draft_set_field (draft, "instance", "globex", NULL));
  g_assert_true (keyfob_token_draft_set_expires (draft, "2031-03-04", NULL));
  return draft;
}

static KeyfobTokenDraft *
rotate (KeyfobProvider *provider,
        KeyfobToken    *token)
{
  KeyfobTokenDraft *draft = keyfob_token_draft_new_edit (provider, token);

  g_assert_true (keyfob_token_draft_set_secret (draft, ROTATED_TOKEN, strlen (ROTATED_TOKEN),
                                                NULL));
  return draft;
}

/* Renamed through the list, edited, rotated and deleted by another program: the page follows
 * each while it shows the token. */
static void
test_follows_changes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_cutover (fixture);
  g_autoptr(GAsyncResult) renamed = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(KeyfobToken) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkLabel *name_label = GTK_LABEL (CHILD (fixture, "name_label"));
  GtkWidget *instance;

  /* Never checked, so no account: the rotation has only its own notification to show by. */
  show (fixture, token);
  g_assert_false (is_visible (fixture, "account_row"));
  instance = field_row (fixture, "Instance");

  keyfob_token_list_rename_async (fixture->tokens, token, "Deploy bot", NULL,
                                  keyfob_test_result_cb, &renamed);
  g_assert_true (keyfob_token_list_change_finish (fixture->tokens,
                                                  keyfob_test_wait_for (&renamed), &error));
  g_assert_cmpstr (gtk_label_get_text (name_label), ==, "Deploy bot");

  /* A Test run from the window records its check through the list. */
  g_assert_false (is_visible (fixture, "status_row"));
  record_check (fixture, token, NULL);
  g_assert_true (is_visible (fixture, "status_row"));
  g_assert_cmpstr (subtitle (fixture, "status_row"), ==, "403");

  edit_elsewhere (fixture, token, move_instance);
  KEYFOB_TEST_WAIT_UNTIL (g_str_equal (gtk_editable_get_text (GTK_EDITABLE (instance)),
                                       "globex"));
  g_assert_true (g_str_has_prefix (subtitle (fixture, "expiry_row"), "4 March 2031"));

  edit_elsewhere (fixture, token, rotate);
  KEYFOB_TEST_WAIT_UNTIL (is_visible (fixture, "rotated_row"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (CHILD (fixture, "preview_label"))), ==,
                   keyfob_token_get_preview (token));
  g_assert_true (g_str_has_prefix (keyfob_token_get_preview (token), "fedcba"));
  /* A new token has not been checked. */
  g_assert_false (is_visible (fixture, "status_row"));
  g_assert_false (is_visible (fixture, "message_row"));
  g_assert_false (is_visible (fixture, "latency_row"));

  stored = reread (fixture, token);
  keyfob_store_delete_async (fixture->other, stored, NULL, keyfob_test_result_cb, &deleted);
  g_assert_true (keyfob_store_delete_finish (fixture->other, keyfob_test_wait_for (&deleted),
                                             &error));
  KEYFOB_TEST_WAIT_UNTIL (keyfob_token_details_get_token (fixture->details) == NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (CHILD (fixture, "stack"))), ==,
                   "empty");
}

static void
pick_day (Fixture *fixture,
          int      days_from_today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days_from_today);

  gtk_menu_button_popup (GTK_MENU_BUTTON (CHILD (fixture, "expiry_button")));
  gtk_calendar_select_day (GTK_CALENDAR (CHILD (fixture, "expiry_calendar")), day);
  g_signal_emit_by_name (CHILD (fixture, "set_expiry_button"), "clicked");
}

static char *
day_of (GDateTime *date)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (date);

  return g_date_time_format (utc, "%Y-%m-%d");
}

static void
test_expiry (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_cutover (fixture);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) in_3_days = g_date_time_add_days (now, 3);
  g_autoptr(KeyfobToken) stored = NULL;
  g_autoptr(KeyfobToken) cleared = NULL;
  g_autofree char *picked = g_date_time_format (in_3_days, "%Y-%m-%d");
  g_autofree char *kept = NULL;
  GtkWidget *row = CHILD (fixture, "expiry_row");
  GtkWidget *state = CHILD (fixture, "expiry_state");

  show (fixture, token);
  g_assert_true (is_visible (fixture, "expiry_group"));
  g_assert_cmpstr (subtitle (fixture, "expiry_row"), ==, "Never");
  g_assert_false (gtk_widget_get_visible (state));

  /* Three days off, inside the week's warning: saved as the day picked, and it warns. */
  pick_day (fixture, 3);
  KEYFOB_TEST_WAIT_UNTIL (keyfob_token_get_expires (token) != NULL);
  stored = reread (fixture, token);
  kept = day_of (keyfob_token_get_expires (stored));
  g_assert_cmpstr (kept, ==, picked);
  g_assert_true (gtk_widget_get_visible (state));
  g_assert_true (gtk_widget_has_css_class (state, "warning"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (state)), ==, "Expires soon");
  g_assert_null (row_error (row));

  /* The warning window is the user's, and the page follows it. */
  g_settings_set_uint (fixture->settings, "expiry-warning-days", 1);
  KEYFOB_TEST_WAIT_UNTIL (!gtk_widget_get_visible (state));
  g_assert_false (gtk_widget_has_css_class (state, "warning"));
  g_settings_set_uint (fixture->settings, "expiry-warning-days", 7);
  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_has_css_class (state, "warning"));

  /* A day gone by: expired. */
  pick_day (fixture, -2);
  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_has_css_class (state, "error"));
  g_assert_false (gtk_widget_has_css_class (state, "warning"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (state)), ==, "Expired");
  g_assert_null (row_error (row));

  /* No Expiry removes it, from the keyring too. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (CHILD (fixture, "expiry_button")));
  g_signal_emit_by_name (CHILD (fixture, "no_expiry_button"), "clicked");
  KEYFOB_TEST_WAIT_UNTIL (keyfob_token_get_expires (token) == NULL);
  cleared = reread (fixture, token);
  g_assert_null (keyfob_token_get_expires (cleared));
  g_assert_cmpstr (subtitle (fixture, "expiry_row"), ==, "Never");
  g_assert_false (gtk_widget_get_visible (state));
}

/* Bad input is refused by core's rules, shown under its row, and nothing is written. */
static void
test_field_invalid (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_cutover (fixture);
  GtkWidget *row;
  GtkLabel *error;

  show (fixture, token);
  row = field_row (fixture, "Instance");

  gtk_editable_set_text (GTK_EDITABLE (row), "not an instance/path");
  g_signal_emit_by_name (row, "apply");

  error = row_error (row);
  g_assert_nonnull (error);
  g_test_message ("%s", gtk_label_get_text (error));
  g_assert_nonnull (strstr (gtk_label_get_text (error), "instance"));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (g_hash_table_lookup (keyfob_token_get_fields (token), "instance"), ==,
                   "acme");
  assert_stored_field (fixture, token, "instance", "acme");

  /* Typing again clears it. */
  gtk_editable_set_text (GTK_EDITABLE (row), "acme2");
  g_assert_null (row_error (row));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  assert_stored_field (fixture, token, "instance", "acme");
}

static void
test_field_valid (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_cutover (fixture);
  g_autoptr(KeyfobToken) pylon = add_token (fixture, "pylon", "Support desk", PYLON_TOKEN,
                                            NULL, NULL);
  GtkWidget *row;

  show (fixture, token);
  row = field_row (fixture, "Instance");
  gtk_editable_set_text (GTK_EDITABLE (row), "https://globex.cutover.com");
  g_signal_emit_by_name (row, "apply");
  KEYFOB_TEST_WAIT_UNTIL (g_strcmp0 (g_hash_table_lookup (keyfob_token_get_fields (token),
                                                          "instance"), "globex") == 0);
  assert_stored_field (fixture, token, "instance", "globex");
  g_assert_null (row_error (row));

  /* A choice saves as it is made. */
  show (fixture, pylon);
  row = field_row (fixture, "Region");
  g_assert_true (ADW_IS_COMBO_ROW (row));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
  KEYFOB_TEST_WAIT_UNTIL (g_strcmp0 (g_hash_table_lookup (keyfob_token_get_fields (pylon),
                                                          "region"), "eu") == 0);
  assert_stored_field (fixture, pylon, "region", "eu");
}

int
main (int   argc,
      char *argv[])
{
  token_details_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/token-details/follows-changes", test_follows_changes);
  ADD ("/ui/token-details/expiry", test_expiry);
  ADD ("/ui/token-details/field-invalid", test_field_invalid);
  ADD ("/ui/token-details/field-valid", test_field_valid);

#undef ADD

  return g_test_run ();
}
