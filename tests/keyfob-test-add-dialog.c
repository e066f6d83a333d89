/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-add-dialog"

#include "config.h"

#include <string.h>

#include "keyfob-field-row.h"
#include "keyfob-provider-row.h"
#include "keyfob-test-add-dialog.h"
#include "keyfob-test-gtk.h"

/* What the Add dialog's tests share: a dialog on its own, with the catalogue, keyring, list and
 * verifier the window would hand it, a vendor emulator behind every provider, and ways to fill
 * it in and read the keyring back as a person and core would. */

KeyfobCatalogue *catalogue;
KeyfobStore *store;
KeyfobTokenList *token_list;
KeyfobVerifier *verifier;
KeyfobEmulator *emulator;

void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

void
token_added_cb (KeyfobAddDialog *dialog,
                KeyfobToken     *token,
                Fixture         *fixture)
{
  g_assert_true (KEYFOB_IS_TOKEN (token));
  g_set_object (&fixture->added, token);
  fixture->n_added++;
}

void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dialog = keyfob_add_dialog_new (NULL, catalogue, token_list, verifier);
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  g_signal_connect (fixture->dialog, "token-added", G_CALLBACK (token_added_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->dialog)));
}

void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  GListModel *toplevels;

  if (fixture->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);

  g_clear_object (&fixture->added);
  g_clear_object (&fixture->replaced);

  /* Message dialogs go with their parent. (The list is GTK's: transfer none.) */
  toplevels = gtk_window_get_toplevels ();
  KEYFOB_TEST_WAIT_UNTIL (g_list_model_get_n_items (toplevels) == 0);
}

/* Helpers that act as a person would */

void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  /* gtk_widget_activate() would click only after a visual press of 250 ms. */
  g_signal_emit_by_name (button, "clicked");
}

void
type_into (GtkWidget  *editable,
           const char *text)
{
  g_assert_true (GTK_IS_EDITABLE (editable));
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

/* Clicks the response button, as a person would: that also closes the question. */
void
answer (AdwMessageDialog *question,
        const char       *response)
{
  GtkWidget *button = find_button (GTK_WIDGET (question),
                                   adw_message_dialog_get_response_label (question, response));

  g_assert_nonnull (button);
  click (button);
}

const char *
row_title (GtkWidget *row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

const char *
label_text (GtkWidget *label)
{
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The dialog's widgets, as its template names them */

GtkWidget *
template_child (KeyfobAddDialog *dialog,
                const char      *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), KEYFOB_TYPE_ADD_DIALOG,
                                                  name);

  g_assert_true (GTK_IS_WIDGET (child));
  return GTK_WIDGET (child);
}

const char *
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
GtkWidget *
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

GtkWidget *
field_error (KeyfobAddDialog *dialog,
             const char      *key)
{
  KeyfobFieldRow *row = find_field_row (dialog, key);

  g_assert_nonnull (row);
  return field_row_child (row, "error_label");
}

KeyfobCheckRow *
check_row (KeyfobAddDialog *dialog)
{
  return KEYFOB_CHECK_ROW (template_child (dialog, "check_row"));
}

/* "row", "test_button", "result_box" or "result_label" */
GtkWidget *
check_part (KeyfobAddDialog *dialog,
            const char      *name)
{
  GObject *part = gtk_widget_get_template_child (GTK_WIDGET (check_row (dialog)),
                                                 KEYFOB_TYPE_CHECK_ROW, name);

  g_assert_true (GTK_IS_WIDGET (part));
  return GTK_WIDGET (part);
}

GtkWidget *
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

guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

void
choose_from_list (Fixture    *fixture,
                  const char *provider_name)
{
  GtkWidget *row = find_provider_row (fixture->dialog, provider_name);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (row));
  g_assert_cmpstr (current_page (fixture->dialog), ==, "steps");
}

void
go_to_form (Fixture    *fixture,
            const char *provider_id)
{
  keyfob_add_dialog_select_provider (fixture->dialog, provider_id);
  g_assert_cmpstr (current_page (fixture->dialog), ==, "steps");
  click (template_child (fixture->dialog, "next_button"));
  g_assert_cmpstr (current_page (fixture->dialog), ==, "form");
}

gboolean
save_enabled (Fixture *fixture)
{
  return gtk_widget_is_sensitive (template_child (fixture->dialog, "save_button"));
}

void
run_test (Fixture *fixture)
{
  click (check_part (fixture->dialog, "test_button"));
  g_assert_true (keyfob_check_row_get_running (check_row (fixture->dialog)));
  KEYFOB_TEST_WAIT_UNTIL (!keyfob_check_row_get_running (check_row (fixture->dialog)));
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
  KEYFOB_TEST_WAIT_UNTIL (tokens != NULL);

  return tokens;
}

guint
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

KeyfobToken *
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

void
assert_secret (KeyfobToken *token,
               const char  *expected)
{
  SecretWait wait = { NULL, FALSE };
  gsize length = 0;
  const char *text;

  keyfob_store_load_secret_async (store, token, NULL, load_secret_cb, &wait);
  KEYFOB_TEST_WAIT_UNTIL (wait.done);

  g_assert_nonnull (wait.value);
  text = secret_value_get (wait.value, &length);
  g_assert_cmpuint (length, ==, strlen (expected));
  g_assert_cmpmem (text, length, expected, strlen (expected));
  secret_value_unref (wait.value);
}

/* Returns: %FALSE when there is no display to test on, and the test is to exit with 77 */
gboolean
add_dialog_test_init (int    *argc,
                      char ***argv)
{
  g_test_init (argc, argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display: run under tests/keyfob-test-session");
      return FALSE;
    }

  emulator = keyfob_emulator_new ();
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (emulator), TRUE);

  gtk_init ();
  adw_init ();

  catalogue = keyfob_test_load_catalogue ();
  store = keyfob_store_new ();
  token_list = keyfob_token_list_new (store);
  verifier = keyfob_verifier_new ();

  return TRUE;
}

int
add_dialog_test_run (void)
{
  int status = g_test_run ();

  g_assert_finalize_object (verifier);
  g_assert_finalize_object (token_list);
  g_assert_finalize_object (store);
  g_assert_finalize_object (catalogue);
  keyfob_emulator_free (emulator);

  return status;
}
