/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-test-bus"

#include "config.h"

#include <signal.h>
#include <string.h>

#include "keyfob-test-bus.h"

static gboolean
keyring_gone (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  const char *state;

  /* The session wrapper reaps it only when the test ends: until then it is a zombie. */
  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return TRUE;
  state = strrchr (stat, ')');

  return state != NULL && (state[2] == 'Z' || state[2] == 'X');
}

/**
 * keyfob_test_take_keyring_name:
 *
 * Kills the session's gnome-keyring (tests/keyfob-test-session gives its pid; the test bus
 * activates nothing, so it stays gone) and owns org.freedesktop.secrets on a connection of its
 * own, for a stand-in Secret Service that a test makes misbehave.
 *
 * Returns: (transfer full) (nullable): the connection, or %NULL (the test skipped) outside
 *   the session wrapper
 */
GDBusConnection *
keyfob_test_take_keyring_name (void)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  const char *pid_text = g_getenv ("KEYFOB_TEST_KEYRING_PID");
  gint64 give_up;
  GPid pid;

  if (pid_text == NULL)
    {
      g_test_skip ("needs tests/keyfob-test-session (KEYFOB_TEST_KEYRING_PID)");
      return NULL;
    }

  pid = (GPid) g_ascii_strtoll (pid_text, NULL, 10);
  g_assert_cmpint (pid, >, 1);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);

  give_up = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!keyring_gone (pid))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, give_up);
      g_usleep (10 * 1000);
    }

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (
    address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);

  /* The bus drops the dead daemon's name when it sees its socket close: take it then. */
  for (;;)
    {
      g_autoptr(GVariant) reply = NULL;
      guint32 answer = 0;

      reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus",
                                           "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                           "RequestName",
                                           g_variant_new ("(su)", "org.freedesktop.secrets",
                                                          4 /* DBUS_NAME_FLAG_DO_NOT_QUEUE */),
                                           G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                           NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(u)", &answer);
      if (answer == 1 /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */)
        break;

      g_assert_cmpint (g_get_monotonic_time (), <, give_up);
      g_usleep (10 * 1000);
    }

  return g_steal_pointer (&connection);
}
