/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-test-token-details.h"

/* What the token details page shows: nothing chosen, a token with its fields and last check,
 * its actions, and where the keyring keeps it. */

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
  token_details_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/token-details/empty", test_empty);
  ADD ("/ui/token-details/shows-token", test_shows_token);
  ADD ("/ui/token-details/actions", test_actions);
  ADD ("/ui/token-details/where-stored", test_where_stored);

#undef ADD

  return g_test_run ();
}
