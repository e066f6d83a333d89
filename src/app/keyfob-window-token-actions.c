/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-window-token-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-add-dialog.h"
#include "keyfob-check-host.h"
#include "keyfob-confirm.h"
#include "keyfob-rename-dialog.h"
#include "keyfob-revoke-dialog.h"
#include "keyfob-secret.h"
#include "keyfob-token-check.h"
#include "keyfob-token-list-check.h"
#include "keyfob-ui-util.h"
#include "keyfob-window-private.h"

/* The window's actions on one token, named by its id: what rows, menus and the details pane
 * ask for. */

typedef enum
{
  COPY_TOKEN,
  COPY_HEADER,
} CopyKind;

/* A keyring call on one token, and the window to report to. */
typedef struct
{
  KeyfobWindow *window;
  KeyfobToken  *token;
  CopyKind      kind;
  char         *host;   /* a new check host the user agreed to */
} TokenOp;

static TokenOp *
token_op_new (KeyfobWindow *window,
              KeyfobToken  *token)
{
  TokenOp *op = g_new0 (TokenOp, 1);

  op->window = g_object_ref (window);
  op->token = g_object_ref (token);

  return op;
}

static void
token_op_free (TokenOp *op)
{
  g_clear_object (&op->window);
  g_clear_object (&op->token);
  g_free (op->host);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TokenOp, token_op_free)

static void test_one (KeyfobWindow *self,
                      KeyfobToken  *token,
                      const char   *allowed_host);

static void
new_host_confirmed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(TokenOp) op = user_data;

  if (keyfob_confirm_finish (result, NULL))
    test_one (op->window, op->token, op->host);
}

/* The provider now checks the token somewhere else than when it was stored: only the user can
 * say whether that is the vendor's new address or a provider file sending tokens astray. */
static void
confirm_new_host (KeyfobWindow *self,
                  KeyfobToken  *token,
                  const GError *error)
{
  KeyfobProvider *provider = _keyfob_window_lookup_provider (self, token);
  g_autofree char *host = NULL;
  g_autofree char *send = NULL;
  TokenOp *op;

  if (provider == NULL ||
      !(host = keyfob_check_host_for (provider, keyfob_token_get_fields (token), NULL)))
    return;

  /* Translators: %s is a host name such as api.example.com */
  send = g_strdup_printf (_("_Send to %s"), host);
  op = token_op_new (self, token);
  op->host = g_steal_pointer (&host);
  keyfob_confirm_async (GTK_WINDOW (self), _("Send the Token to a New Address?"), error->message,
                        _("_Cancel"), send, KEYFOB_CONFIRM_DESTRUCTIVE, self->cancellable,
                        new_host_confirmed_cb, op);
}

static void
single_test_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TokenOp) op = user_data;
  KeyfobWindow *self = op->window;
  KeyfobToken *token = op->token;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobCheckResult) check = NULL;
  g_autofree char *message = NULL;

  check = keyfob_token_list_check_finish (KEYFOB_TOKEN_LIST (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, KEYFOB_TOKEN_CHECK_ERROR, KEYFOB_TOKEN_CHECK_ERROR_HOST_CHANGED))
    {
      confirm_new_host (self, token, error);
      return;
    }

  /* Translators: a token's name, then the sentence its check ended with */
  message = g_strdup_printf (_("%s: %s"), keyfob_token_get_name (token),
                             check ? check->detail : error->message);
  _keyfob_window_toast (self, message);
}

static void
test_one (KeyfobWindow *self,
          KeyfobToken  *token,
          const char   *allowed_host)
{
  /* A check under way answers soon enough; another would only ask the vendor twice. */
  if (token == NULL || keyfob_token_get_checking (token))
    return;

  keyfob_token_list_check_async (self->tokens, self->verifier, token, allowed_host,
                                 self->cancellable, single_test_cb, token_op_new (self, token));
}

static void
test_token_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);

  test_one (self, _keyfob_window_lookup_token (self, parameter), NULL);
}

static void
test_all_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KeyfobWindow) self = user_data;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autofree char *message = NULL;
  guint valid = 0;
  guint not_sent = 0;

  outcomes = keyfob_token_list_check_all_finish (KEYFOB_TOKEN_LIST (object), result, NULL);
  if (outcomes == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  for (guint i = 0; i < outcomes->len; i++)
    {
      KeyfobTokenOutcome *outcome = g_ptr_array_index (outcomes, i);

      if (outcome->result != NULL && outcome->result->verdict == KEYFOB_VERDICT_VALID)
        valid++;
      if (g_error_matches (outcome->error, KEYFOB_TOKEN_CHECK_ERROR,
                           KEYFOB_TOKEN_CHECK_ERROR_HOST_CHANGED))
        not_sent++;
    }

  /* Translators: “Tested 5 tokens: 4 valid” */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tested %u token: %u valid",
                                          "Tested %u tokens: %u valid", outcomes->len),
                             outcomes->len, valid);
  if (not_sent > 0)
    {
      g_autofree char *summary = g_steal_pointer (&message);

      /* Translators: after “Tested 5 tokens: 3 valid”; a number of tokens */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s. %u was not sent: its provider’s "
                                              "address changed. Test it to decide.",
                                              "%s. %u were not sent: their provider’s "
                                              "address changed. Test each to decide.",
                                              not_sent),
                                 summary, not_sent);
    }
  _keyfob_window_toast (self, message);
}

static void
test_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);

  /* Every check starts now; the verifier keeps at most four in flight. */
  keyfob_token_list_check_all_async (self->tokens, self->verifier, self->cancellable,
                                     test_all_cb, g_object_ref (self));
}


static void
secret_for_copy_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TokenOp) copy = user_data;
  KeyfobWindow *self = copy->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretValue) secret = keyfob_token_list_load_secret_finish (KEYFOB_TOKEN_LIST (object),
                                                                        result, &error);
  g_autofree char *message = NULL;
  GdkClipboard *clipboard;
  guint delay;

  /* The window may be closing: touch nothing of it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (secret == NULL)
    {
      _keyfob_window_toast (self, error->message);
      return;
    }

  delay = g_settings_get_uint (self->settings, "clipboard-clear-delay");
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));

  if (copy->kind == COPY_HEADER)
    {
      KeyfobProvider *provider = _keyfob_window_lookup_provider (self, copy->token);
      char *line = keyfob_provider_format_auth_line (provider,
                                                     keyfob_token_get_fields (copy->token),
                                                     secret_value_get_text (secret));

      keyfob_clipboard_copy (self->clipboard, clipboard, line, delay);
      keyfob_secret_free (line);
    }
  else
    {
      keyfob_clipboard_copy (self->clipboard, clipboard, secret_value_get_text (secret), delay);
    }

  if (delay > 0)
    /* Translators: %u is a number of seconds */
    message = g_strdup_printf (_("Copied. Clears in %u s"), delay);
  else
    message = g_strdup (_("Copied"));

  _keyfob_window_toast (self, message);
}

static void
copy (KeyfobWindow *self,
      KeyfobToken  *token,
      CopyKind      kind)
{
  TokenOp *copy;

  if (token == NULL)
    return;

  if (kind == COPY_HEADER && _keyfob_window_lookup_provider (self, token) == NULL)
    {
      _keyfob_window_toast (self, _("Keyfob does not know this token’s provider"));
      return;
    }

  copy = token_op_new (self, token);
  copy->kind = kind;
  keyfob_token_list_load_secret_async (self->tokens, token, self->cancellable, secret_for_copy_cb,
                                       copy);
}

static void
copy_token_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);

  copy (self, _keyfob_window_lookup_token (self, parameter), COPY_TOKEN);
}

static void
copy_header_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);

  copy (self, _keyfob_window_lookup_token (self, parameter), COPY_HEADER);
}

static void
renamed_cb (KeyfobWindow *self)
{
  _keyfob_window_toast (self, _("Renamed"));
}

static void
open_rename_dialog (KeyfobWindow *self,
                    KeyfobToken  *token)
{
  KeyfobProvider *provider;
  KeyfobRenameDialog *dialog;

  if (token == NULL || (provider = _keyfob_window_lookup_provider (self, token)) == NULL)
    return;

  dialog = keyfob_rename_dialog_new (GTK_WINDOW (self), provider, self->tokens, token);
  g_signal_connect_object (dialog, "renamed", G_CALLBACK (renamed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rename_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);

  open_rename_dialog (self, _keyfob_window_lookup_token (self, parameter));
}

static void
removed_cb (KeyfobRevokeDialog *dialog,
            const char         *message,
            KeyfobWindow       *self)
{
  _keyfob_window_toast (self, message);
}

/* Removed without proof that the vendor revoked it: the keyring forgets it as a delete does,
 * with an Undo. */
static void
remove_unconfirmed_cb (KeyfobRevokeDialog *dialog,
                       KeyfobWindow       *self)
{
  KeyfobToken *token = keyfob_revoke_dialog_get_token (dialog);
  g_autofree char *title = NULL;

  /* Translators: a notification; %1$s is a token name, %2$s a provider name: “Release
   * bot” removed from the keyring; its revocation in Cutover was not confirmed */
  title = g_strdup_printf (_("“%1$s” removed from the keyring; its revocation in %2$s was not "
                             "confirmed"),
                           keyfob_token_get_name (token),
                           _keyfob_window_provider_name (self, token));
  _keyfob_window_delete_with_undo (self, token, title);
}

static void
open_revoke_dialog (KeyfobWindow *self,
                    KeyfobToken  *token)
{
  KeyfobProvider *provider;
  KeyfobRevokeDialog *dialog;

  if (token == NULL || (provider = _keyfob_window_lookup_provider (self, token)) == NULL)
    return;

  dialog = keyfob_revoke_dialog_new (GTK_WINDOW (self), provider, self->tokens, self->verifier,
                                     token);
  g_signal_connect_object (dialog, "removed", G_CALLBACK (removed_cb), self, 0);
  g_signal_connect_object (dialog, "remove-unconfirmed", G_CALLBACK (remove_unconfirmed_cb),
                           self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
revoke_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);

  open_revoke_dialog (self, _keyfob_window_lookup_token (self, parameter));
}

static void
open_dashboard_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);
  KeyfobToken *token = _keyfob_window_lookup_token (self, parameter);
  KeyfobProvider *provider;

  if (token == NULL || (provider = _keyfob_window_lookup_provider (self, token)) == NULL)
    return;

  keyfob_ui_show_provider_page (GTK_WINDOW (self), provider, keyfob_token_get_fields (token));
}

static void
replaced_cb (KeyfobWindow *self,
             KeyfobToken  *token)
{
  /* Translators: %s is a token's name */
  g_autofree char *message = g_strdup_printf (_("“%s” now holds the new token"),
                                              keyfob_token_get_name (token));

  _keyfob_window_toast (self, message);
}

/* Rotation: the provider's create steps again, then the new token, tested before it takes the
 * old one's place. */
static void
replace_token_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);
  KeyfobToken *token = _keyfob_window_lookup_token (self, parameter);
  KeyfobAddDialog *dialog;

  if (token == NULL)
    return;

  dialog = keyfob_add_dialog_new_replace (GTK_WINDOW (self), self->catalogue, self->tokens,
                                          self->verifier, token);
  g_signal_connect_object (dialog, "token-replaced", G_CALLBACK (replaced_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_keyfob_window_token_actions_init (KeyfobWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.test-all", NULL, test_all_action);
  gtk_widget_class_install_action (widget_class, "win.test-token", "s", test_token_action);
  gtk_widget_class_install_action (widget_class, "win.copy-token", "s", copy_token_action);
  gtk_widget_class_install_action (widget_class, "win.copy-header", "s", copy_header_action);
  gtk_widget_class_install_action (widget_class, "win.rename-token", "s", rename_token_action);
  gtk_widget_class_install_action (widget_class, "win.revoke-token", "s", revoke_token_action);
  gtk_widget_class_install_action (widget_class, "win.replace-token", "s", replace_token_action);
  gtk_widget_class_install_action (widget_class, "win.open-dashboard", "s",
                                   open_dashboard_action);
}
