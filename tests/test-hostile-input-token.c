/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hostile-input-token"

#include "config.h"

#include <signal.h>
#include <string.h>

#include "keyfob-test-hostile.h"

/* Hostile tokens on keyfob-tool add's standard input: refused, a never-ending flood, and the
 * forms that are taken once trimmed. */

static void
test_token_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct
  {
    const char *input;
    gssize      length;   /* -1: strlen */
    const char *provider;
    const char *what;
    const char *how;
  } cases[] = {
    { "", -1, "pulsetic", "The token is empty", "Paste the token" },
    { "   \t \r\n \n", -1, "pulsetic", "The token is empty", "Paste the token" },
    { "abcdefgh ijklmnopqrstuvwx\n", -1, "pulsetic",
      "space or line break inside it (at character 9)", "Copy the token again, in one piece" },
    { "abcdefgh\tijklmnopqrstuvwx\n", -1, "pulsetic",
      "space or line break inside it", "Copy the token again, in one piece" },
    { "abcdefgh\rijklmnopqrstuvwx\n", -1, "pulsetic",
      "space or line break inside it", "Copy the token again, in one piece" },
    { "abcdefgh\nijklmnopqrstuvwx\n", -1, "pulsetic",
      "space or line break inside it", "Copy the token again, in one piece" },
    { "abcdefgh\0ijklmnopqrstuvwx\n", 26, "pulsetic",
      "control character inside it (at character 9)", "Copy the token again, as plain text" },
    { "abcdefgh\x1b[0mijklmnopqrstuvwx\n", -1, "pulsetic",
      "control character inside it", "as plain text" },
    { "abcdefgh\xff\xfe\xfdijklmnopqrstuvwx\n", -1, "pulsetic",
      "not plain ASCII", "Copy the token again, as plain text" },
    { "abcdefgh\xc3\xa9\xc3\xb1ijklmnopqrstuvwx\n", -1, "pulsetic",
      "not plain ASCII", "Copy the token again, as plain text" },
    { "0123456789abcdef0123456789abcdef0123456789abcde\n", -1, "cutover",
      "Cutover tokens are 48 characters long; the pasted one has 47",
      "Copy the whole token, and only the token" },
    { "0123456789abcdef0123456789abcdef0123456789abcdef0\n", -1, "cutover",
      "Cutover tokens are 48 characters long; the pasted one has 49",
      "Copy the whole token, and only the token" },
    { "0123456789abcdef0123456789abcdef0123456789abcdeg\n", -1, "cutover",
      "This is not a Cutover token: they are 48 hexadecimal characters",
      "Check that you copied the right token" },
    { "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n", -1, "cutover",
      "This is not a Cutover token", "Check that you copied the right token" },
  };
  g_autofree char *too_long = g_strnfill (4097, 'a');

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char * const args[] = { "add", "--provider", cases[i].provider,
                                    "--name", "hostile-token", "--field", "instance=acme",
                                    NULL };
      gsize length = cases[i].length >= 0 ? (gsize) cases[i].length : strlen (cases[i].input);
      g_autoptr(KeyfobTestRun) run = NULL;

      g_test_message ("token case %u", i);
      /* Pulsetic has no fields: pass --field only to Cutover. */
      if (g_str_equal (cases[i].provider, "pulsetic"))
        {
          const char * const plain[] = { "add", "--provider", "pulsetic",
                                         "--name", "hostile-token", NULL };

          run = run_toolv (fixture, cases[i].input, length, plain);
        }
      else
        {
          run = run_toolv (fixture, cases[i].input, length, args);
        }
      assert_refused (fixture, run, cases[i].what, cases[i].how);
    }

  {
    const char * const args[] = { "add", "--provider", "pulsetic", "--name", "hostile-long",
                                  NULL };
    g_autoptr(KeyfobTestRun) run = run_toolv (fixture, too_long, strlen (too_long), args);

    assert_refused (fixture, run, "longer than 4096 bytes", "Copy only the token");
    g_assert_null (strstr (run->err, "aaaaaaaaaaaaaaaa"));
  }
}

typedef struct
{
  GMainLoop *loop;
  gboolean   exited;
  gboolean   written;
  gboolean   timed_out;
} Flood;

static void
flood_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Flood *flood = user_data;
  g_autoptr(GError) error = NULL;

  /* The tool stops reading and exits: the rest of the megabyte meets a closed pipe. */
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  flood->written = TRUE;
  g_main_loop_quit (flood->loop);
}

static void
flood_exited_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Flood *flood = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  flood->exited = TRUE;
  g_main_loop_quit (flood->loop);
}

static gboolean
flood_timeout_cb (gpointer user_data)
{
  Flood *flood = user_data;

  flood->timed_out = TRUE;
  g_main_loop_quit (flood->loop);

  return G_SOURCE_REMOVE;
}

/* A megabyte on a pipe that never closes: a tool that read to the end would wait forever,
 * one that reads a bounded amount refuses it and exits. */
static void
test_token_flood (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *flood_data = g_strnfill (1024 * 1024, 'f');
  g_autofree char *out_path = g_build_filename (fixture->data_home, "flood.out", NULL);
  g_autofree char *err_path = g_build_filename (fixture->data_home, "flood.err", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  Flood flood = { loop, FALSE, FALSE, FALSE };
  guint timeout_id;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  subprocess = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("KEYFOB_TOOL"), "add",
                                            "--provider", "pulsetic", "--name", "hostile-flood",
                                            NULL);
  g_assert_no_error (error);

  g_output_stream_write_all_async (g_subprocess_get_stdin_pipe (subprocess), flood_data,
                                   1024 * 1024, G_PRIORITY_DEFAULT, NULL, flood_written_cb,
                                   &flood);
  g_subprocess_wait_async (subprocess, NULL, flood_exited_cb, &flood);

  timeout_id = g_timeout_add_seconds (TOOL_TIMEOUT, flood_timeout_cb, &flood);
  while (!(flood.exited && flood.written) && !flood.timed_out)
    g_main_loop_run (loop);
  if (flood.timed_out)
    {
      g_subprocess_force_exit (subprocess);
      g_error ("keyfob-tool add kept reading a never-ending standard input");
    }
  g_source_remove (timeout_id);

  g_assert_true (g_subprocess_get_if_exited (subprocess));
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 2);
  g_file_get_contents (out_path, &out, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (err_path, &err, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "longer than 4096 bytes"));
  g_assert_nonnull (strstr (err, "pipe in the token alone"));
  g_assert_null (strstr (err, "ffffffffffffffff"));
  assert_unchanged (fixture);
}

static void
test_token_normalised (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const inputs[] = {
    "   " PULSETIC_TOKEN "   ",
    "\t " PULSETIC_TOKEN " \r\n",
    PULSETIC_TOKEN "\n",
    "Bearer " PULSETIC_TOKEN "\n",
    "bearer   " PULSETIC_TOKEN "\n",
    "Authorization: " PULSETIC_TOKEN "\n",
    "Authorization: Bearer " PULSETIC_TOKEN "\n",
    "  authorization:Bearer\t" PULSETIC_TOKEN "  \n\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *name = g_strdup_printf ("hostile-normalised-%u", i);
      g_autoptr(KeyfobTestRun) add = NULL;
      g_autoptr(KeyfobTestRun) deleted = NULL;

      g_test_message ("normalised case %u", i);
      add = run_tool (fixture, inputs[i], "add", "--provider", "pulsetic", "--name", name, NULL);
      g_assert_cmpint (add->status, ==, 0);
      g_assert_cmpstr (add->err, ==, "");
      assert_get (fixture, name, PULSETIC_TOKEN);

      deleted = run_tool (fixture, NULL, "delete", name, NULL);
      g_assert_cmpint (deleted->status, ==, 0);
    }

  assert_unchanged (fixture);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* The flood test writes into a pipe the tool has stopped reading: EPIPE, not a signal. */
  signal (SIGPIPE, SIG_IGN);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, hostile_fixture_set_up, func, hostile_fixture_tear_down)

  ADD ("/cli/hostile/token/refused", test_token_refused);
  ADD ("/cli/hostile/token/flood", test_token_flood);
  ADD ("/cli/hostile/token/normalised", test_token_normalised);

#undef ADD

  return g_test_run ();
}
