/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-test-token-details.h"

/* The token details page against the throwaway gnome-keyring and Xvfb of
 * tests/keyfob-test-session. Every change it makes goes through the live list; what another
 * program changes comes from a second store, which the list knows nothing of. */

#define CUTOVER_TOKEN "0123456789abcdef0123456789abcdef0123456789abcdef"

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) reloaded = NULL;
  g_autoptr(GError) error = NULL;

  fixture->catalogue = keyfob_test_load_catalogue ();

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

void
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

KeyfobToken *
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

KeyfobToken *
add_cutover (Fixture *fixture)
{
  return add_token (fixture, "cutover", "Release bot", CUTOVER_TOKEN, "instance", "acme");
}

void
show (Fixture     *fixture,
      KeyfobToken *token)
{
  keyfob_token_details_set_token (fixture->details, token);
  fixture->shown = fixture->shown || token != NULL;
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

GtkWidget *
field_row (Fixture    *fixture,
           const char *title)
{
  GtkWidget *row = find_row (CHILD (fixture, "fields_box"), title);

  g_assert_nonnull (row);
  return row;
}

const char *
subtitle (Fixture    *fixture,
          const char *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (CHILD (fixture, row)));
}

gboolean
is_visible (Fixture    *fixture,
            const char *name)
{
  return gtk_widget_get_visible (CHILD (fixture, name));
}

void
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

/* Before any test */
void
token_details_test_init (int    *argc,
                         char ***argv)
{
  /* Expiry days are shown as picked, whatever the zone: pin one far from UTC. */
  g_setenv ("TZ", "America/Los_Angeles", TRUE);
  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
}
