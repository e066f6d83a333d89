/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "keyfob-i18n.h"
#include "keyfob-tool-private.h"

void
_keyfob_tool_setup (void)
{
  keyfob_i18n_init ();

  g_set_prgname ("keyfob-tool");
  /* stdout is the tool's output, piped into other programs (get's is a token): debug and info
   * messages, which GLib writes to stdout, must not end up in it. */
  g_log_writer_default_set_use_stderr (TRUE);
}

/* Runs the command argv[1] names, with the arguments after it. */
int
_keyfob_tool_dispatch (const KeyfobToolCommand  *commands,
                       guint                     n_commands,
                       int                       argc,
                       char                    **argv)
{
  const char *command;

  g_assert (argc >= 2);

  command = argv[1];

  for (guint i = 0; i < n_commands; i++)
    {
      if (g_str_equal (command, commands[i].name))
        {
          g_autoptr(KeyfobToolContext) context = _keyfob_tool_context_new ();
          int status;

          status = commands[i].run (context, argc - 1, argv + 1);
          fflush (stdout);

          return status;
        }
    }

  if (command[0] == '-')
    /* Translators: %s is what the user typed */
    return _keyfob_tool_usage (NULL, _("Unknown option “%s”: give a command first."), command);

  /* Translators: %s is what the user typed */
  return _keyfob_tool_usage (NULL, _("Unknown command “%s”."), command);
}
