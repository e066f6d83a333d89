/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "keyfob-catalogue.h"
#include "keyfob-provider-writer.h"
#include "keyfob-secret.h"
#include "keyfob-test-async.h"

/* The "Other service" form, written as a provider file: what it writes loads back as the form
 * was filled in, and what the provider parser would refuse is refused with the entry named. */

#define TOKEN "custom-token-0123456789"

static KeyfobProviderSpec *
acme_spec (void)
{
  KeyfobProviderSpec *spec = keyfob_provider_spec_new ();

  spec->name = g_strdup ("  Acme Cloud ");
  spec->auth = KEYFOB_CUSTOM_AUTH_HEADER;
  spec->header_name = g_strdup ("X-Acme-Token");
  spec->url = g_strdup ("https://{workspace}.acme.example/api/v2/whoami");
  /* The spec comes with defaults for these. */
  g_free (spec->success);
  spec->success = g_strdup ("204 200");
  g_free (spec->rejected);
  spec->rejected = g_strdup ("403,401");
  g_free (spec->dashboard_url);
  spec->dashboard_url = g_strdup ("https://console.acme.example/tokens");

  return spec;
}

static void
save (KeyfobProvider *provider,
      GBytes         *json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  keyfob_provider_writer_save_async (provider, json, NULL, keyfob_test_result_cb, &result);
  g_assert_true (keyfob_provider_writer_save_finish (keyfob_test_wait_for (&result), &error));
  g_assert_no_error (error);
}

static void
remove_provider (KeyfobProvider *provider)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  keyfob_provider_writer_remove_async (provider, NULL, keyfob_test_result_cb, &result);
  g_assert_true (keyfob_provider_writer_remove_finish (keyfob_test_wait_for (&result), &error));
  g_assert_no_error (error);
}

static void
test_round_trip (void)
{
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_test_load_catalogue ();
  g_autoptr(KeyfobProviderSpec) spec = acme_spec ();
  g_autoptr(KeyfobProviderSpec) back = NULL;
  g_autoptr(KeyfobProvider) built = NULL;
  g_autoptr(KeyfobCatalogue) reloaded = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *header = NULL;
  g_autofree char *dir = keyfob_provider_writer_dup_dir ();
  g_autofree char *path = NULL;
  KeyfobProvider *loaded;
  char *value;

  built = keyfob_provider_spec_build (spec, catalogue, &json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (built);
  g_assert_cmpstr (spec->id, ==, "acme-cloud");
  path = g_build_filename (dir, "acme-cloud.json", NULL);
  g_assert_cmpstr (keyfob_provider_get_origin (built), ==, path);
  /* Checked, not written: the test before saving needs no file. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  save (built, json);
  reloaded = keyfob_test_load_catalogue ();
  g_assert_cmpuint (keyfob_catalogue_get_problems (reloaded)->len, ==, 0);
  loaded = keyfob_catalogue_lookup (reloaded, "acme-cloud");
  g_assert_nonnull (loaded);
  g_assert_true (keyfob_provider_get_custom (loaded));
  g_assert_cmpstr (keyfob_provider_get_name (loaded), ==, "Acme Cloud");

  /* The form, as it reads back for Edit: trimmed, its status codes in order. */
  back = keyfob_provider_spec_new_from_provider (loaded);
  g_assert_nonnull (back);
  g_assert_cmpstr (back->id, ==, "acme-cloud");
  g_assert_cmpstr (back->name, ==, "Acme Cloud");
  g_assert_cmpint (back->auth, ==, KEYFOB_CUSTOM_AUTH_HEADER);
  g_assert_cmpstr (back->header_name, ==, "X-Acme-Token");
  g_assert_cmpstr (back->url, ==, "https://{workspace}.acme.example/api/v2/whoami");
  g_assert_cmpstr (back->success, ==, "200, 204");
  g_assert_cmpstr (back->rejected, ==, "401, 403");
  g_assert_cmpstr (back->dashboard_url, ==, "https://console.acme.example/tokens");
  g_assert_cmpstr (back->success, ==, spec->success);
  g_assert_cmpstr (back->rejected, ==, spec->rejected);

  /* The placeholder became a field each token fills in; the token goes in the header named. */
  g_assert_cmpuint (keyfob_provider_get_n_fields (loaded), ==, 1);
  g_assert_cmpstr (keyfob_provider_get_field (loaded, 0)->key, ==, "workspace");
  g_assert_true (keyfob_provider_get_field (loaded, 0)->required);
  g_hash_table_insert (fields, (char *) "workspace", (char *) "acme");
  value = keyfob_provider_format_auth (loaded, fields, TOKEN, &header);
  g_assert_cmpstr (header, ==, "X-Acme-Token");
  g_assert_cmpstr (value, ==, TOKEN);
  keyfob_secret_free (value);

  /* Its name is taken now, by another form; the same provider, edited, keeps it. */
  {
    g_autoptr(KeyfobProviderSpec) again = acme_spec ();
    g_autoptr(GBytes) again_json = NULL;
    g_autoptr(KeyfobProvider) edited = NULL;

    g_assert_null (keyfob_provider_spec_build (again, reloaded, &again_json, &error));
    g_assert_error (error, KEYFOB_PROVIDER_WRITER_ERROR, KEYFOB_PROVIDER_WRITER_ERROR_NAME);
    g_clear_error (&error);

    back->auth = KEYFOB_CUSTOM_AUTH_BEARER;
    g_clear_pointer (&back->dashboard_url, g_free);
    back->dashboard_url = g_strdup ("");
    edited = keyfob_provider_spec_build (back, reloaded, &again_json, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (keyfob_provider_get_origin (edited), ==, path);
    g_assert_null (back->header_name);
  }

  remove_provider (loaded);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* A name like a built-in provider's is refused, and a new id never takes a built-in one's. */
static void
test_never_replaces_builtin (void)
{
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_test_load_catalogue ();
  g_autoptr(KeyfobProviderSpec) spec = acme_spec ();
  g_autoptr(KeyfobProvider) built = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GError) error = NULL;

  g_free (spec->name);
  spec->name = g_strdup ("PYLON");
  g_assert_null (keyfob_provider_spec_build (spec, catalogue, &json, &error));
  g_assert_error (error, KEYFOB_PROVIDER_WRITER_ERROR, KEYFOB_PROVIDER_WRITER_ERROR_NAME);
  g_assert_nonnull (strstr (error->message, "Pylon"));
  g_clear_error (&error);

  /* "Pylon!" slugs to "pylon", which is taken: it gets an id of its own. */
  g_free (spec->name);
  spec->name = g_strdup ("Pylon!");
  built = keyfob_provider_spec_build (spec, catalogue, &json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spec->id, ==, "pylon-2");
  g_assert_cmpstr (keyfob_provider_get_id (built), ==, "pylon-2");
}

typedef struct
{
  const char                *path;
  const char                *name;
  KeyfobCustomAuth           auth;
  const char                *header;
  const char                *url;
  const char                *success;
  const char                *rejected;
  const char                *dashboard;
  KeyfobProviderWriterError  code;
} Invalid;

static const Invalid invalid[] = {
  { "no-name", "  ", KEYFOB_CUSTOM_AUTH_BEARER, NULL, "https://a.example/me", "200", "401", "",
    KEYFOB_PROVIDER_WRITER_ERROR_NAME },
  { "name-control", "Acme\x1b[31m", KEYFOB_CUSTOM_AUTH_BEARER, NULL, "https://a.example/me",
    "200", "401", "", KEYFOB_PROVIDER_WRITER_ERROR_NAME },
  { "no-header", "Acme", KEYFOB_CUSTOM_AUTH_HEADER, "", "https://a.example/me", "200", "401",
    "", KEYFOB_PROVIDER_WRITER_ERROR_HEADER },
  { "header-spaces", "Acme", KEYFOB_CUSTOM_AUTH_HEADER, "X Token", "https://a.example/me",
    "200", "401", "", KEYFOB_PROVIDER_WRITER_ERROR_HEADER },
  { "header-host", "Acme", KEYFOB_CUSTOM_AUTH_HEADER, "host", "https://a.example/me", "200",
    "401", "", KEYFOB_PROVIDER_WRITER_ERROR_HEADER },
  { "plain-http", "Acme", KEYFOB_CUSTOM_AUTH_BEARER, NULL, "http://a.example/me", "200", "401",
    "", KEYFOB_PROVIDER_WRITER_ERROR_URL },
  { "not-a-url", "Acme", KEYFOB_CUSTOM_AUTH_BEARER, NULL, "https://", "200", "401", "",
    KEYFOB_PROVIDER_WRITER_ERROR_URL },
  { "reserved-field", "Acme", KEYFOB_CUSTOM_AUTH_BEARER, NULL, "https://a.example/{provider}",
    "200", "401", "", KEYFOB_PROVIDER_WRITER_ERROR_URL },
  { "bad-field", "Acme", KEYFOB_CUSTOM_AUTH_BEARER, NULL, "https://a.example/{Work Space}",
    "200", "401", "", KEYFOB_PROVIDER_WRITER_ERROR_URL },
  { "no-success", "Acme", KEYFOB_CUSTOM_AUTH_BEARER, NULL, "https://a.example/me", " , ",
    "401", "", KEYFOB_PROVIDER_WRITER_ERROR_SUCCESS },
  { "success-not-status", "Acme", KEYFOB_CUSTOM_AUTH_BEARER, NULL, "https://a.example/me",
    "200, OK", "401", "", KEYFOB_PROVIDER_WRITER_ERROR_SUCCESS },
  { "rejected-out-of-range", "Acme", KEYFOB_CUSTOM_AUTH_BEARER, NULL, "https://a.example/me",
    "200", "4010", "", KEYFOB_PROVIDER_WRITER_ERROR_REJECTED },
  { "both", "Acme", KEYFOB_CUSTOM_AUTH_BEARER, NULL, "https://a.example/me", "200", "401 200",
    "", KEYFOB_PROVIDER_WRITER_ERROR_REJECTED },
  { "dashboard-http", "Acme", KEYFOB_CUSTOM_AUTH_BEARER, NULL, "https://a.example/me", "200",
    "401", "http://a.example/", KEYFOB_PROVIDER_WRITER_ERROR_DASHBOARD },
};

static gboolean
dir_is_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir == NULL || g_dir_read_name (dir) == NULL;
}

/* Refused with the entry named, and nothing written. */
static void
test_invalid (gconstpointer data)
{
  const Invalid *bad = data;
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_test_load_catalogue ();
  g_autoptr(KeyfobProviderSpec) spec = keyfob_provider_spec_new ();
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = keyfob_provider_writer_dup_dir ();

  spec->name = g_strdup (bad->name);
  spec->auth = bad->auth;
  spec->header_name = g_strdup (bad->header);
  spec->url = g_strdup (bad->url);
  g_free (spec->success);
  spec->success = g_strdup (bad->success);
  g_free (spec->rejected);
  spec->rejected = g_strdup (bad->rejected);
  g_free (spec->dashboard_url);
  spec->dashboard_url = g_strdup (bad->dashboard);

  g_assert_null (keyfob_provider_spec_build (spec, catalogue, &json, &error));
  g_assert_error (error, KEYFOB_PROVIDER_WRITER_ERROR, (int) bad->code);
  g_assert_null (json);
  g_assert_null (spec->id);
  /* Told in words, without the terminal escapes a pasted name may carry. */
  g_assert_null (strchr (error->message, '\x1b'));
  g_assert_true (dir_is_empty (dir));
}

/* A hand-written file gets the same rules for the new scheme. */
static void
test_header_scheme_in_file (void)
{
  static const char *const files[] = {
    "{\"id\":\"a\",\"name\":\"A\",\"docs_url\":\"https://a.example\",\"dashboard_url\":"
    "\"https://a.example\",\"auth\":\"header\",\"verify\":{\"url\":\"https://a.example/me\"},"
    "\"flows\":{\"label_name\":\"Name\",\"revoke_title\":\"R\",\"revoke_confirm\":\"R\"}}",
    "{\"id\":\"a\",\"name\":\"A\",\"docs_url\":\"https://a.example\",\"dashboard_url\":"
    "\"https://a.example\",\"auth\":\"bearer\",\"auth_header\":\"X-Token\",\"verify\":{\"url\":"
    "\"https://a.example/me\"},\"flows\":{\"label_name\":\"Name\",\"revoke_title\":\"R\","
    "\"revoke_confirm\":\"R\"}}",
    "{\"id\":\"a\",\"name\":\"A\",\"docs_url\":\"https://a.example\",\"dashboard_url\":"
    "\"https://a.example\",\"auth\":\"header\",\"auth_header\":\"Content-Length\",\"verify\":"
    "{\"url\":\"https://a.example/me\"},\"flows\":{\"label_name\":\"Name\",\"revoke_title\":"
    "\"R\",\"revoke_confirm\":\"R\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KeyfobProvider) provider = keyfob_provider_new_from_data ("a.json", files[i], -1,
                                                                         &error);

      g_assert_null (provider);
      g_assert_error (error, KEYFOB_PROVIDER_ERROR, KEYFOB_PROVIDER_ERROR_INVALID);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* The session wrapper gives the binary a throwaway XDG_DATA_HOME; see test-core-catalogue.c
   * for why not G_TEST_OPTION_ISOLATE_DIRS. */
  g_assert_nonnull (g_getenv ("KEYFOB_TEST_TMP"));
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/provider-writer/round-trip", test_round_trip);
  g_test_add_func ("/core/provider-writer/never-replaces-builtin", test_never_replaces_builtin);
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *path = g_strconcat ("/core/provider-writer/invalid/", invalid[i].path,
                                           NULL);

      g_test_add_data_func (path, &invalid[i], test_invalid);
    }
  g_test_add_func ("/core/provider-writer/header-scheme-in-file", test_header_scheme_in_file);

  return g_test_run ();
}
