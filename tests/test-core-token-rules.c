/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-secret.h"
#include "keyfob-token-rules.h"

static void
assert_normalises_to (const char *pasted,
                      gsize       length,
                      const char *expected)
{
  g_autoptr(GError) error = NULL;
  char *token = keyfob_token_normalise (pasted, length, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, expected);
  keyfob_secret_free (token);
}

static void
assert_refused (const char *pasted,
                gsize       length,
                const char *reason)
{
  g_autoptr(GError) error = NULL;
  char *token = keyfob_token_normalise (pasted, length, &error);

  g_assert_null (token);
  g_assert_error (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_TOKEN);
  g_assert_nonnull (strstr (error->message, reason));
}

static void
test_normalise_trims (void)
{
  assert_normalises_to ("  abcdefghijklmnop \n", 20, "abcdefghijklmnop");
  assert_normalises_to ("abcdefghijklmnop\n", 17, "abcdefghijklmnop");
  assert_normalises_to ("\r\n\tabcdefghijklmnop\r\n", 21, "abcdefghijklmnop");
}

static void
test_normalise_strips_bearer (void)
{
  const char *pasted = "Bearer pylon_api_0123456789";

  assert_normalises_to (pasted, strlen (pasted), "pylon_api_0123456789");
  pasted = "bearer   pylon_api_0123456789";
  assert_normalises_to (pasted, strlen (pasted), "pylon_api_0123456789");
}

static void
test_normalise_strips_authorization (void)
{
  const char *pasted = "Authorization: Bearer abcdef0123456789\n";

  assert_normalises_to (pasted, strlen (pasted), "abcdef0123456789");
  pasted = "authorization:abcdef0123456789";
  assert_normalises_to (pasted, strlen (pasted), "abcdef0123456789");
}

static void
test_normalise_keeps_bearer_like_tokens (void)
{
  /* Only "Bearer" followed by whitespace is a prefix. */
  const char *pasted = "Bearerabcdef0123456789";

  assert_normalises_to (pasted, strlen (pasted), "Bearerabcdef0123456789");
}

static void
test_normalise_refuses (void)
{
  static const char nul[] = "abcdefgh\0ijklmnop";
  g_autofree char *huge = g_strnfill (KEYFOB_TOKEN_MAX_BYTES + 1, 'a');
  g_autofree char *largest = g_strnfill (KEYFOB_TOKEN_MAX_BYTES, 'a');

  assert_refused ("", 0, "empty");
  assert_refused ("  \n\t ", 5, "empty");
  assert_refused ("Bearer   ", 9, "empty");
  assert_refused ("abcdefgh ijklmnop", 17, "space");
  assert_refused ("abcdefgh\tijklmnop", 17, "space");
  assert_refused ("abcdefgh\nijklmnop", 17, "line break");
  assert_refused (nul, sizeof nul - 1, "control character");
  assert_refused ("abcdefgh\x01ijklmnop", 17, "control character");
  assert_refused ("abcdéfghijklmnop", strlen ("abcdéfghijklmnop"), "ASCII");
  assert_refused ("abc\xff\xfe" "defghijklmnop", 17, "ASCII");
  assert_refused (huge, strlen (huge), "4096");
  assert_normalises_to (largest, strlen (largest), largest);
}

static void
test_mask (void)
{
  g_autofree char *pulsetic = keyfob_token_mask ("33fea0aaaaaaaaaaaaaaaaaaaaaaaaf7b4");
  g_autofree char *short_token = keyfob_token_mask ("abcdefghijklmnop");
  g_autofree char *tiny = keyfob_token_mask ("abc");

  g_assert_cmpstr (pulsetic, ==, "33fea0••••••••f7b4");
  /* Short tokens show less: never more than half. */
  g_assert_cmpstr (short_token, ==, "abcd••••••••mnop");
  g_assert_cmpstr (tiny, ==, "••••••••");
}

static void
test_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = keyfob_name_normalise ("  CI deploy  ", &error);
  g_autofree char *long_name = g_strnfill (KEYFOB_NAME_MAX_CHARS + 1, 'n');
  const char *bad[] = { "", "   ", "line\nbreak", "tab\there", long_name };

  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "CI deploy");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) bad_error = NULL;
      g_autofree char *refused = keyfob_name_normalise (bad[i], &bad_error);

      g_assert_null (refused);
      g_assert_error (bad_error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_NAME);
    }
}

static void
test_date (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) date = keyfob_date_parse ("2027-01-31", &error);
  g_autoptr(GDateTime) stored = NULL;
  g_autofree char *formatted = NULL;
  const char *bad[] = { "", "tomorrow", "2027-13-01", "2027-02-30", "27-01-31", "2027-01-31x" };

  g_assert_no_error (error);
  formatted = keyfob_date_format (date);
  g_assert_cmpstr (formatted, ==, "2027-01-31T00:00:00Z");

  stored = keyfob_date_parse (formatted, &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (stored, date));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) bad_error = NULL;
      g_autoptr(GDateTime) refused = keyfob_date_parse (bad[i], &bad_error);

      g_assert_null (refused);
      g_assert_error (bad_error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_DATE);
      g_assert_nonnull (strstr (bad_error->message, "YYYY-MM-DD"));
    }
}

static void
test_secret_value (void)
{
  g_autoptr(SecretValue) value = keyfob_secret_value_new_take (g_strdup ("abcdef0123456789"));

  g_assert_cmpstr (keyfob_secret_value_get_text (value), ==, "abcdef0123456789");
}

static void
test_wipe (void)
{
  char buffer[] = "abcdef0123456789";

  keyfob_secret_wipe (buffer, sizeof buffer);
  for (gsize i = 0; i < sizeof buffer; i++)
    g_assert_cmpint (buffer[i], ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/token/normalise/trims", test_normalise_trims);
  g_test_add_func ("/core/token/normalise/strips-bearer", test_normalise_strips_bearer);
  g_test_add_func ("/core/token/normalise/strips-authorization",
                   test_normalise_strips_authorization);
  g_test_add_func ("/core/token/normalise/keeps-bearer-like", test_normalise_keeps_bearer_like_tokens);
  g_test_add_func ("/core/token/normalise/refuses", test_normalise_refuses);
  g_test_add_func ("/core/token/mask", test_mask);
  g_test_add_func ("/core/token/name", test_name);
  g_test_add_func ("/core/token/date", test_date);
  g_test_add_func ("/core/token/secret-value", test_secret_value);
  g_test_add_func ("/core/token/wipe", test_wipe);

  return g_test_run ();
}
