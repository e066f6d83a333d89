/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-rename-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-rename-dialog.h"
#include "keyfob-token-rules.h"
#include "keyfob-ui-util.h"

struct _KeyfobRenameDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkButton            *rename_button;
  GtkSpinner           *spinner;
  AdwPreferencesGroup  *name_group;
  AdwEntryRow          *name_row;
  GtkLabel             *message_label;
  AdwPreferencesGroup  *note_group;
  AdwActionRow         *dashboard_row;

  /* Owned refs */
  KeyfobProvider       *provider;
  KeyfobTokenList      *tokens;
  KeyfobToken          *token;
  GCancellable         *cancellable;
  char                 *new_name;        /* while the store renames */
  char                 *refused_name;    /* the name the store refused as taken */
  char                 *refused_message;

  guint                 busy : 1;
  guint                 valid : 1;       /* the name is acceptable and new */
};

G_DEFINE_FINAL_TYPE (KeyfobRenameDialog, keyfob_rename_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_PROVIDER,
  PROP_TOKENS,
  PROP_TOKEN,
  N_PROPS
};

enum {
  SIGNAL_RENAMED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_actions (KeyfobRenameDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rename.rename", self->valid && !self->busy);
}

/* The same rules as adding a token, all core's: the name rules, then unique per provider. */
static void
validate (KeyfobRenameDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *message = NULL;
  gboolean valid = FALSE;

  name = keyfob_name_normalise (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), &error);

  if (name == NULL)
    message = error->message;
  else if (g_str_equal (name, keyfob_token_get_name (self->token)))
    /* Unchanged: nothing to do, nothing wrong. */
    valid = FALSE;
  else if (g_strcmp0 (name, self->refused_name) == 0)
    message = self->refused_message;
  else if (!keyfob_token_list_check_name_free (self->tokens,
                                               keyfob_token_get_provider_id (self->token),
                                               name, keyfob_token_get_id (self->token), &error))
    message = error->message;
  else
    valid = TRUE;

  self->valid = valid;
  keyfob_ui_set_row_error (GTK_WIDGET (self->name_row), GTK_WIDGET (self->message_label),
                           message);
  update_actions (self);
}

static void
set_busy (KeyfobRenameDialog *self,
          gboolean            busy)
{
  self->busy = !!busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), !busy);
  update_actions (self);
}

static void
name_changed_cb (KeyfobRenameDialog *self)
{
  if (self->token != NULL)
    validate (self);
}

static void
renamed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KeyfobRenameDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!keyfob_token_list_change_finish (KEYFOB_TOKEN_LIST (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_busy (self, FALSE);

      /* Another program took the name, and the list has not heard of it yet. */
      if (g_error_matches (error, KEYFOB_INPUT_ERROR, KEYFOB_INPUT_ERROR_DUPLICATE_NAME))
        {
          g_free (self->refused_name);
          self->refused_name = g_steal_pointer (&self->new_name);
          g_free (self->refused_message);
          self->refused_message = g_strdup (error->message);
          validate (self);
          return;
        }

      g_clear_pointer (&self->new_name, g_free);
      validate (self);
      keyfob_ui_set_row_error (GTK_WIDGET (self->name_row), GTK_WIDGET (self->message_label),
                               error->message);
      return;
    }

  g_clear_pointer (&self->new_name, g_free);
  set_busy (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_RENAMED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KeyfobRenameDialog *self = KEYFOB_RENAME_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (self->busy || !self->valid)
    return;

  g_clear_pointer (&self->new_name, g_free);
  self->new_name = keyfob_name_normalise (gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                          &error);
  if (self->new_name == NULL)
    {
      keyfob_ui_set_row_error (GTK_WIDGET (self->name_row), GTK_WIDGET (self->message_label),
                               error->message);
      return;
    }

  set_busy (self, TRUE);
  keyfob_token_list_rename_async (self->tokens, self->token, self->new_name, self->cancellable,
                                  renamed_cb, g_object_ref (self));
}

static void
dashboard_activated_cb (KeyfobRenameDialog *self)
{
  keyfob_ui_show_provider_page (GTK_WINDOW (self), self->provider,
                                keyfob_token_get_fields (self->token));
}

static gboolean
keyfob_rename_dialog_close_request (GtkWindow *window)
{
  KeyfobRenameDialog *self = KEYFOB_RENAME_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (keyfob_rename_dialog_parent_class)->close_request (window);
}

static void
keyfob_rename_dialog_constructed (GObject *object)
{
  KeyfobRenameDialog *self = KEYFOB_RENAME_DIALOG (object);
  const char *provider_name = keyfob_provider_get_name (self->provider);
  const char *label_name = keyfob_provider_get_label_name (self->provider);
  const char *note = keyfob_provider_get_rename_note (self->provider);
  g_autofree char *escaped = g_markup_escape_text (provider_name, -1);
  g_autofree char *description = NULL;

  G_OBJECT_CLASS (keyfob_rename_dialog_parent_class)->constructed (object);

  /* The vendor's word for a token's name: Label, Token Label, Name. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row),
                                 label_name != NULL && label_name[0] != '\0' ? label_name
                                                                             : _("Name"));
  /* Translators: %s is a provider name, such as “Cutover” */
  description = g_strdup_printf (_("The name Keyfob shows for this %s token. Names are unique "
                                   "among a provider’s tokens."), escaped);
  adw_preferences_group_set_description (self->name_group, description);

  if (note != NULL && note[0] != '\0')
    {
      g_autofree char *note_title = NULL;
      g_autofree char *note_text = g_markup_escape_text (note, -1);
      g_autofree char *row_title = NULL;

      /* Translators: a heading; %s is a provider name, such as “Pylon” */
      note_title = g_strdup_printf (_("Also Rename It in %s"), escaped);
      adw_preferences_group_set_title (self->note_group, note_title);
      adw_preferences_group_set_description (self->note_group, note_text);

      row_title = keyfob_ui_dup_provider_page_label (self->provider,
                                                     keyfob_token_get_fields (self->token));
      if (row_title != NULL)
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->dashboard_row), row_title);
      gtk_widget_set_visible (GTK_WIDGET (self->dashboard_row), row_title != NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->note_group), TRUE);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), keyfob_token_get_name (self->token));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));
  validate (self);
}

static void
keyfob_rename_dialog_dispose (GObject *object)
{
  KeyfobRenameDialog *self = KEYFOB_RENAME_DIALOG (object);

  g_cancellable_cancel (self->cancellable);

  /* First, so that a signal from a widget being torn down finds nothing to validate. */
  g_clear_object (&self->token);
  g_clear_object (&self->provider);
  g_clear_object (&self->tokens);

  gtk_widget_dispose_template (GTK_WIDGET (self), KEYFOB_TYPE_RENAME_DIALOG);

  G_OBJECT_CLASS (keyfob_rename_dialog_parent_class)->dispose (object);
}

static void
keyfob_rename_dialog_finalize (GObject *object)
{
  KeyfobRenameDialog *self = KEYFOB_RENAME_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->new_name, g_free);
  g_clear_pointer (&self->refused_name, g_free);
  g_clear_pointer (&self->refused_message, g_free);

  G_OBJECT_CLASS (keyfob_rename_dialog_parent_class)->finalize (object);
}

static void
keyfob_rename_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KeyfobRenameDialog *self = KEYFOB_RENAME_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;

    case PROP_TOKENS:
      g_value_set_object (value, self->tokens);
      break;

    case PROP_TOKEN:
      g_value_set_object (value, self->token);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_rename_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KeyfobRenameDialog *self = KEYFOB_RENAME_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;

    case PROP_TOKENS:
      self->tokens = g_value_dup_object (value);
      break;

    case PROP_TOKEN:
      self->token = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_rename_dialog_class_init (KeyfobRenameDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = keyfob_rename_dialog_constructed;
  object_class->dispose = keyfob_rename_dialog_dispose;
  object_class->finalize = keyfob_rename_dialog_finalize;
  object_class->get_property = keyfob_rename_dialog_get_property;
  object_class->set_property = keyfob_rename_dialog_set_property;

  window_class->close_request = keyfob_rename_dialog_close_request;

  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL,
                         KEYFOB_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKENS] =
    g_param_spec_object ("tokens", NULL, NULL,
                         KEYFOB_TYPE_TOKEN_LIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] =
    g_param_spec_object ("token", NULL, NULL,
                         KEYFOB_TYPE_TOKEN,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KeyfobRenameDialog::renamed:
   *
   * The keyring item has its new name; the token object already carries it.
   */
  signals[SIGNAL_RENAMED] =
    g_signal_new ("renamed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-rename-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KeyfobRenameDialog, rename_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRenameDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRenameDialog, name_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRenameDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRenameDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRenameDialog, note_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobRenameDialog, dashboard_row);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, dashboard_activated_cb);

  gtk_widget_class_install_action (widget_class, "rename.rename", NULL, rename_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
keyfob_rename_dialog_init (KeyfobRenameDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rename.rename", FALSE);
}

/**
 * keyfob_rename_dialog_new:
 * @parent: (nullable): the window to stay on top of
 * @token: a token of @tokens
 */
KeyfobRenameDialog *
keyfob_rename_dialog_new (GtkWindow      *parent,
                          KeyfobProvider *provider,
                          KeyfobTokenList *tokens,
                          KeyfobToken    *token)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (KEYFOB_IS_TOKEN_LIST (tokens), NULL);
  g_return_val_if_fail (KEYFOB_IS_TOKEN (token), NULL);

  return g_object_new (KEYFOB_TYPE_RENAME_DIALOG,
                       "transient-for", parent,
                       "provider", provider,
                       "tokens", tokens,
                       "token", token,
                       NULL);
}
