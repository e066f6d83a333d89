/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-core-dumps"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>

#include "keyfob-emulator.h"
#include "keyfob-test-cli.h"

/* A crash must not write a token to disk: each of the three programs, started the way a user
 * with "ulimit -c unlimited" would start it, is killed with SIGSEGV while it holds a token, and
 * leaves no core. A plain program in the same place shows that the machine does write cores
 * (core_pattern), so the test can fail. The commands "keyfob-tool exec" runs keep the user's
 * limit. */

#define TOKEN         "pulsetic0123456789abcdef01234567"
#define GUARD_SECONDS 20

typedef struct
{
  char *dir;        /* the processes' working directory, where a core would land */
  char *data_home;
} Fixture;

static gboolean
guard_cb (gpointer user_data)
{
  g_error ("%s did not happen within %d s", (const char *) user_data, GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

#define WAIT_UNTIL(condition) \
  G_STMT_START { \
    guint guard_ = g_timeout_add_seconds (GUARD_SECONDS, guard_cb, (gpointer) #condition); \
    while (!(condition)) \
      g_main_context_iteration (NULL, FALSE), g_usleep (10 * 1000); \
    g_source_remove (guard_); \
  } G_STMT_END

/* As "ulimit -c unlimited" would leave it (as far as the hard limit allows). */
static void
allow_cores (gpointer user_data)
{
  struct rlimit limit;

  getrlimit (RLIMIT_CORE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit (RLIMIT_CORE, &limit);
}

static GSubprocess *
spawn (Fixture            *fixture,
       GSubprocessFlags    flags,
       const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *subprocess;

  g_subprocess_launcher_set_cwd (launcher, fixture->dir);
  g_subprocess_launcher_set_child_setup (launcher, allow_cores, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  subprocess = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  return subprocess;
}

static char
process_state (GSubprocess *subprocess)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat",
                                           g_subprocess_get_identifier (subprocess));
  g_autofree char *stat = NULL;
  const char *end;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (end = strrchr (stat, ')')) == NULL)
    return '?';

  return end[2];
}

static gboolean
has_core_file (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "core"))
      return TRUE;

  return FALSE;
}

/* Kills @subprocess as a crash would, and says whether the kernel wrote a core. */
static gboolean
crash (Fixture     *fixture,
       GSubprocess *subprocess)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_subprocess_send_signal (subprocess, SIGSEGV);
  g_subprocess_wait (subprocess, NULL, &error);
  g_assert_no_error (error);

  status = g_subprocess_get_status (subprocess);
  g_assert_true (WIFSIGNALED (status));
  /* AddressSanitizer reports a SIGSEGV and aborts. */
  g_assert_true (WTERMSIG (status) == SIGSEGV || WTERMSIG (status) == SIGABRT);
  g_assert_cmpint (!!WCOREDUMP (status), ==, has_core_file (fixture));

  return WCOREDUMP (status) != 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char * const control[] = { "sleep", "60", NULL };
  g_autoptr(GSubprocess) sleeper = NULL;

  fixture->dir = g_dir_make_tmp ("keyfob-core-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_home = g_build_filename (fixture->dir, "data", NULL);
  g_assert_cmpint (g_mkdir (fixture->data_home, 0700), ==, 0);

  /* The control: where this dumps no core, the checks below would prove nothing. */
  sleeper = spawn (fixture, G_SUBPROCESS_FLAGS_NONE, control);
  WAIT_UNTIL (process_state (sleeper) == 'S');
  if (!crash (fixture, sleeper))
    g_error ("A crashing “sleep” left no core here (see /proc/sys/kernel/core_pattern and the "
             "hard core limit), so this test cannot tell whether Keyfob would leave one");
  g_assert_true (has_core_file (fixture));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  keyfob_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data_home);
}

static void
remove_cores (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "core"))
      {
        g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

        g_assert_cmpint (g_unlink (path), ==, 0);
      }
}

static void
store_token (Fixture    *fixture,
             const char *name)
{
  const char * const args[] = { "add", "--provider", "pulsetic", "--name", name, NULL };
  g_autoptr(KeyfobTestRun) run = keyfob_test_run_tool (fixture->data_home, TOKEN, strlen (TOKEN),
                                                       NULL, 60, args);

  g_assert_cmpint (run->status, ==, 0);
}

/* keyfob-tool add, halfway through reading a pasted token. */
static void
test_tool (Fixture       *fixture,
           gconstpointer  data)
{
  const char * const argv[] = { g_getenv ("KEYFOB_TOOL"), "add", "--provider", "pulsetic",
                                "--name", "Uptime", NULL };
  g_autoptr(GSubprocess) tool = NULL;
  int fd;
  int unread = -1;

  remove_cores (fixture);
  tool = spawn (fixture, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                argv);
  fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (g_subprocess_get_stdin_pipe (tool)));
  g_assert_cmpint (write (fd, TOKEN, 20), ==, 20);

  /* It has read what there was, and waits for the rest. */
  WAIT_UNTIL (ioctl (fd, FIONREAD, &unread) == 0 && unread == 0 && process_state (tool) == 'S');

  g_assert_false (crash (fixture, tool));
  g_assert_false (has_core_file (fixture));
}

/* keyfob-tool test, run by its helper, while the vendor has not answered yet. */
static void
test_tool_check (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(KeyfobEmulator) emulator = keyfob_emulator_new ();
  const char * const argv[] = { g_getenv ("KEYFOB_TOOL"), "test", "Checked", NULL };
  g_autoptr(GSubprocess) tool = NULL;

  store_token (fixture, "Checked");
  remove_cores (fixture);
  keyfob_emulator_set_token (emulator, TOKEN, KEYFOB_EMULATOR_SLOW);
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (emulator), TRUE);
  tool = spawn (fixture, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                argv);
  g_unsetenv ("KEYFOB_ENDPOINT_OVERRIDE");

  WAIT_UNTIL (keyfob_emulator_get_n_requests_for (emulator, TOKEN) == 1);

  g_assert_false (crash (fixture, tool));
  g_assert_false (has_core_file (fixture));
}

static gboolean
app_is_running (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "io.github.keyfob.Keyfob"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);

  return owned;
}

/* The window, once it is up and has read the keyring. */
static void
test_app (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  const char * const argv[] = { g_getenv ("KEYFOB_APP"), NULL };
  g_autoptr(GSubprocess) app = NULL;

  g_assert_nonnull (bus);
  store_token (fixture, "Shown");
  remove_cores (fixture);
  app = spawn (fixture, G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
               argv);

  WAIT_UNTIL (app_is_running (bus) && process_state (app) == 'S');

  g_assert_false (crash (fixture, app));
  g_assert_false (has_core_file (fixture));
}

/* A command keyfob-tool exec runs may dump core as it could before. */
static void
test_exec_keeps_limit (Fixture       *fixture,
                       gconstpointer  data)
{
  const char * const argv[] = { g_getenv ("KEYFOB_TOOL"), "exec", "--env", "T=Passed", "--",
                                "sh", "-c", "ulimit -c", NULL };
  g_autoptr(GSubprocess) tool = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  struct rlimit limit;

  store_token (fixture, "Passed");
  tool = spawn (fixture, G_SUBPROCESS_FLAGS_STDOUT_PIPE, argv);
  g_subprocess_communicate_utf8 (tool, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (tool));

  /* What allow_cores() gives the tool: its hard limit, in 512-byte blocks. */
  getrlimit (RLIMIT_CORE, &limit);
  if (limit.rlim_max == RLIM_INFINITY)
    expected = g_strdup ("unlimited\n");
  else
    expected = g_strdup_printf ("%lu\n", (unsigned long) (limit.rlim_max / 512));
  g_assert_cmpstr (out, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/core-dumps/keyfob-tool", test_tool);
  ADD ("/core-dumps/keyfob-tool-check", test_tool_check);
  ADD ("/core-dumps/keyfob", test_app);
  ADD ("/core-dumps/exec-keeps-limit", test_exec_keeps_limit);

#undef ADD

  return g_test_run ();
}
