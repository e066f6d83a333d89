/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-add-dialog.h"
#include "keyfob-import-dialog.h"
#include "keyfob-window-private.h"

/* The window's own actions, and the keyboard's on the selected row. */

static void
token_added_cb (KeyfobWindow *self,
                KeyfobToken  *token)
{
  /* Translators: %s is a token's name */
  g_autofree char *message = g_strdup_printf (_("“%s” is in the keyring"),
                                              keyfob_token_get_name (token));

  _keyfob_window_toast (self, message);
  _keyfob_window_select_token (self, keyfob_token_get_id (token));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);
  KeyfobAddDialog *dialog = keyfob_add_dialog_new (GTK_WINDOW (self), self->catalogue,
                                                   self->tokens, self->verifier);

  g_signal_connect_object (dialog, "token-added", G_CALLBACK (token_added_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
imported_cb (KeyfobWindow *self,
             guint         n_imported)
{
  g_autofree char *message = NULL;

  /* Translators: %u is a number of tokens */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u token imported",
                                          "%u tokens imported", n_imported), n_imported);
  _keyfob_window_toast (self, message);
}

static void
import_chosen_cb (KeyfobWindow         *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  KeyfobImportDialog *dialog;

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
  if (response != GTK_RESPONSE_ACCEPT || file == NULL)
    return;

  dialog = keyfob_import_dialog_new (GTK_WINDOW (self), self->catalogue, self->tokens,
                                     self->verifier, file);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (imported_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GtkFileDialog is GTK 4.10: the native chooser, which a portal may show. */
static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import Tokens From a .env File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _keyfob_window_reload (KEYFOB_WINDOW (widget));
}

/* While the service's prompt is open, the page says where to look and the button waits. */
static void
show_unlocking (KeyfobWindow *self,
                gboolean      unlocking)
{
  self->unlocking = unlocking;
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), !unlocking);
  gtk_button_set_label (self->unlock_button, unlocking ? _("Waiting for the Password…")
                                                       : _("_Unlock"));
  adw_status_page_set_description (
    self->locked_page,
    unlocking ? _("Type the keyring’s password in the system’s prompt. If no prompt shows, "
                  "look for it behind this window or unlock the keyring in your password "
                  "manager.")
              : _("Unlock the keyring to see your tokens. Your system asks for the keyring "
                  "password."));
}

static void
unlocked_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KeyfobWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!keyfob_token_list_change_finish (KEYFOB_TOKEN_LIST (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_unlocking (self, FALSE);
      _keyfob_window_toast (self, error->message);
      return;
    }

  show_unlocking (self, FALSE);
  _keyfob_window_reload (self);
}

/* A locked collection hides its items from searches (KeePassXC, KWallet): the service has to
 * be asked to unlock the collection itself, which shows its own prompt. */
static void
unlock_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);

  if (self->unlocking)
    return;

  show_unlocking (self, TRUE);
  keyfob_token_list_unlock_async (self->tokens, self->cancellable, unlocked_cb,
                                  g_object_ref (self));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* GNOME Shell's search, carried on in the window: through win.search, which is off while the
 * keyring cannot be searched. */
static void
search_for_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);

  gtk_widget_activate_action (widget, "win.search", NULL);
  if (gtk_search_bar_get_search_mode (self->search_bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry),
                           g_variant_get_string (parameter, NULL));
}

static void
undo_delete_cb (AdwToast     *toast,
                KeyfobWindow *self)
{
  KeyfobToken *token = g_object_get_data (G_OBJECT (toast), "token");

  if (keyfob_pending_deletes_undo (self->pending_deletes, token))
    _keyfob_window_select_token (self, keyfob_token_get_id (token));
}

/* The chance to undo ends with the toast: the token leaves the keyring then. */
static void
toast_dismissed_cb (AdwToast             *toast,
                    KeyfobPendingDeletes *pending_deletes)
{
  keyfob_pending_deletes_commit (pending_deletes, g_object_get_data (G_OBJECT (toast), "token"));
}

static void
delete_failed_cb (KeyfobWindow *self,
                  KeyfobToken  *token,
                  const char   *message)
{
  _keyfob_window_toast (self, message);
}

/* Deleting from the keyring only makes Keyfob forget: the token keeps working at its
 * provider, and the toast says so (@title, plain text), with an Undo instead of a question
 * first. */
void
_keyfob_window_delete_with_undo (KeyfobWindow *self,
                                 KeyfobToken  *token,
                                 const char   *title)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (token == NULL || keyfob_pending_deletes_contains (self->pending_deletes, token))
    return;

  /* A toast's title is markup; a name is not. */
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "token", g_object_ref (token), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb),
                           self->pending_deletes, 0);

  keyfob_pending_deletes_add (self->pending_deletes, token);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
delete_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);
  KeyfobToken *token = _keyfob_window_lookup_token (self, parameter);
  g_autofree char *title = NULL;

  if (token == NULL)
    return;

  /* Translators: the first %s is a token's name, the second a provider's name */
  title = g_strdup_printf (_("“%s” deleted from the keyring; it still works at %s"),
                           keyfob_token_get_name (token),
                           _keyfob_window_provider_name (self, token));
  _keyfob_window_delete_with_undo (self, token, title);
}

/* The keyboard's shortcuts act on the selected row through the same actions as its menu. */
static void
on_selected (KeyfobWindow *self,
             const char   *action)
{
  KeyfobToken *token = _keyfob_window_selected_token (self);

  if (token != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), action, "s", keyfob_token_get_id (token));
}

static void
selected_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  static const struct
  {
    const char *selected;
    const char *token;
  } actions[] = {
    { "win.copy-selected", "win.copy-token" },
    { "win.test-selected", "win.test-token" },
    { "win.rename-selected", "win.rename-token" },
    /* The Delete key means what it says: Keyfob forgets the token, with an Undo. */
    { "win.delete-selected", "win.delete-token" },
    { "win.revoke-selected", "win.revoke-token" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (action_name, actions[i].selected))
      on_selected (KEYFOB_WINDOW (widget), actions[i].token);
}

void
_keyfob_window_setup_actions (KeyfobWindow *self)
{
  g_signal_connect_object (self->pending_deletes, "failed", G_CALLBACK (delete_failed_cb), self,
                           G_CONNECT_SWAPPED);
}

void
_keyfob_window_actions_init (KeyfobWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.search-for", "s", search_for_action);
  gtk_widget_class_install_action (widget_class, "win.unlock", NULL, unlock_action);
  gtk_widget_class_install_action (widget_class, "win.delete-token", "s", delete_token_action);
  gtk_widget_class_install_action (widget_class, "win.copy-selected", NULL, selected_action);
  gtk_widget_class_install_action (widget_class, "win.test-selected", NULL, selected_action);
  gtk_widget_class_install_action (widget_class, "win.rename-selected", NULL, selected_action);
  gtk_widget_class_install_action (widget_class, "win.delete-selected", NULL, selected_action);
  gtk_widget_class_install_action (widget_class, "win.revoke-selected", NULL, selected_action);

  _keyfob_window_token_actions_init (klass);
  _keyfob_window_details_init (klass);
}
