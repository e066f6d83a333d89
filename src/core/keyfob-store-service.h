/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

#define KEYFOB_TYPE_STORE_SERVICE (keyfob_store_service_get_type ())

/* The Secret Service, saying when it shows the user a prompt (an unlock password, KeePassXC's
 * access confirmation): while one is open, the wait is the user's. */
G_DECLARE_FINAL_TYPE (KeyfobStoreService, keyfob_store_service, KEYFOB, STORE_SERVICE,
                      SecretService)

G_END_DECLS
