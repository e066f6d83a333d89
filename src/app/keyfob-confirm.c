/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-confirm"

#include "config.h"

#include "keyfob-confirm.h"

#define TASK_KEY     "keyfob-confirm-task"
#define QUESTION_KEY "keyfob-confirm-question"

typedef struct
{
  GCancellable *cancellable;
  gulong        cancelled_id;
  gboolean      confirmed;
} Question;

static void
question_free (Question *question)
{
  g_clear_signal_handler (&question->cancelled_id, question->cancellable);
  g_clear_object (&question->cancellable);
  g_free (question);
}

static gboolean
return_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  Question *question = g_task_get_task_data (task);

  g_object_set_data (g_task_get_source_object (task), QUESTION_KEY, NULL);
  /* A cancelled task finishes with G_IO_ERROR_CANCELLED whatever it returns. */
  g_task_return_boolean (task, question->confirmed);

  return G_SOURCE_REMOVE;
}

/* Answers once, from an idle: the dialog is still inside its button's click handler here, and
 * it closes itself before it emits the response. The dialog holds its task until then, and the
 * task the dialog (its source object) until it returns; the parent is not held, so that the
 * question still goes with it. */
static void
answer_later (AdwMessageDialog *dialog)
{
  GTask *task = g_object_steal_data (G_OBJECT (dialog), TASK_KEY);
  Question *question;

  if (task == NULL)
    return;

  question = g_task_get_task_data (task);
  g_clear_signal_handler (&question->cancelled_id, question->cancellable);
  /* The task may keep the dialog past its parent, which GTK would then leave it pointing at. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  g_idle_add_full (G_PRIORITY_DEFAULT, return_idle_cb, task, g_object_unref);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response)
{
  Question *question = g_object_get_data (G_OBJECT (dialog), QUESTION_KEY);

  if (question != NULL)
    question->confirmed = g_str_equal (response, KEYFOB_CONFIRM_RESPONSE_CONFIRM);
  answer_later (dialog);
}

/* Closed: with a response, which follows at once, or without one (with its parent, or
 * cancelled). gtk_window_destroy() emits neither "hide" nor "destroy" while the task holds the
 * dialog; it always unrealizes it. */
static void
unrealize_cb (AdwMessageDialog *dialog)
{
  answer_later (dialog);
}

static void
cancelled_cb (GCancellable *cancellable,
              GtkWindow    *dialog)
{
  gtk_window_destroy (dialog);
}

/**
 * keyfob_confirm_async:
 * @parent: the window the question is about
 * @body: (nullable): what happens if the user confirms, plain text
 * @cancel_label: the answer that changes nothing, with a mnemonic, such as “_Cancel”
 * @confirm_label: the answer that goes ahead, with a mnemonic, such as “_Discard”
 *
 * Asks; see the header for how the answer comes back.
 */
void
keyfob_confirm_async (GtkWindow               *parent,
                      const char              *heading,
                      const char              *body,
                      const char              *cancel_label,
                      const char              *confirm_label,
                      KeyfobConfirmAppearance  appearance,
                      GCancellable            *cancellable,
                      GAsyncReadyCallback      callback,
                      gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Question *question;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (heading != NULL);
  g_return_if_fail (cancel_label != NULL);
  g_return_if_fail (confirm_label != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  dialog = adw_message_dialog_new (parent, heading, body);
  task = g_task_new (dialog, cancellable, callback, user_data);
  g_task_set_source_tag (task, keyfob_confirm_async);
  question = g_new0 (Question, 1);
  g_task_set_task_data (task, question, (GDestroyNotify) question_free);

  if (g_task_return_error_if_cancelled (task))
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    KEYFOB_CONFIRM_RESPONSE_CANCEL, cancel_label,
                                    KEYFOB_CONFIRM_RESPONSE_CONFIRM, confirm_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              KEYFOB_CONFIRM_RESPONSE_CONFIRM,
                                              appearance == KEYFOB_CONFIRM_DESTRUCTIVE
                                                ? ADW_RESPONSE_DESTRUCTIVE
                                                : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           KEYFOB_CONFIRM_RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog),
                                         KEYFOB_CONFIRM_RESPONSE_CANCEL);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);

  g_object_set_data (G_OBJECT (dialog), QUESTION_KEY, question);
  g_object_set_data_full (G_OBJECT (dialog), TASK_KEY, g_steal_pointer (&task), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), NULL);
  g_signal_connect (dialog, "unrealize", G_CALLBACK (unrealize_cb), NULL);
  if (cancellable != NULL)
    {
      question->cancellable = g_object_ref (cancellable);
      question->cancelled_id = g_signal_connect (cancellable, "cancelled",
                                                 G_CALLBACK (cancelled_cb), dialog);
    }

  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * keyfob_confirm_finish:
 *
 * Returns: %TRUE if the user confirmed; %FALSE if not, or with @error set if the question was
 *   cancelled
 */
gboolean
keyfob_confirm_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == keyfob_confirm_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
