/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-emulator-server"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "keyfob-emulator.h"

/* The vendor emulators as a process of their own, for tests that drive the real app (and for
 * the screenshot script): the URL goes to stdout, then each line on stdin is a command.
 *
 *   set TOKEN BEHAVIOUR   answer requests carrying TOKEN like that (see the table below)
 *   delay MS              hold each valid-delayed answer MS milliseconds (default 200)
 *   requests              print how many vendor requests have arrived
 *   max-in-flight         print the most requests that were open at once
 *
 * Each command is answered on one line, "ok ..." or "error: ...". Closing stdin ends it.
 * A token only ever arrives on stdin, never in argv. */

static const struct
{
  const char              *name;
  KeyfobEmulatorBehaviour  behaviour;
} behaviours[] = {
  { "invalid", KEYFOB_EMULATOR_INVALID },
  { "valid", KEYFOB_EMULATOR_VALID },
  { "forbidden", KEYFOB_EMULATOR_FORBIDDEN },
  { "rate-limited", KEYFOB_EMULATOR_RATE_LIMITED },
  { "rate-limited-no-retry-after", KEYFOB_EMULATOR_RATE_LIMITED_NO_RETRY_AFTER },
  { "server-error", KEYFOB_EMULATOR_SERVER_ERROR },
  { "bad-gateway", KEYFOB_EMULATOR_BAD_GATEWAY },
  { "slow", KEYFOB_EMULATOR_SLOW },
  { "stall-body", KEYFOB_EMULATOR_STALL_BODY },
  { "huge", KEYFOB_EMULATOR_HUGE },
  { "redirect-other-host", KEYFOB_EMULATOR_REDIRECT_OTHER_HOST },
  { "redirect-same-host", KEYFOB_EMULATOR_REDIRECT_SAME_HOST },
  { "malformed", KEYFOB_EMULATOR_MALFORMED },
  { "wrong-shape", KEYFOB_EMULATOR_WRONG_SHAPE },
  { "empty", KEYFOB_EMULATOR_EMPTY },
  { "wrong-region", KEYFOB_EMULATOR_WRONG_REGION },
  { "unknown-domain", KEYFOB_EMULATOR_UNKNOWN_DOMAIN },
  { "valid-delayed", KEYFOB_EMULATOR_VALID_DELAYED },
  { "service-unavailable", KEYFOB_EMULATOR_SERVICE_UNAVAILABLE },
  { "endless", KEYFOB_EMULATOR_ENDLESS },
  { "deep", KEYFOB_EMULATOR_DEEP },
  { "hostile-account", KEYFOB_EMULATOR_HOSTILE_ACCOUNT },
  { "hostile-message", KEYFOB_EMULATOR_HOSTILE_MESSAGE },
  { "huge-account", KEYFOB_EMULATOR_HUGE_ACCOUNT },
  { "echo", KEYFOB_EMULATOR_ECHO },
  { "far-retry-after", KEYFOB_EMULATOR_FAR_RETRY_AFTER },
};

typedef struct
{
  KeyfobEmulator *emulator;
  GMainLoop      *loop;
} Server;

static void
reply (const char *format,
       ...) G_GNUC_PRINTF (1, 2);

static void
reply (const char *format,
       ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static gboolean
lookup_behaviour (const char              *name,
                  KeyfobEmulatorBehaviour *behaviour)
{
  for (guint i = 0; i < G_N_ELEMENTS (behaviours); i++)
    {
      if (g_str_equal (name, behaviours[i].name))
        {
          *behaviour = behaviours[i].behaviour;
          return TRUE;
        }
    }

  return FALSE;
}

static void
run_command (Server     *server,
             const char *line)
{
  g_auto(GStrv) words = g_strsplit_set (line, " \t", -1);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  KeyfobEmulatorBehaviour behaviour;

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (args, words[i]);

  if (args->len == 0)
    return;

  if (g_str_equal (args->pdata[0], "set"))
    {
      if (args->len != 3)
        {
          reply ("error: usage: set TOKEN BEHAVIOUR");
          return;
        }
      if (!lookup_behaviour (args->pdata[2], &behaviour))
        {
          reply ("error: unknown behaviour “%s”", (const char *) args->pdata[2]);
          return;
        }
      keyfob_emulator_set_token (server->emulator, args->pdata[1], behaviour);
      reply ("ok");
    }
  else if (g_str_equal (args->pdata[0], "delay"))
    {
      guint64 delay_ms = 0;

      if (args->len != 2 ||
          !g_ascii_string_to_unsigned (args->pdata[1], 10, 1, 60000, &delay_ms, NULL))
        {
          reply ("error: usage: delay MS (1 to 60000)");
          return;
        }
      keyfob_emulator_set_delay (server->emulator, (guint) delay_ms);
      reply ("ok");
    }
  else if (g_str_equal (args->pdata[0], "requests"))
    {
      reply ("ok %u", keyfob_emulator_get_n_requests (server->emulator));
    }
  else if (g_str_equal (args->pdata[0], "max-in-flight"))
    {
      reply ("ok %u", keyfob_emulator_get_max_in_flight (server->emulator));
    }
  else
    {
      reply ("error: unknown command “%s”", (const char *) args->pdata[0]);
    }
}

static gboolean
stdin_cb (GIOChannel   *channel,
          GIOCondition  condition,
          gpointer      user_data)
{
  Server *server = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize terminator = 0;
  GIOStatus status;

  status = g_io_channel_read_line (channel, &line, NULL, &terminator, &error);
  switch (status)
    {
    case G_IO_STATUS_NORMAL:
      line[terminator] = '\0';
      run_command (server, line);
      /* The line may hold a token: wipe it before it is freed. */
      memset (line, 0, strlen (line));
      return G_SOURCE_CONTINUE;

    case G_IO_STATUS_AGAIN:
      return G_SOURCE_CONTINUE;

    case G_IO_STATUS_ERROR:
      g_printerr ("keyfob-emulator-server: cannot read stdin: %s\n", error->message);
      G_GNUC_FALLTHROUGH;
    case G_IO_STATUS_EOF:
    default:
      g_main_loop_quit (server->loop);
      return G_SOURCE_REMOVE;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GIOChannel) channel = NULL;
  Server server = { 0 };

  if (argc != 1)
    {
      g_printerr ("Usage: %s (commands on stdin: set TOKEN BEHAVIOUR)\n", argv[0]);
      return 2;
    }

  server.emulator = keyfob_emulator_new ();
  server.loop = g_main_loop_new (NULL, FALSE);

  reply ("%s", keyfob_emulator_get_url (server.emulator));

  channel = g_io_channel_unix_new (0);
  g_io_add_watch (channel, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_cb, &server);
  g_main_loop_run (server.loop);

  g_main_loop_unref (server.loop);
  keyfob_emulator_free (server.emulator);

  return 0;
}
