/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "keyfob-provider-dot.h"

#define DOT_SIZE 10

struct _KeyfobProviderDot
{
  GtkWidget       parent_instance;

  KeyfobProvider *provider;
  GdkRGBA         color;
  gboolean        has_color;
};

G_DEFINE_FINAL_TYPE (KeyfobProviderDot, keyfob_provider_dot, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PROVIDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Drawn rather than styled: a provider file's colour never becomes CSS, and no style provider
 * has to be added to the display for it. */
static void
keyfob_provider_dot_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  KeyfobProviderDot *self = KEYFOB_PROVIDER_DOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  float size = MIN (MIN (width, height), DOT_SIZE);
  GskRoundedRect disc;

  if (!self->has_color)
    return;

  gsk_rounded_rect_init_from_rect (&disc,
                                   &GRAPHENE_RECT_INIT ((width - size) / 2, (height - size) / 2,
                                                        size, size),
                                   size / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &disc);
  gtk_snapshot_append_color (snapshot, &self->color, &disc.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
keyfob_provider_dot_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  *minimum = *natural = DOT_SIZE;
}

static void
keyfob_provider_dot_dispose (GObject *object)
{
  KeyfobProviderDot *self = KEYFOB_PROVIDER_DOT (object);

  g_clear_object (&self->provider);

  G_OBJECT_CLASS (keyfob_provider_dot_parent_class)->dispose (object);
}

static void
keyfob_provider_dot_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KeyfobProviderDot *self = KEYFOB_PROVIDER_DOT (object);

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
keyfob_provider_dot_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KeyfobProviderDot *self = KEYFOB_PROVIDER_DOT (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      keyfob_provider_dot_set_provider (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_provider_dot_class_init (KeyfobProviderDotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keyfob_provider_dot_dispose;
  object_class->get_property = keyfob_provider_dot_get_property;
  object_class->set_property = keyfob_provider_dot_set_property;
  widget_class->snapshot = keyfob_provider_dot_snapshot;
  widget_class->measure = keyfob_provider_dot_measure;

  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL, KEYFOB_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
  gtk_widget_class_set_css_name (widget_class, "provider-dot");
}

static void
keyfob_provider_dot_init (KeyfobProviderDot *self)
{
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
keyfob_provider_dot_new (void)
{
  return g_object_new (KEYFOB_TYPE_PROVIDER_DOT, NULL);
}

KeyfobProvider *
keyfob_provider_dot_get_provider (KeyfobProviderDot *self)
{
  g_return_val_if_fail (KEYFOB_IS_PROVIDER_DOT (self), NULL);

  return self->provider;
}

/* @provider may be NULL (a token of a provider no longer installed): nothing is drawn. */
void
keyfob_provider_dot_set_provider (KeyfobProviderDot *self,
                                  KeyfobProvider    *provider)
{
  const char *color;

  g_return_if_fail (KEYFOB_IS_PROVIDER_DOT (self));
  g_return_if_fail (provider == NULL || KEYFOB_IS_PROVIDER (provider));

  if (!g_set_object (&self->provider, provider))
    return;

  color = provider != NULL ? keyfob_provider_get_color (provider) : NULL;
  self->has_color = color != NULL && gdk_rgba_parse (&self->color, color);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}
