/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-check-result.h"
#include "keyfob-text.h"
#include "keyfob-time.h"
#include "keyfob-token.h"
#include "keyfob-token-private.h"

static KeyfobToken *
token_expiring (GDateTime *expires)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

  return keyfob_token_new ("pylon", "Support desk", "pylon_••••••••6789", fields, expires);
}

static void
test_expiry (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 29, 12, 0, 0);
  g_autoptr(GDateTime) in_3_days = g_date_time_add_days (now, 3);
  g_autoptr(GDateTime) in_30_days = g_date_time_add_days (now, 30);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr(KeyfobToken) never = token_expiring (NULL);
  g_autoptr(KeyfobToken) soon = token_expiring (in_3_days);
  g_autoptr(KeyfobToken) later = token_expiring (in_30_days);
  g_autoptr(KeyfobToken) expired = token_expiring (yesterday);
  int days = 0;

  g_assert_cmpint (keyfob_token_get_expiry (never, now, 7, NULL), ==, KEYFOB_EXPIRY_NONE);
  g_assert_cmpint (keyfob_token_get_expiry (soon, now, 7, &days), ==, KEYFOB_EXPIRY_SOON);
  g_assert_cmpint (days, ==, 3);
  /* The warning window is the user's: three days out is not soon with a two-day window. */
  g_assert_cmpint (keyfob_token_get_expiry (soon, now, 2, NULL), ==, KEYFOB_EXPIRY_LATER);
  g_assert_cmpint (keyfob_token_get_expiry (later, now, 7, NULL), ==, KEYFOB_EXPIRY_LATER);
  g_assert_cmpint (keyfob_token_get_expiry (expired, now, 7, &days), ==, KEYFOB_EXPIRY_EXPIRED);
  g_assert_cmpint (days, ==, -1);
}

static void
test_matches (void)
{
  g_autoptr(KeyfobToken) token = token_expiring (NULL);

  g_assert_true (keyfob_token_matches (token, "Pylon", NULL));
  g_assert_true (keyfob_token_matches (token, "Pylon", ""));
  g_assert_true (keyfob_token_matches (token, "Pylon", "support"));
  g_assert_true (keyfob_token_matches (token, "Pylon", "DESK"));
  g_assert_true (keyfob_token_matches (token, "Pylon", "pyl"));
  g_assert_false (keyfob_token_matches (token, "Pylon", "cutover"));
  /* The masked preview is not searchable: it would hint at the secret. */
  g_assert_false (keyfob_token_matches (token, "Pylon", "6789"));
  /* Fields are searched one by one: a query does not run from one into the next. */
  g_assert_false (keyfob_token_matches (token, "Pylon", "deskpylon"));
}

/* Searching folds a token's text once; a rename, an account or another provider name must
 * still be found afterwards. */
static void
test_matches_after_change (void)
{
  g_autoptr(KeyfobToken) token = token_expiring (NULL);
  g_autoptr(KeyfobToken) renamed = token_expiring (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *folded = keyfob_token_fold_query ("ÉQUIPE");
  KeyfobCheckResult check = { .verdict = KEYFOB_VERDICT_VALID, .checked_at = now,
                              .account = (char *) "Acme Corp" };

  g_assert_true (keyfob_token_matches_folded (token, "Pylon", ""));
  g_assert_false (keyfob_token_matches_folded (token, "Pylon", folded));

  _keyfob_token_set_name (renamed, "Équipe support");
  _keyfob_token_update_from (token, renamed);
  g_assert_true (keyfob_token_matches_folded (token, "Pylon", folded));
  g_assert_false (keyfob_token_matches (token, "Pylon", "desk"));

  g_assert_false (keyfob_token_matches (token, "Pylon", "acme"));
  _keyfob_token_set_last_check (token, &check);
  g_assert_true (keyfob_token_matches (token, "Pylon", "acme"));

  g_assert_false (keyfob_token_matches (token, "Pylon", "renamed vendor"));
  g_assert_true (keyfob_token_matches (token, "Renamed Vendor", "renamed vendor"));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 GHashTable *counts)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static guint
count_of (GHashTable *counts,
          const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static KeyfobToken *
token_from_attributes (const char * const *pairs)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; pairs[i] != NULL; i += 2)
    g_hash_table_insert (attributes, (gpointer) pairs[i], (gpointer) pairs[i + 1]);

  return _keyfob_token_new_from_attributes (attributes, NULL, "/item/1", NULL);
}

/* A view of a token follows an edit made anywhere: the fields and the rotation say when they
 * change, and only then. */
static void
test_update_notifies (void)
{
  const char *before[] = { "token-id", "7f7a4a2e-5c5b-4f0e-9d43-2a8f1bb2c001", "name", "Bot",
                           "provider", "cutover", "instance", "acme", NULL };
  const char *after[] = { "token-id", "7f7a4a2e-5c5b-4f0e-9d43-2a8f1bb2c001", "name", "Bot",
                          "provider", "cutover", "instance", "globex",
                          "rotated", "2026-11-29T12:00:00Z", NULL };
  g_autoptr(KeyfobToken) token = token_from_attributes (before);
  g_autoptr(KeyfobToken) same = token_from_attributes (before);
  g_autoptr(KeyfobToken) edited = token_from_attributes (after);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) fields = NULL;

  g_signal_connect (token, "notify", G_CALLBACK (count_notify_cb), counts);

  _keyfob_token_update_from (token, same);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);

  _keyfob_token_update_from (token, edited);
  g_assert_cmpuint (count_of (counts, "fields"), ==, 1);
  g_assert_cmpuint (count_of (counts, "rotated"), ==, 1);
  g_assert_cmpuint (count_of (counts, "name"), ==, 0);
  g_assert_cmpstr (g_hash_table_lookup (keyfob_token_get_fields (token), "instance"), ==,
                   "globex");
  g_assert_nonnull (keyfob_token_get_rotated (token));

  g_object_get (token, "fields", &fields, NULL);
  g_assert_true (fields == keyfob_token_get_fields (token));

  _keyfob_token_update_from (token, edited);
  g_assert_cmpuint (count_of (counts, "fields"), ==, 1);
  g_assert_cmpuint (count_of (counts, "rotated"), ==, 1);
}

/* The last check beyond its verdict: kept on the token, written to its attributes and read
 * back; what another program wrote there is bounded and made one printable line. */
static void
test_check_details (void)
{
  g_autoptr(KeyfobToken) token = token_expiring (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(KeyfobToken) reread = NULL;
  g_autoptr(KeyfobToken) hostile = NULL;
  g_autofree char *long_message = NULL;
  KeyfobCheckResult check = { .verdict = KEYFOB_VERDICT_INVALID, .checked_at = now,
                              .http_status = 401, .latency_ms = 231,
                              .vendor_message = (char *) "Token revoked" };
  KeyfobCheckResult offline = { .verdict = KEYFOB_VERDICT_NETWORK, .checked_at = now,
                                .latency_ms = 12 };

  g_assert_cmpint (keyfob_token_get_last_status (token), ==, -1);
  g_assert_null (keyfob_token_get_last_message (token));
  g_assert_cmpint (keyfob_token_get_last_latency (token), ==, -1);

  g_signal_connect (token, "notify", G_CALLBACK (count_notify_cb), counts);
  _keyfob_token_set_last_check (token, &check);
  g_assert_cmpint (keyfob_token_get_last_status (token), ==, 401);
  g_assert_cmpstr (keyfob_token_get_last_message (token), ==, "Token revoked");
  g_assert_cmpint (keyfob_token_get_last_latency (token), ==, 231);
  g_assert_cmpuint (count_of (counts, "last-status"), ==, 1);
  g_assert_cmpuint (count_of (counts, "last-message"), ==, 1);
  g_assert_cmpuint (count_of (counts, "last-latency"), ==, 1);

  attributes = _keyfob_token_to_attributes (token);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "last-status"), ==, "401");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "last-message"), ==, "Token revoked");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "last-latency"), ==, "231");
  reread = _keyfob_token_new_from_attributes (attributes, NULL, "/item/1", NULL);
  g_assert_cmpint (keyfob_token_get_last_status (reread), ==, 401);
  g_assert_cmpstr (keyfob_token_get_last_message (reread), ==, "Token revoked");
  g_assert_cmpint (keyfob_token_get_last_latency (reread), ==, 231);
  /* Keyfob's own attributes, not provider fields. */
  g_assert_cmpuint (g_hash_table_size (keyfob_token_get_fields (reread)), ==, 0);

  /* A check that got no response has no status and no message. */
  _keyfob_token_set_last_check (token, &offline);
  g_assert_cmpint (keyfob_token_get_last_status (token), ==, 0);
  g_assert_null (keyfob_token_get_last_message (token));
  g_assert_cmpint (keyfob_token_get_last_latency (token), ==, 12);

  /* Written by another program. */
  long_message = g_strnfill (5000, 'x');
  g_hash_table_replace (attributes, g_strdup ("last-status"), g_strdup ("99999"));
  g_hash_table_replace (attributes, g_strdup ("last-latency"), g_strdup ("-5"));
  g_hash_table_replace (attributes, g_strdup ("last-message"),
                        g_strconcat ("<b>bad</b>\x1b[2J\nnext\xe2\x80\xae", long_message, NULL));
  hostile = _keyfob_token_new_from_attributes (attributes, NULL, "/item/2", NULL);
  g_assert_cmpint (keyfob_token_get_last_status (hostile), ==, -1);
  g_assert_cmpint (keyfob_token_get_last_latency (hostile), ==, -1);
  g_assert_true (g_str_has_prefix (keyfob_token_get_last_message (hostile), "<b>bad</b> [2J next"));
  g_assert_null (strchr (keyfob_token_get_last_message (hostile), '\x1b'));
  g_assert_null (strstr (keyfob_token_get_last_message (hostile), "\xe2\x80\xae"));
  g_assert_cmpuint (g_utf8_strlen (keyfob_token_get_last_message (hostile), -1), <=,
                    KEYFOB_VENDOR_TEXT_MAX_CHARS);

  g_hash_table_replace (attributes, g_strdup ("last-status"), g_strdup ("42"));
  g_clear_object (&hostile);
  hostile = _keyfob_token_new_from_attributes (attributes, NULL, "/item/2", NULL);
  g_assert_cmpint (keyfob_token_get_last_status (hostile), ==, -1);
}

static void
test_time_describe (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 29, 12, 0, 0);
  static const struct
  {
    GTimeSpan   offset;
    const char *expected;
  } cases[] = {
    { 10 * G_TIME_SPAN_SECOND, "in a moment" },
    { -10 * G_TIME_SPAN_SECOND, "just now" },
    { -5 * G_TIME_SPAN_MINUTE, "5 minutes ago" },
    { G_TIME_SPAN_MINUTE, "in 1 minute" },
    { -3 * G_TIME_SPAN_HOUR, "3 hours ago" },
    { 5 * G_TIME_SPAN_DAY, "in 5 days" },
    { -G_TIME_SPAN_DAY, "1 day ago" },
    /* Calendar days: from noon, midnight five days on is "in 5 days", not 4.5 rounded down. */
    { 4 * G_TIME_SPAN_DAY + 12 * G_TIME_SPAN_HOUR, "in 5 days" },
    { -(2 * G_TIME_SPAN_DAY + 13 * G_TIME_SPAN_HOUR), "3 days ago" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) date = g_date_time_add (now, cases[i].offset);
      g_autofree char *text = keyfob_time_describe (date, now);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* A label refreshed when the words go stale shows new words then, and not before. */
static void
test_time_describe_valid_for (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 5, 10, 30, 20);
  static const GTimeSpan offsets[] = {
    -10 * G_TIME_SPAN_SECOND,
    -5 * G_TIME_SPAN_MINUTE - 7 * G_TIME_SPAN_SECOND,
    -59 * G_TIME_SPAN_MINUTE,
    -3 * G_TIME_SPAN_HOUR - 1,
    -(2 * G_TIME_SPAN_DAY + 13 * G_TIME_SPAN_HOUR),
    10 * G_TIME_SPAN_SECOND,
    G_TIME_SPAN_MINUTE,
    2 * G_TIME_SPAN_HOUR + 5 * G_TIME_SPAN_SECOND,
    G_TIME_SPAN_DAY + 2 * G_TIME_SPAN_HOUR,
    5 * G_TIME_SPAN_DAY,
  };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autoptr(GDateTime) date = g_date_time_add (now, offsets[i]);
      GTimeSpan valid = keyfob_time_describe_valid_for (date, now);
      g_autoptr(GDateTime) before = g_date_time_add (now, valid - 1);
      g_autoptr(GDateTime) after = g_date_time_add (now, valid);
      g_autofree char *text = keyfob_time_describe (date, now);
      g_autofree char *text_before = keyfob_time_describe (date, before);
      g_autofree char *text_after = keyfob_time_describe (date, after);

      g_assert_cmpint (valid, >, 0);
      g_assert_cmpint (valid, <=, G_TIME_SPAN_DAY);
      g_assert_cmpstr (text_before, ==, text);
      g_assert_cmpstr (text_after, !=, text);
    }
}

static void
test_time_format_day (void)
{
  g_autoptr(GDateTime) day = g_date_time_new_utc (2026, 12, 5, 10, 0, 0);
  g_autofree char *text = keyfob_time_format_day (day);

  g_assert_cmpstr (text, ==, "5 Dec 2026");
}

int
main (int   argc,
      char *argv[])
{
  /* Calendar days are the user's: pin where the user is. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/token/expiry", test_expiry);
  g_test_add_func ("/core/token/matches", test_matches);
  g_test_add_func ("/core/token/matches-after-change", test_matches_after_change);
  g_test_add_func ("/core/token/update-notifies", test_update_notifies);
  g_test_add_func ("/core/token/check-details", test_check_details);
  g_test_add_func ("/core/time/describe", test_time_describe);
  g_test_add_func ("/core/time/describe-valid-for", test_time_describe_valid_for);
  g_test_add_func ("/core/time/format-day", test_time_format_day);

  return g_test_run ();
}
