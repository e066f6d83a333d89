/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-import.h"
#include "keyfob-tool-private.h"

G_BEGIN_DECLS

void     _keyfob_tool_import_report  (GPtrArray     *items,
                                      gboolean       dry_run);
gboolean _keyfob_tool_import_rewrite (KeyfobDotenv  *dotenv,
                                      GPtrArray     *stored,
                                      GPtrArray     *items,
                                      gboolean       keep_backup,
                                      GError       **error);

G_END_DECLS
