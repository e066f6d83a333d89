/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GMenuModel *keyfob_token_menu_new (const char *token_id);

G_END_DECLS
