/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The expiry reminder, which the window sends when it opens and keyfob-tool remind once a day
 * from a systemd timer: one wording, one "once a day" rule, one settings key. */

/* The notification's id, so a second reminder replaces the first. */
#define KEYFOB_EXPIRY_NOTICE_ID "expiry"

gboolean keyfob_expiry_notice_compose   (GListModel  *tokens,
                                         GDateTime   *now,
                                         guint        warning_days,
                                         char       **title,
                                         char       **body);
gboolean keyfob_expiry_notice_is_due    (GSettings   *settings,
                                         GDateTime   *now);
void     keyfob_expiry_notice_mark_sent (GSettings   *settings,
                                         GDateTime   *now);

G_END_DECLS
