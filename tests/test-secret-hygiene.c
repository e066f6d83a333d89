/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-secret-hygiene"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "keyfob-add-dialog.h"
#include "keyfob-check-row.h"
#include "keyfob-application.h"
#include "keyfob-emulator.h"
#include "keyfob-test-async.h"
#include "keyfob-test-cli.h"
#include "keyfob-test-gtk.h"
#include "keyfob-window-private.h"
#include "keyfob-token-draft.h"

/* Issue 5, "Secret hygiene": the whole CLI contract and one GUI session run with unique canary
 * tokens, then every place a token must never reach is searched for them, in plain bytes and
 * the usual encodings: the tool's stdout (but for get) and stderr with G_MESSAGES_DEBUG=all,
 * the command line of every process the tool becomes or starts, every log message of this
 * process, and every file under the session's throwaway HOME, XDG dirs and logs. */

#define TOOL_TIMEOUT_SECONDS 60
#define GUARD_SECONDS        10

/* One form of one canary to look for. */
typedef struct
{
  char   *what;   /* says which form of which canary, for the failure message */
  GBytes *bytes;
} Needle;

static char *pulsetic_canary;     /* "kfcanary" and 32 random hex digits */
static char *cutover_canary;      /* 48 hex digits: "c0ffeeca" and 40 random ones */
static char *cutover_short;       /* the same, one digit short: a rejected token */
static GPtrArray *needles;        /* of Needle */

static KeyfobEmulator *emulator;

/* Every log message of this process, formatted, since main() started. */
static GMutex log_mutex;
static GString *log_text;
static guint n_log_messages;

/* /proc/PID/cmdline reads of the tool and what it ran that returned something. */
static guint n_cmdlines_read;

/* ---- canaries and where they turn up ---- */

static void
needle_free (gpointer data)
{
  Needle *needle = data;

  g_free (needle->what);
  g_bytes_unref (needle->bytes);
  g_free (needle);
}

static void
add_needle (const char *what,
            const char *text,
            gsize       length)
{
  Needle *needle = g_new0 (Needle, 1);

  needle->what = g_strdup (what);
  needle->bytes = g_bytes_new (text, length);
  g_ptr_array_add (needles, needle);
}

static char *
hex_of (const char *text,
        gboolean    upper)
{
  GString *hex = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    g_string_append_printf (hex, upper ? "%02X" : "%02x", (guchar) *p);

  return g_string_free (hex, FALSE);
}

/* The base64 of @secret as it appears inside a longer encoded text, whichever of the three
 * alignments it has there: encode it behind @shift filler bytes, then keep only the groups of
 * four characters that come from the secret alone. */
static char *
base64_core (const char *secret,
             guint       shift)
{
  gsize length = strlen (secret);
  g_autofree guchar *data = g_malloc0 (shift + length);
  g_autofree char *encoded = NULL;
  gsize start = shift > 0 ? 4 : 0;
  gsize whole = ((shift + length) / 3) * 4;  /* characters from complete groups */

  memcpy (data + shift, secret, length);
  encoded = g_base64_encode (data, shift + length);
  g_assert_cmpuint (whole, >, start + 16);

  return g_strndup (encoded + start, whole - start);
}

static void
add_canary (const char *label,
            const char *secret)
{
  g_autofree char *what = NULL;
  g_autofree char *lower = hex_of (secret, FALSE);
  g_autofree char *upper = hex_of (secret, TRUE);

  g_autofree char *shouted = g_ascii_strup (secret, -1);
  g_autofree char *reversed = g_strreverse (g_strdup (secret));
  g_autoptr(GString) spaced = g_string_new (NULL);

  what = g_strdup_printf ("the %s canary", label);
  add_needle (what, secret, strlen (secret));

  /* How a hostile vendor disguises an echo (the emulator's KEYFOB_EMULATOR_ECHO). */
  for (const char *p = secret; *p != '\0'; p++)
    g_string_append_printf (spaced, "%s%c", p != secret ? " " : "", *p);
  g_free (what);
  what = g_strdup_printf ("the %s canary, upper-cased, reversed or spaced out", label);
  add_needle (what, shouted, strlen (shouted));
  add_needle (what, reversed, strlen (reversed));
  add_needle (what, spaced->str, spaced->len);

  g_free (what);
  what = g_strdup_printf ("the %s canary, hex-encoded", label);
  add_needle (what, lower, strlen (lower));
  add_needle (what, upper, strlen (upper));

  for (guint shift = 0; shift < 3; shift++)
    {
      g_autofree char *core = base64_core (secret, shift);

      g_free (what);
      what = g_strdup_printf ("the %s canary, base64-encoded (alignment %u)", label, shift);
      add_needle (what, core, strlen (core));

      /* And the URL-safe alphabet, where it differs. */
      if (strpbrk (core, "+/") != NULL)
        {
          g_strdelimit (core, "+", '-');
          g_strdelimit (core, "/", '_');
          g_free (what);
          what = g_strdup_printf ("the %s canary, base64url-encoded (alignment %u)", label,
                                  shift);
          add_needle (what, core, strlen (core));
        }
    }
}

static char *
random_hex (guint n_digits)
{
  GString *hex = g_string_new (NULL);

  for (guint i = 0; i < n_digits; i++)
    g_string_append_c (hex, "0123456789abcdef"[g_random_int_range (0, 16)]);

  return g_string_free (hex, FALSE);
}

static void
make_canaries (void)
{
  g_autofree char *pulsetic_hex = random_hex (32);
  g_autofree char *cutover_hex = random_hex (40);

  pulsetic_canary = g_strconcat ("kfcanary", pulsetic_hex, NULL);
  /* Cutover tokens are 48 hex digits: a prefix of our own marks it. */
  cutover_canary = g_strconcat ("c0ffeeca", cutover_hex, NULL);
  cutover_short = g_strndup (cutover_canary, 47);

  needles = g_ptr_array_new_with_free_func (needle_free);
  add_canary ("Pulsetic", pulsetic_canary);
  add_canary ("Cutover", cutover_canary);
  add_canary ("too-short Cutover", cutover_short);
}

static const char *
find_bytes (const char *haystack,
            gsize       haystack_length,
            const char *needle,
            gsize       needle_length)
{
  const char *p = haystack;
  const char *end = haystack + haystack_length;

  if (needle_length == 0 || haystack_length < needle_length)
    return NULL;

  while ((gsize) (end - p) >= needle_length &&
         (p = memchr (p, needle[0], (end - p) - needle_length + 1)) != NULL)
    {
      if (memcmp (p, needle, needle_length) == 0)
        return p;
      p++;
    }

  return NULL;
}

static const char *
needle_find (Needle     *needle,
             const char *data,
             gsize       length)
{
  gsize needle_length = 0;
  const char *bytes = g_bytes_get_data (needle->bytes, &needle_length);

  return data != NULL ? find_bytes (data, length, bytes, needle_length) : NULL;
}

/* The first form of a canary in @data, if any, and where. */
static Needle *
find_canary (const char *data,
             gsize       length,
             gsize      *offset)
{
  for (guint i = 0; i < needles->len; i++)
    {
      Needle *needle = g_ptr_array_index (needles, i);
      const char *found = needle_find (needle, data, length);

      if (found != NULL)
        {
          *offset = found - data;
          return needle;
        }
    }

  return NULL;
}

/* Fails the test (and goes on, so that one run names every leak) when a canary, in any of its
 * forms, is in @data; @where says where @data came from. Returns whether it was clean. */
static gboolean
check_clean (const char *where,
             const char *data,
             gsize       length)
{
  gboolean clean = TRUE;

  for (guint i = 0; i < needles->len; i++)
    {
      Needle *needle = g_ptr_array_index (needles, i);
      const char *found = needle_find (needle, data, length);
      g_autofree char *context = NULL;
      g_autofree char *before = NULL;
      gsize offset;
      gsize n;

      if (found == NULL)
        continue;

      /* Say what came just before it, which tells most leaks apart. */
      offset = found - data;
      n = MIN (offset, 60);
      context = g_strndup (found - n, n);
      before = g_strescape (context, NULL);
      /* A failed test keeps only the last message: list each leak as it is found. */
      g_test_message ("LEAK: %s found in %s at byte %" G_GSIZE_FORMAT ", after “%s”",
                      needle->what, where, offset, before);
      g_test_fail_printf ("%s found in %s at byte %" G_GSIZE_FORMAT ", after “%s”",
                          needle->what, where, offset, before);
      clean = FALSE;
    }

  return clean;
}

/* ---- the log of this process ---- */

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  /* Every field, not just MESSAGE: structured fields are written out by journald too. */
  g_mutex_lock (&log_mutex);
  n_log_messages++;
  for (gsize i = 0; i < n_fields; i++)
    {
      g_string_append (log_text, fields[i].key);
      g_string_append_c (log_text, '=');
      if (fields[i].length < 0)
        g_string_append (log_text, fields[i].value);
      else
        g_string_append_len (log_text, fields[i].value, fields[i].length);
      g_string_append_c (log_text, '\n');
    }
  g_mutex_unlock (&log_mutex);

  /* Still shown as usual (on stderr: stdout carries TAP), so failures stay visible. */
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
check_log_clean (const char *part)
{
  g_autofree char *where = NULL;

  g_mutex_lock (&log_mutex);
  where = g_strdup_printf ("this process’s log (G_MESSAGES_DEBUG=all, %u messages) after %s",
                           n_log_messages, part);
  check_clean (where, log_text->str, log_text->len);
  g_mutex_unlock (&log_mutex);
}

/* ---- keyfob-tool ---- */

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

/* ---- the GUI, in this process ---- */

#define WAIT_FOR(cond)                                                                  \
  G_STMT_START                                                                          \
  {                                                                                     \
    gint64 wait_end = g_get_monotonic_time () +                                         \
      keyfob_test_hang_bound (GUARD_SECONDS) * G_USEC_PER_SEC;                          \
    while (!(cond))                                                                     \
      {                                                                                 \
        if (g_get_monotonic_time () > wait_end)                                         \
          g_error ("%s:%d: waited %d s for %s", __FILE__, __LINE__, GUARD_SECONDS, #cond); \
        if (!g_main_context_iteration (NULL, FALSE))                                    \
          g_usleep (1000);                                                              \
      }                                                                                 \
  }                                                                                     \
  G_STMT_END

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
token_added_cb (KeyfobAddDialog *dialog,
                KeyfobToken     *token,
                gpointer         user_data)
{
  guint *n_added = user_data;

  (*n_added)++;
}

static KeyfobToken *
lookup_by_name (KeyfobWindow *window,
                const char   *name)
{
  GListModel *model = G_LIST_MODEL (window->tokens);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KeyfobToken) token = g_list_model_get_item (model, i);

      if (g_str_equal (keyfob_token_get_name (token), name))
        return token;  /* the list keeps its reference */
    }

  return NULL;
}

static void
reload (KeyfobWindow *window)
{
  _keyfob_window_reload (window);
  WAIT_FOR (!keyfob_token_list_get_loading (window->tokens));
}

/* Deletes @token from the keyring the way a person would: the menu, then letting the
 * chance to undo pass. */
static void
delete_through_menu (KeyfobWindow *window,
                       KeyfobToken  *token)
{
  g_autofree char *id = g_strdup (keyfob_token_get_id (token));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s", id);
  g_assert_true (keyfob_pending_deletes_contains (window->pending_deletes, token));
  keyfob_pending_deletes_commit (window->pending_deletes, token);
  WAIT_FOR (keyfob_token_list_lookup (window->tokens, id) == NULL);
}

static GtkWidget *
add_child (KeyfobAddDialog *dialog,
           const char      *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), KEYFOB_TYPE_ADD_DIALOG,
                                                    name));
}

static void
add_through_dialog (KeyfobApplication *app,
                    KeyfobWindow      *window)
{
  KeyfobAddDialog *dialog;
  KeyfobCheckRow *check;
  GtkWidget *check_row;
  guint n_added = 0;

  dialog = keyfob_add_dialog_new (GTK_WINDOW (window),
                                  keyfob_application_get_catalogue (app),
                                  keyfob_application_get_tokens (app),
                                  keyfob_application_get_verifier (app));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "token-added", G_CALLBACK (token_added_cb), &n_added);
  gtk_window_present (GTK_WINDOW (dialog));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));

  keyfob_add_dialog_select_provider (dialog, "pulsetic");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (add_child (dialog, "stack"))),
                   ==, "steps");
  click (add_child (dialog, "next_button"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (add_child (dialog, "stack"))),
                   ==, "form");

  gtk_editable_set_text (GTK_EDITABLE (add_child (dialog, "name_row")), "Hygiene dialog");
  gtk_editable_set_text (GTK_EDITABLE (add_child (dialog, "token_row")), pulsetic_canary);

  check = KEYFOB_CHECK_ROW (add_child (dialog, "check_row"));
  click (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (check), KEYFOB_TYPE_CHECK_ROW,
                                                    "test_button")));
  WAIT_FOR (!keyfob_check_row_get_running (check));
  check_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (check),
                                                         KEYFOB_TYPE_CHECK_ROW, "row"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (check_row)), ==,
                   "Valid");

  click (add_child (dialog, "save_button"));
  WAIT_FOR (n_added == 1);
  WAIT_FOR (dialog == NULL);
}

/* One call to the search provider, from a connection of its own as GNOME Shell's is; its answer
 * is searched for the canary like everything else. */
static GVariant *
call_search_provider (GDBusConnection *shell,
                      const char      *name,
                      const char      *method,
                      GVariant        *parameters)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  GVariant *reply;

  g_dbus_connection_call (shell, name, "/io/github/keyfob/Keyfob/SearchProvider",
                          "org.gnome.Shell.SearchProvider2", method, parameters, NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, result_cb, &result);
  WAIT_FOR (result != NULL);
  reply = g_dbus_connection_call_finish (shell, result, &error);
  g_assert_no_error (error);
  printed = g_variant_print (reply, TRUE);
  check_clean (method, printed, strlen (printed));

  return reply;
}

/* Found in Activities, its name and preview shown, and picked: copied, then cleared. */
static void
search_through_shell (KeyfobApplication *app,
                      const char        *id,
                      GdkClipboard      *clipboard)
{
  const char *const terms[] = { "hygiene", NULL };
  const char *const ids[] = { id, NULL };
  const char *name = g_dbus_connection_get_unique_name (
    g_application_get_dbus_connection (G_APPLICATION (app)));
  KeyfobClipboard *ours = keyfob_application_get_clipboard (app);
  g_autoptr(GDBusConnection) shell = NULL;
  g_autoptr(GVariant) found = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GVariant) activated = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *copied = NULL;
  g_autofree const char **found_ids = NULL;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  shell = g_dbus_connection_new_for_address_sync (
    address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);

  found = call_search_provider (shell, name, "GetInitialResultSet",
                                g_variant_new ("(^as)", terms));
  g_variant_get (found, "(^a&s)", &found_ids);
  g_assert_true (g_strv_contains (found_ids, id));
  metas = call_search_provider (shell, name, "GetResultMetas", g_variant_new ("(^as)", ids));
  g_assert_true (g_variant_is_of_type (metas, G_VARIANT_TYPE ("(aa{sv})")));
  list = g_variant_get_child_value (metas, 0);
  g_assert_cmpuint (g_variant_n_children (list), ==, 1);
  activated = call_search_provider (shell, name, "ActivateResult",
                                    g_variant_new ("(s^asu)", id, terms, 0));
  g_assert_true (keyfob_clipboard_holds_ours (ours));
  copied = keyfob_test_read_clipboard (clipboard);
  g_assert_cmpstr (copied, ==, pulsetic_canary);
  keyfob_clipboard_clear (ours);
  g_assert_null (gdk_clipboard_get_content (clipboard));

  g_dbus_connection_close_sync (shell, NULL, NULL);
}

static void
test_gui (void)
{
  KeyfobApplication *app;
  KeyfobWindow *window;
  KeyfobClipboard *ours;
  GdkClipboard *clipboard;
  KeyfobProvider *provider;
  KeyfobToken *token;
  g_autoptr(KeyfobToken) stored = NULL;
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *header = NULL;
  g_autofree char *id = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display: run under tests/keyfob-test-session with KEYFOB_TEST_DISPLAY=1");
      return;
    }

  keyfob_emulator_set_token (emulator, pulsetic_canary, KEYFOB_EMULATOR_VALID);

  app = keyfob_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  WAIT_FOR (keyfob_catalogue_get_providers (keyfob_application_get_catalogue (app))->len == 4);

  /* The canary in the keyring, as the CLI would have left it. */
  provider = keyfob_catalogue_lookup (keyfob_application_get_catalogue (app), "pulsetic");
  stored = keyfob_token_new_from_input (provider, "Hygiene", fields, NULL, pulsetic_canary,
                                        strlen (pulsetic_canary), &secret, &error);
  g_assert_no_error (error);
  keyfob_store_add_async (keyfob_application_get_store (app), stored, secret, NULL, result_cb,
                          &result);
  WAIT_FOR (result != NULL);
  g_assert_true (keyfob_store_add_finish (keyfob_application_get_store (app), result, &error));
  g_assert_no_error (error);
  id = g_strdup (keyfob_token_get_id (stored));

  window = g_object_ref_sink (keyfob_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  /* Read by the window's reload, or by the list following the keyring when the application's
   * first reading of it was already under way. */
  WAIT_FOR ((token = keyfob_token_list_lookup (window->tokens, id)) != NULL);

  /* Test, and wait for the verdict */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.test-token", "s", id);
  WAIT_FOR (keyfob_token_get_last_result (token) != NULL && !keyfob_token_get_checking (token));
  g_assert_cmpstr (keyfob_token_get_last_result (token), ==, "valid");

  /* A vendor that echoes the token back in disguise: the toast and the log stay clean. */
  keyfob_emulator_set_token (emulator, pulsetic_canary, KEYFOB_EMULATOR_ECHO);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.test-token", "s", id);
  WAIT_FOR (g_strcmp0 (keyfob_token_get_last_result (token), "invalid") == 0 &&
            !keyfob_token_get_checking (token));
  keyfob_emulator_set_token (emulator, pulsetic_canary, KEYFOB_EMULATOR_VALID);

  /* Copy the token, then the header line, each cleared again */
  ours = keyfob_application_get_clipboard (app);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-token", "s", id);
  WAIT_FOR (keyfob_clipboard_holds_ours (ours));
  copied = keyfob_test_read_clipboard (clipboard);
  g_assert_cmpstr (copied, ==, pulsetic_canary);
  keyfob_clipboard_clear (ours);
  g_assert_false (keyfob_clipboard_holds_ours (ours));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-header", "s", id);
  WAIT_FOR (keyfob_clipboard_holds_ours (ours));
  header = keyfob_test_read_clipboard (clipboard);
  g_assert_nonnull (strstr (header, pulsetic_canary));
  keyfob_clipboard_clear (ours);
  g_assert_null (gdk_clipboard_get_content (clipboard));

  search_through_shell (app, id, clipboard);

  /* Delete, through the confirmation */
  delete_through_menu (window, token);
  reload (window);
  g_assert_null (keyfob_token_list_lookup (window->tokens, id));

  /* The add dialog: paste, test, save; then delete what it stored. */
  add_through_dialog (app, window);
  reload (window);
  token = lookup_by_name (window, "Hygiene dialog");
  g_assert_nonnull (token);
  delete_through_menu (window, token);

  /* Whatever the main loop still had to say */
  spin (200);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_object_unref (app);
  spin (100);

  check_log_clean ("the GUI part");
}

/* ---- files ---- */

static void
scan_tree (const char *path,
           guint      *n_files,
           gboolean   *saw_keyring_log)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;
      GStatBuf info;

      /* lstat: a symbolic link is not followed out of the tree. */
      if (g_lstat (child, &info) != 0)
        continue;  /* gone since it was listed */

      if (S_ISDIR (info.st_mode))
        {
          scan_tree (child, n_files, saw_keyring_log);
          continue;
        }

      /* Sockets, pipes and links have no contents to leak into. */
      if (!S_ISREG (info.st_mode))
        continue;

      /* gnome-keyring encrypts its keyring files: the secrets are meant to be in there. */
      if (strstr (child, "/keyrings/") != NULL && g_str_has_suffix (child, ".keyring"))
        continue;

      if (!g_file_get_contents (child, &contents, &length, &error))
        {
          g_test_fail_printf ("Could not read %s: %s", child, error->message);
          g_clear_error (&error);
          continue;
        }

      (*n_files)++;
      if (g_str_equal (name, "keyring.log"))
        *saw_keyring_log = TRUE;
      check_clean (child, contents, length);
    }
}

static void
test_files (void)
{
  const char *tmp = g_getenv ("KEYFOB_TEST_TMP");
  guint n_files = 0;
  gboolean saw_keyring_log = FALSE;

  if (tmp == NULL)
    {
      g_test_skip ("No KEYFOB_TEST_TMP: run under tests/keyfob-test-session");
      return;
    }

  scan_tree (tmp, &n_files, &saw_keyring_log);
  g_test_message ("Searched %u files under %s", n_files, tmp);
  /* At the least, the keyring's log (with G_MESSAGES_DEBUG=all) and the X server's. */
  g_assert_cmpuint (n_files, >, 0);
  g_assert_true (saw_keyring_log);

  check_log_clean ("everything");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before anything that could log or read it. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  log_text = g_string_new (NULL);
  g_log_writer_default_set_use_stderr (TRUE);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_init (&argc, &argv, NULL);

  make_canaries ();
  emulator = keyfob_emulator_new ();
  /* For the GUI part, in this process; the tool gets it from its launcher. */
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (emulator), TRUE);

  /* In this order: the search of the files comes after everything that could write them. */
  g_test_add_func ("/secret-hygiene/cli", test_cli);
  g_test_add_func ("/secret-hygiene/cli-dotenv", test_cli_dotenv);
  g_test_add_func ("/secret-hygiene/gui", test_gui);
  g_test_add_func ("/secret-hygiene/files", test_files);

  status = g_test_run ();

  keyfob_emulator_free (emulator);
  g_clear_pointer (&needles, g_ptr_array_unref);
  g_clear_pointer (&pulsetic_canary, g_free);
  g_clear_pointer (&cutover_canary, g_free);
  g_clear_pointer (&cutover_short, g_free);

  return status;
}
