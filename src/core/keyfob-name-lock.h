/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Held while a process checks that a name is free and stores it, so that two Keyfobs (the
 * window and keyfob-tool, or two shells) cannot both take one name. */
typedef struct _KeyfobNameLock KeyfobNameLock;

void            _keyfob_name_lock_acquire_async  (GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
KeyfobNameLock *_keyfob_name_lock_acquire_finish (GAsyncResult         *result,
                                                  GError              **error);
void            _keyfob_name_lock_release        (KeyfobNameLock       *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyfobNameLock, _keyfob_name_lock_release)

G_END_DECLS
