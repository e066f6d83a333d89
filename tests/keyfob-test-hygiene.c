/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-test-hygiene"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "keyfob-test-hygiene.h"

/* Issue 5, "Secret hygiene": the whole CLI contract and one GUI session run with unique canary
 * tokens, then every place a token must never reach is searched for them, in plain bytes and
 * the usual encodings: the tool's stdout (but for get) and stderr with G_MESSAGES_DEBUG=all,
 * the command line of every process the tool becomes or starts, every log message of this
 * process, and every file under the session's throwaway HOME, XDG dirs and logs.
 *
 * The CLI and the GUI are a program each (test-secret-hygiene-cli.c, -gui.c), each in a session
 * of its own. What they share is here: the canaries, the search for them, the log, and the
 * search of the session's files that ends each program, after everything that could write
 * them. */

char *pulsetic_canary;
char *cutover_canary;
char *cutover_short;
static GPtrArray *needles;        /* of Needle */

KeyfobEmulator *emulator;         /* serves the tool, and a GUI in this process */

/* Every log message of this process, formatted, since keyfob_test_hygiene_init(). */
static GMutex log_mutex;
static GString *log_text;
static guint n_log_messages;

/* ---- canaries and where they turn up ---- */

static void
needle_free (gpointer data)
{
  Needle *needle = data;

  g_free (needle->what);
  g_bytes_unref (needle->bytes);
  g_free (needle);
}

static void
add_needle (const char *what,
            const char *text,
            gsize       length)
{
  Needle *needle = g_new0 (Needle, 1);

  needle->what = g_strdup (what);
  needle->bytes = g_bytes_new (text, length);
  g_ptr_array_add (needles, needle);
}

static char *
hex_of (const char *text,
        gboolean    upper)
{
  GString *hex = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    g_string_append_printf (hex, upper ? "%02X" : "%02x", (guchar) *p);

  return g_string_free (hex, FALSE);
}

/* The base64 of @secret as it appears inside a longer encoded text, whichever of the three
 * alignments it has there: encode it behind @shift filler bytes, then keep only the groups of
 * four characters that come from the secret alone. */
static char *
base64_core (const char *secret,
             guint       shift)
{
  gsize length = strlen (secret);
  g_autofree guchar *data = g_malloc0 (shift + length);
  g_autofree char *encoded = NULL;
  gsize start = shift > 0 ? 4 : 0;
  gsize whole = ((shift + length) / 3) * 4;  /* characters from complete groups */

  memcpy (data + shift, secret, length);
  encoded = g_base64_encode (data, shift + length);
  g_assert_cmpuint (whole, >, start + 16);

  return g_strndup (encoded + start, whole - start);
}

static void
add_canary (const char *label,
            const char *secret)
{
  g_autofree char *what = NULL;
  g_autofree char *lower = hex_of (secret, FALSE);
  g_autofree char *upper = hex_of (secret, TRUE);

  g_autofree char *shouted = g_ascii_strup (secret, -1);
  g_autofree char *reversed = g_strreverse (g_strdup (secret));
  g_autoptr(GString) spaced = g_string_new (NULL);

  what = g_strdup_printf ("the %s canary", label);
  add_needle (what, secret, strlen (secret));

  /* How a hostile vendor disguises an echo (the emulator's KEYFOB_EMULATOR_ECHO). */
  for (const char *p = secret; *p != '\0'; p++)
    g_string_append_printf (spaced, "%s%c", p != secret ? " " : "", *p);
  g_free (what);
  what = g_strdup_printf ("the %s canary, upper-cased, reversed or spaced out", label);
  add_needle (what, shouted, strlen (shouted));
  add_needle (what, reversed, strlen (reversed));
  add_needle (what, spaced->str, spaced->len);

  g_free (what);
  what = g_strdup_printf ("the %s canary, hex-encoded", label);
  add_needle (what, lower, strlen (lower));
  add_needle (what, upper, strlen (upper));

  for (guint shift = 0; shift < 3; shift++)
    {
      g_autofree char *core = base64_core (secret, shift);

      g_free (what);
      what = g_strdup_printf ("the %s canary, base64-encoded (alignment %u)", label, shift);
      add_needle (what, core, strlen (core));

      /* And the URL-safe alphabet, where it differs. */
      if (strpbrk (core, "+/") != NULL)
        {
          g_strdelimit (core, "+", '-');
          g_strdelimit (core, "/", '_');
          g_free (what);
          what = g_strdup_printf ("the %s canary, base64url-encoded (alignment %u)", label,
                                  shift);
          add_needle (what, core, strlen (core));
        }
    }
}

static char *
random_hex (guint n_digits)
{
  GString *hex = g_string_new (NULL);

  for (guint i = 0; i < n_digits; i++)
    g_string_append_c (hex, "0123456789abcdef"[g_random_int_range (0, 16)]);

  return g_string_free (hex, FALSE);
}

static void
make_canaries (void)
{
  g_autofree char *pulsetic_hex = random_hex (32);
  g_autofree char *cutover_hex = random_hex (40);

  pulsetic_canary = g_strconcat ("kfcanary", pulsetic_hex, NULL);
  /* Cutover tokens are 48 hex digits: a prefix of our own marks it. */
  cutover_canary = g_strconcat ("c0ffeeca", cutover_hex, NULL);
  cutover_short = g_strndup (cutover_canary, 47);

  needles = g_ptr_array_new_with_free_func (needle_free);
  add_canary ("Pulsetic", pulsetic_canary);
  add_canary ("Cutover", cutover_canary);
  add_canary ("too-short Cutover", cutover_short);
}

static const char *
find_bytes (const char *haystack,
            gsize       haystack_length,
            const char *needle,
            gsize       needle_length)
{
  const char *p = haystack;
  const char *end = haystack + haystack_length;

  if (needle_length == 0 || haystack_length < needle_length)
    return NULL;

  while ((gsize) (end - p) >= needle_length &&
         (p = memchr (p, needle[0], (end - p) - needle_length + 1)) != NULL)
    {
      if (memcmp (p, needle, needle_length) == 0)
        return p;
      p++;
    }

  return NULL;
}

static const char *
needle_find (Needle     *needle,
             const char *data,
             gsize       length)
{
  gsize needle_length = 0;
  const char *bytes = g_bytes_get_data (needle->bytes, &needle_length);

  return data != NULL ? find_bytes (data, length, bytes, needle_length) : NULL;
}

/* The first form of a canary in @data, if any, and where. */
Needle *
find_canary (const char *data,
             gsize       length,
             gsize      *offset)
{
  for (guint i = 0; i < needles->len; i++)
    {
      Needle *needle = g_ptr_array_index (needles, i);
      const char *found = needle_find (needle, data, length);

      if (found != NULL)
        {
          *offset = found - data;
          return needle;
        }
    }

  return NULL;
}

/* Fails the test (and goes on, so that one run names every leak) when a canary, in any of its
 * forms, is in @data; @where says where @data came from. Returns whether it was clean. */
gboolean
check_clean (const char *where,
             const char *data,
             gsize       length)
{
  gboolean clean = TRUE;

  for (guint i = 0; i < needles->len; i++)
    {
      Needle *needle = g_ptr_array_index (needles, i);
      const char *found = needle_find (needle, data, length);
      g_autofree char *context = NULL;
      g_autofree char *before = NULL;
      gsize offset;
      gsize n;

      if (found == NULL)
        continue;

      /* Say what came just before it, which tells most leaks apart. */
      offset = found - data;
      n = MIN (offset, 60);
      context = g_strndup (found - n, n);
      before = g_strescape (context, NULL);
      /* A failed test keeps only the last message: list each leak as it is found. */
      g_test_message ("LEAK: %s found in %s at byte %" G_GSIZE_FORMAT ", after “%s”",
                      needle->what, where, offset, before);
      g_test_fail_printf ("%s found in %s at byte %" G_GSIZE_FORMAT ", after “%s”",
                          needle->what, where, offset, before);
      clean = FALSE;
    }

  return clean;
}

/* ---- the log of this process ---- */

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  /* Every field, not just MESSAGE: structured fields are written out by journald too. */
  g_mutex_lock (&log_mutex);
  n_log_messages++;
  for (gsize i = 0; i < n_fields; i++)
    {
      g_string_append (log_text, fields[i].key);
      g_string_append_c (log_text, '=');
      if (fields[i].length < 0)
        g_string_append (log_text, fields[i].value);
      else
        g_string_append_len (log_text, fields[i].value, fields[i].length);
      g_string_append_c (log_text, '\n');
    }
  g_mutex_unlock (&log_mutex);

  /* Still shown as usual (on stderr: stdout carries TAP), so failures stay visible. */
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
check_log_clean (const char *part)
{
  g_autofree char *where = NULL;

  g_mutex_lock (&log_mutex);
  where = g_strdup_printf ("this process’s log (G_MESSAGES_DEBUG=all, %u messages) after %s",
                           n_log_messages, part);
  check_clean (where, log_text->str, log_text->len);
  g_mutex_unlock (&log_mutex);
}

/* ---- files ---- */

static void
scan_tree (const char *path,
           guint      *n_files,
           gboolean   *saw_keyring_log)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;
      GStatBuf info;

      /* lstat: a symbolic link is not followed out of the tree. */
      if (g_lstat (child, &info) != 0)
        continue;  /* gone since it was listed */

      if (S_ISDIR (info.st_mode))
        {
          scan_tree (child, n_files, saw_keyring_log);
          continue;
        }

      /* Sockets, pipes and links have no contents to leak into. */
      if (!S_ISREG (info.st_mode))
        continue;

      /* gnome-keyring encrypts its keyring files: the secrets are meant to be in there. */
      if (strstr (child, "/keyrings/") != NULL && g_str_has_suffix (child, ".keyring"))
        continue;

      if (!g_file_get_contents (child, &contents, &length, &error))
        {
          g_test_fail_printf ("Could not read %s: %s", child, error->message);
          g_clear_error (&error);
          continue;
        }

      (*n_files)++;
      if (g_str_equal (name, "keyring.log"))
        *saw_keyring_log = TRUE;
      check_clean (child, contents, length);
    }
}

static void
test_files (void)
{
  const char *tmp = g_getenv ("KEYFOB_TEST_TMP");
  guint n_files = 0;
  gboolean saw_keyring_log = FALSE;

  if (tmp == NULL)
    {
      g_test_skip ("No KEYFOB_TEST_TMP: run under tests/keyfob-test-session");
      return;
    }

  scan_tree (tmp, &n_files, &saw_keyring_log);
  g_test_message ("Searched %u files under %s", n_files, tmp);
  /* At the least, the keyring's log (with G_MESSAGES_DEBUG=all) and the X server's. */
  g_assert_cmpuint (n_files, >, 0);
  g_assert_true (saw_keyring_log);

  check_log_clean ("everything");
}

/* First thing in main(), before anything that could log or read G_MESSAGES_DEBUG: keeps every
 * log message of this process from here on, then makes the canaries and the emulator. */
void
keyfob_test_hygiene_init (int    *argc,
                          char ***argv)
{
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  log_text = g_string_new (NULL);
  g_log_writer_default_set_use_stderr (TRUE);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_init (argc, argv, NULL);

  make_canaries ();
  emulator = keyfob_emulator_new ();
  /* For a GUI in this process; the tool gets it from its launcher. */
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (emulator), TRUE);
}

/* Runs the tests added since keyfob_test_hygiene_init(), then the search of the session's
 * files: it comes after everything that could write them. */
int
keyfob_test_hygiene_run (void)
{
  int status;

  g_test_add_func ("/secret-hygiene/files", test_files);

  status = g_test_run ();

  keyfob_emulator_free (emulator);
  g_clear_pointer (&needles, g_ptr_array_unref);
  g_clear_pointer (&pulsetic_canary, g_free);
  g_clear_pointer (&cutover_canary, g_free);
  g_clear_pointer (&cutover_short, g_free);

  return status;
}
