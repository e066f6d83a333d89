/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-revoke-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-revoke-dialog.h"
#include "keyfob-step-row.h"
#include "keyfob-token-check.h"
#include "keyfob-token-list-check.h"
#include "keyfob-ui-util.h"

struct _KeyfobRevokeDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  AdwActionRow        *token_row;
  AdwPreferencesGroup *steps_group;
  GtkListBox          *steps_list;
  AdwActionRow        *dashboard_row;
  GtkLabel            *explain_label;
  GtkWidget           *status_box;
  GtkSpinner          *spinner;
  GtkImage            *status_icon;
  GtkLabel            *status_label;
  GtkButton           *remove_button;
  GtkButton           *check_button;

  /* Owned refs */
  KeyfobProvider      *provider;
  KeyfobTokenList     *tokens;
  KeyfobVerifier      *verifier;
  KeyfobToken         *token;
  GCancellable        *cancellable;

  guint                busy : 1;
};

G_DEFINE_FINAL_TYPE (KeyfobRevokeDialog, keyfob_revoke_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_PROVIDER,
  PROP_TOKENS,
  PROP_VERIFIER,
  PROP_TOKEN,
  N_PROPS
};

enum {
  SIGNAL_REMOVED,
  SIGNAL_REMOVE_UNCONFIRMED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_actions (KeyfobRevokeDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "revoke.check", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "revoke.remove-anyway", !self->busy);
}

/* @css_class: (nullable): a severity class, which the icon carries: long sentences read
 * better in the normal colour */
static void
set_status (KeyfobRevokeDialog *self,
            const char         *icon_name,
            const char         *css_class,
            const char         *text)
{
  keyfob_ui_set_severity_class (GTK_WIDGET (self->status_icon), css_class);

  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), icon_name != NULL);
  gtk_label_set_text (self->status_label, text);
  /* Hidden first, so that the alert shows anew and is read out again. */
  gtk_widget_set_visible (self->status_box, FALSE);
  gtk_widget_set_visible (self->status_box, TRUE);
}

static void
set_error_status (KeyfobRevokeDialog *self,
                  const char         *text)
{
  set_status (self, keyfob_ui_severity_icon_name (KEYFOB_SEVERITY_ERROR),
              keyfob_ui_severity_css_class (KEYFOB_SEVERITY_ERROR), text);
}

static void
set_warning_status (KeyfobRevokeDialog *self,
                    const char         *text)
{
  set_status (self, keyfob_ui_severity_icon_name (KEYFOB_SEVERITY_WARNING),
              keyfob_ui_severity_css_class (KEYFOB_SEVERITY_WARNING), text);
}

static void
set_busy (KeyfobRevokeDialog *self,
          const char         *text)
{
  self->busy = text != NULL;
  update_actions (self);

  if (!self->busy)
    return;

  set_status (self, NULL, NULL, text);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KeyfobRevokeDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!keyfob_token_list_change_finish (KEYFOB_TOKEN_LIST (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_busy (self, NULL);
      set_error_status (self, error->message);
      return;
    }

  set_busy (self, NULL);
  /* Translators: a notification; %s is a token name */
  message = g_strdup_printf (_("“%s” is revoked and removed from the keyring"),
                             keyfob_token_get_name (self->token));
  g_signal_emit (self, signals[SIGNAL_REMOVED], 0, message);
  gtk_window_close (GTK_WINDOW (self));
}

/* The provider rejects the token now: revoked, so there is nothing to undo. */
static void
remove_revoked_token (KeyfobRevokeDialog *self)
{
  set_busy (self, _("Removing the token from the keyring…"));
  keyfob_token_list_delete_async (self->tokens, self->token, self->cancellable, deleted_cb,
                             g_object_ref (self));
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KeyfobRevokeDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobCheckResult) check = NULL;
  g_autofree char *text = NULL;
  const char *name;
  const char *detail;

  check = keyfob_token_list_check_finish (KEYFOB_TOKEN_LIST (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, NULL);

  /* The keyring or the request failed before the provider could say anything. */
  if (check == NULL)
    {
      set_error_status (self, error->message);
      return;
    }

  /* Only the provider's own rejection removes the token without asking again. */
  if (keyfob_check_result_proves_revoked (check))
    {
      remove_revoked_token (self);
      return;
    }

  name = keyfob_provider_get_name (self->provider);

  if (keyfob_check_result_is_conclusive (check))
    {
      /* Valid, or valid but lacking a permission: either way it still opens the door, which
       * is bad news here whatever colour the verdict has elsewhere. */
      /* Translators: %s is a provider name: “Cutover still accepts this token. Revoke it in
       * Cutover first.” */
      text = g_strdup_printf (_("%1$s still accepts this token. Revoke it in %1$s first."),
                              name);
      gtk_widget_set_visible (GTK_WIDGET (self->remove_button), FALSE);
      set_warning_status (self, text);
      return;
    }

  detail = check->detail != NULL ? check->detail : keyfob_verdict_describe (check->verdict);
  /* Translators: %1$s is why the check was inconclusive, a whole sentence such as “Cutover
   * answered HTTP 500.”; %2$s is a provider name */
  text = g_strdup_printf (_("%1$s Keyfob cannot tell whether %2$s revoked the token: check "
                            "again later, or remove it from the keyring anyway."),
                          detail, name);
  set_status (self, keyfob_ui_severity_icon_name (keyfob_verdict_get_severity (check->verdict)),
              keyfob_ui_verdict_css_class (check->verdict), text);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), TRUE);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KeyfobRevokeDialog *self = KEYFOB_REVOKE_DIALOG (widget);
  g_autofree char *text = NULL;

  if (self->busy)
    return;

  /* Translators: %s is a provider name */
  text = g_strdup_printf (_("Asking %s whether it still accepts the token…"),
                          keyfob_provider_get_name (self->provider));
  set_busy (self, text);
  keyfob_token_list_check_async (self->tokens, self->verifier, self->token, NULL,
                                 self->cancellable, checked_cb, g_object_ref (self));
}

static void
remove_anyway_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KeyfobRevokeDialog *self = KEYFOB_REVOKE_DIALOG (widget);

  /* Offered only once a check could not tell. */
  if (self->busy || !gtk_widget_get_visible (GTK_WIDGET (self->remove_button)))
    return;

  /* Unproven, so the window removes it the way it deletes, with an Undo while its toast
   * shows. */
  g_signal_emit (self, signals[SIGNAL_REMOVE_UNCONFIRMED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
dashboard_activated_cb (KeyfobRevokeDialog *self)
{
  keyfob_ui_show_provider_page (GTK_WINDOW (self), self->provider,
                                keyfob_token_get_fields (self->token));
}

/* Everything here comes from the provider's file: the vendor's own words for its modal. */
static void
fill_from_provider (KeyfobRevokeDialog *self)
{
  const char *name = keyfob_provider_get_name (self->provider);
  const char *title = keyfob_provider_get_revoke_title (self->provider);
  const char *confirm = keyfob_provider_get_revoke_confirm (self->provider);
  const char * const *steps = keyfob_provider_get_revoke_steps (self->provider);
  g_autofree char *escaped_name = g_markup_escape_text (name, -1);
  g_autofree char *escaped_confirm = NULL;
  g_autofree char *steps_title = NULL;
  g_autofree char *steps_description = NULL;
  g_autofree char *page_title = NULL;
  g_autofree char *explanation = NULL;

  if (title == NULL || title[0] == '\0')
    title = _("Revoke Token");

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row),
                                 keyfob_token_get_name (self->token));
  adw_action_row_set_subtitle (self->token_row, keyfob_token_get_preview (self->token));

  /* Translators: a heading; %s is a provider name */
  steps_title = g_strdup_printf (_("Revoke It in %s"), escaped_name);
  adw_preferences_group_set_title (self->steps_group, steps_title);
  /* Translators: %s is a provider name */
  steps_description = g_strdup_printf (_("Only %s can revoke the token. Follow these steps "
                                         "there:"), escaped_name);
  adw_preferences_group_set_description (self->steps_group, steps_description);

  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    gtk_list_box_append (self->steps_list, keyfob_step_row_new (i + 1, steps[i]));
  gtk_widget_set_visible (GTK_WIDGET (self->steps_list), steps != NULL && steps[0] != NULL);

  page_title = keyfob_ui_dup_provider_page_label (self->provider,
                                                  keyfob_token_get_fields (self->token));
  if (page_title != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->dashboard_row), page_title);
  gtk_widget_set_visible (GTK_WIDGET (self->dashboard_row), page_title != NULL);

  if (confirm != NULL && confirm[0] != '\0')
    {
      escaped_confirm = g_markup_escape_text (confirm, -1);
      /* Translators: “In Cutover, click <b>REVOKE</b>, then come back and check…”; %1$s is a
       * provider name, %2$s the name of the provider's own confirmation button */
      explanation = g_strdup_printf (_("In %1$s, click <b>%2$s</b>, then come back and check "
                                       "the revocation. Keyfob asks %1$s whether it still "
                                       "accepts the token, and removes the token from the "
                                       "keyring only once %1$s rejects it."),
                                     escaped_name, escaped_confirm);
    }
  else
    {
      /* Translators: %1$s is a provider name */
      explanation = g_strdup_printf (_("Revoke the token in %1$s, then come back and check the "
                                       "revocation. Keyfob asks %1$s whether it still accepts "
                                       "the token, and removes the token from the keyring "
                                       "only once %1$s rejects it."),
                                     escaped_name);
    }
  gtk_label_set_markup (self->explain_label, explanation);
}

static gboolean
keyfob_revoke_dialog_close_request (GtkWindow *window)
{
  KeyfobRevokeDialog *self = KEYFOB_REVOKE_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (keyfob_revoke_dialog_parent_class)->close_request (window);
}

static void
keyfob_revoke_dialog_constructed (GObject *object)
{
  KeyfobRevokeDialog *self = KEYFOB_REVOKE_DIALOG (object);

  G_OBJECT_CLASS (keyfob_revoke_dialog_parent_class)->constructed (object);

  fill_from_provider (self);

  /* Checking is the safe default (the .ui makes it the default widget too): it removes
   * nothing the provider still accepts, so Enter right away can never lose a live token. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->check_button));
}

static void
keyfob_revoke_dialog_dispose (GObject *object)
{
  KeyfobRevokeDialog *self = KEYFOB_REVOKE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), KEYFOB_TYPE_REVOKE_DIALOG);

  g_clear_object (&self->provider);
  g_clear_object (&self->tokens);
  g_clear_object (&self->verifier);
  g_clear_object (&self->token);

  G_OBJECT_CLASS (keyfob_revoke_dialog_parent_class)->dispose (object);
}

static void
keyfob_revoke_dialog_finalize (GObject *object)
{
  KeyfobRevokeDialog *self = KEYFOB_REVOKE_DIALOG (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (keyfob_revoke_dialog_parent_class)->finalize (object);
}

static void
keyfob_revoke_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KeyfobRevokeDialog *self = KEYFOB_REVOKE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;

    case PROP_TOKENS:
      g_value_set_object (value, self->tokens);
      break;

    case PROP_VERIFIER:
      g_value_set_object (value, self->verifier);
      break;

    case PROP_TOKEN:
      g_value_set_object (value, self->token);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_revoke_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KeyfobRevokeDialog *self = KEYFOB_REVOKE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;

    case PROP_TOKENS:
      self->tokens = g_value_dup_object (value);
      break;

    case PROP_VERIFIER:
      self->verifier = g_value_dup_object (value);
      break;

    case PROP_TOKEN:
      self->token = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_revoke_dialog_class_init (KeyfobRevokeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = keyfob_revoke_dialog_constructed;
  object_class->dispose = keyfob_revoke_dialog_dispose;
  object_class->finalize = keyfob_revoke_dialog_finalize;
  object_class->get_property = keyfob_revoke_dialog_get_property;
  object_class->set_property = keyfob_revoke_dialog_set_property;

  window_class->close_request = keyfob_revoke_dialog_close_request;

  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL,
                         KEYFOB_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKENS] =
    g_param_spec_object ("tokens", NULL, NULL,
                         KEYFOB_TYPE_TOKEN_LIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERIFIER] =
    g_param_spec_object ("verifier", NULL, NULL,
                         KEYFOB_TYPE_VERIFIER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] =
    g_param_spec_object ("token", NULL, NULL,
                         KEYFOB_TYPE_TOKEN,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KeyfobRevokeDialog::removed:
   * @message: what happened, for a toast
   *
   * The provider rejected the token, and it left the keyring.
   */
  signals[SIGNAL_REMOVED] =
    g_signal_new ("removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * KeyfobRevokeDialog::remove-unconfirmed:
   *
   * The check could not tell whether the provider revoked the token, and the user chose to
   * remove it from the keyring anyway. The dialog closes and leaves that to its window.
   */
  signals[SIGNAL_REMOVE_UNCONFIRMED] =
    g_signal_new ("remove-unconfirmed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-revoke-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KeyfobRevokeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRevokeDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRevokeDialog, steps_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRevokeDialog, steps_list);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRevokeDialog, dashboard_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRevokeDialog, explain_label);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRevokeDialog, status_box);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRevokeDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRevokeDialog, status_icon);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRevokeDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRevokeDialog, remove_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRevokeDialog, check_button);
  gtk_widget_class_bind_template_callback (widget_class, dashboard_activated_cb);

  gtk_widget_class_install_action (widget_class, "revoke.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "revoke.remove-anyway", NULL,
                                   remove_anyway_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
keyfob_revoke_dialog_init (KeyfobRevokeDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * keyfob_revoke_dialog_new:
 * @parent: (nullable): the window to stay on top of
 * @token: a token of @tokens
 */
KeyfobRevokeDialog *
keyfob_revoke_dialog_new (GtkWindow      *parent,
                          KeyfobProvider *provider,
                          KeyfobTokenList *tokens,
                          KeyfobVerifier *verifier,
                          KeyfobToken    *token)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (KEYFOB_IS_TOKEN_LIST (tokens), NULL);
  g_return_val_if_fail (KEYFOB_IS_VERIFIER (verifier), NULL);
  g_return_val_if_fail (KEYFOB_IS_TOKEN (token), NULL);

  return g_object_new (KEYFOB_TYPE_REVOKE_DIALOG,
                       "transient-for", parent,
                       "provider", provider,
                       "tokens", tokens,
                       "verifier", verifier,
                       "token", token,
                       NULL);
}

KeyfobToken *
keyfob_revoke_dialog_get_token (KeyfobRevokeDialog *self)
{
  g_return_val_if_fail (KEYFOB_IS_REVOKE_DIALOG (self), NULL);

  return self->token;
}
