/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  keyfob_uri_is_loopback_http (const char  *uri);
GUri     *keyfob_uri_apply_override   (GUri        *uri,
                                       GError     **error);

G_END_DECLS
