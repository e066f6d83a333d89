/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-expiry-label"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-expiry-label.h"
#include "keyfob-time.h"

struct _KeyfobExpiryLabel
{
  GtkWidget     parent_instance;

  /* children */
  GtkWidget    *label;

  /* owned */
  KeyfobToken  *token;
  GSettings    *settings;
  GSignalGroup *token_signals;
  GSignalGroup *settings_signals;
  guint         refresh_id;
};

G_DEFINE_FINAL_TYPE (KeyfobExpiryLabel, keyfob_expiry_label, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TOKEN,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update (KeyfobExpiryLabel *self);

static gboolean
refresh_cb (gpointer user_data)
{
  KeyfobExpiryLabel *self = user_data;

  self->refresh_id = 0;
  update (self);

  return G_SOURCE_REMOVE;
}

static void
update (KeyfobExpiryLabel *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = NULL;
  g_autofree char *day = NULL;
  GDateTime *expires;
  guint warning_days;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_remove_css_class (self->label, "warning");
  gtk_widget_remove_css_class (self->label, "error");
  gtk_widget_set_tooltip_text (self->label, NULL);

  if (self->token == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->label), NULL);
      return;
    }

  expires = keyfob_token_get_expires (self->token);
  warning_days = self->settings ? g_settings_get_uint (self->settings, "expiry-warning-days") : 0;

  switch (keyfob_token_get_expiry (self->token, now, warning_days, NULL))
    {
    case KEYFOB_EXPIRY_NONE:
      text = g_strdup (_("Never"));
      break;
    case KEYFOB_EXPIRY_EXPIRED:
      text = g_strdup (_("Expired"));
      gtk_widget_add_css_class (self->label, "error");
      break;
    case KEYFOB_EXPIRY_SOON:
      text = keyfob_time_describe (expires, now);
      gtk_widget_add_css_class (self->label, "warning");
      break;
    case KEYFOB_EXPIRY_LATER:
    default:
      text = keyfob_time_describe (expires, now);
      break;
    }

  gtk_label_set_label (GTK_LABEL (self->label), text);
  if (expires == NULL)
    return;

  day = keyfob_time_format_day (expires);
  gtk_widget_set_tooltip_text (self->label, day);
  self->refresh_id = g_timeout_add_full (G_PRIORITY_LOW,
                                         keyfob_time_describe_valid_for (expires, now) / 1000 + 1,
                                         refresh_cb, self, NULL);
}

static void
set_settings (KeyfobExpiryLabel *self,
              GSettings         *settings)
{
  if (!g_set_object (&self->settings, settings))
    return;

  g_signal_group_set_target (self->settings_signals, settings);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTINGS]);
}

static void
keyfob_expiry_label_dispose (GObject *object)
{
  KeyfobExpiryLabel *self = KEYFOB_EXPIRY_LABEL (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->token_signals);
  g_clear_object (&self->settings_signals);
  g_clear_object (&self->token);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->label, gtk_widget_unparent);

  G_OBJECT_CLASS (keyfob_expiry_label_parent_class)->dispose (object);
}

static void
keyfob_expiry_label_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KeyfobExpiryLabel *self = KEYFOB_EXPIRY_LABEL (object);

  switch (prop_id)
    {
    case PROP_TOKEN:
      g_value_set_object (value, self->token);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_expiry_label_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KeyfobExpiryLabel *self = KEYFOB_EXPIRY_LABEL (object);

  switch (prop_id)
    {
    case PROP_TOKEN:
      keyfob_expiry_label_set_token (self, g_value_get_object (value));
      break;
    case PROP_SETTINGS:
      set_settings (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_expiry_label_class_init (KeyfobExpiryLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keyfob_expiry_label_dispose;
  object_class->get_property = keyfob_expiry_label_get_property;
  object_class->set_property = keyfob_expiry_label_set_property;

  properties[PROP_TOKEN] =
    g_param_spec_object ("token", NULL, NULL, KEYFOB_TYPE_TOKEN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Where "expiry-warning-days" is read from, and followed. */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
keyfob_expiry_label_init (KeyfobExpiryLabel *self)
{
  self->label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));

  self->token_signals = g_signal_group_new (KEYFOB_TYPE_TOKEN);
  g_signal_group_connect_swapped (self->token_signals, "notify::expires", G_CALLBACK (update),
                                  self);
  self->settings_signals = g_signal_group_new (G_TYPE_SETTINGS);
  g_signal_group_connect_swapped (self->settings_signals, "changed::expiry-warning-days",
                                  G_CALLBACK (update), self);
}

GtkWidget *
keyfob_expiry_label_new (void)
{
  return g_object_new (KEYFOB_TYPE_EXPIRY_LABEL, NULL);
}

void
keyfob_expiry_label_set_token (KeyfobExpiryLabel *self,
                               KeyfobToken       *token)
{
  g_return_if_fail (KEYFOB_IS_EXPIRY_LABEL (self));

  if (!g_set_object (&self->token, token))
    return;

  g_signal_group_set_target (self->token_signals, token);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}
