/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-text"

#include "config.h"

#include <string.h>

#include "keyfob-text.h"

#define ELLIPSIS "…"

/* Characters that move the cursor, start an escape sequence, end a line or reorder what
 * follows them: text from outside (vendors, provider files, items other programs wrote) may
 * carry them to retitle a terminal, erase lines, or make "valid" read where "invalid" is. */
static gboolean
is_control (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    default:
      break;
    }

  return c == 0x061C || c == 0x200E || c == 0x200F ||  /* bidi marks */
         (c >= 0x202A && c <= 0x202E) ||               /* embeddings and overrides */
         (c >= 0x2066 && c <= 0x2069);                 /* isolates */
}

static guint
char_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

/**
 * keyfob_text_one_line:
 * @text: (nullable): text from outside, in any encoding
 * @max_chars: how many characters to keep, at least 2
 *
 * Reduces @text to one printable line: valid UTF-8, control and bidi characters as spaces,
 * runs of white space as one, cut at @max_chars characters with an ellipsis.
 *
 * Returns: (transfer full) (nullable): the line, or %NULL when nothing printable is left
 */
char *
keyfob_text_one_line (const char *text,
                      guint       max_chars)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) line = NULL;
  gboolean space = FALSE;
  gsize cut = 0;  /* where the line ends if it must be cut: after max_chars - 1 characters */
  guint n_chars = 0;

  g_return_val_if_fail (max_chars >= 2, NULL);

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  line = g_string_new (NULL);

  for (const char *p = valid; *p != '\0' && n_chars <= max_chars; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_control (c) || g_unichar_isspace (c))
        {
          space = line->len > 0;
          continue;
        }

      if (space)
        {
          g_string_append_c (line, ' ');
          if (++n_chars == max_chars - 1)
            cut = line->len;
          space = FALSE;
        }
      g_string_append_unichar (line, c);
      if (++n_chars == max_chars - 1)
        cut = line->len;
    }

  if (n_chars > max_chars)
    {
      g_string_truncate (line, cut);
      g_strchomp (line->str);
      g_string_set_size (line, strlen (line->str));
      g_string_append (line, ELLIPSIS);
    }

  if (line->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/**
 * keyfob_text_strip_controls:
 * @text: (nullable): text from outside
 *
 * Drops control and bidi characters, line ends included, and keeps the rest as it is, so
 * that a name printed one a line reads back as the name a user can type.
 *
 * Returns: (transfer full): valid UTF-8 on one line, possibly empty
 */
char *
keyfob_text_strip_controls (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autoptr(GString) line = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_control (c))
        g_string_append_unichar (line, c);
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/**
 * keyfob_text_for_terminal:
 * @text: (nullable): text that reaches a terminal
 * @max_columns: how many columns it may take, 0 for no limit
 *
 * Makes control and bidi characters visible (^[ for escape, <U+202E> for an override), so a
 * name or a vendor's message cannot drive the terminal, and cuts the text at @max_columns
 * with an ellipsis.
 *
 * Returns: (transfer full): one line to print
 */
char *
keyfob_text_for_terminal (const char *text,
                          guint       max_columns)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autoptr(GString) line = g_string_new (NULL);
  gsize width = 0;
  gsize cut = 0;  /* where the line ends if it must be cut, leaving a column for "…" */

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7F)
        {
          g_string_append_printf (line, "^%c", c == 0x7F ? '?' : (char) (c + '@'));
          width += 2;
        }
      else if (is_control (c))
        {
          gsize before = line->len;

          g_string_append_printf (line, "<U+%04X>", c);
          width += line->len - before;
        }
      else
        {
          g_string_append_unichar (line, c);
          width += char_width (c);
        }

      if (max_columns == 0)
        continue;
      if (width <= max_columns - 1)
        cut = line->len;
      if (width > max_columns)
        {
          g_string_truncate (line, cut);
          g_string_append (line, ELLIPSIS);
          break;
        }
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/**
 * keyfob_text_is_printable_line:
 * @text: @length bytes, not necessarily NUL-terminated
 *
 * Whether @text can go to a terminal as it is: valid UTF-8 without NUL, control or bidi
 * characters (a secret another program stored may hold escape sequences).
 */
gboolean
keyfob_text_is_printable_line (const char *text,
                               gsize       length)
{
  const char *end = NULL;

  if (!g_utf8_validate (text, length, &end) || end != text + length)
    return FALSE;

  for (const char *p = text; p < text + length; p = g_utf8_next_char (p))
    if (*p == '\0' || is_control (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/* Columns a string takes on a terminal: the • of a preview is one, a CJK character two. */
gsize
keyfob_text_display_width (const char *text)
{
  gsize width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));

  return width;
}
