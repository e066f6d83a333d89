/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KeyfobCatalogue   KeyfobCatalogue;
typedef struct _KeyfobCheckResult KeyfobCheckResult;
typedef struct _KeyfobProvider    KeyfobProvider;
typedef struct _KeyfobStore       KeyfobStore;
typedef struct _KeyfobToken       KeyfobToken;
typedef struct _KeyfobVerifier    KeyfobVerifier;

G_END_DECLS
