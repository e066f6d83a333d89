/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hostile-input-provider-files"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "keyfob-test-hostile.h"

/* Broken and dangerous files in the user's providers folder: each named with a line, and
 * everything else still loads. */

#define BUILTINS \
  "cutover\tCutover\n" \
  "pulsetic\tPulsetic\n" \
  "pushly\tPushly\n" \
  "pylon\tPylon\n"

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

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, hostile_fixture_set_up, func, hostile_fixture_tear_down)

  ADD ("/cli/hostile/provider-files", test_provider_files);

#undef ADD

  return g_test_run ();
}
