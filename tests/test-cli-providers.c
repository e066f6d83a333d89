/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-providers"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "keyfob-test-cli-fixture.h"

/* keyfob-tool providers: the built-in ones, and the user's files beside them. */

static void
test_providers (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "providers", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==,
                   "cutover\tCutover\n"
                   "pulsetic\tPulsetic\n"
                   "pushly\tPushly\n"
                   "pylon\tPylon\n");
  g_assert_cmpstr (run->err, ==, "");
}

static char *
provider_json_with (const char *builtin,
                    const char *id,
                    const char *name)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *dir = g_getenv ("KEYFOB_PROVIDERS_DIR");
  g_autofree char *file = g_strconcat (builtin, ".json", NULL);
  JsonObject *object;

  if (dir != NULL)
    path = g_build_filename (dir, file, NULL);
  else
    path = g_test_build_filename (G_TEST_DIST, "..", "data", "providers", file, NULL);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  root = json_from_string (contents, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "name", name);

  return json_to_string (root, TRUE);
}

static void
write_user_provider (Fixture    *fixture,
                     const char *file,
                     const char *contents)
{
  g_autofree char *dir = g_build_filename (fixture->data_home, "keyfob", "providers", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_providers_user (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *acme = provider_json_with ("pulsetic", "acme", "Acme Cloud");
  g_autofree char *custom_pylon = provider_json_with ("pylon", "pylon", "Pylon (custom)");
  g_autofree char *id = NULL;
  g_autofree char *acme_path = NULL;
  g_autofree char *broken_path = NULL;
  g_autoptr(KeyfobTestRun) listed = NULL;
  g_autoptr(KeyfobTestRun) broken = NULL;
  g_autoptr(KeyfobTestRun) tested = NULL;
  g_autoptr(KeyfobTestRun) orphan = NULL;

  write_user_provider (fixture, "acme.json", acme);
  write_user_provider (fixture, "pylon.json", custom_pylon);

  listed = run_tool (fixture, NULL, "providers", NULL);
  g_assert_cmpint (listed->status, ==, 0);
  g_assert_cmpstr (listed->out, ==,
                   "acme\tAcme Cloud\n"
                   "cutover\tCutover\n"
                   "pulsetic\tPulsetic\n"
                   "pushly\tPushly\n"
                   "pylon\tPylon (custom)\n");
  /* Replacing a built-in provider is never silent: the file decides where tokens go. */
  g_assert_true (g_str_has_prefix (listed->err, "keyfob-tool: warning: "));
  g_assert_nonnull (strstr (listed->err, "pylon.json replaces the built-in provider “pylon”"));
  g_assert_cmpint (strchr (listed->err, '\n') - listed->err, ==, strlen (listed->err) - 1);

  /* A broken file is named on stderr, and everything else still loads. */
  write_user_provider (fixture, "broken.json", "{\n  \"id\": \"broken\",\n  \"name\": \n");
  broken = run_tool (fixture, NULL, "providers", NULL);
  g_assert_cmpint (broken->status, ==, 0);
  g_assert_nonnull (strstr (broken->err, "broken.json"));
  g_assert_nonnull (strstr (broken->out, "acme\tAcme Cloud\n"));
  g_assert_nonnull (strstr (broken->out, "cutover\tCutover\n"));
  g_assert_nonnull (strstr (broken->out, "pylon\tPylon (custom)\n"));
  g_assert_null (strstr (broken->out, "broken"));
  broken_path = g_build_filename (fixture->data_home, "keyfob", "providers", "broken.json", NULL);
  g_assert_cmpint (g_unlink (broken_path), ==, 0);

  /* A user provider is as usable as a built-in one. */
  keyfob_emulator_set_token (fixture->emulator, OTHER_TOKEN, KEYFOB_EMULATOR_VALID);
  id = add_token (fixture, OTHER_TOKEN, "--provider", "acme", "--name", "cli-user-acme", NULL);
  tested = run_tool (fixture, NULL, "test", "cli-user-acme", NULL);
  g_assert_cmpint (tested->status, ==, 0);
  g_assert_true (g_str_has_prefix (tested->out, "cli-user-acme\tvalid\t"));

  /* Its file gone, the token stays but cannot be checked. */
  acme_path = g_build_filename (fixture->data_home, "keyfob", "providers", "acme.json", NULL);
  g_assert_cmpint (g_unlink (acme_path), ==, 0);
  orphan = run_tool (fixture, NULL, "test", id, NULL);
  g_assert_cmpint (orphan->status, ==, 1);
  g_assert_true (g_str_has_prefix (orphan->out, "cli-user-acme\tunexpected\t"));
  g_assert_nonnull (strstr (orphan->out, "acme"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, cli_fixture_set_up, func, cli_fixture_tear_down)

  ADD ("/cli/providers/builtin", test_providers);
  ADD ("/cli/providers/user", test_providers_user);

#undef ADD

  return g_test_run ();
}
