/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-edit"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "keyfob-test-cli.h"

/* keyfob-tool edit, end to end: the built tool ($KEYFOB_TOOL) against the session's
 * throwaway keyring. Bad input exits 2 and changes nothing. */

#define TOOL_TIMEOUT_SECONDS 60

#define CUTOVER_TOKEN  "0123456789abcdef0123456789abcdef0123456789abcdef"
#define ROTATED_TOKEN  "fedcba9876543210fedcba9876543210fedcba9876543210"

typedef struct
{
  char *data_home;
} Fixture;

static KeyfobTestRun *
run_tool (Fixture    *fixture,
          const char *input,
          ...) G_GNUC_NULL_TERMINATED;

/* Runs keyfob-tool ARGS with @input on standard input; no token ever goes to stderr, and
 * none to stdout but get's. */
static KeyfobTestRun *
run_tool (Fixture    *fixture,
          const char *input,
          ...)
{
  g_autoptr(GPtrArray) args = NULL;
  KeyfobTestRun *run;
  va_list ap;

  va_start (ap, input);
  args = keyfob_test_collect_args (ap);
  va_end (ap);

  run = keyfob_test_run_tool (fixture->data_home, input, input != NULL ? strlen (input) : 0,
                              NULL, TOOL_TIMEOUT_SECONDS, (const char * const *) args->pdata);
  g_assert_null (strstr (run->err, CUTOVER_TOKEN));
  g_assert_null (strstr (run->err, ROTATED_TOKEN));
  if (!g_str_equal (g_ptr_array_index (args, 0), "get"))
    {
      g_assert_null (strstr (run->out, CUTOVER_TOKEN));
      g_assert_null (strstr (run->out, ROTATED_TOKEN));
    }

  return run;
}

/* The one token, as list --json shows it. */
static JsonObject *
listed (Fixture *fixture)
{
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "list", "--json", NULL);
  g_autoptr(JsonArray) tokens = NULL;

  g_assert_cmpint (run->status, ==, 0);
  tokens = keyfob_test_parse_array (run->out);
  g_assert_cmpuint (json_array_get_length (tokens), ==, 1);

  return json_object_ref (json_array_get_object_element (tokens, 0));
}

static const char *
member (JsonObject *object,
        const char *name)
{
  return keyfob_test_string_or_null (object, name);
}

static const char *
field (JsonObject *token,
       const char *key)
{
  return member (json_object_get_object_member (token, "fields"), key);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) added = NULL;
  g_autoptr(GError) error = NULL;

  fixture->data_home = g_dir_make_tmp ("keyfob-cli-edit-XXXXXX", &error);
  g_assert_no_error (error);

  added = run_tool (fixture, CUTOVER_TOKEN "\n", "add", "--provider", "cutover", "--name",
                    "Release bot", "--field", "instance=acme", "--expires", "2030-01-31", NULL);
  g_assert_cmpint (added->status, ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) deleted = run_tool (fixture, NULL, "delete", "Release bot", NULL);

  g_assert_cmpint (deleted->status, ==, 0);
  keyfob_test_remove_tree (fixture->data_home);
  g_free (fixture->data_home);
}

static void
assert_usage_error (KeyfobTestRun *run,
                    const char    *says)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "keyfob-tool: "));
  g_assert_nonnull (strstr (run->err, says));
}

static void
test_expiry_and_fields (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) before = listed (fixture);
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) none = NULL;
  g_autoptr(KeyfobTestRun) edited = NULL;
  g_autoptr(KeyfobTestRun) cleared = NULL;
  g_autoptr(KeyfobTestRun) secret = NULL;

  g_assert_true (g_str_has_prefix (member (before, "expires"), "2030-01-31"));

  edited = run_tool (fixture, NULL, "edit", "Release bot", "--expires", "2031-06-30",
                     "--field", "api_host=api.acme.cutover.com", NULL);
  g_assert_cmpint (edited->status, ==, 0);
  g_assert_cmpstr (edited->err, ==, "");

  after = listed (fixture);
  g_assert_true (g_str_has_prefix (member (after, "expires"), "2031-06-30"));
  g_assert_cmpstr (field (after, "api_host"), ==, "api.acme.cutover.com");
  g_assert_cmpstr (field (after, "instance"), ==, "acme");
  g_assert_cmpstr (member (after, "id"), ==, member (before, "id"));
  g_assert_cmpstr (member (after, "preview"), ==, member (before, "preview"));

  /* By id, too. */
  cleared = run_tool (fixture, NULL, "edit", member (before, "id"), "--no-expires", NULL);
  g_assert_cmpint (cleared->status, ==, 0);
  none = listed (fixture);
  g_assert_null (member (none, "expires"));

  secret = run_tool (fixture, NULL, "get", "Release bot", NULL);
  g_assert_cmpstr (secret->out, ==, CUTOVER_TOKEN "\n");
}

static void
test_rotate (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonObject) before = listed (fixture);
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(KeyfobTestRun) rotated = NULL;
  g_autoptr(KeyfobTestRun) secret = NULL;

  rotated = run_tool (fixture, ROTATED_TOKEN "\n", "edit", "Release bot", "--secret", NULL);
  g_assert_cmpint (rotated->status, ==, 0);

  after = listed (fixture);
  g_assert_cmpstr (member (after, "id"), ==, member (before, "id"));
  g_assert_cmpstr (member (after, "name"), ==, "Release bot");
  g_assert_true (g_str_has_prefix (member (after, "preview"), "fedcba"));
  g_assert_cmpstr (member (after, "preview"), !=, member (before, "preview"));
  g_assert_true (g_str_has_prefix (member (after, "expires"), "2030-01-31"));

  secret = run_tool (fixture, NULL, "get", "Release bot", NULL);
  g_assert_cmpstr (secret->out, ==, ROTATED_TOKEN "\n");
}

/* Every refusal: exit 2, a message that says what is wrong, and the token as it was. */
static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  const struct
  {
    const char *input;
    const char *args[6];
    const char *says;
  } cases[] = {
    { NULL, { "edit", "Release bot", NULL }, "Say what to change" },
    { NULL, { "edit", "Release bot", "--expires", "31/12/2030", NULL }, "2030" },
    { NULL, { "edit", "Release bot", "--expires", "2031-01-01", "--no-expires", NULL },
      "not both" },
    { NULL, { "edit", "Release bot", "--field", "api_host=evil.example", NULL }, "API host" },
    { NULL, { "edit", "Release bot", "--field", "colour=red", NULL }, "no field" },
    { NULL, { "edit", "Release bot", "--field", "instance", NULL }, "KEY=VALUE" },
    { "short\n", { "edit", "Release bot", "--secret", NULL }, "" },
    { ROTATED_TOKEN "\n", { "edit", "Release bot", "--secret", "--expires", "tomorrow", NULL },
      "" },
  };
  g_autoptr(JsonObject) before = listed (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KeyfobTestRun) run = NULL;
      g_autoptr(JsonObject) after = NULL;
      g_autoptr(KeyfobTestRun) secret = NULL;

      run = keyfob_test_run_tool (fixture->data_home, cases[i].input,
                                  cases[i].input != NULL ? strlen (cases[i].input) : 0, NULL,
                                  TOOL_TIMEOUT_SECONDS, cases[i].args);
      g_test_message ("case %u: %s", i, run->err);
      assert_usage_error (run, cases[i].says);
      g_assert_null (strstr (run->err, ROTATED_TOKEN));

      after = listed (fixture);
      g_assert_cmpstr (member (after, "expires"), ==, member (before, "expires"));
      g_assert_cmpstr (member (after, "preview"), ==, member (before, "preview"));
      g_assert_cmpstr (field (after, "api_host"), ==, field (before, "api_host"));
      secret = run_tool (fixture, NULL, "get", "Release bot", NULL);
      g_assert_cmpstr (secret->out, ==, CUTOVER_TOKEN "\n");
    }
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "edit", "No such token",
                                           "--no-expires", NULL);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "No such token"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/edit/expiry-and-fields", Fixture, NULL, fixture_set_up,
              test_expiry_and_fields, fixture_tear_down);
  g_test_add ("/cli/edit/rotate", Fixture, NULL, fixture_set_up, test_rotate,
              fixture_tear_down);
  g_test_add ("/cli/edit/bad-input", Fixture, NULL, fixture_set_up, test_bad_input,
              fixture_tear_down);
  g_test_add ("/cli/edit/not-found", Fixture, NULL, fixture_set_up, test_not_found,
              fixture_tear_down);

  return g_test_run ();
}
