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

static GTimeSpan
until_next_local_midnight (GDateTime *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (now);
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (local),
                                                      g_date_time_get_month (local),
                                                      g_date_time_get_day_of_month (local),
                                                      0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);

  return g_date_time_difference (tomorrow, now);
}

/* How long keyfob_time_describe() keeps its words: a label refreshed at exactly that moment
 * changes when its text does, so rows described together change together, and nothing
 * wakes up in between. */
GTimeSpan
keyfob_time_describe_valid_for (GDateTime *date,
                                GDateTime *now)
{
  GTimeSpan span;
  GTimeSpan unit;

  g_return_val_if_fail (date != NULL, 0);
  g_return_val_if_fail (now != NULL, 0);

  span = g_date_time_difference (date, now);

  if (span > 0)
    {
      /* Counting down: "in 3 minutes" holds while at least 3 minutes remain. */
      if (span < G_TIME_SPAN_MINUTE)
        return span;
      if (span >= G_TIME_SPAN_DAY)
        return MIN (until_next_local_midnight (now), span - G_TIME_SPAN_DAY + 1);
      unit = span < G_TIME_SPAN_HOUR ? G_TIME_SPAN_MINUTE : G_TIME_SPAN_HOUR;
      return span % unit + 1;
    }

  span = -span;
  if (span >= G_TIME_SPAN_DAY)
    return until_next_local_midnight (now);
  unit = span < G_TIME_SPAN_HOUR ? G_TIME_SPAN_MINUTE : G_TIME_SPAN_HOUR;
  return unit - span % unit;
}

/* A calendar day where the user is, as tables show it: "5 Dec 2026", no padding. */
char *
keyfob_time_format_day (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (date != NULL, NULL);

  local = g_date_time_to_local (date);

  /* Translators: a day in the token table, see g_date_time_format(); %-d is the day of the
   * month without padding */
  return g_date_time_format (local, _("%-d %b %Y"));
}
