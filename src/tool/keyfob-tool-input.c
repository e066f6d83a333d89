/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "keyfob-secret.h"
#include "keyfob-tool-private.h"

/* What the user gives add and edit: a token on standard input (echo off on a terminal), and
 * provider fields as KEY=VALUE options. */

/* Far more than any token, little enough to hold: whatever is longer is refused unread. */
#define STDIN_CAP (64 * 1024)


static struct termios saved_termios;
static struct sigaction saved_sigint;
static struct sigaction saved_sigterm;

/* A terminal left without echo is worse than a lost paste: restore it, then die as asked. */
static void
restore_echo_and_die (int signum)
{
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  signal (signum, SIG_DFL);
  raise (signum);
}

static gboolean
echo_off (void)
{
  struct termios quiet;
  struct sigaction action = { 0 };

  if (tcgetattr (STDIN_FILENO, &saved_termios) != 0)
    return FALSE;

  action.sa_handler = restore_echo_and_die;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, &saved_sigint);
  sigaction (SIGTERM, &action, &saved_sigterm);

  quiet = saved_termios;
  quiet.c_lflag &= ~(tcflag_t) (ECHO | ECHOE | ECHOK | ECHONL);
  quiet.c_lflag |= ICANON;

  return tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
}

static void
echo_on (void)
{
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  sigaction (SIGINT, &saved_sigint, NULL);
  sigaction (SIGTERM, &saved_sigterm, NULL);
}

/* Reads the token from standard input into a buffer of STDIN_CAP + 1 bytes that the caller
 * wipes: the whole of a pipe, or one line typed or pasted at a terminal without echo. */
char *
_keyfob_tool_read_token (KeyfobProvider  *provider,
            gsize           *length,
            GError         **error)
{
  gboolean tty = isatty (STDIN_FILENO);
  gboolean quiet = FALSE;
  char *buffer;
  gsize filled = 0;
  int saved_errno = 0;

  buffer = g_malloc0 (STDIN_CAP + 2);

  if (tty)
    {
      /* Translators: %s is a provider name such as Pylon */
      _keyfob_tool_say (stderr, _("Paste the %s token, then press Enter: "),
                        keyfob_provider_get_name (provider));
      quiet = echo_off ();
    }

  while (filled < STDIN_CAP + 1)
    {
      gssize n = read (STDIN_FILENO, buffer + filled, STDIN_CAP + 1 - filled);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          break;
        }
      if (n == 0)
        break;

      filled += n;
      if (tty && memchr (buffer + filled - n, '\n', n) != NULL)
        break;
    }

  if (quiet)
    echo_on ();
  if (tty)
    g_printerr ("\n");

  if (saved_errno != 0)
    {
      keyfob_secret_wipe (buffer, STDIN_CAP + 2);
      g_free (buffer);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s is a system error message */
                   _("Could not read the token from standard input: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }

  if (filled > STDIN_CAP)
    {
      keyfob_secret_wipe (buffer, STDIN_CAP + 2);
      g_free (buffer);
      g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_TOKEN,
                   /* Translators: %d is a number of bytes */
                   ngettext ("The input is longer than %d byte, too long for a token: "
                             "pipe in the token alone.",
                             "The input is longer than %d bytes, too long for a token: "
                             "pipe in the token alone.",
                             KEYFOB_TOKEN_MAX_BYTES),
                   KEYFOB_TOKEN_MAX_BYTES);
      return NULL;
    }

  *length = filled;

  return buffer;
}

void
_keyfob_tool_wipe_and_free (char *buffer)
{
  if (buffer == NULL)
    return;

  keyfob_secret_wipe (buffer, STDIN_CAP + 2);
  g_free (buffer);
}

GHashTable *
_keyfob_tool_parse_fields (char    **specs,
              GError  **error)
{
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; specs != NULL && specs[i] != NULL; i++)
    {
      const char *equals = strchr (specs[i], '=');
      g_autofree char *key = NULL;

      if (equals == NULL || equals == specs[i])
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       /* Translators: %s is what the user typed */
                       _("“%s” is not KEY=VALUE: pass each field as --field KEY=VALUE, "
                         "for example --field region=us."),
                       specs[i]);
          return NULL;
        }

      key = g_strndup (specs[i], equals - specs[i]);
      if (g_hash_table_contains (fields, key))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       /* Translators: %s is a field name */
                       _("The field “%s” is given twice: pass it once."), key);
          return NULL;
        }

      g_hash_table_insert (fields, g_steal_pointer (&key), g_strdup (equals + 1));
    }

  return g_steal_pointer (&fields);
}

/* Each field given, checked by its provider's rules. */
gboolean
_keyfob_tool_draft_set_fields (KeyfobTokenDraft  *draft,
            GHashTable        *fields,
            GError           **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!keyfob_token_draft_set_field (draft, key, value, error))
      return FALSE;

  return TRUE;
}
