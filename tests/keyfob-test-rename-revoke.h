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

#define WAIT_SECONDS 10

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

/* Spins the main context until the condition holds; fails the test after WAIT_SECONDS. */
#define wait_until(condition)                                                        \
  G_STMT_START                                                                       \
  {                                                                                  \
    gint64 deadline_ = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;      \
    guint wake_ = g_timeout_add (50, wake_cb, NULL);                                 \
                                                                                     \
    while (!(condition))                                                             \
      {                                                                              \
        if (g_get_monotonic_time () > deadline_)                                     \
          g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,          \
                               "timed out waiting for " #condition);                 \
        g_main_context_iteration (NULL, TRUE);                                       \
      }                                                                              \
    g_source_remove (wake_);                                                         \
  }                                                                                  \
  G_STMT_END

gboolean      is_sensitive            (gpointer                 widget);
gboolean      is_visible              (gpointer                 widget);
gboolean      is_spinning             (gpointer                 spinner);
gboolean      wake_cb                 (gpointer                 user_data);
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
