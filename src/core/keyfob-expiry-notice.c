/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-expiry-notice"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-expiry-notice.h"
#include "keyfob-token.h"

#define LAST_SENT_KEY "last-expiry-notification"

/**
 * keyfob_expiry_notice_compose:
 * @tokens: (element-type KeyfobToken): the tokens to look at
 * @now: the time to compare their expiry with
 * @warning_days: how close to expiry counts as soon (the Preferences' setting)
 * @title: (out) (transfer full): the notification's title
 * @body: (out) (transfer full): its body, counting expired and soon-expiring tokens
 *
 * Names no token: the notification may show on a locked screen.
 *
 * Returns: %TRUE when some token has expired or expires within @warning_days; otherwise
 *   %FALSE, and @title and @body are left alone
 */
gboolean
keyfob_expiry_notice_compose (GListModel  *tokens,
                              GDateTime   *now,
                              guint        warning_days,
                              char       **title,
                              char       **body)
{
  guint soon = 0;
  guint expired = 0;

  g_return_val_if_fail (G_IS_LIST_MODEL (tokens), FALSE);
  g_return_val_if_fail (title != NULL && body != NULL, FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (tokens); i++)
    {
      g_autoptr(KeyfobToken) token = g_list_model_get_item (tokens, i);

      switch (keyfob_token_get_expiry (token, now, warning_days, NULL))
        {
        case KEYFOB_EXPIRY_SOON:
          soon++;
          break;
        case KEYFOB_EXPIRY_EXPIRED:
          expired++;
          break;
        case KEYFOB_EXPIRY_NONE:
        case KEYFOB_EXPIRY_LATER:
        default:
          break;
        }
    }

  if (soon + expired == 0)
    return FALSE;

  *title = g_strdup (_("API tokens need renewing"));
  /* Translators: the first %u counts expired tokens, the second tokens expiring soon, the
   * third is the number of days the user chose to be warned in */
  *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u expired, %u expiring within %u day",
                                        "%u expired, %u expiring within %u days", warning_days),
                           expired, soon, warning_days);

  return TRUE;
}

static char *
format_day (GDateTime *now)
{
  return g_date_time_format (now, "%Y-%m-%d");
}

/**
 * keyfob_expiry_notice_is_due:
 * @settings: Keyfob's settings
 * @now: the time now, local
 *
 * Once a day at most, whether the window or the timer sends it: a reminder, not a nag.
 */
gboolean
keyfob_expiry_notice_is_due (GSettings *settings,
                             GDateTime *now)
{
  g_autofree char *today = format_day (now);
  g_autofree char *last = g_settings_get_string (settings, LAST_SENT_KEY);

  return !g_str_equal (today, last);
}

void
keyfob_expiry_notice_mark_sent (GSettings *settings,
                                GDateTime *now)
{
  g_autofree char *today = format_day (now);

  g_settings_set_string (settings, LAST_SENT_KEY, today);
}
