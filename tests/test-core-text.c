/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-scrub.h"
#include "keyfob-text.h"

#define TOKEN "pylon_api_0123456789abcdefghij"

static void
assert_one_line (const char *text,
                 guint       max_chars,
                 const char *expected)
{
  g_autofree char *line = keyfob_text_one_line (text, max_chars);

  g_assert_cmpstr (line, ==, expected);
}

static void
test_one_line (void)
{
  assert_one_line (NULL, 10, NULL);
  assert_one_line ("", 10, NULL);
  assert_one_line (" \t\r\n\033 ", 10, NULL);
  assert_one_line ("Acme Inc", 10, "Acme Inc");
  assert_one_line ("  Acme\r\n\tInc  ", 10, "Acme Inc");
  /* Escapes lose their introducer, bidi overrides and line separators go. */
  assert_one_line ("\033[2Jgone\xe2\x80\xae" "desrever\xe2\x80\xa8" "end", 40,
                   "[2Jgone desrever end");
  assert_one_line ("bad \xff utf-8", 40, "bad \xef\xbf\xbd utf-8");
  /* Exactly the limit fits; one more character is cut with an ellipsis, within the limit. */
  assert_one_line ("0123456789", 10, "0123456789");
  assert_one_line ("0123456789a", 10, "012345678…");
  assert_one_line ("01234567 9a", 10, "01234567…");
  assert_one_line ("ééééééééééé", 10, "ééééééééé…");
}

static void
assert_stripped (const char *text,
                 const char *expected)
{
  g_autofree char *line = keyfob_text_strip_controls (text);

  g_assert_cmpstr (line, ==, expected);
}

static void
test_strip_controls (void)
{
  assert_stripped (NULL, "");
  assert_stripped ("Release bot  (prod)", "Release bot  (prod)");
  assert_stripped ("two\nlines\r\n", "twolines");
  assert_stripped ("\033]0;PWNED\007\033[2Jtab\there\177", "]0;PWNED[2Jtabhere");
  assert_stripped ("\xc2\x9b" "31m", "31m");
  assert_stripped ("invalid\xe2\x80\xae" "dilav\xe2\x80\xa8", "invaliddilav");
  assert_stripped ("bad \xff", "bad \xef\xbf\xbd");
}

static void
assert_terminal (const char *text,
                 guint       max_columns,
                 const char *expected)
{
  g_autofree char *line = keyfob_text_for_terminal (text, max_columns);

  g_assert_cmpstr (line, ==, expected);
  if (max_columns > 0)
    g_assert_cmpuint (keyfob_text_display_width (line), <=, max_columns);
}

static void
test_for_terminal (void)
{
  assert_terminal (NULL, 0, "");
  assert_terminal ("R&D <bot>", 0, "R&D <bot>");
  assert_terminal ("\033]0;PWNED\007\033[2J", 0, "^[]0;PWNED^G^[[2J");
  assert_terminal ("a\tb\nc\rd\177", 0, "a^Ib^Jc^Md^?");
  assert_terminal ("\xc2\x9b" "31m", 0, "<U+009B>31m");
  assert_terminal ("invalid\xe2\x80\xae" "dilav", 0, "invalid<U+202E>dilav");
  assert_terminal ("x\xe2\x81\xa6y\xe2\x80\x8fz", 0, "x<U+2066>y<U+200F>z");
  assert_terminal ("bad \xff", 0, "bad \xef\xbf\xbd");
  /* Bounded in columns, a wide character counting two. */
  assert_terminal ("0123456789", 10, "0123456789");
  assert_terminal ("0123456789a", 10, "012345678…");
  assert_terminal ("東京東京東京", 10, "東京東京…");
  assert_terminal ("東京東京東京x", 11, "東京東京東…");
  assert_terminal ("\033\033\033\033\033\033", 7, "^[^[^[…");
  g_assert_cmpuint (keyfob_text_display_width ("33fea0••••••••f7b4"), ==, 18);

  g_assert_true (keyfob_text_is_printable_line ("pylon_api_0123", 14));
  g_assert_false (keyfob_text_is_printable_line ("x\033]0;t\007", 8));
  g_assert_false (keyfob_text_is_printable_line ("x\0y", 3));
  g_assert_false (keyfob_text_is_printable_line ("\xc2\x9b" "2J", 4));
  g_assert_false (keyfob_text_is_printable_line ("\xff", 1));
  g_assert_false (keyfob_text_is_printable_line ("a\xe2\x80\xae", 4));
}

static void
assert_scrubbed (const char *text,
                 const char *expected)
{
  g_autofree char *scrubbed = keyfob_scrub_token (text, TOKEN);

  g_assert_cmpstr (scrubbed, ==, expected);
}

static void
test_scrub (void)
{
  g_autofree char *upper = g_ascii_strup (TOKEN, -1);
  g_autofree char *reversed = g_strreverse (g_strdup (TOKEN));
  g_autofree char *base64 = g_base64_encode ((const guchar *) TOKEN, strlen (TOKEN));
  g_autofree char *header = g_base64_encode ((const guchar *) "Bearer " TOKEN,
                                             strlen ("Bearer " TOKEN));
  g_autoptr(GString) hex = g_string_new (NULL);
  g_autoptr(GString) spaced = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autofree char *scrubbed = NULL;

  for (const char *p = TOKEN; *p != '\0'; p++)
    {
      g_string_append_printf (hex, "%02X", (guchar) *p);
      g_string_append_printf (spaced, "%c ", *p);
    }

  assert_scrubbed (NULL, NULL);
  assert_scrubbed ("Invalid API key", "Invalid API key");
  assert_scrubbed ("key " TOKEN " is wrong", "key ••• is wrong");
  /* Less a character at each end, in another case, reversed. */
  assert_scrubbed ("key ylon_api_0123456789abcdefghi!", "key •••!");
  text = g_strdup_printf ("[%s] or [%s]", upper, reversed);
  assert_scrubbed (text, "[•••] or [•••]");
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("%s or %s or %s or %s", base64, header, hex->str, spaced->str);
  scrubbed = keyfob_scrub_token (text, TOKEN);
  g_assert_cmpstr (scrubbed, ==, "••• or QmVhcmVyIH•••== or ••• or ••• ");

  /* A run of nine is not an echo: request ids and dates stay. */
  assert_scrubbed ("id 012345678 and 2026-12-05", "id 012345678 and 2026-12-05");
  assert_scrubbed ("0123456789", "•••");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/text/one-line", test_one_line);
  g_test_add_func ("/core/text/strip-controls", test_strip_controls);
  g_test_add_func ("/core/text/for-terminal", test_for_terminal);
  g_test_add_func ("/core/text/scrub", test_scrub);

  return g_test_run ();
}
