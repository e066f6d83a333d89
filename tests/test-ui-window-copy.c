/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "keyfob-add-dialog.h"
#include "keyfob-confirm.h"
#include "keyfob-preferences-window.h"
#include "keyfob-test-async.h"
#include "keyfob-test-gtk.h"
#include "keyfob-test-window.h"

/* Copying from the main window: the clipboard is cleared after the delay, on quit, and on
 * SIGTERM, SIGINT and SIGHUP. */

static void
test_copy_clears (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored =
    window_fixture_store_token (fixture, "pylon", "Support desk", "region", "us", NULL,
                                PYLON_TOKEN);
  GSettings *settings = keyfob_application_get_settings (fixture->app);
  KeyfobClipboard *ours = keyfob_application_get_clipboard (fixture->app);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->window));
  g_autofree char *copied = NULL;
  g_autofree char *header = NULL;
  g_autofree char *left = NULL;

  g_settings_set_uint (settings, "clipboard-clear-delay", 1);
  window_fixture_reload (fixture);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-token", "s",
                              keyfob_token_get_id (stored));
  KEYFOB_TEST_WAIT_UNTIL (keyfob_clipboard_holds_ours (ours));
  copied = keyfob_test_read_clipboard (clipboard);
  g_assert_cmpstr (copied, ==, PYLON_TOKEN);

  /* After the delay, nothing of ours is left on the clipboard. */
  KEYFOB_TEST_WAIT_UNTIL (gdk_clipboard_get_content (clipboard) == NULL);
  g_assert_false (keyfob_clipboard_holds_ours (ours));

  /* The header line, in the provider's scheme. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-header", "s",
                              keyfob_token_get_id (stored));
  KEYFOB_TEST_WAIT_UNTIL (keyfob_clipboard_holds_ours (ours));
  header = keyfob_test_read_clipboard (clipboard);
  g_assert_cmpstr (header, ==, "Authorization: Bearer " PYLON_TOKEN);

  /* Something copied since is not ours to clear. */
  gdk_clipboard_set_text (clipboard, "something else");
  g_assert_false (keyfob_clipboard_holds_ours (ours));
  g_usleep (1500 * 1000);
  while (g_main_context_iteration (NULL, FALSE));
  left = keyfob_test_read_clipboard (clipboard);
  g_assert_cmpstr (left, ==, "something else");
}

static void
test_copy_cleared_on_quit (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KeyfobToken) stored =
    window_fixture_store_token (fixture, "pulsetic", "Uptime", NULL, NULL, NULL, PULSETIC_TOKEN);
  KeyfobClipboard *ours = keyfob_application_get_clipboard (fixture->app);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->window));

  g_settings_set_uint (keyfob_application_get_settings (fixture->app), "clipboard-clear-delay",
                       0);
  window_fixture_reload (fixture);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-token", "s",
                              keyfob_token_get_id (stored));
  KEYFOB_TEST_WAIT_UNTIL (keyfob_clipboard_holds_ours (ours));

  /* What shutdown does. */
  keyfob_clipboard_clear (ours);
  g_assert_null (gdk_clipboard_get_content (clipboard));
}

static gboolean
raise_cb (gpointer user_data)
{
  raise (GPOINTER_TO_INT (user_data));
  return G_SOURCE_REMOVE;
}

/* A logout, kill or Ctrl+C ends Keyfob through its normal quit, which clears the clipboard; it
 * used to die on the spot with the token still there. In a child, since it quits the app. */
static void
test_signal_clears (gconstpointer data)
{
  int signum = GPOINTER_TO_INT (data);

  if (g_test_subprocess ())
    {
      Fixture fixture = { NULL, };
      g_autoptr(KeyfobToken) stored = NULL;
      KeyfobClipboard *ours;
      GdkClipboard *clipboard;

      window_fixture_set_up (&fixture, NULL);
      window_fixture_delete_all (&fixture);
      ours = keyfob_application_get_clipboard (fixture.app);
      clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture.window));
      stored = window_fixture_store_token (&fixture, "pulsetic", "Uptime", NULL, NULL, NULL,
                                           PULSETIC_TOKEN);
      window_fixture_reload (&fixture);
      gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.copy-token", "s",
                                  keyfob_token_get_id (stored));
      KEYFOB_TEST_WAIT_UNTIL (keyfob_clipboard_holds_ours (ours));

      g_timeout_add (100, raise_cb, GINT_TO_POINTER (signum));
      g_assert_cmpint (g_application_run (G_APPLICATION (fixture.app), 0, NULL), ==, 0);

      g_assert_false (keyfob_clipboard_holds_ours (ours));
      g_assert_null (gdk_clipboard_get_content (clipboard));
      window_fixture_delete_all (&fixture);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, window_fixture_set_up, func, window_fixture_tear_down)

  ADD ("/ui/window/copy-clears", test_copy_clears);
  ADD ("/ui/window/copy-cleared-on-quit", test_copy_cleared_on_quit);
  g_test_add_data_func ("/ui/window/sigterm-clears", GINT_TO_POINTER (SIGTERM),
                        test_signal_clears);
  g_test_add_data_func ("/ui/window/sigint-clears", GINT_TO_POINTER (SIGINT),
                        test_signal_clears);
  g_test_add_data_func ("/ui/window/sighup-clears", GINT_TO_POINTER (SIGHUP),
                        test_signal_clears);

#undef ADD

  status = g_test_run ();
  window_fixture_shutdown ();

  return status;
}
