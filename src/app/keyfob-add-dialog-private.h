/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-add-dialog.h"

G_BEGIN_DECLS

/* For the UI tests, which drive the dialog through its real widgets. */
const char *_keyfob_add_dialog_get_page            (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_providers_list  (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_steps_list      (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_steps_group     (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_shown_once_row  (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_dashboard_button (KeyfobAddDialog *self);
GtkWidget  *_keyfob_add_dialog_get_cancel_button   (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_back_button     (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_next_button     (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_save_button     (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_banner_label    (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_name_row        (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_name_error      (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_field_row       (KeyfobAddDialog  *self,
                                                    const char       *key);
GtkWidget  *_keyfob_add_dialog_get_field_error     (KeyfobAddDialog  *self,
                                                    const char       *key);
GtkWidget  *_keyfob_add_dialog_get_expiry_row      (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_expiry_error    (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_token_row       (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_token_error     (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_paste_button    (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_test_button     (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_check_row       (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_check_label     (KeyfobAddDialog  *self);
GtkWidget  *_keyfob_add_dialog_get_check_result_box (KeyfobAddDialog *self);
gboolean    _keyfob_add_dialog_get_busy            (KeyfobAddDialog  *self);

G_END_DECLS
