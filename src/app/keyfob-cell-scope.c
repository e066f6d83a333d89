/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-cell-scope"

#include "config.h"

#include "keyfob-cell-scope.h"
#include "keyfob-time.h"

struct _KeyfobCellScope
{
  GtkBuilderCScope  parent_instance;

  /* owned */
  KeyfobCatalogue  *catalogue;
  GSettings        *settings;
};

static void keyfob_cell_scope_scope_init (GtkBuilderScopeInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KeyfobCellScope, keyfob_cell_scope, GTK_TYPE_BUILDER_CSCOPE,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDER_SCOPE,
                                                      keyfob_cell_scope_scope_init))

static GtkBuilderScopeInterface *parent_scope_iface;

static KeyfobProvider *
provider_cb (GtkListItem     *item,
             const char      *provider_id,
             KeyfobCatalogue *catalogue)
{
  KeyfobProvider *provider = provider_id ? keyfob_catalogue_lookup (catalogue, provider_id) : NULL;

  return provider != NULL ? g_object_ref (provider) : NULL;
}

/* A provider that is no longer installed still has a name to show: its id. */
static char *
provider_name_cb (GtkListItem     *item,
                  const char      *provider_id,
                  KeyfobCatalogue *catalogue)
{
  KeyfobProvider *provider = provider_id ? keyfob_catalogue_lookup (catalogue, provider_id) : NULL;

  return g_strdup (provider != NULL ? keyfob_provider_get_name (provider) : provider_id);
}

static GSettings *
settings_cb (GtkListItem *item,
             GSettings   *settings)
{
  return g_object_ref (settings);
}

static char *
format_day_cb (GtkListItem *item,
               GDateTime   *date)
{
  return date != NULL ? keyfob_time_format_day (date) : g_strdup ("—");
}

/* Full text in a tooltip only where the cell cut it short. */
static gboolean
cut_text_tooltip_cb (GtkLabel   *label,
                     int         x,
                     int         y,
                     gboolean    keyboard_mode,
                     GtkTooltip *tooltip)
{
  if (!pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return FALSE;

  gtk_tooltip_set_text (tooltip, gtk_label_get_text (label));

  return TRUE;
}

static void
release_data (gpointer  data,
              GClosure *closure)
{
  g_object_unref (data);
}

static GClosure *
keyfob_cell_scope_create_closure (GtkBuilderScope        *scope,
                                  GtkBuilder             *builder,
                                  const char             *function_name,
                                  GtkBuilderClosureFlags  flags,
                                  GObject                *object,
                                  GError                **error)
{
  KeyfobCellScope *self = KEYFOB_CELL_SCOPE (scope);

  if (g_str_equal (function_name, "provider"))
    return g_cclosure_new (G_CALLBACK (provider_cb), g_object_ref (self->catalogue),
                           release_data);
  if (g_str_equal (function_name, "provider_name"))
    return g_cclosure_new (G_CALLBACK (provider_name_cb), g_object_ref (self->catalogue),
                           release_data);
  if (g_str_equal (function_name, "settings"))
    return g_cclosure_new (G_CALLBACK (settings_cb), g_object_ref (self->settings),
                           release_data);

  return parent_scope_iface->create_closure (scope, builder, function_name, flags, object, error);
}

static void
keyfob_cell_scope_scope_init (GtkBuilderScopeInterface *iface)
{
  parent_scope_iface = g_type_interface_peek_parent (iface);
  iface->create_closure = keyfob_cell_scope_create_closure;
}

static void
keyfob_cell_scope_dispose (GObject *object)
{
  KeyfobCellScope *self = KEYFOB_CELL_SCOPE (object);

  g_clear_object (&self->catalogue);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (keyfob_cell_scope_parent_class)->dispose (object);
}

static void
keyfob_cell_scope_class_init (KeyfobCellScopeClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = keyfob_cell_scope_dispose;
}

static void
keyfob_cell_scope_init (KeyfobCellScope *self)
{
  GtkBuilderCScope *cscope = GTK_BUILDER_CSCOPE (self);

  gtk_builder_cscope_add_callback_symbols (cscope,
                                           "format_day", G_CALLBACK (format_day_cb),
                                           "cut_text_tooltip_cb", G_CALLBACK (cut_text_tooltip_cb),
                                           NULL);
}

GtkBuilderScope *
keyfob_cell_scope_new (KeyfobCatalogue *catalogue,
                       GSettings       *settings)
{
  KeyfobCellScope *self;

  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (KEYFOB_TYPE_CELL_SCOPE, NULL);
  self->catalogue = g_object_ref (catalogue);
  self->settings = g_object_ref (settings);

  return GTK_BUILDER_SCOPE (self);
}
