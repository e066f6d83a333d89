/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-add-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "keyfob-add-dialog.h"
#include "keyfob-add-dialog-private.h"
#include "keyfob-check-result.h"
#include "keyfob-provider-row.h"
#include "keyfob-secret.h"
#include "keyfob-step-row.h"
#include "keyfob-token-rules.h"
#include "keyfob-token.h"
#include "keyfob-token-draft.h"
#include "keyfob-ui-util.h"

#define PAGE_PROVIDERS "providers"
#define PAGE_STEPS     "steps"
#define PAGE_FORM      "form"

/* One provider field on the form; the widgets are owned by form_box. */
typedef struct
{
  const KeyfobProviderField *field;
  GtkWidget                 *group;
  GtkWidget                 *row;
  GtkWidget                 *error_label;
  char                      *vendor_error;  /* what the last Test said about this field */
} FieldRow;

struct _KeyfobAddDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *back_button;
  GtkButton           *next_button;
  GtkButton           *save_button;
  GtkStack            *stack;
  AdwPreferencesGroup *providers_group;
  GtkListBox          *providers_list;
  AdwPreferencesGroup *steps_group;
  GtkListBox          *steps_list;
  GtkWidget           *shown_once_list;
  AdwActionRow        *shown_once_row;
  GtkButton           *dashboard_button;
  GtkBox              *form_box;
  GtkLabel            *banner_label;
  AdwPreferencesGroup *name_group;
  AdwEntryRow         *name_row;
  GtkLabel            *name_error;
  AdwPreferencesGroup *expiry_group;
  AdwEntryRow         *expiry_row;
  GtkLabel            *expiry_error;
  AdwPreferencesGroup *token_group;
  AdwEntryRow         *token_row;
  GtkLabel            *token_error;
  GtkButton           *paste_button;
  AdwActionRow        *check_row;
  GtkWidget           *check_result_box;
  GtkLabel            *check_label;
  GtkStack            *check_icon_stack;
  GtkImage            *check_icon;
  GtkSpinner          *check_spinner;
  GtkButton           *test_button;

  /* Owned refs */
  KeyfobCatalogue     *catalogue;
  KeyfobTokenList     *tokens;
  KeyfobVerifier      *verifier;
  KeyfobProvider      *provider;
  GCancellable        *cancellable;
  GCancellable        *test_cancellable;
  GPtrArray           *field_rows;        /* of FieldRow */
  KeyfobTokenDraft    *draft;             /* the form as core's rules took it */
  char                *duplicate_name;    /* the name the keyring refused as taken */
  char                *duplicate_message;

  int                  last_verdict;      /* a KeyfobVerdict, or -1 before any Test */
  KeyfobCheckResult   *last_check;        /* the Test's, kept with the token when it is saved */
  guint                testing : 1;
  guint                saving : 1;
  guint                updating_choice : 1;
  guint                closing : 1;       /* asked already, or saved: close without asking */
};

G_DEFINE_FINAL_TYPE (KeyfobAddDialog, keyfob_add_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CATALOGUE,
  PROP_TOKENS,
  PROP_VERIFIER,
  N_PROPS
};

enum {
  SIGNAL_TOKEN_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
field_row_free (gpointer data)
{
  FieldRow *field_row = data;

  g_free (field_row->vendor_error);
  g_free (field_row);
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

static char *
escape_markup (const char *text)
{
  return g_markup_escape_text (text != NULL ? text : "", -1);
}

static FieldRow *
lookup_field_row (KeyfobAddDialog *self,
                  const char      *key)
{
  for (guint i = 0; self->field_rows != NULL && i < self->field_rows->len; i++)
    {
      FieldRow *field_row = g_ptr_array_index (self->field_rows, i);

      if (g_str_equal (field_row->field->key, key))
        return field_row;
    }

  return NULL;
}

static const KeyfobFieldChoice *
selected_choice (FieldRow *field_row)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field_row->row));

  if (selected == GTK_INVALID_LIST_POSITION || selected >= field_row->field->choices->len)
    return NULL;

  return g_ptr_array_index (field_row->field->choices, selected);
}

/* The position of the choice @token's prefix implies, such as Pylon's EU region. */
static guint
implied_position (const KeyfobProviderField *field,
                  const char                *token)
{
  const KeyfobFieldChoice *implied = keyfob_provider_field_implied_choice (field, token);
  guint position;

  if (implied != NULL && g_ptr_array_find (field->choices, implied, &position))
    return position;

  return GTK_INVALID_LIST_POSITION;
}

/* What the user gave for one field: a choice's value, or the text as typed. */
static const char *
field_row_get_given (FieldRow *field_row)
{
  if (field_row->field->kind == KEYFOB_FIELD_CHOICE)
    {
      const KeyfobFieldChoice *choice = selected_choice (field_row);

      return choice != NULL ? choice->value : NULL;
    }

  return gtk_editable_get_text (GTK_EDITABLE (field_row->row));
}

/* The fields that pass core's rules as they stand, by key: enough to complete a dashboard's
 * address (Cutover's instance) before the rest of the form is filled in. */
static GHashTable *
collect_checked_fields (KeyfobAddDialog *self)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; self->provider != NULL && i < self->field_rows->len; i++)
    {
      FieldRow *field_row = g_ptr_array_index (self->field_rows, i);
      char *value = NULL;

      if (keyfob_provider_check_field (self->provider, field_row->field->key,
                                       field_row_get_given (field_row), NULL, &value, NULL) &&
          value != NULL)
        g_hash_table_insert (fields, g_strdup (field_row->field->key), value);
    }

  return fields;
}

/* The button opens the dashboard once the fields complete its address, else the help; its
 * label and its target come from the same fields, so that it opens what it says. */
static void
update_help_button (KeyfobAddDialog *self)
{
  g_autoptr(GHashTable) fields = NULL;
  g_autofree char *label = NULL;

  if (self->provider != NULL)
    {
      fields = collect_checked_fields (self);
      label = keyfob_ui_dup_provider_page_label (self->provider, fields);
    }

  gtk_button_set_label (self->dashboard_button, label != NULL ? label : "");
  gtk_widget_set_visible (GTK_WIDGET (self->dashboard_button), label != NULL);
}

/* Applies every rule in core to the form as it stands, shows each reason under the row it is
 * about, and enables Test and Save accordingly. Empty rows are not errors yet: Save just
 * stays off. */
static void
validate (KeyfobAddDialog *self)
{
  g_autoptr(KeyfobTokenDraft) draft = NULL;
  g_autoptr(GError) name_error = NULL;
  g_autoptr(GError) expiry_error = NULL;
  g_autoptr(GError) token_error = NULL;
  const char *name_text;
  const char *pasted;
  const char *name_message = NULL;
  gboolean name_ok = FALSE;
  gboolean expiry_ok = TRUE;
  gboolean token_ok;
  gboolean fields_ok = TRUE;
  gboolean busy = self->testing || self->saving;

  g_clear_object (&self->draft);
  if (self->provider == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.save", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.test", FALSE);
      return;
    }

  draft = keyfob_token_draft_new (self->provider);

  /* Name */
  name_text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  if (is_blank (name_text))
    name_message = NULL;
  else if (!keyfob_token_draft_set_name (draft, name_text, &name_error))
    name_message = name_error->message;
  else if (g_strcmp0 (keyfob_token_draft_get_name (draft), self->duplicate_name) == 0)
    name_message = self->duplicate_message;
  else
    name_ok = TRUE;
  keyfob_ui_set_row_error (GTK_WIDGET (self->name_row), GTK_WIDGET (self->name_error),
                           name_message);

  /* Expiry: optional, and a blank one is none. */
  if (keyfob_provider_get_has_expiry (self->provider))
    {
      expiry_ok = keyfob_token_draft_set_expires (draft,
                                                  gtk_editable_get_text (GTK_EDITABLE (self->expiry_row)),
                                                  &expiry_error);
      keyfob_ui_set_row_error (GTK_WIDGET (self->expiry_row), GTK_WIDGET (self->expiry_error),
                               expiry_error != NULL ? expiry_error->message : NULL);
    }

  /* Token, before the fields: its prefix may decide one. */
  pasted = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  token_ok = !is_blank (pasted) &&
             keyfob_token_draft_set_secret (draft, pasted, strlen (pasted), &token_error);
  keyfob_ui_set_row_error (GTK_WIDGET (self->token_row), GTK_WIDGET (self->token_error),
                           token_error != NULL ? token_error->message : NULL);

  /* Fields: each one's own rules, and its own message under its own row. */
  for (guint i = 0; i < self->field_rows->len; i++)
    {
      FieldRow *field_row = g_ptr_array_index (self->field_rows, i);
      g_autoptr(GError) field_error = NULL;
      const char *given = field_row_get_given (field_row);
      const char *message;

      if (keyfob_token_draft_set_field (draft, field_row->field->key, given, &field_error))
        {
          message = field_row->vendor_error;
        }
      else
        {
          fields_ok = FALSE;
          message = is_blank (given) ? NULL : field_error->message;
        }

      keyfob_ui_set_row_error (field_row->row, field_row->error_label, message);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.test",
                                 token_ok && fields_ok && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.save",
                                 name_ok && expiry_ok && token_ok && fields_ok && !busy);

  self->draft = g_steal_pointer (&draft);
}

/* Shows what a Test found in the label under the check row, an alert for screen readers. */
static void
set_check_result (KeyfobAddDialog *self,
                  const char      *icon_name,
                  const char      *css_class,
                  const char      *title,
                  const char      *text)
{
  gtk_image_set_from_icon_name (self->check_icon, icon_name);
  keyfob_ui_set_severity_class (GTK_WIDGET (self->check_icon), css_class);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->check_row), title);
  adw_action_row_set_subtitle (self->check_row, "");

  gtk_label_set_text (self->check_label, text);
  /* Hidden first, so that the alert shows anew and is read out again. */
  gtk_widget_set_visible (self->check_result_box, FALSE);
  gtk_widget_set_visible (self->check_result_box, text != NULL && text[0] != '\0');
}

static void
reset_check (KeyfobAddDialog *self)
{
  g_autofree char *subtitle = NULL;

  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);

  self->testing = FALSE;
  self->last_verdict = -1;
  g_clear_pointer (&self->last_check, keyfob_check_result_free);

  for (guint i = 0; self->field_rows != NULL && i < self->field_rows->len; i++)
    {
      FieldRow *field_row = g_ptr_array_index (self->field_rows, i);

      g_clear_pointer (&field_row->vendor_error, g_free);
    }

  gtk_spinner_stop (self->check_spinner);
  gtk_stack_set_visible_child_name (self->check_icon_stack, "idle");
  set_check_result (self, "network-transmit-receive-symbolic", NULL, _("Test the Token"), NULL);

  if (self->provider != NULL)
    /* Translators: %s is a provider name, such as “Pushly” */
    subtitle = g_strdup_printf (_("Ask %s whether it accepts the token. Nothing is saved yet."),
                                keyfob_provider_get_name (self->provider));
  adw_action_row_set_subtitle (self->check_row, subtitle ? subtitle : "");
}

static void
show_check_result (KeyfobAddDialog         *self,
                   const KeyfobCheckResult *result)
{
  KeyfobSeverity severity = keyfob_verdict_get_severity (result->verdict);
  const char *provider_name = keyfob_provider_get_name (self->provider);
  g_autofree char *text = NULL;

  if (result->verdict == KEYFOB_VERDICT_VALID && result->account != NULL)
    /* Translators: %1$s is a provider name, such as “Cutover”; %2$s the account or
     * organisation it named, such as “Acme Inc” */
    text = g_strdup_printf (_("%1$s accepted the token. Account: %2$s"),
                            provider_name, result->account);
  else if (result->verdict == KEYFOB_VERDICT_VALID)
    /* Translators: %s is a provider name, such as “Pulsetic” */
    text = g_strdup_printf (_("%s accepted the token."), provider_name);
  else if (result->account != NULL && result->detail != NULL)
    /* Translators: %1$s is what the check found, a whole sentence; %2$s the account or
     * organisation the provider named, such as “Acme Inc” */
    text = g_strdup_printf (_("%1$s Account: %2$s"), result->detail, result->account);
  else
    text = g_strdup (result->detail);

  set_check_result (self, keyfob_ui_severity_icon_name (severity),
                    keyfob_ui_severity_css_class (severity),
                    keyfob_verdict_describe (result->verdict), text);
}

/* The token or a field changed: what the last Test said no longer applies. */
static void
input_changed (KeyfobAddDialog *self)
{
  reset_check (self);
  validate (self);
}

static void
name_changed_cb (KeyfobAddDialog *self)
{
  validate (self);
}

static void
expiry_changed_cb (KeyfobAddDialog *self)
{
  validate (self);
}

static void
token_changed_cb (KeyfobAddDialog *self)
{
  const char *pasted = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  char *token = NULL;

  /* Pre-fill a choice the token's prefix decides, such as Pylon's region; the user may still
   * change it, and then core says why that contradicts the token. */
  if (!is_blank (pasted) && (token = keyfob_token_normalise (pasted, strlen (pasted), NULL)))
    {
      for (guint i = 0; self->field_rows != NULL && i < self->field_rows->len; i++)
        {
          FieldRow *field_row = g_ptr_array_index (self->field_rows, i);
          guint implied;

          if (field_row->field->kind != KEYFOB_FIELD_CHOICE)
            continue;

          implied = implied_position (field_row->field, token);
          if (implied != GTK_INVALID_LIST_POSITION)
            {
              self->updating_choice = TRUE;
              adw_combo_row_set_selected (ADW_COMBO_ROW (field_row->row), implied);
              self->updating_choice = FALSE;
            }
        }
    }

  keyfob_secret_free (token);
  input_changed (self);
}

static void
field_changed_cb (KeyfobAddDialog *self)
{
  if (!self->updating_choice)
    input_changed (self);
}

static void
clear_dynamic_rows (KeyfobAddDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list))) != NULL)
    gtk_list_box_remove (self->steps_list, child);

  for (guint i = 0; self->field_rows != NULL && i < self->field_rows->len; i++)
    {
      FieldRow *field_row = g_ptr_array_index (self->field_rows, i);

      gtk_box_remove (self->form_box, field_row->group);
    }

  if (self->field_rows != NULL)
    g_ptr_array_set_size (self->field_rows, 0);
}

static void
add_step_rows (KeyfobAddDialog *self)
{
  const char * const *steps = keyfob_provider_get_create_steps (self->provider);

  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    gtk_list_box_append (self->steps_list, keyfob_step_row_new (i + 1, steps[i]));
}

static void
add_field_rows (KeyfobAddDialog *self)
{
  GtkWidget *previous = GTK_WIDGET (self->name_group);
  guint n_fields = keyfob_provider_get_n_fields (self->provider);

  for (guint i = 0; i < n_fields; i++)
    {
      const KeyfobProviderField *field = keyfob_provider_get_field (self->provider, i);
      FieldRow *field_row = g_new0 (FieldRow, 1);
      g_autofree char *description = escape_markup (field->description);

      field_row->field = field;
      field_row->group = adw_preferences_group_new ();

      if (field->description != NULL)
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (field_row->group),
                                               description);

      if (field->kind == KEYFOB_FIELD_CHOICE)
        {
          g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
          guint selected = 0;

          for (guint j = 0; j < field->choices->len; j++)
            {
              const KeyfobFieldChoice *choice = g_ptr_array_index (field->choices, j);

              gtk_string_list_append (labels, choice->label);
              if (g_strcmp0 (choice->value, field->default_value) == 0)
                selected = j;
            }

          field_row->row = adw_combo_row_new ();
          adw_combo_row_set_model (ADW_COMBO_ROW (field_row->row), G_LIST_MODEL (labels));
          adw_combo_row_set_selected (ADW_COMBO_ROW (field_row->row), selected);
          g_signal_connect_object (field_row->row, "notify::selected",
                                   G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
        }
      else
        {
          field_row->row = adw_entry_row_new ();
          adw_entry_row_set_activates_default (ADW_ENTRY_ROW (field_row->row), TRUE);
          if (field->default_value != NULL)
            gtk_editable_set_text (GTK_EDITABLE (field_row->row), field->default_value);
          if (field->placeholder != NULL)
            {
              /* Translators: %s is an example value, such as “acme” */
              g_autofree char *tooltip = g_strdup_printf (_("For example: %s"),
                                                          field->placeholder);

              gtk_widget_set_tooltip_text (field_row->row, tooltip);
            }
          g_signal_connect_object (field_row->row, "changed",
                                   G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
        }

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (field_row->row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field_row->row), field->label);
      field_row->error_label = keyfob_ui_error_label_new (field_row->row);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (field_row->group), field_row->row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (field_row->group),
                                 field_row->error_label);
      gtk_box_insert_child_after (self->form_box, field_row->group, previous);
      previous = field_row->group;

      g_ptr_array_add (self->field_rows, field_row);
    }
}

/* Fills pages 2 and 3 with the provider's words and fields; the form starts empty. */
static void
set_provider (KeyfobAddDialog *self,
              KeyfobProvider  *provider)
{
  const char *name = keyfob_provider_get_name (provider);
  const char *role = keyfob_provider_get_create_role (provider);
  const char *label_name = keyfob_provider_get_label_name (provider);
  g_autofree char *steps_title = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *shown_once = NULL;
  g_autofree char *name_description = NULL;
  g_autofree char *token_description = NULL;
  g_autofree char *escaped = NULL;

  if (self->provider == provider)
    return;

  reset_check (self);
  clear_dynamic_rows (self);
  g_set_object (&self->provider, provider);
  g_clear_pointer (&self->duplicate_name, g_free);
  g_clear_pointer (&self->duplicate_message, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_label), FALSE);

  adw_window_title_set_subtitle (self->window_title, name);

  /* Page 2 */
  /* Translators: a heading; %s is a provider name, such as “Pushly” */
  steps_title = g_strdup_printf (_("Create a Token in %s"), name);
  escaped = escape_markup (steps_title);
  adw_preferences_group_set_title (self->steps_group, escaped);
  g_clear_pointer (&escaped, g_free);

  if (role != NULL && role[0] != '\0')
    {
      /* Translators: %s is the vendor's role name, such as “Domain Admin” */
      role_text = g_strdup_printf (_("Only users with the %s role can create tokens."), role);
      escaped = escape_markup (role_text);
    }
  adw_preferences_group_set_description (self->steps_group, escaped);
  g_clear_pointer (&escaped, g_free);

  add_step_rows (self);

  /* Translators: %s is a provider name, such as “Pushly” */
  shown_once = g_strdup_printf (_("%s shows the token only once: keep its window open until "
                                  "Keyfob has it."), name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->shown_once_row), shown_once);
  gtk_widget_set_visible (self->shown_once_list, keyfob_provider_get_shown_once (provider));

  /* Page 3 */
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->expiry_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), label_name);
  /* Translators: %1$s is the provider's word for a token's name, such as “Token Label”; %2$s
   * a provider name: “The Token Label you gave the token in Pushly, so that Keyfob and Pushly
   * name it alike.” */
  name_description = g_strdup_printf (_("The %1$s you gave the token in %2$s, so that Keyfob "
                                        "and %2$s name it alike."), label_name, name);
  escaped = escape_markup (name_description);
  adw_preferences_group_set_description (self->name_group, escaped);
  g_clear_pointer (&escaped, g_free);

  gtk_widget_set_visible (GTK_WIDGET (self->expiry_group),
                          keyfob_provider_get_has_expiry (provider));

  if (keyfob_provider_get_shown_once (provider))
    /* Translators: %s is a provider name, such as “Pushly” */
    token_description = g_strdup_printf (_("Paste the token %s showed you. It shows it only "
                                           "once: paste it before you close that window."),
                                         name);
  else
    /* Translators: %s is a provider name, such as “Pulsetic” */
    token_description = g_strdup_printf (_("Paste the token %s showed you."), name);
  escaped = escape_markup (token_description);
  adw_preferences_group_set_description (self->token_group, escaped);

  add_field_rows (self);
  reset_check (self);
  update_help_button (self);
  validate (self);
}

static void
set_page (KeyfobAddDialog *self,
          const char      *page)
{
  gboolean on_providers = g_str_equal (page, PAGE_PROVIDERS);
  gboolean on_steps = g_str_equal (page, PAGE_STEPS);
  gboolean on_form = g_str_equal (page, PAGE_FORM);

  gtk_stack_set_visible_child_name (self->stack, page);

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), on_providers);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !on_providers);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), on_steps);
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), on_form);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.back", !on_providers);

  /* The fields typed on the form may have completed the dashboard's address. */
  if (on_steps)
    update_help_button (self);

  if (on_providers)
    adw_window_title_set_subtitle (self->window_title, NULL);
  else if (self->provider != NULL)
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
  else if (on_form)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
provider_row_activated_cb (KeyfobAddDialog *self,
                           GtkListBoxRow   *row)
{
  g_return_if_fail (KEYFOB_IS_PROVIDER_ROW (row));

  set_provider (self, keyfob_provider_row_get_provider (KEYFOB_PROVIDER_ROW (row)));
  set_page (self, PAGE_STEPS);
}

static void
populate_providers (KeyfobAddDialog *self)
{
  GPtrArray *providers = keyfob_catalogue_get_providers (self->catalogue);

  for (guint i = 0; providers != NULL && i < providers->len; i++)
    gtk_list_box_append (self->providers_list,
                         keyfob_provider_row_new (g_ptr_array_index (providers, i)));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, PAGE_FORM) == 0)
    set_page (self, PAGE_STEPS);
  else
    set_page (self, PAGE_PROVIDERS);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (widget);

  if (self->provider != NULL)
    set_page (self, PAGE_FORM);
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

  /* The same fields update_help_button() labelled the button with. */
  fields = collect_checked_fields (self);
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
  gtk_spinner_stop (self->check_spinner);
  gtk_stack_set_visible_child_name (self->check_icon_stack, "idle");

  if (check == NULL)
    {
      set_check_result (self, keyfob_ui_severity_icon_name (KEYFOB_SEVERITY_WARNING),
                        keyfob_ui_severity_css_class (KEYFOB_SEVERITY_WARNING),
                        _("Could Not Test the Token"), error->message);
    }
  else
    {
      self->last_verdict = check->verdict;
      g_clear_pointer (&self->last_check, keyfob_check_result_free);
      self->last_check = keyfob_check_result_copy (check);
      show_check_result (self, check);

      if (check->field != NULL)
        {
          FieldRow *field_row = lookup_field_row (self, check->field);

          if (field_row != NULL)
            {
              g_free (field_row->vendor_error);
              field_row->vendor_error = g_strdup (check->detail);
            }
        }
    }

  validate (self);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (widget);
  g_autoptr(GHashTable) normalised = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(SecretValue) secret = NULL;

  if (self->provider == NULL || self->draft == NULL || self->testing || self->saving ||
      keyfob_token_draft_get_secret (self->draft) == NULL)
    return;

  /* validate() below makes a new draft: the check keeps this one's token. */
  secret = secret_value_ref (keyfob_token_draft_get_secret (self->draft));
  normalised = keyfob_token_draft_dup_fields (self->draft, NULL);
  if (normalised == NULL)
    return;

  reset_check (self);
  self->testing = TRUE;
  self->test_cancellable = g_cancellable_new ();

  gtk_stack_set_visible_child_name (self->check_icon_stack, "running");
  gtk_spinner_start (self->check_spinner);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->check_row), _("Testing…"));
  /* Translators: %s is a provider name, such as “Pushly” */
  subtitle = g_strdup_printf (_("Asking %s whether it accepts the token…"),
                              keyfob_provider_get_name (self->provider));
  adw_action_row_set_subtitle (self->check_row, subtitle);
  validate (self);

  keyfob_verifier_check_async (self->verifier, self->provider, normalised, secret,
                               self->test_cancellable, test_cb, g_object_ref (self));
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
  if (token == NULL)
    {
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
          gtk_label_set_text (self->banner_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->banner_label), TRUE);
        }

      validate (self);
      return;
    }

  self->saving = FALSE;
  /* Saved: nothing left to discard, and the Test's result is the token's last check. */
  self->closing = TRUE;
  if (self->last_check != NULL)
    keyfob_token_list_record_check_async (self->tokens, token, self->last_check, NULL, NULL,
                                          NULL);

  g_signal_emit (self, signals[SIGNAL_TOKEN_ADDED], 0, token);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save (KeyfobAddDialog *self)
{
  if (self->provider == NULL || self->draft == NULL || self->saving)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->banner_label), FALSE);
  self->saving = TRUE;
  validate (self);

  /* The list says what the form's rules cannot: a name taken meanwhile, a keyring gone. */
  keyfob_token_list_add_async (self->tokens, self->draft, self->cancellable, add_cb,
                               g_object_ref (self));
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     KeyfobAddDialog  *self)
{
  if (g_str_equal (response, "save"))
    save (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (widget);
  GtkWidget *dialog;

  if (self->provider == NULL || self->saving || self->testing)
    return;

  if (self->last_verdict != KEYFOB_VERDICT_INVALID)
    {
      save (self);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Save a Token the Provider Rejected?"),
                                   NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: %s is a provider name, such as “Pushly” */
                                  _("When Keyfob tested it, %s did not accept this token: it may "
                                    "be mistyped, revoked or expired."),
                                  keyfob_provider_get_name (self->provider));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
close_idle_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));

  return G_SOURCE_REMOVE;
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     KeyfobAddDialog  *self)
{
  if (!g_str_equal (response, "discard"))
    return;

  /* Once the question has closed itself: closing now would destroy it (it goes with its
   * parent) while it still handles the click. */
  self->closing = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
}

/* A pasted token is often the only copy: some providers show it only once. */
static void
ask_discard (KeyfobAddDialog *self)
{
  GtkWidget *dialog;
  const char *name = self->provider != NULL ? keyfob_provider_get_name (self->provider) : NULL;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard the Pasted Token?"), NULL);

  if (name != NULL && keyfob_provider_get_shown_once (self->provider))
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    /* Translators: %s is a provider name, such as “Pushly” */
                                    _("Keyfob has not saved it, and %s shows a token only "
                                      "once: to use it later, you would have to create a new "
                                      "one."),
                                    name);
  else
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                 _("Keyfob has not saved it: to add it later, you would have "
                                   "to paste it again."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
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

  if (!self->closing && !is_blank (gtk_editable_get_text (GTK_EDITABLE (self->token_row))))
    {
      ask_discard (self);
      return TRUE;
    }

  cancel_all (self);

  return GTK_WINDOW_CLASS (keyfob_add_dialog_parent_class)->close_request (window);
}

static void
keyfob_add_dialog_constructed (GObject *object)
{
  KeyfobAddDialog *self = KEYFOB_ADD_DIALOG (object);

  G_OBJECT_CLASS (keyfob_add_dialog_parent_class)->constructed (object);

  populate_providers (self);
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

  g_clear_pointer (&self->field_rows, g_ptr_array_unref);
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->draft);
  g_clear_object (&self->provider);
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
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, steps_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, steps_list);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, shown_once_list);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, shown_once_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, dashboard_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, banner_label);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, name_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, expiry_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, expiry_error);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, token_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, token_error);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, paste_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, check_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, check_result_box);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, check_label);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, check_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, check_icon);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, KeyfobAddDialog, test_button);

  gtk_widget_class_bind_template_callback (widget_class, provider_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, expiry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_changed_cb);

  gtk_widget_class_install_action (widget_class, "add.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "add.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "add.open-dashboard", NULL,
                                   open_dashboard_action);
  gtk_widget_class_install_action (widget_class, "add.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "add.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "add.save", NULL, save_action);

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
  self->field_rows = g_ptr_array_new_with_free_func (field_row_free);
  self->last_verdict = -1;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.back", FALSE);
  validate (self);
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
 * keyfob_add_dialog_select_provider:
 * @provider_id: a provider id from the catalogue
 *
 * Skips the first page: shows @provider_id's steps. An id the catalogue does not know (a user
 * provider file since removed) leaves the dialog on the list of providers.
 */
void
keyfob_add_dialog_select_provider (KeyfobAddDialog *self,
                                   const char      *provider_id)
{
  KeyfobProvider *provider;

  g_return_if_fail (KEYFOB_IS_ADD_DIALOG (self));
  g_return_if_fail (provider_id != NULL);

  provider = keyfob_catalogue_lookup (self->catalogue, provider_id);
  if (provider == NULL)
    {
      g_debug ("No provider “%s” in the catalogue", provider_id);
      set_page (self, PAGE_PROVIDERS);
      return;
    }

  set_provider (self, provider);
  set_page (self, PAGE_STEPS);
}

/* Private, for the tests */

const char *
_keyfob_add_dialog_get_page (KeyfobAddDialog *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
_keyfob_add_dialog_get_providers_list (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->providers_list);
}

GtkWidget *
_keyfob_add_dialog_get_steps_list (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->steps_list);
}

GtkWidget *
_keyfob_add_dialog_get_steps_group (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->steps_group);
}

GtkWidget *
_keyfob_add_dialog_get_shown_once_row (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->shown_once_row);
}

GtkWidget *
_keyfob_add_dialog_get_dashboard_button (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->dashboard_button);
}

GtkWidget *
_keyfob_add_dialog_get_cancel_button (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->cancel_button);
}

GtkWidget *
_keyfob_add_dialog_get_back_button (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->back_button);
}

GtkWidget *
_keyfob_add_dialog_get_next_button (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->next_button);
}

GtkWidget *
_keyfob_add_dialog_get_save_button (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->save_button);
}

GtkWidget *
_keyfob_add_dialog_get_banner_label (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->banner_label);
}

GtkWidget *
_keyfob_add_dialog_get_name_row (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->name_row);
}

GtkWidget *
_keyfob_add_dialog_get_name_error (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->name_error);
}

GtkWidget *
_keyfob_add_dialog_get_field_row (KeyfobAddDialog *self,
                                  const char      *key)
{
  FieldRow *field_row = lookup_field_row (self, key);

  return field_row != NULL ? field_row->row : NULL;
}

GtkWidget *
_keyfob_add_dialog_get_field_error (KeyfobAddDialog *self,
                                    const char      *key)
{
  FieldRow *field_row = lookup_field_row (self, key);

  return field_row != NULL ? field_row->error_label : NULL;
}

GtkWidget *
_keyfob_add_dialog_get_expiry_row (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->expiry_row);
}

GtkWidget *
_keyfob_add_dialog_get_expiry_error (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->expiry_error);
}

GtkWidget *
_keyfob_add_dialog_get_token_row (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->token_row);
}

GtkWidget *
_keyfob_add_dialog_get_token_error (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->token_error);
}

GtkWidget *
_keyfob_add_dialog_get_paste_button (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->paste_button);
}

GtkWidget *
_keyfob_add_dialog_get_test_button (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->test_button);
}

GtkWidget *
_keyfob_add_dialog_get_check_row (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->check_row);
}

GtkWidget *
_keyfob_add_dialog_get_check_label (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->check_label);
}

GtkWidget *
_keyfob_add_dialog_get_check_result_box (KeyfobAddDialog *self)
{
  return GTK_WIDGET (self->check_result_box);
}

gboolean
_keyfob_add_dialog_get_busy (KeyfobAddDialog *self)
{
  return self->testing || self->saving;
}
