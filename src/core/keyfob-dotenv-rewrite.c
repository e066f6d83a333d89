/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-dotenv"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "keyfob-dotenv-private.h"
#include "keyfob-secret.h"

#define BACKUP_SUFFIX ".bak"
#define BACKUP_MODE   0600

static gboolean
io_error (GError     **error,
          const char  *display,
          int          saved_errno)
{
  /* Translators: a file name, then a system error message */
  g_set_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_READ,
               _("%s: cannot rewrite it: %s. The file is unchanged."), display,
               g_strerror (saved_errno));
  return FALSE;
}

/* The file's new bytes: each replaced value, quotes included, becomes its replacement, quoted
 * the same way. One allocation of the final size, wiped by the caller, since the other values
 * may be secrets too. */
static char *
build_contents (KeyfobDotenv *self,
                GHashTable   *replacements,
                gsize        *length)
{
  gsize size = self->length;
  gsize from = 0;
  gsize n = 0;
  char *out;

  for (guint i = 0; i < self->entries->len; i++)
    {
      KeyfobDotenvEntry *entry = g_ptr_array_index (self->entries, i);
      const char *replacement = g_hash_table_lookup (replacements, entry->key);

      if (replacement != NULL)
        size += strlen (replacement) + 2 - (entry->value_end - entry->value_start);
    }

  out = g_malloc (size + 1);

  /* Entries are in file order, so their spans are too. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      KeyfobDotenvEntry *entry = g_ptr_array_index (self->entries, i);
      const char *replacement = g_hash_table_lookup (replacements, entry->key);
      char quote = self->data[entry->value_start];
      gsize replacement_length;

      if (replacement == NULL)
        continue;

      memcpy (out + n, self->data + from, entry->value_start - from);
      n += entry->value_start - from;

      replacement_length = strlen (replacement);
      if (quote == '"' || quote == '\'')
        out[n++] = quote;
      memcpy (out + n, replacement, replacement_length);
      n += replacement_length;
      if (quote == '"' || quote == '\'')
        out[n++] = quote;

      from = entry->value_end;
    }

  memcpy (out + n, self->data + from, self->length - from);
  n += self->length - from;
  out[n] = '\0';

  *length = n;
  return out;
}

/* The new contents must read back as the old ones with the replacements in place. */
static gboolean
check_contents (KeyfobDotenv *self,
                GHashTable   *replacements,
                const char   *contents,
                gsize         length)
{
  g_autoptr(KeyfobDotenv) reread = keyfob_dotenv_parse (contents, length, NULL);

  if (reread == NULL || reread->entries->len != self->entries->len)
    return FALSE;

  for (guint i = 0; i < self->entries->len; i++)
    {
      KeyfobDotenvEntry *entry = g_ptr_array_index (self->entries, i);
      const KeyfobDotenvEntry *now = keyfob_dotenv_lookup (reread, entry->key);
      const char *replacement = g_hash_table_lookup (replacements, entry->key);

      if (now == NULL ||
          !g_str_equal (now->value, replacement != NULL ? replacement : entry->value))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       length)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        return FALSE;
      data += written;
      length -= written;
    }

  return TRUE;
}

static gboolean
same_file (const struct stat *a,
           const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Writes @contents to a new file beside @path, with the original's mode; returns its name. */
static char *
write_temporary (const char   *path,
                 const char   *display,
                 mode_t        mode,
                 const char   *contents,
                 gsize         length,
                 GError      **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *template = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  int fd;

  fd = g_mkstemp_full (template, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      io_error (error, display, errno);
      return NULL;
    }

  if (fchmod (fd, mode & 07777) != 0 || !write_all (fd, contents, length) || fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (template);
      io_error (error, display, saved_errno);
      return NULL;
    }

  if (close (fd) != 0)
    {
      int saved_errno = errno;

      g_unlink (template);
      io_error (error, display, saved_errno);
      return NULL;
    }

  return g_steal_pointer (&template);
}

/**
 * keyfob_dotenv_rewrite:
 * @replacements: (element-type utf8 utf8): variable name -> its new value, which must need no
 *   quoting (no white space, #, quotes or backslash)
 * @backup_path: (out) (optional) (nullable): where the old file was kept
 *
 * Replaces the file keyfob_dotenv_load() read with one where the values of @replacements'
 * variables are replaced, atomically: a new file beside it, with its mode, renamed over it.
 * The old file stays only with @keep_backup, as FILE.bak, mode 0600, and never as a copy: it
 * is the same inode, linked under the new name. Refuses when the file changed since it was
 * read, is a symbolic link, or FILE.bak exists.
 */
gboolean
keyfob_dotenv_rewrite (KeyfobDotenv  *self,
                       GHashTable    *replacements,
                       gboolean       keep_backup,
                       char         **backup_path,
                       GError       **error)
{
  g_autofree char *display = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *temporary = NULL;
  char *contents;
  gsize length = 0;
  struct stat now;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->path != NULL, FALSE);
  g_return_val_if_fail (replacements != NULL, FALSE);

  display = g_filename_display_name (self->path);

  if (g_lstat (self->path, &now) != 0)
    return io_error (error, display, errno);

  if (S_ISLNK (now.st_mode))
    {
      g_set_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_CHANGED,
                   _("%s is a symbolic link: to rewrite it, name the file it points to. The "
                     "file is unchanged."), display);
      return FALSE;
    }

  if (!same_file (&now, &self->read_stat))
    {
      g_set_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_CHANGED,
                   _("%s changed while Keyfob read it, so it was not rewritten: run the import "
                     "again."), display);
      return FALSE;
    }

  if (keep_backup)
    {
      backup = g_strconcat (self->path, BACKUP_SUFFIX, NULL);
      if (g_file_test (backup, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
        {
          g_autofree char *backup_display = g_filename_display_name (backup);

          /* Translators: a file name */
          g_set_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_CHANGED,
                       _("%s already exists, and Keyfob does not overwrite it: move it away "
                         "first. The file is unchanged."), backup_display);
          return FALSE;
        }
    }

  contents = build_contents (self, replacements, &length);
  if (!check_contents (self, replacements, contents, length))
    {
      keyfob_secret_wipe (contents, length);
      g_free (contents);
      g_set_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_SYNTAX,
                   _("%s: the references would not read back as written, so the file was not "
                     "rewritten."), display);
      return FALSE;
    }

  temporary = write_temporary (self->path, display, now.st_mode, contents, length, error);
  keyfob_secret_wipe (contents, length);
  g_free (contents);
  if (temporary == NULL)
    return FALSE;

  if (backup != NULL && link (self->path, backup) != 0)
    {
      int saved_errno = errno;

      g_unlink (temporary);
      return io_error (error, display, saved_errno);
    }

  if (g_rename (temporary, self->path) != 0)
    {
      int saved_errno = errno;

      g_unlink (temporary);
      if (backup != NULL)
        g_unlink (backup);
      return io_error (error, display, saved_errno);
    }

  /* Only now is the backup the old file's one name: before, this would have changed the mode
   * of the file in use. */
  if (backup != NULL && g_chmod (backup, BACKUP_MODE) != 0)
    {
      int saved_errno = errno;

      /* Translators: a file name, then a system error message */
      g_set_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_READ,
                   _("The file was rewritten, but its backup %s could not be made private: %s. "
                     "Delete it or run chmod 600 on it."), backup, g_strerror (saved_errno));
      return FALSE;
    }

  if (backup_path != NULL)
    *backup_path = g_steal_pointer (&backup);

  return TRUE;
}
