/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "keyfob-catalogue.h"

G_BEGIN_DECLS

#define KEYFOB_TYPE_TOKEN_VIEW (keyfob_token_view_get_type ())

/* The tokens, as a table where the window is wide enough and as a list of rows where it is
 * not. Both show one selection model; activating a row (Enter, double click, a tap in the
 * list) asks for win.show-details, and a right click or the Menu key opens the row menu. The
 * table's sort order is kept in the settings. */
G_DECLARE_FINAL_TYPE (KeyfobTokenView, keyfob_token_view, KEYFOB, TOKEN_VIEW, GtkWidget)

KeyfobTokenView *keyfob_token_view_new        (KeyfobCatalogue    *catalogue,
                                               GSettings          *settings);
GtkSorter       *keyfob_token_view_get_sorter (KeyfobTokenView    *self);
void             keyfob_token_view_set_model  (KeyfobTokenView    *self,
                                               GtkSelectionModel  *model);

G_END_DECLS
