/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-secret-hygiene-cli"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "keyfob-test-cli.h"
#include "keyfob-test-hygiene.h"

/* Secret hygiene through keyfob-tool: the whole CLI contract with the canaries, its stdout (but
 * for get) and stderr, and the command line of every process it becomes or starts. */

#define TOOL_TIMEOUT_SECONDS 60

/* /proc/PID/cmdline reads of the tool and what it ran that returned something. */
static guint n_cmdlines_read;

/* What /proc says the command line of @pid and of its descendants is, checked for canaries. */
static void
check_process_tree (const char *pid,
                    const char *command,
                    guint       depth)
{
  g_autofree char *cmdline_path = g_strdup_printf ("/proc/%s/cmdline", pid);
  g_autofree char *children_path = g_strdup_printf ("/proc/%s/task/%s/children", pid, pid);
  g_autofree char *cmdline = NULL;
  g_autofree char *children = NULL;
  gsize length = 0;

  /* It may be gone already, or a zombie with an empty command line. */
  if (g_file_get_contents (cmdline_path, &cmdline, &length, NULL) && length > 0)
    {
      g_autofree char *where = g_strdup_printf ("%s of keyfob-tool %s%s", cmdline_path, command,
                                                depth > 0 ? " (a process it started)" : "");

      n_cmdlines_read++;
      check_clean (where, cmdline, length);
    }

  if (depth < 4 && g_file_get_contents (children_path, &children, NULL, NULL))
    {
      g_auto(GStrv) pids = g_strsplit (g_strstrip (children), " ", -1);

      for (guint i = 0; pids[i] != NULL; i++)
        if (*pids[i] != '\0')
          check_process_tree (pids[i], command, depth + 1);
    }
}

typedef struct
{
  GMainLoop  *loop;
  const char *pid;
  const char *command;
  GBytes     *out;
  GBytes     *err;
  GError     *error;
  gboolean    done;
  gboolean    timed_out;
} Communication;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Communication *communication = user_data;

  g_subprocess_communicate_finish (G_SUBPROCESS (object), result,
                                   &communication->out, &communication->err,
                                   &communication->error);
  communication->done = TRUE;
  g_main_loop_quit (communication->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Communication *communication = user_data;

  communication->timed_out = TRUE;
  g_main_loop_quit (communication->loop);

  return G_SOURCE_REMOVE;
}

/* While the tool runs: exec replaces it by the command, which starts its own children. */
static gboolean
sample_cb (gpointer user_data)
{
  Communication *communication = user_data;

  if (!communication->done)
    check_process_tree (communication->pid, communication->command, 0);

  return G_SOURCE_CONTINUE;
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize length = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;

  return data != NULL ? g_strndup (data, length) : g_strdup ("");
}

/* Runs keyfob-tool ARGS with @input on its standard input and G_MESSAGES_DEBUG=all, while the
 * main loop serves the emulator; checks its output, and its command line while it runs. */
static KeyfobTestRun *
run_toolv (const char         *input,
           const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strjoinv (" ", (char **) args);
  g_autofree char *where = NULL;
  Communication communication = { 0 };
  gboolean is_get = g_str_equal (args[0], "get");
  KeyfobTestRun *run;
  int fds[2];
  guint timeout_id;
  guint sample_id;

  /* The test's own command lines must be clean too, or the checks below mean nothing. */
  where = g_strdup_printf ("the arguments the test gives keyfob-tool %s", command);
  g_assert_true (check_clean (where, command, strlen (command)));

  keyfob_test_add_tool_command (argv);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Standard input through a pipe filled up front, so that no file under the session's temp
   * dir ever holds a canary, and a tool that never reads it is no broken pipe here. */
  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  g_assert_no_error (error);
  if (input != NULL)
    {
      gsize length = strlen (input);

      g_assert_cmpuint (length, <, 4096);  /* fits in the pipe's buffer */
      g_assert_cmpint (write (fds[1], input, length), ==, (gssize) length);
    }
  g_assert_cmpint (close (fds[1]), ==, 0);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_take_stdin_fd (launcher, fds[0]);
  g_subprocess_launcher_setenv (launcher, "KEYFOB_ENDPOINT_OVERRIDE",
                                keyfob_emulator_get_url (emulator), TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");

  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  communication.loop = loop;
  communication.pid = g_subprocess_get_identifier (subprocess);
  communication.command = command;

  /* Right after the spawn, then every few milliseconds until it exits. */
  if (communication.pid != NULL)
    {
      check_process_tree (communication.pid, command, 0);
      sample_id = g_timeout_add (2, sample_cb, &communication);
    }
  else
    {
      sample_id = 0;
    }

  g_subprocess_communicate_async (subprocess, NULL, NULL, communicate_cb, &communication);

  timeout_id = g_timeout_add_seconds (TOOL_TIMEOUT_SECONDS, timeout_cb, &communication);
  while (!communication.done && !communication.timed_out)
    g_main_loop_run (loop);

  if (communication.timed_out)
    {
      g_subprocess_force_exit (subprocess);
      while (!communication.done)
        g_main_context_iteration (NULL, TRUE);
      g_error ("keyfob-tool %s did not finish within %d s", command, TOOL_TIMEOUT_SECONDS);
    }
  g_source_remove (timeout_id);
  g_clear_handle_id (&sample_id, g_source_remove);

  g_assert_no_error (communication.error);
  g_assert_true (g_subprocess_get_if_exited (subprocess));

  run = g_new0 (KeyfobTestRun, 1);
  run->status = g_subprocess_get_exit_status (subprocess);
  run->out = bytes_to_string (communication.out);
  run->err = bytes_to_string (communication.err);
  g_clear_pointer (&communication.out, g_bytes_unref);
  g_clear_pointer (&communication.err, g_bytes_unref);

  g_test_message ("keyfob-tool %s → %d", command, run->status);

  /* The contract: a token on stdout only from get, on stderr never. */
  g_free (where);
  where = g_strdup_printf ("the stderr of keyfob-tool %s", command);
  check_clean (where, run->err, strlen (run->err));
  if (!is_get)
    {
      g_free (where);
      where = g_strdup_printf ("the stdout of keyfob-tool %s", command);
      check_clean (where, run->out, strlen (run->out));
    }

  return run;
}

static KeyfobTestRun *
run_tool (const char *input,
          ...) G_GNUC_NULL_TERMINATED;

static KeyfobTestRun *
run_tool (const char *input,
          ...)
{
  g_autoptr(GPtrArray) args = NULL;
  va_list ap;

  va_start (ap, input);
  args = keyfob_test_collect_args (ap);
  va_end (ap);

  return run_toolv (input, (const char * const *) args->pdata);
}

static void
assert_status (KeyfobTestRun *run,
               int            expected)
{
  if (run->status != expected)
    g_error ("keyfob-tool exited with %d, not %d; stderr: %s", run->status, expected, run->err);
}

/* A command that must fail without touching the keyring. */
static void
assert_fails (const char *input,
              ...) G_GNUC_NULL_TERMINATED;

static void
assert_fails (const char *input,
              ...)
{
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(KeyfobTestRun) run = NULL;
  va_list ap;

  va_start (ap, input);
  args = keyfob_test_collect_args (ap);
  va_end (ap);

  run = run_toolv (input, (const char * const *) args->pdata);
  g_assert_cmpint (run->status, !=, 0);
  g_assert_cmpstr (run->err, !=, "");
}

static void
test_cli (void)
{
  g_autofree char *pulsetic_line = g_strconcat (pulsetic_canary, "\n", NULL);
  g_autofree char *pulsetic_bearer = g_strconcat ("Bearer ", pulsetic_canary, "\n", NULL);
  g_autofree char *cutover_line = g_strconcat (cutover_canary, "\n", NULL);
  g_autofree char *short_line = g_strconcat (cutover_short, "\n", NULL);
  g_autofree char *length_line = g_strdup_printf ("\n%zu", strlen (pulsetic_canary));
  g_autoptr(KeyfobTestRun) run = NULL;

  keyfob_emulator_set_token (emulator, pulsetic_canary, KEYFOB_EMULATOR_VALID);
  keyfob_emulator_set_token (emulator, cutover_canary, KEYFOB_EMULATOR_VALID);

  run = run_tool (NULL, "providers", NULL);
  assert_status (run, 0);
  g_clear_pointer (&run, keyfob_test_run_free);

  /* add, as a shell pipes it (a trailing newline), and with a Bearer prefix */
  run = run_tool (pulsetic_line, "add", "--provider", "pulsetic", "--name", "hygiene-a", NULL);
  assert_status (run, 0);
  g_clear_pointer (&run, keyfob_test_run_free);
  run = run_tool (pulsetic_bearer, "add", "--provider", "pulsetic", "--name", "hygiene-bearer",
                  NULL);
  assert_status (run, 0);
  g_clear_pointer (&run, keyfob_test_run_free);
  run = run_tool (cutover_line, "add", "--provider", "cutover", "--name", "hygiene-cutover",
                  "--field", "instance=acme", NULL);
  assert_status (run, 0);
  g_clear_pointer (&run, keyfob_test_run_free);

  run = run_tool (NULL, "list", NULL);
  assert_status (run, 0);
  g_assert_nonnull (strstr (run->out, "hygiene-a"));
  g_clear_pointer (&run, keyfob_test_run_free);
  run = run_tool (NULL, "list", "--json", NULL);
  assert_status (run, 0);
  g_assert_nonnull (strstr (run->out, "hygiene-cutover"));
  g_clear_pointer (&run, keyfob_test_run_free);

  /* get: the one place the token is printed, so the search above could find it. */
  run = run_tool (NULL, "get", "hygiene-a", NULL);
  assert_status (run, 0);
  g_assert_nonnull (strstr (run->out, pulsetic_canary));
  g_assert_cmpstr (run->out, ==, pulsetic_line);
  {
    gsize offset = 0;

    /* The search itself finds it where it is. */
    g_assert_nonnull (find_canary (run->out, strlen (run->out), &offset));
    g_assert_cmpuint (offset, ==, 0);
  }
  g_clear_pointer (&run, keyfob_test_run_free);
  run = run_tool (NULL, "get", "hygiene-bearer", NULL);
  assert_status (run, 0);
  g_assert_cmpstr (run->out, ==, pulsetic_line);
  g_clear_pointer (&run, keyfob_test_run_free);
  run = run_tool (NULL, "get", "hygiene-cutover", NULL);
  assert_status (run, 0);
  g_assert_cmpstr (run->out, ==, cutover_line);
  g_clear_pointer (&run, keyfob_test_run_free);

  /* test, one and all */
  run = run_tool (NULL, "test", "hygiene-a", NULL);
  assert_status (run, 0);
  g_assert_true (g_str_has_prefix (run->out, "hygiene-a\tvalid\t"));
  g_clear_pointer (&run, keyfob_test_run_free);
  run = run_tool (NULL, "test", "--all", "--json", NULL);
  assert_status (run, 0);
  g_assert_nonnull (strstr (run->out, "hygiene-cutover"));
  g_clear_pointer (&run, keyfob_test_run_free);

  /* A hostile vendor: the token echoed back in disguise, escape sequences, 100,000 levels of
   * brackets, a 900 KiB account name. None of it may carry the canary anywhere. */
  {
    const KeyfobEmulatorBehaviour rejecting[] = {
      KEYFOB_EMULATOR_ECHO, KEYFOB_EMULATOR_HOSTILE_MESSAGE, KEYFOB_EMULATOR_DEEP,
    };

    for (guint i = 0; i < G_N_ELEMENTS (rejecting); i++)
      {
        keyfob_emulator_set_token (emulator, pulsetic_canary, rejecting[i]);
        run = run_tool (NULL, "test", "hygiene-a", NULL);
        assert_status (run, 1);
        g_clear_pointer (&run, keyfob_test_run_free);
      }

    keyfob_emulator_set_token (emulator, cutover_canary, KEYFOB_EMULATOR_HUGE_ACCOUNT);
    run = run_tool (NULL, "test", "hygiene-cutover", "--json", NULL);
    assert_status (run, 0);
    g_clear_pointer (&run, keyfob_test_run_free);
    keyfob_emulator_set_token (emulator, pulsetic_canary, KEYFOB_EMULATOR_VALID);
    keyfob_emulator_set_token (emulator, cutover_canary, KEYFOB_EMULATOR_VALID);
  }

  run = run_tool (NULL, "rename", "hygiene-a", "hygiene-renamed", NULL);
  assert_status (run, 0);
  g_clear_pointer (&run, keyfob_test_run_free);

  /* exec: the secret in the environment only. The command prints its own command line (what
   * keyfob-tool became) and the length of the variable, never the variable. */
  run = run_tool (NULL, "exec", "--env", "V=hygiene-renamed", "--",
                  "sh", "-c", "tr '\\0' ' ' < /proc/$$/cmdline; printf '\\n%s' \"${#V}\"", NULL);
  assert_status (run, 0);
  g_assert_true (g_str_has_prefix (run->out, "sh -c "));
  g_assert_true (g_str_has_suffix (run->out, length_line));
  g_clear_pointer (&run, keyfob_test_run_free);

  /* Failures, each with a canary at hand */
  assert_fails (pulsetic_line, "add", "--provider", "no-such-provider", "--name", "hygiene-x",
                NULL);
  assert_fails (pulsetic_line, "add", "--provider", "pulsetic", "--name", "hygiene-renamed",
                NULL);
  assert_fails (pulsetic_line, "add", "--provider", "pulsetic", "--name", "hygiene-field",
                "--field", "bogus=1", NULL);
  assert_fails (cutover_line, "add", "--provider", "cutover", "--name", "hygiene-no-field",
                NULL);
  assert_fails (cutover_line, "add", "--provider", "cutover", "--name", "hygiene-bad-field",
                "--field", "instance=acme/x y", NULL);
  assert_fails (short_line, "add", "--provider", "cutover", "--name", "hygiene-short",
                "--field", "instance=acme", NULL);
  assert_fails (NULL, "get", "hygiene-no-such-token", NULL);
  assert_fails (NULL, "rename", "hygiene-renamed", "hygiene-bearer", NULL);
  assert_fails (NULL, "exec", "--env", "1V=hygiene-renamed", "--", "true", NULL);
  assert_fails (NULL, "exec", "--env", "V=hygiene-renamed", "--", "keyfob-no-such-command",
                NULL);
  assert_fails (NULL, "revoke", "hygiene-renamed", NULL);

  /* revoke: the vendor now rejects it, so it goes; still valid, it stays; --force. */
  keyfob_emulator_set_token (emulator, cutover_canary, KEYFOB_EMULATOR_INVALID);
  run = run_tool (NULL, "revoke", "hygiene-cutover", "--yes", NULL);
  assert_status (run, 0);
  g_clear_pointer (&run, keyfob_test_run_free);
  assert_fails (NULL, "get", "hygiene-cutover", NULL);

  assert_fails (NULL, "revoke", "hygiene-renamed", "--yes", NULL);
  keyfob_emulator_set_token (emulator, pulsetic_canary, KEYFOB_EMULATOR_SERVER_ERROR);
  assert_fails (NULL, "revoke", "hygiene-renamed", "--yes", NULL);
  run = run_tool (NULL, "revoke", "hygiene-renamed", "--force", NULL);
  assert_status (run, 0);
  g_clear_pointer (&run, keyfob_test_run_free);
  assert_fails (NULL, "get", "hygiene-renamed", NULL);

  run = run_tool (NULL, "delete", "hygiene-bearer", NULL);
  assert_status (run, 0);
  g_clear_pointer (&run, keyfob_test_run_free);
  assert_fails (NULL, "delete", "hygiene-bearer", NULL);

  run = run_tool (NULL, "list", "--json", NULL);
  assert_status (run, 0);
  g_assert_cmpstr (g_strstrip (run->out), ==, "[]");

  /* The process checks did look at something. */
  g_assert_cmpuint (n_cmdlines_read, >, 0);
  check_log_clean ("the CLI part");
}

/* .env files: import (which rewrites the file, so that the search of the session's files at
 * the end proves no copy of it was left behind), exec --env-file and scan. */
static void
test_cli_dotenv (void)
{
  const char *tmp = g_getenv ("KEYFOB_TEST_TMP");
  g_autofree char *dir = NULL;
  g_autofree char *env_path = NULL;
  g_autofree char *missing_path = NULL;
  g_autofree char *planted_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *planted = NULL;
  g_autofree char *length_line = g_strdup_printf ("\n%zu", strlen (pulsetic_canary));
  g_autoptr(KeyfobTestRun) run = NULL;
  gsize length = 0;

  if (tmp == NULL)
    {
      g_test_skip ("No KEYFOB_TEST_TMP: run under tests/keyfob-test-session");
      return;
    }

  keyfob_emulator_set_token (emulator, pulsetic_canary, KEYFOB_EMULATOR_VALID);
  keyfob_emulator_set_token (emulator, cutover_canary, KEYFOB_EMULATOR_VALID);

  dir = g_build_filename (tmp, "hygiene-dotenv", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  env_path = g_build_filename (dir, ".env", NULL);
  missing_path = g_build_filename (dir, "missing.env", NULL);
  planted_path = g_build_filename (dir, "planted.txt", NULL);

  contents = g_strdup_printf ("PULSETIC_API_KEY=%s\n"
                              "export CUTOVER_API_TOKEN=\"%s\"\n"
                              "CUTOVER_INSTANCE=acme\n"
                              "PLAIN=1\n", pulsetic_canary, cutover_canary);
  g_assert_true (g_file_set_contents (env_path, contents, -1, NULL));
  g_clear_pointer (&contents, g_free);

  run = run_tool (NULL, "import", "--dry-run", env_path, NULL);
  assert_status (run, 0);
  g_clear_pointer (&run, keyfob_test_run_free);

  run = run_tool (NULL, "import", "--rewrite", env_path, NULL);
  assert_status (run, 0);
  g_assert_nonnull (strstr (run->out, "imported into Cutover"));
  g_clear_pointer (&run, keyfob_test_run_free);

  /* The file now holds references, and nothing else holds its values. */
  g_assert_true (g_file_get_contents (env_path, &contents, &length, NULL));
  g_assert_true (check_clean ("the rewritten .env file", contents, length));
  g_assert_nonnull (strstr (contents, "keyfob:PULSETIC_API_KEY"));

  run = run_tool (NULL, "exec", "--env-file", env_path, "--",
                  "sh", "-c", "tr '\\0' ' ' < /proc/$$/cmdline; printf '\\n%s' "
                  "\"${#PULSETIC_API_KEY}\"", NULL);
  assert_status (run, 0);
  g_assert_true (g_str_has_suffix (run->out, length_line));
  g_clear_pointer (&run, keyfob_test_run_free);

  g_assert_true (g_file_set_contents (missing_path, "V=keyfob:hygiene-nobody\n", -1, NULL));
  assert_fails (NULL, "exec", "--env-file", missing_path, "--", "true", NULL);

  /* scan finds a planted copy and names it, masked; the copy goes before the files' search. */
  planted = g_strdup_printf ("config:\n  key: %s\n", cutover_canary);
  g_assert_true (g_file_set_contents (planted_path, planted, -1, NULL));
  run = run_tool (NULL, "scan", dir, NULL);
  assert_status (run, 1);
  g_assert_nonnull (strstr (run->out, "planted.txt:2: CUTOVER_API_TOKEN ("));
  g_clear_pointer (&run, keyfob_test_run_free);
  g_assert_cmpint (g_unlink (planted_path), ==, 0);
  run = run_tool (NULL, "scan", dir, NULL);
  assert_status (run, 0);
  g_clear_pointer (&run, keyfob_test_run_free);

  run = run_tool (NULL, "delete", "PULSETIC_API_KEY", NULL);
  assert_status (run, 0);
  g_clear_pointer (&run, keyfob_test_run_free);
  run = run_tool (NULL, "delete", "CUTOVER_API_TOKEN", NULL);
  assert_status (run, 0);
  g_clear_pointer (&run, keyfob_test_run_free);

  check_log_clean ("the .env part");
}

int
main (int   argc,
      char *argv[])
{
  keyfob_test_hygiene_init (&argc, &argv);

  /* In this order: the search of the files comes after everything that could write them. */
  g_test_add_func ("/secret-hygiene/cli", test_cli);
  g_test_add_func ("/secret-hygiene/cli-dotenv", test_cli_dotenv);

  return keyfob_test_hygiene_run ();
}
