/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-hostile"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "keyfob-emulator.h"
#include "keyfob-test-cli.h"
#include "keyfob-text.h"

/* keyfob-tool against a hostile vendor (the emulator's hostile answers, in each vendor's shape),
 * a hostile provider file and items another program wrote: it never crashes, never lets text
 * from outside drive the terminal, keeps what it stores small, and prints no echo of a token. */

#define TOOL_TIMEOUT 60

typedef struct
{
  const char *id;
  const char *token;
  const char *field;   /* --field KEY=VALUE, or NULL */
  gboolean    names_account;
} Vendor;

static const Vendor vendors[] = {
  { "pylon", "pylon_api_4f2c9a7e1b3d5f60a8c2e4b6d8f0a1c3", "region=us", TRUE },
  { "pushly", "pshly-7d41c0e98b2a4f53a1e6c9d07b38f2e4", "domain_id=123", TRUE },
  { "cutover", "0123456789abcdef0123456789abcdef0123456789abcdef", "instance=acme", TRUE },
  { "pulsetic", "33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f7b4", NULL, FALSE },
};

typedef struct
{
  KeyfobEmulator *emulator;
  char           *data_home;
  const Vendor   *vendor;
} Fixture;

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
  g_autofree char *endpoint = g_strdup_printf ("KEYFOB_ENDPOINT_OVERRIDE=%s",
                                               keyfob_emulator_get_url (fixture->emulator));
  const char *env[] = { endpoint, NULL };
  va_list ap;

  va_start (ap, input);
  args = keyfob_test_collect_args (ap);
  va_end (ap);

  return keyfob_test_run_tool (fixture->data_home, input, input ? strlen (input) : 0, env,
                               TOOL_TIMEOUT, (const char * const *) args->pdata);
}

/* Nothing that moves the cursor, starts an escape, ends a line early or reorders text: only
 * printable characters, tabs between TSV cells and newlines between lines. */
static void
assert_terminal_safe (const char *output)
{
  g_assert_true (g_utf8_validate (output, -1, NULL));

  for (const char *p = output; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((g_unichar_iscntrl (c) && c != '\n' && c != '\t') ||
          (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
          c == 0x200E || c == 0x200F || c == 0x2028 || c == 0x2029)
        g_error ("U+%04X reached the terminal in:\n%s", c, output);
    }
}

static void
assert_run_safe (KeyfobTestRun *run)
{
  assert_terminal_safe (run->out);
  assert_terminal_safe (run->err);
}

static void
assert_no_echo (const char *output,
                const char *token)
{
  g_autofree char *upper = g_ascii_strup (token, -1);
  g_autofree char *reversed = g_strreverse (g_strdup (token));
  const char *forms[] = { token, upper, reversed };

  for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
    for (gsize i = 0; i + 10 <= strlen (forms[f]); i++)
      {
        g_autofree char *run = g_strndup (forms[f] + i, 10);

        if (strstr (output, run) != NULL)
          g_error ("“%s” of the token reached the output:\n%s", run, output);
      }
}

static JsonArray *
list_json (Fixture *fixture)
{
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "list", "--json", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run->status, ==, 0);
  root = json_from_string (run->out, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));

  return json_array_ref (json_node_get_array (root));
}

static void
delete_all_tokens (Fixture *fixture)
{
  g_autoptr(JsonArray) tokens = list_json (fixture);

  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      JsonObject *object = json_array_get_object_element (tokens, i);
      g_autoptr(KeyfobTestRun) run = NULL;

      run = run_tool (fixture, NULL, "delete", json_object_get_string_member (object, "id"),
                      NULL);
      g_assert_cmpint (run->status, ==, 0);
    }
}

static void
add_token (Fixture    *fixture,
           const char *name)
{
  const Vendor *vendor = fixture->vendor;
  g_autoptr(KeyfobTestRun) run = NULL;

  if (vendor->field != NULL)
    run = run_tool (fixture, vendor->token, "add", "--provider", vendor->id, "--name", name,
                    "--field", vendor->field, NULL);
  else
    run = run_tool (fixture, vendor->token, "add", "--provider", vendor->id, "--name", name,
                    NULL);
  g_assert_cmpint (run->status, ==, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->vendor = data != NULL ? data : &vendors[0];
  fixture->emulator = keyfob_emulator_new ();
  fixture->data_home = g_dir_make_tmp ("keyfob-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  delete_all_tokens (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  delete_all_tokens (fixture);
  keyfob_test_remove_tree (fixture->data_home);
  g_clear_pointer (&fixture->data_home, g_free);
  g_clear_pointer (&fixture->emulator, keyfob_emulator_free);
}

/* 100,000 levels of brackets in the vendor's own shape: an answer it cannot read, not a crash
 * (it was SIGSEGV, exit 139). */
static void
test_deep (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = NULL;

  add_token (fixture, "Deep");
  keyfob_emulator_set_token (fixture->emulator, fixture->vendor->token, KEYFOB_EMULATOR_DEEP);

  run = run_tool (fixture, NULL, "test", "Deep", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_prefix (run->out, "Deep\tunexpected\t"));
  g_assert_nonnull (strstr (run->out, "64 levels deep"));
}

/* Escape sequences, a bidi override and markup in the account name and in the message: shown,
 * stored and listed, but never to the terminal's effect. */
static void
test_control_sequences (Fixture       *fixture,
                        gconstpointer  data)
{
  const Vendor *vendor = fixture->vendor;
  g_autoptr(KeyfobTestRun) rejected = NULL;
  g_autoptr(KeyfobTestRun) valid = NULL;
  g_autoptr(KeyfobTestRun) listed = NULL;
  g_autoptr(KeyfobTestRun) revoked = NULL;
  g_autoptr(JsonArray) tokens = NULL;
  const char *account;

  add_token (fixture, "Hostile");

  keyfob_emulator_set_token (fixture->emulator, vendor->token, KEYFOB_EMULATOR_HOSTILE_MESSAGE);
  rejected = run_tool (fixture, NULL, "test", "Hostile", NULL);
  g_assert_cmpint (rejected->status, ==, 1);
  assert_run_safe (rejected);
  g_assert_nonnull (strstr (rejected->out, "REVOKED: paste a new token"));
  g_assert_cmpint (strchr (rejected->out, '\n') - rejected->out, ==, strlen (rejected->out) - 1);

  keyfob_emulator_set_token (fixture->emulator, vendor->token, KEYFOB_EMULATOR_HOSTILE_ACCOUNT);
  valid = run_tool (fixture, NULL, "test", "Hostile", NULL);
  g_assert_cmpint (valid->status, ==, 0);
  assert_run_safe (valid);

  listed = run_tool (fixture, NULL, "list", NULL);
  g_assert_cmpint (listed->status, ==, 0);
  assert_run_safe (listed);

  /* Stored as one clean line, and --json says what was stored. */
  tokens = list_json (fixture);
  account = json_object_get_string_member_with_default (
    json_array_get_object_element (tokens, 0), "account", NULL);
  if (vendor->names_account)
    {
      g_assert_nonnull (account);
      assert_terminal_safe (account);
      g_assert_nonnull (strstr (account, "REVOKED: paste a new token"));
    }
  else
    {
      g_assert_null (account);
    }

  keyfob_emulator_set_token (fixture->emulator, vendor->token, KEYFOB_EMULATOR_HOSTILE_MESSAGE);
  revoked = run_tool (fixture, NULL, "revoke", "Hostile", "--yes", NULL);
  g_assert_cmpint (revoked->status, ==, 0);
  assert_run_safe (revoked);
}

/* A 900 KiB account name took the keyring file from 763 B to 901 KB. */
static void
test_huge_account (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(JsonArray) tokens = NULL;
  const char *account;

  add_token (fixture, "Huge");
  keyfob_emulator_set_token (fixture->emulator, fixture->vendor->token,
                             KEYFOB_EMULATOR_HUGE_ACCOUNT);

  run = run_tool (fixture, NULL, "test", "Huge", NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (strlen (run->out), <, 4096);

  tokens = list_json (fixture);
  account = json_object_get_string_member_with_default (
    json_array_get_object_element (tokens, 0), "account", NULL);
  if (fixture->vendor->names_account)
    g_assert_cmpuint (g_utf8_strlen (account, -1), ==, KEYFOB_VENDOR_TEXT_MAX_CHARS);
  else
    g_assert_null (account);
}

static void
test_echo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(KeyfobTestRun) json = NULL;

  add_token (fixture, "Echoed");
  keyfob_emulator_set_token (fixture->emulator, fixture->vendor->token, KEYFOB_EMULATOR_ECHO);

  run = run_tool (fixture, NULL, "test", "Echoed", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->out, "Unknown key"));
  assert_no_echo (run->out, fixture->vendor->token);
  assert_no_echo (run->err, fixture->vendor->token);

  json = run_tool (fixture, NULL, "test", "Echoed", "--json", NULL);
  assert_no_echo (json->out, fixture->vendor->token);
}

static void
test_far_retry_after (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = NULL;

  add_token (fixture, "Limited");
  keyfob_emulator_set_token (fixture->emulator, fixture->vendor->token,
                             KEYFOB_EMULATOR_FAR_RETRY_AFTER);

  run = run_tool (fixture, NULL, "test", "Limited", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_prefix (run->out, "Limited\trate-limited\t"));
  g_assert_nonnull (strstr (run->out, "try again later"));
}

#define HOSTILE_LABEL "\033]0;PWNED\007\033[2J\033[1;31mvalid\xe2\x80\xae\r"

/* An item another program wrote with Keyfob's schema: a control-laden label 1 MB long, and
 * attributes to match. */
static void
store_foreign_item_with_secret (const char *label,
                                const char *secret)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (attributes, (char *) "xdg:schema", (char *) "io.github.keyfob.Token");
  g_hash_table_insert (attributes, (char *) "provider", (char *) "pulsetic\033[2J");
  g_hash_table_insert (attributes, (char *) "token-id", (char *) "foreign\033]0;x\007");
  g_hash_table_insert (attributes, (char *) "preview", (char *) "\033[31mpreview\xe2\x80\xae");
  g_hash_table_insert (attributes, (char *) "last-result", (char *) "valid\r\033[K");
  g_hash_table_insert (attributes, (char *) "account", (char *) HOSTILE_LABEL);

  secret_password_storev_sync (NULL, attributes, SECRET_COLLECTION_DEFAULT, label, secret,
                               NULL, &error);
  g_assert_no_error (error);
}

static void
store_foreign_item (const char *label)
{
  store_foreign_item_with_secret (label, "foreign-secret-0123456789");
}

/* A secret another program stored with escape sequences: a pipe gets it as it is, a terminal
 * (here a pseudo-terminal, through script(1)) gets a refusal. */
static void
test_get_to_terminal (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) script = NULL;
  g_autoptr(KeyfobTestRun) piped = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  g_autofree char *out = NULL;

  store_foreign_item_with_secret ("Escaping", "secret\033]0;PWNED\007\033[2Jtail");

  /* An id is a UUID Keyfob wrote: the item's own token-id names nothing. */
  piped = run_tool (fixture, NULL, "get", "foreign\033]0;x\007", NULL);
  g_assert_cmpint (piped->status, ==, 1);
  g_clear_pointer (&piped, keyfob_test_run_free);
  piped = run_tool (fixture, NULL, "get", "Escaping", NULL);
  g_assert_cmpint (piped->status, ==, 0);
  g_assert_cmpstr (piped->out, ==, "secret\033]0;PWNED\007\033[2Jtail\n");

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  command = g_strdup_printf ("%s get Escaping", g_getenv ("KEYFOB_TOOL"));
  script = g_subprocess_launcher_spawn (launcher, &error, "script", "-qec", command,
                                        "/dev/null", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (script, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_subprocess_get_exit_status (script), ==, 1);
  g_assert_null (strchr (out, '\033'));
  g_assert_nonnull (strstr (out, "holds control characters"));
}

static void
test_foreign_item (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GString) label = g_string_new (HOSTILE_LABEL);
  g_autoptr(KeyfobTestRun) listed = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonArray) tokens = NULL;

  while (label->len < 1024 * 1024)
    g_string_append (label, "long name ");
  store_foreign_item (label->str);
  add_token (fixture, "Ours");

  listed = run_tool (fixture, NULL, "list", NULL);
  g_assert_cmpint (listed->status, ==, 0);
  assert_run_safe (listed);

  /* Every row is one bounded line: a 1 MB label does not pad the table to 8 MB. */
  lines = g_strsplit (listed->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpuint (keyfob_text_display_width (lines[i]), <=, 6 * 42);

  /* Machine output keeps everything, escaped as JSON. */
  tokens = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (tokens), ==, 2);
}

/* A user provider file is anyone's text: its name and steps reach the terminal only cleaned. */
static void
test_provider_file (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fixture->data_home, "keyfob", "providers", NULL);
  g_autofree char *builtin = g_build_filename (g_getenv ("KEYFOB_PROVIDERS_DIR"), "pulsetic.json",
                                               NULL);
  g_autofree char *path = g_build_filename (dir, "acme.json", NULL);
  g_autofree char *deep_path = g_build_filename (dir, "deep.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) acme = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"id\": ");
  g_autoptr(KeyfobTestRun) providers = NULL;
  g_autoptr(KeyfobTestRun) revoke = NULL;
  g_autoptr(KeyfobTestRun) added = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (builtin, &text, NULL, NULL));
  acme = g_string_new (text);
  g_string_replace (acme, "\"id\": \"pulsetic\"", "\"id\": \"acme\"", 1);
  g_string_replace (acme, "\"name\": \"Pulsetic\"",
                    "\"name\": \"Acme\\u001b]0;PWNED\\u0007\\u001b[2J\"", 1);
  g_string_replace (acme, "Delete the key in the table.",
                    "\\u001b[1;31mDelete\\u202e\\r\\nvalid", 1);
  g_assert_true (g_file_set_contents (path, acme->str, -1, NULL));

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_true (g_file_set_contents (deep_path, deep->str, -1, NULL));

  providers = run_tool (fixture, NULL, "providers", NULL);
  g_assert_cmpint (providers->status, ==, 0);
  assert_run_safe (providers);
  g_assert_nonnull (strstr (providers->out, "acme\tAcme^[]0;PWNED^G^[[2J\n"));
  g_assert_nonnull (strstr (providers->err, "deep.json"));
  g_assert_nonnull (strstr (providers->err, "more than 64 levels deep"));

  added = run_tool (fixture, vendors[3].token, "add", "--provider", "acme", "--name", "Acme bot",
                    NULL);
  g_assert_cmpint (added->status, ==, 0);
  revoke = run_tool (fixture, NULL, "revoke", "Acme bot", "--yes", NULL);
  assert_run_safe (revoke);
  g_assert_nonnull (strstr (revoke->out, "^[[1;31mDelete<U+202E>^M^Jvalid"));
}

/* A file named like any other, with Pylon's id: every command that reads the providers names
 * it, and a token stored with the built-in Pylon is not sent to its host until the user says
 * so with --allow-host. */
static void
test_provider_override (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fixture->data_home, "keyfob", "providers", NULL);
  g_autofree char *builtin = g_build_filename (g_getenv ("KEYFOB_PROVIDERS_DIR"), "pylon.json",
                                               NULL);
  g_autofree char *path = g_build_filename (dir, "acme-crm.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) evil = NULL;
  g_autoptr(KeyfobTestRun) providers = NULL;
  g_autoptr(KeyfobTestRun) refused = NULL;
  g_autoptr(KeyfobTestRun) revoke = NULL;
  g_autoptr(KeyfobTestRun) agreed = NULL;
  g_autoptr(KeyfobTestRun) again = NULL;

  add_token (fixture, "Support");
  keyfob_emulator_set_token (fixture->emulator, fixture->vendor->token, KEYFOB_EMULATOR_VALID);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (builtin, &text, NULL, NULL));
  evil = g_string_new (text);
  g_string_replace (evil, "https://api.usepylon.com", "https://evil.example", 1);
  g_assert_true (g_file_set_contents (path, evil->str, -1, NULL));

  providers = run_tool (fixture, NULL, "providers", NULL);
  g_assert_cmpint (providers->status, ==, 0);
  g_assert_nonnull (strstr (providers->err, "acme-crm.json replaces the built-in provider "
                                            "“pylon”"));

  refused = run_tool (fixture, NULL, "test", "Support", NULL);
  g_assert_cmpint (refused->status, ==, 1);
  g_assert_nonnull (strstr (refused->out, "evil.example"));
  g_assert_nonnull (strstr (refused->out, "api.usepylon.com"));
  g_assert_nonnull (strstr (refused->out, "--allow-host evil.example"));
  revoke = run_tool (fixture, NULL, "revoke", "Support", "--yes", NULL);
  g_assert_cmpint (revoke->status, ==, 1);
  g_assert_nonnull (strstr (revoke->out, "--allow-host evil.example"));
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 0);

  agreed = run_tool (fixture, NULL, "test", "Support", "--allow-host", "evil.example", NULL);
  g_assert_cmpint (agreed->status, ==, 0);
  again = run_tool (fixture, NULL, "test", "Support", NULL);
  g_assert_cmpint (again->status, ==, 0);
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 2);
}

static void
test_all_empty (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "test", "--all", NULL);
  g_autoptr(KeyfobTestRun) json = run_tool (fixture, NULL, "test", "--all", "--json", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_nonnull (strstr (run->err, "No tokens to check"));

  g_assert_cmpint (json->status, ==, 0);
  g_assert_cmpstr (json->out, ==, "[]\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (vendors); i++)
    {
      static const struct
      {
        const char *name;
        void      (*func) (Fixture *, gconstpointer);
      } cases[] = {
        { "deep", test_deep },
        { "control-sequences", test_control_sequences },
        { "huge-account", test_huge_account },
        { "echo", test_echo },
        { "far-retry-after", test_far_retry_after },
      };

      for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
        {
          g_autofree char *path = g_strdup_printf ("/cli-hostile/vendor/%s/%s", vendors[i].id,
                                                   cases[c].name);

          g_test_add (path, Fixture, &vendors[i], fixture_set_up, cases[c].func,
                      fixture_tear_down);
        }
    }

  g_test_add ("/cli-hostile/foreign-item", Fixture, NULL, fixture_set_up, test_foreign_item,
              fixture_tear_down);
  g_test_add ("/cli-hostile/provider-file", Fixture, NULL, fixture_set_up, test_provider_file,
              fixture_tear_down);
  g_test_add ("/cli-hostile/test-all-empty", Fixture, NULL, fixture_set_up, test_all_empty,
              fixture_tear_down);
  g_test_add ("/cli-hostile/provider-override", Fixture, NULL, fixture_set_up,
              test_provider_override, fixture_tear_down);
  g_test_add ("/cli-hostile/get-to-terminal", Fixture, NULL, fixture_set_up,
              test_get_to_terminal, fixture_tear_down);

  return g_test_run ();
}
