/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-check-result.h"

static void
test_names_round_trip (void)
{
  static const char *names[] = {
    "valid", "invalid", "forbidden", "rate-limited", "server-error", "network", "tls",
    "timeout", "unexpected",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      KeyfobVerdict verdict;

      g_assert_true (keyfob_verdict_from_string (names[i], &verdict));
      g_assert_cmpint (verdict, ==, i);
      g_assert_cmpstr (keyfob_verdict_to_string (verdict), ==, names[i]);
      g_assert_nonnull (keyfob_verdict_describe (verdict));
      /* A badge's label fits a narrow row: at most as long as the description, and short. */
      g_assert_cmpuint (strlen (keyfob_verdict_get_label (verdict)), <=,
                        strlen (keyfob_verdict_describe (verdict)));
      g_assert_cmpuint (g_utf8_strlen (keyfob_verdict_get_label (verdict), -1), <=, 13);
    }

  {
    KeyfobVerdict verdict = KEYFOB_VERDICT_VALID;

    g_assert_false (keyfob_verdict_from_string ("VALID", &verdict));
    g_assert_false (keyfob_verdict_from_string (NULL, &verdict));
  }
}

static void
test_revocation_proof (void)
{
  for (KeyfobVerdict v = KEYFOB_VERDICT_VALID; v <= KEYFOB_VERDICT_UNEXPECTED; v++)
    {
      g_autoptr(KeyfobCheckResult) result = keyfob_check_result_new (v);
      gboolean conclusive = v == KEYFOB_VERDICT_VALID || v == KEYFOB_VERDICT_INVALID ||
                            v == KEYFOB_VERDICT_FORBIDDEN;

      /* Only a rejection proves revocation; a network failure proves nothing. */
      g_assert_cmpint (keyfob_check_result_proves_revoked (result), ==,
                       v == KEYFOB_VERDICT_INVALID);
      g_assert_cmpint (keyfob_check_result_is_conclusive (result), ==, conclusive);
    }
}

static void
test_copy (void)
{
  g_autoptr(KeyfobCheckResult) result = keyfob_check_result_new (KEYFOB_VERDICT_RATE_LIMITED);
  g_autoptr(KeyfobCheckResult) copy = NULL;

  result->http_status = 429;
  result->retry_after = 7;
  result->detail = g_strdup ("slow down");
  copy = keyfob_check_result_copy (result);

  g_assert_cmpint (copy->verdict, ==, KEYFOB_VERDICT_RATE_LIMITED);
  g_assert_cmpuint (copy->http_status, ==, 429);
  g_assert_cmpint (copy->retry_after, ==, 7);
  g_assert_cmpstr (copy->detail, ==, "slow down");
  g_assert_true (copy->detail != result->detail);
  g_assert_true (g_date_time_equal (copy->checked_at, result->checked_at));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/check-result/names", test_names_round_trip);
  g_test_add_func ("/core/check-result/revocation-proof", test_revocation_proof);
  g_test_add_func ("/core/check-result/copy", test_copy);

  return g_test_run ();
}
