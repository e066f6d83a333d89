/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "keyfob-catalogue.h"
#include "keyfob-store.h"
#include "keyfob-test-async.h"
#include "keyfob-token-details.h"
#include "keyfob-token-list.h"

/* The token details page against the throwaway gnome-keyring and Xvfb of
 * tests/keyfob-test-session. Every change it makes goes through the live list; what another
 * program changes comes from a second store, which the list knows nothing of. */

#define CUTOVER_TOKEN "0123456789abcdef0123456789abcdef0123456789abcdef"
#define ROTATED_TOKEN "fedcba9876543210fedcba9876543210fedcba9876543210"
#define PYLON_TOKEN   "pylon_api_0123456789abcdef"

/* The narrowest the window gets, as a leaflet page. */
#define NARROW_WIDTH 360

typedef struct
{
  KeyfobCatalogue    *catalogue;
  KeyfobStore        *store;
  KeyfobTokenList    *tokens;
  KeyfobStore        *other;     /* another program on the same keyring */
  GSettings          *settings;
  GtkWindow          *window;
  KeyfobTokenDetails *details;   /* weak: the window's */
  gboolean            shown;     /* a token was shown, so the page asked where tokens are */
} Fixture;

#define CHILD(fixture, name) \
  GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET ((fixture)->details), \
                                             KEYFOB_TYPE_TOKEN_DETAILS, name))

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) reloaded = NULL;
  g_autoptr(GError) error = NULL;

  fixture->catalogue = keyfob_catalogue_new ();
  keyfob_catalogue_load_async (fixture->catalogue, NULL, keyfob_test_result_cb, &loaded);
  g_assert_true (keyfob_catalogue_load_finish (fixture->catalogue,
                                               keyfob_test_wait_for (&loaded), &error));
  g_assert_no_error (error);

  fixture->store = keyfob_store_new ();
  keyfob_store_set_catalogue (fixture->store, fixture->catalogue);
  fixture->tokens = keyfob_token_list_new (fixture->store);
  fixture->other = keyfob_store_new ();
  keyfob_store_set_catalogue (fixture->other, fixture->catalogue);
  fixture->settings = g_settings_new ("io.github.keyfob.Keyfob");
  g_settings_set_uint (fixture->settings, "expiry-warning-days", 7);

  keyfob_token_list_reload_async (fixture->tokens, NULL, keyfob_test_result_cb, &reloaded);
  g_assert_true (keyfob_token_list_reload_finish (fixture->tokens,
                                                  keyfob_test_wait_for (&reloaded), &error));

  fixture->details = keyfob_token_details_new (fixture->tokens, fixture->catalogue,
                                               fixture->settings);
  g_object_add_weak_pointer (G_OBJECT (fixture->details), (gpointer *) &fixture->details);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, NARROW_WIDTH, 720);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->details));
  gtk_window_present (fixture->window);
  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->details)));
}

static void
finalize_soon (GObject **object)
{
  g_object_add_weak_pointer (*object, (gpointer *) object);
  g_object_unref (*object);
  KEYFOB_TEST_WAIT_UNTIL (*object == NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* The page's question to the keyring holds it until answered. */
  if (fixture->shown)
    KEYFOB_TEST_WAIT_UNTIL (g_strcmp0 (adw_action_row_get_subtitle (
                              ADW_ACTION_ROW (CHILD (fixture, "service_row"))), "—") != 0);

  gtk_window_destroy (fixture->window);
  KEYFOB_TEST_WAIT_UNTIL (fixture->details == NULL);

  /* Leave the keyring empty for the next test. */
  while (g_list_model_get_n_items (G_LIST_MODEL (fixture->tokens)) > 0)
    {
      g_autoptr(KeyfobToken) token = g_list_model_get_item (G_LIST_MODEL (fixture->tokens), 0);
      g_autoptr(GAsyncResult) deleted = NULL;
      g_autoptr(GError) error = NULL;

      keyfob_token_list_delete_async (fixture->tokens, token, NULL, keyfob_test_result_cb,
                                      &deleted);
      g_assert_true (keyfob_token_list_change_finish (fixture->tokens,
                                                      keyfob_test_wait_for (&deleted), &error));
    }

  /* A read of changed items may still be on its way back: the store goes once it is. */
  g_assert_finalize_object (fixture->tokens);
  finalize_soon ((GObject **) &fixture->store);
  finalize_soon ((GObject **) &fixture->other);
  g_assert_finalize_object (fixture->settings);
  g_assert_finalize_object (fixture->catalogue);
}

/* ---- helpers ---- */

static KeyfobToken *
add_token (Fixture    *fixture,
           const char *provider_id,
           const char *name,
           const char *secret,
           const char *field,
           const char *value)
{
  KeyfobProvider *provider = keyfob_catalogue_lookup (fixture->catalogue, provider_id);
  g_autoptr(KeyfobTokenDraft) draft = keyfob_token_draft_new (provider);
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobToken *token;

  g_assert_true (keyfob_token_draft_set_name (draft, name, &error));
  g_assert_true (keyfob_token_draft_set_secret (draft, secret, strlen (secret), &error));
  if (field != NULL)
    g_assert_true (keyfob_token_draft_set_field (draft, field, value, &error));
  g_assert_no_error (error);

  keyfob_token_list_add_async (fixture->tokens, draft, NULL, keyfob_test_result_cb, &added);
  token = keyfob_token_list_add_finish (fixture->tokens, keyfob_test_wait_for (&added), &error);
  g_assert_no_error (error);

  return token;
}

static KeyfobToken *
add_cutover (Fixture *fixture)
{
  return add_token (fixture, "cutover", "Release bot", CUTOVER_TOKEN, "instance", "acme");
}

static void
show (Fixture     *fixture,
      KeyfobToken *token)
{
  keyfob_token_details_set_token (fixture->details, token);
  fixture->shown = fixture->shown || token != NULL;
}

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

/* A row of the page, by its title: the field rows are made for each token's provider. */
static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
field_row (Fixture    *fixture,
           const char *title)
{
  GtkWidget *row = find_row (CHILD (fixture, "fields_box"), title);

  g_assert_nonnull (row);
  return row;
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

static const char *
subtitle (Fixture    *fixture,
          const char *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (CHILD (fixture, row)));
}

static gboolean
is_visible (Fixture    *fixture,
            const char *name)
{
  return gtk_widget_get_visible (CHILD (fixture, name));
}

/* The text a label inside @widget shows, with the given style class: what a row with
 * use-markup FALSE draws, tags and all. */
static const char *
shown_text (GtkWidget  *widget,
            const char *css_class)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class))
    return gtk_label_get_text (GTK_LABEL (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *found = shown_text (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
record_check (Fixture     *fixture,
              KeyfobToken *token,
              const char  *account)
{
  g_autoptr(KeyfobCheckResult) check = keyfob_check_result_new (KEYFOB_VERDICT_FORBIDDEN);
  g_autoptr(GAsyncResult) recorded = NULL;
  g_autoptr(GError) error = NULL;

  check->http_status = 403;
  check->latency_ms = 87;
  check->account = g_strdup (account);
  check->vendor_message = g_strdup ("Missing <b>scope</b> workspaces.read");
  keyfob_token_list_record_check_async (fixture->tokens, token, check, NULL,
                                        keyfob_test_result_cb, &recorded);
  g_assert_true (keyfob_token_list_change_finish (fixture->tokens,
                                                  keyfob_test_wait_for (&recorded), &error));
  g_assert_no_error (error);
}

/* ---- tests ---- */

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = NULL;
  GtkStack *stack = GTK_STACK (CHILD (fixture, "stack"));

  g_assert_null (keyfob_token_details_get_token (fixture->details));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (CHILD (fixture, "empty_page"))),
                   ==, "Select a Token");

  token = add_cutover (fixture);
  show (fixture, token);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "token");
  show (fixture, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_null (gtk_actionable_get_action_name (GTK_ACTIONABLE (CHILD (fixture,
                                                                        "copy_button"))));
}

static void
test_shows_token (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_cutover (fixture);
  int minimum = 0;

  record_check (fixture, token, "Acme <Inc>");
  show (fixture, token);

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (CHILD (fixture, "name_label"))), ==,
                   "Release bot");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (CHILD (fixture, "provider_label"))), ==,
                   "Cutover");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (CHILD (fixture, "preview_label"))), ==,
                   keyfob_token_get_preview (token));
  g_assert_true (gtk_widget_has_css_class (CHILD (fixture, "preview_label"), "monospace"));

  /* Every field, with the provider's own label. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field_row (fixture, "Instance"))), ==,
                   "acme");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field_row (fixture, "API host"))), ==,
                   "api.cutover.net");

  g_assert_true (is_visible (fixture, "account_row"));
  g_assert_cmpstr (subtitle (fixture, "account_row"), ==, "Acme <Inc>");
  g_assert_cmpstr (subtitle (fixture, "created_row"), !=, "");
  g_assert_false (is_visible (fixture, "rotated_row"));

  g_assert_true (is_visible (fixture, "status_row"));
  g_assert_cmpstr (subtitle (fixture, "status_row"), ==, "403");
  g_assert_cmpstr (subtitle (fixture, "message_row"), ==, "Missing <b>scope</b> workspaces.read");
  g_assert_cmpstr (subtitle (fixture, "latency_row"), ==, "87 ms");
  g_assert_true (is_visible (fixture, "checked_row"));

  /* The vendor's and the provider's words are text, not markup. */
  g_assert_cmpstr (shown_text (CHILD (fixture, "message_row"), "subtitle"), ==,
                   "Missing <b>scope</b> workspaces.read");
  g_assert_cmpstr (shown_text (CHILD (fixture, "account_row"), "subtitle"), ==, "Acme <Inc>");

  /* It fits a phone-sized window. */
  gtk_widget_measure (GTK_WIDGET (fixture->details), GTK_ORIENTATION_HORIZONTAL, -1, &minimum,
                      NULL, NULL, NULL);
  g_test_message ("minimum width %d", minimum);
  g_assert_cmpint (minimum, <=, NARROW_WIDTH);
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

static void
assert_action (Fixture     *fixture,
               const char  *button,
               const char  *action,
               KeyfobToken *token)
{
  GtkActionable *actionable = GTK_ACTIONABLE (CHILD (fixture, button));
  GVariant *target = gtk_actionable_get_action_target_value (actionable);

  g_assert_cmpstr (gtk_actionable_get_action_name (actionable), ==, action);
  g_assert_nonnull (target);
  g_assert_true (g_variant_is_of_type (target, G_VARIANT_TYPE_STRING));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, keyfob_token_get_id (token));
}

static void
test_actions (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(KeyfobToken) first = add_cutover (fixture);
  g_autoptr(KeyfobToken) second = add_token (fixture, "pulsetic", "Uptime",
                                             "pulsetic-token-for-details", NULL, NULL);
  KeyfobToken *tokens[] = { first, second };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      show (fixture, tokens[i]);
      assert_action (fixture, "copy_button", "win.copy-token", tokens[i]);
      assert_action (fixture, "copy_header_button", "win.copy-header", tokens[i]);
      assert_action (fixture, "test_button", "win.test-token", tokens[i]);
      assert_action (fixture, "rename_button", "win.rename-token", tokens[i]);
      assert_action (fixture, "replace_button", "win.replace-token", tokens[i]);
      assert_action (fixture, "revoke_button", "win.revoke-token", tokens[i]);
      assert_action (fixture, "delete_button", "win.delete-token", tokens[i]);
    }

  /* Pulsetic has no fields and its tokens never expire. */
  g_assert_false (is_visible (fixture, "fields_group"));
  g_assert_false (is_visible (fixture, "expiry_group"));
}

static void
test_where_stored (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(KeyfobToken) token = add_cutover (fixture);

  show (fixture, token);
  KEYFOB_TEST_WAIT_UNTIL (g_strcmp0 (subtitle (fixture, "service_row"), "—") != 0);
  g_assert_cmpstr (subtitle (fixture, "service_row"), ==, "GNOME Keyring");
  g_assert_cmpstr (subtitle (fixture, "collection_row"), ==, "Login");
}

int
main (int   argc,
      char *argv[])
{
  /* Expiry days are shown as picked, whatever the zone: pin one far from UTC. */
  g_setenv ("TZ", "America/Los_Angeles", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/token-details/empty", test_empty);
  ADD ("/ui/token-details/shows-token", test_shows_token);
  ADD ("/ui/token-details/follows-changes", test_follows_changes);
  ADD ("/ui/token-details/expiry", test_expiry);
  ADD ("/ui/token-details/field-invalid", test_field_invalid);
  ADD ("/ui/token-details/field-valid", test_field_valid);
  ADD ("/ui/token-details/actions", test_actions);
  ADD ("/ui/token-details/where-stored", test_where_stored);

#undef ADD

  return g_test_run ();
}
