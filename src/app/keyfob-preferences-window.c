/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-preferences-window.h"

struct _KeyfobPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  GtkSpinButton        *clear_delay_spin;
  GtkSpinButton        *warning_days_spin;
  GtkSwitch            *check_on_startup_switch;
  AdwPreferencesGroup  *provider_files_group;
};

G_DEFINE_FINAL_TYPE (KeyfobPreferencesWindow, keyfob_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static void
keyfob_preferences_window_class_init (KeyfobPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KeyfobPreferencesWindow, clear_delay_spin);
  gtk_widget_class_bind_template_child (widget_class, KeyfobPreferencesWindow, warning_days_spin);
  gtk_widget_class_bind_template_child (widget_class, KeyfobPreferencesWindow,
                                        check_on_startup_switch);
  gtk_widget_class_bind_template_child (widget_class, KeyfobPreferencesWindow,
                                        provider_files_group);
}

/* File names and problems are text, not markup. */
static void
add_file_row (KeyfobPreferencesWindow *self,
              const char              *title,
              const char              *subtitle,
              const char              *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  adw_preferences_group_add (self->provider_files_group, row);
  gtk_widget_set_visible (GTK_WIDGET (self->provider_files_group), TRUE);
}

/* Which built-in providers a file replaces, and which files could not be used. */
static void
list_provider_files (KeyfobPreferencesWindow *self,
                     KeyfobCatalogue         *catalogue)
{
  GPtrArray *providers = keyfob_catalogue_get_providers (catalogue);
  GPtrArray *problems = keyfob_catalogue_get_problems (catalogue);

  for (guint i = 0; i < providers->len; i++)
    {
      KeyfobProvider *provider = g_ptr_array_index (providers, i);
      KeyfobProvider *builtin = keyfob_provider_get_replaced (provider);
      g_autofree char *subtitle = NULL;

      if (builtin == NULL)
        continue;

      /* Translators: %s is a file name */
      subtitle = g_strdup_printf (_("Replaced by %s"), keyfob_provider_get_origin (provider));
      add_file_row (self, keyfob_provider_get_name (builtin), subtitle,
                    "dialog-warning-symbolic");
    }

  for (guint i = 0; i < problems->len; i++)
    {
      const GError *problem = g_ptr_array_index (problems, i);

      add_file_row (self, _("Not Used"), problem->message, "dialog-error-symbolic");
    }
}

static void
keyfob_preferences_window_init (KeyfobPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KeyfobPreferencesWindow *
keyfob_preferences_window_new (GtkWindow       *parent,
                               GSettings       *settings,
                               KeyfobCatalogue *catalogue)
{
  KeyfobPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (catalogue), NULL);

  self = g_object_new (KEYFOB_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);

  /* Bound both ways: a change applies at once, as GNOME preferences do. */
  g_settings_bind (settings, "clipboard-clear-delay", self->clear_delay_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "expiry-warning-days", self->warning_days_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "check-on-startup", self->check_on_startup_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  list_provider_files (self, catalogue);

  return self;
}
