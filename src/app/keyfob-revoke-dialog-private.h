/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-revoke-dialog.h"

G_BEGIN_DECLS

/* For the UI tests, which drive the real widgets. */
AdwWindowTitle *_keyfob_revoke_dialog_get_window_title  (KeyfobRevokeDialog *self);
AdwActionRow   *_keyfob_revoke_dialog_get_token_row     (KeyfobRevokeDialog *self);
GtkListBox     *_keyfob_revoke_dialog_get_steps_list    (KeyfobRevokeDialog *self);
AdwActionRow   *_keyfob_revoke_dialog_get_dashboard_row (KeyfobRevokeDialog *self);
GtkLabel       *_keyfob_revoke_dialog_get_explain_label (KeyfobRevokeDialog *self);
GtkLabel       *_keyfob_revoke_dialog_get_status_label  (KeyfobRevokeDialog *self);
GtkImage       *_keyfob_revoke_dialog_get_status_icon   (KeyfobRevokeDialog *self);
GtkButton      *_keyfob_revoke_dialog_get_check_button  (KeyfobRevokeDialog *self);
GtkButton      *_keyfob_revoke_dialog_get_remove_button (KeyfobRevokeDialog *self);
gboolean        _keyfob_revoke_dialog_is_busy           (KeyfobRevokeDialog *self);

G_END_DECLS
