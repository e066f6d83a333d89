/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-preferences-window"

#include "config.h"

#include "keyfob-preferences-window.h"

struct _KeyfobPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  GtkSpinButton        *clear_delay_spin;
  GtkSpinButton        *warning_days_spin;
  GtkSwitch            *check_on_startup_switch;
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
}

static void
keyfob_preferences_window_init (KeyfobPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KeyfobPreferencesWindow *
keyfob_preferences_window_new (GtkWindow *parent,
                               GSettings *settings)
{
  KeyfobPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (KEYFOB_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);

  /* Bound both ways: a change applies at once, as GNOME preferences do. */
  g_settings_bind (settings, "clipboard-clear-delay", self->clear_delay_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "expiry-warning-days", self->warning_days_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "check-on-startup", self->check_on_startup_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  return self;
}
