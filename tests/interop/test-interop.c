/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-interop"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "keyfob-emulator.h"
#include "keyfob-interop-service.h"
#include "keyfob-store.h"
#include "keyfob-test-cli.h"

/* keyfob-tool's contract against a real KeePassXC or kwalletd5, run by
 * tests/interop/keyfob-interop-session: the same commands the tests/test-cli-*.c tests run on
 * gnome-keyring, checked besides from the service's side, over D-Bus. Which cases run depends
 * on what the session started: a default collection, one locked at login, or none. */

#define TOOL_TIMEOUT_SECONDS 90

#define PYLON_TOKEN    "pylon_api_4f2c9a7e1b3d5f60a8c2e4b6d8f0a1c3"
#define PULSETIC_TOKEN "33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f7b4"
#define NEW_TOKEN      "pylon_api_0badc0ffee0badc0ffee0badc0ffee00"

/* What KeePassXC adds to every item: its entry's fields, its UUID and its group path. */
static const char * const service_attributes[] = {
  "Title", "UserName", "URL", "Notes", "Uuid", "Path", NULL
};

/* What keyfob-tool prints when the keyring hands it a prompt. KeePassXC answers every
 * CreateItem with one, and completes it without showing anything. */
#define PROMPT_NOTICE "keyfob-tool: The keyring shows a prompt"

typedef struct
{
  KeyfobEmulator *emulator;
  char           *data_home;
  GPtrArray      *secrets;  /* every token handed to the tool: none may leak */
} Fixture;

static KeyfobTestRun *
run_toolv (Fixture            *fixture,
           const char         *input,
           const char * const *args)
{
  g_autofree char *endpoint = g_strdup_printf ("KEYFOB_ENDPOINT_OVERRIDE=%s",
                                               keyfob_emulator_get_url (fixture->emulator));
  const char *env[] = { endpoint, NULL };
  KeyfobTestRun *run = keyfob_test_run_tool (fixture->data_home, input,
                                             input != NULL ? strlen (input) : 0, env,
                                             TOOL_TIMEOUT_SECONDS, args);

  /* No secret on stderr, ever; on stdout only from get. */
  for (guint i = 0; i < fixture->secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (fixture->secrets, i);

      g_assert_null (strstr (run->err, secret));
      if (!g_str_equal (args[0], "get"))
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

  return run_toolv (fixture, input, (const char * const *) args->pdata);
}

/* Standard error holds nothing but, maybe, the notice of a prompt the service completed. */
static void
assert_quiet (KeyfobTestRun *run)
{
  g_auto(GStrv) lines = g_strsplit (run->err, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && !g_str_has_prefix (lines[i], PROMPT_NOTICE))
      g_error ("unexpected on stderr: %s", run->err);
}

/* Adds a token as a shell would pipe it, and returns the id printed. */
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

  g_ptr_array_add (fixture->secrets, g_strdup (token));
  g_ptr_array_add (args, (gpointer) "add");
  va_start (ap, token);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  run = run_toolv (fixture, input, (const char * const *) args->pdata);
  g_assert_cmpint (run->status, ==, 0);
  assert_quiet (run);
  g_assert_true (g_str_has_suffix (run->out, "\n"));
  run->out[strlen (run->out) - 1] = '\0';
  g_assert_true (g_uuid_string_is_valid (run->out));

  return g_steal_pointer (&run->out);
}

static JsonArray *
list_json (Fixture *fixture)
{
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "list", "--json", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  root = json_from_string (run->out, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));

  return json_array_ref (json_node_get_array (root));
}

static void
assert_iso8601 (const char *text)
{
  g_autoptr(GDateTime) date = NULL;

  g_assert_nonnull (text);
  date = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (date);
}

/* A token's object holds Keyfob's members and no other, and its fields are exactly the ones
 * its provider declares (pylon: region): no attribute of the service's own. */
static void
assert_only_keyfob_members (JsonObject *object,
                            const char *region)
{
  static const char * const members[] = {
    "id", "name", "provider", "preview", "created", "expires", "last_checked", "last_result",
    "account", "fields", NULL
  };
  g_autoptr(GList) names = json_object_get_members (object);
  JsonObject *fields = json_object_get_object_member (object, "fields");

  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (members, l->data))
      g_error ("list --json shows “%s”, which Keyfob does not own", (char *) l->data);

  g_assert_nonnull (fields);
  g_assert_cmpuint (json_object_get_size (fields), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (fields, "region"), ==, region);
  for (guint i = 0; service_attributes[i] != NULL; i++)
    g_assert_false (json_object_has_member (fields, service_attributes[i]));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->emulator = keyfob_emulator_new ();
  fixture->data_home = g_dir_make_tmp ("keyfob-interop-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->secrets = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  keyfob_test_remove_tree (fixture->data_home);
  g_clear_pointer (&fixture->data_home, g_free);
  g_clear_pointer (&fixture->secrets, g_ptr_array_unref);
  g_clear_pointer (&fixture->emulator, keyfob_emulator_free);
}

/* ---- the contract ---- */

static void
test_contract (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *item = NULL;
  g_autofree char *label = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(GHashTable) planted = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(JsonArray) tokens = NULL;
  g_autoptr(JsonArray) checked = NULL;
  g_autoptr(JsonArray) none = NULL;
  g_autoptr(KeyfobTestRun) table = NULL;
  g_autoptr(KeyfobTestRun) by_name = NULL;
  g_autoptr(KeyfobTestRun) by_id = NULL;
  g_autoptr(KeyfobTestRun) renamed = NULL;
  g_autoptr(KeyfobTestRun) old_name = NULL;
  g_autoptr(KeyfobTestRun) tested = NULL;
  g_autoptr(KeyfobTestRun) deleted = NULL;
  g_autoptr(KeyfobTestRun) gone = NULL;
  JsonObject *object;

  keyfob_emulator_set_token (fixture->emulator, PYLON_TOKEN, KEYFOB_EMULATOR_VALID);
  id = add_token (fixture, PYLON_TOKEN, "--provider", "pylon", "--name", "interop-pylon",
                  "--field", "region=us", "--expires", "2031-01-02", NULL);

  /* Stored where the service shows it, once. */
  item = keyfob_interop_find_item (id);
  g_assert_nonnull (item);
  g_assert_true (g_str_has_prefix (item, keyfob_interop_default_collection ()));

  table = run_tool (fixture, NULL, "list", NULL);
  g_assert_cmpint (table->status, ==, 0);
  g_assert_cmpstr (table->err, ==, "");
  g_assert_true (g_str_has_prefix (table->out, "NAME"));
  g_assert_nonnull (strstr (table->out, "\ninterop-pylon "));

  tokens = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (tokens), ==, 1);
  object = keyfob_test_find_named (tokens, "interop-pylon");
  g_assert_nonnull (object);
  g_assert_cmpstr (keyfob_test_string_or_null (object, "id"), ==, id);
  g_assert_cmpstr (keyfob_test_string_or_null (object, "provider"), ==, "pylon");
  g_assert_true (g_str_has_prefix (keyfob_test_string_or_null (object, "expires"), "2031-01-02"));
  assert_only_keyfob_members (object, "us");

  by_name = run_tool (fixture, NULL, "get", "interop-pylon", NULL);
  g_assert_cmpint (by_name->status, ==, 0);
  g_assert_cmpstr (by_name->out, ==, PYLON_TOKEN "\n");
  by_id = run_tool (fixture, NULL, "get", id, NULL);
  g_assert_cmpint (by_id->status, ==, 0);
  g_assert_cmpstr (by_id->out, ==, PYLON_TOKEN "\n");

  planted = keyfob_interop_plant_attributes (item);
  attributes = keyfob_interop_item_attributes (item);
  uuid = g_strdup (g_hash_table_lookup (attributes, "Uuid"));

  renamed = run_tool (fixture, NULL, "rename", "interop-pylon", "interop-renamed", NULL);
  g_assert_cmpint (renamed->status, ==, 0);
  assert_quiet (renamed);
  old_name = run_tool (fixture, NULL, "get", "interop-pylon", NULL);
  g_assert_cmpint (old_name->status, ==, 1);
  label = keyfob_interop_item_label (item);
  g_assert_cmpstr (label, ==, "interop-renamed");
  keyfob_interop_assert_kept (item, planted, "rename");

  /* A check, written back to the item: the result shows, the rest stays. */
  tested = run_tool (fixture, NULL, "test", "interop-renamed", NULL);
  g_assert_cmpint (tested->status, ==, 0);
  g_assert_true (g_str_has_prefix (tested->out, "interop-renamed\tvalid\t"));
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emulator), ==, 1);

  checked = list_json (fixture);
  object = keyfob_test_find_named (checked, "interop-renamed");
  g_assert_nonnull (object);
  g_assert_cmpstr (keyfob_test_string_or_null (object, "last_result"), ==, "valid");
  assert_iso8601 (keyfob_test_string_or_null (object, "last_checked"));
  assert_only_keyfob_members (object, "us");
  keyfob_interop_assert_kept (item, planted, "test");
  g_clear_pointer (&attributes, g_hash_table_unref);
  attributes = keyfob_interop_item_attributes (item);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "Uuid"), ==, uuid);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "token-id"), ==, id);

  deleted = run_tool (fixture, NULL, "delete", "interop-renamed", NULL);
  g_assert_cmpint (deleted->status, ==, 0);
  assert_quiet (deleted);
  gone = run_tool (fixture, NULL, "get", id, NULL);
  g_assert_cmpint (gone->status, ==, 1);
  g_clear_pointer (&item, g_free);
  item = keyfob_interop_find_item (id);
  g_assert_null (item);
  none = list_json (fixture);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);
}

/* keyfob-tool edit NAME|ID [--expires DATE|--no-expires] [--field KEY=VALUE]... [--secret]. */
static gboolean
edit_exists (KeyfobTestRun *run)
{
  if (run->status == 2 && strstr (run->err, "Unknown command “edit”") != NULL)
    {
      g_test_fail_printf ("keyfob-tool has no edit command yet: %s", run->err);
      return FALSE;
    }

  return TRUE;
}

static void
test_edit (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *item = NULL;
  g_autoptr(GHashTable) planted = NULL;
  g_autoptr(KeyfobTestRun) tested = NULL;
  g_autoptr(KeyfobTestRun) expires = NULL;
  g_autoptr(KeyfobTestRun) secret = NULL;
  g_autoptr(KeyfobTestRun) no_expires = NULL;
  g_autoptr(KeyfobTestRun) get = NULL;
  g_autoptr(JsonArray) dated = NULL;
  g_autoptr(JsonArray) rekeyed = NULL;
  g_autoptr(JsonArray) undated = NULL;
  JsonObject *object;

  keyfob_emulator_set_token (fixture->emulator, PYLON_TOKEN, KEYFOB_EMULATOR_VALID);
  id = add_token (fixture, PYLON_TOKEN, "--provider", "pylon", "--name", "interop-edit",
                  "--field", "region=us", NULL);
  item = keyfob_interop_find_item (id);
  g_assert_nonnull (item);
  planted = keyfob_interop_plant_attributes (item);
  tested = run_tool (fixture, NULL, "test", "interop-edit", NULL);
  g_assert_cmpint (tested->status, ==, 0);

  expires = run_tool (fixture, NULL, "edit", "interop-edit", "--expires", "2031-01-02", NULL);
  if (!edit_exists (expires))
    return;
  g_assert_cmpint (expires->status, ==, 0);
  assert_quiet (expires);
  dated = list_json (fixture);
  object = keyfob_test_find_named (dated, "interop-edit");
  g_assert_true (g_str_has_prefix (keyfob_test_string_or_null (object, "expires"), "2031-01-02"));
  g_assert_cmpstr (keyfob_test_string_or_null (object, "last_result"), ==, "valid");
  keyfob_interop_assert_kept (item, planted, "edit --expires");

  /* A new secret: the old check no longer says anything about it, so it is forgotten. */
  g_ptr_array_add (fixture->secrets, g_strdup (NEW_TOKEN));
  secret = run_tool (fixture, NEW_TOKEN "\n", "edit", id, "--secret", NULL);
  g_assert_cmpint (secret->status, ==, 0);
  assert_quiet (secret);
  get = run_tool (fixture, NULL, "get", "interop-edit", NULL);
  g_assert_cmpint (get->status, ==, 0);
  g_assert_cmpstr (get->out, ==, NEW_TOKEN "\n");
  rekeyed = list_json (fixture);
  object = keyfob_test_find_named (rekeyed, "interop-edit");
  g_assert_null (keyfob_test_string_or_null (object, "last_checked"));
  g_assert_null (keyfob_test_string_or_null (object, "last_result"));
  assert_only_keyfob_members (object, "us");
  keyfob_interop_assert_kept (item, planted, "edit --secret");

  /* Removing an attribute, not only changing one. */
  no_expires = run_tool (fixture, NULL, "edit", "interop-edit", "--no-expires", NULL);
  g_assert_cmpint (no_expires->status, ==, 0);
  undated = list_json (fixture);
  g_assert_null (keyfob_test_string_or_null (keyfob_test_find_named (undated, "interop-edit"),
                                             "expires"));
  keyfob_interop_assert_kept (item, planted, "edit --no-expires");
}

/* ---- a locked collection ---- */

static char *
add_and_lock (Fixture *fixture)
{
  char *id = add_token (fixture, PULSETIC_TOKEN, "--provider", "pulsetic",
                        "--name", "interop-locked", NULL);

  keyfob_interop_lock (keyfob_interop_default_collection ());

  return id;
}

/* The service asks for its password, and the user gives it: list goes on and shows all. */
static void
test_locked_answered (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *id = add_and_lock (fixture);
  KeyfobInteropDialog *dialog = keyfob_interop_dialog_answer_async (KEYFOB_INTEROP_ANSWER_PASSWORD);
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "list", "--json", NULL);
  gboolean answered = keyfob_interop_dialog_finish (dialog);

  g_test_message ("the service's unlock dialog %s", answered ? "was answered" : "never showed");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, id));
  g_assert_true (answered);
  g_assert_false (keyfob_interop_collection_locked (keyfob_interop_default_collection ()));
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The details page names the service as people know it, and the collection by its label:
 * what core finds out on the real service, from the bus and /proc. */
static void
test_locate (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(KeyfobStore) store = keyfob_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KeyfobStoreLocation) location = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected = g_str_equal (keyfob_interop_service_name (), "keepassxc") ? "KeePassXC"
                                                                                 : "KWallet";

  keyfob_store_locate_async (store, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  location = keyfob_store_locate_finish (store, result, &error);
  g_assert_no_error (error);

  g_test_message ("service %s, collection %s", location->service, location->collection);
  g_assert_cmpstr (location->service, ==, expected);
  g_assert_nonnull (location->collection);

  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* Either way, a locked keyring that stays locked is exit 3, and says it is locked. */
static void
assert_says_locked (KeyfobTestRun *run)
{
  g_autofree char *err = g_utf8_strdown (run->err, -1);

  g_assert_cmpint (run->status, ==, 3);
  g_assert_cmpstr (run->out, ==, "");
  if (strstr (err, "locked") == NULL)
    g_error ("exit 3, but not saying the keyring is locked: %s", run->err);
}

static void
test_locked_dismissed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *id = add_and_lock (fixture);
  KeyfobInteropDialog *dialog = keyfob_interop_dialog_answer_async (KEYFOB_INTEROP_ANSWER_DISMISS);
  g_autoptr(KeyfobTestRun) run = run_tool (fixture, NULL, "list", NULL);
  gboolean dismissed = keyfob_interop_dialog_finish (dialog);

  g_test_message ("the service's unlock dialog %s", dismissed ? "was closed" : "never showed");
  assert_says_locked (run);
  g_assert_true (keyfob_interop_collection_locked (keyfob_interop_default_collection ()));
}

/* ---- kwalletd5 as a PAM login leaves it ---- */

/* The wallet is open, but its collection says it is locked until a client asks to unlock it,
 * which kwalletd5 then does without a dialog. A new KDE user's first token goes there. */
static void
test_after_login (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *collection = keyfob_interop_default_collection ();
  g_autofree char *before = keyfob_interop_windows ();
  g_autofree char *after = NULL;
  g_autoptr(KeyfobTestRun) list = NULL;
  g_autoptr(KeyfobTestRun) add = NULL;

  g_assert_true (keyfob_interop_collection_locked (collection));

  /* Both run before either is judged: each outcome is worth knowing. */
  g_ptr_array_add (fixture->secrets, g_strdup (PULSETIC_TOKEN));
  list = run_tool (fixture, NULL, "list", NULL);
  add = run_tool (fixture, PULSETIC_TOKEN "\n", "add", "--provider", "pulsetic",
                  "--name", "interop-first", NULL);
  after = keyfob_interop_windows ();

  g_assert_cmpint (list->status, ==, 0);
  g_assert_cmpint (add->status, ==, 0);
  assert_quiet (add);
  g_assert_true (g_uuid_string_is_valid (g_strchomp (add->out)));
  g_assert_cmpstr (after, ==, before);
  g_assert_false (keyfob_interop_collection_locked (collection));
}

/* ---- no default collection ---- */

static void
assert_no_collection_error (KeyfobTestRun *run)
{
  g_autofree char *err = g_utf8_strdown (run->err, -1);

  g_assert_cmpint (run->status, ==, 3);
  g_assert_cmpstr (run->out, ==, "");
  if (strstr (err, "no default collection") == NULL)
    g_error ("exit 3, but not saying there is no default collection: %s", run->err);
}

/* Keyfob says so, and makes the service neither create a collection nor open its wizard
 * (KeePassXC's new database, KWallet's new wallet) to make one. */
static void
test_no_collection (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *before = keyfob_interop_windows ();
  g_autofree char *after = NULL;
  g_autofree char *alias = NULL;
  g_auto(GStrv) collections = NULL;
  g_autoptr(KeyfobTestRun) list = run_tool (fixture, NULL, "list", NULL);
  g_autoptr(KeyfobTestRun) json = run_tool (fixture, NULL, "list", "--json", NULL);
  g_autoptr(KeyfobTestRun) add = NULL;

  g_ptr_array_add (fixture->secrets, g_strdup (PULSETIC_TOKEN));
  add = run_tool (fixture, PULSETIC_TOKEN "\n", "add", "--provider", "pulsetic",
                  "--name", "interop-nowhere", NULL);

  /* Long enough for a wizard to show: KeePassXC's takes a few hundred milliseconds. */
  g_usleep (2 * G_USEC_PER_SEC);
  after = keyfob_interop_windows ();
  collections = keyfob_interop_collections ();
  alias = keyfob_interop_read_alias ("default");
  g_test_message ("windows before:\n%swindows after:\n%s", before, after);

  /* What the service did first: it matters most. */
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (g_strv_length (collections), ==, 0);
  g_assert_cmpstr (alias, ==, "/");
  assert_no_collection_error (list);
  assert_no_collection_error (json);
  assert_no_collection_error (add);
}

int
main (int    argc,
      char **argv)
{
  const char *collection;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("KEYFOB_INTEROP_SERVICE") == NULL)
    {
      g_test_skip ("needs tests/interop/keyfob-interop-session");
      return g_test_run ();
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  collection = keyfob_interop_default_collection ();
  if (collection[0] == '\0')
    {
      ADD ("/interop/no-collection", test_no_collection);
    }
  else if (keyfob_interop_collection_locked (collection))
    {
      ADD ("/interop/after-login", test_after_login);
    }
  else
    {
      ADD ("/interop/contract", test_contract);
      ADD ("/interop/edit", test_edit);
      ADD ("/interop/locked/answered", test_locked_answered);
      ADD ("/interop/locked/dismissed", test_locked_dismissed);
      ADD ("/interop/locate", test_locate);
      /* Nobody at the screen: the service's unlock dialog is a prompt, whose wait is the
       * user's (five minutes); that it ends in TIMEOUT is tests/test-keyring-fake.c's. */
    }

#undef ADD

  return g_test_run ();
}
