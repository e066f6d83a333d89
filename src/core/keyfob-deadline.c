/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-deadline"

#include "config.h"

#include "keyfob-deadline.h"

struct _KeyfobDeadline
{
  GCancellable *cancellable;  /* child: passed to every call */
  GCancellable *parent;
  gulong        parent_handler;
  guint         timeout_id;
  guint         seconds;
  gboolean      expired;

  KeyfobDeadlineFunc handler;
  gpointer           handler_data;
  guint              cancelled_id;  /* idle that tells the handler the caller cancelled */
};

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  KeyfobDeadline *self = user_data;

  self->cancelled_id = 0;
  if (self->handler != NULL)
    self->handler (self->handler_data, FALSE);

  return G_SOURCE_REMOVE;
}

/* May run in any thread, and inside g_cancellable_cancel(): the handler runs from an idle in
 * this thread's context, like every other callback of the operation. */
static void
parent_cancelled_cb (GCancellable *parent,
                     gpointer      user_data)
{
  KeyfobDeadline *self = user_data;

  g_cancellable_cancel (self->cancellable);
  if (self->handler != NULL && self->cancelled_id == 0)
    self->cancelled_id = g_idle_add (cancelled_idle_cb, self);
}

static gboolean
expired_cb (gpointer user_data)
{
  KeyfobDeadline *self = user_data;

  self->timeout_id = 0;
  self->expired = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->handler != NULL)
    self->handler (self->handler_data, TRUE);

  return G_SOURCE_REMOVE;
}

KeyfobDeadline *
_keyfob_deadline_new (GCancellable *parent,
                      guint         seconds)
{
  KeyfobDeadline *self = g_new0 (KeyfobDeadline, 1);

  self->cancellable = g_cancellable_new ();

  if (parent != NULL)
    {
      self->parent = g_object_ref (parent);
      self->parent_handler = g_cancellable_connect (parent, G_CALLBACK (parent_cancelled_cb),
                                                    self, NULL);
    }

  self->seconds = seconds;
  self->timeout_id = g_timeout_add_seconds (seconds, expired_cb, self);

  return self;
}

GCancellable *
_keyfob_deadline_get_cancellable (KeyfobDeadline *self)
{
  return self->cancellable;
}

/* For work that makes progress in steps: the time allowed counts from the last step. */
void
_keyfob_deadline_restart (KeyfobDeadline *self)
{
  if (self->expired)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_seconds (self->seconds, expired_cb, self);
}

/* @func runs once, from the main context, when the deadline passes or the caller cancels,
 * unless the deadline is freed first. */
void
_keyfob_deadline_set_handler (KeyfobDeadline     *self,
                              KeyfobDeadlineFunc  func,
                              gpointer            data)
{
  self->handler = func;
  self->handler_data = data;
}

/* While a password prompt is open the wait is the user's: give it @seconds from now. */
void
_keyfob_deadline_extend (KeyfobDeadline *self,
                         guint           seconds)
{
  if (self->expired)
    return;

  self->seconds = MAX (self->seconds, seconds);
  _keyfob_deadline_restart (self);
}

gboolean
_keyfob_deadline_expired (KeyfobDeadline *self)
{
  return self->expired;
}

void
_keyfob_deadline_free (KeyfobDeadline *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (self->parent != NULL)
    g_cancellable_disconnect (self->parent, self->parent_handler);
  g_clear_handle_id (&self->cancelled_id, g_source_remove);

  g_clear_object (&self->parent);
  g_clear_object (&self->cancellable);
  g_free (self);
}
