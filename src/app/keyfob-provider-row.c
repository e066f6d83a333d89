/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-provider-row"

#include "config.h"

#include "keyfob-provider-dot.h"
#include "keyfob-provider-row.h"

struct _KeyfobProviderRow
{
  AdwActionRow       parent_instance;

  /* Template widgets */
  KeyfobProviderDot *dot;

  /* Owned refs */
  KeyfobProvider    *provider;
};

G_DEFINE_FINAL_TYPE (KeyfobProviderRow, keyfob_provider_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_PROVIDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
keyfob_provider_row_dispose (GObject *object)
{
  KeyfobProviderRow *self = KEYFOB_PROVIDER_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KEYFOB_TYPE_PROVIDER_ROW);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (keyfob_provider_row_parent_class)->dispose (object);
}

static void
keyfob_provider_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KeyfobProviderRow *self = KEYFOB_PROVIDER_ROW (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_provider_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KeyfobProviderRow *self = KEYFOB_PROVIDER_ROW (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      keyfob_provider_row_set_provider (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_provider_row_class_init (KeyfobProviderRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keyfob_provider_row_dispose;
  object_class->get_property = keyfob_provider_row_get_property;
  object_class->set_property = keyfob_provider_row_set_property;

  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL,
                         KEYFOB_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KEYFOB_TYPE_PROVIDER_DOT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-provider-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KeyfobProviderRow, dot);
}

static void
keyfob_provider_row_init (KeyfobProviderRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
keyfob_provider_row_new (KeyfobProvider *provider)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER (provider), NULL);

  return g_object_new (KEYFOB_TYPE_PROVIDER_ROW,
                       "provider", provider,
                       NULL);
}

/**
 * keyfob_provider_row_get_provider:
 *
 * Returns: (transfer none) (nullable): the provider the row offers
 */
KeyfobProvider *
keyfob_provider_row_get_provider (KeyfobProviderRow *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER_ROW (self), NULL);

  return self->provider;
}

void
keyfob_provider_row_set_provider (KeyfobProviderRow *self,
                                  KeyfobProvider    *provider)
{
  g_return_if_fail (KEYFOB_IS_PROVIDER_ROW (self));
  g_return_if_fail (provider == NULL || KEYFOB_IS_PROVIDER (provider));

  if (!g_set_object (&self->provider, provider))
    return;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 provider != NULL ? keyfob_provider_get_name (provider) : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                               provider != NULL ? keyfob_provider_get_description (provider)
                                                : "");
  keyfob_provider_dot_set_provider (self->dot, provider);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}
