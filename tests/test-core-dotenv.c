/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "keyfob-dotenv.h"

#define SECRET "pylon_api_0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f6"

static KeyfobDotenv *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  KeyfobDotenv *dotenv = keyfob_dotenv_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (dotenv);
  return dotenv;
}

static void
assert_value (KeyfobDotenv *dotenv,
              const char   *key,
              const char   *value,
              guint         line)
{
  const KeyfobDotenvEntry *entry = keyfob_dotenv_lookup (dotenv, key);

  if (entry == NULL)
    g_error ("no variable %s", key);
  g_assert_cmpstr (entry->value, ==, value);
  g_assert_cmpuint (entry->line, ==, line);
}

static void
test_plain (void)
{
  g_autoptr(KeyfobDotenv) dotenv = parse_ok ("# a comment\n"
                                             "\n"
                                             "A=one\n"
                                             "export B=two\n"
                                             "  C = three  \n"
                                             "D=\n"
                                             "E=x=y\n"
                                             "_F9=last");

  g_assert_cmpuint (keyfob_dotenv_get_n_entries (dotenv), ==, 6);
  assert_value (dotenv, "A", "one", 3);
  assert_value (dotenv, "B", "two", 4);
  assert_value (dotenv, "C", "three", 5);
  assert_value (dotenv, "D", "", 6);
  assert_value (dotenv, "E", "x=y", 7);
  assert_value (dotenv, "_F9", "last", 8);
  g_assert_null (keyfob_dotenv_lookup (dotenv, "export"));
  g_assert_cmpstr (keyfob_dotenv_get_entry (dotenv, 0)->key, ==, "A");
  g_assert_cmpuint (keyfob_dotenv_get_duplicates (dotenv)->len, ==, 0);
}

static void
test_quotes (void)
{
  g_autoptr(KeyfobDotenv) dotenv = parse_ok ("S='lit \\n #no \"x\"'\n"
                                             "D=\"a\\nb \\\"q\\\" back\\\\slash \\z # kept\"\n"
                                             "E=\"\"\n"
                                             "T='x' # a comment\n"
                                             "U=\"y\"# right after\n");

  assert_value (dotenv, "S", "lit \\n #no \"x\"", 1);
  assert_value (dotenv, "D", "a\nb \"q\" back\\slash \\z # kept", 2);
  assert_value (dotenv, "E", "", 3);
  assert_value (dotenv, "T", "x", 4);
  assert_value (dotenv, "U", "y", 5);
}

static void
test_comments (void)
{
  g_autoptr(KeyfobDotenv) dotenv = parse_ok ("A=b # comment\n"
                                             "B=b#not-a-comment\n"
                                             "C= # only a comment\n"
                                             "   # indented comment\n"
                                             "D=x\t# after a tab\n");

  assert_value (dotenv, "A", "b", 1);
  assert_value (dotenv, "B", "b#not-a-comment", 2);
  assert_value (dotenv, "C", "", 3);
  assert_value (dotenv, "D", "x", 5);
  g_assert_cmpuint (keyfob_dotenv_get_n_entries (dotenv), ==, 4);
}

static void
test_crlf (void)
{
  g_autoptr(KeyfobDotenv) dotenv = parse_ok ("A=one\r\nB=\"two\"\r\n\r\nC='three' # c\r\n");

  assert_value (dotenv, "A", "one", 1);
  assert_value (dotenv, "B", "two", 2);
  assert_value (dotenv, "C", "three", 4);
}

static void
test_duplicates (void)
{
  g_autoptr(KeyfobDotenv) dotenv = parse_ok ("A=first\nB=b\nA=second\nA=third\n");
  GPtrArray *duplicates = keyfob_dotenv_get_duplicates (dotenv);
  const KeyfobDotenvDuplicate *duplicate;

  assert_value (dotenv, "A", "third", 4);
  g_assert_cmpuint (keyfob_dotenv_get_n_entries (dotenv), ==, 2);
  /* File order of the survivors: B (line 2) before A (line 4). */
  g_assert_cmpstr (keyfob_dotenv_get_entry (dotenv, 0)->key, ==, "B");
  g_assert_cmpuint (duplicates->len, ==, 2);
  duplicate = g_ptr_array_index (duplicates, 0);
  g_assert_cmpstr (duplicate->key, ==, "A");
  g_assert_cmpuint (duplicate->first_line, ==, 1);
  g_assert_cmpuint (duplicate->line, ==, 3);
  duplicate = g_ptr_array_index (duplicates, 1);
  g_assert_cmpuint (duplicate->first_line, ==, 3);
  g_assert_cmpuint (duplicate->line, ==, 4);
}

static void
test_invalid (void)
{
  static const struct {
    const char *text;
    const char *line;
  } cases[] = {
    { "A=1\nno equals " SECRET "\n", "line 2:" },
    { "A=1\nB=2\n9X=" SECRET "\n", "line 3:" },
    { "BAD-NAME=" SECRET "\n", "line 1:" },
    { "A B=" SECRET "\n", "line 1:" },
    { "A=\"" SECRET "\n", "line 1:" },
    { "A='" SECRET "\nB=2'\n", "line 1:" },
    { "A=\"" SECRET "\" trailing\n", "line 1:" },
    { "=" SECRET "\n", "line 1:" },
    { "export\n", "line 1:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KeyfobDotenv) dotenv = keyfob_dotenv_parse (cases[i].text, strlen (cases[i].text),
                                                            &error);

      g_assert_null (dotenv);
      g_assert_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_SYNTAX);
      if (!g_str_has_prefix (error->message, cases[i].line))
        g_error ("case %u: “%s” does not start with “%s”", i, error->message, cases[i].line);
      /* The message says what to write instead, and never the value. */
      g_assert_null (strstr (error->message, SECRET));
      g_assert_cmpuint (strlen (error->message), >, strlen ("line 1: ") + 10);
    }
}

static void
test_binary (void)
{
  static const char nul[] = "A=1\nB=" SECRET "\0junk\n";
  static const char latin1[] = "A=1\nB=2\nC=caf\xe9 " SECRET "\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobDotenv) dotenv = NULL;

  dotenv = keyfob_dotenv_parse (nul, sizeof nul - 1, &error);
  g_assert_null (dotenv);
  g_assert_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_BINARY);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_assert_nonnull (strstr (error->message, "NUL"));
  g_clear_error (&error);

  dotenv = keyfob_dotenv_parse (latin1, sizeof latin1 - 1, &error);
  g_assert_null (dotenv);
  g_assert_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_BINARY);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_assert_null (strstr (error->message, SECRET));
}

/* A file of KEY=value lines exactly KEYFOB_DOTENV_MAX_BYTES long parses; one byte more does
 * not, from memory or from disk. */
static void
test_size_bound (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobDotenv) dotenv = NULL;
  g_autofree char *dir = g_dir_make_tmp ("keyfob-dotenv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.env", NULL);
  guint n = 0;

  for (; text->len + 32 < KEYFOB_DOTENV_MAX_BYTES; n++)
    g_string_append_printf (text, "VAR_%07u=%018u\n", n, n);
  while (text->len < KEYFOB_DOTENV_MAX_BYTES)
    g_string_insert_c (text, 0, '\n');
  g_assert_cmpuint (text->len, ==, KEYFOB_DOTENV_MAX_BYTES);

  dotenv = keyfob_dotenv_parse (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keyfob_dotenv_get_n_entries (dotenv), ==, n);
  g_clear_pointer (&dotenv, keyfob_dotenv_free);

  g_string_append_c (text, '\n');
  dotenv = keyfob_dotenv_parse (text->str, text->len, &error);
  g_assert_null (dotenv);
  g_assert_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  dotenv = keyfob_dotenv_load (path, &error);
  g_assert_null (dotenv);
  g_assert_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "big.env"));
  g_assert_nonnull (strstr (error->message, "1024 KiB"));
  g_clear_error (&error);

  /* Not a regular file. */
  dotenv = keyfob_dotenv_load (dir, &error);
  g_assert_null (dotenv);
  g_assert_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_READ);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static guint
mode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
test_rewrite (void)
{
  static const char original[] = "# deploy\r\n"
                                 "export PYLON_API_KEY=\"" SECRET "\" # prod\r\n"
                                 "DEBUG=1\r\n"
                                 "OTHER='keep me'\r\n"
                                 "PLAIN=" SECRET "x\r\n";
  g_autofree char *dir = g_dir_make_tmp ("keyfob-dotenv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, ".env", NULL);
  g_autofree char *link_path = g_build_filename (dir, "link.env", NULL);
  g_autofree char *backup = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GHashTable) replacements = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(KeyfobDotenv) dotenv = NULL;
  g_autoptr(KeyfobDotenv) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  guint n_files = 0;

  g_assert_true (g_file_set_contents (path, original, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  g_hash_table_insert (replacements, (gpointer) "PYLON_API_KEY", (gpointer) "keyfob:prod");
  g_hash_table_insert (replacements, (gpointer) "PLAIN", (gpointer) "keyfob:pylon/PLAIN");

  dotenv = keyfob_dotenv_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (keyfob_dotenv_rewrite (dotenv, replacements, TRUE, &backup, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "# deploy\r\n"
                                 "export PYLON_API_KEY=\"keyfob:prod\" # prod\r\n"
                                 "DEBUG=1\r\n"
                                 "OTHER='keep me'\r\n"
                                 "PLAIN=keyfob:pylon/PLAIN\r\n");
  g_assert_cmpuint (mode_of (path), ==, 0640);

  /* The backup is the old file, private now. */
  g_assert_true (g_str_has_suffix (backup, ".env.bak"));
  g_assert_cmpuint (mode_of (backup), ==, 0600);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (backup, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, original);

  /* A second rewrite would overwrite the backup: refused, nothing changes. */
  again = keyfob_dotenv_load (path, &error);
  g_assert_no_error (error);
  g_assert_false (keyfob_dotenv_rewrite (again, replacements, TRUE, NULL, &error));
  g_assert_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_CHANGED);
  g_clear_error (&error);

  /* Nor does one of a file that changed since it was read. */
  g_assert_true (g_file_set_contents (path, "A=1\n", -1, NULL));
  g_assert_false (keyfob_dotenv_rewrite (again, replacements, FALSE, NULL, &error));
  g_assert_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_CHANGED);
  g_clear_error (&error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "A=1\n");

  /* Nor one through a symbolic link, which the rename would replace. */
  g_assert_cmpint (symlink (".env", link_path), ==, 0);
  g_clear_pointer (&again, keyfob_dotenv_free);
  again = keyfob_dotenv_load (link_path, &error);
  g_assert_no_error (error);
  g_assert_false (keyfob_dotenv_rewrite (again, replacements, FALSE, NULL, &error));
  g_assert_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_CHANGED);

  /* No temporary file was left behind. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 3);

  g_assert_cmpint (g_unlink (link_path), ==, 0);
  g_assert_cmpint (g_unlink (backup), ==, 0);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/dotenv/plain", test_plain);
  g_test_add_func ("/core/dotenv/quotes", test_quotes);
  g_test_add_func ("/core/dotenv/comments", test_comments);
  g_test_add_func ("/core/dotenv/crlf", test_crlf);
  g_test_add_func ("/core/dotenv/duplicates", test_duplicates);
  g_test_add_func ("/core/dotenv/invalid", test_invalid);
  g_test_add_func ("/core/dotenv/binary", test_binary);
  g_test_add_func ("/core/dotenv/size-bound", test_size_bound);
  g_test_add_func ("/core/dotenv/rewrite", test_rewrite);

  return g_test_run ();
}
