/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A cancellable that fires when the caller's does, or when time runs out. */
typedef struct _KeyfobDeadline KeyfobDeadline;

/* Called once, when the deadline passes (@expired) or the caller cancels: an operation that
 * must end then, whether or not what it waits for ever answers, ends here. */
typedef void (*KeyfobDeadlineFunc) (gpointer data,
                                    gboolean expired);

KeyfobDeadline *_keyfob_deadline_new             (GCancellable   *parent,
                                                  guint           seconds);
void            _keyfob_deadline_set_handler     (KeyfobDeadline     *self,
                                                  KeyfobDeadlineFunc  func,
                                                  gpointer            data);
void            _keyfob_deadline_extend          (KeyfobDeadline     *self,
                                                  guint               seconds);
GCancellable   *_keyfob_deadline_get_cancellable (KeyfobDeadline *self);
void            _keyfob_deadline_restart         (KeyfobDeadline *self);
gboolean        _keyfob_deadline_expired         (KeyfobDeadline *self);
void            _keyfob_deadline_free            (KeyfobDeadline *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyfobDeadline, _keyfob_deadline_free)

G_END_DECLS
