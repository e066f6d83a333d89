/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token-details"

#include "config.h"

#include "keyfob-token-details-private.h"

/* Reveal: the whole token on the page for a few seconds, then gone from the label again. */

#define REVEAL_SECONDS 10

void
_keyfob_token_details_hide_secret (KeyfobTokenDetails *self)
{
  g_cancellable_cancel (self->reveal_cancellable);
  g_clear_object (&self->reveal_cancellable);
  g_clear_handle_id (&self->reveal_timeout_id, g_source_remove);
  /* GtkLabel copies its text: an empty one leaves only that copy's freed memory. */
  gtk_label_set_label (self->secret_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->secret_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_label), TRUE);
}

static gboolean
reveal_timeout_cb (gpointer user_data)
{
  KeyfobTokenDetails *self = user_data;

  self->reveal_timeout_id = 0;
  _keyfob_token_details_hide_secret (self);

  return G_SOURCE_REMOVE;
}

static void
secret_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KeyfobTokenDetails) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretValue) secret = keyfob_token_list_load_secret_finish (KEYFOB_TOKEN_LIST (object),
                                                                        result, &error);

  /* Cancelled when the page moved to another token, hid it or went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (secret == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }

  gtk_label_set_label (self->secret_label, secret_value_get_text (secret));
  gtk_widget_set_visible (GTK_WIDGET (self->preview_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->secret_label), TRUE);
  self->reveal_timeout_id = g_timeout_add_seconds (REVEAL_SECONDS, reveal_timeout_cb, self);
}

/**
 * keyfob_token_details_reveal:
 *
 * Shows the page's token whole for ten seconds, read from the keyring now.
 */
void
keyfob_token_details_reveal (KeyfobTokenDetails *self)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_DETAILS (self));

  _keyfob_token_details_hide_secret (self);
  if (self->token == NULL)
    return;

  self->reveal_cancellable = g_cancellable_new ();
  keyfob_token_list_load_secret_async (self->tokens, self->token, self->reveal_cancellable,
                                       secret_loaded_cb, g_object_ref (self));
}
