/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "keyfob-emulator.h"
#include "keyfob-test-cli.h"

/* keyfob-tool end to end: the built tool ($KEYFOB_TOOL) against the session wrapper's keyring
 * and a vendor emulator that runs in this process's main loop. */

#define TOOL_TIMEOUT_SECONDS 60

#define PYLON_TOKEN    "pylon_api_4f2c9a7e1b3d5f60a8c2e4b6d8f0a1c3"
#define PUSHLY_TOKEN   "pshly-7d41c0e98b2a4f53a1e6c9d07b38f2e4"
#define CUTOVER_TOKEN  "0123456789abcdef0123456789abcdef0123456789abcdef"
#define PULSETIC_TOKEN "33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f7b4"
#define OTHER_TOKEN    "pl5-aa11bb22cc33dd44ee55ff66aa77bb88"

typedef struct
{
  KeyfobEmulator *emulator;
  char           *data_home;
  GPtrArray      *secrets;    /* every token handed to the tool: none may leak */
  const char     *bus;        /* overrides DBUS_SESSION_BUS_ADDRESS when set */
} Fixture;

static gboolean
is_command (const char * const *args,
            const char         *command)
{
  return args[0] != NULL && g_str_equal (args[0], command);
}

/* Runs keyfob-tool ARGS with @input (may be NULL: empty) on its standard input, while the main
 * loop serves the emulator, and checks that no token leaked where none may appear. */
static KeyfobTestRun *
run_toolv (Fixture            *fixture,
           const char         *input,
           gsize               input_length,
           const char * const *args)
{
  g_autofree char *endpoint = g_strdup_printf ("KEYFOB_ENDPOINT_OVERRIDE=%s",
                                               keyfob_emulator_get_url (fixture->emulator));
  g_autofree char *bus = fixture->bus != NULL
    ? g_strdup_printf ("DBUS_SESSION_BUS_ADDRESS=%s", fixture->bus) : NULL;
  const char *env[] = { endpoint, bus, NULL };
  KeyfobTestRun *run = keyfob_test_run_tool (fixture->data_home, input, input_length, env,
                                             TOOL_TIMEOUT_SECONDS, args);

  /* The contract: no secret on stderr, ever; on stdout only from get (and exec's command). */
  for (guint i = 0; i < fixture->secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (fixture->secrets, i);

      g_assert_null (strstr (run->err, secret));
      if (!is_command (args, "get") && !is_command (args, "exec"))
        g_assert_null (strstr (run->out, secret));
    }

  return run;
}

static KeyfobTestRun *
run_tool (Fixture    *fixture,
          const char *input,
          ...) G_GNUC_NULL_TERMINATED;

static KeyfobTestRun *
run_tool (Fixture    *fixture,
          const char *input,
          ...)
{
  g_autoptr(GPtrArray) args = NULL;
  va_list ap;

  va_start (ap, input);
  args = keyfob_test_collect_args (ap);
  va_end (ap);

  return run_toolv (fixture, input, input != NULL ? strlen (input) : 0,
                    (const char * const *) args->pdata);
}

static void
remember_secret (Fixture    *fixture,
                 const char *secret)
{
  g_ptr_array_add (fixture->secrets, g_strdup (secret));
}

/* Adds a token, piping “TOKEN\n” as a shell would, and returns the id it printed. */
static char *
add_token (Fixture    *fixture,
           const char *token,
           ...) G_GNUC_NULL_TERMINATED;

static char *
add_token (Fixture    *fixture,
           const char *token,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autofree char *input = g_strconcat (token, "\n", NULL);
  const char *arg;
  va_list ap;

  remember_secret (fixture, token);

  g_ptr_array_add (args, (gpointer) "add");
  va_start (ap, token);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  run = run_toolv (fixture, input, strlen (input), (const char * const *) args->pdata);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_true (g_str_has_suffix (run->out, "\n"));
  run->out[strlen (run->out) - 1] = '\0';
  g_assert_true (g_uuid_string_is_valid (run->out));

  return g_steal_pointer (&run->out);
}

static JsonArray *
list_json (Fixture *fixture)
{
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "list", "--json", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");

  return keyfob_test_parse_array (run->out);
}

static void
assert_iso8601 (const char *text)
{
  g_autoptr(GDateTime) date = NULL;

  g_assert_nonnull (text);
  date = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (date);
}

static void
assert_token_object (JsonObject *object)
{
  static const char * const members[] = {
    "id", "name", "provider", "preview", "created", "expires", "last_checked", "last_result",
    "fields",
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      if (!json_object_has_member (object, members[i]))
        g_error ("--json object lacks “%s”", members[i]);
    }

  g_assert_true (g_uuid_string_is_valid (keyfob_test_string_or_null (object, "id")));
  g_assert_nonnull (keyfob_test_string_or_null (object, "name"));
  g_assert_nonnull (keyfob_test_string_or_null (object, "provider"));
  g_assert_nonnull (keyfob_test_string_or_null (object, "preview"));
  assert_iso8601 (keyfob_test_string_or_null (object, "created"));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "fields")));
}

static int
count_lines (const char *text)
{
  int lines = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      lines++;

  return lines;
}

static void
delete_all_tokens (Fixture *fixture)
{
  g_autoptr(JsonArray) tokens = list_json (fixture);

  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      JsonObject *object = json_array_get_object_element (tokens, i);
      g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "delete",
                                         json_object_get_string_member (object, "id"), NULL);

      g_assert_cmpint (run->status, ==, 0);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->emulator = keyfob_emulator_new ();
  fixture->data_home = g_dir_make_tmp ("keyfob-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->secrets = g_ptr_array_new_with_free_func (g_free);

  /* The keyring outlives a test: start each one from an empty list. */
  delete_all_tokens (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  delete_all_tokens (fixture);

  keyfob_test_remove_tree (fixture->data_home);
  g_clear_pointer (&fixture->data_home, g_free);
  g_clear_pointer (&fixture->secrets, g_ptr_array_unref);
  g_clear_pointer (&fixture->emulator, keyfob_emulator_free);
}

static void
assert_usage_error (KeyfobTestRun *run)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "keyfob-tool: "));
}

static void
assert_empty_keyring (Fixture *fixture)
{
  g_autoptr(JsonArray) tokens = list_json (fixture);

  g_assert_cmpuint (json_array_get_length (tokens), ==, 0);
}

/* ---- usage ---- */

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

/* ---- providers ---- */

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

/* ---- get, rename, delete ---- */

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

/* ---- keyring ---- */

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
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/usage", test_usage);
  ADD ("/cli/providers/builtin", test_providers);
  ADD ("/cli/providers/user", test_providers_user);
  ADD ("/cli/add/each-provider", test_add_each_provider);
  ADD ("/cli/add/normalise", test_add_normalise);
  ADD ("/cli/add/bad-input", test_add_bad_input);
  ADD ("/cli/add/duplicate", test_add_duplicate);
  ADD ("/cli/list", test_list);
  ADD ("/cli/get/not-found", test_get_not_found);
  ADD ("/cli/rename", test_rename);
  ADD ("/cli/delete", test_delete);
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
  ADD ("/cli/keyring/unavailable", test_keyring_unavailable);
  ADD ("/cli/exec", test_exec);

#undef ADD

  return g_test_run ();
}
