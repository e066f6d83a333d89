/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-catalogue.h"
#include "keyfob-emulator.h"
#include "keyfob-store.h"
#include "keyfob-test-async.h"
#include "keyfob-token-list.h"
#include "keyfob-verifier.h"

G_BEGIN_DECLS

/* One per process: the tokens' vendors */
extern KeyfobEmulator *emulator;

typedef struct
{
  KeyfobCatalogue *catalogue;
  KeyfobStore     *store;
  KeyfobTokenList *tokens;           /* what the window would hand the dialogs */
  KeyfobVerifier  *verifier;
  GtkWindow       *dialog;           /* weak */
  guint            n_renamed;
  guint            n_removed;
  guint            n_unconfirmed;
  char            *removed_message;
} Fixture;

gboolean      is_sensitive            (gpointer                 widget);
gboolean      is_visible              (gpointer                 widget);
gboolean      is_spinning             (gpointer                 spinner);
void          spin                    (guint                    ms);
GAsyncResult *wait_for                (GAsyncResult           **result);
void          delete_token            (Fixture                 *fixture,
                                       KeyfobToken             *token);
KeyfobToken  *add_token               (Fixture                 *fixture,
                                       const char              *provider_id,
                                       const char              *name,
                                       KeyfobEmulatorBehaviour  behaviour);
KeyfobToken  *reload_token            (Fixture                 *fixture,
                                       KeyfobToken             *token);
void          screenshot              (const char              *name);
void          show_dialog             (Fixture                 *fixture,
                                       GtkWindow               *dialog);
KeyfobToken  *listed                  (Fixture                 *fixture,
                                       KeyfobToken             *token);
void          fixture_set_up          (Fixture                 *fixture,
                                       gconstpointer            data);
void          fixture_tear_down       (Fixture                 *fixture,
                                       gconstpointer            data);

/* What each test's main () does before and after its own tests */
void          rename_revoke_test_init (int                     *argc,
                                       char                  ***argv);
int           rename_revoke_test_run  (void);

G_END_DECLS
