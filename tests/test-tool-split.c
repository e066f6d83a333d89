/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-tool-split"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

/* Issue 6: keyfob-tool starts as fast as secret-tool because it does not link libsoup, whose
 * libraries the loader would map at every start, and hands test and revoke to its helper,
 * keyfob-tool-check. The dynamic sections show the first without timing anything; a
 * keyfob-tool with no helper to find shows that the second fails plainly. */

#define HELPER_PATH KEYFOB_LIBEXECDIR "/keyfob-tool-check"

/* The DT_NEEDED entries of @path: the shared libraries the loader maps before main(). */
static GStrv
needed_libraries (const char *path)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GStrvBuilder) needed = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_nonnull (path);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* readelf translates “Shared library”. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  subprocess = g_subprocess_launcher_spawn (launcher, &error, "readelf", "--dynamic", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (subprocess));

  /* 0x0000000000000001 (NEEDED)             Shared library: [libglib-2.0.so.0] */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *start = strchr (lines[i], '[');
      const char *end = start != NULL ? strchr (start, ']') : NULL;
      g_autofree char *name = NULL;

      if (strstr (lines[i], "(NEEDED)") == NULL || end == NULL)
        continue;

      name = g_strndup (start + 1, end - start - 1);
      g_strv_builder_add (needed, name);
    }

  return g_strv_builder_end (needed);
}

static gboolean
links_libsoup (const char * const *needed)
{
  for (guint i = 0; needed[i] != NULL; i++)
    if (g_str_has_prefix (needed[i], "libsoup"))
      return TRUE;

  return FALSE;
}

static void
test_tool_without_libsoup (void)
{
  g_auto(GStrv) needed = needed_libraries (g_getenv ("KEYFOB_TOOL"));
  g_autofree char *list = g_strjoinv (" ", needed);

  g_test_message ("keyfob-tool needs: %s", list);

  /* Else output that readelf no longer prints this way would pass for a clean binary. */
  g_assert_true (g_strv_contains ((const char * const *) needed, "libglib-2.0.so.0"));

  if (links_libsoup ((const char * const *) needed))
    g_test_fail_printf ("keyfob-tool links libsoup (%s): its libraries double the start-up "
                        "time (issue 6); only keyfob-tool-check may link it", list);
}

/* The same look sees libsoup where it is linked: the test above can fail. */
static void
test_helper_with_libsoup (void)
{
  g_auto(GStrv) needed = needed_libraries (g_getenv ("KEYFOB_TOOL_CHECK"));

  g_assert_true (links_libsoup ((const char * const *) needed));
}

/* After a broken install, test and revoke say what is missing and how to fix it. */
static void
test_helper_missing (gconstpointer data)
{
  const char * const *args = data;
  const char *tool = g_getenv ("KEYFOB_TOOL");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  gsize length = 0;

  if (g_file_test (HELPER_PATH, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("Keyfob is installed here: keyfob-tool would find " HELPER_PATH);
      return;
    }

  /* A copy, not a link: keyfob-tool looks beside what /proc/self/exe resolves to. */
  g_assert_nonnull (tool);
  dir = g_dir_make_tmp ("keyfob-tool-split-XXXXXX", &error);
  g_assert_no_error (error);
  copy = g_build_filename (dir, "keyfob-tool", NULL);
  g_file_get_contents (tool, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (copy, contents, length, G_FILE_SET_CONTENTS_NONE, 0755, &error);
  g_assert_no_error (error);

  g_ptr_array_add (argv, copy);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                             &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (subprocess));
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 1);
  g_assert_cmpstr (out, ==, "");
  expected = g_strdup_printf ("keyfob-tool: Cannot run “%s”: its helper " HELPER_PATH " did "
                              "not start (No such file or directory). Reinstall Keyfob, or in "
                              "a build tree rebuild it with ninja.\n", args[0]);
  g_assert_cmpstr (err, ==, expected);

  g_assert_cmpint (g_unlink (copy), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  static const char * const test_args[] = { "test", "--all", NULL };
  static const char * const revoke_args[] = { "revoke", "tool-split-token", "--yes", NULL };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tool/split/tool-without-libsoup", test_tool_without_libsoup);
  g_test_add_func ("/tool/split/helper-with-libsoup", test_helper_with_libsoup);
  g_test_add_data_func ("/tool/split/helper-missing/test", test_args, test_helper_missing);
  g_test_add_data_func ("/tool/split/helper-missing/revoke", revoke_args, test_helper_missing);

  return g_test_run ();
}
