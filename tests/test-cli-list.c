/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-list"

#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "keyfob-test-cli.h"

/* The lists scripts and shell completions read, end to end: list --names and --expiring and
 * providers --fields, the built tool ($KEYFOB_TOOL) against the session's throwaway keyring,
 * with tokens that expired, expire soon, later, or never. */

#define TOOL_TIMEOUT_SECONDS 60

#define PYLON_TOKEN    "pylon_api_4f2c9a7e1b3d5f60a8c2e4b6d8f0a1c3"
#define PUSHLY_TOKEN   "pshly-7d41c0e98b2a4f53a1e6c9d07b38f2e4"
#define CUTOVER_TOKEN  "0123456789abcdef0123456789abcdef0123456789abcdef"
#define PULSETIC_TOKEN "33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f7b4"
#define FOREIGN_SECRET "foreign-secret-0123456789"

#define NO_EXPIRY G_MAXINT

static const char * const secrets[] = {
  PYLON_TOKEN, PUSHLY_TOKEN, CUTOVER_TOKEN, PULSETIC_TOKEN, FOREIGN_SECRET
};

typedef struct
{
  char *data_home;
} Fixture;

static KeyfobTestRun *
run_tool (Fixture    *fixture,
          const char *input,
          ...) G_GNUC_NULL_TERMINATED;

/* Runs keyfob-tool ARGS; list never prints a secret, whatever it is asked. */
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
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_assert_null (strstr (run->out, secrets[i]));
      g_assert_null (strstr (run->err, secrets[i]));
    }

  return run;
}

/* YYYY-MM-DD, @days from today. */
static char *
day_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
add_token (Fixture    *fixture,
           const char *token,
           const char *provider,
           const char *name,
           const char *field,
           int         expires_in_days)
{
  g_autofree char *input = g_strconcat (token, "\n", NULL);
  g_autofree char *expires = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KeyfobTestRun) run = NULL;

  g_ptr_array_add (args, (char *) "add");
  g_ptr_array_add (args, (char *) "--provider");
  g_ptr_array_add (args, (char *) provider);
  g_ptr_array_add (args, (char *) "--name");
  g_ptr_array_add (args, (char *) name);
  if (field != NULL)
    {
      g_ptr_array_add (args, (char *) "--field");
      g_ptr_array_add (args, (char *) field);
    }
  if (expires_in_days != NO_EXPIRY)
    {
      expires = day_from_today (expires_in_days);
      g_ptr_array_add (args, (char *) "--expires");
      g_ptr_array_add (args, expires);
    }
  g_ptr_array_add (args, NULL);

  run = keyfob_test_run_tool (fixture->data_home, input, strlen (input), NULL,
                              TOOL_TIMEOUT_SECONDS, (const char * const *) args->pdata);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
}

/* An item another program wrote with Keyfob's schema, its name a label with a line end and
 * an escape sequence in it. */
static void
store_foreign_item (const char *label)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (attributes, (char *) "xdg:schema", (char *) "io.github.keyfob.Token");
  g_hash_table_insert (attributes, (char *) "provider", (char *) "pulsetic");
  secret_password_storev_sync (NULL, attributes, SECRET_COLLECTION_DEFAULT, label,
                               FOREIGN_SECRET, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->data_home = g_dir_make_tmp ("keyfob-cli-list-XXXXXX", &error);
  g_assert_no_error (error);

  add_token (fixture, PULSETIC_TOKEN, "pulsetic", "Expired", NULL, -2);
  add_token (fixture, PYLON_TOKEN, "pylon", "Soon", "region=us", 3);
  add_token (fixture, CUTOVER_TOKEN, "cutover", "Later", "instance=acme", 60);
  add_token (fixture, PUSHLY_TOKEN, "pushly", "Never", "domain_id=123", NO_EXPIRY);
}

/* Every token, the foreign one too (known by its item path), deleted through the tool. */
static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) list = run_tool (fixture, NULL, "list", "--json", NULL);
  g_autoptr(JsonArray) tokens = keyfob_test_parse_array (list->out);

  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      JsonObject *token = json_array_get_object_element (tokens, i);
      g_autoptr(KeyfobTestRun) deleted = NULL;

      deleted = run_tool (fixture, NULL, "delete", json_object_get_string_member (token, "id"),
                          NULL);
      g_assert_cmpint (deleted->status, ==, 0);
    }

  keyfob_test_remove_tree (fixture->data_home);
  g_free (fixture->data_home);
}

static void
test_names (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = NULL;

  store_foreign_item ("Two\nlines\033]0;PWNED\007\xe2\x80\xae");

  run = run_tool (fixture, NULL, "list", "--names", NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  /* Sorted as the table is; the foreign name on one line, its control characters gone. */
  g_assert_cmpstr (run->out, ==, "Expired\nLater\nNever\nSoon\nTwolines]0;PWNED\n");
}

static void
test_expiring (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) names = NULL;
  g_autoptr(KeyfobTestRun) table = NULL;
  g_autoptr(KeyfobTestRun) json = NULL;
  g_autoptr(KeyfobTestRun) today = NULL;
  g_autoptr(KeyfobTestRun) deleted = NULL;
  g_autoptr(KeyfobTestRun) none = NULL;
  g_autoptr(JsonArray) listed = NULL;

  /* Expired counts as expiring: it needs renewing all the more. */
  names = run_tool (fixture, NULL, "list", "--expiring", "7", "--names", NULL);
  g_assert_cmpint (names->status, ==, 1);
  g_assert_cmpstr (names->out, ==, "Expired\nSoon\n");
  g_assert_cmpstr (names->err, ==, "");

  table = run_tool (fixture, NULL, "list", "--expiring", "7", NULL);
  g_assert_cmpint (table->status, ==, 1);
  g_assert_true (g_str_has_prefix (table->out, "NAME"));
  g_assert_nonnull (strstr (table->out, "\nExpired "));
  g_assert_nonnull (strstr (table->out, "\nSoon "));
  g_assert_null (strstr (table->out, "Later"));
  g_assert_null (strstr (table->out, "Never"));

  json = run_tool (fixture, NULL, "list", "--json", "--expiring", "90", NULL);
  g_assert_cmpint (json->status, ==, 1);
  listed = keyfob_test_parse_array (json->out);
  g_assert_cmpuint (json_array_get_length (listed), ==, 3);
  g_assert_nonnull (keyfob_test_find_named (listed, "Later"));
  g_assert_null (keyfob_test_find_named (listed, "Never"));

  today = run_tool (fixture, NULL, "list", "--expiring", "0", "--names", NULL);
  g_assert_cmpint (today->status, ==, 1);
  g_assert_cmpstr (today->out, ==, "Expired\n");

  /* Nothing to renew: exit 0, and a word on stderr only, so stdout stays empty for scripts. */
  deleted = run_tool (fixture, NULL, "delete", "Expired", NULL);
  g_assert_cmpint (deleted->status, ==, 0);
  none = run_tool (fixture, NULL, "list", "--expiring", "0", NULL);
  g_assert_cmpint (none->status, ==, 0);
  g_assert_cmpstr (none->out, ==, "");
  g_assert_cmpstr (none->err, ==, "No token expires within 0 days.\n");
}

static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  const char *bad_days[] = { "abc", "-1", "3651", "", "7d", "1e3", " 7" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_days); i++)
    {
      g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "list", "--expiring", bad_days[i],
                                               NULL);
      g_autofree char *quoted = g_strdup_printf ("“%s” is not one", bad_days[i]);

      g_assert_cmpint (run->status, ==, 2);
      g_assert_cmpstr (run->out, ==, "");
      g_assert_nonnull (strstr (run->err, "takes a number of days from 0 to 3650"));
      g_assert_nonnull (strstr (run->err, quoted));
    }

  {
    g_autoptr(KeyfobTestRun) both = run_tool (fixture, NULL, "list", "--json", "--names", NULL);

    g_assert_cmpint (both->status, ==, 2);
    g_assert_cmpstr (both->out, ==, "");
    g_assert_nonnull (strstr (both->err, "not both"));
  }
}

static void
test_provider_fields (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) pushly = run_tool (fixture, NULL, "providers", "--fields", "pushly",
                                              NULL);
  g_autoptr(KeyfobTestRun) pulsetic = run_tool (fixture, NULL, "providers", "--fields",
                                                "pulsetic", NULL);
  g_autoptr(KeyfobTestRun) unknown = run_tool (fixture, NULL, "providers", "--fields", "nope",
                                               NULL);

  /* A text field, then a field with a fixed set, in the provider file's order. */
  g_assert_cmpint (pushly->status, ==, 0);
  g_assert_cmpstr (pushly->out, ==, "domain_id=\napi=current\napi=legacy\n");
  g_assert_cmpstr (pushly->err, ==, "");

  g_assert_cmpint (pulsetic->status, ==, 0);
  g_assert_cmpstr (pulsetic->out, ==, "");

  g_assert_cmpint (unknown->status, ==, 2);
  g_assert_cmpstr (unknown->out, ==, "");
  g_assert_nonnull (strstr (unknown->err, "There is no provider “nope”"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/list/names", Fixture, NULL, fixture_set_up, test_names, fixture_tear_down);
  g_test_add ("/cli/list/expiring", Fixture, NULL, fixture_set_up, test_expiring,
              fixture_tear_down);
  g_test_add ("/cli/list/provider-fields", Fixture, NULL, fixture_set_up, test_provider_fields,
              fixture_tear_down);
  g_test_add ("/cli/list/bad-input", Fixture, NULL, fixture_set_up, test_bad_input,
              fixture_tear_down);

  return g_test_run ();
}
