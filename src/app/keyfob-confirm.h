/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* How the confirming button looks: suggested for a safe choice, destructive for one that loses
 * or removes something. */
typedef enum
{
  KEYFOB_CONFIRM_SUGGESTED,
  KEYFOB_CONFIRM_DESTRUCTIVE,
} KeyfobConfirmAppearance;

/* The question's response ids, for tests and screen-reader scripts. */
#define KEYFOB_CONFIRM_RESPONSE_CANCEL  "cancel"
#define KEYFOB_CONFIRM_RESPONSE_CONFIRM "confirm"

/* The app's one way to ask "are you sure?": a modal AdwMessageDialog over @parent with two
 * answers, Cancel the default (Enter and Escape both cancel). keyfob_confirm_finish(), called
 * from @callback (whose source object is the question), says whether the user confirmed:
 *
 *   static void
 *   delete_confirmed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
 *   {
 *     g_autoptr(KeyfobWindow) self = user_data;
 *
 *     if (keyfob_confirm_finish (result, NULL))
 *       delete_token (self);
 *   }
 *
 *   keyfob_confirm_async (GTK_WINDOW (self), _("Delete From Keyring?"), body, _("_Cancel"),
 *                         _("_Delete"), KEYFOB_CONFIRM_DESTRUCTIVE, self->cancellable,
 *                         delete_confirmed_cb, g_object_ref (self));
 *
 * @callback runs once the question has closed, never while it still handles the click, so it
 * may close @parent. Closing the question, or @parent, answers no; cancelling @cancellable
 * closes the question and finishes with G_IO_ERROR_CANCELLED. Heading and body are plain text,
 * never markup: outside text needs no escaping. */
void     keyfob_confirm_async  (GtkWindow                *parent,
                                const char               *heading,
                                const char               *body,
                                const char               *cancel_label,
                                const char               *confirm_label,
                                KeyfobConfirmAppearance   appearance,
                                GCancellable             *cancellable,
                                GAsyncReadyCallback       callback,
                                gpointer                  user_data);
gboolean keyfob_confirm_finish (GAsyncResult             *result,
                                GError                  **error);

G_END_DECLS
