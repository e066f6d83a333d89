/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-add-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-add-dialog-private.h"
#include "keyfob-confirm.h"
#include "keyfob-custom-provider-dialog.h"
#include "keyfob-field-row.h"
#include "keyfob-secret.h"
#include "keyfob-token-rules.h"
#include "keyfob-token.h"
#include "keyfob-ui-util.h"

/* What the dialog's buttons do: move between pages, open the vendor's page, paste, test, and
 * save or replace, asking first where the answer matters. */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, KEYFOB_ADD_DIALOG_PAGE_FORM) == 0 && self->provider != NULL)
    _keyfob_add_dialog_set_page (self, KEYFOB_ADD_DIALOG_PAGE_STEPS);
  else if (self->token == NULL)
    _keyfob_add_dialog_set_page (self, KEYFOB_ADD_DIALOG_PAGE_PROVIDERS);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (widget);

  if (self->provider != NULL)
    _keyfob_add_dialog_set_page (self, KEYFOB_ADD_DIALOG_PAGE_FORM);
}

static void
open_dashboard_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (widget);
  g_autoptr(GHashTable) fields = NULL;

  if (self->provider == NULL)
    return;

  /* The same fields the button was labelled with. */
  fields = _keyfob_add_dialog_dup_page_fields (self);
  keyfob_ui_show_provider_page (GTK_WINDOW (self), self->provider, fields);
}

static void
paste_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KeyfobAddDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  char *text;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (text == NULL)
    {
      keyfob_ui_set_row_error (GTK_WIDGET (self->token_row), GTK_WIDGET (self->token_error),
                               _("The clipboard holds no text. Copy the token again and paste "
                                 "it."));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->token_row), text);
  gtk_editable_set_position (GTK_EDITABLE (self->token_row), -1);
  keyfob_secret_free (text);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (widget);

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), self->cancellable,
                                 paste_cb, g_object_ref (self));
}

static void
test_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KeyfobAddDialog) self = user_data;
  g_autoptr(KeyfobCheckResult) check = NULL;
  g_autoptr(GError) error = NULL;

  check = keyfob_verifier_check_finish (KEYFOB_VERIFIER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->testing = FALSE;
  g_clear_object (&self->test_cancellable);

  if (check == NULL)
    {
      keyfob_check_row_show_failure (self->check_row, error->message);
    }
  else
    {
      self->last_verdict = check->verdict;
      g_clear_pointer (&self->last_check, keyfob_check_result_free);
      self->last_check = keyfob_check_result_copy (check);
      keyfob_check_row_show_result (self->check_row, self->provider, check);

      /* What the vendor said of a field goes under that field's row. */
      KEYFOB_ADD_DIALOG_FOREACH_FIELD_ROW (self, row)
        if (g_strcmp0 (keyfob_field_row_get_key (KEYFOB_FIELD_ROW (row)), check->field) == 0)
          keyfob_field_row_set_vendor_error (KEYFOB_FIELD_ROW (row), check->detail);
    }

  _keyfob_add_dialog_validate (self);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (widget);
  g_autoptr(GHashTable) normalised = NULL;
  g_autofree char *hint = NULL;
  g_autoptr(SecretValue) secret = NULL;

  if (self->provider == NULL || self->draft == NULL || self->testing || self->saving ||
      keyfob_token_draft_get_secret (self->draft) == NULL)
    return;

  /* Validating below makes a new draft: the check keeps this one's token. */
  secret = secret_value_ref (keyfob_token_draft_get_secret (self->draft));
  normalised = keyfob_token_draft_dup_fields (self->draft, NULL);
  if (normalised == NULL)
    return;

  _keyfob_add_dialog_reset_check (self);
  self->testing = TRUE;
  self->test_cancellable = g_cancellable_new ();

  /* Translators: %s is a provider name, such as “Pushly” */
  hint = g_strdup_printf (_("Asking %s whether it accepts the token…"),
                          keyfob_provider_get_name (self->provider));
  keyfob_check_row_start (self->check_row, hint);
  _keyfob_add_dialog_validate (self);

  keyfob_verifier_check_async (self->verifier, self->provider, normalised, secret,
                               self->test_cancellable, test_cb, g_object_ref (self));
}

/* Saved or replaced: nothing left to discard. */
static void
done (KeyfobAddDialog *self,
      KeyfobToken     *token,
      const char      *signal_name)
{
  self->saving = FALSE;
  self->closing = TRUE;

  g_signal_emit_by_name (self, signal_name, token);
  gtk_window_close (GTK_WINDOW (self));
}

static void
show_banner (KeyfobAddDialog *self,
             const char      *message)
{
  gtk_label_set_text (self->banner_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_label), TRUE);
}

static void
add_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(KeyfobAddDialog) self = user_data;
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(GError) error = NULL;

  token = keyfob_token_list_add_finish (KEYFOB_TOKEN_LIST (object), result, &error);
  if (token != NULL)
    {
      done (self, token, "token-added");
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  if (g_error_matches (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_DUPLICATE_NAME))
    {
      g_free (self->duplicate_name);
      self->duplicate_name = self->draft != NULL
                               ? g_strdup (keyfob_token_draft_get_name (self->draft)) : NULL;
      g_free (self->duplicate_message);
      self->duplicate_message = g_strdup (error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
    }
  else
    {
      show_banner (self, error->message);
    }

  _keyfob_add_dialog_validate (self);
}

static void
replace_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KeyfobAddDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (keyfob_token_list_change_finish (KEYFOB_TOKEN_LIST (object), result, &error))
    {
      /* The Test's result is the new token's last check: the keyring forgets the old one's. */
      if (self->last_check != NULL)
        keyfob_token_list_record_check_async (self->tokens, self->token, self->last_check,
                                              NULL, NULL, NULL);
      done (self, self->token, "token-replaced");
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The keyring refused: it still holds the old token, as it was. */
  self->saving = FALSE;
  show_banner (self, error->message);
  _keyfob_add_dialog_validate (self);
}

static void
save (KeyfobAddDialog *self)
{
  if (self->provider == NULL || self->draft == NULL || self->saving)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->banner_label), FALSE);
  self->saving = TRUE;
  _keyfob_add_dialog_validate (self);

  /* The list says what the form's rules cannot: a name taken meanwhile, a keyring gone. */
  if (self->token != NULL)
    keyfob_token_list_edit_async (self->tokens, self->token, self->draft, self->cancellable,
                                  replace_cb, g_object_ref (self));
  else
    {
      /* The Test's result is the new token's last check, stored with it. */
      keyfob_token_draft_set_check (self->draft, self->last_check);
      keyfob_token_list_add_async (self->tokens, self->draft, self->cancellable, add_cb,
                                   g_object_ref (self));
    }
}

static void
save_anyway_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KeyfobAddDialog) self = user_data;

  if (keyfob_confirm_finish (result, NULL))
    save (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (widget);
  g_autofree char *body = NULL;

  if (self->provider == NULL || self->saving || self->testing)
    return;

  /* A replacement only once the provider accepted it: the old token may be revoked next. */
  if (self->token != NULL && self->last_verdict != KEYFOB_VERDICT_VALID)
    return;

  if (self->last_verdict != KEYFOB_VERDICT_INVALID)
    {
      save (self);
      return;
    }

  /* Translators: %s is a provider name, such as “Pushly” */
  body = g_strdup_printf (_("When Keyfob tested it, %s did not accept this token: it may be "
                            "mistyped, revoked or expired."),
                          keyfob_provider_get_name (self->provider));
  keyfob_confirm_async (GTK_WINDOW (self), _("Save a Token the Provider Rejected?"), body,
                        _("_Cancel"), _("_Save Anyway"), KEYFOB_CONFIRM_DESTRUCTIVE,
                        self->cancellable, save_anyway_cb, g_object_ref (self));
}

static void
discard_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KeyfobAddDialog) self = user_data;

  if (!keyfob_confirm_finish (result, NULL))
    return;

  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* A pasted token is often the only copy: some providers show it only once. */
void
_keyfob_add_dialog_ask_discard (KeyfobAddDialog *self)
{
  const char *name = self->provider != NULL ? keyfob_provider_get_name (self->provider) : NULL;
  gboolean shown_once = name != NULL && keyfob_provider_get_shown_once (self->provider);
  g_autofree char *body = NULL;

  if (self->token != NULL && shown_once)
    /* Translators: %s is a provider name, such as “Pushly” */
    body = g_strdup_printf (_("The old token stays in the keyring, and %s shows a token only "
                              "once: to replace it later, you would have to create another "
                              "one."), name);
  else if (self->token != NULL)
    body = g_strdup (_("The old token stays in the keyring: to replace it later, you would "
                       "have to paste the new one again."));
  else if (shown_once)
    /* Translators: %s is a provider name, such as “Pushly” */
    body = g_strdup_printf (_("Keyfob has not saved it, and %s shows a token only once: to "
                              "use it later, you would have to create a new one."), name);
  else
    body = g_strdup (_("Keyfob has not saved it: to add it later, you would have to paste it "
                       "again."));

  keyfob_confirm_async (GTK_WINDOW (self), _("Discard the Pasted Token?"), body, _("_Cancel"),
                        _("_Discard"), KEYFOB_CONFIRM_DESTRUCTIVE, self->cancellable,
                        discard_cb, g_object_ref (self));
}

/* The new provider is in the catalogue: on with it, to the form, filled in with the token and
 * values its Test passed with. */
static void
custom_provider_saved_cb (KeyfobAddDialog *self,
                          KeyfobProvider  *provider,
                          SecretValue     *secret,
                          GHashTable      *fields)
{
  _keyfob_add_dialog_populate_providers (self);
  keyfob_add_dialog_select_provider (self, keyfob_provider_get_id (provider));

  KEYFOB_ADD_DIALOG_FOREACH_FIELD_ROW (self, row)
    {
      const char *value = g_hash_table_lookup (fields,
                                               keyfob_field_row_get_key (KEYFOB_FIELD_ROW (row)));

      if (value != NULL)
        keyfob_field_row_set_value (KEYFOB_FIELD_ROW (row), value);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), secret_value_get_text (secret));
  _keyfob_add_dialog_set_page (self, KEYFOB_ADD_DIALOG_PAGE_FORM);
}

static void
other_service_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (widget);
  GtkWidget *dialog = keyfob_custom_provider_dialog_new (GTK_WINDOW (self), self->catalogue,
                                                         self->verifier, NULL);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (custom_provider_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_keyfob_add_dialog_actions_init (KeyfobAddDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "add.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "add.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "add.open-dashboard", NULL,
                                   open_dashboard_action);
  gtk_widget_class_install_action (widget_class, "add.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "add.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "add.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "add.other-service", NULL,
                                   other_service_action);
}
