/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "keyfob-add-dialog.h"
#include "keyfob-confirm.h"
#include "keyfob-preferences-window.h"
#include "keyfob-test-async.h"
#include "keyfob-test-window.h"

/* The main window's live checks, against the vendor emulators, hostile ones included. */

static void
test_test_token (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored =
    window_fixture_store_token (fixture, "pylon", "Support desk", "region", "us", NULL,
                                PYLON_TOKEN);
  KeyfobToken *token;

  keyfob_emulator_set_token (fixture->emulator, PYLON_TOKEN, KEYFOB_EMULATOR_VALID);
  window_fixture_reload (fixture);
  token = keyfob_token_list_lookup (fixture->window->tokens, keyfob_token_get_id (stored));
  g_assert_nonnull (token);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.test-token", "s",
                              keyfob_token_get_id (token));
  g_assert_true (keyfob_token_get_checking (token));
  KEYFOB_TEST_WAIT_UNTIL (keyfob_token_get_last_result (token) != NULL &&
                          !keyfob_token_get_checking (token));

  g_assert_cmpstr (keyfob_token_get_last_result (token), ==, "valid");
  g_assert_cmpstr (keyfob_token_get_account (token), ==, "Acme Inc");
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 1);

  /* And the keyring has it too. */
  window_fixture_reload (fixture);
  token = keyfob_token_list_lookup (fixture->window->tokens, keyfob_token_get_id (stored));
  g_assert_cmpstr (keyfob_token_get_last_result (token), ==, "valid");
}

/* The first button under @widget that triggers @action. */
static GtkWidget *
find_by_action (GtkWidget  *widget,
                const char *action)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_action (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_test_all (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(KeyfobToken) a = window_fixture_store_token (fixture, "cutover", "Release bot",
                                                         "instance", "acme", NULL, CUTOVER_TOKEN);
  g_autoptr(KeyfobToken) b = window_fixture_store_token (fixture, "pulsetic", "Uptime", NULL, NULL,
                                                         NULL, PULSETIC_TOKEN);
  KeyfobTokenList *tokens = fixture->window->tokens;
  GtkWidget *button = find_by_action (GTK_WIDGET (fixture->window), "win.test-all");
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (button));

  /* Its own icon, found in the application's resources, not Reload's arrows. */
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (button)), ==,
                   "keyfob-test-all-symbolic");
  g_assert_true (gtk_icon_theme_has_icon (theme, "keyfob-test-all-symbolic"));

  keyfob_emulator_set_token (fixture->emulator, CUTOVER_TOKEN, KEYFOB_EMULATOR_VALID);
  window_fixture_reload (fixture);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.test-all", NULL);
  KEYFOB_TEST_WAIT_UNTIL (keyfob_emulator_get_n_requests (fixture->emulator) == 2 &&
                          keyfob_token_get_last_result (keyfob_token_list_lookup (
                            tokens, keyfob_token_get_id (a))) &&
                          keyfob_token_get_last_result (keyfob_token_list_lookup (
                            tokens, keyfob_token_get_id (b))));

  /* Each row gets its own verdict: Pulsetic's token is unknown to the emulator. */
  g_assert_cmpstr (keyfob_token_get_last_result (
                     keyfob_token_list_lookup (tokens, keyfob_token_get_id (a))), ==, "valid");
  g_assert_cmpstr (keyfob_token_get_last_result (
                     keyfob_token_list_lookup (tokens, keyfob_token_get_id (b))), ==, "invalid");
}

/* Toasts are markup in libadwaita 1.2: a name with & and < made them empty, and a vendor's
 * account name could style them. Both show as they are. */
static void
test_markup_in_toast (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored =
    window_fixture_store_token (fixture, "pylon", "R&D <bot>", "region", "us", NULL, PYLON_TOKEN);
  GtkWidget *overlay = GTK_WIDGET (fixture->window->toast_overlay);
  const char *shown = NULL;
  KeyfobToken *token;

  keyfob_emulator_set_token (fixture->emulator, PYLON_TOKEN, KEYFOB_EMULATOR_HOSTILE_ACCOUNT);
  window_fixture_reload (fixture);
  token = keyfob_token_list_lookup (fixture->window->tokens, keyfob_token_get_id (stored));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.test-token", "s",
                              keyfob_token_get_id (token));
  KEYFOB_TEST_WAIT_UNTIL ((shown = find_label_text (overlay, "R&D <bot>: ")) != NULL);

  g_assert_nonnull (strstr (shown, "Valid ("));
  g_assert_nonnull (strstr (shown, "<span size=\"xx-large\">&amp;big</span>"));
}

/* One token of each vendor; the emulator answers each as a hostile vendor would: first 100,000
 * levels of brackets (the window crashed), then an account name full of escape sequences,
 * bidi overrides and markup, which the window keeps as one clean line. */
static void
test_hostile_vendor (Fixture       *fixture,
                     gconstpointer  data)
{
  KeyfobToken *stored[] = {
    window_fixture_store_token (fixture, "cutover", "Release bot", "instance", "acme", NULL,
                                CUTOVER_TOKEN),
    window_fixture_store_token (fixture, "pulsetic", "Uptime", NULL, NULL, NULL, PULSETIC_TOKEN),
    window_fixture_store_token (fixture, "pylon", "Support desk", "region", "us", NULL,
                                PYLON_TOKEN),
    window_fixture_store_token (fixture, "pushly", "Push", "domain_id", "123", NULL,
                                PUSHLY_TOKEN),
  };
  const char *secrets[] = { CUTOVER_TOKEN, PULSETIC_TOKEN, PYLON_TOKEN, PUSHLY_TOKEN };
  const KeyfobEmulatorBehaviour rounds[] = {
    KEYFOB_EMULATOR_DEEP, KEYFOB_EMULATOR_HOSTILE_ACCOUNT
  };
  KeyfobTokenList *tokens = fixture->window->tokens;

  window_fixture_reload (fixture);

  for (guint r = 0; r < G_N_ELEMENTS (rounds); r++)
    {
      guint n_requests = keyfob_emulator_get_n_requests (fixture->emulator);

      for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
        keyfob_emulator_set_token (fixture->emulator, secrets[i], rounds[r]);

      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.test-all", NULL);
      KEYFOB_TEST_WAIT_UNTIL (keyfob_emulator_get_n_requests (fixture->emulator) == n_requests + 4);

      for (guint i = 0; i < G_N_ELEMENTS (stored); i++)
        {
          KeyfobToken *token = keyfob_token_list_lookup (tokens,
                                                         keyfob_token_get_id (stored[i]));
          const char *account;

          KEYFOB_TEST_WAIT_UNTIL (!keyfob_token_get_checking (token));
          account = keyfob_token_get_account (token);
          if (rounds[r] == KEYFOB_EMULATOR_DEEP)
            {
              g_assert_cmpstr (keyfob_token_get_last_result (token), ==, "unexpected");
              continue;
            }

          g_assert_cmpstr (keyfob_token_get_last_result (token), ==, "valid");
          if (g_str_equal (keyfob_token_get_provider_id (token), "pulsetic"))
            {
              g_assert_null (account);
              continue;
            }
          g_assert_nonnull (strstr (account, "REVOKED: paste a new token"));
          for (const char *p = account; *p != '\0'; p = g_utf8_next_char (p))
            g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)) ||
                            g_utf8_get_char (p) == 0x202E);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (stored); i++)
    g_object_unref (stored[i]);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, window_fixture_set_up, func, window_fixture_tear_down)

  ADD ("/ui/window/test-token", test_test_token);
  ADD ("/ui/window/test-all", test_test_all);
  ADD ("/ui/window/markup-in-toast", test_markup_in_toast);
  ADD ("/ui/window/hostile-vendor", test_hostile_vendor);

#undef ADD

  status = g_test_run ();
  window_fixture_shutdown ();

  return status;
}
