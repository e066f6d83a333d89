/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "keyfob-catalogue.h"
#include "keyfob-i18n.h"
#include "keyfob-test-async.h"
#include "keyfob-test-cli.h"

/* The German translation as a user meets it: keyfob-tool's help and a provider's words in its
 * messages, and the provider texts the catalogue hands the window. The .mo files are the
 * build's (KEYFOB_LOCALEDIR, set by tests/meson.build); the German texts are po/de.po's. */

static const char * const german[] = { "LANGUAGE=de", NULL };

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    {
      g_test_message ("%s", text);
      g_error ("“%s” is not in the output above", part);
    }
}

static void
assert_lacks (const char *text,
              const char *part)
{
  if (strstr (text, part) != NULL)
    {
      g_test_message ("%s", text);
      g_error ("“%s” should not be in the output above", part);
    }
}

static char *
make_data_home (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("keyfob-po-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_tool_help (void)
{
  g_autofree char *home = make_data_home ();
  const char * const args[] = { "--help", NULL };
  g_autoptr(KeyfobTestRun) english = keyfob_test_run_tool (home, NULL, 0, NULL, 30, args);
  g_autoptr(KeyfobTestRun) run = keyfob_test_run_tool (home, NULL, 0, german, 30, args);

  /* The same run without LANGUAGE: the German below comes from the catalogue, not the code. */
  g_assert_cmpint (english->status, ==, 0);
  assert_contains (english->out, "Commands:");

  g_assert_cmpint (run->status, ==, 0);
  assert_contains (run->out, "Befehle:");
  assert_contains (run->out, "Die gespeicherten Token auflisten, maskiert");
  assert_lacks (run->out, "Commands:");
  g_assert_cmpstr (run->err, ==, "");

  keyfob_test_remove_tree (home);
}

/* A field's label and hint come from data/providers/cutover.json, the sentence around them
 * from keyfob-provider.c: all three in German. */
static void
test_tool_provider_hint (void)
{
  g_autofree char *home = make_data_home ();
  const char * const args[] = { "add", "--provider", "cutover", "--name", "Release bot",
                                "--field", "instance=https://acme.cutover.com/path", NULL };
  const char token[] = "0123456789abcdef0123456789abcdef0123456789abcdef\n";
  g_autoptr(KeyfobTestRun) run = keyfob_test_run_tool (home, token, strlen (token), german, 30,
                                                       args);

  g_assert_cmpint (run->status, ==, 2);
  assert_contains (run->err, "Instanz »https://acme.cutover.com/path« ist ungültig.");
  assert_contains (run->err, "Geben Sie den Namen der Instanz (acme) oder ihre Adresse "
                             "(https://acme.cutover.com) ohne Pfad an.");
  assert_lacks (run->err, "without a path");

  keyfob_test_remove_tree (home);
}

/* The catalogue translates the built-in files' texts; a user's file, whose texts are in no
 * catalogue, keeps its own words even where they match a built-in one's. */
static void
test_catalogue (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "keyfob", "providers", NULL);
  g_autofree char *path = g_build_filename (dir, "mine.json", NULL);
  g_autoptr(GBytes) pylon = g_resources_lookup_data ("/io/github/keyfob/providers/pylon.json", 0,
                                                     NULL);
  g_autoptr(GString) mine = g_string_new_len (g_bytes_get_data (pylon, NULL),
                                              g_bytes_get_size (pylon));
  g_autoptr(KeyfobCatalogue) catalogue = NULL;
  KeyfobProvider *provider;
  const KeyfobProviderField *field;

  g_string_replace (mine, "\"id\": \"pylon\"", "\"id\": \"mine\"", 1);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, mine->str, -1, NULL));

  catalogue = keyfob_test_load_catalogue ();
  g_assert_cmpuint (keyfob_catalogue_get_problems (catalogue)->len, ==, 0);

  provider = keyfob_catalogue_lookup (catalogue, "pylon");
  g_assert_cmpstr (keyfob_provider_get_create_steps (provider)[0], ==,
                   "Öffnen Sie in Pylon »Settings > Integrations & dev > API tokens«.");
  g_assert_cmpstr (keyfob_provider_get_description (provider), ==, "Support-Plattform");
  /* The vendor's own names stay as the vendor spells them. */
  g_assert_cmpstr (keyfob_provider_get_revoke_confirm (provider), ==, "Delete");
  g_assert_cmpstr (keyfob_provider_get_label_name (provider), ==, "Name");

  provider = keyfob_catalogue_lookup (catalogue, "cutover");
  field = keyfob_provider_lookup_field (provider, "instance");
  g_assert_cmpstr (field->label, ==, "Instanz");
  g_assert_cmpstr (keyfob_provider_get_revoke_steps (provider)[3], ==,
                   "Klicken Sie im Dialog »Revoke User App Token« auf »REVOKE«.");

  provider = keyfob_catalogue_lookup (catalogue, "mine");
  g_assert_cmpstr (keyfob_provider_get_create_steps (provider)[0], ==,
                   "In Pylon, open Settings > Integrations & dev > API tokens.");
  g_assert_cmpstr (keyfob_provider_get_description (provider), ==, "Support platform");

  g_assert_cmpint (g_unlink (path), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_assert_nonnull (g_getenv ("KEYFOB_LOCALEDIR"));
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "de", TRUE);
  keyfob_i18n_init ();

  /* keyfob-test-session gives the process throwaway XDG folders. Not per test as well: GLib
   * 2.74 leaks the folders' old names each time it sets new ones. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/po/german/tool-help", test_tool_help);
  g_test_add_func ("/po/german/tool-provider-hint", test_tool_provider_hint);
  g_test_add_func ("/po/german/catalogue", test_catalogue);

  return g_test_run ();
}
