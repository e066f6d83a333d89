/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-add-dialog"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "keyfob-provider-row.h"
#include "keyfob-step-row.h"
#include "keyfob-test-add-dialog.h"
#include "keyfob-test-gtk.h"

/* The Add dialog's pages: choosing a provider, its steps (and their dashboard button, with
 * no browser to open it), the form's labels and focus, and the ways back. */

/* Page 1 and 2 */

static void
test_providers_page (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *list = template_child (fixture->dialog, "providers_list");
  GtkWidget *row;

  g_assert_cmpstr (current_page (fixture->dialog), ==, "providers");
  g_assert_true (gtk_widget_get_visible (template_child (fixture->dialog, "cancel_button")));
  g_assert_false (gtk_widget_get_visible (template_child (fixture->dialog, "back_button")));
  g_assert_false (gtk_widget_get_visible (template_child (fixture->dialog, "save_button")));
  g_assert_cmpuint (count_children (list), ==, keyfob_catalogue_get_providers (catalogue)->len);
  g_assert_cmpuint (count_children (list), >=, 4);

  row = find_provider_row (fixture->dialog, "Cutover");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Runbook and release orchestration");
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_assert_true (keyfob_provider_row_get_provider (KEYFOB_PROVIDER_ROW (row)) ==
                 keyfob_catalogue_lookup (catalogue, "cutover"));
  g_assert_nonnull (find_provider_row (fixture->dialog, "Pulsetic"));
  g_assert_nonnull (find_provider_row (fixture->dialog, "Pushly"));
  g_assert_nonnull (find_provider_row (fixture->dialog, "Pylon"));

  /* Back from the steps returns here; Back from the form returns to the steps. */
  choose_from_list (fixture, "Pushly");
  click (template_child (fixture->dialog, "next_button"));
  g_assert_cmpstr (current_page (fixture->dialog), ==, "form");
  click (template_child (fixture->dialog, "back_button"));
  g_assert_cmpstr (current_page (fixture->dialog), ==, "steps");
  click (template_child (fixture->dialog, "back_button"));
  g_assert_cmpstr (current_page (fixture->dialog), ==, "providers");
}

static void
test_steps_page (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *steps = template_child (fixture->dialog, "steps_list");
  GtkWidget *group = template_child (fixture->dialog, "steps_group");
  GtkWidget *shown_once = template_child (fixture->dialog, "shown_once_row");
  GtkWidget *dashboard = template_child (fixture->dialog, "dashboard_button");
  const char *description;

  choose_from_list (fixture, "Pushly");
  g_assert_cmpuint (count_children (steps), ==, 5);
  g_assert_cmpstr (row_title (gtk_widget_get_first_child (steps)), ==,
                   "In Pushly, open Domain Settings, then API Tokens.");
  g_assert_true (KEYFOB_IS_STEP_ROW (gtk_widget_get_first_child (steps)));
  g_assert_cmpuint (keyfob_step_row_get_number (KEYFOB_STEP_ROW (gtk_widget_get_last_child
                                                                   (steps))), ==, 5);
  /* Screen readers hear the number with the step. */
  gtk_test_accessible_assert_property (gtk_widget_get_first_child (steps),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Step 1: In Pushly, open Domain Settings, then API Tokens.");
  g_assert_nonnull (strstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)),
                            "Pushly"));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)),
                            "Domain Admin"));
  g_assert_true (gtk_widget_is_visible (shown_once));
  g_assert_cmpstr (row_title (shown_once), ==,
                   "Pushly shows the token only once: keep its window open until Keyfob has it.");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (dashboard)), ==, "Open Pushly Dashboard");
  g_assert_true (gtk_widget_is_sensitive (dashboard));

  /* Pulsetic keeps its keys viewable: no warning; its steps replace Pushly's. */
  click (template_child (fixture->dialog, "back_button"));
  choose_from_list (fixture, "Pulsetic");
  g_assert_cmpuint (count_children (steps), ==, 5);
  g_assert_cmpstr (row_title (gtk_widget_get_first_child (steps)), ==,
                   "Log in to your Pulsetic account and open the API page.");
  g_assert_false (gtk_widget_is_visible (shown_once));
  description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group));
  g_assert_true (description == NULL || description[0] == '\0');

  /* Cutover's dashboard needs the instance, which is not known yet. */
  keyfob_add_dialog_select_provider (fixture->dialog, "cutover");
  g_assert_cmpuint (count_children (steps), ==, 9);
  g_assert_true (gtk_widget_is_visible (shown_once));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)),
                            "Global User Admin"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (dashboard)), ==, "Open Cutover Help");

  /* Once the form has the instance, the same button opens (and says) the dashboard. */
  click (template_child (fixture->dialog, "next_button"));
  type_into (field_input (fixture->dialog, "instance"), "acme");
  click (template_child (fixture->dialog, "back_button"));
  g_assert_cmpstr (current_page (fixture->dialog), ==, "steps");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (dashboard)), ==, "Open Cutover Dashboard");
  /* An instance core refuses does not complete the address. */
  click (template_child (fixture->dialog, "next_button"));
  type_into (field_input (fixture->dialog, "instance"), "acme/x y");
  click (template_child (fixture->dialog, "back_button"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (dashboard)), ==, "Open Cutover Help");

  /* An id the catalogue does not know leaves the choice to the user. */
  keyfob_add_dialog_select_provider (fixture->dialog, "no-such-provider");
  g_assert_cmpstr (current_page (fixture->dialog), ==, "providers");
}

static void
test_form_labels (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *focus;
  GtkWidget *paste;
  GtkWidget *back;

  go_to_form (fixture, "pushly");
  /* The first thing to fill in has the focus; Enter means Save there. */
  focus = gtk_window_get_focus (GTK_WINDOW (fixture->dialog));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, template_child (fixture->dialog, "name_row")));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (fixture->dialog)) ==
                 template_child (fixture->dialog, "save_button"));
  g_assert_cmpstr (row_title (template_child (fixture->dialog, "name_row")), ==,
                   "Token Label");
  g_assert_cmpstr (row_title (field_input (fixture->dialog, "domain_id")),
                   ==, "Domain ID");
  g_assert_true (ADW_IS_COMBO_ROW (field_input (fixture->dialog, "api")));
  g_assert_false (gtk_widget_is_visible (template_child (fixture->dialog, "expiry_row")));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (template_child (fixture->dialog, "token_row")));
  g_assert_false (save_enabled (fixture));
  g_assert_false (gtk_widget_is_sensitive (check_part (fixture->dialog, "test_button")));

  click (template_child (fixture->dialog, "back_button"));
  click (template_child (fixture->dialog, "back_button"));
  choose_from_list (fixture, "Cutover");
  click (template_child (fixture->dialog, "next_button"));
  g_assert_cmpstr (row_title (template_child (fixture->dialog, "name_row")), ==, "Label");
  g_assert_null (field_input (fixture->dialog, "domain_id"));
  g_assert_cmpstr (row_title (field_input (fixture->dialog, "instance")),
                   ==, "Instance");
  /* The default is there to see, not only filled in behind the user's back. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                     field_input (fixture->dialog, "api_host"))),
                   ==, "api.cutover.net");
  g_assert_true (gtk_widget_is_visible (template_child (fixture->dialog, "expiry_row")));

  /* Icon-only buttons have a tooltip (their accessible labels are set beside it, in the .ui). */
  paste = template_child (fixture->dialog, "paste_button");
  back = template_child (fixture->dialog, "back_button");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (paste), ==, "Paste Token");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (back), ==, "Back");

  /* Alt+Left goes back a page, as Back does; on the first page there is nowhere to go. */
  g_assert_true (press_shortcut (GTK_WIDGET (fixture->dialog), "<Alt>Left"));
  g_assert_cmpstr (current_page (fixture->dialog), ==, "steps");
  g_assert_true (press_shortcut (GTK_WIDGET (fixture->dialog), "<Alt>Left"));
  g_assert_cmpstr (current_page (fixture->dialog), ==, "providers");
  press_shortcut (GTK_WIDGET (fixture->dialog), "<Alt>Left");
  g_assert_cmpstr (current_page (fixture->dialog), ==, "providers");
  g_assert_nonnull (fixture->dialog);
}

/* The steps page: what matters before the first step comes first */

/* Whether A comes before B among their parent's children */
static gboolean
comes_before (GtkWidget *a,
              GtkWidget *b)
{
  g_assert_true (gtk_widget_get_parent (a) == gtk_widget_get_parent (b));

  for (GtkWidget *next = gtk_widget_get_next_sibling (a);
       next != NULL;
       next = gtk_widget_get_next_sibling (next))
    if (next == b)
      return TRUE;

  return FALSE;
}

static void
test_shown_once_first (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *warning = template_child (fixture->dialog, "shown_once_list");
  GtkWidget *steps = template_child (fixture->dialog, "steps_group");

  /* Cutover: nine steps, and the warning above the first of them, not below the ninth. */
  keyfob_add_dialog_select_provider (fixture->dialog, "cutover");
  g_assert_cmpuint (count_children (template_child (fixture->dialog, "steps_list")), ==, 9);
  g_assert_true (gtk_widget_is_visible (warning));
  g_assert_true (gtk_widget_is_ancestor (template_child (fixture->dialog, "shown_once_row"),
                                         warning));
  g_assert_true (comes_before (warning, steps));

  keyfob_add_dialog_select_provider (fixture->dialog, "pushly");
  g_assert_true (gtk_widget_is_visible (warning));
  g_assert_true (comes_before (warning, steps));
}

/* No browser: the address, to copy */

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static void
no_browser_in_subprocess (void)
{
  Fixture fixture_ = { 0 };
  Fixture *fixture = &fixture_;
  KeyfobProvider *pushly = keyfob_catalogue_lookup (catalogue, "pushly");
  g_autofree char *url = keyfob_provider_dup_help_url (pushly, NULL);
  g_autofree char *copied = NULL;
  AdwMessageDialog *question;
  GtkWidget *address;

  /* What the parent set up: nothing opens a web address here. */
  g_assert_null (g_app_info_get_default_for_uri_scheme ("https"));
  g_assert_nonnull (url);

  fixture_setup (fixture, NULL);
  keyfob_add_dialog_select_provider (fixture->dialog, "pushly");
  click (template_child (fixture->dialog, "dashboard_button"));

  /* Not GTK's “Operation not supported”: a plain message, the address and a way to copy it. */
  KEYFOB_TEST_WAIT_UNTIL ((question = find_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "No Browser Found");
  g_assert_null (strstr (adw_message_dialog_get_body (question), "not supported"));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) ==
                 GTK_WINDOW (fixture->dialog));
  address = find_label (GTK_WIDGET (question), url);
  g_assert_nonnull (address);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (address)));
  g_assert_cmpstr (adw_message_dialog_get_response_label (question, "copy"), ==,
                   "_Copy Address");

  answer (question, "copy");
  KEYFOB_TEST_WAIT_UNTIL (find_message_dialog () == NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (fixture->dialog)), NULL,
                                 read_text_cb, &copied);
  KEYFOB_TEST_WAIT_UNTIL (copied != NULL);
  g_assert_cmpstr (copied, ==, url);

  /* The dialog itself carries on. */
  g_assert_nonnull (fixture->dialog);
  g_assert_cmpstr (current_page (fixture->dialog), ==, "steps");

  fixture_teardown (fixture, NULL);
}

/* Runs the test in a process whose XDG dirs hold no browser, whatever the machine has. */
static void
test_no_browser (void)
{
  g_autofree char *empty = NULL;
  g_autofree char *data_dirs = NULL;
  g_autofree char *config_dirs = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      no_browser_in_subprocess ();
      return;
    }

  empty = g_dir_make_tmp ("keyfob-no-browser-XXXXXX", &error);
  g_assert_no_error (error);
  data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));
  config_dirs = g_strdup (g_getenv ("XDG_CONFIG_DIRS"));

  g_setenv ("XDG_DATA_DIRS", empty, TRUE);
  g_setenv ("XDG_CONFIG_DIRS", empty, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);

  if (data_dirs != NULL)
    g_setenv ("XDG_DATA_DIRS", data_dirs, TRUE);
  else
    g_unsetenv ("XDG_DATA_DIRS");
  if (config_dirs != NULL)
    g_setenv ("XDG_CONFIG_DIRS", config_dirs, TRUE);
  else
    g_unsetenv ("XDG_CONFIG_DIRS");
  g_rmdir (empty);

  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  if (!add_dialog_test_init (&argc, &argv))
    return 77;

  g_test_add ("/ui/add-dialog/providers-page", Fixture, NULL,
              fixture_setup, test_providers_page, fixture_teardown);
  g_test_add ("/ui/add-dialog/steps-page", Fixture, NULL,
              fixture_setup, test_steps_page, fixture_teardown);
  g_test_add ("/ui/add-dialog/form-labels", Fixture, NULL,
              fixture_setup, test_form_labels, fixture_teardown);
  g_test_add ("/ui/add-dialog/steps/shown-once-first", Fixture, NULL,
              fixture_setup, test_shown_once_first, fixture_teardown);
  g_test_add_func ("/ui/add-dialog/no-browser", test_no_browser);

  return add_dialog_test_run ();
}
