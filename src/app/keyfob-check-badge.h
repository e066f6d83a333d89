/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "keyfob-token.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_CHECK_BADGE (keyfob_check_badge_get_type ())

/* A token's last check: the verdict as a coloured badge and when it happened. */
G_DECLARE_FINAL_TYPE (KeyfobCheckBadge, keyfob_check_badge, KEYFOB, CHECK_BADGE, GtkWidget)

KeyfobCheckBadge *keyfob_check_badge_new       (void);
void              keyfob_check_badge_set_token (KeyfobCheckBadge *self,
                                                KeyfobToken      *token);

G_END_DECLS
