/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-test-hostile"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "keyfob-test-hostile.h"

/* Every hostile input of issue 5, through keyfob-tool against the session's keyring: each is
 * refused with exit 2 and a message that says what is wrong and how to fix it, and leaves the
 * keyring exactly as it was (list --json before and after, byte for byte). */

KeyfobTestRun *
run_toolv (Fixture            *fixture,
           const char         *input,
           gsize               input_length,
           const char * const *args)
{
  return keyfob_test_run_tool (fixture->data_home, input, input_length, NULL, TOOL_TIMEOUT,
                               args);
}

KeyfobTestRun *
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

void
assert_get (Fixture    *fixture,
            const char *name,
            const char *secret)
{
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "get", name, NULL);
  g_autofree char *expected = g_strconcat (secret, "\n", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, expected);
}

void
hostile_fixture_set_up (Fixture       *fixture,
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

void
hostile_fixture_tear_down (Fixture       *fixture,
                           gconstpointer  data)
{
  delete_all_tokens (fixture);
  keyfob_test_remove_tree (fixture->data_home);
  g_clear_pointer (&fixture->data_home, g_free);
  g_clear_pointer (&fixture->snapshot, g_free);
}

void
assert_unchanged (Fixture *fixture)
{
  g_autofree char *now = list_json (fixture);

  g_assert_cmpstr (now, ==, fixture->snapshot);
}

/* Exit 2, nothing on stdout, a message naming the problem (@what) and its fix (@how), no
 * secret echoed back, and the keyring as it was. */
void
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
