/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hostile-input"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "keyfob-test-cli.h"

/* Every hostile input of issue 5, through keyfob-tool against the session's keyring: each is
 * refused with exit 2 and a message that says what is wrong and how to fix it, and leaves the
 * keyring exactly as it was (list --json before and after, byte for byte). */

#define TOOL_TIMEOUT   60

#define PUSHLY_OLD     "pshly-7d41c0e98b2a4f53a1e6c9d07b38f2e4"
#define PUSHLY_NEW     "pshly-00000000111111112222222233333333"
#define PULSETIC_TOKEN "33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f7b4"
#define CUTOVER_TOKEN  "0123456789abcdef0123456789abcdef0123456789abcdef"

#define BUILTINS \
  "cutover\tCutover\n" \
  "pulsetic\tPulsetic\n" \
  "pushly\tPushly\n" \
  "pylon\tPylon\n"

typedef struct
{
  char *data_home;
  char *snapshot;    /* list --json after set-up: what every refused input must leave */
} Fixture;

static KeyfobTestRun *
run_toolv (Fixture            *fixture,
           const char         *input,
           gsize               input_length,
           const char * const *args)
{
  return keyfob_test_run_tool (fixture->data_home, input, input_length, NULL, TOOL_TIMEOUT,
                               args);
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

static char *
list_json (Fixture *fixture)
{
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "list", "--json", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");

  return g_steal_pointer (&run->out);
}

static void
delete_all_tokens (Fixture *fixture)
{
  g_autofree char *text = list_json (fixture);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *tokens;

  root = json_from_string (text, &error);
  g_assert_no_error (error);
  tokens = json_node_get_array (root);

  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      JsonObject *object = json_array_get_object_element (tokens, i);
      g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "delete",
                                               json_object_get_string_member (object, "id"),
                                               NULL);

      g_assert_cmpint (run->status, ==, 0);
    }
}

static void
assert_get (Fixture    *fixture,
            const char *name,
            const char *secret)
{
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "get", name, NULL);
  g_autofree char *expected = g_strconcat (secret, "\n", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, expected);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) seed = NULL;
  g_autoptr(GError) error = NULL;

  fixture->data_home = g_dir_make_tmp ("keyfob-hostile-XXXXXX", &error);
  g_assert_no_error (error);

  /* A keyring with something in it, so that "nothing changed" means something. */
  delete_all_tokens (fixture);
  seed = run_tool (fixture, PUSHLY_OLD "\n", "add", "--provider", "pushly",
                   "--name", "hostile-existing", "--field", "domain_id=123", NULL);
  g_assert_cmpint (seed->status, ==, 0);
  fixture->snapshot = list_json (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  delete_all_tokens (fixture);
  keyfob_test_remove_tree (fixture->data_home);
  g_clear_pointer (&fixture->data_home, g_free);
  g_clear_pointer (&fixture->snapshot, g_free);
}

static void
assert_unchanged (Fixture *fixture)
{
  g_autofree char *now = list_json (fixture);

  g_assert_cmpstr (now, ==, fixture->snapshot);
}

/* Exit 2, nothing on stdout, a message naming the problem (@what) and its fix (@how), no
 * secret echoed back, and the keyring as it was. */
static void
assert_refused (Fixture       *fixture,
                KeyfobTestRun *run,
                const char    *what,
                const char    *how)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "keyfob-tool: "));
  if (strstr (run->err, what) == NULL || strstr (run->err, how) == NULL)
    g_error ("stderr lacks “%s” or “%s”: %s", what, how, run->err);
  g_assert_null (strstr (run->err, PUSHLY_OLD));
  g_assert_null (strstr (run->err, PUSHLY_NEW));
  g_assert_null (strstr (run->err, PULSETIC_TOKEN));
  assert_unchanged (fixture);
}

/* ---- tokens ---- */

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

/* ---- names ---- */

static void
test_name_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *thousand = g_strnfill (1000, 'n');
  const struct
  {
    const char *name;
    const char *what;
    const char *how;
  } cases[] = {
    { "", "The name is empty", "Give the token a name" },
    { "     ", "The name is empty", "Give the token a name" },
    { "\t \t", "The name is empty", "Give the token a name" },
    { thousand, "longer than 200 characters", "Choose a shorter name" },
    { "bad\x01name", "control character or line break", "Use a name on one line" },
    { "bad\nname", "control character or line break", "Use a name on one line" },
    { "bad\rname", "control character or line break", "Use a name on one line" },
    { "red\x1b[31mname", "control character or line break", "Use a name on one line" },
    { "bad\x7fname", "control character or line break", "Use a name on one line" },
    { "bad\xc2\x85name", "control character or line break", "Use a name on one line" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KeyfobTestRun) run = NULL;

      g_test_message ("name case %u", i);
      run = run_tool (fixture, PULSETIC_TOKEN "\n", "add", "--provider", "pulsetic",
                      "--name", cases[i].name, NULL);
      assert_refused (fixture, run, cases[i].what, cases[i].how);
    }
}

static void
test_name_duplicate (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) same = NULL;
  g_autoptr(KeyfobTestRun) padded = NULL;

  same = run_tool (fixture, PUSHLY_NEW "\n", "add", "--provider", "pushly",
                   "--name", "hostile-existing", "--field", "domain_id=456", NULL);
  assert_refused (fixture, same, "Another token of this provider is already called "
                  "“hostile-existing”", "Choose another name, or delete the old token first");

  /* The name is compared after trimming, as it would be stored. */
  padded = run_tool (fixture, PUSHLY_NEW "\n", "add", "--provider", "pushly",
                     "--name", "  hostile-existing ", "--field", "domain_id=123", NULL);
  assert_refused (fixture, padded, "already called", "Choose another name");

  assert_get (fixture, "hostile-existing", PUSHLY_OLD);
}

/* ---- fields ---- */

static void
test_field_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct
  {
    const char *provider;
    const char *token;
    const char *field;
    const char *expires;
    const char *what;
    const char *how;
  } cases[] = {
    { "pushly", PUSHLY_NEW, "domain_id=abc", NULL,
      "Domain ID “abc” is not valid", "The Domain ID is a number" },
    { "pushly", PUSHLY_NEW, "domain_id=12 34", NULL,
      "Domain ID “12 34” is not valid", "The Domain ID is a number" },
    { "pushly", PUSHLY_NEW, "domain_id=-5", NULL,
      "Domain ID “-5” is not valid", "The Domain ID is a number" },
    { "cutover", CUTOVER_TOKEN, "instance=http://acme.cutover.com", NULL,
      "Instance “http://acme.cutover.com” is not valid", "Give the instance name (acme)" },
    { "cutover", CUTOVER_TOKEN, "instance=ftp://acme", NULL,
      "Instance “ftp://acme” is not valid", "Give the instance name (acme)" },
    { "cutover", CUTOVER_TOKEN, "instance=https://acme.cutover.com/runbooks", NULL,
      "is not valid", "without a path" },
    { "cutover", CUTOVER_TOKEN, "instance=acme/runbooks", NULL,
      "is not valid", "without a path" },
    { "cutover", CUTOVER_TOKEN, "instance=ac me", NULL,
      "Instance “ac me” is not valid", "Give the instance name (acme)" },
    /* Surrounding spaces are trimmed, like a pasted token's; spaces inside are not. */
    { "cutover", CUTOVER_TOKEN, "instance= acme corp ", NULL,
      "Instance “acme corp” is not valid", "Give the instance name (acme)" },
    { "cutover", CUTOVER_TOKEN, "instance=acme.example.com", NULL,
      "Instance “acme.example.com” is not valid", "Give the instance name (acme)" },
    { "cutover", CUTOVER_TOKEN, "instance=https://acme.cutover.com.evil.example", NULL,
      "is not valid", "Give the instance name (acme)" },
    { "cutover", CUTOVER_TOKEN, "instance=acme", "2031-13-45",
      "“2031-13-45” is not a date", "Write it as YYYY-MM-DD" },
    { "cutover", CUTOVER_TOKEN, "instance=acme", "next week",
      "“next week” is not a date", "Write it as YYYY-MM-DD" },
    { "cutover", CUTOVER_TOKEN, "instance=acme", "31/01/2030",
      "“31/01/2030” is not a date", "Write it as YYYY-MM-DD" },
    { "cutover", CUTOVER_TOKEN, "instance=acme", "2030-02-30",
      "“2030-02-30” is not a date", "Write it as YYYY-MM-DD" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *input = g_strconcat (cases[i].token, "\n", NULL);
      g_autoptr(KeyfobTestRun) run = NULL;

      g_test_message ("field case %u", i);
      if (cases[i].expires != NULL)
        run = run_tool (fixture, input, "add", "--provider", cases[i].provider,
                        "--name", "hostile-field", "--field", cases[i].field,
                        "--expires", cases[i].expires, NULL);
      else
        run = run_tool (fixture, input, "add", "--provider", cases[i].provider,
                        "--name", "hostile-field", "--field", cases[i].field, NULL);
      assert_refused (fixture, run, cases[i].what, cases[i].how);
    }
}

/* ---- provider files ---- */

static JsonNode *
builtin_provider (const char *id)
{
  g_autofree char *file = g_strconcat (id, ".json", NULL);
  g_autofree char *path = g_build_filename (g_getenv ("KEYFOB_PROVIDERS_DIR"), file, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_nonnull (g_getenv ("KEYFOB_PROVIDERS_DIR"));
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  root = json_from_string (contents, &error);
  g_assert_no_error (error);

  /* A provider of its own, so that a broken file cannot hide behind a built-in one. */
  json_object_set_string_member (json_node_get_object (root), "id", "hostile");
  json_object_set_string_member (json_node_get_object (root), "name", "Hostile");

  return root;
}

static JsonObject *
verify_of (JsonNode *root)
{
  return json_object_get_object_member (json_node_get_object (root), "verify");
}

static char *
provider_text (JsonNode *root)
{
  return json_to_string (root, TRUE);
}

static void
test_provider_files (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) missing = builtin_provider ("pulsetic");
  g_autoptr(JsonNode) wrong_name = builtin_provider ("pulsetic");
  g_autoptr(JsonNode) wrong_fields = builtin_provider ("pulsetic");
  g_autoptr(JsonNode) plain_http = builtin_provider ("pulsetic");
  g_autoptr(JsonNode) header_token = builtin_provider ("pulsetic");
  g_autoptr(JsonNode) query_token = builtin_provider ("pulsetic");
  g_autoptr(JsonNode) good = builtin_provider ("pulsetic");
  g_autofree char *dir = g_build_filename (fixture->data_home, "keyfob", "providers", NULL);
  struct
  {
    const char *file;
    char       *contents;
    const char *what;
  } cases[] = {
    { "malformed.json", g_strdup ("{\n  \"id\": \"broken\",\n  \"name\": \n"), NULL },
    { "trailing.json", g_strdup ("{ \"id\": \"x\" }\n{ \"id\": \"y\" }\n"), "nothing else" },
    { "array.json", g_strdup ("[\n  1, 2\n]\n"), "one JSON object" },
    { "missing.json", NULL, "the required member “verify” is missing" },
    { "wrong-name.json", NULL, "“name” must be a string" },
    { "wrong-fields.json", NULL, "“fields” must be an array" },
    { "plain-http.json", NULL, "must be an https:// address" },
    { "header-token.json", NULL, "would put the token into the request" },
    { "query-token.json", NULL, "would put the token into the request" },
  };
  g_autofree char *good_text = NULL;
  g_autofree char *good_path = NULL;

  json_object_remove_member (json_node_get_object (missing), "verify");
  json_object_set_int_member (json_node_get_object (wrong_name), "name", 42);
  json_object_set_string_member (json_node_get_object (wrong_fields), "fields", "region");
  json_object_set_string_member (verify_of (plain_http), "url", "http://api.example.com/check");
  json_object_set_string_member (json_object_get_object_member (verify_of (header_token),
                                                                "headers"),
                                 "X-Leak", "{token}");
  json_object_set_string_member (verify_of (query_token), "url",
                                 "https://api.pulsetic.com/api/public/monitors?key={token}");
  cases[3].contents = provider_text (missing);
  cases[4].contents = provider_text (wrong_name);
  cases[5].contents = provider_text (wrong_fields);
  cases[6].contents = provider_text (plain_http);
  cases[7].contents = provider_text (header_token);
  cases[8].contents = provider_text (query_token);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  /* One at a time: the message names that file, and a line in it. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].file, NULL);
      g_autofree char *pattern = NULL;
      g_autoptr(KeyfobTestRun) run = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("provider case %s", cases[i].file);
      g_file_set_contents (path, cases[i].contents, -1, &error);
      g_assert_no_error (error);

      run = run_tool (fixture, NULL, "providers", NULL);
      g_assert_cmpint (run->status, ==, 0);
      g_assert_cmpstr (run->out, ==, BUILTINS);
      pattern = g_strdup_printf ("^keyfob-tool: warning: .*/keyfob/providers/%s:[1-9][0-9]*(:[0-9]+)?: ",
                                 cases[i].file);
      if (!g_regex_match_simple (pattern, run->err, G_REGEX_MULTILINE, 0))
        g_error ("stderr does not name %s and a line: %s", cases[i].file, run->err);
      if (cases[i].what != NULL && strstr (run->err, cases[i].what) == NULL)
        g_error ("stderr lacks “%s”: %s", cases[i].what, run->err);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }

  /* All at once, beside a good one: each is named, the good one and the built-ins load. */
  good_text = provider_text (good);
  good_path = g_build_filename (dir, "good.json", NULL);
  g_file_set_contents (good_path, good_text, -1, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].file, NULL);

      g_file_set_contents (path, cases[i].contents, -1, NULL);
    }

  {
    g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "providers", NULL);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_cmpstr (run->out, ==, "cutover\tCutover\n"
                                   "hostile\tHostile\n"
                                   "pulsetic\tPulsetic\n"
                                   "pushly\tPushly\n"
                                   "pylon\tPylon\n");
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      g_assert_nonnull (strstr (run->err, cases[i].file));
    g_assert_null (strstr (run->err, "good.json"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_free (cases[i].contents);

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
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/hostile/token/refused", test_token_refused);
  ADD ("/cli/hostile/token/flood", test_token_flood);
  ADD ("/cli/hostile/token/normalised", test_token_normalised);
  ADD ("/cli/hostile/name/refused", test_name_refused);
  ADD ("/cli/hostile/name/duplicate", test_name_duplicate);
  ADD ("/cli/hostile/field/refused", test_field_refused);
  ADD ("/cli/hostile/provider-files", test_provider_files);

#undef ADD

  return g_test_run ();
}
