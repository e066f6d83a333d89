/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "keyfob-provider.h"

G_BEGIN_DECLS

GUri *keyfob_check_uri_build   (KeyfobProvider  *provider,
                                GHashTable      *fields,
                                GError         **error);
char *keyfob_check_host_of_uri (GUri            *uri);
char *keyfob_check_host_for    (KeyfobProvider  *provider,
                                GHashTable      *fields,
                                GError         **error);

G_END_DECLS
