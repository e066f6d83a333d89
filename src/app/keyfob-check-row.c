/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-check-row"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-check-row.h"
#include "keyfob-ui-util.h"

#define IDLE_ICON "network-transmit-receive-symbolic"

struct _KeyfobCheckRow
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  AdwActionRow        *row;
  GtkStack            *icon_stack;
  GtkImage            *icon;
  GtkSpinner          *spinner;
  GtkButton           *test_button;
  GtkWidget           *result_box;
  GtkLabel            *result_label;

  guint                running : 1;
};

G_DEFINE_FINAL_TYPE (KeyfobCheckRow, keyfob_check_row, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_ACTION_NAME,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_running (KeyfobCheckRow *self,
             gboolean        running)
{
  if (self->running == !!running)
    return;

  self->running = !!running;
  if (running)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->icon_stack, running ? "running" : "idle");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Shows what a check found in the label under the row, an alert for screen readers. */
static void
show (KeyfobCheckRow *self,
      const char     *icon_name,
      const char     *css_class,
      const char     *title,
      const char     *text)
{
  set_running (self, FALSE);
  gtk_image_set_from_icon_name (self->icon, icon_name);
  keyfob_ui_set_severity_class (GTK_WIDGET (self->icon), css_class);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row), title);
  adw_action_row_set_subtitle (self->row, "");

  gtk_label_set_text (self->result_label, text != NULL ? text : "");
  /* Hidden first, so that the alert shows anew and is read out again. */
  gtk_widget_set_visible (self->result_box, FALSE);
  gtk_widget_set_visible (self->result_box, text != NULL && text[0] != '\0');
}

static void
keyfob_check_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KEYFOB_TYPE_CHECK_ROW);

  G_OBJECT_CLASS (keyfob_check_row_parent_class)->dispose (object);
}

static void
keyfob_check_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KeyfobCheckRow *self = KEYFOB_CHECK_ROW (object);

  switch (prop_id)
    {
    case PROP_ACTION_NAME:
      g_value_set_string (value, keyfob_check_row_get_action_name (self));
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_check_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KeyfobCheckRow *self = KEYFOB_CHECK_ROW (object);

  switch (prop_id)
    {
    case PROP_ACTION_NAME:
      keyfob_check_row_set_action_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_check_row_class_init (KeyfobCheckRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keyfob_check_row_dispose;
  object_class->get_property = keyfob_check_row_get_property;
  object_class->set_property = keyfob_check_row_set_property;

  /* The action the Test button activates, such as “add.test”. */
  properties[PROP_ACTION_NAME] =
    g_param_spec_string ("action-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Between keyfob_check_row_start() and what the check found. */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-check-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KeyfobCheckRow, row);
  gtk_widget_class_bind_template_child (widget_class, KeyfobCheckRow, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, KeyfobCheckRow, icon);
  gtk_widget_class_bind_template_child (widget_class, KeyfobCheckRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, KeyfobCheckRow, test_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobCheckRow, result_box);
  gtk_widget_class_bind_template_child (widget_class, KeyfobCheckRow, result_label);
}

static void
keyfob_check_row_init (KeyfobCheckRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
keyfob_check_row_new (void)
{
  return g_object_new (KEYFOB_TYPE_CHECK_ROW, NULL);
}

const char *
keyfob_check_row_get_action_name (KeyfobCheckRow *self)
{
  g_return_val_if_fail (KEYFOB_IS_CHECK_ROW (self), NULL);

  return gtk_actionable_get_action_name (GTK_ACTIONABLE (self->test_button));
}

void
keyfob_check_row_set_action_name (KeyfobCheckRow *self,
                                  const char     *action_name)
{
  g_return_if_fail (KEYFOB_IS_CHECK_ROW (self));

  if (g_strcmp0 (action_name, keyfob_check_row_get_action_name (self)) == 0)
    return;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->test_button), action_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_NAME]);
}

gboolean
keyfob_check_row_get_running (KeyfobCheckRow *self)
{
  g_return_val_if_fail (KEYFOB_IS_CHECK_ROW (self), FALSE);

  return self->running;
}

/**
 * keyfob_check_row_reset:
 * @hint: (nullable): what a check would do, under the row's title
 *
 * Forgets what the last check found: the input it was about has changed.
 */
void
keyfob_check_row_reset (KeyfobCheckRow *self,
                        const char     *hint)
{
  g_return_if_fail (KEYFOB_IS_CHECK_ROW (self));

  show (self, IDLE_ICON, NULL, _("Test the Token"), NULL);
  adw_action_row_set_subtitle (self->row, hint != NULL ? hint : "");
}

/**
 * keyfob_check_row_start:
 * @hint: (nullable): what the check is doing, under the row's title
 */
void
keyfob_check_row_start (KeyfobCheckRow *self,
                        const char     *hint)
{
  g_return_if_fail (KEYFOB_IS_CHECK_ROW (self));

  show (self, IDLE_ICON, NULL, _("Testing…"), NULL);
  adw_action_row_set_subtitle (self->row, hint != NULL ? hint : "");
  set_running (self, TRUE);
}

/* What @provider said of the token: the verdict as the title, the account or reason below. */
void
keyfob_check_row_show_result (KeyfobCheckRow          *self,
                              KeyfobProvider          *provider,
                              const KeyfobCheckResult *result)
{
  KeyfobSeverity severity;
  const char *provider_name;
  g_autofree char *text = NULL;

  g_return_if_fail (KEYFOB_IS_CHECK_ROW (self));
  g_return_if_fail (KEYFOB_IS_PROVIDER (provider));
  g_return_if_fail (result != NULL);

  severity = keyfob_verdict_get_severity (result->verdict);
  provider_name = keyfob_provider_get_name (provider);

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

  show (self, keyfob_ui_severity_icon_name (severity), keyfob_ui_severity_css_class (severity),
        keyfob_verdict_describe (result->verdict), text);
}

/* The check could not run at all; @message says why. */
void
keyfob_check_row_show_failure (KeyfobCheckRow *self,
                               const char     *message)
{
  g_return_if_fail (KEYFOB_IS_CHECK_ROW (self));

  show (self, keyfob_ui_severity_icon_name (KEYFOB_SEVERITY_WARNING),
        keyfob_ui_severity_css_class (KEYFOB_SEVERITY_WARNING),
        _("Could Not Test the Token"), message);
}
