/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-test-cli-fixture"

#include "config.h"

#include <string.h>

#include "keyfob-test-cli-fixture.h"

/* keyfob-tool end to end: the built tool ($KEYFOB_TOOL) against the session wrapper's keyring
 * and a vendor emulator that runs in this process's main loop. */

static gboolean
is_command (const char * const *args,
            const char         *command)
{
  return args[0] != NULL && g_str_equal (args[0], command);
}

/* Runs keyfob-tool ARGS with @input (may be NULL: empty) on its standard input, while the main
 * loop serves the emulator, and checks that no token leaked where none may appear. */
KeyfobTestRun *
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

void
remember_secret (Fixture    *fixture,
                 const char *secret)
{
  g_ptr_array_add (fixture->secrets, g_strdup (secret));
}

/* Adds a token, piping “TOKEN\n” as a shell would, and returns the id it printed. */
char *
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

JsonArray *
list_json (Fixture *fixture)
{
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "list", "--json", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");

  return keyfob_test_parse_array (run->out);
}

void
assert_iso8601 (const char *text)
{
  g_autoptr(GDateTime) date = NULL;

  g_assert_nonnull (text);
  date = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (date);
}

void
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

int
count_lines (const char *text)
{
  int lines = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      lines++;

  return lines;
}

void
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

void
cli_fixture_set_up (Fixture       *fixture,
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

void
cli_fixture_tear_down (Fixture       *fixture,
                       gconstpointer  data)
{
  delete_all_tokens (fixture);

  keyfob_test_remove_tree (fixture->data_home);
  g_clear_pointer (&fixture->data_home, g_free);
  g_clear_pointer (&fixture->secrets, g_ptr_array_unref);
  g_clear_pointer (&fixture->emulator, keyfob_emulator_free);
}

void
assert_usage_error (KeyfobTestRun *run)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "keyfob-tool: "));
}
