/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token-rules"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "keyfob-secret.h"
#include "keyfob-token-rules.h"

#define MASK_DOTS     8
#define MASK_HEAD     6
#define MASK_TAIL     4
#define MASK_DOT      "\xe2\x80\xa2" /* U+2022 BULLET */

G_DEFINE_QUARK (keyfob-input-error-quark, keyfob_input_error)

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static gboolean
has_prefix_nocase (const char *start,
                   const char *end,
                   const char *prefix)
{
  gsize len = strlen (prefix);

  return (gsize) (end - start) >= len && g_ascii_strncasecmp (start, prefix, len) == 0;
}

/* Skips a leading "Authorization:" and "Bearer " a user copied along with the token. */
static const char *
skip_auth_prefixes (const char *start,
                    const char *end)
{
  if (has_prefix_nocase (start, end, "Authorization:"))
    {
      start += strlen ("Authorization:");
      while (start < end && is_space (*start))
        start++;
    }

  if (has_prefix_nocase (start, end, "Bearer") && (end - start == 6 || is_space (start[6])))
    {
      start += 6;
      while (start < end && is_space (*start))
        start++;
    }

  return start;
}

/* Returns a new buffer holding the token, to be released with keyfob_secret_free(). */
char *
keyfob_token_normalise (const char  *pasted,
                        gsize        length,
                        GError     **error)
{
  const char *start = pasted;
  const char *end = pasted + length;

  g_return_val_if_fail (pasted != NULL || length == 0, NULL);

  while (start < end && is_space (*start))
    start++;
  while (end > start && is_space (end[-1]))
    end--;

  start = skip_auth_prefixes (start, end);

  if (start == end)
    {
      g_set_error_literal (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_TOKEN,
                           _("The token is empty. Paste the token the provider showed you."));
      return NULL;
    }

  if ((gsize) (end - start) > KEYFOB_TOKEN_MAX_BYTES)
    {
      g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_TOKEN,
                   /* Translators: %d is a number of bytes */
                   g_dngettext (GETTEXT_PACKAGE,
                                "The token is longer than %d byte: this is not a single token. "
                                "Copy only the token and try again.",
                                "The token is longer than %d bytes: this is not a single token. "
                                "Copy only the token and try again.",
                                KEYFOB_TOKEN_MAX_BYTES),
                   KEYFOB_TOKEN_MAX_BYTES);
      return NULL;
    }

  for (const char *p = start; p < end; p++)
    {
      guchar c = (guchar) *p;

      if (is_space (*p))
        {
          g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_TOKEN,
                       /* Translators: %d is a character position */
                       _("The token has a space or line break inside it (at character %d). "
                         "Copy the token again, in one piece."),
                       (int) (p - start) + 1);
          return NULL;
        }

      if (c < 0x20 || c == 0x7f)
        {
          g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_TOKEN,
                       _("The token has a control character inside it (at character %d). "
                         "Copy the token again, as plain text."),
                       (int) (p - start) + 1);
          return NULL;
        }

      if (c >= 0x80)
        {
          g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_TOKEN,
                       _("The token has a character that is not plain ASCII (at byte %d): "
                         "API tokens never do. Copy the token again, as plain text."),
                       (int) (p - start) + 1);
          return NULL;
        }
    }

  return g_strndup (start, end - start);
}

/* Like vendors' own tables: first 6, at least 8 dots, last 4; short tokens show less. */
char *
keyfob_token_mask (const char *token)
{
  GString *masked;
  gsize len;
  gsize head;
  gsize tail;

  g_return_val_if_fail (token != NULL, NULL);

  len = strlen (token);

  /* Always hide at least half of the token; a fixed number of dots hides its length. */
  head = MIN (MASK_HEAD, len / 4);
  tail = MIN (MASK_TAIL, len / 4);

  masked = g_string_new_len (token, head);
  for (guint i = 0; i < MASK_DOTS; i++)
    g_string_append (masked, MASK_DOT);
  g_string_append_len (masked, token + len - tail, tail);

  return g_string_free (masked, FALSE);
}

char *
keyfob_name_normalise (const char  *name,
                       GError     **error)
{
  g_autofree char *stripped = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_NAME,
                           _("The name is not valid text. Type the name again."));
      return NULL;
    }

  stripped = g_strstrip (g_strdup (name));

  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_NAME,
                           _("The name is empty. Give the token a name that says what it is for."));
      return NULL;
    }

  if (g_utf8_strlen (stripped, -1) > KEYFOB_NAME_MAX_CHARS)
    {
      g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_NAME,
                   /* Translators: %d is a number of characters */
                   g_dngettext (GETTEXT_PACKAGE,
                                "The name is longer than %d character. Choose a shorter name.",
                                "The name is longer than %d characters. Choose a shorter name.",
                                KEYFOB_NAME_MAX_CHARS),
                   KEYFOB_NAME_MAX_CHARS);
      return NULL;
    }

  for (const char *p = stripped; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        {
          g_set_error_literal (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_NAME,
                               _("The name has a control character or line break in it. "
                                 "Use a name on one line."));
          return NULL;
        }
    }

  return g_steal_pointer (&stripped);
}

/* Accepts YYYY-MM-DD (midnight UTC) and full ISO 8601, as stored in the keyring. */
GDateTime *
keyfob_date_parse (const char  *text,
                   GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  GDateTime *date = NULL;
  guint year;
  guint month;
  guint day;
  char tail;

  if (text != NULL)
    {
      if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) == 3 &&
          strlen (text) == 10)
        date = g_date_time_new (utc, year, month, day, 0, 0, 0);
      else
        date = g_date_time_new_from_iso8601 (text, utc);
    }

  if (date == NULL)
    g_set_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_DATE,
                 /* Translators: %s is what the user typed */
                 _("“%s” is not a date. Write it as YYYY-MM-DD, for example 2027-01-31."),
                 text != NULL ? text : "");

  return date;
}

char *
keyfob_date_format (GDateTime *date)
{
  g_autoptr(GDateTime) utc = NULL;

  if (date == NULL)
    return NULL;

  utc = g_date_time_to_utc (date);

  /* Not g_date_time_format ("%Y"): it writes year 272 as "272", which does not read back. */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

/* Names are unique per provider: two "production" tokens of one vendor cannot be told apart. */
GError *
keyfob_name_taken_error (const char *name)
{
  return g_error_new (KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_DUPLICATE_NAME,
                      _("Another token of this provider is already called “%s”. Choose another "
                        "name, or delete the old token first."), name);
}
