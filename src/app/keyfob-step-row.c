/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-step-row"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-step-row.h"

struct _KeyfobStepRow
{
  AdwActionRow  parent_instance;

  /* Template widgets */
  GtkLabel     *number_label;

  guint         number;
};

G_DEFINE_FINAL_TYPE (KeyfobStepRow, keyfob_step_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_NUMBER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The number is presentation only: the row's name carries it with the words. */
static void
update_accessible_label (KeyfobStepRow *self)
{
  const char *text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));
  g_autofree char *label = NULL;

  /* Translators: a numbered step of a provider's instructions, read by screen readers;
   * %1$u is the step's number, %2$s the provider's words, such as “Open API Tokens.” */
  label = g_strdup_printf (_("Step %1$u: %2$s"), self->number, text != NULL ? text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
keyfob_step_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KEYFOB_TYPE_STEP_ROW);

  G_OBJECT_CLASS (keyfob_step_row_parent_class)->dispose (object);
}

static void
keyfob_step_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KeyfobStepRow *self = KEYFOB_STEP_ROW (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_step_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KeyfobStepRow *self = KEYFOB_STEP_ROW (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      keyfob_step_row_set_number (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_step_row_class_init (KeyfobStepRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keyfob_step_row_dispose;
  object_class->get_property = keyfob_step_row_get_property;
  object_class->set_property = keyfob_step_row_set_property;

  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL,
                       1, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-step-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KeyfobStepRow, number_label);
}

static void
keyfob_step_row_init (KeyfobStepRow *self)
{
  self->number = 1;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_label_set_text (self->number_label, "1");

  g_signal_connect (self, "notify::title", G_CALLBACK (update_accessible_label), NULL);
  update_accessible_label (self);
}

/**
 * keyfob_step_row_new:
 * @number: the step's number, from 1
 * @text: the vendor's words for the step
 *
 * Returns: (transfer floating): a new row
 */
GtkWidget *
keyfob_step_row_new (guint       number,
                     const char *text)
{
  g_return_val_if_fail (number > 0, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  return g_object_new (KEYFOB_TYPE_STEP_ROW,
                       "number", number,
                       "title", text,
                       NULL);
}

guint
keyfob_step_row_get_number (KeyfobStepRow *self)
{
  g_return_val_if_fail (KEYFOB_IS_STEP_ROW (self), 0);

  return self->number;
}

void
keyfob_step_row_set_number (KeyfobStepRow *self,
                            guint          number)
{
  g_autofree char *digits = NULL;

  g_return_if_fail (KEYFOB_IS_STEP_ROW (self));
  g_return_if_fail (number > 0);

  if (self->number == number)
    return;

  self->number = number;
  digits = g_strdup_printf ("%u", number);
  gtk_label_set_text (self->number_label, digits);
  update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUMBER]);
}
