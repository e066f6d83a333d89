/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-rename-delete-exec"

#include "config.h"

#include <string.h>

#include "keyfob-test-cli-fixture.h"

/* keyfob-tool rename, delete and exec, on tokens the tool added. */

static void
test_rename (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;
  g_autoptr(KeyfobTestRun) renamed = NULL;
  g_autoptr(KeyfobTestRun) old_name = NULL;
  g_autoptr(KeyfobTestRun) new_name = NULL;
  g_autoptr(KeyfobTestRun) duplicate = NULL;
  g_autoptr(KeyfobTestRun) by_id = NULL;
  g_autoptr(JsonArray) tokens = NULL;

  id = add_token (fixture, PULSETIC_TOKEN, "--provider", "pulsetic", "--name", "cli-ren-old",
                  NULL);
  other = add_token (fixture, OTHER_TOKEN, "--provider", "pulsetic", "--name", "cli-ren-taken",
                     NULL);

  renamed = run_tool (fixture, NULL, "rename", "cli-ren-old", "cli-ren-new", NULL);
  g_assert_cmpint (renamed->status, ==, 0);
  g_assert_cmpstr (renamed->err, ==, "");

  old_name = run_tool (fixture, NULL, "get", "cli-ren-old", NULL);
  g_assert_cmpint (old_name->status, ==, 1);
  new_name = run_tool (fixture, NULL, "get", "cli-ren-new", NULL);
  g_assert_cmpint (new_name->status, ==, 0);
  g_assert_cmpstr (new_name->out, ==, PULSETIC_TOKEN "\n");

  duplicate = run_tool (fixture, NULL, "rename", id, "cli-ren-taken", NULL);
  assert_usage_error (duplicate);

  by_id = run_tool (fixture, NULL, "rename", id, "cli-ren-by-id", NULL);
  g_assert_cmpint (by_id->status, ==, 0);

  tokens = list_json (fixture);
  g_assert_nonnull (keyfob_test_find_named (tokens, "cli-ren-by-id"));
  g_assert_nonnull (keyfob_test_find_named (tokens, "cli-ren-taken"));
  g_assert_null (keyfob_test_find_named (tokens, "cli-ren-new"));
  g_assert_cmpstr (keyfob_test_string_or_null (keyfob_test_find_named (tokens, "cli-ren-by-id"),
                                               "id"), ==, id);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *kept = NULL;
  g_autofree char *id = NULL;
  g_autoptr(KeyfobTestRun) deleted = NULL;
  g_autoptr(KeyfobTestRun) again = NULL;
  g_autoptr(KeyfobTestRun) by_id = NULL;
  g_autoptr(KeyfobTestRun) get = NULL;
  g_autoptr(JsonArray) tokens = NULL;

  kept = add_token (fixture, OTHER_TOKEN, "--provider", "pulsetic", "--name", "cli-del-kept",
                    NULL);
  g_free (add_token (fixture, PULSETIC_TOKEN, "--provider", "pulsetic",
                     "--name", "cli-del-name", NULL));
  id = add_token (fixture, PYLON_TOKEN, "--provider", "pylon", "--name", "cli-del-id",
                  "--field", "region=us", NULL);

  deleted = run_tool (fixture, NULL, "delete", "cli-del-name", NULL);
  g_assert_cmpint (deleted->status, ==, 0);
  g_assert_cmpstr (deleted->err, ==, "");

  again = run_tool (fixture, NULL, "delete", "cli-del-name", NULL);
  g_assert_cmpint (again->status, ==, 1);

  by_id = run_tool (fixture, NULL, "delete", id, NULL);
  g_assert_cmpint (by_id->status, ==, 0);

  get = run_tool (fixture, NULL, "get", "cli-del-name", NULL);
  g_assert_cmpint (get->status, ==, 1);

  tokens = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (tokens), ==, 1);
  g_assert_cmpstr (keyfob_test_string_or_null (json_array_get_object_element (tokens, 0), "id"),
                   ==, kept);
}

/* ---- exec ---- */

static void
test_exec (Fixture       *fixture,
           gconstpointer  data)
{
  const char * const print_args[] = {
    "exec", "--env", "A=cli-exec-a", "--", "sh", "-c", "printf %s \"$A\"", NULL
  };
  const char * const two_args[] = {
    "exec", "--env", "A=cli-exec-a", "--env", "B_2=cli-exec-b", "--",
    "sh", "-c", "printf '%s:%s' \"$A\" \"$B_2\"", NULL
  };
  const char * const cmdline_args[] = {
    "exec", "--env", "A=cli-exec-a", "--", "sh", "-c", "tr '\\0' ' ' < /proc/$$/cmdline", NULL
  };
  g_autoptr(KeyfobTestRun) printed = NULL;
  g_autoptr(KeyfobTestRun) two = NULL;
  g_autoptr(KeyfobTestRun) cmdline = NULL;
  g_autoptr(KeyfobTestRun) bad_var = NULL;
  g_autoptr(KeyfobTestRun) no_dashes = NULL;
  g_autoptr(KeyfobTestRun) no_env = NULL;
  g_autoptr(KeyfobTestRun) missing = NULL;
  g_autoptr(KeyfobTestRun) not_found = NULL;

  g_free (add_token (fixture, PULSETIC_TOKEN, "--provider", "pulsetic",
                     "--name", "cli-exec-a", NULL));
  g_free (add_token (fixture, OTHER_TOKEN, "--provider", "pulsetic", "--name", "cli-exec-b", NULL));

  for (guint i = 0; print_args[i] != NULL; i++)
    g_assert_null (strstr (print_args[i], PULSETIC_TOKEN));

  printed = run_toolv (fixture, NULL, 0, print_args);
  g_assert_cmpint (printed->status, ==, 0);
  g_assert_cmpstr (printed->out, ==, PULSETIC_TOKEN);
  g_assert_cmpstr (printed->err, ==, "");

  two = run_toolv (fixture, NULL, 0, two_args);
  g_assert_cmpint (two->status, ==, 0);
  g_assert_cmpstr (two->out, ==, PULSETIC_TOKEN ":" OTHER_TOKEN);

  /* The command replaces keyfob-tool: its command line is the one given, without the token. */
  cmdline = run_toolv (fixture, NULL, 0, cmdline_args);
  g_assert_cmpint (cmdline->status, ==, 0);
  g_assert_true (g_str_has_prefix (cmdline->out, "sh -c "));
  g_assert_null (strstr (cmdline->out, PULSETIC_TOKEN));

  bad_var = run_tool (fixture, NULL, "exec", "--env", "1A=cli-exec-a", "--", "true", NULL);
  assert_usage_error (bad_var);
  no_dashes = run_tool (fixture, NULL, "exec", "--env", "A=cli-exec-a", "true", NULL);
  assert_usage_error (no_dashes);
  no_env = run_tool (fixture, NULL, "exec", "--", "true", NULL);
  assert_usage_error (no_env);

  missing = run_tool (fixture, NULL, "exec", "--env", "A=cli-exec-nope", "--", "true", NULL);
  g_assert_cmpint (missing->status, ==, 1);
  g_assert_cmpstr (missing->out, ==, "");

  not_found = run_tool (fixture, NULL, "exec", "--env", "A=cli-exec-a", "--",
                        "keyfob-no-such-command-xyz", NULL);
  g_assert_cmpint (not_found->status, ==, 127);
  g_assert_nonnull (strstr (not_found->err, "keyfob-no-such-command-xyz"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, cli_fixture_set_up, func, cli_fixture_tear_down)

  ADD ("/cli/rename", test_rename);
  ADD ("/cli/delete", test_delete);
  ADD ("/cli/exec", test_exec);

#undef ADD

  return g_test_run ();
}
