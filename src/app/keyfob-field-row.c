/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-field-row"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-field-row.h"
#include "keyfob-ui-util.h"

struct _KeyfobFieldRow
{
  AdwPreferencesGroup        parent_instance;

  /* Template widgets */
  AdwEntryRow               *entry_row;
  AdwComboRow               *combo_row;
  GtkLabel                  *error_label;

  /* Borrowed refs */
  const KeyfobProviderField *field;         /* the provider's */

  /* Owned refs */
  KeyfobProvider            *provider;
  char                      *key;
  char                      *vendor_error;  /* what the last Test said about this field */

  guint                      quiet : 1;     /* a change of ours, not the user's */
};

G_DEFINE_FINAL_TYPE (KeyfobFieldRow, keyfob_field_row, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_PROVIDER,
  PROP_KEY,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GtkWidget *
input_row (KeyfobFieldRow *self)
{
  if (self->field != NULL && self->field->kind == KEYFOB_FIELD_CHOICE)
    return GTK_WIDGET (self->combo_row);

  return GTK_WIDGET (self->entry_row);
}

static const KeyfobFieldChoice *
selected_choice (KeyfobFieldRow *self)
{
  guint selected = adw_combo_row_get_selected (self->combo_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->field->choices->len)
    return NULL;

  return g_ptr_array_index (self->field->choices, selected);
}

static void
value_changed_cb (KeyfobFieldRow *self)
{
  if (!self->quiet)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
fill_choices (KeyfobFieldRow *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  for (guint i = 0; i < self->field->choices->len; i++)
    {
      const KeyfobFieldChoice *choice = g_ptr_array_index (self->field->choices, i);

      gtk_string_list_append (labels, choice->label);
      if (g_strcmp0 (choice->value, self->field->default_value) == 0)
        selected = i;
    }

  adw_combo_row_set_model (self->combo_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->combo_row, selected);
}

static void
fill_entry (KeyfobFieldRow *self)
{
  /* The default is there to see, not only filled in behind the user's back. */
  if (self->field->default_value != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->entry_row), self->field->default_value);

  if (self->field->placeholder != NULL)
    {
      /* Translators: %s is an example value, such as “acme” */
      g_autofree char *tooltip = g_strdup_printf (_("For example: %s"),
                                                  self->field->placeholder);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry_row), tooltip);
    }
}

static void
keyfob_field_row_constructed (GObject *object)
{
  KeyfobFieldRow *self = KEYFOB_FIELD_ROW (object);
  g_autofree char *description = NULL;

  G_OBJECT_CLASS (keyfob_field_row_parent_class)->constructed (object);

  g_return_if_fail (self->provider != NULL && self->key != NULL);

  self->field = keyfob_provider_lookup_field (self->provider, self->key);
  g_return_if_fail (self->field != NULL);

  /* The group's description is markup; the provider file's words are not. */
  if (self->field->description != NULL)
    {
      description = g_markup_escape_text (self->field->description, -1);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), description);
    }

  self->quiet = TRUE;
  if (self->field->kind == KEYFOB_FIELD_CHOICE)
    fill_choices (self);
  else
    fill_entry (self);
  self->quiet = FALSE;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (input_row (self)), self->field->label);
  gtk_widget_set_visible (input_row (self), TRUE);
}

static void
keyfob_field_row_dispose (GObject *object)
{
  KeyfobFieldRow *self = KEYFOB_FIELD_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KEYFOB_TYPE_FIELD_ROW);
  self->field = NULL;
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (keyfob_field_row_parent_class)->dispose (object);
}

static void
keyfob_field_row_finalize (GObject *object)
{
  KeyfobFieldRow *self = KEYFOB_FIELD_ROW (object);

  g_free (self->key);
  g_free (self->vendor_error);

  G_OBJECT_CLASS (keyfob_field_row_parent_class)->finalize (object);
}

static void
keyfob_field_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KeyfobFieldRow *self = KEYFOB_FIELD_ROW (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;

    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_field_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KeyfobFieldRow *self = KEYFOB_FIELD_ROW (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;

    case PROP_KEY:
      self->key = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_field_row_class_init (KeyfobFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = keyfob_field_row_constructed;
  object_class->dispose = keyfob_field_row_dispose;
  object_class->finalize = keyfob_field_row_finalize;
  object_class->get_property = keyfob_field_row_get_property;
  object_class->set_property = keyfob_field_row_set_property;

  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL,
                         KEYFOB_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KeyfobFieldRow::changed:
   *
   * The user changed the value; a choice the token implies does not count.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-field-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KeyfobFieldRow, entry_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobFieldRow, combo_row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobFieldRow, error_label);
  gtk_widget_class_bind_template_callback (widget_class, value_changed_cb);
}

static void
keyfob_field_row_init (KeyfobFieldRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * keyfob_field_row_new:
 * @key: one of @provider's fields
 *
 * Returns: (transfer floating): the field's row, with its default value
 */
GtkWidget *
keyfob_field_row_new (KeyfobProvider *provider,
                      const char     *key)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (keyfob_provider_lookup_field (provider, key) != NULL, NULL);

  return g_object_new (KEYFOB_TYPE_FIELD_ROW,
                       "provider", provider,
                       "key", key,
                       NULL);
}

KeyfobProvider *
keyfob_field_row_get_provider (KeyfobFieldRow *self)
{
  g_return_val_if_fail (KEYFOB_IS_FIELD_ROW (self), NULL);

  return self->provider;
}

const char *
keyfob_field_row_get_key (KeyfobFieldRow *self)
{
  g_return_val_if_fail (KEYFOB_IS_FIELD_ROW (self), NULL);

  return self->key;
}

/**
 * keyfob_field_row_get_value:
 *
 * Returns: (nullable): what the user gave: the chosen choice's value, or the text as typed
 */
const char *
keyfob_field_row_get_value (KeyfobFieldRow *self)
{
  const KeyfobFieldChoice *choice;

  g_return_val_if_fail (KEYFOB_IS_FIELD_ROW (self), NULL);

  if (self->field == NULL)
    return NULL;

  if (self->field->kind != KEYFOB_FIELD_CHOICE)
    return gtk_editable_get_text (GTK_EDITABLE (self->entry_row));

  choice = selected_choice (self);
  return choice != NULL ? choice->value : NULL;
}

/**
 * keyfob_field_row_dup_checked_value:
 *
 * The value as core normalises it, if it passes the field's own rules as it stands: enough to
 * complete a dashboard's address (Cutover's instance) before the rest of the form is filled in.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL
 */
char *
keyfob_field_row_dup_checked_value (KeyfobFieldRow *self)
{
  char *value = NULL;

  g_return_val_if_fail (KEYFOB_IS_FIELD_ROW (self), NULL);

  if (self->field == NULL ||
      !keyfob_provider_check_field (self->provider, self->key, keyfob_field_row_get_value (self),
                                    NULL, &value, NULL))
    return NULL;

  return value;
}

/**
 * keyfob_field_row_apply:
 * @draft: a draft for the row's provider, with its token already set: a token's prefix may
 *   decide a field
 *
 * Sets the field in @draft and shows under the row why @draft refused it, else what the
 * provider said of it in the last Test. An empty field is not an error yet: the form just
 * cannot be saved.
 *
 * Returns: whether @draft took the value
 */
gboolean
keyfob_field_row_apply (KeyfobFieldRow   *self,
                        KeyfobTokenDraft *draft)
{
  g_autoptr(GError) error = NULL;
  const char *given;
  const char *message = NULL;
  gboolean taken;

  g_return_val_if_fail (KEYFOB_IS_FIELD_ROW (self), FALSE);
  g_return_val_if_fail (KEYFOB_IS_TOKEN_DRAFT (draft), FALSE);

  given = keyfob_field_row_get_value (self);
  taken = keyfob_token_draft_set_field (draft, self->key, given, &error);

  if (taken)
    message = self->vendor_error;
  else if (!keyfob_ui_is_blank (given))
    message = error->message;

  keyfob_ui_set_row_error (input_row (self), GTK_WIDGET (self->error_label), message);

  return taken;
}

/**
 * keyfob_field_row_set_vendor_error:
 * @message: (nullable): what the provider said was wrong with the value; %NULL forgets it
 *
 * Shown under the row from the next keyfob_field_row_apply(), while core's rules pass.
 */
void
keyfob_field_row_set_vendor_error (KeyfobFieldRow *self,
                                   const char     *message)
{
  g_return_if_fail (KEYFOB_IS_FIELD_ROW (self));

  g_free (self->vendor_error);
  self->vendor_error = g_strdup (message);
}

/**
 * keyfob_field_row_choose_for_token:
 * @token: a normalised token
 *
 * Selects the choice @token's prefix implies, such as Pylon's EU region, without emitting
 * "changed". The user may still choose another: then core says why it contradicts the token.
 */
void
keyfob_field_row_choose_for_token (KeyfobFieldRow *self,
                                   const char     *token)
{
  const KeyfobFieldChoice *implied;
  guint position;

  g_return_if_fail (KEYFOB_IS_FIELD_ROW (self));
  g_return_if_fail (token != NULL);

  if (self->field == NULL || self->field->kind != KEYFOB_FIELD_CHOICE)
    return;

  implied = keyfob_provider_field_implied_choice (self->field, token);
  if (implied == NULL || !g_ptr_array_find (self->field->choices, implied, &position))
    return;

  self->quiet = TRUE;
  adw_combo_row_set_selected (self->combo_row, position);
  self->quiet = FALSE;
}

/**
 * keyfob_field_row_set_value:
 * @value: a value the user gave elsewhere, such as in the "Other Service" form
 *
 * Fills the row in as if the user had, and emits "changed". A choice the field does not offer
 * leaves the row as it was.
 */
void
keyfob_field_row_set_value (KeyfobFieldRow *self,
                            const char     *value)
{
  g_return_if_fail (KEYFOB_IS_FIELD_ROW (self));
  g_return_if_fail (value != NULL);

  if (self->field == NULL)
    return;

  if (self->field->kind != KEYFOB_FIELD_CHOICE)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->entry_row), value);
      return;
    }

  for (guint i = 0; i < self->field->choices->len; i++)
    {
      const KeyfobFieldChoice *choice = g_ptr_array_index (self->field->choices, i);

      if (g_str_equal (choice->value, value))
        adw_combo_row_set_selected (self->combo_row, i);
    }
}
