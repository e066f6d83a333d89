/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-add-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-add-dialog.h"
#include "keyfob-add-dialog-private.h"
#include "keyfob-provider-row.h"
#include "keyfob-step-row.h"
#include "keyfob-token.h"
#include "keyfob-ui-util.h"

G_DEFINE_FINAL_TYPE (KeyfobAddDialog, keyfob_add_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CATALOGUE,
  PROP_TOKENS,
  PROP_VERIFIER,
  PROP_TOKEN,
  N_PROPS
};

enum {
  SIGNAL_TOKEN_ADDED,
  SIGNAL_TOKEN_REPLACED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
clear_provider_rows (KeyfobAddDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list))) != NULL)
    gtk_list_box_remove (self->steps_list, child);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box))) != NULL)
    gtk_box_remove (self->fields_box, child);
}

/* Page 2: how to create a token at the vendor, the same for a replacement. */
static void
fill_steps (KeyfobAddDialog *self)
{
  const char *name = keyfob_provider_get_name (self->provider);
  const char *role = keyfob_provider_get_create_role (self->provider);
  const char * const *steps = keyfob_provider_get_create_steps (self->provider);
  g_autofree char *title = NULL;
  g_autofree char *escaped_title = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *shown_once = NULL;

  if (self->token != NULL)
    /* Translators: a heading; %s is a provider name, such as “Pushly” */
    title = g_strdup_printf (_("Create a New Token in %s"), name);
  else
    /* Translators: a heading; %s is a provider name, such as “Pushly” */
    title = g_strdup_printf (_("Create a Token in %s"), name);
  escaped_title = g_markup_escape_text (title, -1);
  adw_preferences_group_set_title (self->steps_group, escaped_title);

  if (role != NULL && role[0] != '\0')
    /* Translators: %s is the vendor’s role name, such as “Domain Admin” */
    role_text = g_strdup_printf (_("Only users with the %s role can create tokens."), role);
  _keyfob_add_dialog_describe (self->steps_group, role_text);

  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    gtk_list_box_append (self->steps_list, keyfob_step_row_new (i + 1, steps[i]));

  /* Translators: %s is a provider name, such as “Pushly” */
  shown_once = g_strdup_printf (_("%s shows the token only once: keep its window open until "
                                  "Keyfob has it."), name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->shown_once_row), shown_once);
  gtk_widget_set_visible (self->shown_once_list, keyfob_provider_get_shown_once (self->provider));
}

/* Fills pages 2 and 3 with the provider's words and fields; the form starts empty. */
static void
set_provider (KeyfobAddDialog *self,
              KeyfobProvider  *provider)
{
  if (self->provider == provider)
    return;

  clear_provider_rows (self);
  g_set_object (&self->provider, provider);
  g_clear_pointer (&self->duplicate_name, g_free);
  g_clear_pointer (&self->duplicate_message, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_label), FALSE);
  adw_window_title_set_subtitle (self->window_title, keyfob_provider_get_name (provider));

  fill_steps (self);
  _keyfob_add_dialog_fill_form (self);
  _keyfob_add_dialog_reset_check (self);
  _keyfob_add_dialog_update_help_button (self);
  _keyfob_add_dialog_validate (self);
}

void
_keyfob_add_dialog_set_page (KeyfobAddDialog *self,
                             const char      *page)
{
  gboolean on_providers = g_str_equal (page, KEYFOB_ADD_DIALOG_PAGE_PROVIDERS);
  gboolean on_steps = g_str_equal (page, KEYFOB_ADD_DIALOG_PAGE_STEPS);
  gboolean on_form = g_str_equal (page, KEYFOB_ADD_DIALOG_PAGE_FORM);
  /* A replacement starts on the steps: its provider is the token's. */
  gboolean first = on_providers ||
                   (self->token != NULL && (on_steps || self->provider == NULL));

  gtk_stack_set_visible_child_name (self->stack, page);

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), first);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !first);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), on_steps);
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), on_form);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.back", !first);

  /* The fields typed on the form may have completed the dashboard's address. */
  if (on_steps)
    _keyfob_add_dialog_update_help_button (self);

  if (on_providers || self->provider == NULL)
    adw_window_title_set_subtitle (self->window_title, NULL);
  else
    adw_window_title_set_subtitle (self->window_title, keyfob_provider_get_name (self->provider));

  if (on_steps)
    gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->next_button));
  else if (on_form)
    gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  else
    gtk_window_set_default_widget (GTK_WINDOW (self), NULL);

  if (on_providers)
    gtk_widget_child_focus (GTK_WIDGET (self->providers_list), GTK_DIR_TAB_FORWARD);
  else if (on_steps)
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
  else if (on_form && self->token != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
  else if (on_form)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
provider_row_activated_cb (KeyfobAddDialog *self,
                           GtkListBoxRow   *row)
{
  g_return_if_fail (KEYFOB_IS_PROVIDER_ROW (row));

  set_provider (self, keyfob_provider_row_get_provider (KEYFOB_PROVIDER_ROW (row)));
  _keyfob_add_dialog_set_page (self, KEYFOB_ADD_DIALOG_PAGE_STEPS);
}

/* Again after the catalogue reloads, when "Other Service…" added one. */
void
_keyfob_add_dialog_populate_providers (KeyfobAddDialog *self)
{
  GPtrArray *providers = keyfob_catalogue_get_providers (self->catalogue);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->providers_list))) != NULL)
    gtk_list_box_remove (self->providers_list, child);

  for (guint i = 0; providers != NULL && i < providers->len; i++)
    gtk_list_box_append (self->providers_list,
                         keyfob_provider_row_new (g_ptr_array_index (providers, i)));
}

/* Replacing a token whose provider file has gone: nothing to test it with. */
static void
show_unknown_provider (KeyfobAddDialog *self)
{
  g_autofree char *message = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->replace_row),
                                 keyfob_token_get_name (self->token));
  gtk_widget_set_visible (GTK_WIDGET (self->replace_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->name_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->expiry_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->token_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->check_row), FALSE);

  /* Translators: %s is a provider id, such as “pushly” */
  message = g_strdup_printf (_("Keyfob no longer knows the provider “%s”, so it cannot test a "
                               "new token for it. Put the provider’s file back to replace this "
                               "token."), keyfob_token_get_provider_id (self->token));
  gtk_label_set_text (self->banner_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_label), TRUE);
  _keyfob_add_dialog_set_page (self, KEYFOB_ADD_DIALOG_PAGE_FORM);
}

static void
cancel_all (KeyfobAddDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
}

/* Escape, Cancel and the window manager all come here. */
static gboolean
keyfob_add_dialog_close_request (GtkWindow *window)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (window);

  if (!self->closing &&
      !keyfob_ui_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->token_row))))
    {
      _keyfob_add_dialog_ask_discard (self);
      return TRUE;
    }

  cancel_all (self);

  return GTK_WINDOW_CLASS (keyfob_add_dialog_parent_class)->close_request (window);
}

static void
keyfob_add_dialog_constructed (GObject *object)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (object);
  KeyfobProvider *provider;

  G_OBJECT_CLASS (keyfob_add_dialog_parent_class)->constructed (object);

  if (self->token == NULL)
    {
      _keyfob_add_dialog_populate_providers (self);
      return;
    }

  gtk_window_set_title (GTK_WINDOW (self), _("Replace Token"));
  adw_window_title_set_title (self->window_title, _("Replace Token"));
  gtk_button_set_label (self->save_button, _("_Replace"));

  provider = keyfob_catalogue_lookup (self->catalogue, keyfob_token_get_provider_id (self->token));
  if (provider == NULL)
    {
      show_unknown_provider (self);
      return;
    }

  set_provider (self, provider);
  _keyfob_add_dialog_set_page (self, KEYFOB_ADD_DIALOG_PAGE_STEPS);
}

static void
keyfob_add_dialog_dispose (GObject *object)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (object);

  cancel_all (self);

  /* Do not leave the token in a widget's buffer longer than the dialog. */
  if (self->token_row != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->token_row, self);
      gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), KEYFOB_TYPE_ADD_DIALOG);

  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->draft);
  g_clear_object (&self->provider);
  g_clear_object (&self->token);
  g_clear_object (&self->verifier);
  g_clear_object (&self->tokens);
  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (keyfob_add_dialog_parent_class)->dispose (object);
}

static void
keyfob_add_dialog_finalize (GObject *object)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->duplicate_name);
  g_free (self->duplicate_message);
  g_clear_pointer (&self->last_check, keyfob_check_result_free);

  G_OBJECT_CLASS (keyfob_add_dialog_parent_class)->finalize (object);
}

static void
keyfob_add_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
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
keyfob_add_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CATALOGUE:
      self->catalogue = g_value_dup_object (value);
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
keyfob_add_dialog_class_init (KeyfobAddDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = keyfob_add_dialog_constructed;
  object_class->dispose = keyfob_add_dialog_dispose;
  object_class->finalize = keyfob_add_dialog_finalize;
  object_class->get_property = keyfob_add_dialog_get_property;
  object_class->set_property = keyfob_add_dialog_set_property;

  window_class->close_request = keyfob_add_dialog_close_request;

  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL,
                         KEYFOB_TYPE_CATALOGUE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKENS] =
    g_param_spec_object ("tokens", NULL, NULL,
                         KEYFOB_TYPE_TOKEN_LIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERIFIER] =
    g_param_spec_object ("verifier", NULL, NULL,
                         KEYFOB_TYPE_VERIFIER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The stored token a new one replaces; %NULL to add one. */
  properties[PROP_TOKEN] =
    g_param_spec_object ("token", NULL, NULL,
                         KEYFOB_TYPE_TOKEN,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KeyfobAddDialog::token-added:
   * @token: the token now in the keyring (its metadata, never the secret)
   */
  signals[SIGNAL_TOKEN_ADDED] =
    g_signal_new ("token-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KEYFOB_TYPE_TOKEN);

  /**
   * KeyfobAddDialog::token-replaced:
   * @token: the replaced token: same id and name, the new secret's preview, and the Test's
   *   result as its last check
   */
  signals[SIGNAL_TOKEN_REPLACED] =
    g_signal_new ("token-replaced",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KEYFOB_TYPE_TOKEN);

  g_type_ensure (KEYFOB_TYPE_CHECK_ROW);
  g_type_ensure (KEYFOB_TYPE_PROVIDER_DOT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-add-dialog.ui");

  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, providers_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, providers_list);
  /* Activates an action: nothing to keep, but reachable as the dialog's part. */
  gtk_widget_class_bind_template_child_full (widget_class, "other_service_row", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, shown_once_list);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, shown_once_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, steps_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, steps_list);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, dashboard_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, banner_label);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, replace_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, replace_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, replace_dot);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, name_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, fields_box);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, expiry_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, expiry_error);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, token_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, token_error);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, paste_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, check_row);

  gtk_widget_class_bind_template_callback (widget_class, provider_row_activated_cb);

  _keyfob_add_dialog_form_init (klass);
  _keyfob_add_dialog_actions_init (klass);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "add.back", NULL);
}

static void
keyfob_add_dialog_init (KeyfobAddDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Here rather than in the .ui, whose lines they would make too long. */
  adw_preferences_group_set_description (self->providers_group,
                                         _("Choose the service that issued the token. Keyfob "
                                           "then shows how to create one there."));
  adw_preferences_group_set_description (self->expiry_group,
                                         _("Optional: the date the token stops working, as "
                                           "YYYY-MM-DD. Keyfob warns you before it does."));

  self->cancellable = g_cancellable_new ();
  self->last_verdict = -1;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.back", FALSE);
  _keyfob_add_dialog_validate (self);
}

KeyfobAddDialog *
keyfob_add_dialog_new (GtkWindow       *parent,
                       KeyfobCatalogue *catalogue,
                       KeyfobTokenList *tokens,
                       KeyfobVerifier  *verifier)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (KEYFOB_IS_TOKEN_LIST (tokens), NULL);
  g_return_val_if_fail (KEYFOB_IS_VERIFIER (verifier), NULL);

  return g_object_new (KEYFOB_TYPE_ADD_DIALOG,
                       "transient-for", parent,
                       "catalogue", catalogue,
                       "tokens", tokens,
                       "verifier", verifier,
                       NULL);
}

/**
 * keyfob_add_dialog_new_replace:
 * @token: a stored token, as @tokens holds it
 *
 * The Replace Token dialog: the provider's steps to create a new token, then the new token
 * alone (its name, fields and expiry stay), tested live. Only a token the provider accepts
 * replaces @token's secret: the id stays, and the Test's result becomes its last check. Emits
 * "token-replaced" (KeyfobToken *), then closes.
 */
KeyfobAddDialog *
keyfob_add_dialog_new_replace (GtkWindow       *parent,
                               KeyfobCatalogue *catalogue,
                               KeyfobTokenList *tokens,
                               KeyfobVerifier  *verifier,
                               KeyfobToken     *token)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (KEYFOB_IS_TOKEN_LIST (tokens), NULL);
  g_return_val_if_fail (KEYFOB_IS_VERIFIER (verifier), NULL);
  g_return_val_if_fail (KEYFOB_IS_TOKEN (token), NULL);

  return g_object_new (KEYFOB_TYPE_ADD_DIALOG,
                       "transient-for", parent,
                       "catalogue", catalogue,
                       "tokens", tokens,
                       "verifier", verifier,
                       "token", token,
                       NULL);
}

/**
 * keyfob_add_dialog_select_provider:
 * @provider_id: a provider id from the catalogue
 *
 * Skips the first page: shows @provider_id's steps. An id the catalogue does not know (a user
 * provider file since removed) leaves the dialog on the list of providers. Not for a dialog
 * that replaces a token: its provider is the token's.
 */
void
keyfob_add_dialog_select_provider (KeyfobAddDialog *self,
                                   const char      *provider_id)
{
  KeyfobProvider *provider;

  g_return_if_fail (KEYFOB_IS_ADD_DIALOG (self));
  g_return_if_fail (provider_id != NULL);
  g_return_if_fail (self->token == NULL);

  provider = keyfob_catalogue_lookup (self->catalogue, provider_id);
  if (provider == NULL)
    {
      g_debug ("No provider “%s” in the catalogue", provider_id);
      _keyfob_add_dialog_set_page (self, KEYFOB_ADD_DIALOG_PAGE_PROVIDERS);
      return;
    }

  set_provider (self, provider);
  _keyfob_add_dialog_set_page (self, KEYFOB_ADD_DIALOG_PAGE_STEPS);
}
