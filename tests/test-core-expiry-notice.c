/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "keyfob-expiry-notice.h"
#include "keyfob-token.h"

/* The expiry reminder's words, shared by the window and keyfob-tool remind: counts, plurals,
 * the user's warning days, and no token named. */

static void
add_token (GListStore *tokens,
           const char *name,
           GDateTime  *expires)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(KeyfobToken) token = keyfob_token_new ("pylon", name, "pylon_••••6789", fields,
                                                   expires);

  g_list_store_append (tokens, token);
}

static void
test_compose (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 29, 12, 0, 0);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) in_1_day = g_date_time_add_hours (now, 20);
  g_autoptr(GDateTime) in_5_days = g_date_time_add_days (now, 5);
  g_autoptr(GDateTime) in_60_days = g_date_time_add_days (now, 60);
  g_autoptr(GListStore) tokens = g_list_store_new (KEYFOB_TYPE_TOKEN);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *one_day_title = NULL;
  g_autofree char *one_day_body = NULL;

  /* Nothing to say: nothing set. */
  add_token (tokens, "Never", NULL);
  add_token (tokens, "Later", in_60_days);
  g_assert_false (keyfob_expiry_notice_compose (G_LIST_MODEL (tokens), now, 7, &title, &body));
  g_assert_null (title);
  g_assert_null (body);

  add_token (tokens, "Gone", yesterday);
  add_token (tokens, "Tomorrow", in_1_day);
  add_token (tokens, "Friday", in_5_days);

  g_assert_true (keyfob_expiry_notice_compose (G_LIST_MODEL (tokens), now, 7, &title, &body));
  g_assert_cmpstr (title, ==, "API tokens need renewing");
  g_assert_cmpstr (body, ==, "1 expired, 2 expiring within 7 days");
  g_assert_null (strstr (body, "Gone"));
  g_assert_null (strstr (body, "Tomorrow"));

  /* The user's window decides what is soon, and the plural follows it. */
  g_assert_true (keyfob_expiry_notice_compose (G_LIST_MODEL (tokens), now, 1, &one_day_title,
                                               &one_day_body));
  g_assert_cmpstr (one_day_body, ==, "1 expired, 1 expiring within 1 day");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/expiry-notice/compose", test_compose);

  return g_test_run ();
}
