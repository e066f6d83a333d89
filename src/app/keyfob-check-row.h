/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-check-result.h"
#include "keyfob-provider.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_CHECK_ROW (keyfob_check_row_get_type ())

/* A form's live check: a row with the Test button (it activates #KeyfobCheckRow:action-name)
 * and a spinner while the check runs, then the verdict as the row's title and what the
 * provider said below it, as an alert that screen readers read out. It shows; the form runs
 * the check. */
G_DECLARE_FINAL_TYPE (KeyfobCheckRow, keyfob_check_row, KEYFOB, CHECK_ROW, AdwPreferencesGroup)

GtkWidget  *keyfob_check_row_new             (void);
const char *keyfob_check_row_get_action_name (KeyfobCheckRow          *self);
void        keyfob_check_row_set_action_name (KeyfobCheckRow          *self,
                                              const char              *action_name);
gboolean    keyfob_check_row_get_running     (KeyfobCheckRow          *self);
void        keyfob_check_row_reset           (KeyfobCheckRow          *self,
                                              const char              *hint);
void        keyfob_check_row_start           (KeyfobCheckRow          *self,
                                              const char              *hint);
void        keyfob_check_row_show_result     (KeyfobCheckRow          *self,
                                              KeyfobProvider          *provider,
                                              const KeyfobCheckResult *result);
void        keyfob_check_row_show_failure    (KeyfobCheckRow          *self,
                                              const char              *message);

G_END_DECLS
