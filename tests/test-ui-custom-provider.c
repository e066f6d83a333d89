/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "keyfob-add-dialog.h"
#include "keyfob-application.h"
#include "keyfob-check-row.h"
#include "keyfob-confirm.h"
#include "keyfob-custom-provider-dialog.h"
#include "keyfob-preferences-window.h"
#include "keyfob-provider-writer.h"
#include "keyfob-test-async.h"

/* "Other Service…": the form filled in against a vendor of the test's own on loopback, its
 * errors shown where they are, a token tested before anything is saved, then the new provider
 * in the Add dialog, and edited and removed in Preferences. */

#define ACME_TOKEN  "acme-live-0123456789abcdef"
#define OTHER_TOKEN "acme-live-fedcba9876543210"
#define ACME_HEADER "X-Acme-Token"

static KeyfobCatalogue *catalogue;
static KeyfobStore *store;
static KeyfobTokenList *token_list;
static KeyfobVerifier *verifier;
static SoupServer *vendor;
static char *vendor_url;
static guint n_vendor_requests;

/* The vendor: 204 for its one token in the header it names, on the workspace "acme"; else 401. */
static void
vendor_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  const char *token = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    ACME_HEADER);

  n_vendor_requests++;
  if (g_str_equal (path, "/v1/acme/whoami") && g_strcmp0 (token, ACME_TOKEN) == 0)
    soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  else
    soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
}

static void
start_vendor (void)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  vendor = soup_server_new (NULL, NULL);
  soup_server_add_handler (vendor, NULL, vendor_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (vendor, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (vendor);
  vendor_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
}

static GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_true (GTK_IS_WIDGET (found));
  return GTK_WIDGET (found);
}

#define FORM(dialog, name) child ((dialog), KEYFOB_TYPE_CUSTOM_PROVIDER_DIALOG, (name))

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  /* gtk_widget_activate() would click only after a visual press of 250 ms. */
  g_signal_emit_by_name (button, "clicked");
}

static void
type_into (GtkWidget  *editable,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static GtkWindow *
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

/* The first widget under @widget that @match accepts. */
static GtkWidget *
find (GtkWidget  *widget,
      gboolean  (*match) (GtkWidget *, const char *),
      const char *data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find (c, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_row_titled (GtkWidget  *widget,
               const char *title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_button_for (GtkWidget  *widget,
               const char *action_name)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

static gboolean
is_label_saying (GtkWidget  *widget,
                 const char *text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static void
run_test (GtkWidget *dialog)
{
  KeyfobCheckRow *check = KEYFOB_CHECK_ROW (FORM (dialog, "check_row"));

  click (child (check, KEYFOB_TYPE_CHECK_ROW, "test_button"));
  KEYFOB_TEST_WAIT_UNTIL (!keyfob_check_row_get_running (check));
}

static gboolean
can_save (GtkWidget *dialog)
{
  return gtk_widget_is_sensitive (FORM (dialog, "save_button"));
}

static char *
provider_path (const char *id)
{
  g_autofree char *dir = keyfob_provider_writer_dup_dir ();
  g_autofree char *name = g_strconcat (id, ".json", NULL);

  return g_build_filename (dir, name, NULL);
}

static void
test_add (void)
{
  g_autoptr(KeyfobAddDialog) add = g_object_ref_sink (keyfob_add_dialog_new (NULL, catalogue,
                                                                             token_list,
                                                                             verifier));
  g_autofree char *url = g_strconcat (vendor_url, "/v1/{workspace}/whoami", NULL);
  g_autofree char *path = provider_path ("acme-cloud");
  GtkWidget *dialog;
  GtkWidget *field;
  GtkWidget *error;
  gpointer add_pointer = NULL;
  guint requests;

  gtk_window_present (GTK_WINDOW (add));
  gtk_widget_activate (child (add, KEYFOB_TYPE_ADD_DIALOG, "other_service_row"));
  dialog = GTK_WIDGET (find_window (KEYFOB_TYPE_CUSTOM_PROVIDER_DIALOG));
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  type_into (FORM (dialog, "name_row"), "Acme Cloud");
  adw_combo_row_set_selected (ADW_COMBO_ROW (FORM (dialog, "auth_row")),
                              KEYFOB_CUSTOM_AUTH_HEADER);
  g_assert_true (gtk_widget_get_visible (FORM (dialog, "header_row")));
  type_into (FORM (dialog, "header_row"), ACME_HEADER);
  type_into (FORM (dialog, "success_row"), "204");
  type_into (FORM (dialog, "token_row"), OTHER_TOKEN);

  /* Core's message, under the address: nothing asked, nothing saved. */
  type_into (FORM (dialog, "url_row"), "ftp://acme.example/whoami");
  run_test (dialog);
  error = FORM (dialog, "url_error");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error)), "https://"));
  g_assert_true (gtk_widget_has_css_class (FORM (dialog, "url_row"), "error"));
  g_assert_cmpuint (n_vendor_requests, ==, 0);
  g_assert_false (can_save (dialog));

  /* The placeholder becomes a value to fill in before the token can be tested. */
  type_into (FORM (dialog, "url_row"), url);
  g_assert_false (gtk_widget_get_visible (error));
  run_test (dialog);
  field = find (FORM (dialog, "test_group"), is_row_titled, "workspace");
  g_assert_nonnull (field);
  g_assert_nonnull (find (FORM (dialog, "check_row"), is_label_saying, "{workspace}"));
  g_assert_cmpuint (n_vendor_requests, ==, 0);

  /* A token the vendor rejects: the check works, but is no reason to save. */
  type_into (field, "acme");
  run_test (dialog);
  g_assert_cmpuint (n_vendor_requests, ==, 1);
  g_assert_false (can_save (dialog));

  /* Accepted: Save, until the form changes. */
  type_into (FORM (dialog, "token_row"), ACME_TOKEN);
  run_test (dialog);
  g_assert_cmpuint (n_vendor_requests, ==, 2);
  g_assert_true (can_save (dialog));
  type_into (FORM (dialog, "rejected_row"), "401, 403");
  g_assert_false (can_save (dialog));
  run_test (dialog);
  g_assert_true (can_save (dialog));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  requests = n_vendor_requests;
  click (FORM (dialog, "save_button"));
  KEYFOB_TEST_WAIT_UNTIL (dialog == NULL);
  g_assert_cmpuint (n_vendor_requests, ==, requests);

  /* In the catalogue and the folder, and in the Add dialog, whose form has the token and the
   * value it passed with. */
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (keyfob_catalogue_lookup (catalogue, "acme-cloud"));
  g_assert_nonnull (find (child (add, KEYFOB_TYPE_ADD_DIALOG, "providers_list"), is_row_titled,
                          "Acme Cloud"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (child (add, KEYFOB_TYPE_ADD_DIALOG, "stack"))), ==, "form");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (add, KEYFOB_TYPE_ADD_DIALOG,
                                                               "token_row"))), ==, ACME_TOKEN);
  field = find (child (add, KEYFOB_TYPE_ADD_DIALOG, "fields_box"), is_row_titled, "workspace");
  g_assert_nonnull (field);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "acme");

  /* Named, tested and stored as any token. */
  type_into (child (add, KEYFOB_TYPE_ADD_DIALOG, "name_row"), "Deploy");
  click (child (child (add, KEYFOB_TYPE_ADD_DIALOG, "check_row"), KEYFOB_TYPE_CHECK_ROW,
                "test_button"));
  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_is_sensitive (child (add, KEYFOB_TYPE_ADD_DIALOG,
                                                          "save_button")));
  g_signal_connect_swapped (add, "token-added", G_CALLBACK (g_nullify_pointer), &add_pointer);
  add_pointer = add;
  click (child (add, KEYFOB_TYPE_ADD_DIALOG, "save_button"));
  KEYFOB_TEST_WAIT_UNTIL (add_pointer == NULL);
  KEYFOB_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (token_list)) == 1);

  gtk_window_destroy (GTK_WINDOW (add));
}

static gboolean
is_button_labelled (GtkWidget  *widget,
                    const char *label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)),
                                              label) == 0;
}

/* Clicks the question's confirming answer, as a person would. */
static void
answer_confirm (void)
{
  GtkWindow *question = NULL;
  const char *label;

  KEYFOB_TEST_WAIT_UNTIL ((question = find_window (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  label = adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (question),
                                                 KEYFOB_CONFIRM_RESPONSE_CONFIRM);
  click (find (GTK_WIDGET (question), is_button_labelled, label));
}

/* Listed in Preferences: Edit shows the form as saved, Remove takes it away for good. */
static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (KEYFOB_APPLICATION_ID);
  g_autoptr(KeyfobPreferencesWindow) preferences = NULL;
  g_autofree char *path = provider_path ("acme-cloud");
  GtkWidget *services;
  GtkWidget *row;
  GtkWidget *dialog;

  g_assert_nonnull (keyfob_catalogue_lookup (catalogue, "acme-cloud"));
  preferences = g_object_ref_sink (keyfob_preferences_window_new (NULL, settings, catalogue,
                                                                  verifier));
  gtk_window_present (GTK_WINDOW (preferences));
  services = child (preferences, KEYFOB_TYPE_PREFERENCES_WINDOW, "services_group");
  g_assert_true (gtk_widget_get_visible (services));
  row = find (services, is_row_titled, "Acme Cloud");
  g_assert_nonnull (row);

  click (find (row, is_button_for, "prefs.edit-service"));
  dialog = GTK_WIDGET (find_window (KEYFOB_TYPE_CUSTOM_PROVIDER_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (FORM (dialog, "name_row"))), ==,
                   "Acme Cloud");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (FORM (dialog, "header_row"))), ==,
                   ACME_HEADER);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (FORM (dialog, "rejected_row"))), ==,
                   "401, 403");
  g_assert_false (can_save (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  click (find (row, is_button_for, "prefs.remove-service"));
  answer_confirm ();
  KEYFOB_TEST_WAIT_UNTIL (keyfob_catalogue_lookup (catalogue, "acme-cloud") == NULL &&
                          !gtk_widget_get_visible (services));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_assert_true (keyfob_catalogue_load_finish (KEYFOB_CATALOGUE (object), result, NULL));
  *(gboolean *) user_data = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  gboolean loaded = FALSE;
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  /* The vendor is reached at its own address, as a user's would be. */
  g_unsetenv ("KEYFOB_ENDPOINT_OVERRIDE");
  start_vendor ();

  catalogue = keyfob_catalogue_new ();
  keyfob_catalogue_load_async (catalogue, NULL, loaded_cb, &loaded);
  KEYFOB_TEST_WAIT_UNTIL (loaded);
  store = keyfob_store_new ();
  keyfob_store_set_catalogue (store, catalogue);
  token_list = keyfob_token_list_new (store);
  verifier = keyfob_verifier_new ();

  /* In this order: Preferences edits and removes what the Add dialog saved. */
  g_test_add_func ("/ui/custom-provider/add", test_add);
  g_test_add_func ("/ui/custom-provider/preferences", test_preferences);

  status = g_test_run ();

  g_clear_object (&verifier);
  g_clear_object (&token_list);
  g_clear_object (&store);
  g_clear_object (&catalogue);
  g_clear_object (&vendor);
  g_free (vendor_url);

  return status;
}
