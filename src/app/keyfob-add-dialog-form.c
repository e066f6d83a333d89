/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-add-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "keyfob-add-dialog-private.h"
#include "keyfob-field-row.h"
#include "keyfob-secret.h"
#include "keyfob-token-rules.h"
#include "keyfob-token.h"
#include "keyfob-ui-util.h"

/* The form (page 3): what it asks for, and core's rules applied to it as the user types. */

/* The fields that complete the dashboard's address: those that pass core's rules as they stand
 * (Cutover's instance, before the rest of the form is filled in), or the token's own. */
GHashTable *
_keyfob_add_dialog_dup_page_fields (KeyfobAddDialog *self)
{
  GHashTable *fields;

  if (self->token != NULL)
    return g_hash_table_ref (keyfob_token_get_fields (self->token));

  fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  KEYFOB_ADD_DIALOG_FOREACH_FIELD_ROW (self, row)
    {
      char *value = keyfob_field_row_dup_checked_value (KEYFOB_FIELD_ROW (row));

      if (value != NULL)
        g_hash_table_insert (fields, g_strdup (keyfob_field_row_get_key (KEYFOB_FIELD_ROW (row))),
                             value);
    }

  return fields;
}

/* The button opens the dashboard once the fields complete its address, else the help; its
 * label and its target come from the same fields, so that it opens what it says. */
void
_keyfob_add_dialog_update_help_button (KeyfobAddDialog *self)
{
  g_autoptr(GHashTable) fields = NULL;
  g_autofree char *label = NULL;

  if (self->provider != NULL)
    {
      fields = _keyfob_add_dialog_dup_page_fields (self);
      label = keyfob_ui_dup_provider_page_label (self->provider, fields);
    }

  gtk_button_set_label (self->dashboard_button, label != NULL ? label : "");
  gtk_widget_set_visible (GTK_WIDGET (self->dashboard_button), label != NULL);
}

static gboolean
validate_name (KeyfobAddDialog  *self,
               KeyfobTokenDraft *draft)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *message = NULL;
  gboolean ok = FALSE;

  if (keyfob_ui_is_blank (text))
    message = NULL;
  else if (!keyfob_token_draft_set_name (draft, text, &error))
    message = error->message;
  else if (g_strcmp0 (keyfob_token_draft_get_name (draft), self->duplicate_name) == 0)
    message = self->duplicate_message;
  else
    ok = TRUE;

  keyfob_ui_set_row_error (GTK_WIDGET (self->name_row), GTK_WIDGET (self->name_error), message);

  return ok;
}

/* Optional, and a blank one is none. */
static gboolean
validate_expiry (KeyfobAddDialog  *self,
                 KeyfobTokenDraft *draft)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!keyfob_provider_get_has_expiry (self->provider))
    return TRUE;

  ok = keyfob_token_draft_set_expires (draft,
                                       gtk_editable_get_text (GTK_EDITABLE (self->expiry_row)),
                                       &error);
  keyfob_ui_set_row_error (GTK_WIDGET (self->expiry_row), GTK_WIDGET (self->expiry_error),
                           error != NULL ? error->message : NULL);

  return ok;
}

/* Applies every rule in core to the form as it stands, shows each reason under the row it is
 * about, and enables Test and Save accordingly. Empty rows are not errors yet: Save just
 * stays off. A replacement is saved only once a Test found it valid. */
void
_keyfob_add_dialog_validate (KeyfobAddDialog *self)
{
  g_autoptr(KeyfobTokenDraft) draft = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GError) token_error = NULL;
  const char *pasted;
  gboolean busy = self->testing || self->saving;
  gboolean replacing = self->token != NULL;
  gboolean details_ok = TRUE;
  gboolean fields_ok = TRUE;
  gboolean token_ok;

  g_clear_object (&self->draft);
  if (self->provider == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.save", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.test", FALSE);
      return;
    }

  if (replacing)
    {
      draft = keyfob_token_draft_new_edit (self->provider, self->token);
    }
  else
    {
      draft = keyfob_token_draft_new (self->provider);
      details_ok = validate_name (self, draft);
      details_ok = validate_expiry (self, draft) && details_ok;
    }

  /* The token before the fields: its prefix may decide one. */
  pasted = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  token_ok = !keyfob_ui_is_blank (pasted) &&
             keyfob_token_draft_set_secret (draft, pasted, strlen (pasted), &token_error);

  /* A new token has to fit the fields its predecessor was stored with (Pylon's region). */
  if (replacing && token_ok)
    token_ok = (fields = keyfob_token_draft_dup_fields (draft, &token_error)) != NULL;

  keyfob_ui_set_row_error (GTK_WIDGET (self->token_row), GTK_WIDGET (self->token_error),
                           token_error != NULL ? token_error->message : NULL);

  /* Each field's own rules, and its own message under its own row. */
  KEYFOB_ADD_DIALOG_FOREACH_FIELD_ROW (self, row)
    fields_ok = keyfob_field_row_apply (KEYFOB_FIELD_ROW (row), draft) && fields_ok;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.test",
                                 token_ok && fields_ok && !busy);
  if (replacing)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.save",
                                   token_ok && !busy &&
                                   self->last_verdict == KEYFOB_VERDICT_VALID);
  else
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.save",
                                   details_ok && token_ok && fields_ok && !busy);

  self->draft = g_steal_pointer (&draft);
}

void
_keyfob_add_dialog_reset_check (KeyfobAddDialog *self)
{
  g_autofree char *hint = NULL;

  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);

  self->testing = FALSE;
  self->last_verdict = -1;
  g_clear_pointer (&self->last_check, keyfob_check_result_free);

  KEYFOB_ADD_DIALOG_FOREACH_FIELD_ROW (self, row)
    keyfob_field_row_set_vendor_error (KEYFOB_FIELD_ROW (row), NULL);

  if (self->provider != NULL && self->token != NULL)
    /* Translators: %s is a provider name, such as “Pushly” */
    hint = g_strdup_printf (_("Ask %s whether it accepts the new token. Keyfob replaces the "
                              "old one only with a token that passes."),
                            keyfob_provider_get_name (self->provider));
  else if (self->provider != NULL)
    /* Translators: %s is a provider name, such as “Pushly” */
    hint = g_strdup_printf (_("Ask %s whether it accepts the token. Nothing is saved yet."),
                            keyfob_provider_get_name (self->provider));
  keyfob_check_row_reset (self->check_row, hint);
}

/* The token or a field changed: what the last Test said no longer applies. */
static void
input_changed (KeyfobAddDialog *self)
{
  _keyfob_add_dialog_reset_check (self);
  _keyfob_add_dialog_validate (self);
}

static void
name_changed_cb (KeyfobAddDialog *self)
{
  _keyfob_add_dialog_validate (self);
}

static void
expiry_changed_cb (KeyfobAddDialog *self)
{
  _keyfob_add_dialog_validate (self);
}

static void
token_changed_cb (KeyfobAddDialog *self)
{
  const char *pasted = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  char *token = NULL;

  /* Pre-fill a choice the token's prefix decides, such as Pylon's region. */
  if (!keyfob_ui_is_blank (pasted) &&
      (token = keyfob_token_normalise (pasted, strlen (pasted), NULL)) != NULL)
    KEYFOB_ADD_DIALOG_FOREACH_FIELD_ROW (self, row)
      keyfob_field_row_choose_for_token (KEYFOB_FIELD_ROW (row), token);

  keyfob_secret_free (token);
  input_changed (self);
}

/* Page 3: the token's name and fields, or the token a new one replaces; then the token. */
void
_keyfob_add_dialog_fill_form (KeyfobAddDialog *self)
{
  const char *name = keyfob_provider_get_name (self->provider);
  const char *label_name = keyfob_provider_get_label_name (self->provider);
  gboolean replacing = self->token != NULL;
  gboolean shown_once = keyfob_provider_get_shown_once (self->provider);
  g_autofree char *name_description = NULL;
  g_autofree char *token_description = NULL;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->expiry_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");

  gtk_widget_set_visible (GTK_WIDGET (self->replace_group), replacing);
  gtk_widget_set_visible (GTK_WIDGET (self->name_group), !replacing);
  gtk_widget_set_visible (GTK_WIDGET (self->expiry_group),
                          !replacing && keyfob_provider_get_has_expiry (self->provider));

  if (replacing)
    {
      keyfob_provider_dot_set_provider (self->replace_dot, self->provider);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->replace_row),
                                     keyfob_token_get_name (self->token));
      adw_action_row_set_subtitle (self->replace_row, keyfob_token_get_preview (self->token));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row), _("New Token"));

      if (shown_once)
        /* Translators: %s is a provider name, such as “Pushly” */
        token_description = g_strdup_printf (_("Paste the new token %s showed you. It shows it "
                                               "only once: paste it before you close that "
                                               "window."), name);
      else
        /* Translators: %s is a provider name, such as “Pulsetic” */
        token_description = g_strdup_printf (_("Paste the new token %s showed you."), name);
      _keyfob_add_dialog_describe (self->token_group, token_description);
      return;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), label_name);
  /* Translators: %1$s is the provider’s word for a token’s name, such as “Token Label”; %2$s
   * a provider name: “The Token Label you gave the token in Pushly, so that Keyfob and Pushly
   * name it alike.” */
  name_description = g_strdup_printf (_("The %1$s you gave the token in %2$s, so that Keyfob "
                                        "and %2$s name it alike."), label_name, name);
  _keyfob_add_dialog_describe (self->name_group, name_description);

  for (guint i = 0; i < keyfob_provider_get_n_fields (self->provider); i++)
    {
      const KeyfobProviderField *field = keyfob_provider_get_field (self->provider, i);
      GtkWidget *row = keyfob_field_row_new (self->provider, field->key);

      g_signal_connect_object (row, "changed", G_CALLBACK (input_changed), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (self->fields_box, row);
    }

  if (shown_once)
    /* Translators: %s is a provider name, such as “Pushly” */
    token_description = g_strdup_printf (_("Paste the token %s showed you. It shows it only "
                                           "once: paste it before you close that window."),
                                         name);
  else
    /* Translators: %s is a provider name, such as “Pulsetic” */
    token_description = g_strdup_printf (_("Paste the token %s showed you."), name);
  _keyfob_add_dialog_describe (self->token_group, token_description);
}

void
_keyfob_add_dialog_form_init (KeyfobAddDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, expiry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_changed_cb);
}
