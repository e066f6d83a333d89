/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-usage-errors"

#include "config.h"

#include <string.h>

#include "keyfob-test-cli-fixture.h"

/* keyfob-tool's usage, and its exit codes when a token or the keyring is missing. */

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) version = run_tool (fixture, NULL, "--version", NULL);
  g_autoptr(KeyfobTestRun) help = run_tool (fixture, NULL, "--help", NULL);
  g_autoptr(KeyfobTestRun) none = run_tool (fixture, NULL, NULL);
  g_autoptr(KeyfobTestRun) unknown = run_tool (fixture, NULL, "frobnicate", NULL);
  g_autoptr(KeyfobTestRun) bad_option = run_tool (fixture, NULL, "list", "--colour", NULL);
  g_autoptr(KeyfobTestRun) extra = run_tool (fixture, NULL, "get", "a", "b", NULL);
  g_autoptr(KeyfobTestRun) missing = run_tool (fixture, NULL, "rename", "a", NULL);

  g_assert_cmpint (version->status, ==, 0);
  g_assert_cmpstr (version->out, ==, "keyfob-tool " PACKAGE_VERSION "\n");

  g_assert_cmpint (help->status, ==, 0);
  g_assert_nonnull (strstr (help->out, "providers"));
  g_assert_nonnull (strstr (help->out, "revoke"));

  g_assert_cmpint (none->status, ==, 2);
  assert_usage_error (unknown);
  g_assert_nonnull (strstr (unknown->err, "frobnicate"));
  assert_usage_error (bad_option);
  g_assert_nonnull (strstr (bad_option->err, "--colour"));
  assert_usage_error (extra);
  assert_usage_error (missing);
}

static void
test_get_not_found (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) by_name = run_tool (fixture, NULL, "get", "cli-no-such-token", NULL);
  g_autoptr(KeyfobTestRun) by_id = run_tool (fixture, NULL, "get",
                                       "0b5e6a52-4c2f-4f7e-9a51-2f7c8e0d9b11", NULL);
  g_autoptr(KeyfobTestRun) test = run_tool (fixture, NULL, "test", "cli-no-such-token", NULL);
  g_autoptr(KeyfobTestRun) revoke = run_tool (fixture, NULL, "revoke", "cli-no-such-token", "--yes",
                                        NULL);
  g_autoptr(KeyfobTestRun) rename = run_tool (fixture, NULL, "rename", "cli-no-such-token", "x", NULL);

  g_assert_cmpint (by_name->status, ==, 1);
  g_assert_cmpstr (by_name->out, ==, "");
  g_assert_true (g_str_has_prefix (by_name->err, "keyfob-tool: "));
  g_assert_cmpint (by_id->status, ==, 1);
  g_assert_cmpstr (by_id->out, ==, "");
  g_assert_cmpint (test->status, ==, 1);
  g_assert_cmpstr (test->out, ==, "");
  g_assert_cmpint (revoke->status, ==, 1);
  g_assert_cmpint (rename->status, ==, 1);
}

static void
test_keyring_unavailable (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *bus_path = g_build_filename (fixture->data_home, "no-such-bus", NULL);
  g_autofree char *bus = g_strconcat ("unix:path=", bus_path, NULL);
  g_autoptr(KeyfobTestRun) list = NULL;
  g_autoptr(KeyfobTestRun) add = NULL;
  g_autoptr(KeyfobTestRun) get = NULL;

  /* No Secret Service to talk to: exit 3, whatever the command. */
  fixture->bus = bus;
  remember_secret (fixture, PULSETIC_TOKEN);

  list = run_tool (fixture, NULL, "list", NULL);
  g_assert_cmpint (list->status, ==, 3);
  g_assert_cmpstr (list->out, ==, "");
  g_assert_true (g_str_has_prefix (list->err, "keyfob-tool: "));

  add = run_tool (fixture, PULSETIC_TOKEN "\n",
                  "add", "--provider", "pulsetic", "--name", "cli-no-keyring", NULL);
  g_assert_cmpint (add->status, ==, 3);
  g_assert_cmpstr (add->out, ==, "");

  get = run_tool (fixture, NULL, "get", "cli-no-keyring", NULL);
  g_assert_cmpint (get->status, ==, 3);
  g_assert_cmpstr (get->out, ==, "");

  fixture->bus = NULL;
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, cli_fixture_set_up, func, cli_fixture_tear_down)

  ADD ("/cli/usage", test_usage);
  ADD ("/cli/get/not-found", test_get_not_found);
  ADD ("/cli/keyring/unavailable", test_keyring_unavailable);

#undef ADD

  return g_test_run ();
}
