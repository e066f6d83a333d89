/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-add-dialog"

#include "config.h"

#include <string.h>

#include "keyfob-test-add-dialog.h"

/* The Add dialog's form: each field's rules, checked as the user types, and the reason for a
 * refusal under the row it is about; the name, and the token pasted. */

static void
select_choice (GtkWidget  *combo,
               const char *label)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      const char *item = gtk_string_list_get_string (GTK_STRING_LIST (model), i);

      if (g_str_equal (item, label))
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
          return;
        }
    }

  g_assert_not_reached ();
}

static const char *
selected_choice (GtkWidget *combo)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));

  return gtk_string_list_get_string (GTK_STRING_LIST (model),
                                     adw_combo_row_get_selected (ADW_COMBO_ROW (combo)));
}

/* Inline validation */

static void
test_cutover_short_token (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *short_token = g_strndup (CUTOVER_TOKEN, 47);
  GtkWidget *token_error = template_child (fixture->dialog, "token_error");

  go_to_form (fixture, "cutover");
  type_into (template_child (fixture->dialog, "name_row"), "Short one");
  type_into (field_input (fixture->dialog, "instance"), "acme");
  type_into (template_child (fixture->dialog, "token_row"), short_token);

  g_assert_true (gtk_widget_get_visible (token_error));
  g_assert_nonnull (strstr (label_text (token_error), "48"));
  g_assert_nonnull (strstr (label_text (token_error), "47"));
  g_assert_true (gtk_widget_has_css_class (template_child (fixture->dialog, "token_row"),
                                           "error"));
  g_assert_false (save_enabled (fixture));
  g_assert_false (gtk_widget_is_sensitive (check_part (fixture->dialog, "test_button")));

  /* The whole token clears it. */
  type_into (template_child (fixture->dialog, "token_row"), CUTOVER_TOKEN);
  g_assert_false (gtk_widget_get_visible (token_error));
  g_assert_true (save_enabled (fixture));

  /* A bad date is refused with a reason; an empty one is fine (it is optional). */
  type_into (template_child (fixture->dialog, "expiry_row"), "2027-13-45");
  g_assert_true (gtk_widget_get_visible (template_child (fixture->dialog, "expiry_error")));
  g_assert_false (save_enabled (fixture));
  type_into (template_child (fixture->dialog, "expiry_row"), "");
  g_assert_false (gtk_widget_get_visible (template_child (fixture->dialog, "expiry_error")));
  g_assert_true (save_enabled (fixture));

  /* A bad instance is refused under its own row. */
  type_into (field_input (fixture->dialog, "instance"), "acme/x y");
  g_assert_true (gtk_widget_get_visible (field_error (fixture->dialog,
                                                                             "instance")));
  g_assert_false (save_enabled (fixture));
}

static void
test_pylon_region_from_prefix (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkWidget *region;
  GtkWidget *region_error;

  go_to_form (fixture, "pylon");
  region = field_input (fixture->dialog, "region");
  region_error = field_error (fixture->dialog, "region");
  g_assert_true (ADW_IS_COMBO_ROW (region));
  g_assert_cmpstr (selected_choice (region), ==, "US");

  type_into (template_child (fixture->dialog, "name_row"), "EU bot");
  type_into (template_child (fixture->dialog, "token_row"), PYLON_EU_TOKEN);
  g_assert_cmpstr (selected_choice (region), ==, "EU");
  g_assert_false (gtk_widget_get_visible (region_error));
  g_assert_true (save_enabled (fixture));

  /* Choosing the other region contradicts the token: core says why, Save waits. */
  select_choice (region, "US");
  g_assert_true (gtk_widget_get_visible (region_error));
  g_assert_nonnull (strstr (label_text (region_error), "pylon_api_eu_"));
  g_assert_false (save_enabled (fixture));

  select_choice (region, "EU");
  g_assert_false (gtk_widget_get_visible (region_error));
  g_assert_true (save_enabled (fixture));

  /* A US token switches it back. */
  type_into (template_child (fixture->dialog, "token_row"), PYLON_US_TOKEN);
  g_assert_cmpstr (selected_choice (region), ==, "US");
  g_assert_true (save_enabled (fixture));
}

static void
test_pushly_bad_domain (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *domain_error;

  go_to_form (fixture, "pushly");
  domain_error = field_error (fixture->dialog, "domain_id");

  type_into (template_child (fixture->dialog, "name_row"), "Bad domain");
  type_into (template_child (fixture->dialog, "token_row"), PUSHLY_TOKEN);
  /* Empty and required: not an error yet, but nothing to save either. */
  g_assert_false (gtk_widget_get_visible (domain_error));
  g_assert_false (save_enabled (fixture));

  type_into (field_input (fixture->dialog, "domain_id"), "abc");
  g_assert_true (gtk_widget_get_visible (domain_error));
  g_assert_nonnull (strstr (label_text (domain_error), "abc"));
  g_assert_nonnull (strstr (label_text (domain_error), "number"));
  g_assert_false (save_enabled (fixture));
  g_assert_false (gtk_widget_is_sensitive (check_part (fixture->dialog, "test_button")));

  type_into (field_input (fixture->dialog, "domain_id"), "12345");
  g_assert_false (gtk_widget_get_visible (domain_error));
  g_assert_true (save_enabled (fixture));
}

/* Each field's own reason under its own row, however many are wrong at once. */
static void
test_two_bad_fields (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *instance_error;
  GtkWidget *host_error;

  go_to_form (fixture, "cutover");
  instance_error = field_error (fixture->dialog, "instance");
  host_error = field_error (fixture->dialog, "api_host");

  type_into (template_child (fixture->dialog, "name_row"), "Two wrongs");
  type_into (template_child (fixture->dialog, "token_row"), CUTOVER_TOKEN);
  type_into (field_input (fixture->dialog, "instance"), "acme/x y");
  type_into (field_input (fixture->dialog, "api_host"), "example.com");

  g_assert_true (gtk_widget_get_visible (instance_error));
  g_assert_nonnull (strstr (label_text (instance_error), "Instance “acme/x y”"));
  g_assert_null (strstr (label_text (instance_error), "API host"));
  g_assert_true (gtk_widget_has_css_class (field_input (fixture->dialog,
                                                                             "instance"),
                                           "error"));
  g_assert_true (gtk_widget_get_visible (host_error));
  g_assert_nonnull (strstr (label_text (host_error), "API host “example.com”"));
  g_assert_null (strstr (label_text (host_error), "Instance"));
  g_assert_true (gtk_widget_has_css_class (field_input (fixture->dialog,
                                                                             "api_host"),
                                           "error"));
  g_assert_false (save_enabled (fixture));
  g_assert_false (gtk_widget_is_sensitive (check_part (fixture->dialog, "test_button")));

  /* Fixing one clears its own message only. */
  type_into (field_input (fixture->dialog, "instance"), "acme");
  g_assert_false (gtk_widget_get_visible (instance_error));
  g_assert_false (gtk_widget_has_css_class (field_input (fixture->dialog,
                                                                              "instance"),
                                            "error"));
  g_assert_true (gtk_widget_get_visible (host_error));
  g_assert_nonnull (strstr (label_text (host_error), "example.com"));
  g_assert_false (save_enabled (fixture));

  type_into (field_input (fixture->dialog, "api_host"), "api.cutover.net");
  g_assert_false (gtk_widget_get_visible (host_error));
  g_assert_true (save_enabled (fixture));
}

static void
test_name_rules (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *long_name = NULL;
  GtkWidget *name_error = template_child (fixture->dialog, "name_error");

  go_to_form (fixture, "pulsetic");
  type_into (template_child (fixture->dialog, "token_row"), PULSETIC_TOKEN);
  type_into (template_child (fixture->dialog, "name_row"), "   ");
  g_assert_false (save_enabled (fixture));

  long_name = g_strnfill (KEYFOB_NAME_MAX_CHARS + 1, 'x');
  type_into (template_child (fixture->dialog, "name_row"), long_name);
  g_assert_true (gtk_widget_get_visible (name_error));
  g_assert_false (save_enabled (fixture));

  type_into (template_child (fixture->dialog, "name_row"), "Fine");
  g_assert_false (gtk_widget_get_visible (name_error));
  g_assert_true (save_enabled (fixture));

  /* A space inside the token is refused (a header line around it is stripped, see paste). */
  type_into (template_child (fixture->dialog, "token_row"),
             "33fea0 a1b2c3d4e5f6a7b8c9d0e1f7b4");
  g_assert_true (gtk_widget_get_visible (template_child (fixture->dialog, "token_error")));
  g_assert_false (save_enabled (fixture));
}

static void
store_added_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  gboolean *stored = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (keyfob_store_add_finish (KEYFOB_STORE (object), result, &error));
  g_assert_no_error (error);
  *stored = TRUE;
}

static void
test_duplicate_name (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(KeyfobToken) first = NULL;
  GtkWidget *name_error;
  gboolean stored = FALSE;

  g_assert_cmpuint (count_stored ("pulsetic", "Twice"), ==, 0);

  /* One already in the keyring */
  {
    g_autoptr(SecretValue) secret = NULL;
    g_autoptr(GError) error = NULL;

    first = keyfob_token_new_from_input (keyfob_catalogue_lookup (catalogue, "pulsetic"),
                                         "Twice", NULL, NULL, PULSETIC_TOKEN,
                                         strlen (PULSETIC_TOKEN), &secret, &error);
    g_assert_no_error (error);
    keyfob_store_add_async (store, first, secret, NULL, store_added_cb, &stored);
  }
  KEYFOB_TEST_WAIT_UNTIL (stored);
  g_assert_cmpuint (count_stored ("pulsetic", "Twice"), ==, 1);

  go_to_form (fixture, "pulsetic");
  name_error = template_child (fixture->dialog, "name_error");
  type_into (template_child (fixture->dialog, "name_row"), "Twice");
  type_into (template_child (fixture->dialog, "token_row"), PULSETIC_TOKEN);
  click (template_child (fixture->dialog, "save_button"));
  /* Until the save is over: added, or refused in one way or another. */
  KEYFOB_TEST_WAIT_UNTIL (fixture->n_added > 0 || gtk_widget_get_visible (name_error) ||
            gtk_widget_get_visible (template_child (fixture->dialog, "banner_label")));

  g_assert_nonnull (fixture->dialog);
  g_assert_cmpuint (fixture->n_added, ==, 0);
  g_assert_true (gtk_widget_get_visible (name_error));
  g_assert_nonnull (strstr (label_text (name_error), "already called “Twice”"));
  g_assert_false (gtk_widget_get_visible (template_child (fixture->dialog, "banner_label")));
  g_assert_false (save_enabled (fixture));
  g_assert_cmpuint (count_stored ("pulsetic", "Twice"), ==, 1);

  /* Another name clears the refusal. */
  type_into (template_child (fixture->dialog, "name_row"), "Twice (2)");
  g_assert_false (gtk_widget_get_visible (name_error));
  g_assert_true (save_enabled (fixture));
}

static void
test_vendor_refuses_field (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *domain_error;

  keyfob_emulator_set_token (emulator, "pk_unknowndomain0123456789",
                             KEYFOB_EMULATOR_UNKNOWN_DOMAIN);
  go_to_form (fixture, "pushly");
  domain_error = field_error (fixture->dialog, "domain_id");
  type_into (template_child (fixture->dialog, "name_row"), "Wrong domain");
  type_into (field_input (fixture->dialog, "domain_id"), "999");
  type_into (template_child (fixture->dialog, "token_row"), "pk_unknowndomain0123456789");
  run_test (fixture);

  /* A 404 on the domain's path is about the Domain ID, and is shown there. */
  g_assert_true (gtk_widget_get_visible (domain_error));
  g_assert_nonnull (strstr (label_text (domain_error), "Domain ID"));

  type_into (field_input (fixture->dialog, "domain_id"), "123");
  g_assert_false (gtk_widget_get_visible (domain_error));
}

static void
test_paste (Fixture       *fixture,
            gconstpointer  data)
{
  GdkClipboard *clipboard;

  go_to_form (fixture, "pulsetic");
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->dialog));
  gdk_clipboard_set_text (clipboard, "Authorization: " PULSETIC_TOKEN);

  click (template_child (fixture->dialog, "paste_button"));
  KEYFOB_TEST_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (
                         template_child (fixture->dialog, "token_row"))),
                       "Authorization: " PULSETIC_TOKEN) == 0);
  g_assert_false (gtk_widget_get_visible (template_child (fixture->dialog, "token_error")));
  g_assert_true (gtk_widget_is_sensitive (check_part (fixture->dialog, "test_button")));

  gdk_clipboard_set_content (clipboard, NULL);
}

int
main (int   argc,
      char *argv[])
{
  if (!add_dialog_test_init (&argc, &argv))
    return 77;

  g_test_add ("/ui/add-dialog/validate/cutover-short-token", Fixture, NULL,
              fixture_setup, test_cutover_short_token, fixture_teardown);
  g_test_add ("/ui/add-dialog/validate/pylon-region-from-prefix", Fixture, NULL,
              fixture_setup, test_pylon_region_from_prefix, fixture_teardown);
  g_test_add ("/ui/add-dialog/validate/pushly-bad-domain", Fixture, NULL,
              fixture_setup, test_pushly_bad_domain, fixture_teardown);
  g_test_add ("/ui/add-dialog/validate/two-bad-fields", Fixture, NULL,
              fixture_setup, test_two_bad_fields, fixture_teardown);
  g_test_add ("/ui/add-dialog/validate/name", Fixture, NULL,
              fixture_setup, test_name_rules, fixture_teardown);
  g_test_add ("/ui/add-dialog/validate/duplicate-name", Fixture, NULL,
              fixture_setup, test_duplicate_name, fixture_teardown);
  g_test_add ("/ui/add-dialog/validate/vendor-refuses-field", Fixture, NULL,
              fixture_setup, test_vendor_refuses_field, fixture_teardown);
  g_test_add ("/ui/add-dialog/paste", Fixture, NULL,
              fixture_setup, test_paste, fixture_teardown);

  return add_dialog_test_run ();
}
