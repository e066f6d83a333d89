/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-test-cli"

#include "config.h"

#include <glib/gstdio.h>

#include "keyfob-test-cli.h"

/* Runs the built keyfob-tool for the tests (keyfob-test-cli-fixture.c adds a vendor emulator):
 * standard input from a file (a tool that exits before reading it must not turn into a broken
 * pipe here), untranslated messages, and a deadline after which the test fails, not hangs. */

typedef struct
{
  GMainLoop *loop;
  GBytes    *out;
  GBytes    *err;
  GError    *error;
  gboolean   done;
  gboolean   timed_out;
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

static char *
bytes_to_string (GBytes *bytes)
{
  gsize length = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;

  return data != NULL ? g_strndup (data, length) : g_strdup ("");
}

/**
 * keyfob_test_add_tool_command:
 * @argv: (element-type utf8): gets the command, before the tool's arguments
 *
 * How the tests run keyfob-tool: $KEYFOB_TOOL, behind $KEYFOB_TEST_TOOL_WRAPPER when that is
 * set. The valgrind setup sets it to valgrind itself, following keyfob-tool into the helper it
 * execs, so that memcheck covers the tool and not only the test.
 */
void
keyfob_test_add_tool_command (GPtrArray *argv)
{
  static char **wrapper = NULL;
  const char *tool = g_getenv ("KEYFOB_TOOL");

  g_assert_nonnull (tool);

  if (g_once_init_enter (&wrapper))
    {
      const char *text = g_getenv ("KEYFOB_TEST_TOOL_WRAPPER");
      char **parsed = NULL;
      g_autoptr(GError) error = NULL;

      if (text == NULL || text[0] == '\0')
        parsed = g_new0 (char *, 1);
      else if (!g_shell_parse_argv (text, NULL, &parsed, &error))
        g_error ("KEYFOB_TEST_TOOL_WRAPPER: %s", error->message);
      g_once_init_leave (&wrapper, parsed);
    }

  for (guint i = 0; wrapper[i] != NULL; i++)
    g_ptr_array_add (argv, wrapper[i]);
  g_ptr_array_add (argv, (gpointer) tool);
}

void
keyfob_test_run_free (KeyfobTestRun *run)
{
  if (run == NULL)
    return;

  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

/**
 * keyfob_test_run_tool:
 * @data_home: the XDG_DATA_HOME the tool sees; its stdin file is written there
 * @input: (nullable): standard input, @input_length bytes (may hold NULs)
 * @env: (nullable): KEY=VALUE pairs to set besides
 * @timeout_seconds: fail the test when the tool runs longer
 * @args: the tool's arguments, NULL-terminated
 */
KeyfobTestRun *
keyfob_test_run_tool (const char         *data_home,
                      const char         *input,
                      gsize               input_length,
                      const char * const *env,
                      guint               timeout_seconds,
                      const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *input_path = g_build_filename (data_home, "stdin", NULL);
  Communication communication = { 0 };
  KeyfobTestRun *run;
  guint timeout_id;

  keyfob_test_add_tool_command (argv);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_file_set_contents (input_path, input != NULL ? input : "", input != NULL ? input_length : 0,
                       &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_assert_nonnull (pair[1]);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  communication.loop = loop;
  g_subprocess_communicate_async (subprocess, NULL, NULL, communicate_cb, &communication);

  timeout_id = g_timeout_add_seconds (timeout_seconds, timeout_cb, &communication);
  while (!communication.done && !communication.timed_out)
    g_main_loop_run (loop);

  if (communication.timed_out)
    {
      g_subprocess_force_exit (subprocess);
      while (!communication.done)
        g_main_context_iteration (NULL, TRUE);
      g_error ("keyfob-tool %s did not finish within %u s",
               args[0] != NULL ? args[0] : "", timeout_seconds);
    }
  g_source_remove (timeout_id);

  g_assert_no_error (communication.error);
  g_assert_true (g_subprocess_get_if_exited (subprocess));
  g_assert_cmpint (g_unlink (input_path), ==, 0);

  run = g_new0 (KeyfobTestRun, 1);
  run->status = g_subprocess_get_exit_status (subprocess);
  run->out = bytes_to_string (communication.out);
  run->err = bytes_to_string (communication.err);
  g_clear_pointer (&communication.out, g_bytes_unref);
  g_clear_pointer (&communication.err, g_bytes_unref);

  g_test_message ("keyfob-tool %s → %d\nstderr: %s",
                  args[0] != NULL ? args[0] : "", run->status, run->err);

  return run;
}

/* Removes @path and everything under it, without following links. */
void
keyfob_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        keyfob_test_remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

/* The arguments of a NULL-terminated varargs call, in an array that ends in NULL. */
GPtrArray *
keyfob_test_collect_args (va_list ap)
{
  GPtrArray *args = g_ptr_array_new ();
  const char *arg;

  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  g_ptr_array_add (args, NULL);

  return args;
}

/**
 * keyfob_test_parse_array:
 *
 * Returns: (transfer full): the JSON array @text holds, which it must
 */
JsonArray *
keyfob_test_parse_array (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));

  return json_array_ref (json_node_get_array (root));
}

/**
 * keyfob_test_find_named:
 *
 * Returns: (transfer none) (nullable): the object in `list --json`'s array with this name
 */
JsonObject *
keyfob_test_find_named (JsonArray  *array,
                        const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "name"), name) == 0)
        return object;
    }

  return NULL;
}

/* A member that must be there, a string or null. */
const char *
keyfob_test_string_or_null (JsonObject *object,
                            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);

  return json_node_get_string (node);
}
