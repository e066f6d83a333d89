/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-test-revoke"

#include "config.h"

#include <string.h>

#include "keyfob-test-cli-fixture.h"

/* keyfob-tool test and revoke, against the vendor emulator. */

/* ---- test ---- */

static void
test_check_valid (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(JsonArray) tokens = NULL;
  JsonObject *object;

  keyfob_emulator_set_token (fixture->emulator, PYLON_TOKEN, KEYFOB_EMULATOR_VALID);
  id = add_token (fixture, PYLON_TOKEN, "--provider", "pylon", "--name", "cli-test-valid",
                  "--field", "region=us", NULL);

  run = run_tool (fixture, NULL, "test", "cli-test-valid", NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_str_has_prefix (run->out, "cli-test-valid\tvalid\t"));
  g_assert_cmpint (count_lines (run->out), ==, 1);
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 1);

  /* The result went back to the keyring. */
  tokens = list_json (fixture);
  object = keyfob_test_find_named (tokens, "cli-test-valid");
  g_assert_nonnull (object);
  g_assert_cmpstr (keyfob_test_string_or_null (object, "last_result"), ==, "valid");
  assert_iso8601 (keyfob_test_string_or_null (object, "last_checked"));
}

static void
test_check_invalid (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(KeyfobTestRun) table = NULL;
  g_autoptr(JsonArray) tokens = NULL;

  keyfob_emulator_set_token (fixture->emulator, PUSHLY_TOKEN, KEYFOB_EMULATOR_INVALID);
  g_free (add_token (fixture, PUSHLY_TOKEN, "--provider", "pushly", "--name", "cli-test-invalid",
                     "--field", "domain_id=123", NULL));

  run = run_tool (fixture, NULL, "test", "cli-test-invalid", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_prefix (run->out, "cli-test-invalid\tinvalid\t"));
  g_assert_cmpint (count_lines (run->out), ==, 1);

  tokens = list_json (fixture);
  g_assert_cmpstr (keyfob_test_string_or_null (keyfob_test_find_named (tokens, "cli-test-invalid"),
                                               "last_result"), ==,
                   "invalid");

  /* LAST CHECK shows the result and the day. */
  table = run_tool (fixture, NULL, "list", NULL);
  g_assert_cmpint (table->status, ==, 0);
  g_assert_nonnull (strstr (table->out, "invalid 20"));
}

static void
test_check_json (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(JsonArray) results = NULL;
  JsonObject *first;
  JsonObject *second;

  keyfob_emulator_set_token (fixture->emulator, CUTOVER_TOKEN, KEYFOB_EMULATOR_VALID);
  keyfob_emulator_set_token (fixture->emulator, PYLON_TOKEN, KEYFOB_EMULATOR_FORBIDDEN);
  g_free (add_token (fixture, CUTOVER_TOKEN, "--provider", "cutover", "--name", "cli-json-cutover",
                     "--field", "instance=acme", NULL));
  g_free (add_token (fixture, PYLON_TOKEN, "--provider", "pylon", "--name", "cli-json-pylon",
                     "--field", "region=us", NULL));

  /* In the order given, not the keyring's. */
  run = run_tool (fixture, NULL, "test", "--json", "cli-json-pylon", "cli-json-cutover", NULL);
  g_assert_cmpint (run->status, ==, 1);

  results = keyfob_test_parse_array (run->out);
  g_assert_cmpuint (json_array_get_length (results), ==, 2);
  first = json_array_get_object_element (results, 0);
  second = json_array_get_object_element (results, 1);

  assert_token_object (first);
  assert_token_object (second);
  g_assert_cmpstr (keyfob_test_string_or_null (first, "name"), ==, "cli-json-pylon");
  g_assert_cmpstr (keyfob_test_string_or_null (first, "result"), ==, "forbidden");
  g_assert_cmpint (json_object_get_int_member (first, "http_status"), ==, 403);
  g_assert_nonnull (keyfob_test_string_or_null (first, "detail"));
  g_assert_true (json_object_has_member (first, "account"));
  g_assert_cmpstr (keyfob_test_string_or_null (first, "last_result"), ==, "forbidden");

  g_assert_cmpstr (keyfob_test_string_or_null (second, "name"), ==, "cli-json-cutover");
  g_assert_cmpstr (keyfob_test_string_or_null (second, "result"), ==, "valid");
  g_assert_cmpint (json_object_get_int_member (second, "http_status"), ==, 200);
  g_assert_true (json_object_has_member (second, "account"));
  assert_iso8601 (keyfob_test_string_or_null (second, "last_checked"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (second,
                                                                                 "fields"),
                                                  "instance"), ==, "acme");
}

static void
test_check_all (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) all_valid = NULL;
  g_autoptr(KeyfobTestRun) one_down = NULL;
  g_autoptr(KeyfobTestRun) both = NULL;
  g_autoptr(KeyfobTestRun) none = NULL;
  g_autoptr(KeyfobTestRun) empty = NULL;

  keyfob_emulator_set_token (fixture->emulator, PULSETIC_TOKEN, KEYFOB_EMULATOR_VALID);
  keyfob_emulator_set_token (fixture->emulator, PUSHLY_TOKEN, KEYFOB_EMULATOR_VALID);
  g_free (add_token (fixture, PULSETIC_TOKEN, "--provider", "pulsetic",
                     "--name", "cli-all-a", NULL));
  g_free (add_token (fixture, PUSHLY_TOKEN, "--provider", "pushly", "--name", "cli-all-b",
                     "--field", "domain_id=9", NULL));

  all_valid = run_tool (fixture, NULL, "test", "--all", NULL);
  g_assert_cmpint (all_valid->status, ==, 0);
  g_assert_cmpint (count_lines (all_valid->out), ==, 2);
  g_assert_nonnull (strstr (all_valid->out, "cli-all-a\tvalid\t"));
  g_assert_nonnull (strstr (all_valid->out, "cli-all-b\tvalid\t"));

  keyfob_emulator_set_token (fixture->emulator, PUSHLY_TOKEN, KEYFOB_EMULATOR_SERVER_ERROR);
  one_down = run_tool (fixture, NULL, "test", "--all", NULL);
  g_assert_cmpint (one_down->status, ==, 1);
  g_assert_nonnull (strstr (one_down->out, "cli-all-a\tvalid\t"));
  g_assert_nonnull (strstr (one_down->out, "cli-all-b\tserver-error\t"));

  both = run_tool (fixture, NULL, "test", "--all", "cli-all-a", NULL);
  assert_usage_error (both);
  none = run_tool (fixture, NULL, "test", NULL);
  assert_usage_error (none);

  delete_all_tokens (fixture);
  empty = run_tool (fixture, NULL, "test", "--all", "--json", NULL);
  g_assert_cmpint (empty->status, ==, 0);
  {
    g_autoptr(JsonArray) results = keyfob_test_parse_array (empty->out);

    g_assert_cmpuint (json_array_get_length (results), ==, 0);
  }
}

static void
test_check_verdicts (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct
  {
    KeyfobEmulatorBehaviour  behaviour;
    const char              *verdict;
  } cases[] = {
    { KEYFOB_EMULATOR_RATE_LIMITED, "rate-limited" },
    { KEYFOB_EMULATOR_MALFORMED, "unexpected" },
    { KEYFOB_EMULATOR_EMPTY, "unexpected" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *token = g_strdup_printf ("verdict-case-%u-0123456789abcdef", i);
      g_autofree char *name = g_strdup_printf ("cli-verdict-%u", i);
      g_autofree char *line = g_strdup_printf ("%s\t%s\t", name, cases[i].verdict);
      g_autoptr(KeyfobTestRun) run = NULL;

      keyfob_emulator_set_token (fixture->emulator, token, cases[i].behaviour);
      g_free (add_token (fixture, token, "--provider", "pulsetic", "--name", name, NULL));

      run = run_tool (fixture, NULL, "test", name, NULL);
      g_assert_cmpint (run->status, ==, 1);
      g_assert_true (g_str_has_prefix (run->out, line));
    }
}

/* ---- revoke ---- */

static void
test_revoke_confirmed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(KeyfobTestRun) get = NULL;

  keyfob_emulator_set_token (fixture->emulator, CUTOVER_TOKEN, KEYFOB_EMULATOR_VALID);
  g_free (add_token (fixture, CUTOVER_TOKEN, "--provider", "cutover", "--name", "cli-revoke-ok",
                     "--field", "instance=acme", NULL));

  /* The user revoked it at the vendor: now the vendor rejects it. */
  keyfob_emulator_set_token (fixture->emulator, CUTOVER_TOKEN, KEYFOB_EMULATOR_INVALID);

  run = run_tool (fixture, NULL, "revoke", "cli-revoke-ok", "--yes", NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "Revoke User App Token"));
  g_assert_nonnull (strstr (run->out, "1. Click Access Management"));
  g_assert_nonnull (strstr (run->out, "4. Click REVOKE"));
  g_assert_nonnull (strstr (run->out, "https://acme.cutover.com/"));
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 1);

  get = run_tool (fixture, NULL, "get", "cli-revoke-ok", NULL);
  g_assert_cmpint (get->status, ==, 1);
}

static void
test_revoke_still_valid (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(KeyfobTestRun) get = NULL;

  keyfob_emulator_set_token (fixture->emulator, PULSETIC_TOKEN, KEYFOB_EMULATOR_VALID);
  g_free (add_token (fixture, PULSETIC_TOKEN, "--provider", "pulsetic",
                     "--name", "cli-revoke-alive", NULL));

  run = run_tool (fixture, NULL, "revoke", "cli-revoke-alive", "--yes", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->out, "Delete API key"));
  g_assert_nonnull (strstr (run->out, "https://app.pulsetic.com/account/api"));
  g_assert_cmpstr (run->err, !=, "");

  get = run_tool (fixture, NULL, "get", "cli-revoke-alive", NULL);
  g_assert_cmpint (get->status, ==, 0);
  g_assert_cmpstr (get->out, ==, PULSETIC_TOKEN "\n");
}

static void
test_revoke_inconclusive (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(KeyfobTestRun) get = NULL;

  keyfob_emulator_set_token (fixture->emulator, PYLON_TOKEN, KEYFOB_EMULATOR_SERVER_ERROR);
  g_free (add_token (fixture, PYLON_TOKEN, "--provider", "pylon", "--name", "cli-revoke-500",
                     "--field", "region=us", NULL));

  run = run_tool (fixture, NULL, "revoke", "cli-revoke-500", "--yes", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "--force"));

  get = run_tool (fixture, NULL, "get", "cli-revoke-500", NULL);
  g_assert_cmpint (get->status, ==, 0);
}

static void
test_revoke_force (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(KeyfobTestRun) get = NULL;

  keyfob_emulator_set_token (fixture->emulator, PYLON_TOKEN, KEYFOB_EMULATOR_VALID);
  g_free (add_token (fixture, PYLON_TOKEN, "--provider", "pylon", "--name", "cli-revoke-force",
                     "--field", "region=us", NULL));

  run = run_tool (fixture, NULL, "revoke", "cli-revoke-force", "--force", NULL);
  g_assert_cmpint (run->status, ==, 0);

  get = run_tool (fixture, NULL, "get", "cli-revoke-force", NULL);
  g_assert_cmpint (get->status, ==, 1);
}

static void
test_revoke_needs_yes (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(KeyfobTestRun) get = NULL;

  keyfob_emulator_set_token (fixture->emulator, PULSETIC_TOKEN, KEYFOB_EMULATOR_INVALID);
  g_free (add_token (fixture, PULSETIC_TOKEN, "--provider", "pulsetic", "--name", "cli-revoke-ask",
                     NULL));

  /* Nobody at a terminal to press Enter: refuse rather than assume. */
  run = run_tool (fixture, NULL, "revoke", "cli-revoke-ask", NULL);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "--yes"));
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 0);

  get = run_tool (fixture, NULL, "get", "cli-revoke-ask", NULL);
  g_assert_cmpint (get->status, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, cli_fixture_set_up, func, cli_fixture_tear_down)

  ADD ("/cli/test/valid", test_check_valid);
  ADD ("/cli/test/invalid", test_check_invalid);
  ADD ("/cli/test/json", test_check_json);
  ADD ("/cli/test/all", test_check_all);
  ADD ("/cli/test/verdicts", test_check_verdicts);
  ADD ("/cli/revoke/confirmed", test_revoke_confirmed);
  ADD ("/cli/revoke/still-valid", test_revoke_still_valid);
  ADD ("/cli/revoke/inconclusive", test_revoke_inconclusive);
  ADD ("/cli/revoke/force", test_revoke_force);
  ADD ("/cli/revoke/needs-yes", test_revoke_needs_yes);

#undef ADD

  return g_test_run ();
}
