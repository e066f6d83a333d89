/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-add-get-list"

#include "config.h"

#include <string.h>

#include "keyfob-test-cli-fixture.h"

/* keyfob-tool add, get and list: what goes into the keyring, and what comes back out. */

static void
assert_empty_keyring (Fixture *fixture)
{
  g_autoptr(JsonArray) tokens = list_json (fixture);

  g_assert_cmpuint (json_array_get_length (tokens), ==, 0);
}

/* ---- add ---- */

static void
test_add_each_provider (Fixture       *fixture,
                        gconstpointer  data)
{
  static const struct
  {
    const char *provider;
    const char *name;
    const char *token;
    const char *field;
    const char *key;
    const char *value;
  } cases[] = {
    { "pylon", "cli-add-pylon", PYLON_TOKEN, "region=us", "region", "us" },
    { "pushly", "cli-add-pushly", PUSHLY_TOKEN, "domain_id=123", "domain_id", "123" },
    { "cutover", "cli-add-cutover", CUTOVER_TOKEN, "instance=acme", "instance", "acme" },
    { "pulsetic", "cli-add-pulsetic", PULSETIC_TOKEN, NULL, NULL, NULL },
  };
  g_autoptr(JsonArray) tokens = NULL;
  char *ids[G_N_ELEMENTS (cases)];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (cases[i].field != NULL)
        ids[i] = add_token (fixture, cases[i].token, "--provider", cases[i].provider,
                            "--name", cases[i].name, "--field", cases[i].field, NULL);
      else
        ids[i] = add_token (fixture, cases[i].token, "--provider", cases[i].provider,
                            "--name", cases[i].name, NULL);
    }

  tokens = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (tokens), ==, G_N_ELEMENTS (cases));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      JsonObject *object = keyfob_test_find_named (tokens, cases[i].name);
      g_autofree char *expected = g_strconcat (cases[i].token, "\n", NULL);
      g_autoptr(KeyfobTestRun) by_name = run_tool (fixture, NULL, "get", cases[i].name, NULL);
      g_autoptr(KeyfobTestRun) by_id = run_tool (fixture, NULL, "get", ids[i], NULL);

      g_assert_nonnull (object);
      assert_token_object (object);
      g_assert_cmpstr (keyfob_test_string_or_null (object, "id"), ==, ids[i]);
      g_assert_cmpstr (keyfob_test_string_or_null (object, "provider"), ==, cases[i].provider);
      if (cases[i].key != NULL)
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                       "fields"),
                                                        cases[i].key),
                         ==, cases[i].value);

      g_assert_cmpint (by_name->status, ==, 0);
      g_assert_cmpstr (by_name->out, ==, expected);
      g_assert_cmpstr (by_name->err, ==, "");
      g_assert_cmpint (by_id->status, ==, 0);
      g_assert_cmpstr (by_id->out, ==, expected);

      g_free (ids[i]);
    }
}

static void
test_add_normalise (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) bearer = NULL;
  g_autoptr(KeyfobTestRun) spaces = NULL;
  g_autoptr(KeyfobTestRun) get_bearer = NULL;
  g_autoptr(KeyfobTestRun) get_spaces = NULL;

  remember_secret (fixture, PULSETIC_TOKEN);
  remember_secret (fixture, OTHER_TOKEN);

  bearer = run_tool (fixture, "Bearer " PULSETIC_TOKEN "\n",
                     "add", "--provider", "pulsetic", "--name", "cli-norm-bearer", NULL);
  g_assert_cmpint (bearer->status, ==, 0);
  g_assert_cmpstr (bearer->err, ==, "");

  spaces = run_tool (fixture, "  \t" OTHER_TOKEN "  \r\n\n",
                     "add", "--provider", "pushly", "--name", "cli-norm-spaces",
                     "--field", "domain_id=77", NULL);
  g_assert_cmpint (spaces->status, ==, 0);

  get_bearer = run_tool (fixture, NULL, "get", "cli-norm-bearer", NULL);
  g_assert_cmpint (get_bearer->status, ==, 0);
  g_assert_cmpstr (get_bearer->out, ==, PULSETIC_TOKEN "\n");

  get_spaces = run_tool (fixture, NULL, "get", "cli-norm-spaces", NULL);
  g_assert_cmpint (get_spaces->status, ==, 0);
  g_assert_cmpstr (get_spaces->out, ==, OTHER_TOKEN "\n");
}

static void
test_add_bad_input (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct
  {
    const char *input;
    const char *args[10];
    const char *in_message;  /* stderr must contain it, when set */
  } cases[] = {
    { "", { "add", "--provider", "pulsetic", "--name", "cli-bad-empty" }, NULL },
    { "\n", { "add", "--provider", "pulsetic", "--name", "cli-bad-newline" }, NULL },
    { "abcdefgh ijklmnopqrstuvwx\n",
      { "add", "--provider", "pulsetic", "--name", "cli-bad-space" }, NULL },
    { "abcdefghijkl\x01mnopqrstuvwx\n",
      { "add", "--provider", "pulsetic", "--name", "cli-bad-control" }, NULL },
    { "0123456789abcdef0123456789abcdef0123456789abcde\n",
      { "add", "--provider", "cutover", "--name", "cli-bad-47", "--field", "instance=acme" },
      "47" },
    { "0123456789abcdef0123456789abcdef0123456789abcdeg\n",
      { "add", "--provider", "cutover", "--name", "cli-bad-nothex", "--field", "instance=acme" },
      NULL },
    { PULSETIC_TOKEN "\n", { "add", "--provider", "nosuch", "--name", "cli-bad-provider" },
      "pylon" },
    { PULSETIC_TOKEN "\n", { "add", "--provider", "pulsetic" }, "--name" },
    { PULSETIC_TOKEN "\n", { "add", "--name", "cli-bad-noprovider" }, "--provider" },
    { PUSHLY_TOKEN "\n",
      { "add", "--provider", "pushly", "--name", "cli-bad-domain", "--field", "domain_id=abc" },
      NULL },
    { PYLON_TOKEN "\n",
      { "add", "--provider", "pylon", "--name", "cli-bad-region", "--field", "region=mars" },
      NULL },
    { PYLON_TOKEN "\n",
      { "add", "--provider", "pylon", "--name", "cli-bad-nokv", "--field", "region" },
      "KEY=VALUE" },
    { CUTOVER_TOKEN "\n",
      { "add", "--provider", "cutover", "--name", "cli-bad-date", "--field", "instance=acme",
        "--expires", "2031-13-45" }, NULL },
    { CUTOVER_TOKEN "\n",
      { "add", "--provider", "cutover", "--name", "cli-bad-date2", "--field", "instance=acme",
        "--expires", "next week" }, NULL },
    { PULSETIC_TOKEN "\n",
      { "add", "--provider", "pulsetic", "--name", "cli-bad-argv", "sometokenonargv" }, NULL },
    { PULSETIC_TOKEN "\n", { "add", "--provider", "pulsetic", "--name", "" }, NULL },
  };
  g_autofree char *huge = NULL;
  g_autofree char *too_long = NULL;

  remember_secret (fixture, PULSETIC_TOKEN);
  remember_secret (fixture, PUSHLY_TOKEN);
  remember_secret (fixture, PYLON_TOKEN);
  remember_secret (fixture, CUTOVER_TOKEN);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KeyfobTestRun) run = NULL;

      g_test_message ("case %u", i);
      run = run_toolv (fixture, cases[i].input, strlen (cases[i].input), cases[i].args);
      assert_usage_error (run);
      if (cases[i].in_message != NULL)
        g_assert_nonnull (strstr (run->err, cases[i].in_message));
    }

  /* Over the 4096-byte limit, and far beyond what the tool reads at all. */
  too_long = g_strnfill (5000, 'a');
  huge = g_strnfill (200 * 1024, 'b');
  {
    const char * const args[] = { "add", "--provider", "pulsetic", "--name", "cli-bad-long",
                                  NULL };
    g_autoptr(KeyfobTestRun) long_run = run_toolv (fixture, too_long, strlen (too_long), args);
    g_autoptr(KeyfobTestRun) huge_run = run_toolv (fixture, huge, strlen (huge), args);

    assert_usage_error (long_run);
    assert_usage_error (huge_run);
    g_assert_null (strstr (long_run->err, "aaaaaaaaaaaaaaaa"));
    g_assert_null (strstr (huge_run->err, "bbbbbbbbbbbbbbbb"));
  }

  assert_empty_keyring (fixture);
}

static void
test_add_duplicate (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *other_provider = NULL;
  g_autoptr(KeyfobTestRun) second = NULL;
  g_autoptr(KeyfobTestRun) ambiguous = NULL;
  g_autoptr(KeyfobTestRun) get = NULL;
  g_autoptr(JsonArray) tokens = NULL;

  first = add_token (fixture, PULSETIC_TOKEN, "--provider", "pulsetic", "--name", "cli-dup",
                     NULL);

  remember_secret (fixture, OTHER_TOKEN);
  second = run_tool (fixture, OTHER_TOKEN "\n",
                     "add", "--provider", "pulsetic", "--name", "cli-dup", NULL);
  assert_usage_error (second);

  /* The same name for another provider is fine. */
  other_provider = add_token (fixture, PUSHLY_TOKEN, "--provider", "pushly", "--name", "cli-dup",
                              "--field", "domain_id=5", NULL);
  g_assert_cmpstr (first, !=, other_provider);

  tokens = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (tokens), ==, 2);

  /* Two tokens answer to that name now: only an id tells them apart. */
  ambiguous = run_tool (fixture, NULL, "get", "cli-dup", NULL);
  assert_usage_error (ambiguous);
  g_assert_nonnull (strstr (ambiguous->err, "id"));

  get = run_tool (fixture, NULL, "get", first, NULL);
  g_assert_cmpint (get->status, ==, 0);
  g_assert_cmpstr (get->out, ==, PULSETIC_TOKEN "\n");
}

/* ---- list ---- */

static glong
column_of (const char *line,
           const char *text)
{
  const char *found = strstr (line, text);

  g_assert_nonnull (found);

  return g_utf8_pointer_to_offset (line, found);
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *pulsetic_id = NULL;
  g_autofree char *cutover_id = NULL;
  g_autoptr(JsonArray) tokens = NULL;
  g_autoptr(KeyfobTestRun) table = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *pulsetic;
  JsonObject *cutover;
  const char *preview;
  const char *header;
  const char *row_pulsetic = NULL;
  const char *row_cutover = NULL;

  pulsetic_id = add_token (fixture, PULSETIC_TOKEN, "--provider", "pulsetic",
                           "--name", "cli-list-monitor", NULL);
  cutover_id = add_token (fixture, CUTOVER_TOKEN, "--provider", "cutover",
                          "--name", "cli-list-runbooks", "--field", "instance=acme",
                          "--expires", "2031-01-02", NULL);

  tokens = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (tokens), ==, 2);

  pulsetic = keyfob_test_find_named (tokens, "cli-list-monitor");
  cutover = keyfob_test_find_named (tokens, "cli-list-runbooks");
  g_assert_nonnull (pulsetic);
  g_assert_nonnull (cutover);
  assert_token_object (pulsetic);
  assert_token_object (cutover);

  g_assert_cmpstr (keyfob_test_string_or_null (pulsetic, "id"), ==, pulsetic_id);
  g_assert_cmpstr (keyfob_test_string_or_null (pulsetic, "provider"), ==, "pulsetic");
  g_assert_null (keyfob_test_string_or_null (pulsetic, "expires"));
  g_assert_null (keyfob_test_string_or_null (pulsetic, "last_checked"));
  g_assert_null (keyfob_test_string_or_null (pulsetic, "last_result"));

  /* Masked like Pulsetic's own table: first 6, bullets, last 4. */
  preview = keyfob_test_string_or_null (pulsetic, "preview");
  g_assert_true (g_str_has_prefix (preview, "33fea0"));
  g_assert_true (g_str_has_suffix (preview, "f7b4"));
  g_assert_nonnull (strstr (preview, "••••••••"));

  g_assert_cmpstr (keyfob_test_string_or_null (cutover, "id"), ==, cutover_id);
  g_assert_true (g_str_has_prefix (keyfob_test_string_or_null (cutover, "expires"), "2031-01-02"));
  assert_iso8601 (keyfob_test_string_or_null (cutover, "expires"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (cutover,
                                                                                 "fields"),
                                                  "instance"), ==, "acme");

  /* The human table: a header, one aligned row each. */
  table = run_tool (fixture, NULL, "list", NULL);
  g_assert_cmpint (table->status, ==, 0);
  g_assert_cmpstr (table->err, ==, "");
  g_assert_cmpint (count_lines (table->out), ==, 3);

  lines = g_strsplit (table->out, "\n", -1);
  header = lines[0];
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "cli-list-monitor"))
        row_pulsetic = lines[i];
      else if (g_str_has_prefix (lines[i], "cli-list-runbooks"))
        row_cutover = lines[i];
    }
  g_assert_nonnull (row_pulsetic);
  g_assert_nonnull (row_cutover);

  g_assert_true (g_str_has_prefix (header, "NAME"));
  g_assert_cmpint (column_of (header, "PROVIDER"), ==, column_of (row_pulsetic, "pulsetic"));
  g_assert_cmpint (column_of (header, "PROVIDER"), ==, column_of (row_cutover, "cutover"));
  g_assert_cmpint (column_of (header, "KEY"), ==, column_of (row_pulsetic, preview));
  g_assert_cmpint (column_of (header, "KEY"), ==,
                   column_of (row_cutover, keyfob_test_string_or_null (cutover, "preview")));
  g_assert_cmpint (column_of (header, "LAST CHECK"), ==, column_of (row_pulsetic, "never"));
  g_assert_cmpint (column_of (header, "LAST CHECK"), ==, column_of (row_cutover, "never"));
  g_assert_cmpint (column_of (header, "EXPIRES"), ==, column_of (row_cutover, "2031-01-02"));
  g_assert_cmpint (column_of (header, "EXPIRES"), ==, column_of (row_pulsetic, "—"));
  g_assert_cmpint (column_of (header, "CREATED"), ==, column_of (row_pulsetic, "20"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, cli_fixture_set_up, func, cli_fixture_tear_down)

  ADD ("/cli/add/each-provider", test_add_each_provider);
  ADD ("/cli/add/normalise", test_add_normalise);
  ADD ("/cli/add/bad-input", test_add_bad_input);
  ADD ("/cli/add/duplicate", test_add_duplicate);
  ADD ("/cli/list", test_list);

#undef ADD

  return g_test_run ();
}
