/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "keyfob-token.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_EXPIRY_LABEL (keyfob_expiry_label_get_type ())

/* When a token expires, in words ("in 5 days", "Expired"), coloured as it nears, with the day
 * in a tooltip; it follows edits of the token, the warning setting and the clock. */
G_DECLARE_FINAL_TYPE (KeyfobExpiryLabel, keyfob_expiry_label, KEYFOB, EXPIRY_LABEL, GtkWidget)

GtkWidget *keyfob_expiry_label_new       (void);
void       keyfob_expiry_label_set_token (KeyfobExpiryLabel *self,
                                          KeyfobToken       *token);

G_END_DECLS
