/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keyfob-catalogue.h"
#include "keyfob-secret.h"
#include "keyfob-token-rules.h"

#define HEX48 "0123456789abcdef0123456789abcdef0123456789abcdef"

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
load_hangs_cb (gpointer user_data)
{
  g_error ("Loading the providers did not finish within 10 s: a file blocks it");
  return G_SOURCE_REMOVE;
}

static KeyfobCatalogue *
load_catalogue (void)
{
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_catalogue_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint guard_id = g_timeout_add_seconds (10, load_hangs_cb, NULL);

  keyfob_catalogue_load_async (catalogue, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard_id);

  g_assert_true (keyfob_catalogue_load_finish (catalogue, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&catalogue);
}

static char *
user_providers_dir (void)
{
  char *dir = g_build_filename (g_get_user_data_dir (), "keyfob", "providers", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static KeyfobProvider *
builtin (const char *id)
{
  g_autofree char *path = g_strdup_printf ("/io/github/keyfob/providers/%s.json", id);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  KeyfobProvider *provider = keyfob_provider_new_from_data (id, data, size, &error);

  g_assert_no_error (error);
  return provider;
}

static char *
builtin_text (const char *id)
{
  g_autofree char *path = g_strdup_printf ("/io/github/keyfob/providers/%s.json", id);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_strndup (data, size);
}

static void
test_builtin (void)
{
  g_autoptr(KeyfobCatalogue) catalogue = load_catalogue ();
  GPtrArray *providers = keyfob_catalogue_get_providers (catalogue);
  const char *expected[] = { "cutover", "pulsetic", "pushly", "pylon" };

  g_assert_cmpuint (keyfob_catalogue_get_problems (catalogue)->len, ==, 0);
  g_assert_cmpuint (providers->len, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (keyfob_provider_get_id (g_ptr_array_index (providers, i)), ==, expected[i]);

  g_assert_cmpstr (keyfob_provider_get_label_name (keyfob_catalogue_lookup (catalogue, "pushly")),
                   ==, "Token Label");
  g_assert_cmpstr (keyfob_provider_get_revoke_confirm (keyfob_catalogue_lookup (catalogue,
                                                                                "cutover")),
                   ==, "REVOKE");
  g_assert_true (keyfob_provider_get_shown_once (keyfob_catalogue_lookup (catalogue, "cutover")));
  g_assert_null (keyfob_catalogue_lookup (catalogue, "nope"));
}

static void
test_user_override_and_malformed (void)
{
  g_autofree char *dir = user_providers_dir ();
  g_autofree char *pylon = builtin_text ("pylon");
  g_autofree char *broken = g_build_filename (dir, "broken.json", NULL);
  g_autofree char *override = g_build_filename (dir, "pylon.json", NULL);
  g_autoptr(GString) renamed = g_string_new (pylon);
  g_autoptr(KeyfobCatalogue) catalogue = NULL;
  g_autofree char *line = NULL;
  GPtrArray *problems;
  const GError *problem;

  g_string_replace (renamed, "\"name\": \"Pylon\"", "\"name\": \"Pylon Staging\"", 1);
  g_assert_true (g_file_set_contents (override, renamed->str, -1, NULL));
  g_assert_true (g_file_set_contents (broken, "{\n  \"id\": \"broken\",\n  \"name\": }\n", -1,
                                      NULL));

  catalogue = load_catalogue ();
  problems = keyfob_catalogue_get_problems (catalogue);

  g_assert_cmpuint (keyfob_catalogue_get_providers (catalogue)->len, ==, 4);
  g_assert_cmpstr (keyfob_provider_get_name (keyfob_catalogue_lookup (catalogue, "pylon")), ==,
                   "Pylon Staging");
  g_assert_cmpstr (keyfob_provider_get_origin (keyfob_catalogue_lookup (catalogue, "pylon")), ==,
                   override);

  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_error (problem, KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_SYNTAX);
  line = g_strconcat (broken, ":3:", NULL);
  if (!g_str_has_prefix (problem->message, line))
    g_error ("“%s” should start with “%s”", problem->message, line);

  g_unlink (broken);
  g_unlink (override);
}

static const GError *
find_problem (KeyfobCatalogue *catalogue,
              const char      *path)
{
  g_autofree char *prefix = g_strconcat (path, ": ", NULL);
  GPtrArray *problems = keyfob_catalogue_get_problems (catalogue);

  for (guint i = 0; i < problems->len; i++)
    {
      const GError *problem = g_ptr_array_index (problems, i);

      if (g_str_has_prefix (problem->message, prefix))
        return problem;
    }

  g_error ("No problem reported for %s", path);
  return NULL;
}

/* What anyone may drop into the folder under a .json name: each is refused without being
 * read (a FIFO blocks a read, /dev/zero never ends, the big file is read whole otherwise). A
 * link to a real provider file is fine: dotfile managers make those. */
static void
test_special_files (void)
{
  g_autofree char *dir = user_providers_dir ();
  g_autofree char *fifo = g_build_filename (dir, "fifo.json", NULL);
  g_autofree char *zero = g_build_filename (dir, "zero.json", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge.json", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.json", NULL);
  g_autofree char *linked = g_build_filename (dir, "linked.json", NULL);
  g_autofree char *target = g_build_filename (g_get_user_data_dir (), "elsewhere.json", NULL);
  g_autofree char *pylon = builtin_text ("pylon");
  g_autoptr(GString) renamed = g_string_new (pylon);
  g_autoptr(KeyfobCatalogue) catalogue = NULL;
  int fd;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("/dev/zero", zero), ==, 0);
  fd = g_open (huge, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 100 * 1024 * 1024), ==, 0);
  g_close (fd, NULL);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_string_replace (renamed, "\"id\": \"pylon\"", "\"id\": \"acme\"", 1);
  g_assert_true (g_file_set_contents (target, renamed->str, -1, NULL));
  g_assert_cmpint (symlink (target, linked), ==, 0);

  catalogue = load_catalogue ();

  g_assert_cmpuint (keyfob_catalogue_get_problems (catalogue)->len, ==, 4);
  g_assert_nonnull (strstr (find_problem (catalogue, fifo)->message, "not a regular file"));
  g_assert_nonnull (strstr (find_problem (catalogue, zero)->message, "not a regular file"));
  g_assert_nonnull (strstr (find_problem (catalogue, folder)->message, "not a regular file"));
  g_assert_nonnull (strstr (find_problem (catalogue, huge)->message, "larger than 256 KiB"));
  g_assert_nonnull (keyfob_catalogue_lookup (catalogue, "acme"));

  g_unlink (fifo);
  g_unlink (zero);
  g_unlink (huge);
  g_rmdir (folder);
  g_unlink (linked);
  g_unlink (target);
}

/* Each case: a replacement in pylon.json, and the line the error must name. */
static void
test_invalid_files (void)
{
  static const struct
  {
    const char *from;
    const char *to;
    const char *says;
    guint       line;
  } cases[] = {
    { "\"auth\": \"bearer\"", "\"auth\": 7", "“auth” must be a", 8 },
    { "\"auth\": \"bearer\"", "\"auth\": \"basic\"", "bearer, raw, x-api-key or header", 8 },
    { "\"id\": \"pylon\"", "\"id\": \"Pylon!\"", "lowercase", 2 },
    { "\"id\": \"pylon\",", "", "“id” is missing", 3 },
    { "\"url\": \"{api_base}/me\"", "\"url\": \"http://api.example.com/me\"", "https://", 39 },
    { "\"url\": \"{api_base}/me\"", "\"url\": \"{api_base}/me?key={token}\"", "token", 39 },
    { "\"url\": \"{api_base}/me\"", "\"url\": \"{api_base}/{nothing}\"", "{nothing}", 39 },
    { "\"Accept\": \"application/json\"", "\"X-Leak\": \"{token}\"", "token", 40 },
    { "\"https://api.eu.usepylon.com\"", "\"http://api.eu.usepylon.com\"", "https://", 32 },
    { "\"401\": \"invalid\"", "\"401\": \"nope\"", "no result", 44 },
    { "\"account\": [\"data.name\"]", "\"account\": \"data.name\"", "an array", 42 },
    { "\"shown_once\": false", "\"shown_once\": \"no\"", "true or false", 62 },
  };
  g_autofree char *pylon = builtin_text ("pylon");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) text = g_string_new (pylon);
      g_autoptr(GError) error = NULL;
      g_autoptr(KeyfobProvider) provider = NULL;
      g_autofree char *line = g_strdup_printf ("case.json:%u:", cases[i].line);

      g_assert_cmpuint (g_string_replace (text, cases[i].from, cases[i].to, 1), ==, 1);
      provider = keyfob_provider_new_from_data ("case.json", text->str, text->len, &error);

      g_assert_null (provider);
      g_assert_error (error, KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_INVALID);
      if (strstr (error->message, cases[i].says) == NULL ||
          !g_str_has_prefix (error->message, line))
        g_error ("case %u: “%s” should start with “%s” and say “%s”", i, error->message, line,
                 cases[i].says);
    }
}

static void
test_not_an_object (void)
{
  const char *texts[] = { "[1, 2]", "", "  \n", "\"pylon\"" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KeyfobProvider) provider = keyfob_provider_new_from_data ("a.json", texts[i], -1,
                                                                          &error);

      g_assert_null (provider);
      g_assert_error (error, KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "a.json:1:"));
    }
}

/* json-glib recurses once per level: 100,000 would overflow its stack. A file as deep as the
 * limit still parses (and fails later, on its meaning); one level more is refused before. */
static void
test_too_deep (void)
{
  static const struct
  {
    guint       levels;
    const char *says;
  } cases[] = {
    { 63, "“id” is missing" },
    { 64, "more than 64 levels deep" },
    { 100000, "more than 64 levels deep" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) text = g_string_new ("{\n\"x\": ");
      g_autoptr(GError) error = NULL;
      g_autoptr(KeyfobProvider) provider = NULL;

      for (guint level = 0; level < cases[i].levels; level++)
        g_string_append_c (text, '[');
      for (guint level = 0; level < cases[i].levels; level++)
        g_string_append_c (text, ']');
      g_string_append (text, "\n}\n");

      provider = keyfob_provider_new_from_data ("deep.json", text->str, text->len, &error);
      g_assert_null (provider);
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "deep.json:2:"));
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("%u levels: “%s” should say “%s”", cases[i].levels, error->message,
                 cases[i].says);
    }
}

static void
assert_token_refused (KeyfobProvider *provider,
                      const char     *token,
                      const char     *says)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (keyfob_provider_check_token (provider, token, &error));
  g_assert_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_TOKEN_FORMAT);
  if (strstr (error->message, says) == NULL)
    g_error ("“%s” should say “%s”", error->message, says);
}

static void
test_token_format (void)
{
  g_autoptr(KeyfobProvider) cutover = builtin ("cutover");
  g_autoptr(KeyfobProvider) pulsetic = builtin ("pulsetic");
  g_autoptr(GError) error = NULL;

  g_assert_true (keyfob_provider_check_token (cutover, HEX48, &error));
  g_assert_no_error (error);
  assert_token_refused (cutover, HEX48 "0", "the pasted one has 49");
  assert_token_refused (cutover, HEX48 + 1, "the pasted one has 47");
  assert_token_refused (cutover, "0123456789abcdef0123456789abcdef0123456789abcdeg",
                        "hexadecimal");

  g_assert_true (keyfob_provider_check_token (pulsetic, "0123456789abcdef", &error));
  assert_token_refused (pulsetic, "0123456789abcde", "16 to 4096");
}

static GHashTable *
fields_of (const char *first_key,
           ...)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      g_hash_table_insert (fields, g_strdup (key), g_strdup (va_arg (args, const char *)));
      key = va_arg (args, const char *);
    }
  va_end (args);

  return fields;
}

static void
assert_field_refused (KeyfobProvider *provider,
                      GHashTable     *given,
                      const char     *token,
                      const char     *says)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) fields = keyfob_provider_normalise_fields (provider, given, token,
                                                                   &error);

  g_assert_null (fields);
  g_assert_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_FIELD);
  if (strstr (error->message, says) == NULL)
    g_error ("“%s” should say “%s”", error->message, says);
}

static void
test_fields_pylon_region (void)
{
  g_autoptr(KeyfobProvider) pylon = builtin ("pylon");
  g_autoptr(GHashTable) none = fields_of (NULL);
  g_autoptr(GHashTable) us = fields_of ("region", "US", NULL);
  g_autoptr(GHashTable) asia = fields_of ("region", "asia", NULL);
  g_autoptr(GHashTable) from_prefix = NULL;
  g_autoptr(GHashTable) plain = NULL;
  g_autoptr(GHashTable) given = NULL;
  g_autoptr(GError) error = NULL;

  from_prefix = keyfob_provider_normalise_fields (pylon, none, "pylon_api_eu_0123456789", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (from_prefix, "region"), ==, "eu");

  plain = keyfob_provider_normalise_fields (pylon, none, "0123456789abcdef", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (plain, "region"), ==, "us");

  given = keyfob_provider_normalise_fields (pylon, us, "pylon_api_0123456789", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (given, "region"), ==, "us");

  assert_field_refused (pylon, us, "pylon_api_eu_0123456789", "region=eu");
  assert_field_refused (pylon, asia, "0123456789abcdef", "us, eu");
}

static void
test_fields_pushly (void)
{
  g_autoptr(KeyfobProvider) pushly = builtin ("pushly");
  g_autoptr(GHashTable) good = fields_of ("domain_id", " 123 ", NULL);
  g_autoptr(GHashTable) words = fields_of ("domain_id", "twelve", NULL);
  g_autoptr(GHashTable) none = fields_of (NULL);
  g_autoptr(GHashTable) unknown = fields_of ("domain_id", "1", "colour", "red", NULL);
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GError) error = NULL;

  fields = keyfob_provider_normalise_fields (pushly, good, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (fields, "domain_id"), ==, "123");
  g_assert_cmpstr (g_hash_table_lookup (fields, "api"), ==, "current");

  assert_field_refused (pushly, words, NULL, "number");
  assert_field_refused (pushly, none, NULL, "Domain ID");
  assert_field_refused (pushly, unknown, NULL, "colour");
}

static void
test_fields_cutover_instance (void)
{
  g_autoptr(KeyfobProvider) cutover = builtin ("cutover");
  const char *accepted[] = { "acme", "https://acme.cutover.com", "acme.cutover.com/" };
  const char *refused[] = {
    "http://acme.cutover.com", "https://acme.cutover.com/path", "ac me", "acme.evil.com",
    "https://evil.com", "-acme",
  };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GHashTable) given = fields_of ("instance", accepted[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) fields = keyfob_provider_normalise_fields (cutover, given, NULL,
                                                                       &error);
      g_autofree char *dashboard = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (g_hash_table_lookup (fields, "instance"), ==, "acme");
      g_assert_cmpstr (g_hash_table_lookup (fields, "api_host"), ==, "api.cutover.net");
      dashboard = keyfob_provider_dup_dashboard_url (cutover, fields);
      g_assert_cmpstr (dashboard, ==, "https://acme.cutover.com/");
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GHashTable) given = fields_of ("instance", refused[i], NULL);

      assert_field_refused (cutover, given, NULL, "instance name");
    }

  {
    g_autoptr(GHashTable) evil_host = fields_of ("instance", "acme", "api_host", "evil.com",
                                                 NULL);

    assert_field_refused (cutover, evil_host, NULL, "api.cutover.net");
  }
}

static void
test_auth_header (void)
{
  static const struct
  {
    const char *provider;
    const char *header;
    const char *value;
  } cases[] = {
    { "pylon", "Authorization", "Bearer tok" },
    { "cutover", "Authorization", "Bearer tok" },
    { "pulsetic", "Authorization", "tok" },
    { "pushly", "X-API-KEY", "tok" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KeyfobProvider) provider = builtin (cases[i].provider);
      g_autoptr(GHashTable) fields = fields_of (NULL);
      g_autofree char *name = NULL;
      char *value = keyfob_provider_format_auth (provider, fields, "tok", &name);

      g_assert_cmpstr (name, ==, cases[i].header);
      g_assert_cmpstr (value, ==, cases[i].value);
      keyfob_secret_free (value);
    }

  {
    g_autoptr(KeyfobProvider) pushly = builtin ("pushly");
    g_autoptr(GHashTable) legacy = fields_of ("api", "legacy", NULL);
    g_autofree char *name = NULL;
    char *value = keyfob_provider_format_auth (pushly, legacy, "tok", &name);

    g_assert_cmpstr (name, ==, "Authorization");
    g_assert_cmpstr (value, ==, "Bearer tok");
    keyfob_secret_free (value);
  }
}

int
main (int   argc,
      char *argv[])
{
  /* The session wrapper gives the whole binary a throwaway XDG_DATA_HOME, and each test
   * removes the files it drops there. Not G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74 leaks the
   * previous dirs every time it sets new ones, which LeakSanitizer rightly reports. */
  g_assert_nonnull (g_getenv ("KEYFOB_TEST_TMP"));
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/catalogue/builtin", test_builtin);
  g_test_add_func ("/core/catalogue/user-override-and-malformed",
                   test_user_override_and_malformed);
  g_test_add_func ("/core/catalogue/invalid-files", test_invalid_files);
  g_test_add_func ("/core/catalogue/not-an-object", test_not_an_object);
  g_test_add_func ("/core/catalogue/too-deep", test_too_deep);
  g_test_add_func ("/core/catalogue/special-files", test_special_files);
  g_test_add_func ("/core/provider/token-format", test_token_format);
  g_test_add_func ("/core/provider/fields/pylon-region", test_fields_pylon_region);
  g_test_add_func ("/core/provider/fields/pushly", test_fields_pushly);
  g_test_add_func ("/core/provider/fields/cutover-instance", test_fields_cutover_instance);
  g_test_add_func ("/core/provider/auth-header", test_auth_header);

  return g_test_run ();
}
