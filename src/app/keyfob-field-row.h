/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-provider.h"
#include "keyfob-token-draft.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_FIELD_ROW (keyfob_field_row_get_type ())

/* One of a provider's fields on a form: an entry or, for a field with choices, a combo row,
 * with the field's description above it and its inline error below. Which values it takes is
 * core's to say: keyfob_field_row_apply() puts the value in a KeyfobTokenDraft and shows why the
 * draft refused it. Emits "changed" when the user changes the value. */
G_DECLARE_FINAL_TYPE (KeyfobFieldRow, keyfob_field_row, KEYFOB, FIELD_ROW, AdwPreferencesGroup)

GtkWidget      *keyfob_field_row_new                (KeyfobProvider   *provider,
                                                     const char       *key);
KeyfobProvider *keyfob_field_row_get_provider       (KeyfobFieldRow   *self);
const char     *keyfob_field_row_get_key            (KeyfobFieldRow   *self);
const char     *keyfob_field_row_get_value          (KeyfobFieldRow   *self);
char           *keyfob_field_row_dup_checked_value  (KeyfobFieldRow   *self);
gboolean        keyfob_field_row_apply              (KeyfobFieldRow   *self,
                                                     KeyfobTokenDraft *draft);
void            keyfob_field_row_set_vendor_error   (KeyfobFieldRow   *self,
                                                     const char       *message);
void            keyfob_field_row_choose_for_token   (KeyfobFieldRow   *self,
                                                     const char       *token);
void            keyfob_field_row_set_value          (KeyfobFieldRow   *self,
                                                     const char       *value);

G_END_DECLS
