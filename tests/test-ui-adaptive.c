/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-add-dialog.h"
#include "keyfob-application.h"
#include "keyfob-emulator.h"
#include "keyfob-test-async.h"
#include "keyfob-test-gtk.h"
#include "keyfob-token-actions.h"
#include "keyfob-token-details.h"
#include "keyfob-token-menu.h"
#include "keyfob-window-private.h"

/* The window at a phone's width and at a desktop's, the details pane, the row menu, the
 * remembered sort order and deletes that outlive the window: against the real throwaway
 * keyring on Xvfb. */

#define CUTOVER_TOKEN  "0123456789abcdef0123456789abcdef0123456789abcdef"
#define PULSETIC_TOKEN "pulsetic-token-for-adaptive-tests"

typedef struct
{
  KeyfobApplication *app;
  KeyfobWindow      *window;
  KeyfobEmulator    *emulator;
  KeyfobToken       *release;   /* Cutover, expires in 2027 */
  KeyfobToken       *uptime;    /* Pulsetic, expires in 2028 */
} Fixture;

static KeyfobApplication *application;

static KeyfobToken *
add_token (KeyfobTokenList *tokens,
           KeyfobProvider  *provider,
           const char      *name,
           const char      *field_key,
           const char      *field_value,
           const char      *expires,
           const char      *secret)
{
  g_autoptr(KeyfobTokenDraft) draft = keyfob_token_draft_new (provider);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobToken *token;

  g_assert_true (keyfob_token_draft_set_name (draft, name, NULL));
  if (field_key != NULL)
    g_assert_true (keyfob_token_draft_set_field (draft, field_key, field_value, NULL));
  g_assert_true (keyfob_token_draft_set_expires (draft, expires, NULL));
  g_assert_true (keyfob_token_draft_set_secret (draft, secret, strlen (secret), NULL));
  keyfob_token_list_add_async (tokens, draft, NULL, keyfob_test_result_cb, &result);
  token = keyfob_token_list_add_finish (tokens, keyfob_test_wait_for (&result), &error);
  g_assert_no_error (error);

  return token;
}

static KeyfobApplication *
get_application (void)
{
  if (application == NULL)
    application = keyfob_test_register_application ();

  return application;
}

static KeyfobWindow *
open_window (KeyfobApplication *app,
             int                width)
{
  KeyfobWindow *window = g_object_ref_sink (keyfob_window_new (app));

  gtk_window_set_default_size (GTK_WINDOW (window), width, 640);
  gtk_window_present (GTK_WINDOW (window));
  /* A default size counts the window's frame too. */
  KEYFOB_TEST_WAIT_UNTIL (!keyfob_token_list_get_loading (window->tokens) &&
                          ABS (gtk_widget_get_width (GTK_WIDGET (window)) - width) <= 20);

  return window;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  KeyfobCatalogue *catalogue;
  KeyfobTokenList *tokens;

  fixture->emulator = keyfob_emulator_new ();
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (fixture->emulator), TRUE);
  fixture->app = get_application ();
  catalogue = keyfob_application_get_catalogue (fixture->app);
  tokens = keyfob_application_get_tokens (fixture->app);

  fixture->release = add_token (tokens, keyfob_catalogue_lookup (catalogue, "cutover"),
                                "Release bot", "instance", "acme", "2027-03-01", CUTOVER_TOKEN);
  fixture->uptime = add_token (tokens, keyfob_catalogue_lookup (catalogue, "pulsetic"),
                               "Uptime", NULL, NULL, "2028-03-01", PULSETIC_TOKEN);
  fixture->window = open_window (fixture->app, GPOINTER_TO_INT (data));
  KEYFOB_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->selection))
                          == 2);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  KeyfobTokenList *tokens = keyfob_application_get_tokens (fixture->app);

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  while (g_list_model_get_n_items (G_LIST_MODEL (tokens)) > 0)
    {
      g_autoptr(KeyfobToken) token = g_list_model_get_item (G_LIST_MODEL (tokens), 0);
      g_autoptr(GAsyncResult) deleted = NULL;

      keyfob_token_list_delete_async (tokens, token, NULL, keyfob_test_result_cb, &deleted);
      g_assert_true (keyfob_token_list_change_finish (tokens, keyfob_test_wait_for (&deleted),
                                                      NULL));
    }
  g_clear_object (&fixture->release);
  g_clear_object (&fixture->uptime);
  g_clear_pointer (&fixture->emulator, keyfob_emulator_free);
}

static gpointer
view_object (KeyfobWindow *window,
             const char   *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window->token_view), KEYFOB_TYPE_TOKEN_VIEW,
                                        name);
}

static GtkWidget *
view_child (KeyfobWindow *window,
            const char   *name)
{
  return GTK_WIDGET (view_object (window, name));
}

static void
collect_actions (GtkWidget *widget,
                 GPtrArray *found)
{
  if (KEYFOB_IS_TOKEN_ACTIONS (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_actions (child, found);
}

/* Whether all of @widget shows inside the window, not cut at its edge. */
static gboolean
inside_window (GtkWidget    *widget,
               KeyfobWindow *window)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds));

  return bounds.origin.x >= 0 &&
         bounds.origin.x + bounds.size.width <= gtk_widget_get_width (GTK_WIDGET (window));
}

/* At 360 pixels: the list of rows, every row's buttons on screen, and the details page over
 * the list, as wide as the window, with the way back. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  KeyfobWindow *window = fixture->window;
  g_autoptr(GPtrArray) actions = g_ptr_array_new ();
  GtkWidget *details_pane = GTK_WIDGET (window->details_pane);

  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_get_mapped (view_child (window, "list_page")) &&
                          !gtk_widget_get_mapped (view_child (window, "table_page")));

  KEYFOB_TEST_WAIT_UNTIL ((collect_actions (GTK_WIDGET (window->token_view), actions),
                           actions->len == 2) || (g_ptr_array_set_size (actions, 0), FALSE));
  for (guint i = 0; i < actions->len; i++)
    for (GtkWidget *button = gtk_widget_get_first_child (g_ptr_array_index (actions, i));
         button != NULL; button = gtk_widget_get_next_sibling (button))
      {
        g_assert_true (gtk_widget_get_mapped (button));
        g_assert_true (inside_window (button, window));
      }

  /* A row opens the details: over the list, filling the window. */
  g_signal_emit_by_name (view_child (window, "list_view"), "activate", 0);
  KEYFOB_TEST_WAIT_UNTIL (adw_flap_get_reveal_flap (window->flap) &&
                          gtk_widget_get_width (details_pane) > 0);
  g_assert_true (adw_flap_get_folded (window->flap));
  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_get_width (details_pane) ==
                          gtk_widget_get_width (GTK_WIDGET (window)));
  /* Once it has slid in. */
  KEYFOB_TEST_WAIT_UNTIL (inside_window (window->close_details_button, window));
  g_assert_nonnull (keyfob_token_details_get_token (KEYFOB_TOKEN_DETAILS (window->details)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-details", NULL);
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
}

/* Where there is room: the table, and the details beside it rather than over it. */
static void
test_wide (Fixture       *fixture,
           gconstpointer  data)
{
  KeyfobWindow *window = fixture->window;

  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_get_mapped (view_child (window, "table_page")) &&
                          !gtk_widget_get_mapped (view_child (window, "list_page")));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", "s",
                              keyfob_token_get_id (fixture->uptime));
  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (window->details_pane)) > 0);
  g_assert_false (adw_flap_get_folded (window->flap));
  g_assert_true (keyfob_token_details_get_token (KEYFOB_TOKEN_DETAILS (window->details)) ==
                 keyfob_token_list_lookup (window->tokens, keyfob_token_get_id (fixture->uptime)));
  /* The row the details are for is the selected one. */
  g_assert_true (_keyfob_window_selected_token (window) ==
                 keyfob_token_details_get_token (KEYFOB_TOKEN_DETAILS (window->details)));
}

static const char *
menu_action (GMenuModel *menu,
             int         section,
             int         item)
{
  g_autoptr(GMenuModel) items = g_menu_model_get_item_link (menu, section, G_MENU_LINK_SECTION);
  static char *action;

  g_clear_pointer (&action, g_free);
  g_menu_model_get_item_attribute (items, item, G_MENU_ATTRIBUTE_ACTION, "s", &action);

  return action;
}

static GtkWindow *
find_add_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (KEYFOB_IS_ADD_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }

  return NULL;
}

/* One menu, in sections, each item a window action on the token; the row's menu button opens
 * it, as a right click and the Menu key do. */
static void
test_row_menu (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GMenuModel) menu = keyfob_token_menu_new ("an-id");
  g_autoptr(GPtrArray) actions = g_ptr_array_new ();
  static const char *const expected[][3] = {
    { "win.copy-token", "win.reveal-token", "win.copy-header" },
    { "win.test-token", "win.show-details", "win.open-dashboard" },
    { "win.rename-token", "win.edit-token", "win.replace-token" },
    { "win.revoke-token", "win.delete-token", NULL },
  };
  GtkWidget *popover = NULL;
  GtkWindow *replace;

  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    for (guint j = 0; j < 3 && expected[i][j] != NULL; j++)
      g_assert_cmpstr (menu_action (menu, i, j), ==, expected[i][j]);

  KEYFOB_TEST_WAIT_UNTIL ((collect_actions (GTK_WIDGET (fixture->window->token_view), actions),
                           actions->len == 2) || (g_ptr_array_set_size (actions, 0), FALSE));
  keyfob_token_actions_popup_menu (g_ptr_array_index (actions, 0));
  for (GtkWidget *child = gtk_widget_get_first_child (g_ptr_array_index (actions, 0));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_MENU_BUTTON (child))
      popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (child)));
  g_assert_nonnull (popover);
  KEYFOB_TEST_WAIT_UNTIL (gtk_widget_get_visible (popover));
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* Replace Token opens the provider's flow again, for this token. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.replace-token", "s",
                              keyfob_token_get_id (fixture->release));
  KEYFOB_TEST_WAIT_UNTIL ((replace = find_add_dialog ()) != NULL);
  g_assert_cmpstr (gtk_window_get_title (replace), ==, "Replace Token");
  gtk_window_destroy (replace);
}

/* The sort the user picks in the table's headers is the one the next window opens with. */
static void
test_sort_remembered (Fixture       *fixture,
                      gconstpointer  data)
{
  GSettings *settings = keyfob_application_get_settings (fixture->app);
  GtkColumnView *table = GTK_COLUMN_VIEW (view_child (fixture->window, "column_view"));
  GtkColumnViewColumn *expires = view_object (fixture->window, "expires_column");
  GtkColumnViewColumn *name = view_object (fixture->window, "name_column");
  g_autoptr(KeyfobWindow) second = NULL;
  g_autoptr(KeyfobToken) first_row = NULL;
  g_autofree char *column = NULL;

  gtk_column_view_sort_by_column (table, expires, GTK_SORT_DESCENDING);
  column = g_settings_get_string (settings, "sort-column");
  g_assert_cmpstr (column, ==, "expires");
  g_assert_true (g_settings_get_boolean (settings, "sort-descending"));

  gtk_column_view_sort_by_column (table, name, GTK_SORT_ASCENDING);
  g_free (column);
  column = g_settings_get_string (settings, "sort-column");
  g_assert_cmpstr (column, ==, "name");
  g_assert_false (g_settings_get_boolean (settings, "sort-descending"));

  /* Latest expiry first: Uptime, although Release bot comes first by name. */
  gtk_column_view_sort_by_column (table, expires, GTK_SORT_DESCENDING);
  second = open_window (fixture->app, 1200);
  KEYFOB_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (second->selection)) == 2);
  first_row = g_list_model_get_item (G_LIST_MODEL (second->selection), 0);
  g_assert_cmpstr (keyfob_token_get_name (first_row), ==, "Uptime");

  g_settings_reset (settings, "sort-column");
  g_settings_reset (settings, "sort-descending");
  gtk_window_destroy (GTK_WINDOW (second));
}

static gboolean
in_keyring (KeyfobToken *token)
{
  KeyfobStore *store = keyfob_application_get_store (application);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) all = NULL;

  keyfob_store_list_async (store, NULL, keyfob_test_result_cb, &result);
  all = keyfob_store_list_finish (store, keyfob_test_wait_for (&result), NULL);
  for (guint i = 0; all != NULL && i < all->len; i++)
    if (g_str_equal (keyfob_token_get_id (g_ptr_array_index (all, i)),
                     keyfob_token_get_id (token)))
      return TRUE;

  return FALSE;
}

/* Quitting while an Undo is still offered deletes the token before Keyfob ends. */
static void
test_delete_then_quit (Fixture       *fixture,
                       gconstpointer  data)
{
  KeyfobPendingDeletes *pending = keyfob_application_get_pending_deletes (fixture->app);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-token", "s",
                              keyfob_token_get_id (fixture->uptime));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->window->selection)), ==, 1);
  g_assert_true (in_keyring (fixture->uptime));

  /* Sent at once, not when the toast times out: too late to undo. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "quit", NULL);
  g_assert_false (keyfob_pending_deletes_undo (pending, fixture->uptime));
  KEYFOB_TEST_WAIT_UNTIL (keyfob_pending_deletes_get_n_pending (pending) == 0);
  g_assert_false (in_keyring (fixture->uptime));
  g_assert_true (in_keyring (fixture->release));
}

/* Reveal shows the whole token on the details page, and a page for another token never
 * shows it. */
static void
test_reveal (Fixture       *fixture,
             gconstpointer  data)
{
  KeyfobWindow *window = fixture->window;
  GtkLabel *secret = GTK_LABEL (gtk_widget_get_template_child (window->details,
                                                               KEYFOB_TYPE_TOKEN_DETAILS,
                                                               "secret_label"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.reveal-token", "s",
                              keyfob_token_get_id (fixture->release));
  KEYFOB_TEST_WAIT_UNTIL (g_str_equal (gtk_label_get_text (secret), CUTOVER_TOKEN));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (secret)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", "s",
                              keyfob_token_get_id (fixture->uptime));
  g_assert_cmpstr (gtk_label_get_text (secret), ==, "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (secret)));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, width, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (width), fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/adaptive/narrow", 360, test_narrow);
  ADD ("/ui/adaptive/wide", 1200, test_wide);
  ADD ("/ui/adaptive/row-menu", 1200, test_row_menu);
  ADD ("/ui/adaptive/sort-remembered", 1200, test_sort_remembered);
  ADD ("/ui/adaptive/reveal", 1200, test_reveal);
  ADD ("/ui/adaptive/delete-then-quit", 1200, test_delete_then_quit);

#undef ADD

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
