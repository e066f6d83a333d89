/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-time"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-time.h"

static gint64
calendar_day (GDateTime *date)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (date);
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));

  return g_date_get_julian (&day);
}

/* The words a token table uses for a date: "in 5 days", "3 hours ago", "just now". */
char *
keyfob_time_describe (GDateTime *date,
                      GDateTime *now)
{
  GTimeSpan span;
  gboolean future;
  gint64 amount;

  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  span = g_date_time_difference (date, now);
  future = span > 0;
  span = ABS (span);

  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (future ? _("in a moment") : _("just now"));

  if (span < G_TIME_SPAN_HOUR)
    {
      amount = span / G_TIME_SPAN_MINUTE;
      return future ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d minute",
                                                    "in %d minutes", amount), (int) amount)
                    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago",
                                                    "%d minutes ago", amount), (int) amount);
    }

  if (span < G_TIME_SPAN_DAY)
    {
      amount = span / G_TIME_SPAN_HOUR;
      return future ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d hour",
                                                    "in %d hours", amount), (int) amount)
                    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago",
                                                    "%d hours ago", amount), (int) amount);
    }

  /* Days are calendar days where the user is: Friday is "in 5 days" all of Sunday. */
  amount = ABS (calendar_day (date) - calendar_day (now));
  return future ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d day", "in %d days",
                                                amount), (int) amount)
                : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                                amount), (int) amount);
}
