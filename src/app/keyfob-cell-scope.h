/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "keyfob-catalogue.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_CELL_SCOPE (keyfob_cell_scope_get_type ())

/* The scope the token views' cell templates are built in: besides the handlers every cell
 * shares, it offers the closures that need the window's services, so a template can say
 * <closure function="provider_name"> without any cell knowing the catalogue. */
G_DECLARE_FINAL_TYPE (KeyfobCellScope, keyfob_cell_scope, KEYFOB, CELL_SCOPE, GtkBuilderCScope)

GtkBuilderScope *keyfob_cell_scope_new (KeyfobCatalogue *catalogue,
                                        GSettings       *settings);

G_END_DECLS
