/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-rename-dialog.h"

G_BEGIN_DECLS

/* For the UI tests, which drive the real widgets. */
AdwEntryRow  *_keyfob_rename_dialog_get_name_row         (KeyfobRenameDialog *self);
GtkButton    *_keyfob_rename_dialog_get_rename_button    (KeyfobRenameDialog *self);
GtkLabel     *_keyfob_rename_dialog_get_message_label    (KeyfobRenameDialog *self);
GtkWidget    *_keyfob_rename_dialog_get_note_group       (KeyfobRenameDialog *self);
AdwActionRow *_keyfob_rename_dialog_get_dashboard_row    (KeyfobRenameDialog *self);
gboolean      _keyfob_rename_dialog_is_busy              (KeyfobRenameDialog *self);

G_END_DECLS
