/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token-details"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-text.h"
#include "keyfob-token-details-private.h"
#include "keyfob-ui-util.h"

/* The page's editors: each provider field in place, and the expiry. Every change is a draft of
 * the stored token, checked by core's rules before anything is written: bad input shows under
 * its row and writes nothing. */

/* ---- saving ---- */

/* A save under way, and where its error would show. */
typedef struct
{
  KeyfobTokenDetails *self;
  KeyfobToken        *token;
  GtkWidget          *row;
  GtkWidget          *error_label;
} Save;

static void
save_free (Save *save)
{
  g_object_unref (save->self);
  g_object_unref (save->token);
  g_object_unref (save->row);
  g_object_unref (save->error_label);
  g_free (save);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Save, save_free)

static void
edited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Save) save = user_data;
  g_autoptr(GError) error = NULL;
  gboolean saved = keyfob_token_list_change_finish (KEYFOB_TOKEN_LIST (object), result,
                                                    &error);

  /* The page may show another token by now, in the same rows. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      save->self->token != save->token)
    return;

  if (saved)
    keyfob_ui_clear_row_error (save->row, save->error_label);
  else
    keyfob_ui_set_row_error (save->row, save->error_label, error->message);
}

/* Writes @draft, once its fields pass together; @row shows what went wrong, if anything. */
static void
save_draft (KeyfobTokenDetails *self,
            KeyfobTokenDraft   *draft,
            GtkWidget          *row,
            GtkWidget          *error_label)
{
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GError) error = NULL;
  Save *save;

  if (!(fields = keyfob_token_draft_dup_fields (draft, &error)))
    {
      keyfob_ui_set_row_error (row, error_label, error->message);
      return;
    }

  save = g_new0 (Save, 1);
  save->self = g_object_ref (self);
  save->token = g_object_ref (self->token);
  save->row = g_object_ref (row);
  save->error_label = g_object_ref (error_label);
  keyfob_token_list_edit_async (self->tokens, self->token, draft, self->cancellable, edited_cb,
                                save);
}

/* What the row holds now: the typed text, or the value of the choice made. */
static char *
dup_given (KeyfobDetailsField *field)
{
  if (field->field->kind == KEYFOB_FIELD_CHOICE)
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->row));

      if (selected >= field->field->choices->len)
        return NULL;
      return g_strdup (((const KeyfobFieldChoice *)
                        g_ptr_array_index (field->field->choices, selected))->value);
    }

  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->row)));
}

static void
save_field (KeyfobTokenDetails *self,
            KeyfobDetailsField *field)
{
  g_autoptr(KeyfobTokenDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *given = dup_given (field);
  const char *stored;

  if (self->token == NULL || self->provider == NULL)
    return;

  stored = g_hash_table_lookup (keyfob_token_get_fields (self->token), field->field->key);
  if (g_strcmp0 (given, stored != NULL ? stored : "") == 0)
    {
      keyfob_ui_clear_row_error (field->row, field->error_label);
      return;
    }

  draft = keyfob_token_draft_new_edit (self->provider, self->token);
  if (!keyfob_token_draft_set_field (draft, field->field->key, given, &error))
    {
      keyfob_ui_set_row_error (field->row, field->error_label, error->message);
      return;
    }

  save_draft (self, draft, field->row, field->error_label);
}

/* @date: YYYY-MM-DD, or %NULL for none */
static void
save_expiry (KeyfobTokenDetails *self,
             const char         *date)
{
  g_autoptr(KeyfobTokenDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row = GTK_WIDGET (self->expiry_row);

  if (self->token == NULL || self->provider == NULL)
    return;

  draft = keyfob_token_draft_new_edit (self->provider, self->token);
  if (!keyfob_token_draft_set_expires (draft, date, &error))
    {
      keyfob_ui_set_row_error (row, self->expiry_error, error->message);
      return;
    }

  save_draft (self, draft, row, self->expiry_error);
}

/* ---- provider fields ---- */

static gboolean
is_focused (GtkWidget *row)
{
  return (gtk_widget_get_state_flags (row) & GTK_STATE_FLAG_FOCUS_WITHIN) != 0;
}

/* Returns whether the row showed something else, which it no longer does. */
static gboolean
show_field_value (KeyfobDetailsField *field,
                  const char         *value)
{
  g_autofree char *given = dup_given (field);

  if (g_strcmp0 (given, value != NULL ? value : "") == 0)
    return FALSE;

  if (field->field->kind == KEYFOB_FIELD_CHOICE)
    {
      for (guint i = 0; i < field->field->choices->len; i++)
        {
          const KeyfobFieldChoice *choice = g_ptr_array_index (field->field->choices, i);

          if (g_strcmp0 (choice->value, value) == 0)
            adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), i);
        }
      return TRUE;
    }

  /* What the user is typing stays until they apply it or leave. */
  if (is_focused (field->row))
    return FALSE;

  gtk_editable_set_text (GTK_EDITABLE (field->row), value != NULL ? value : "");
  return TRUE;
}

/* An edit here or in another program changed the values: the rows follow. */
void
_keyfob_token_details_update_fields (KeyfobTokenDetails *self)
{
  GHashTable *values = keyfob_token_get_fields (self->token);

  if (self->provider == NULL)
    return;

  self->updating = TRUE;
  for (guint i = 0; i < self->fields->len; i++)
    {
      KeyfobDetailsField *field = g_ptr_array_index (self->fields, i);

      if (show_field_value (field, g_hash_table_lookup (values, field->field->key)))
        keyfob_ui_clear_row_error (field->row, field->error_label);
    }
  self->updating = FALSE;
}

static KeyfobDetailsField *
field_of_row (KeyfobTokenDetails *self,
              GtkWidget          *row)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      KeyfobDetailsField *field = g_ptr_array_index (self->fields, i);

      if (field->row == row)
        return field;
    }

  return NULL;
}

/* Typed text waits for Apply; what is typed clears the error of what was applied. */
static void
text_changed_cb (GtkWidget          *row,
                 KeyfobTokenDetails *self)
{
  KeyfobDetailsField *field = field_of_row (self, row);

  if (!self->updating && field != NULL)
    keyfob_ui_clear_row_error (field->row, field->error_label);
}

/* A choice saves as it is made. */
static void
choice_changed_cb (GtkWidget          *row,
                   GParamSpec         *pspec,
                   KeyfobTokenDetails *self)
{
  KeyfobDetailsField *field = field_of_row (self, row);

  if (!self->updating && field != NULL)
    save_field (self, field);
}

static void
text_applied_cb (GtkWidget          *row,
                 KeyfobTokenDetails *self)
{
  KeyfobDetailsField *field = field_of_row (self, row);

  if (field != NULL)
    save_field (self, field);
}

static GtkWidget *
field_row_new (KeyfobTokenDetails        *self,
               const KeyfobProviderField *field)
{
  GtkWidget *row;

  if (field->kind == KEYFOB_FIELD_CHOICE)
    {
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

      for (guint i = 0; i < field->choices->len; i++)
        {
          const KeyfobFieldChoice *choice = g_ptr_array_index (field->choices, i);

          gtk_string_list_append (labels, choice->label);
        }

      row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (choice_changed_cb), self, 0);
    }
  else
    {
      row = adw_entry_row_new ();
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      if (field->placeholder != NULL)
        {
          /* Translators: %s is an example value, such as “acme” */
          g_autofree char *tooltip = g_strdup_printf (_("For example: %s"), field->placeholder);

          gtk_widget_set_tooltip_text (row, tooltip);
        }
      g_signal_connect_object (row, "apply", G_CALLBACK (text_applied_cb), self, 0);
      g_signal_connect_object (row, "changed", G_CALLBACK (text_changed_cb), self, 0);
    }

  /* The provider file's words: plain text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field->label);

  return row;
}

void
_keyfob_token_details_clear_field_rows (KeyfobTokenDetails *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box))) != NULL)
    gtk_box_remove (self->fields_box, child);
  g_ptr_array_set_size (self->fields, 0);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Without its provider, a token's fields can be shown but not checked, so not edited; its
 * attributes are another program's words, one line each. */
static void
add_unknown_provider_rows (KeyfobTokenDetails *self)
{
  GHashTable *values = keyfob_token_get_fields (self->token);
  g_autofree const char **keys = (const char **) g_hash_table_get_keys_as_array (values, NULL);
  GtkWidget *group = adw_preferences_group_new ();

  g_qsort_with_data (keys, g_hash_table_size (values), sizeof *keys, compare_keys, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *key = keyfob_text_one_line (keys[i], KEYFOB_VENDOR_TEXT_MAX_CHARS);
      g_autofree char *value = keyfob_text_one_line (g_hash_table_lookup (values, keys[i]),
                                                     KEYFOB_VENDOR_TEXT_MAX_CHARS);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), key != NULL ? key : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL ? value : "");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  gtk_box_append (self->fields_box, group);
  gtk_widget_set_visible (self->fields_group, g_hash_table_size (values) > 0);
}

void
_keyfob_token_details_add_field_rows (KeyfobTokenDetails *self)
{
  guint n_fields;

  _keyfob_token_details_clear_field_rows (self);
  if (self->provider == NULL)
    {
      add_unknown_provider_rows (self);
      return;
    }

  n_fields = keyfob_provider_get_n_fields (self->provider);
  gtk_widget_set_visible (self->fields_group, n_fields > 0);

  /* A new combo row selects its first choice: no change of the user's. */
  self->updating = TRUE;
  for (guint i = 0; i < n_fields; i++)
    {
      KeyfobDetailsField *field = g_new0 (KeyfobDetailsField, 1);

      field->field = keyfob_provider_get_field (self->provider, i);
      field->group = adw_preferences_group_new ();
      field->row = field_row_new (self, field->field);
      field->error_label = keyfob_ui_error_label_new (field->row);

      if (field->field->description != NULL)
        {
          g_autofree char *description = g_markup_escape_text (field->field->description, -1);

          adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (field->group),
                                                 description);
        }

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (field->group), field->row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (field->group), field->error_label);
      gtk_box_append (self->fields_box, field->group);
      g_ptr_array_add (self->fields, field);
    }
  self->updating = FALSE;

  _keyfob_token_details_update_fields (self);
}

/* ---- the expiry editor ---- */

/* Opens on the current expiry, else today. */
static void
expiry_popover_show_cb (KeyfobTokenDetails *self)
{
  GDateTime *expires = self->token != NULL ? keyfob_token_get_expires (self->token) : NULL;
  g_autoptr(GDateTime) day = NULL;

  if (expires != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (expires);

      day = g_date_time_new_local (g_date_time_get_year (utc), g_date_time_get_month (utc),
                                   g_date_time_get_day_of_month (utc), 0, 0, 0);
    }
  else
    {
      day = g_date_time_new_now_local ();
    }

  gtk_calendar_select_day (self->expiry_calendar, day);
}

static void
set_expiry_clicked_cb (KeyfobTokenDetails *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->expiry_calendar);
  g_autofree char *date = g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (day),
                                           g_date_time_get_month (day),
                                           g_date_time_get_day_of_month (day));

  gtk_popover_popdown (self->expiry_popover);
  save_expiry (self, date);
}

static void
no_expiry_clicked_cb (KeyfobTokenDetails *self)
{
  gtk_popover_popdown (self->expiry_popover);
  save_expiry (self, NULL);
}

void
_keyfob_token_details_edit_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, expiry_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, set_expiry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, no_expiry_clicked_cb);
}
