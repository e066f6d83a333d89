/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-provider.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_PROVIDER_ROW (keyfob_provider_row_get_type ())

/* A provider to choose, for a boxed list: its colour, name and description, and an arrow
 * that says activating the row goes on. */
G_DECLARE_FINAL_TYPE (KeyfobProviderRow, keyfob_provider_row, KEYFOB, PROVIDER_ROW, AdwActionRow)

GtkWidget      *keyfob_provider_row_new          (KeyfobProvider    *provider);
KeyfobProvider *keyfob_provider_row_get_provider (KeyfobProviderRow *self);
void            keyfob_provider_row_set_provider (KeyfobProviderRow *self,
                                                  KeyfobProvider    *provider);

G_END_DECLS
