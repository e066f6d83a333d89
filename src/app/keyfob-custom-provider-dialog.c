/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-custom-provider-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-check-row.h"
#include "keyfob-custom-provider-dialog.h"
#include "keyfob-provider-writer.h"
#include "keyfob-token-draft.h"
#include "keyfob-ui-util.h"

struct _KeyfobCustomProviderDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkButton           *save_button;
  AdwEntryRow         *name_row;
  GtkWidget           *name_error;
  AdwComboRow         *auth_row;
  AdwEntryRow         *header_row;
  GtkWidget           *header_error;
  AdwEntryRow         *url_row;
  GtkWidget           *url_error;
  AdwEntryRow         *success_row;
  GtkWidget           *success_error;
  AdwEntryRow         *rejected_row;
  GtkWidget           *rejected_error;
  AdwEntryRow         *dashboard_row;
  GtkWidget           *dashboard_error;
  AdwPreferencesGroup *test_group;
  AdwEntryRow         *token_row;
  GtkWidget           *token_error;
  KeyfobCheckRow      *check_row;

  /* Owned refs */
  KeyfobCatalogue     *catalogue;
  KeyfobVerifier      *verifier;
  KeyfobProvider      *editing;      /* the provider being edited; NULL for a new one */
  KeyfobProvider      *built;        /* the form as a provider, once it is one */
  GBytes              *json;         /* and as its file */
  char                *built_id;
  SecretValue         *tested_secret;  /* the token and values of the last Test */
  GHashTable          *tested_fields;
  GPtrArray           *field_rows;   /* AdwEntryRow, one per {placeholder} of the address */
  GCancellable        *cancellable;  /* the test and the save */

  gboolean             tested;       /* the form as it is passed its Test */
  gboolean             testing;
  gboolean             saving;
};

G_DEFINE_FINAL_TYPE (KeyfobCustomProviderDialog, keyfob_custom_provider_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CATALOGUE,
  PROP_VERIFIER,
  PROP_PROVIDER,
  N_PROPS
};

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_save (KeyfobCustomProviderDialog *self)
{
  gboolean busy = self->testing || self->saving;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "custom.save", self->tested && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "custom.test", !busy);
}

static void
clear_errors (KeyfobCustomProviderDialog *self)
{
  keyfob_ui_clear_row_error (GTK_WIDGET (self->name_row), self->name_error);
  keyfob_ui_clear_row_error (GTK_WIDGET (self->header_row), self->header_error);
  keyfob_ui_clear_row_error (GTK_WIDGET (self->url_row), self->url_error);
  keyfob_ui_clear_row_error (GTK_WIDGET (self->success_row), self->success_error);
  keyfob_ui_clear_row_error (GTK_WIDGET (self->rejected_row), self->rejected_error);
  keyfob_ui_clear_row_error (GTK_WIDGET (self->dashboard_row), self->dashboard_error);
  keyfob_ui_clear_row_error (GTK_WIDGET (self->token_row), self->token_error);
}

/* Core's message, under the entry it is about. */
static void
show_error (KeyfobCustomProviderDialog *self,
            const GError               *error)
{
  struct { GtkWidget *row; GtkWidget *label; } rows[] = {
    [KEYFOB_PROVIDER_WRITER_ERROR_NAME] = { GTK_WIDGET (self->name_row), self->name_error },
    [KEYFOB_PROVIDER_WRITER_ERROR_HEADER] = { GTK_WIDGET (self->header_row), self->header_error },
    [KEYFOB_PROVIDER_WRITER_ERROR_URL] = { GTK_WIDGET (self->url_row), self->url_error },
    [KEYFOB_PROVIDER_WRITER_ERROR_SUCCESS] = { GTK_WIDGET (self->success_row),
                                               self->success_error },
    [KEYFOB_PROVIDER_WRITER_ERROR_REJECTED] = { GTK_WIDGET (self->rejected_row),
                                                self->rejected_error },
    [KEYFOB_PROVIDER_WRITER_ERROR_DASHBOARD] = { GTK_WIDGET (self->dashboard_row),
                                                 self->dashboard_error },
  };

  if (error->domain == KEYFOB_PROVIDER_WRITER_ERROR && error->code > 0 &&
      error->code < (int) G_N_ELEMENTS (rows) && rows[error->code].row != NULL)
    {
      keyfob_ui_set_row_error (rows[error->code].row, rows[error->code].label, error->message);
      gtk_widget_grab_focus (rows[error->code].row);
    }
  else
    {
      keyfob_check_row_show_failure (self->check_row, error->message);
    }
}

static void
forget_built (KeyfobCustomProviderDialog *self)
{
  g_clear_object (&self->built);
  g_clear_pointer (&self->json, g_bytes_unref);
  g_clear_pointer (&self->built_id, g_free);
  g_clear_pointer (&self->tested_secret, secret_value_unref);
  g_clear_pointer (&self->tested_fields, g_hash_table_unref);
}

/* Any change asks for a new Test: only the form as tested is saved. */
static void
changed_cb (KeyfobCustomProviderDialog *self)
{
  gboolean own_header = adw_combo_row_get_selected (self->auth_row) == KEYFOB_CUSTOM_AUTH_HEADER;

  gtk_widget_set_visible (GTK_WIDGET (self->header_row), own_header);

  /* What is being written is what was tested; the dialog closes once it is. */
  if (self->saving)
    return;

  if (self->testing)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      self->testing = FALSE;
    }

  self->tested = FALSE;
  forget_built (self);
  clear_errors (self);
  keyfob_check_row_reset (self->check_row, NULL);
  update_save (self);
}

static KeyfobProviderSpec *
read_form (KeyfobCustomProviderDialog *self)
{
  KeyfobProviderSpec *spec = keyfob_provider_spec_new ();

#define TEXT(row) g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->row)))
  spec->id = self->editing != NULL ? g_strdup (keyfob_provider_get_id (self->editing)) : NULL;
  spec->name = TEXT (name_row);
  spec->auth = adw_combo_row_get_selected (self->auth_row);
  spec->header_name = TEXT (header_row);
  spec->url = TEXT (url_row);
  g_free (spec->success);
  spec->success = TEXT (success_row);
  g_free (spec->rejected);
  spec->rejected = TEXT (rejected_row);
  g_free (spec->dashboard_url);
  spec->dashboard_url = TEXT (dashboard_row);
#undef TEXT

  return spec;
}

static AdwEntryRow *
field_row (KeyfobCustomProviderDialog *self,
           const char                 *key)
{
  for (guint i = 0; i < self->field_rows->len; i++)
    if (g_str_equal (g_object_get_data (g_ptr_array_index (self->field_rows, i), "key"), key))
      return g_ptr_array_index (self->field_rows, i);

  return NULL;
}

/* A row for each value the address needs, as core read the {placeholders}; what was typed in
 * a row whose placeholder stays is kept. */
static void
sync_field_rows (KeyfobCustomProviderDialog *self)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->field_rows);

  self->field_rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < keyfob_provider_get_n_fields (self->built); i++)
    {
      const KeyfobProviderField *field = keyfob_provider_get_field (self->built, i);
      GtkWidget *row = NULL;

      for (guint j = 0; row == NULL && j < old->len; j++)
        if (g_str_equal (g_object_get_data (g_ptr_array_index (old, j), "key"), field->key))
          row = g_ptr_array_steal_index (old, j);

      if (row == NULL)
        {
          row = g_object_ref_sink (adw_entry_row_new ());
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field->key);
          g_object_set_data_full (G_OBJECT (row), "key", g_strdup (field->key), g_free);
          g_signal_connect_object (row, "changed", G_CALLBACK (changed_cb), self,
                                   G_CONNECT_SWAPPED);
          adw_preferences_group_add (self->test_group, row);
        }
      g_ptr_array_add (self->field_rows, row);
    }

  for (guint i = 0; i < old->len; i++)
    adw_preferences_group_remove (self->test_group, g_ptr_array_index (old, i));
}

static void
test_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KeyfobCustomProviderDialog) self = user_data;
  g_autoptr(KeyfobCheckResult) check = NULL;
  g_autoptr(GError) error = NULL;

  check = keyfob_verifier_check_finish (KEYFOB_VERIFIER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->testing = FALSE;
  if (check == NULL)
    {
      keyfob_check_row_show_failure (self->check_row, error->message);
    }
  else
    {
      keyfob_check_row_show_result (self->check_row, self->built, check);
      self->tested = check->verdict == KEYFOB_VERDICT_VALID;
    }

  update_save (self);
}

/* The form through core's rules, then the token through the check it describes. */
static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KeyfobCustomProviderDialog *self = KEYFOB_CUSTOM_PROVIDER_DIALOG (widget);
  g_autoptr(KeyfobProviderSpec) spec = read_form (self);
  g_autoptr(KeyfobTokenDraft) draft = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = NULL;
  const char *token;

  if (self->testing || self->saving)
    return;

  clear_errors (self);
  forget_built (self);
  self->built = keyfob_provider_spec_build (spec, self->catalogue, &self->json, &error);
  if (self->built == NULL)
    {
      show_error (self, error);
      return;
    }
  self->built_id = g_strdup (spec->id);
  sync_field_rows (self);

  draft = keyfob_token_draft_new (self->built);
  for (guint i = 0; i < keyfob_provider_get_n_fields (self->built); i++)
    {
      const char *key = keyfob_provider_get_field (self->built, i)->key;
      AdwEntryRow *row = field_row (self, key);

      if (keyfob_ui_is_blank (gtk_editable_get_text (GTK_EDITABLE (row))))
        {
          g_autofree char *message = NULL;

          /* Translators: %s is a value the address needs, as the user wrote it: {workspace} */
          message = g_strdup_printf (_("Fill in {%s} to test a token"), key);
          keyfob_check_row_show_failure (self->check_row, message);
          gtk_widget_grab_focus (GTK_WIDGET (row));
          return;
        }

      if (!keyfob_token_draft_set_field (draft, key, gtk_editable_get_text (GTK_EDITABLE (row)),
                                         &error))
        {
          keyfob_check_row_show_failure (self->check_row, error->message);
          return;
        }
    }

  token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  if (!keyfob_token_draft_set_secret (draft, token, strlen (token), &error))
    {
      keyfob_ui_set_row_error (GTK_WIDGET (self->token_row), self->token_error, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
      return;
    }
  if ((fields = keyfob_token_draft_dup_fields (draft, &error)) == NULL)
    {
      keyfob_check_row_show_failure (self->check_row, error->message);
      return;
    }

  /* Handed on with the provider: the Add dialog's form needs them again. */
  self->tested_secret = secret_value_ref (keyfob_token_draft_get_secret (draft));
  self->tested_fields = g_hash_table_ref (fields);
  self->testing = TRUE;
  update_save (self);
  /* Translators: %s is the name the user gave the service */
  hint = g_strdup_printf (_("Asking %s whether it accepts the token…"), spec->name);
  keyfob_check_row_start (self->check_row, hint);
  keyfob_verifier_check_async (self->verifier, self->built, fields,
                               keyfob_token_draft_get_secret (draft), self->cancellable,
                               test_cb, g_object_ref (self));
}

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KeyfobCustomProviderDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  KeyfobProvider *provider;

  if (!keyfob_catalogue_load_finish (KEYFOB_CATALOGUE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Written and checked: the catalogue has it unless the folder changed under it. */
  provider = keyfob_catalogue_lookup (self->catalogue, self->built_id);
  if (provider != NULL)
    g_signal_emit (self, signals[SIGNAL_SAVED], 0, provider, self->tested_secret,
                   self->tested_fields);

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KeyfobCustomProviderDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!keyfob_provider_writer_save_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      self->saving = FALSE;
      keyfob_check_row_show_failure (self->check_row, error->message);
      update_save (self);
      return;
    }

  keyfob_catalogue_load_async (self->catalogue, self->cancellable, reloaded_cb,
                               g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KeyfobCustomProviderDialog *self = KEYFOB_CUSTOM_PROVIDER_DIALOG (widget);

  if (!self->tested || self->testing || self->saving)
    return;

  self->saving = TRUE;
  update_save (self);
  keyfob_provider_writer_save_async (self->built, self->json, self->cancellable, saved_cb,
                                     g_object_ref (self));
}

/* Editing: the form as the file was written. */
static void
fill_form (KeyfobCustomProviderDialog *self)
{
  g_autoptr(KeyfobProviderSpec) spec = NULL;

  if (self->editing != NULL)
    spec = keyfob_provider_spec_new_from_provider (self->editing);
  if (spec == NULL)
    spec = keyfob_provider_spec_new ();

#define SET(row, text) gtk_editable_set_text (GTK_EDITABLE (self->row), (text) ? (text) : "")
  SET (name_row, spec->name);
  SET (header_row, spec->header_name);
  SET (url_row, spec->url);
  SET (success_row, spec->success);
  SET (rejected_row, spec->rejected);
  SET (dashboard_row, spec->dashboard_url);
#undef SET
  adw_combo_row_set_selected (self->auth_row, spec->auth);
  changed_cb (self);
}

static gboolean
keyfob_custom_provider_dialog_close_request (GtkWindow *window)
{
  KeyfobCustomProviderDialog *self = KEYFOB_CUSTOM_PROVIDER_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (keyfob_custom_provider_dialog_parent_class)->close_request (window);
}

static void
keyfob_custom_provider_dialog_constructed (GObject *object)
{
  KeyfobCustomProviderDialog *self = KEYFOB_CUSTOM_PROVIDER_DIALOG (object);

  G_OBJECT_CLASS (keyfob_custom_provider_dialog_parent_class)->constructed (object);

  adw_window_title_set_title (self->window_title, self->editing != NULL
                                                  ? _("Edit Service")
                                                  : _("Other Service"));
  gtk_window_set_title (GTK_WINDOW (self), adw_window_title_get_title (self->window_title));
  fill_form (self);
}

static void
keyfob_custom_provider_dialog_dispose (GObject *object)
{
  KeyfobCustomProviderDialog *self = KEYFOB_CUSTOM_PROVIDER_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->verifier);
  g_clear_object (&self->editing);
  forget_built (self);
  g_clear_pointer (&self->field_rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), KEYFOB_TYPE_CUSTOM_PROVIDER_DIALOG);

  G_OBJECT_CLASS (keyfob_custom_provider_dialog_parent_class)->dispose (object);
}

static void
keyfob_custom_provider_dialog_set_property (GObject      *object,
                                            guint         prop_id,
                                            const GValue *value,
                                            GParamSpec   *pspec)
{
  KeyfobCustomProviderDialog *self = KEYFOB_CUSTOM_PROVIDER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CATALOGUE:
      self->catalogue = g_value_dup_object (value);
      break;
    case PROP_VERIFIER:
      self->verifier = g_value_dup_object (value);
      break;
    case PROP_PROVIDER:
      self->editing = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_custom_provider_dialog_class_init (KeyfobCustomProviderDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = keyfob_custom_provider_dialog_constructed;
  object_class->dispose = keyfob_custom_provider_dialog_dispose;
  object_class->set_property = keyfob_custom_provider_dialog_set_property;
  window_class->close_request = keyfob_custom_provider_dialog_close_request;

  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL, KEYFOB_TYPE_CATALOGUE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERIFIER] =
    g_param_spec_object ("verifier", NULL, NULL, KEYFOB_TYPE_VERIFIER,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The provider to edit, one keyfob_provider_get_custom() says the form wrote. */
  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL, KEYFOB_TYPE_PROVIDER,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KeyfobCustomProviderDialog::saved:
   * @provider: the catalogue's, once it has reloaded
   * @secret: the token that passed the Test
   * @fields: (element-type utf8 utf8): the values it passed with
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, KEYFOB_TYPE_PROVIDER, SECRET_TYPE_VALUE, G_TYPE_HASH_TABLE);

  g_type_ensure (KEYFOB_TYPE_CHECK_ROW);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/keyfob/Keyfob/keyfob-custom-provider-dialog.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, KeyfobCustomProviderDialog, name)
  BIND (window_title);
  BIND (save_button);
  BIND (name_row);
  BIND (name_error);
  BIND (auth_row);
  BIND (header_row);
  BIND (header_error);
  BIND (url_row);
  BIND (url_error);
  BIND (success_row);
  BIND (success_error);
  BIND (rejected_row);
  BIND (rejected_error);
  BIND (dashboard_row);
  BIND (dashboard_error);
  BIND (test_group);
  BIND (token_row);
  BIND (token_error);
  BIND (check_row);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);

  gtk_widget_class_install_action (widget_class, "custom.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "custom.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
keyfob_custom_provider_dialog_init (KeyfobCustomProviderDialog *self)
{
  self->field_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * keyfob_custom_provider_dialog_new:
 * @provider: (nullable): a provider the form wrote, to edit; %NULL for a new one
 */
GtkWidget *
keyfob_custom_provider_dialog_new (GtkWindow       *parent,
                                   KeyfobCatalogue *catalogue,
                                   KeyfobVerifier  *verifier,
                                   KeyfobProvider  *provider)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (KEYFOB_IS_VERIFIER (verifier), NULL);
  g_return_val_if_fail (provider == NULL || keyfob_provider_get_custom (provider), NULL);

  return g_object_new (KEYFOB_TYPE_CUSTOM_PROVIDER_DIALOG,
                       "transient-for", parent,
                       "catalogue", catalogue,
                       "verifier", verifier,
                       "provider", provider,
                       NULL);
}
