/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What Keyfob keeps of a vendor's words (an account name, a message): one line, this long. */
#define KEYFOB_VENDOR_TEXT_MAX_CHARS 256

char    *keyfob_text_one_line          (const char *text,
                                        guint       max_chars);
char    *keyfob_text_for_terminal      (const char *text,
                                        guint       max_columns);
char    *keyfob_text_strip_controls    (const char *text);
gsize    keyfob_text_display_width     (const char *text);
gboolean keyfob_text_is_printable_line (const char *text,
                                        gsize       length);

G_END_DECLS
