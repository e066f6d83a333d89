/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-add-dialog"

#include "config.h"

#include <string.h>

#include "keyfob-test-add-dialog.h"

/* The Add dialog's Test and Save: a token per provider, tested live against the emulator and
 * stored with its fields, expiry and check; and an answer from the vendor Keyfob cannot read. */

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
  KEYFOB_TEST_WAIT_UNTIL (fixture->n_added == 1);
  g_assert_cmpstr (keyfob_token_get_name (fixture->added), ==, add->name);
  g_assert_cmpstr (keyfob_token_get_provider_id (fixture->added), ==, add->provider_id);
  KEYFOB_TEST_WAIT_UNTIL (fixture->dialog == NULL);
  /* The Test's result is the new token's last check, not "Never". */
  KEYFOB_TEST_WAIT_UNTIL (g_strcmp0 (keyfob_token_get_last_result (fixture->added), "valid") == 0);

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
  KEYFOB_TEST_WAIT_UNTIL (fixture->n_added == 1);
  g_assert_cmpuint (count_stored ("pulsetic", "Deep answer"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  if (!add_dialog_test_init (&argc, &argv))
    return 77;

  g_test_add ("/ui/add-dialog/add/cutover", Fixture, &add_cutover,
              fixture_setup, test_add, fixture_teardown);
  g_test_add ("/ui/add-dialog/add/pylon", Fixture, &add_pylon,
              fixture_setup, test_add, fixture_teardown);
  g_test_add ("/ui/add-dialog/add/pushly", Fixture, &add_pushly,
              fixture_setup, test_add, fixture_teardown);
  g_test_add ("/ui/add-dialog/add/pulsetic", Fixture, &add_pulsetic,
              fixture_setup, test_add, fixture_teardown);
  g_test_add ("/ui/add-dialog/deep-answer", Fixture, NULL,
              fixture_setup, test_deep_answer, fixture_teardown);

  return add_dialog_test_run ();
}
