/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-dotenv.h"
#include "keyfob-import.h"
#include "keyfob-import-dialog.h"

/* One token of the file, and its row. */
typedef struct
{
  KeyfobImportItem *item;   /* borrowed from the dialog's items */
  AdwActionRow     *row;
  GtkCheckButton   *check;
  GtkLabel         *status;
} Row;

struct _KeyfobImportDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkSpinner           *spinner;
  GtkLabel             *message_label;
  AdwPreferencesGroup  *tokens_group;
  AdwPreferencesGroup  *others_group;

  /* Owned refs */
  KeyfobCatalogue      *catalogue;
  KeyfobTokenList      *tokens;
  KeyfobVerifier       *verifier;
  GFile                *file;
  GCancellable         *cancellable;
  KeyfobDotenv         *dotenv;   /* the file's values, wiped when freed */
  GPtrArray            *items;    /* of KeyfobImportItem */
  GPtrArray            *rows;     /* of Row */

  guint                 pending;  /* secrets being compared, or tokens being tested */
  guint                 storing;  /* the row being stored, plus one; 0 when not storing */
  guint                 n_imported;
};

G_DEFINE_FINAL_TYPE (KeyfobImportDialog, keyfob_import_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* An async call's user data: the dialog, and the row or stored token it is about. */
typedef struct
{
  KeyfobImportDialog *self;
  Row                *row;
  KeyfobToken        *token;
} Call;

static Call *
call_new (KeyfobImportDialog *self,
          Row                *row,
          KeyfobToken        *token)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->row = row;
  call->token = token != NULL ? g_object_ref (token) : NULL;

  return call;
}

static void
call_free (Call *call)
{
  g_clear_object (&call->self);
  g_clear_object (&call->token);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static void
show_message (KeyfobImportDialog *self,
              const char         *message)
{
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
update_actions (KeyfobImportDialog *self)
{
  gboolean any = FALSE;
  gboolean busy = self->pending > 0 || self->storing > 0;

  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      any |= row->item->draft != NULL && gtk_check_button_get_active (row->check);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.import", any && !busy);
}

/* The row says what became of its token: ready to import, or why not. */
static void
update_row (Row *row)
{
  KeyfobImportItem *item = row->item;
  g_autofree char *subtitle = NULL;

  /* Translators: a provider name, then a masked preview of a token */
  subtitle = g_strdup_printf (_("%s · %s"), keyfob_provider_get_name (item->provider),
                              item->preview != NULL ? item->preview : "");
  if (item->skipped != NULL)
    {
      g_autofree char *with_reason = g_strdup_printf ("%s\n%s", subtitle, item->skipped);

      g_free (subtitle);
      subtitle = g_steal_pointer (&with_reason);
    }
  adw_action_row_set_subtitle (row->row, subtitle);

  if (item->draft == NULL)
    {
      gtk_check_button_set_active (row->check, FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (row->check), FALSE);
    }

  gtk_label_set_text (row->status, item->check != NULL
                                   ? keyfob_verdict_to_string (item->check->verdict)
                                   : "");
}

static void
add_other_row (KeyfobImportDialog *self,
               KeyfobImportItem   *item)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->entry->key);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), item->skipped);
  adw_preferences_group_add (self->others_group, row);
  gtk_widget_set_visible (GTK_WIDGET (self->others_group), TRUE);
}

static void
check_toggled_cb (KeyfobImportDialog *self)
{
  update_actions (self);
}

static void
add_token_row (KeyfobImportDialog *self,
               KeyfobImportItem   *item)
{
  g_autofree char *label = NULL;
  Row *row = g_new0 (Row, 1);

  row->item = item;
  row->row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), item->entry->key);

  row->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (row->check), GTK_ALIGN_CENTER);
  gtk_check_button_set_active (row->check, item->draft != NULL);
  /* Translators: %s is an environment variable's name */
  label = g_strdup_printf (_("Import %s"), item->entry->key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  g_signal_connect_swapped (row->check, "toggled", G_CALLBACK (check_toggled_cb), self);
  adw_action_row_add_prefix (row->row, GTK_WIDGET (row->check));
  adw_action_row_set_activatable_widget (row->row, GTK_WIDGET (row->check));

  row->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (row->status), "dim-label");
  adw_action_row_add_suffix (row->row, GTK_WIDGET (row->status));

  g_ptr_array_add (self->rows, row);
  update_row (row);
  adw_preferences_group_add (self->tokens_group, GTK_WIDGET (row->row));
  gtk_widget_set_visible (GTK_WIDGET (self->tokens_group), TRUE);
}

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  KeyfobImportItem *item = call->row->item;
  KeyfobCheckResult *check;

  check = keyfob_verifier_check_finish (KEYFOB_VERIFIER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (check == NULL)
    {
      check = keyfob_check_result_new (KEYFOB_VERDICT_UNEXPECTED);
      check->detail = g_strdup (error->message);
    }
  item->check = check;

  /* Forbidden: the vendor knows the token, which only lacks a permission for this call. */
  if (check->verdict != KEYFOB_VERDICT_VALID && check->verdict != KEYFOB_VERDICT_FORBIDDEN)
    /* Translators: a provider name, then a sentence */
    keyfob_import_item_skip (item, TRUE, _("%s did not accept it: %s"),
                             keyfob_provider_get_name (item->provider),
                             check->detail != NULL ? check->detail
                                                   : keyfob_verdict_describe (check->verdict));

  update_row (call->row);
  call->self->pending--;
  update_actions (call->self);
}

static void
test_all (KeyfobImportDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      g_autoptr(GHashTable) fields = NULL;

      update_row (row);
      if (row->item->draft == NULL)
        continue;

      /* Translators: shown while a token is being tested */
      gtk_label_set_text (row->status, _("Testing…"));
      fields = keyfob_token_draft_dup_fields (row->item->draft, NULL);
      self->pending++;
      keyfob_verifier_check_async (self->verifier, row->item->provider, fields,
                                   keyfob_token_draft_get_secret (row->item->draft),
                                   self->cancellable, tested_cb, call_new (self, row, NULL));
    }

  update_actions (self);
}

static void
secret_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(GError) error = NULL;

  secret = keyfob_token_list_load_secret_finish (KEYFOB_TOKEN_LIST (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (secret != NULL)
    keyfob_import_item_holds (call->row->item, call->token, secret);
  else
    show_message (call->self, error->message);

  /* Every stored look-alike compared: now the rest can be tested. */
  if (--call->self->pending == 0)
    test_all (call->self);
}

/* Reads the stored tokens that look like a row's, which are few or none, before testing. */
static void
compare_stored (KeyfobImportDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      for (guint j = 0; row->item->draft != NULL && j < row->item->stored_like->len; j++)
        {
          KeyfobToken *token = g_ptr_array_index (row->item->stored_like, j);

          self->pending++;
          keyfob_token_list_load_secret_async (self->tokens, token, self->cancellable,
                                               secret_loaded_cb, call_new (self, row, token));
        }
    }

  if (self->pending == 0)
    test_all (self);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *path = g_file_get_path (file);
  GError *error = NULL;
  KeyfobDotenv *dotenv;

  if (path == NULL)
    {
      g_task_return_new_error (task, KEYFOB_DOTENV_ERROR, KEYFOB_DOTENV_ERROR_READ,
                               _("Keyfob imports files on this computer only."));
      return;
    }

  dotenv = keyfob_dotenv_load (path, &error);
  if (dotenv == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dotenv, (GDestroyNotify) keyfob_dotenv_free);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KeyfobImportDialog) self = user_data;
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GListModel *model = G_LIST_MODEL (self->tokens);

  self->dotenv = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->pending--;
  if (self->dotenv == NULL)
    {
      show_message (self, error->message);
      update_actions (self);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (stored, g_list_model_get_item (model, i));

  self->items = keyfob_import_plan (self->catalogue, self->dotenv, stored);
  for (guint i = 0; i < self->items->len; i++)
    {
      KeyfobImportItem *item = g_ptr_array_index (self->items, i);

      if (item->provider != NULL)
        add_token_row (self, item);
      else
        add_other_row (self, item);
    }

  if (self->rows->len == 0)
    show_message (self, _("This file holds no token of a provider Keyfob knows."));

  compare_stored (self);
}

static void store_next (KeyfobImportDialog *self);

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  KeyfobImportDialog *self = call->self;
  KeyfobImportItem *item = call->row->item;
  g_autoptr(GError) error = NULL;

  item->token = keyfob_token_list_add_finish (KEYFOB_TOKEN_LIST (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (item->token == NULL)
    {
      /* What was stored stays stored; the rest waits for another try. */
      show_message (self, error->message);
      self->storing = 0;
      update_actions (self);
      return;
    }

  keyfob_import_item_skip (item, FALSE, _("imported"));
  update_row (call->row);
  self->n_imported++;
  store_next (self);
}

/* Stores the ticked tokens one after the other, then closes. */
static void
store_next (KeyfobImportDialog *self)
{
  for (guint i = self->storing; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (row->item->draft == NULL || !gtk_check_button_get_active (row->check))
        continue;

      self->storing = i + 1;
      update_actions (self);
      /* As the Add dialog does: the test's verdict is the token's last check, stored with it. */
      keyfob_token_draft_set_check (row->item->draft, row->item->check);
      keyfob_token_list_add_async (self->tokens, row->item->draft, self->cancellable, added_cb,
                                   call_new (self, row, NULL));
      return;
    }

  self->storing = 0;
  g_signal_emit (self, signals[SIGNAL_IMPORTED], 0, self->n_imported);
  gtk_window_close (GTK_WINDOW (self));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KeyfobImportDialog *self = KEYFOB_IMPORT_DIALOG (widget);

  show_message (self, NULL);
  self->storing = 0;
  store_next (self);
}

static gboolean
keyfob_import_dialog_close_request (GtkWindow *window)
{
  KeyfobImportDialog *self = KEYFOB_IMPORT_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (keyfob_import_dialog_parent_class)->close_request (window);
}

static void
keyfob_import_dialog_dispose (GObject *object)
{
  KeyfobImportDialog *self = KEYFOB_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->tokens);
  g_clear_object (&self->verifier);
  g_clear_object (&self->file);

  gtk_widget_dispose_template (GTK_WIDGET (self), KEYFOB_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (keyfob_import_dialog_parent_class)->dispose (object);
}

static void
keyfob_import_dialog_finalize (GObject *object)
{
  KeyfobImportDialog *self = KEYFOB_IMPORT_DIALOG (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->dotenv, keyfob_dotenv_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (keyfob_import_dialog_parent_class)->finalize (object);
}

static void
keyfob_import_dialog_class_init (KeyfobImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = keyfob_import_dialog_dispose;
  object_class->finalize = keyfob_import_dialog_finalize;
  window_class->close_request = keyfob_import_dialog_close_request;

  signals[SIGNAL_IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/"
                                               "keyfob-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KeyfobImportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KeyfobImportDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, KeyfobImportDialog, tokens_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobImportDialog, others_group);

  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
keyfob_import_dialog_init (KeyfobImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.import", FALSE);
}

/**
 * keyfob_import_dialog_new:
 * @file: the .env file, which is read, never changed
 */
KeyfobImportDialog *
keyfob_import_dialog_new (GtkWindow       *parent,
                          KeyfobCatalogue *catalogue,
                          KeyfobTokenList *tokens,
                          KeyfobVerifier  *verifier,
                          GFile           *file)
{
  KeyfobImportDialog *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (KEYFOB_IS_TOKEN_LIST (tokens), NULL);
  g_return_val_if_fail (KEYFOB_IS_VERIFIER (verifier), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (KEYFOB_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->catalogue = g_object_ref (catalogue);
  self->tokens = g_object_ref (tokens);
  self->verifier = g_object_ref (verifier);
  self->file = g_object_ref (file);

  /* The file is read away from the main loop: it may be on a slow disk. */
  self->pending = 1;
  update_actions (self);
  task = g_task_new (self, self->cancellable, loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, keyfob_import_dialog_new);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);

  return self;
}
