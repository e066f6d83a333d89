/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "keyfob-application.h"

G_BEGIN_DECLS

KeyfobApplication *keyfob_test_register_application (void);
char              *keyfob_test_read_clipboard       (GdkClipboard *clipboard);

G_END_DECLS
