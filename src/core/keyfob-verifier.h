/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "keyfob-check-result.h"
#include "keyfob-provider.h"

G_BEGIN_DECLS

#define KEYFOB_VERIFIER_MAX_IN_FLIGHT  4
#define KEYFOB_VERIFIER_TIMEOUT        15
#define KEYFOB_VERIFIER_MAX_BODY       (1024 * 1024)
#define KEYFOB_VERIFIER_MAX_REDIRECTS  5

#define KEYFOB_VERIFIER_ERROR (keyfob_verifier_error_quark ())

/* The check could not run at all (as opposed to a verdict). */
typedef enum
{
  KEYFOB_VERIFIER_ERROR_INSECURE_URL = 1,
} KeyfobVerifierError;

#define KEYFOB_TYPE_VERIFIER (keyfob_verifier_get_type ())

G_DECLARE_FINAL_TYPE (KeyfobVerifier, keyfob_verifier, KEYFOB, VERIFIER, GObject)

GQuark             keyfob_verifier_error_quark  (void);

KeyfobVerifier    *keyfob_verifier_new          (void);
void               keyfob_verifier_set_timeout  (KeyfobVerifier       *self,
                                                 guint                 seconds);
guint              keyfob_verifier_get_n_active (KeyfobVerifier       *self);
void               keyfob_verifier_check_async  (KeyfobVerifier       *self,
                                                 KeyfobProvider       *provider,
                                                 GHashTable           *fields,
                                                 SecretValue          *secret,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
KeyfobCheckResult *keyfob_verifier_check_finish (KeyfobVerifier       *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
