/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KEYFOB_TYPE_CLIPBOARD (keyfob_clipboard_get_type ())

/* Puts secrets on the clipboard and takes them off again, but only while they are still ours. */
G_DECLARE_FINAL_TYPE (KeyfobClipboard, keyfob_clipboard, KEYFOB, CLIPBOARD, GObject)

KeyfobClipboard *keyfob_clipboard_new       (void);
void             keyfob_clipboard_copy      (KeyfobClipboard *self,
                                             GdkClipboard    *clipboard,
                                             const char      *text,
                                             guint            clear_after_seconds);
gboolean         keyfob_clipboard_holds_ours (KeyfobClipboard *self);
void             keyfob_clipboard_set_focused (KeyfobClipboard *self,
                                               gboolean         focused);
void             keyfob_clipboard_clear     (KeyfobClipboard *self);

G_END_DECLS
