/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-catalogue.h"
#include "keyfob-check-result.h"
#include "keyfob-dotenv.h"
#include "keyfob-token-draft.h"

G_BEGIN_DECLS

/* One variable of a .env file being imported, and what becomes of it. */
typedef struct _KeyfobImportItem KeyfobImportItem;

struct _KeyfobImportItem
{
  const KeyfobDotenvEntry *entry;        /* borrowed from the file */
  KeyfobProvider          *provider;     /* borrowed from the catalogue; NULL when no token */
  KeyfobTokenDraft        *draft;        /* the token to test and store; NULL once skipped */
  char                    *preview;
  GPtrArray               *stored_like;  /* of KeyfobToken: stored, same provider and preview */
  KeyfobToken             *token;        /* stored: by the import, or already before it */
  KeyfobCheckResult       *check;
  char                    *skipped;      /* why it is not imported, translated */
  KeyfobImportItem        *same_as;      /* an earlier variable with the same token */
  gboolean                 failed;       /* a token that should have been imported, and was not */
};

GPtrArray *keyfob_import_plan             (KeyfobCatalogue  *catalogue,
                                           KeyfobDotenv     *dotenv,
                                           GPtrArray        *stored);
gboolean   keyfob_import_item_skip        (KeyfobImportItem *item,
                                           gboolean          failed,
                                           const char       *format,
                                           ...) G_GNUC_PRINTF (3, 4);
gboolean   keyfob_import_item_holds       (KeyfobImportItem *item,
                                           KeyfobToken      *stored,
                                           SecretValue      *secret);
gboolean   keyfob_import_items_any_failed (GPtrArray        *items);

G_END_DECLS
