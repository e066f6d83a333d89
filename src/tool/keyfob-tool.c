/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "keyfob-process.h"
#include "keyfob-tool-private.h"

/* Beside this executable first, as in a build tree, where tests and developers run
 * _build/src/tool/keyfob-tool; installed, the helper is in libexecdir. */
static char *
find_check_helper (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *path = g_build_filename (dir, "keyfob-tool-check", NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&path);
    }

  return g_build_filename (KEYFOB_LIBEXECDIR, "keyfob-tool-check", NULL);
}

/* test and revoke need libsoup, whose libraries would double the start-up time of every
 * command if keyfob-tool linked them (issue 6): keyfob-tool-check runs them instead, in this
 * process, with the same arguments (never a token), environment, standard streams and
 * terminal, so revoke still waits for Enter. */
static int
run_check (KeyfobToolContext  *context,
           int                 argc,
           char              **argv)
{
  g_autofree char *helper = find_check_helper ();
  g_autofree char **helper_argv = g_new0 (char *, argc + 2);
  int saved_errno;

  helper_argv[0] = helper;
  for (int i = 0; i < argc; i++)
    helper_argv[i + 1] = argv[i];

  execv (helper, helper_argv);
  saved_errno = errno;

  /* Translators: the first %s is a command such as “test”, the second the helper's file name,
   * the third why it did not start */
  _keyfob_tool_say (stderr, _("keyfob-tool: Cannot run “%s”: its helper %s did not start (%s). "
                              "Reinstall Keyfob, or in a build tree rebuild it with ninja.\n"),
                    argv[0], helper, g_strerror (saved_errno));

  return KEYFOB_TOOL_EXIT_FAILED;
}

static const KeyfobToolCommand commands[] = {
  { "providers", "[--fields ID]", _keyfob_tool_providers,
    N_("List the providers: ID and display name, or one provider’s fields") },
  { "add", "--provider ID --name NAME [--field KEY=VALUE]... [--expires YYYY-MM-DD]",
    _keyfob_tool_add, N_("Store a token read from standard input; prints its id") },
  { "list", "[--json|--names] [--expiring DAYS]", _keyfob_tool_list,
    N_("List the stored tokens, masked, or their names alone") },
  { "get", "NAME|ID", _keyfob_tool_get,
    N_("Print a token’s secret") },
  { "rename", "NAME|ID NEW-NAME", _keyfob_tool_rename,
    N_("Rename a token") },
  { "edit", "NAME|ID [--expires YYYY-MM-DD|--no-expires] [--field KEY=VALUE]... [--secret]",
    _keyfob_tool_edit, N_("Change a token’s expiry or fields, or replace it with a new one") },
  { "test", "NAME|ID... | --all [--json]", run_check,
    N_("Check tokens live against their vendors") },
  { "revoke", "NAME|ID [--yes] [--force]", run_check,
    N_("Guide through revoking a token, confirm it is dead, then delete it") },
  { "delete", "NAME|ID", _keyfob_tool_delete,
    N_("Remove a token from the keyring only") },
  { "exec", "--env VAR=NAME|ID... | --env-file FILE -- COMMAND [ARG]...", _keyfob_tool_exec,
    N_("Run a command with tokens in its environment") },
  { "import", "FILE [--dry-run] [--rewrite [--keep-backup]]", run_check,
    N_("Store the tokens of a .env file, each tested live first") },
  { "scan", "PATH...", _keyfob_tool_scan,
    N_("Find plaintext copies of stored tokens in files; exit 1 when any is found") },
  { "remind", "[--days DAYS]", _keyfob_tool_remind,
    N_("Send a desktop notification when tokens expire soon, once a day") },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage: keyfob-tool COMMAND [OPTION…]"));
  fprintf (stream, "\n%s\n",
           _("Keep API tokens in the keyring and check them against their vendors."));
  fprintf (stream, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %s%s%s\n      %s\n", commands[i].name,
             commands[i].usage[0] != '\0' ? " " : "", commands[i].usage,
             _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Options:"));
  fprintf (stream, "  --help\n      %s\n", _("Show this help"));
  fprintf (stream, "  --version\n      %s\n", _("Print the version"));
  fprintf (stream, "\n%s\n", _("Run “keyfob-tool COMMAND --help” for a command’s options."));
  fprintf (stream, "%s\n", _("Exit status: 0 success, 1 failed, 2 bad input or usage, "
                             "3 keyring unavailable, locked or timed out."));
}

int
main (int    argc,
      char **argv)
{
  const char *command;

  /* Before anything can hold a token. */
  keyfob_process_forbid_core_dumps ();
  _keyfob_tool_setup ();

  if (argc < 2)
    {
      print_usage (stderr);
      return KEYFOB_TOOL_EXIT_USAGE;
    }

  command = argv[1];

  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") ||
      g_str_equal (command, "help"))
    {
      print_usage (stdout);
      return KEYFOB_TOOL_EXIT_OK;
    }

  if (g_str_equal (command, "--version"))
    {
      printf ("keyfob-tool %s\n", PACKAGE_VERSION);
      return KEYFOB_TOOL_EXIT_OK;
    }

  return _keyfob_tool_dispatch (commands, G_N_ELEMENTS (commands), argc, argv);
}
