/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-application.h"

G_BEGIN_DECLS

KeyfobApplication *keyfob_test_register_application (void);
char              *keyfob_test_read_clipboard       (GdkClipboard *clipboard);

/* What a user sees and clicks */
AdwMessageDialog  *find_message_dialog              (void);
GtkWidget         *find_button                      (GtkWidget    *widget,
                                                     const char   *label);
gboolean           press_shortcut                   (GtkWidget    *widget,
                                                     const char   *accel);

G_END_DECLS
