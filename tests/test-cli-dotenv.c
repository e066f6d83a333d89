/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-dotenv"

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "keyfob-emulator.h"
#include "keyfob-test-cli.h"

/* keyfob-tool import, exec --env-file and scan end to end: the built tool against the session
 * wrapper's keyring and a vendor emulator in this process's main loop. */

#define TOOL_TIMEOUT_SECONDS 60

#define PYLON_TOKEN      "pylon_api_6c1e0f9a2b4d7e8c3a5f1b2d4e6a8c0e"
#define PYLON_OTHER      "pylon_api_9f8e7d6c5b4a39281706f5e4d3c2b1a0"
#define PUSHLY_TOKEN     "pshly-0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b"
#define PULSETIC_TOKEN   "71aa3c9e0b2d4f6a8c1e3b5d7f9a0c2e4b6d8f10"
/* PYLON_TOKEN with its last character changed. */
#define PYLON_NEAR_MISS  "pylon_api_6c1e0f9a2b4d7e8c3a5f1b2d4e6a8c0f"

typedef struct
{
  KeyfobEmulator *emulator;
  char           *data_home;
  char           *dir;        /* where the tests' .env files and trees go */
} Fixture;

static const char * const secrets[] = {
  PYLON_TOKEN, PYLON_OTHER, PUSHLY_TOKEN, PULSETIC_TOKEN, PYLON_NEAR_MISS,
};

static KeyfobTestRun *
run_tool (Fixture    *fixture,
          const char *input,
          ...) G_GNUC_NULL_TERMINATED;

/* Runs keyfob-tool while the main loop serves the emulator, and checks that no secret went to
 * its output: only an exec'd command prints what it likes. */
static KeyfobTestRun *
run_tool (Fixture    *fixture,
          const char *input,
          ...)
{
  g_autofree char *endpoint = g_strdup_printf ("KEYFOB_ENDPOINT_OVERRIDE=%s",
                                               keyfob_emulator_get_url (fixture->emulator));
  const char *env[] = { endpoint, NULL };
  g_autoptr(GPtrArray) args = NULL;
  KeyfobTestRun *run;
  va_list ap;

  va_start (ap, input);
  args = keyfob_test_collect_args (ap);
  va_end (ap);

  run = keyfob_test_run_tool (fixture->data_home, input, input != NULL ? strlen (input) : 0,
                              env, TOOL_TIMEOUT_SECONDS, (const char * const *) args->pdata);

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_assert_null (strstr (run->err, secrets[i]));
      if (!g_str_equal (g_ptr_array_index (args, 0), "exec"))
        g_assert_null (strstr (run->out, secrets[i]));
    }

  return run;
}

/* Stores a token as “keyfob-tool add” does, @field (a --field value) when not NULL, and
 * returns its id. */
static char *
add_token (Fixture    *fixture,
           const char *token,
           const char *provider,
           const char *name,
           const char *field)
{
  g_autofree char *input = g_strconcat (token, "\n", NULL);
  g_autoptr(KeyfobTestRun) run = NULL;

  if (field != NULL)
    run = run_tool (fixture, input, "add", "--provider", provider, "--name", name,
                    "--field", field, NULL);
  else
    run = run_tool (fixture, input, "add", "--provider", provider, "--name", name, NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_strchomp (run->out);

  return g_steal_pointer (&run->out);
}

static JsonArray *
list_json (Fixture *fixture)
{
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "list", "--json", NULL);

  g_assert_cmpint (run->status, ==, 0);
  return keyfob_test_parse_array (run->out);
}

static void
delete_all_tokens (Fixture *fixture)
{
  g_autoptr(JsonArray) tokens = list_json (fixture);

  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      JsonObject *object = json_array_get_object_element (tokens, i);
      g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "delete",
                                               json_object_get_string_member (object, "id"),
                                               NULL);

      g_assert_cmpint (run->status, ==, 0);
    }
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      length)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static guint
mode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text, part);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->emulator = keyfob_emulator_new ();
  fixture->data_home = g_dir_make_tmp ("keyfob-cli-XXXXXX", NULL);
  fixture->dir = g_dir_make_tmp ("keyfob-dotenv-XXXXXX", NULL);
  g_assert_nonnull (fixture->data_home);
  g_assert_nonnull (fixture->dir);

  keyfob_emulator_set_token (fixture->emulator, PYLON_TOKEN, KEYFOB_EMULATOR_VALID);
  keyfob_emulator_set_token (fixture->emulator, PYLON_OTHER, KEYFOB_EMULATOR_VALID);
  keyfob_emulator_set_token (fixture->emulator, PUSHLY_TOKEN, KEYFOB_EMULATOR_VALID);

  delete_all_tokens (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  delete_all_tokens (fixture);

  keyfob_test_remove_tree (fixture->dir);
  keyfob_test_remove_tree (fixture->data_home);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->data_home, g_free);
  g_clear_pointer (&fixture->emulator, keyfob_emulator_free);
}

#define SAMPLE \
  "# the app's settings\n" \
  "export PYLON_API_KEY=\"" PYLON_TOKEN "\"\n" \
  "PUSHLY_API_KEY=" PUSHLY_TOKEN " # push\n" \
  "PUSHLY_DOMAIN_ID=4242\n" \
  "PULSETIC_API_KEY='" PULSETIC_TOKEN "'\n" \
  "DATABASE_URL=postgres://app@localhost/app\n" \
  "OLD_PYLON=" PYLON_TOKEN "\n"

/* ---- import ---- */

static void
test_import_dry_run (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, ".env", SAMPLE, -1);
  g_autofree char *after = NULL;
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "import", "--dry-run", path, NULL);
  g_autoptr(JsonArray) tokens = NULL;

  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out, "PYLON_API_KEY (line 2): would be imported into Pylon as "
                             "“PYLON_API_KEY” (pylon_");
  assert_contains (run->out, "PUSHLY_API_KEY (line 3): would be imported into Pushly");
  assert_contains (run->out, "PUSHLY_DOMAIN_ID (line 4): skipped: used as the Domain ID of "
                             "Pushly tokens");
  assert_contains (run->out, "PULSETIC_API_KEY (line 5): would be imported into Pulsetic");
  assert_contains (run->out, "DATABASE_URL (line 6): skipped: not a token");
  /* Recognised by its prefix, and known from line 2. */
  assert_contains (run->out, "OLD_PYLON (line 7): skipped: the same token as PYLON_API_KEY "
                             "(line 2)");
  assert_contains (run->out, "Dry run: nothing was tested, stored or changed.");

  /* Nothing stored, nobody asked, the file as it was. */
  tokens = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (tokens), ==, 0);
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 0);
  after = read_file (path);
  g_assert_cmpstr (after, ==, SAMPLE);
}

static JsonObject *
find_token (JsonArray  *tokens,
            const char *name)
{
  JsonObject *object = keyfob_test_find_named (tokens, name);

  if (object == NULL)
    g_error ("no token “%s” was stored", name);
  return object;
}

static void
test_import_store (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(KeyfobTestRun) again = NULL;
  g_autoptr(JsonArray) tokens = NULL;
  JsonObject *pushly;

  /* A Pylon token of the variable's name holds another secret: the import's needs a suffix. */
  g_free (add_token (fixture, PYLON_OTHER, "pylon", "PYLON_API_KEY", NULL));
  path = write_file (fixture, ".env", SAMPLE, -1);

  run = run_tool (fixture, NULL, "import", path, NULL);

  /* Pulsetic rejects its token (the emulator knows it not): the run failed in part. */
  g_assert_cmpint (run->status, ==, 1);
  assert_contains (run->out, "PYLON_API_KEY (line 2): imported into Pylon as “PYLON_API_KEY_2” "
                             "(pylon_");
  assert_contains (run->out, "): valid\n");
  assert_contains (run->out, "PUSHLY_API_KEY (line 3): imported into Pushly as "
                             "“PUSHLY_API_KEY”");
  assert_contains (run->out, "PULSETIC_API_KEY (line 5): skipped: Pulsetic did not accept it "
                             "(invalid");
  g_assert_cmpuint (keyfob_emulator_get_n_requests_for (fixture->emulator, PYLON_TOKEN), ==, 1);
  g_assert_cmpuint (keyfob_emulator_get_n_requests_for (fixture->emulator, PULSETIC_TOKEN), ==,
                    1);

  tokens = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (tokens), ==, 3);
  g_assert_cmpstr (keyfob_test_string_or_null (find_token (tokens, "PYLON_API_KEY_2"),
                                               "last_result"), ==, "valid");
  pushly = find_token (tokens, "PUSHLY_API_KEY");
  g_assert_cmpstr (keyfob_test_string_or_null (pushly, "provider"), ==, "pushly");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (pushly,
                                                                                 "fields"),
                                                  "domain_id"), ==, "4242");
  g_assert_null (keyfob_test_find_named (tokens, "PULSETIC_API_KEY"));

  /* Again: everything is in the keyring already, and is not tested twice. */
  again = run_tool (fixture, NULL, "import", path, NULL);
  assert_contains (again->out, "PYLON_API_KEY (line 2): skipped: already stored as "
                               "“PYLON_API_KEY_2”");
  assert_contains (again->out, "PUSHLY_API_KEY (line 3): skipped: already stored as "
                               "“PUSHLY_API_KEY”");
  g_assert_cmpuint (keyfob_emulator_get_n_requests_for (fixture->emulator, PYLON_TOKEN), ==, 1);
  g_clear_pointer (&tokens, json_array_unref);
  tokens = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (tokens), ==, 3);
}

static void
assert_no_temporary (Fixture *fixture,
                     guint    expected)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (dir) != NULL)
    n++;
  g_assert_cmpuint (n, ==, expected);
}

static void
test_import_rewrite (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char original[] = "export PYLON_API_KEY=\"" PYLON_TOKEN "\" # prod\n"
                                 "DEBUG=1\n";
  g_autofree char *path = write_file (fixture, ".env", original, -1);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autofree char *plain_path = write_file (fixture, "plain.env", "PYLON_TOKEN=" PYLON_OTHER
                                            "\n", -1);
  g_autofree char *plain_backup = g_strconcat (plain_path, ".bak", NULL);
  g_autofree char *out_path = g_build_filename (fixture->dir, "child-saw", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *child_saw = NULL;
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(KeyfobTestRun) plain = NULL;
  g_autoptr(KeyfobTestRun) exec = NULL;

  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  run = run_tool (fixture, NULL, "import", "--rewrite", "--keep-backup", path, NULL);
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out, "Rewrote the file: 1 value is a keyfob: reference now.");

  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "export PYLON_API_KEY=\"keyfob:PYLON_API_KEY\" # prod\n"
                                 "DEBUG=1\n");
  g_assert_cmpuint (mode_of (path), ==, 0640);
  g_clear_pointer (&contents, g_free);
  contents = read_file (backup);
  g_assert_cmpstr (contents, ==, original);
  g_assert_cmpuint (mode_of (backup), ==, 0600);
  /* .env, .env.bak, plain.env: no temporary file left. */
  assert_no_temporary (fixture, 3);

  /* Without --keep-backup, the old file is gone. */
  plain = run_tool (fixture, NULL, "import", "--rewrite", plain_path, NULL);
  g_assert_cmpint (plain->status, ==, 0);
  g_clear_pointer (&contents, g_free);
  contents = read_file (plain_path);
  g_assert_cmpstr (contents, ==, "PYLON_TOKEN=keyfob:PYLON_TOKEN\n");
  g_assert_false (g_file_test (plain_backup, G_FILE_TEST_EXISTS));
  assert_no_temporary (fixture, 3);

  /* The references work: the command gets the secrets, the plain variables as they were. */
  exec = run_tool (fixture, NULL, "exec", "--env-file", path, "--", "sh", "-c",
                   "printf '%s %s' \"$PYLON_API_KEY\" \"$DEBUG\" > \"$0\"", out_path, NULL);
  g_assert_cmpint (exec->status, ==, 0);
  child_saw = read_file (out_path);
  g_assert_cmpstr (child_saw, ==, PYLON_TOKEN " 1");
}

/* Another provider has a token of the same name: the reference names the provider. Importing
 * the same value again, under another variable, finds it stored under that name, and writes the
 * same reference. */
static void
test_import_rewrite_namesake (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, ".env", "PYLON_API_KEY=" PYLON_TOKEN "\n", -1);
  g_autofree char *again_path = write_file (fixture, "again.env",
                                            "DEPLOY_KEY=" PYLON_TOKEN "\n", -1);
  g_autofree char *pulsetic_id = add_token (fixture, PULSETIC_TOKEN, "pulsetic", "PYLON_API_KEY",
                                            NULL);
  g_autofree char *contents = NULL;
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(KeyfobTestRun) again = NULL;

  run = run_tool (fixture, NULL, "import", "--rewrite", path, NULL);
  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out, "imported into Pylon as “PYLON_API_KEY”");
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "PYLON_API_KEY=keyfob:pylon/PYLON_API_KEY\n");

  again = run_tool (fixture, NULL, "import", "--rewrite", again_path, NULL);
  g_assert_cmpint (again->status, ==, 0);
  assert_contains (again->out, "skipped: already stored as “PYLON_API_KEY”");
  g_clear_pointer (&contents, g_free);
  contents = read_file (again_path);
  g_assert_cmpstr (contents, ==, "DEPLOY_KEY=keyfob:pylon/PYLON_API_KEY\n");
}

/* A variable set twice: --rewrite would leave the earlier value, perhaps a token, in the file,
 * so it refuses before it stores or changes anything. */
static void
test_import_rewrite_twice (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char original[] = "PYLON_API_KEY=" PYLON_OTHER "\n"
                                 "PYLON_API_KEY=" PYLON_TOKEN "\n";
  g_autofree char *path = write_file (fixture, ".env", original, -1);
  g_autofree char *contents = NULL;
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(JsonArray) tokens = NULL;

  run = run_tool (fixture, NULL, "import", "--rewrite", path, NULL);
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err, "PYLON_API_KEY is set on line 1 and again on line 2");
  assert_contains (run->err, "remove the variables set twice");
  g_assert_null (strstr (run->out, PYLON_OTHER));
  g_assert_null (strstr (run->err, PYLON_OTHER));

  contents = read_file (path);
  g_assert_cmpstr (contents, ==, original);
  tokens = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (tokens), ==, 0);
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 0);
}

/* ---- exec --env-file ---- */

static void
test_exec_env_file (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *pylon_id = add_token (fixture, PYLON_TOKEN, "pylon", "deploy", NULL);
  g_autofree char *by_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out_path = g_build_filename (fixture->dir, "child-saw", NULL);
  g_autofree char *child_saw = NULL;
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autofree char *expected = NULL;

  g_free (add_token (fixture, PUSHLY_TOKEN, "pushly", "shared", "domain_id=42"));
  g_free (add_token (fixture, PYLON_OTHER, "pylon", "shared", NULL));

  by_id = g_strdup_printf ("A=keyfob:deploy\n"
                           "B=keyfob:%s\n"
                           "C=keyfob:pushly/shared\n"
                           "PLAIN='a b # c'\n"
                           "export OVERRIDDEN=from-file\n", pylon_id);
  path = write_file (fixture, "refs.env", by_id, -1);

  /* By name, by id, by provider and name; --env has the last word over the file. */
  run = run_tool (fixture, NULL, "exec", "--env-file", path, "--env", "OVERRIDDEN=deploy",
                  "--", "sh", "-c",
                  "printf '%s|%s|%s|%s|%s' \"$A\" \"$B\" \"$C\" \"$PLAIN\" \"$OVERRIDDEN\" > \"$0\"",
                  out_path, NULL);
  g_assert_cmpint (run->status, ==, 0);
  child_saw = read_file (out_path);
  expected = g_strdup_printf ("%s|%s|%s|a b # c|%s", PYLON_TOKEN, PYLON_TOKEN, PUSHLY_TOKEN,
                              PYLON_TOKEN);
  g_assert_cmpstr (child_saw, ==, expected);
}

static void
test_exec_env_file_refused (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *ran = g_build_filename (fixture->dir, "ran", NULL);
  g_autofree char *missing = write_file (fixture, "missing.env",
                                         "FIRST=plain\nSECOND_TOKEN=keyfob:nobody\n", -1);
  g_autofree char *ambiguous = write_file (fixture, "ambiguous.env", "X=keyfob:twice\n", -1);
  g_autofree char *broken = write_file (fixture, "broken.env", "A=1\nnot a line\n", -1);
  g_autofree char *resolves = write_file (fixture, "resolves.env", "X=keyfob:pylon/twice\n", -1);
  g_autoptr(KeyfobTestRun) run = NULL;

  g_free (add_token (fixture, PYLON_TOKEN, "pylon", "twice", NULL));
  g_free (add_token (fixture, PUSHLY_TOKEN, "pushly", "twice", "domain_id=7"));

  /* Each would create the file “ran” if the command started. */
  run = run_tool (fixture, NULL, "exec", "--env-file", missing, "--", "touch", ran, NULL);
  g_assert_cmpint (run->status, ==, 1);
  assert_contains (run->err, "SECOND_TOKEN (line 2)");
  assert_contains (run->err, "“nobody”");
  assert_contains (run->err, "The command was not run.");
  g_assert_false (g_file_test (ran, G_FILE_TEST_EXISTS));
  keyfob_test_run_free (g_steal_pointer (&run));

  run = run_tool (fixture, NULL, "exec", "--env-file", ambiguous, "--", "touch", ran, NULL);
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err, "X (line 1)");
  assert_contains (run->err, "keyfob:PROVIDER/twice");
  g_assert_false (g_file_test (ran, G_FILE_TEST_EXISTS));
  keyfob_test_run_free (g_steal_pointer (&run));

  run = run_tool (fixture, NULL, "exec", "--env-file", broken, "--", "touch", ran, NULL);
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err, "broken.env: line 2:");
  g_assert_false (g_file_test (ran, G_FILE_TEST_EXISTS));
  keyfob_test_run_free (g_steal_pointer (&run));

  /* The same command with a file that resolves does run: the checks above can fail. */
  run = run_tool (fixture, NULL, "exec", "--env-file", resolves, "--", "touch", ran, NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_file_test (ran, G_FILE_TEST_EXISTS));
}

/* ---- import: bad files ---- */

static void
test_import_bad_files (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char junk[] = "PYLON_API_KEY=" PYLON_TOKEN "\n\x7f" "ELF\0\0\x01\x02";
  g_autoptr(GString) big = g_string_new ("PYLON_API_KEY=" PYLON_TOKEN "\n");
  g_autofree char *junk_path = write_file (fixture, "junk.env", junk, sizeof junk - 1);
  g_autofree char *big_path = NULL;
  g_autoptr(KeyfobTestRun) run = NULL;
  g_autoptr(JsonArray) tokens = NULL;

  while (big->len <= 1024 * 1024)
    g_string_append (big, "# padding padding padding padding padding padding padding\n");
  big_path = write_file (fixture, "big.env", big->str, big->len);

  run = run_tool (fixture, NULL, "import", junk_path, NULL);
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err, "junk.env: line 2 holds a NUL byte");
  g_assert_cmpstr (run->out, ==, "");
  keyfob_test_run_free (g_steal_pointer (&run));

  run = run_tool (fixture, NULL, "import", big_path, NULL);
  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err, "big.env: the file is 1024 KiB, more than the 1024 KiB");
  g_assert_cmpstr (run->out, ==, "");

  tokens = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (tokens), ==, 0);
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 0);
}

/* ---- scan ---- */

static void
test_scan (Fixture       *fixture,
           gconstpointer  data)
{
  static const char binary[] = "\x7f" "ELF\0\0" PYLON_TOKEN "\n";
  g_autofree char *a = write_file (fixture, "tree/a.txt", "one\ntwo\nkey = " PYLON_TOKEN
                                   " and again " PYLON_TOKEN "\n", -1);
  g_autofree char *b = write_file (fixture, "tree/nested/b.env", "PUSHLY=" PUSHLY_TOKEN "\n"
                                   "PYLON=" PYLON_NEAR_MISS "\n", -1);
  g_autofree char *evil = write_file (fixture, "tree/evil\033[2Jname.txt", PYLON_TOKEN, -1);
  g_autofree char *git = write_file (fixture, "tree/.git/config", PYLON_TOKEN "\n", -1);
  g_autofree char *bin = write_file (fixture, "tree/blob.bin", binary, sizeof binary - 1);
  g_autofree char *near = write_file (fixture, "clean/near.txt", PYLON_NEAR_MISS "\n"
                                      "pylon_api_6c1e0f9a2b4d7e8c3a5f1b2d4e6a8c0\n", -1);
  g_autofree char *tree = g_build_filename (fixture->dir, "tree", NULL);
  g_autofree char *clean = g_build_filename (fixture->dir, "clean", NULL);
  g_autofree char *loop = g_build_filename (fixture->dir, "tree", "nested", "loop", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(KeyfobTestRun) run = NULL;

  g_free (add_token (fixture, PYLON_TOKEN, "pylon", "deploy", NULL));
  g_free (add_token (fixture, PUSHLY_TOKEN, "pushly", "push", "domain_id=9"));
  /* A link back up the tree: followed, it would never end. */
  g_assert_cmpint (symlink ("..", loop), ==, 0);

  run = run_tool (fixture, NULL, "scan", tree, NULL);
  g_assert_cmpint (run->status, ==, 1);
  /* The escape in the file name is shown, not sent; one line per token and line. */
  expected = g_strdup_printf ("%s/a.txt:3: deploy (pylon_••••••••8c0e)\n"
                              "%s/evil^[[2Jname.txt:1: deploy (pylon_••••••••8c0e)\n"
                              "%s/nested/b.env:1: push (pshly-••••••••6c5b)\n",
                              tree, tree, tree);
  g_assert_cmpstr (run->out, ==, expected);
  g_assert_null (strchr (run->out, '\033'));
  assert_contains (run->err, "skipped 1 binary");
  keyfob_test_run_free (g_steal_pointer (&run));

  /* Near misses are not the token. */
  run = run_tool (fixture, NULL, "scan", clean, NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "");
  keyfob_test_run_free (g_steal_pointer (&run));

  /* A file named on the command line is searched, even in .git. */
  run = run_tool (fixture, NULL, "scan", git, near, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->out, "/.git/config:1: deploy"));
  g_assert_null (strstr (run->out, "near.txt"));
  keyfob_test_run_free (g_steal_pointer (&run));

  run = run_tool (fixture, NULL, "scan", NULL);
  g_assert_cmpint (run->status, ==, 2);

}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/import/dry-run", test_import_dry_run);
  ADD ("/cli/import/store", test_import_store);
  ADD ("/cli/import/rewrite", test_import_rewrite);
  ADD ("/cli/import/rewrite-set-twice", test_import_rewrite_twice);
  ADD ("/cli/import/rewrite-namesake", test_import_rewrite_namesake);
  ADD ("/cli/import/bad-files", test_import_bad_files);
  ADD ("/cli/exec/env-file", test_exec_env_file);
  ADD ("/cli/exec/env-file-refused", test_exec_env_file_refused);
  ADD ("/cli/scan", test_scan);

#undef ADD

  return g_test_run ();
}
