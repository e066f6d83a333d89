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

/* The format is the common ground of python-dotenv, docker compose and 1Password's op:
 * KEY=value, an optional “export ”, # comments, 'literal' and "escaped" values on one line.
 * No $VAR expansion: a value is what it says. */

G_DEFINE_QUARK (keyfob-dotenv-error-quark, keyfob_dotenv_error)

static void
entry_free (gpointer data)
{
  KeyfobDotenvEntry *entry = data;

  /* keep_last() steals entries, leaving NULL behind. */
  if (entry == NULL)
    return;

  g_free (entry->key);
  keyfob_secret_free (entry->value);
  g_free (entry);
}

static void
duplicate_free (gpointer data)
{
  KeyfobDotenvDuplicate *duplicate = data;

  g_free (duplicate->key);
  g_free (duplicate);
}

void
keyfob_dotenv_free (KeyfobDotenv *self)
{
  if (self == NULL)
    return;

  keyfob_secret_wipe (self->data, self->length);
  g_free (self->data);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->duplicates, g_ptr_array_unref);
  g_free (self->path);
  g_free (self);
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static gboolean
syntax_error (GError     **error,
              guint        line,
              const char  *message)
{
  /* Translators: a line number, then what is wrong with that line */
  g_set_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_SYNTAX, _("line %u: %s"), line,
               message);
  return FALSE;
}

/* Reads the quoted value that starts at *p; *p ends after the closing quote. The value is
 * written to @out, which has room for the whole line. */
static gboolean
read_quoted (const char  **p,
             const char   *end,
             char         *out,
             guint         line,
             GError      **error)
{
  char quote = **p;
  const char *q = *p + 1;
  gsize n = 0;

  for (; q < end && *q != quote; q++)
    {
      if (quote == '"' && *q == '\\' && q + 1 < end)
        {
          q++;
          switch (*q)
            {
            case 'n':
              out[n++] = '\n';
              break;
            case 'r':
              out[n++] = '\r';
              break;
            case 't':
              out[n++] = '\t';
              break;
            case '"':
            case '\\':
              out[n++] = *q;
              break;
            default:
              /* Not an escape we know: kept as written, as python-dotenv does. */
              out[n++] = '\\';
              out[n++] = *q;
              break;
            }
          continue;
        }
      out[n++] = *q;
    }

  if (q >= end)
    return syntax_error (error, line,
                         quote == '"'
                         ? _("the value’s closing \" is missing; a quoted value ends on its own "
                             "line (write a line break as \\n)")
                         : _("the value’s closing ' is missing; a quoted value ends on its own "
                             "line"));

  out[n] = '\0';
  *p = q + 1;
  return TRUE;
}

static gboolean
parse_line (KeyfobDotenv  *self,
            GPtrArray     *all,
            const char    *start,
            const char    *end,
            guint          line,
            GError       **error)
{
  const char *p = start;
  const char *key_start;
  gsize key_length;
  const char *value_start;
  const char *value_end;
  KeyfobDotenvEntry *entry;
  char *value;

  while (p < end && is_blank (*p))
    p++;
  if (p == end || *p == '#')
    return TRUE;

  if (end - p > 7 && strncmp (p, "export", 6) == 0 && is_blank (p[6]))
    {
      p += 7;
      while (p < end && is_blank (*p))
        p++;
    }

  key_start = p;
  if (p < end && (g_ascii_isalpha (*p) || *p == '_'))
    for (p++; p < end && (g_ascii_isalnum (*p) || *p == '_'); p++)
      ;
  key_length = p - key_start;

  while (p < end && is_blank (*p))
    p++;

  if (key_length == 0 || (p < end && *p != '='))
    return syntax_error (error, line, _("a variable’s name is letters, digits and _, not "
                                        "starting with a digit: write NAME=value"));
  if (p == end)
    return syntax_error (error, line, _("there is no “=”: write NAME=value"));
  if (key_length > KEYFOB_DOTENV_KEY_MAX)
    return syntax_error (error, line, _("the variable’s name is too long"));

  p++;
  while (p < end && is_blank (*p))
    p++;

  value_start = p;
  value = g_malloc (end - p + 1);

  if (p < end && (*p == '"' || *p == '\''))
    {
      if (!read_quoted (&p, end, value, line, error))
        {
          keyfob_secret_wipe (value, end - value_start);
          g_free (value);
          return FALSE;
        }
      value_end = p;

      while (p < end && is_blank (*p))
        p++;
      if (p < end && *p != '#')
        {
          keyfob_secret_free (value);
          return syntax_error (error, line, _("there is text after the quoted value: put a "
                                              "comment after “ #”, or quote the whole value"));
        }
    }
  else
    {
      /* A comment starts at a # after white space (q[-1] is at least the “=”). */
      const char *q = p;

      while (q < end && !(*q == '#' && is_blank (q[-1])))
        q++;
      while (q > p && is_blank (q[-1]))
        q--;
      value_end = q;
      memcpy (value, p, q - p);
      value[q - p] = '\0';
    }

  entry = g_new0 (KeyfobDotenvEntry, 1);
  entry->key = g_strndup (key_start, key_length);
  entry->value = value;
  entry->line = line;
  entry->value_start = value_start - self->data;
  entry->value_end = value_end - self->data;
  g_ptr_array_add (all, entry);

  return TRUE;
}

/* The line a byte offset is on, for messages. */
static guint
line_at (const char *data,
         gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    line += data[i] == '\n';

  return line;
}

/* Keeps the last entry of each key, in file order, and notes the keys set more than once. */
static void
keep_last (KeyfobDotenv *self,
           GPtrArray    *all)
{
  g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < all->len; i++)
    {
      KeyfobDotenvEntry *entry = g_ptr_array_index (all, i);
      KeyfobDotenvEntry *earlier = g_hash_table_lookup (last, entry->key);

      if (earlier != NULL)
        {
          KeyfobDotenvDuplicate *duplicate = g_new0 (KeyfobDotenvDuplicate, 1);

          duplicate->key = g_strdup (entry->key);
          duplicate->first_line = earlier->line;
          duplicate->line = entry->line;
          g_ptr_array_add (self->duplicates, duplicate);
        }
      g_hash_table_insert (last, entry->key, entry);
    }

  /* Steal the survivors; the array frees (and wipes) the values that lost. */
  for (guint i = 0; i < all->len; i++)
    {
      KeyfobDotenvEntry *entry = g_ptr_array_index (all, i);

      if (g_hash_table_lookup (last, entry->key) != entry)
        continue;

      g_ptr_array_add (self->entries, entry);
      g_hash_table_insert (self->by_key, entry->key, entry);
      all->pdata[i] = NULL;
    }
}

/**
 * keyfob_dotenv_parse:
 *
 * Parses a dotenv file's contents, which it copies. Nothing is kept when any line is wrong:
 * the error names the first such line and what is wrong with it, never its value.
 *
 * Returns: (transfer full) (nullable): the variables
 */
KeyfobDotenv *
keyfob_dotenv_parse (const char  *data,
                     gsize        length,
                     GError     **error)
{
  g_autoptr(KeyfobDotenv) self = NULL;
  g_autoptr(GPtrArray) all = NULL;
  const char *nul;
  const char *bad = NULL;
  const char *p;
  const char *end;
  guint line = 1;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > KEYFOB_DOTENV_MAX_BYTES)
    {
      g_set_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_TOO_LARGE,
                   /* Translators: the first %u is a size in KiB, the second the maximum */
                   _("the file is %u KiB, more than the %u KiB an environment file may have: "
                     "is it the right file?"),
                   (guint) (length / 1024), KEYFOB_DOTENV_MAX_BYTES / 1024);
      return NULL;
    }

  if ((nul = memchr (data, '\0', length)) != NULL)
    {
      g_set_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_BINARY,
                   _("line %u holds a NUL byte: this is not a text file of NAME=value lines"),
                   line_at (data, nul - data));
      return NULL;
    }

  if (!g_utf8_validate_len (data, length, &bad))
    {
      g_set_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_BINARY,
                   _("line %u is not valid UTF-8: save the file as UTF-8 text"),
                   line_at (data, bad - data));
      return NULL;
    }

  self = g_new0 (KeyfobDotenv, 1);
  self->data = g_malloc (length + 1);
  memcpy (self->data, data, length);
  self->data[length] = '\0';
  self->length = length;
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->duplicates = g_ptr_array_new_with_free_func (duplicate_free);
  all = g_ptr_array_new_with_free_func (entry_free);

  end = self->data + length;
  for (p = self->data; p < end; line++)
    {
      const char *newline = memchr (p, '\n', end - p);
      const char *line_end = newline != NULL ? newline : end;

      /* CRLF: the CR belongs to the line break, not to the value. */
      if (line_end > p && line_end[-1] == '\r')
        line_end--;

      if (!parse_line (self, all, p, line_end, line, error))
        return NULL;

      p = newline != NULL ? newline + 1 : end;
    }

  keep_last (self, all);

  return g_steal_pointer (&self);
}

/* Reads at most KEYFOB_DOTENV_MAX_BYTES + 1 bytes, so that a larger file is known to be. */
static char *
read_bounded (int      fd,
              gsize   *length,
              GError **error)
{
  gsize size = KEYFOB_DOTENV_MAX_BYTES + 1;
  char *buffer = g_malloc (size);
  gsize n = 0;

  while (n < size)
    {
      gssize got = read (fd, buffer + n, size - n);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved_errno = errno;

          keyfob_secret_wipe (buffer, n);
          g_free (buffer);
          g_set_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_READ, "%s",
                       g_strerror (saved_errno));
          return NULL;
        }
      if (got == 0)
        break;
      n += got;
    }

  *length = n;
  return buffer;
}

/**
 * keyfob_dotenv_load:
 *
 * Reads and parses the file at @path, a regular file of at most KEYFOB_DOTENV_MAX_BYTES.
 * Errors start with the file's name.
 *
 * Returns: (transfer full) (nullable): the variables
 */
KeyfobDotenv *
keyfob_dotenv_load (const char  *path,
                    GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(KeyfobDotenv) self = NULL;
  g_autoptr(GError) local_error = NULL;
  struct stat st;
  char *data;
  gsize length = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      /* Translators: a file name, then a system error message */
      g_set_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_READ,
                   _("%s: cannot read it: %s"), display, g_strerror (saved_errno));
      return NULL;
    }

  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_READ,
                   _("%s: not a regular file: give the path of a .env file"), display);
      return NULL;
    }

  data = read_bounded (fd, &length, &local_error);
  close (fd);
  if (data == NULL)
    {
      g_set_error (error, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_READ,
                   _("%s: cannot read it: %s"), display, local_error->message);
      return NULL;
    }

  self = keyfob_dotenv_parse (data, length, &local_error);
  keyfob_secret_wipe (data, length);
  g_free (data);
  if (self == NULL)
    {
      /* Translators: a file name, then a problem with it */
      g_set_error (error, KEYFOB_DOTENV_ERROR, local_error->code, _("%s: %s"), display,
                   local_error->message);
      return NULL;
    }

  self->path = g_strdup (path);
  self->read_stat = st;

  return g_steal_pointer (&self);
}

guint
keyfob_dotenv_get_n_entries (KeyfobDotenv *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->entries->len;
}

const KeyfobDotenvEntry *
keyfob_dotenv_get_entry (KeyfobDotenv *self,
                         guint         position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->entries->len, NULL);

  return g_ptr_array_index (self->entries, position);
}

const KeyfobDotenvEntry *
keyfob_dotenv_lookup (KeyfobDotenv *self,
                      const char   *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->by_key, key);
}

/**
 * keyfob_dotenv_get_duplicates:
 *
 * Returns: (transfer none) (element-type KeyfobDotenvDuplicate): the keys set more than once
 */
GPtrArray *
keyfob_dotenv_get_duplicates (KeyfobDotenv *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->duplicates;
}
