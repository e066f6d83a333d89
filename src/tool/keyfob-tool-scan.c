/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "keyfob-scan.h"
#include "keyfob-secret.h"
#include "keyfob-tool-private.h"

/* Files past this size are skipped, and said to be: a token sits in configuration and source,
 * not in disk images. */
#define MAX_FILE_BYTES  (16 * 1024 * 1024)
/* A NUL in a file's first block makes it binary, as for git and grep. */
#define BINARY_PROBE    8192
#define MAX_DEPTH       64
#define SECRETS_PER_CALL 256  /* a keyring call well within its timeout, at any size */

typedef struct
{
  KeyfobScanIndex *index;
  GHashTable      *visited;     /* "dev:ino" of the directories walked, against mount loops */
  const char      *path;        /* the file being searched */
  const char      *text;
  gsize            line_offset; /* where counting lines resumes */
  guint            line;
  guint            last_line;   /* the last match reported, so a line names a token once */
  KeyfobToken     *last_token;
  guint            n_found;
  guint            n_files;
  guint            n_binary;
  guint            n_large;
  guint            n_unreadable;
} Scan;

static void
found_cb (gsize    offset,
          gpointer data,
          gpointer user_data)
{
  Scan *scan = user_data;
  KeyfobToken *token = data;

  /* Matches come in order of their offsets: count the lines from the previous one. */
  for (; scan->line_offset < offset; scan->line_offset++)
    scan->line += scan->text[scan->line_offset] == '\n';

  if (scan->line == scan->last_line && token == scan->last_token)
    return;
  scan->last_line = scan->line;
  scan->last_token = token;
  scan->n_found++;

  /* Names and paths are stripped of control characters by _keyfob_tool_say(). */
  /* Translators: a file name, a line number, a token name and its masked preview */
  _keyfob_tool_say (stdout, _("%s:%u: %s (%s)\n"), scan->path, scan->line,
                    keyfob_token_get_name (token), keyfob_token_get_preview (token));
}

/* Reads what fstat() said the file holds, or less if it shrank meanwhile. */
static char *
read_file (int    fd,
           gsize  size,
           gsize *length)
{
  char *buffer = g_malloc (size + 1);
  gsize n = 0;

  while (n < size)
    {
      gssize got = read (fd, buffer + n, size - n);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        break;
      n += got;
    }

  *length = n;
  return buffer;
}

static void
scan_file (Scan       *scan,
           const char *path,
           int         dir_fd,
           const char *name,
           gboolean    follow)
{
  g_autofree char *display = g_filename_display_name (path);
  struct stat st;
  char *text;
  gsize length = 0;
  int fd;

  fd = openat (dir_fd, name,
               O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW));
  if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      if (fd < 0)
        {
          scan->n_unreadable++;
          /* Translators: a file name, then a system error message */
          _keyfob_tool_warn (_("Skipped %s: %s"), display, g_strerror (errno));
        }
      else
        close (fd);
      return;
    }

  if (st.st_size > MAX_FILE_BYTES)
    {
      close (fd);
      scan->n_large++;
      return;
    }

  text = read_file (fd, st.st_size, &length);
  close (fd);
  scan->n_files++;

  if (memchr (text, '\0', MIN (length, BINARY_PROBE)) != NULL)
    {
      scan->n_binary++;
    }
  else
    {
      scan->path = display;
      scan->text = text;
      scan->line_offset = 0;
      scan->line = 1;
      scan->last_line = 0;
      scan->last_token = NULL;
      keyfob_scan_index_search (scan->index, text, length, found_cb, scan);
    }

  /* The file may hold secrets, ours or others'. */
  keyfob_secret_wipe (text, length);
  g_free (text);
}

static void
scan_directory (Scan       *scan,
                const char *path,
                int         fd,
                guint       depth);

/* One entry of a directory: never followed when it is a symbolic link, so no loop. */
static void
scan_entry (Scan       *scan,
            const char *dir_path,
            int         dir_fd,
            const char *name,
            guint       depth)
{
  g_autofree char *path = g_build_filename (dir_path, name, NULL);
  struct stat st;
  int fd;

  if (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return;

  if (S_ISREG (st.st_mode))
    {
      scan_file (scan, path, dir_fd, name, FALSE);
    }
  else if (S_ISDIR (st.st_mode) && !g_str_equal (name, ".git") && depth < MAX_DEPTH)
    {
      fd = openat (dir_fd, name, O_RDONLY | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW);
      if (fd >= 0)
        scan_directory (scan, path, fd, depth + 1);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Walks the directory open at @fd, which it closes. */
static void
scan_directory (Scan       *scan,
                const char *path,
                int         fd,
                guint       depth)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *id = NULL;
  struct dirent *dirent;
  struct stat st;
  DIR *dir;

  if (fstat (fd, &st) != 0)
    {
      close (fd);
      return;
    }

  id = g_strdup_printf ("%ju:%ju", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino);
  if (!g_hash_table_add (scan->visited, g_steal_pointer (&id)))
    {
      close (fd);
      return;
    }

  dir = fdopendir (fd);
  if (dir == NULL)
    {
      close (fd);
      return;
    }

  while ((dirent = readdir (dir)) != NULL)
    if (!g_str_equal (dirent->d_name, ".") && !g_str_equal (dirent->d_name, ".."))
      g_ptr_array_add (names, g_strdup (dirent->d_name));

  /* In name order, so that the report is the same from one run to the next. */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    scan_entry (scan, path, dirfd (dir), g_ptr_array_index (names, i), depth);

  closedir (dir);
}

/* Loads every stored secret once into the index, a batch of tokens to a keyring call: one
 * call each cost gnome-keyring three times as long (bench/results.md, "Scan"). */
static gboolean
index_tokens (KeyfobToolContext  *context,
              KeyfobScanIndex    *index,
              GPtrArray          *tokens,
              GError            **error)
{
  guint n_short = 0;

  for (guint start = 0; start < tokens->len; start += SECRETS_PER_CALL)
    {
      guint n = MIN (SECRETS_PER_CALL, tokens->len - start);
      g_autoptr(GPtrArray) batch = g_ptr_array_new_full (n, NULL);
      g_autoptr(GPtrArray) secrets = NULL;

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (batch, g_ptr_array_index (tokens, start + i));
      secrets = _keyfob_tool_context_load_secrets (context, batch, error);
      if (secrets == NULL)
        return FALSE;

      for (guint i = 0; i < n; i++)
        {
          if (!keyfob_scan_index_add (index, g_ptr_array_index (secrets, i),
                                      g_ptr_array_index (batch, i)))
            n_short++;
        }
    }

  if (n_short > 0)
    _keyfob_tool_warn (g_dngettext (GETTEXT_PACKAGE,
                                    "%u token is shorter than %u bytes and is not searched for.",
                                    "%u tokens are shorter than %u bytes and are not searched "
                                    "for.", n_short),
                       n_short, KEYFOB_SCAN_KEY_BYTES);

  return TRUE;
}

int
_keyfob_tool_scan (KeyfobToolContext  *context,
                   int                 argc,
                   char              **argv)
{
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(KeyfobScanIndex) index = keyfob_scan_index_new ();
  g_autoptr(GHashTable) visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  Scan scan = { 0 };

  option_context = _keyfob_tool_option_context_new ("scan", "PATH…",
                                                    _("Find plaintext copies of your stored "
                                                      "tokens in the files under PATH: prints "
                                                      "FILE:LINE: NAME (masked preview) for "
                                                      "each, and exits with 1 when it finds "
                                                      "any. Skips binary files, .git, files "
                                                      "over 16 MiB and symbolic links inside "
                                                      "PATH."),
                                                    NULL);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    return _keyfob_tool_usage ("scan", "%s", error->message);
  if (argc < 2)
    return _keyfob_tool_usage ("scan", _("Say where to look: one or more files or folders."));

  for (int i = 1; i < argc; i++)
    if (!g_file_test (argv[i], G_FILE_TEST_EXISTS))
      /* Translators: %s is a path the user gave */
      return _keyfob_tool_usage ("scan", _("“%s” does not exist."), argv[i]);

  if (!_keyfob_tool_context_load_catalogue (context, FALSE, &error))
    return _keyfob_tool_fail (error);

  tokens = _keyfob_tool_context_list_tokens (context, &error);
  if (tokens == NULL || !index_tokens (context, index, tokens, &error))
    return _keyfob_tool_fail (error);

  if (tokens->len == 0)
    {
      _keyfob_tool_say (stderr, _("No tokens stored, so none to look for.\n"));
      return KEYFOB_TOOL_EXIT_OK;
    }

  scan.index = index;
  scan.visited = visited;

  /* The paths given are followed even when they are symbolic links; what is under them is not. */
  for (int i = 1; i < argc; i++)
    {
      int fd = open (argv[i], O_RDONLY | O_CLOEXEC | O_DIRECTORY);

      if (fd >= 0)
        scan_directory (&scan, argv[i], fd, 0);
      else
        scan_file (&scan, argv[i], AT_FDCWD, argv[i], TRUE);
    }

  if (scan.n_binary > 0 || scan.n_large > 0)
    /* Translators: three counts of files */
    _keyfob_tool_warn (_("Searched %u files; skipped %u binary ones and %u larger than 16 MiB."),
                       scan.n_files - scan.n_binary, scan.n_binary, scan.n_large);

  return scan.n_found > 0 ? KEYFOB_TOOL_EXIT_FAILED : KEYFOB_TOOL_EXIT_OK;
}
