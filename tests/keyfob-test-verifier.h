/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "keyfob-emulator.h"
#include "keyfob-provider.h"
#include "keyfob-verifier-private.h"

G_BEGIN_DECLS

typedef struct
{
  const char    *id;
  const char    *token;
  const char    *field_key;
  const char    *field_value;
  const char    *path;              /* as the emulator receives it */
  const char    *account;
  guint          invalid_status;
  const char    *invalid_message;
  KeyfobVerdict  forbidden_verdict;
  const char    *forbidden_message;
} ProviderInfo;

extern const ProviderInfo pylon;
extern const ProviderInfo pushly;
extern const ProviderInfo cutover;
extern const ProviderInfo pulsetic;
extern const ProviderInfo * const providers[4];

typedef struct
{
  const ProviderInfo      *info;
  KeyfobEmulatorBehaviour  behaviour;
} Case;

typedef struct
{
  KeyfobEmulator *emu;
  KeyfobVerifier *verifier;
  KeyfobProvider *provider;
  GHashTable     *fields;
  const Case     *test_case;
} Fixture;

typedef struct
{
  GMainLoop         *loop;
  KeyfobVerifier    *verifier;
  KeyfobCheckResult *result;
  GError            *error;
  guint              pending;
  guint              max_active;
  guint              n_valid;
} Waiter;

GHashTable        *make_fields     (KeyfobProvider          *provider,
                                    const char              *token,
                                    const char              *key,
                                    const char              *value,
                                    const char              *key2,
                                    const char              *value2);
void               start_check     (Fixture                 *fixture,
                                    Waiter                  *waiter,
                                    GHashTable              *fields,
                                    const char              *token,
                                    GCancellable            *cancellable);
void               wait_for_checks (Waiter                  *waiter);
void               waiter_init     (Waiter                  *waiter,
                                    KeyfobVerifier          *verifier);
void               waiter_clear    (Waiter                  *waiter);
KeyfobCheckResult *run_check       (Fixture                 *fixture,
                                    GHashTable              *fields,
                                    const char              *token);
void               add_test        (GPtrArray               *cases,
                                    const ProviderInfo      *info,
                                    const char              *name,
                                    KeyfobEmulatorBehaviour  behaviour,
                                    void                   (*func) (Fixture *, gconstpointer));

G_END_DECLS
