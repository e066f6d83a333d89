/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean keyfob_uri_is_loopback_http (const char *uri);

G_END_DECLS
