/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-add-dialog"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "keyfob-add-dialog.h"
#include "keyfob-catalogue.h"
#include "keyfob-check-row.h"
#include "keyfob-confirm.h"
#include "keyfob-emulator.h"
#include "keyfob-field-row.h"
#include "keyfob-provider-row.h"
#include "keyfob-secret.h"
#include "keyfob-step-row.h"
#include "keyfob-store.h"
#include "keyfob-test-async.h"
#include "keyfob-token-list.h"
#include "keyfob-token.h"
#include "keyfob-token-draft.h"
#include "keyfob-verifier.h"

/* Anything that takes longer is a hang, and a failure. */
#define GUARD_SECONDS 10

#define CUTOVER_TOKEN  "0123456789abcdef0123456789abcdef0123456789abcdef"
#define PYLON_US_TOKEN "pylon_api_0123456789abcdef0123"
#define PYLON_EU_TOKEN "pylon_api_eu_0123456789abcdef0123"
#define PUSHLY_TOKEN   "pk_0123456789abcdef0123456789"
#define PULSETIC_TOKEN "33fea0a1b2c3d4e5f6a7b8c9d0e1f7b4"
#define REJECTED_TOKEN "33fea0ffffffffffffffffffffff0000"

static KeyfobCatalogue *catalogue;
static KeyfobStore *store;
static KeyfobTokenList *token_list;
static KeyfobVerifier *verifier;
static KeyfobEmulator *emulator;

typedef struct
{
  KeyfobAddDialog *dialog;       /* weak: the dialog closes itself after saving */
  KeyfobToken     *added;
  guint            n_added;
  KeyfobToken     *replaced;
  guint            n_replaced;
} Fixture;

#define WAIT_FOR(cond)                                                                  \
  G_STMT_START                                                                          \
  {                                                                                     \
    gint64 wait_end = g_get_monotonic_time () +                                         \
      keyfob_test_hang_bound (GUARD_SECONDS) * G_USEC_PER_SEC;                          \
    while (!(cond))                                                                     \
      {                                                                                 \
        if (g_get_monotonic_time () > wait_end)                                         \
          g_error ("%s:%d: waited %d s for %s", __FILE__, __LINE__, GUARD_SECONDS, #cond); \
        if (!g_main_context_iteration (NULL, FALSE))                                    \
          g_usleep (1000);                                                              \
      }                                                                                 \
  }                                                                                     \
  G_STMT_END

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
token_added_cb (KeyfobAddDialog *dialog,
                KeyfobToken     *token,
                Fixture         *fixture)
{
  g_assert_true (KEYFOB_IS_TOKEN (token));
  g_set_object (&fixture->added, token);
  fixture->n_added++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dialog = keyfob_add_dialog_new (NULL, catalogue, token_list, verifier);
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  g_signal_connect (fixture->dialog, "token-added", G_CALLBACK (token_added_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fixture->dialog)));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  GListModel *toplevels;

  if (fixture->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  WAIT_FOR (fixture->dialog == NULL);

  g_clear_object (&fixture->added);
  g_clear_object (&fixture->replaced);

  /* Message dialogs go with their parent. (The list is GTK's: transfer none.) */
  toplevels = gtk_window_get_toplevels ();
  WAIT_FOR (g_list_model_get_n_items (toplevels) == 0);
}

/* Helpers that act as a person would */

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
  g_assert_true (GTK_IS_EDITABLE (editable));
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

/* The GtkText inside an entry row, which gets the key presses. */
static GtkWidget *
find_text (GtkWidget *widget)
{
  if (GTK_IS_TEXT (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text (child);

      if (found != NULL)
        return found;
    }

  return NULL;
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

static const char *
row_title (GtkWidget *row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static const char *
label_text (GtkWidget *label)
{
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The dialog's widgets, as its template names them */

static GtkWidget *
template_child (KeyfobAddDialog *dialog,
                const char      *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), KEYFOB_TYPE_ADD_DIALOG,
                                                  name);

  g_assert_true (GTK_IS_WIDGET (child));
  return GTK_WIDGET (child);
}

static const char *
current_page (KeyfobAddDialog *dialog)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (template_child (dialog, "stack")));
}

static KeyfobFieldRow *
find_field_row (KeyfobAddDialog *dialog,
                const char      *key)
{
  for (GtkWidget *row = gtk_widget_get_first_child (template_child (dialog, "fields_box"));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (keyfob_field_row_get_key (KEYFOB_FIELD_ROW (row)), key))
      return KEYFOB_FIELD_ROW (row);

  return NULL;
}

static GtkWidget *
field_row_child (KeyfobFieldRow *row,
                 const char     *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), KEYFOB_TYPE_FIELD_ROW,
                                                    name));
}

/* The entry or combo row a field shows, whichever its kind; NULL if the form has no KEY. */
static GtkWidget *
field_input (KeyfobAddDialog *dialog,
             const char      *key)
{
  KeyfobFieldRow *row = find_field_row (dialog, key);
  GtkWidget *entry;
  GtkWidget *combo;

  if (row == NULL)
    return NULL;

  entry = field_row_child (row, "entry_row");
  combo = field_row_child (row, "combo_row");
  g_assert_true (gtk_widget_get_visible (entry) != gtk_widget_get_visible (combo));

  return gtk_widget_get_visible (entry) ? entry : combo;
}

static GtkWidget *
field_error (KeyfobAddDialog *dialog,
             const char      *key)
{
  KeyfobFieldRow *row = find_field_row (dialog, key);

  g_assert_nonnull (row);
  return field_row_child (row, "error_label");
}

static KeyfobCheckRow *
check_row (KeyfobAddDialog *dialog)
{
  return KEYFOB_CHECK_ROW (template_child (dialog, "check_row"));
}

/* "row", "test_button", "result_box" or "result_label" */
static GtkWidget *
check_part (KeyfobAddDialog *dialog,
            const char      *name)
{
  GObject *part = gtk_widget_get_template_child (GTK_WIDGET (check_row (dialog)),
                                                 KEYFOB_TYPE_CHECK_ROW, name);

  g_assert_true (GTK_IS_WIDGET (part));
  return GTK_WIDGET (part);
}

static GtkWidget *
find_provider_row (KeyfobAddDialog *dialog,
                   const char      *name)
{
  GtkWidget *list = template_child (dialog, "providers_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (KEYFOB_IS_PROVIDER_ROW (row) && g_strcmp0 (row_title (row), name) == 0)
      return row;

  return NULL;
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

static void
choose_from_list (Fixture    *fixture,
                  const char *provider_name)
{
  GtkWidget *row = find_provider_row (fixture->dialog, provider_name);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (row));
  g_assert_cmpstr (current_page (fixture->dialog), ==, "steps");
}

static void
go_to_form (Fixture    *fixture,
            const char *provider_id)
{
  keyfob_add_dialog_select_provider (fixture->dialog, provider_id);
  g_assert_cmpstr (current_page (fixture->dialog), ==, "steps");
  click (template_child (fixture->dialog, "next_button"));
  g_assert_cmpstr (current_page (fixture->dialog), ==, "form");
}

static gboolean
save_enabled (Fixture *fixture)
{
  return gtk_widget_is_sensitive (template_child (fixture->dialog, "save_button"));
}

static void
run_test (Fixture *fixture)
{
  click (check_part (fixture->dialog, "test_button"));
  g_assert_true (keyfob_check_row_get_running (check_row (fixture->dialog)));
  WAIT_FOR (!keyfob_check_row_get_running (check_row (fixture->dialog)));
}

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

/* The keyring, read back through core */

static void
store_list_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GPtrArray **tokens = user_data;
  g_autoptr(GError) error = NULL;

  *tokens = keyfob_store_list_finish (KEYFOB_STORE (object), result, &error);
  g_assert_no_error (error);
}

static GPtrArray *
list_tokens (void)
{
  GPtrArray *tokens = NULL;

  keyfob_store_list_async (store, NULL, store_list_cb, &tokens);
  WAIT_FOR (tokens != NULL);

  return tokens;
}

static guint
count_stored (const char *provider_id,
              const char *name)
{
  g_autoptr(GPtrArray) tokens = list_tokens ();
  guint n = 0;

  for (guint i = 0; i < tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (tokens, i);

      if (g_str_equal (keyfob_token_get_provider_id (token), provider_id) &&
          g_str_equal (keyfob_token_get_name (token), name))
        n++;
    }

  return n;
}

static KeyfobToken *
find_stored (const char *provider_id,
             const char *name)
{
  g_autoptr(GPtrArray) tokens = list_tokens ();

  for (guint i = 0; i < tokens->len; i++)
    {
      KeyfobToken *token = g_ptr_array_index (tokens, i);

      if (g_str_equal (keyfob_token_get_provider_id (token), provider_id) &&
          g_str_equal (keyfob_token_get_name (token), name))
        return g_object_ref (token);
    }

  return NULL;
}

typedef struct
{
  SecretValue *value;
  gboolean     done;
} SecretWait;

static void
load_secret_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SecretWait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->value = keyfob_store_load_secret_finish (KEYFOB_STORE (object), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static void
assert_secret (KeyfobToken *token,
               const char  *expected)
{
  SecretWait wait = { NULL, FALSE };
  gsize length = 0;
  const char *text;

  keyfob_store_load_secret_async (store, token, NULL, load_secret_cb, &wait);
  WAIT_FOR (wait.done);

  g_assert_nonnull (wait.value);
  text = secret_value_get (wait.value, &length);
  g_assert_cmpuint (length, ==, strlen (expected));
  g_assert_cmpmem (text, length, expected, strlen (expected));
  secret_value_unref (wait.value);
}

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

/* Adding, once per provider */

typedef struct
{
  const char *provider_id;
  const char *provider_name;  /* chosen on page 1 when set, else select_provider() */
  const char *name;
  const char *field_key;
  const char *field_value;
  const char *expires;
  const char *pasted;
  const char *token;          /* as stored */
  const char *account;        /* what the vendor's answer names, if anything */
  const char *stored_key[3];
  const char *stored_value[3];
  gboolean    press_enter;    /* in the token row, rather than click Save */
} AddCase;

static const AddCase add_cutover = {
  "cutover", NULL, "Release bot", "instance", "https://acme.cutover.com", "2027-06-30",
  "  Bearer " CUTOVER_TOKEN "  ", CUTOVER_TOKEN, "Acme Inc",
  { "instance", "api_host", NULL }, { "acme", "api.cutover.net", NULL },
};

static const AddCase add_pylon = {
  "pylon", "Pylon", "Support sync", NULL, NULL, NULL,
  PYLON_EU_TOKEN, PYLON_EU_TOKEN, "Acme Inc",
  { "region", NULL }, { "eu", NULL },
};

static const AddCase add_pushly = {
  "pushly", NULL, "Newsletter pushes", "domain_id", " 123 ", NULL,
  PUSHLY_TOKEN, PUSHLY_TOKEN, "Acme Inc",
  { "domain_id", "api", NULL }, { "123", "current", NULL },
};

static const AddCase add_pulsetic = {
  "pulsetic", NULL, "Uptime dashboard", NULL, NULL, NULL,
  PULSETIC_TOKEN "\t", PULSETIC_TOKEN, NULL,
  { NULL }, { NULL }, TRUE,
};

static void
test_add (Fixture       *fixture,
          gconstpointer  data)
{
  const AddCase *add = data;
  g_autoptr(KeyfobToken) stored = NULL;
  GtkWidget *check_row;
  GtkWidget *result_box;
  const char *result;
  GHashTable *fields;

  keyfob_emulator_set_token (emulator, add->token, KEYFOB_EMULATOR_VALID);
  g_assert_cmpuint (count_stored (add->provider_id, add->name), ==, 0);

  if (add->provider_name != NULL)
    {
      choose_from_list (fixture, add->provider_name);
      click (template_child (fixture->dialog, "next_button"));
    }
  else
    {
      go_to_form (fixture, add->provider_id);
    }

  type_into (template_child (fixture->dialog, "name_row"), add->name);
  if (add->field_key != NULL)
    type_into (field_input (fixture->dialog, add->field_key),
               add->field_value);
  if (add->expires != NULL)
    type_into (template_child (fixture->dialog, "expiry_row"), add->expires);
  g_assert_false (save_enabled (fixture));
  type_into (template_child (fixture->dialog, "token_row"), add->pasted);

  g_assert_false (gtk_widget_get_visible (template_child (fixture->dialog, "token_error")));
  g_assert_false (gtk_widget_get_visible (template_child (fixture->dialog, "name_error")));
  g_assert_true (save_enabled (fixture));

  /* The live check, before anything is stored */
  result_box = check_part (fixture->dialog, "result_box");
  g_assert_false (gtk_widget_get_visible (result_box));
  run_test (fixture);
  check_row = check_part (fixture->dialog, "row");
  result = label_text (check_part (fixture->dialog, "result_label"));
  g_assert_cmpstr (row_title (check_row), ==, "Valid");
  if (add->account != NULL)
    g_assert_nonnull (strstr (result, add->account));
  else
    g_assert_cmpstr (result, ==, "Pulsetic accepted the token.");
  /* An alert, so that screen readers say it; what it holds is still a label. */
  g_assert_true (gtk_widget_get_visible (result_box));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (result_box), GTK_ACCESSIBLE_ROLE_ALERT);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (check_part (fixture->dialog, "result_label")),
                                   GTK_ACCESSIBLE_ROLE_LABEL);
  g_assert_cmpuint (count_stored (add->provider_id, add->name), ==, 0);

  /* Save */
  g_assert_true (save_enabled (fixture));
  if (add->press_enter)
    {
      GtkWidget *text = find_text (template_child (fixture->dialog, "token_row"));

      /* What GtkText does on Enter */
      g_assert_nonnull (text);
      g_signal_emit_by_name (text, "activate");
    }
  else
    {
      click (template_child (fixture->dialog, "save_button"));
    }
  WAIT_FOR (fixture->n_added == 1);
  g_assert_cmpstr (keyfob_token_get_name (fixture->added), ==, add->name);
  g_assert_cmpstr (keyfob_token_get_provider_id (fixture->added), ==, add->provider_id);
  WAIT_FOR (fixture->dialog == NULL);
  /* The Test's result is the new token's last check, not "Never". */
  WAIT_FOR (g_strcmp0 (keyfob_token_get_last_result (fixture->added), "valid") == 0);

  /* What the keyring holds */
  stored = find_stored (add->provider_id, add->name);
  g_assert_nonnull (stored);
  g_assert_cmpstr (keyfob_token_get_last_result (stored), ==, "valid");
  g_assert_nonnull (keyfob_token_get_last_checked (stored));
  g_assert_cmpuint (count_stored (add->provider_id, add->name), ==, 1);
  fields = keyfob_token_get_fields (stored);
  for (guint i = 0; add->stored_key[i] != NULL; i++)
    g_assert_cmpstr (g_hash_table_lookup (fields, add->stored_key[i]), ==, add->stored_value[i]);
  if (add->stored_key[0] == NULL)
    g_assert_cmpuint (g_hash_table_size (fields), ==, 0);

  if (add->expires != NULL)
    {
      g_autofree char *expires = NULL;

      g_assert_nonnull (keyfob_token_get_expires (stored));
      expires = g_date_time_format (keyfob_token_get_expires (stored), "%Y-%m-%d");
      g_assert_cmpstr (expires, ==, add->expires);
    }
  else
    {
      g_assert_null (keyfob_token_get_expires (stored));
    }

  assert_secret (stored, add->token);
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
  WAIT_FOR (stored);
  g_assert_cmpuint (count_stored ("pulsetic", "Twice"), ==, 1);

  go_to_form (fixture, "pulsetic");
  name_error = template_child (fixture->dialog, "name_error");
  type_into (template_child (fixture->dialog, "name_row"), "Twice");
  type_into (template_child (fixture->dialog, "token_row"), PULSETIC_TOKEN);
  click (template_child (fixture->dialog, "save_button"));
  /* Until the save is over: added, or refused in one way or another. */
  WAIT_FOR (fixture->n_added > 0 || gtk_widget_get_visible (name_error) ||
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

/* Questions the dialog asks */

static void
fill_valid_pushly (Fixture    *fixture,
                   const char *name)
{
  go_to_form (fixture, "pushly");
  type_into (template_child (fixture->dialog, "name_row"), name);
  type_into (field_input (fixture->dialog, "domain_id"), "123");
  type_into (template_child (fixture->dialog, "token_row"), PUSHLY_TOKEN);
  g_assert_true (save_enabled (fixture));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Clicks the response button, as a person would: that also closes the question. */
static void
answer (AdwMessageDialog *question,
        const char       *response)
{
  GtkWidget *button = find_button (GTK_WIDGET (question),
                                   adw_message_dialog_get_response_label (question, response));

  g_assert_nonnull (button);
  click (button);
}

/* One way to ask, for the whole app */

typedef struct
{
  gboolean  done;
  gboolean  confirmed;
  GError   *error;
  gboolean  question_showing;  /* when the answer came */
} Answer;

static void
confirmed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Answer *answer = user_data;

  answer->confirmed = keyfob_confirm_finish (result, &answer->error);
  answer->question_showing = find_message_dialog () != NULL;
  answer->done = TRUE;
}

static AdwMessageDialog *
ask (GtkWindow               *parent,
     KeyfobConfirmAppearance  appearance,
     GCancellable            *cancellable,
     Answer                  *answer)
{
  AdwMessageDialog *question;

  keyfob_confirm_async (parent, "Delete “Release bot”?", "It’s gone for good.", "_Cancel",
                        "_Delete", appearance, cancellable, confirmed_cb, answer);
  WAIT_FOR ((question = find_message_dialog ()) != NULL);

  return question;
}

static void
test_confirm (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GtkWidget *parent = adw_window_new ();
  AdwMessageDialog *question;
  Answer answer_ = { 0 };

  g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *) &parent);
  gtk_window_present (GTK_WINDOW (parent));

  /* What it shows, and how */
  question = ask (GTK_WINDOW (parent), KEYFOB_CONFIRM_DESTRUCTIVE, NULL, &answer_);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Delete “Release bot”?");
  g_assert_cmpstr (adw_message_dialog_get_body (question), ==, "It’s gone for good.");
  g_assert_false (adw_message_dialog_get_heading_use_markup (question));
  g_assert_false (adw_message_dialog_get_body_use_markup (question));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) == GTK_WINDOW (parent));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (question)));
  g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==,
                   KEYFOB_CONFIRM_RESPONSE_CANCEL);
  g_assert_cmpstr (adw_message_dialog_get_close_response (question), ==,
                   KEYFOB_CONFIRM_RESPONSE_CANCEL);
  g_assert_cmpstr (adw_message_dialog_get_response_label (question,
                                                         KEYFOB_CONFIRM_RESPONSE_CANCEL), ==,
                   "_Cancel");
  g_assert_cmpstr (adw_message_dialog_get_response_label (question,
                                                         KEYFOB_CONFIRM_RESPONSE_CONFIRM), ==,
                   "_Delete");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (question,
                                                              KEYFOB_CONFIRM_RESPONSE_CONFIRM),
                   ==, ADW_RESPONSE_DESTRUCTIVE);

  /* Yes; the answer comes once the question has gone. */
  answer (question, KEYFOB_CONFIRM_RESPONSE_CONFIRM);
  WAIT_FOR (answer_.done);
  g_assert_true (answer_.confirmed);
  g_assert_no_error (answer_.error);
  g_assert_false (answer_.question_showing);

  /* No */
  answer_ = (Answer) { 0 };
  question = ask (GTK_WINDOW (parent), KEYFOB_CONFIRM_SUGGESTED, NULL, &answer_);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (question,
                                                              KEYFOB_CONFIRM_RESPONSE_CONFIRM),
                   ==, ADW_RESPONSE_SUGGESTED);
  answer (question, KEYFOB_CONFIRM_RESPONSE_CANCEL);
  WAIT_FOR (answer_.done);
  g_assert_false (answer_.confirmed);
  g_assert_no_error (answer_.error);

  /* Closed (Escape, the window manager) is no. */
  answer_ = (Answer) { 0 };
  question = ask (GTK_WINDOW (parent), KEYFOB_CONFIRM_DESTRUCTIVE, NULL, &answer_);
  gtk_window_close (GTK_WINDOW (question));
  WAIT_FOR (answer_.done);
  g_assert_false (answer_.confirmed);
  g_assert_no_error (answer_.error);

  /* Cancelled: the question goes, and says so. */
  answer_ = (Answer) { 0 };
  ask (GTK_WINDOW (parent), KEYFOB_CONFIRM_DESTRUCTIVE, cancellable, &answer_);
  g_cancellable_cancel (cancellable);
  WAIT_FOR (answer_.done);
  g_assert_null (find_message_dialog ());
  g_assert_false (answer_.confirmed);
  g_assert_error (answer_.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&answer_.error);

  /* Its window closed under it: no. */
  answer_ = (Answer) { 0 };
  ask (GTK_WINDOW (parent), KEYFOB_CONFIRM_DESTRUCTIVE, NULL, &answer_);
  gtk_window_destroy (GTK_WINDOW (parent));
  WAIT_FOR (answer_.done);
  g_assert_false (answer_.confirmed);
  g_assert_no_error (answer_.error);
  WAIT_FOR (parent == NULL);
  WAIT_FOR (g_list_model_get_n_items (gtk_window_get_toplevels ()) == 0);
}

/* Leaving writes nothing; with a token pasted, only after asking */

static void
test_escape_empty_closes (Fixture       *fixture,
                          gconstpointer  data)
{
  go_to_form (fixture, "pushly");
  type_into (template_child (fixture->dialog, "name_row"), "Nothing pasted");
  type_into (field_input (fixture->dialog, "domain_id"), "123");

  /* Nothing that cannot be typed again: no question. */
  g_assert_true (press_shortcut (GTK_WIDGET (fixture->dialog), "Escape"));
  WAIT_FOR (fixture->dialog == NULL);
  g_assert_null (find_message_dialog ());
  g_assert_cmpuint (fixture->n_added, ==, 0);
  g_assert_cmpuint (count_stored ("pushly", "Nothing pasted"), ==, 0);
}

static void
test_escape_asks_discard (Fixture       *fixture,
                          gconstpointer  data)
{
  AdwMessageDialog *question;

  fill_valid_pushly (fixture, "Escaped");

  /* Escape asks first: Pushly shows the token only once. */
  g_assert_true (press_shortcut (GTK_WIDGET (fixture->dialog), "Escape"));
  WAIT_FOR ((question = find_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Discard the Pasted Token?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "only once"));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) ==
                 GTK_WINDOW (fixture->dialog));
  g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (question), ==, "cancel");

  /* Cancel: the dialog and the token stay. */
  answer (question, "cancel");
  WAIT_FOR (find_message_dialog () == NULL);
  spin (100);
  g_assert_nonnull (fixture->dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                     template_child (fixture->dialog, "token_row"))), ==, PUSHLY_TOKEN);
  g_assert_true (save_enabled (fixture));

  /* Discard: closed, and nothing stored. */
  g_assert_true (press_shortcut (GTK_WIDGET (fixture->dialog), "Escape"));
  WAIT_FOR ((question = find_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_response_label (question,
                                                         KEYFOB_CONFIRM_RESPONSE_CONFIRM), ==,
                   "_Discard");
  answer (question, KEYFOB_CONFIRM_RESPONSE_CONFIRM);
  WAIT_FOR (fixture->dialog == NULL);
  spin (100);
  g_assert_cmpuint (fixture->n_added, ==, 0);
  g_assert_cmpuint (count_stored ("pushly", "Escaped"), ==, 0);
}

static void
test_cancel_asks_discard (Fixture       *fixture,
                          gconstpointer  data)
{
  AdwMessageDialog *question;

  fill_valid_pushly (fixture, "Cancelled");

  click (template_child (fixture->dialog, "back_button"));
  click (template_child (fixture->dialog, "back_button"));
  click (template_child (fixture->dialog, "cancel_button"));

  WAIT_FOR ((question = find_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Discard the Pasted Token?");
  g_assert_cmpstr (adw_message_dialog_get_response_label (question,
                                                         KEYFOB_CONFIRM_RESPONSE_CONFIRM), ==,
                   "_Discard");
  answer (question, KEYFOB_CONFIRM_RESPONSE_CONFIRM);

  WAIT_FOR (fixture->dialog == NULL);
  spin (100);
  g_assert_cmpuint (fixture->n_added, ==, 0);
  g_assert_cmpuint (count_stored ("pushly", "Cancelled"), ==, 0);
}

/* A token the provider rejected */

static void
fill_rejected (Fixture    *fixture,
               const char *name)
{
  GtkWidget *check_row;

  keyfob_emulator_set_token (emulator, REJECTED_TOKEN, KEYFOB_EMULATOR_INVALID);

  go_to_form (fixture, "pulsetic");
  type_into (template_child (fixture->dialog, "name_row"), name);
  type_into (template_child (fixture->dialog, "token_row"), REJECTED_TOKEN);
  run_test (fixture);

  check_row = check_part (fixture->dialog, "row");
  g_assert_cmpstr (row_title (check_row), ==, "Rejected by the provider");
  g_assert_nonnull (strstr (label_text (check_part (fixture->dialog, "result_label")),
                            "401"));
  g_assert_true (save_enabled (fixture));
}

static void
test_rejected_asks_cancel (Fixture       *fixture,
                           gconstpointer  data)
{
  AdwMessageDialog *question;

  fill_rejected (fixture, "Rejected, cancelled");
  click (template_child (fixture->dialog, "save_button"));

  WAIT_FOR ((question = find_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==,
                   "Save a Token the Provider Rejected?");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) ==
                 GTK_WINDOW (fixture->dialog));
  g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==, "cancel");
  answer (question, "cancel");
  WAIT_FOR (find_message_dialog () == NULL);

  spin (200);
  g_assert_nonnull (fixture->dialog);
  g_assert_cmpuint (fixture->n_added, ==, 0);
  g_assert_cmpuint (count_stored ("pulsetic", "Rejected, cancelled"), ==, 0);

  /* Changing the token forgets the verdict: Save no longer asks. */
  type_into (template_child (fixture->dialog, "token_row"), PULSETIC_TOKEN);
  g_assert_cmpstr (row_title (check_part (fixture->dialog, "row")), ==,
                   "Test the Token");
  g_assert_false (gtk_widget_get_visible (check_part (fixture->dialog, "result_box")));
  click (template_child (fixture->dialog, "save_button"));
  WAIT_FOR (fixture->n_added == 1);
  g_assert_null (find_message_dialog ());
  g_assert_cmpuint (count_stored ("pulsetic", "Rejected, cancelled"), ==, 1);
}

static void
test_rejected_asks_save_anyway (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored = NULL;
  AdwMessageDialog *question;

  fill_rejected (fixture, "Rejected, kept");
  click (template_child (fixture->dialog, "save_button"));

  WAIT_FOR ((question = find_message_dialog ()) != NULL);
  g_assert_cmpuint (count_stored ("pulsetic", "Rejected, kept"), ==, 0);
  g_assert_cmpstr (adw_message_dialog_get_response_label (question,
                                                         KEYFOB_CONFIRM_RESPONSE_CONFIRM), ==,
                   "_Save Anyway");
  answer (question, KEYFOB_CONFIRM_RESPONSE_CONFIRM);

  WAIT_FOR (fixture->n_added == 1);
  stored = find_stored ("pulsetic", "Rejected, kept");
  g_assert_nonnull (stored);
  assert_secret (stored, REJECTED_TOKEN);
}

/* A vendor answer nested 100,000 deep crashed the dialog, losing the token being pasted: it is
 * an answer Keyfob cannot read, and the token can still be saved. */
static void
test_deep_answer (Fixture       *fixture,
                  gconstpointer  data)
{
  keyfob_emulator_set_token (emulator, REJECTED_TOKEN, KEYFOB_EMULATOR_DEEP);
  go_to_form (fixture, "pulsetic");
  type_into (template_child (fixture->dialog, "name_row"), "Deep answer");
  type_into (template_child (fixture->dialog, "token_row"), REJECTED_TOKEN);
  run_test (fixture);

  g_assert_nonnull (strstr (label_text (check_part (fixture->dialog, "result_label")),
                            "64 levels deep"));
  click (template_child (fixture->dialog, "save_button"));
  WAIT_FOR (fixture->n_added == 1);
  g_assert_cmpuint (count_stored ("pulsetic", "Deep answer"), ==, 1);
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
  WAIT_FOR (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (
                         template_child (fixture->dialog, "token_row"))),
                       "Authorization: " PULSETIC_TOKEN) == 0);
  g_assert_false (gtk_widget_get_visible (template_child (fixture->dialog, "token_error")));
  g_assert_true (gtk_widget_is_sensitive (check_part (fixture->dialog, "test_button")));

  gdk_clipboard_set_content (clipboard, NULL);
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
  WAIT_FOR ((question = find_message_dialog ()) != NULL);
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
  WAIT_FOR (find_message_dialog () == NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (fixture->dialog)), NULL,
                                 read_text_cb, &copied);
  WAIT_FOR (copied != NULL);
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
  WAIT_FOR (token != NULL);

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
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fixture->dialog)));
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
  WAIT_FOR (fixture->n_replaced == 1);
  g_assert_true (fixture->replaced == token);
  g_assert_cmpuint (fixture->n_added, ==, 0);
  WAIT_FOR (fixture->dialog == NULL);

  /* The same item, id and name, with the new secret and the Test as its last check */
  g_assert_cmpuint (count_stored ("pulsetic", "Rotated"), ==, 1);
  WAIT_FOR (last_result_is ("pulsetic", "Rotated", "valid"));
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
  WAIT_FOR ((question = find_message_dialog ()) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "old token stays"));
  answer (question, KEYFOB_CONFIRM_RESPONSE_CONFIRM);
  WAIT_FOR (fixture->dialog == NULL);

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
  WAIT_FOR (fixture->dialog == NULL);
  g_assert_null (find_message_dialog ());
}

static void
catalogue_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  gboolean *loaded = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (keyfob_catalogue_load_finish (KEYFOB_CATALOGUE (object), result, &error));
  g_assert_no_error (error);
  *loaded = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  gboolean loaded = FALSE;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display: run under tests/keyfob-test-session");
      return 77;
    }

  emulator = keyfob_emulator_new ();
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (emulator), TRUE);

  gtk_init ();
  adw_init ();

  catalogue = keyfob_catalogue_new ();
  keyfob_catalogue_load_async (catalogue, NULL, catalogue_loaded_cb, &loaded);
  WAIT_FOR (loaded);
  store = keyfob_store_new ();
  token_list = keyfob_token_list_new (store);
  verifier = keyfob_verifier_new ();

  g_test_add ("/ui/add-dialog/providers-page", Fixture, NULL,
              fixture_setup, test_providers_page, fixture_teardown);
  g_test_add ("/ui/add-dialog/steps-page", Fixture, NULL,
              fixture_setup, test_steps_page, fixture_teardown);
  g_test_add ("/ui/add-dialog/form-labels", Fixture, NULL,
              fixture_setup, test_form_labels, fixture_teardown);
  g_test_add ("/ui/add-dialog/add/cutover", Fixture, &add_cutover,
              fixture_setup, test_add, fixture_teardown);
  g_test_add ("/ui/add-dialog/add/pylon", Fixture, &add_pylon,
              fixture_setup, test_add, fixture_teardown);
  g_test_add ("/ui/add-dialog/add/pushly", Fixture, &add_pushly,
              fixture_setup, test_add, fixture_teardown);
  g_test_add ("/ui/add-dialog/add/pulsetic", Fixture, &add_pulsetic,
              fixture_setup, test_add, fixture_teardown);
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
  g_test_add ("/ui/add-dialog/leave/escape-empty", Fixture, NULL,
              fixture_setup, test_escape_empty_closes, fixture_teardown);
  g_test_add ("/ui/add-dialog/leave/escape-asks", Fixture, NULL,
              fixture_setup, test_escape_asks_discard, fixture_teardown);
  g_test_add ("/ui/add-dialog/leave/cancel-asks", Fixture, NULL,
              fixture_setup, test_cancel_asks_discard, fixture_teardown);
  g_test_add ("/ui/add-dialog/rejected/cancel", Fixture, NULL,
              fixture_setup, test_rejected_asks_cancel, fixture_teardown);
  g_test_add ("/ui/add-dialog/rejected/save-anyway", Fixture, NULL,
              fixture_setup, test_rejected_asks_save_anyway, fixture_teardown);
  g_test_add ("/ui/add-dialog/paste", Fixture, NULL,
              fixture_setup, test_paste, fixture_teardown);
  g_test_add ("/ui/add-dialog/deep-answer", Fixture, NULL,
              fixture_setup, test_deep_answer, fixture_teardown);
  g_test_add ("/ui/add-dialog/steps/shown-once-first", Fixture, NULL,
              fixture_setup, test_shown_once_first, fixture_teardown);
  g_test_add_func ("/ui/add-dialog/no-browser", test_no_browser);
  g_test_add ("/ui/add-dialog/replace/valid", Fixture, NULL,
              NULL, test_replace_valid, fixture_teardown);
  g_test_add ("/ui/add-dialog/replace/refused", Fixture, NULL,
              NULL, test_replace_refused, fixture_teardown);
  g_test_add ("/ui/add-dialog/replace/keeps-fields", Fixture, NULL,
              NULL, test_replace_keeps_fields, fixture_teardown);
  g_test_add ("/ui/add-dialog/replace/unknown-provider", Fixture, NULL,
              NULL, test_replace_unknown_provider, fixture_teardown);

  g_test_add_func ("/ui/confirm", test_confirm);

  status = g_test_run ();

  g_assert_finalize_object (verifier);
  g_assert_finalize_object (token_list);
  g_assert_finalize_object (store);
  g_assert_finalize_object (catalogue);
  keyfob_emulator_free (emulator);

  return status;
}
