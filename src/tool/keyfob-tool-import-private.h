/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-dotenv.h"
#include "keyfob-tool-private.h"

G_BEGIN_DECLS

/* One variable of the file, and what became of it. */
typedef struct _ImportItem
{
  KeyfobToolContext       *context;   /* borrowed */
  const KeyfobDotenvEntry *entry;     /* borrowed from the file */
  KeyfobProvider          *provider;  /* borrowed from the catalogue; NULL when not a token */
  KeyfobTokenDraft        *draft;     /* a token to test and store */
  char                    *preview;
  KeyfobToken             *token;     /* stored: by this import, or already before it */
  KeyfobCheckResult       *check;
  char                    *skipped;   /* why it is not imported */
  struct _ImportItem      *same_as;   /* an earlier variable of the file with the same token */
  gboolean                 failed;    /* a token that should have been imported and was not */
} ImportItem;

void     _keyfob_tool_import_report  (GPtrArray     *items,
                                      gboolean       dry_run);
gboolean _keyfob_tool_import_rewrite (KeyfobDotenv  *dotenv,
                                      GPtrArray     *stored,
                                      GPtrArray     *items,
                                      gboolean       keep_backup,
                                      GError       **error);

G_END_DECLS
