/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GDBusConnection *keyfob_test_take_keyring_name (void);

G_END_DECLS
