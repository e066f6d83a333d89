/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KEYFOB_TYPE_STEP_ROW (keyfob_step_row_get_type ())

/* One numbered step of a vendor's instructions, in the vendor's words (the row's title, plain
 * text and selectable), for a boxed list. Screen readers hear “Step 2: …” as the row's
 * name. */
G_DECLARE_FINAL_TYPE (KeyfobStepRow, keyfob_step_row, KEYFOB, STEP_ROW, AdwActionRow)

GtkWidget *keyfob_step_row_new        (guint          number,
                                       const char    *text);
guint      keyfob_step_row_get_number (KeyfobStepRow *self);
void       keyfob_step_row_set_number (KeyfobStepRow *self,
                                       guint          number);

G_END_DECLS
