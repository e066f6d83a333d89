/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-confirm.h"
#include "keyfob-custom-provider-dialog.h"
#include "keyfob-preferences-window.h"
#include "keyfob-provider-writer.h"

struct _KeyfobPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  GtkSpinButton        *clear_delay_spin;
  GtkSpinButton        *warning_days_spin;
  GtkSwitch            *check_on_startup_switch;
  AdwPreferencesGroup  *services_group;
  AdwPreferencesGroup  *provider_files_group;

  /* owned refs */
  KeyfobCatalogue      *catalogue;
  KeyfobVerifier       *verifier;
  GPtrArray            *service_rows;  /* in services_group */
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (KeyfobPreferencesWindow, keyfob_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static GtkWidget *
service_button (const char *icon_name,
                const char *action_name,
                const char *label,
                const char *provider_id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", provider_id);

  return button;
}

/* The providers "Other Service…" wrote, each with Edit and Remove; again after each change. */
static void
list_services (KeyfobPreferencesWindow *self)
{
  GPtrArray *providers = keyfob_catalogue_get_providers (self->catalogue);

  for (guint i = 0; i < self->service_rows->len; i++)
    adw_preferences_group_remove (self->services_group,
                                  g_ptr_array_index (self->service_rows, i));
  g_ptr_array_set_size (self->service_rows, 0);

  for (guint i = 0; i < providers->len; i++)
    {
      KeyfobProvider *provider = g_ptr_array_index (providers, i);
      const char *id = keyfob_provider_get_id (provider);
      const char *name = keyfob_provider_get_name (provider);
      g_autofree char *edit = NULL;
      g_autofree char *remove = NULL;
      GtkWidget *row;

      if (!keyfob_provider_get_custom (provider))
        continue;

      /* Translators: a button's label for screen readers; %s is a service's name */
      edit = g_strdup_printf (_("Edit %s"), name);
      /* Translators: a button's label for screen readers; %s is a service's name */
      remove = g_strdup_printf (_("Remove %s"), name);

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), keyfob_provider_get_origin (provider));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 service_button ("document-edit-symbolic", "prefs.edit-service",
                                                 edit, id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 service_button ("user-trash-symbolic", "prefs.remove-service",
                                                 remove, id));
      adw_preferences_group_add (self->services_group, row);
      g_ptr_array_add (self->service_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->services_group), self->service_rows->len > 0);
}

static void
edit_service_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KeyfobPreferencesWindow *self = KEYFOB_PREFERENCES_WINDOW (widget);
  KeyfobProvider *provider = keyfob_catalogue_lookup (self->catalogue,
                                                      g_variant_get_string (parameter, NULL));
  GtkWidget *dialog;

  if (provider == NULL || !keyfob_provider_get_custom (provider))
    return;

  dialog = keyfob_custom_provider_dialog_new (GTK_WINDOW (self), self->catalogue,
                                              self->verifier, provider);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (list_services), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KeyfobPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!keyfob_catalogue_load_finish (KEYFOB_CATALOGUE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  list_services (self);
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KeyfobPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!keyfob_provider_writer_remove_finish (result, &error))
    {
      g_autofree char *escaped = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* A toast's title is markup; a path is not. */
      escaped = g_markup_escape_text (error->message, -1);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
      return;
    }

  keyfob_catalogue_load_async (self->catalogue, self->cancellable, reloaded_cb,
                               g_object_ref (self));
}

typedef struct
{
  KeyfobPreferencesWindow *self;  /* owned */
  char                    *id;
} Removal;

static void
removal_free (Removal *removal)
{
  g_clear_object (&removal->self);
  g_free (removal->id);
  g_free (removal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Removal, removal_free)

static void
remove_confirmed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Removal) removal = user_data;
  KeyfobPreferencesWindow *self = removal->self;
  KeyfobProvider *provider;

  if (!keyfob_confirm_finish (result, NULL))
    return;

  /* Looked up again: the catalogue may have reloaded while the question was open. */
  provider = keyfob_catalogue_lookup (self->catalogue, removal->id);
  if (provider != NULL && keyfob_provider_get_custom (provider))
    keyfob_provider_writer_remove_async (provider, self->cancellable, removed_cb,
                                         g_object_ref (self));
}

static void
remove_service_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KeyfobPreferencesWindow *self = KEYFOB_PREFERENCES_WINDOW (widget);
  KeyfobProvider *provider = keyfob_catalogue_lookup (self->catalogue,
                                                      g_variant_get_string (parameter, NULL));
  g_autofree char *heading = NULL;
  Removal *removal;

  if (provider == NULL)
    return;

  removal = g_new0 (Removal, 1);
  removal->self = g_object_ref (self);
  removal->id = g_strdup (keyfob_provider_get_id (provider));

  /* Translators: a question's heading; %s is a service's name */
  heading = g_strdup_printf (_("Remove %s?"), keyfob_provider_get_name (provider));
  keyfob_confirm_async (GTK_WINDOW (self), heading,
                        _("Its tokens stay in the keyring, but Keyfob can no longer test them "
                          "or show how to make new ones."),
                        _("_Cancel"), _("_Remove"), KEYFOB_CONFIRM_DESTRUCTIVE, self->cancellable,
                        remove_confirmed_cb, removal);
}

static void
keyfob_preferences_window_dispose (GObject *object)
{
  KeyfobPreferencesWindow *self = KEYFOB_PREFERENCES_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->verifier);
  g_clear_pointer (&self->service_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (keyfob_preferences_window_parent_class)->dispose (object);
}

static void
keyfob_preferences_window_class_init (KeyfobPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keyfob_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KeyfobPreferencesWindow, clear_delay_spin);
  gtk_widget_class_bind_template_child (widget_class, KeyfobPreferencesWindow, warning_days_spin);
  gtk_widget_class_bind_template_child (widget_class, KeyfobPreferencesWindow,
                                        check_on_startup_switch);
  gtk_widget_class_bind_template_child (widget_class, KeyfobPreferencesWindow, services_group);
  gtk_widget_class_bind_template_child (widget_class, KeyfobPreferencesWindow,
                                        provider_files_group);

  gtk_widget_class_install_action (widget_class, "prefs.edit-service", "s", edit_service_action);
  gtk_widget_class_install_action (widget_class, "prefs.remove-service", "s",
                                   remove_service_action);
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
  self->service_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

KeyfobPreferencesWindow *
keyfob_preferences_window_new (GtkWindow       *parent,
                               GSettings       *settings,
                               KeyfobCatalogue *catalogue,
                               KeyfobVerifier  *verifier)
{
  KeyfobPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (KEYFOB_IS_VERIFIER (verifier), NULL);

  self = g_object_new (KEYFOB_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->catalogue = g_object_ref (catalogue);
  self->verifier = g_object_ref (verifier);

  /* Bound both ways: a change applies at once, as GNOME preferences do. */
  g_settings_bind (settings, "clipboard-clear-delay", self->clear_delay_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "expiry-warning-days", self->warning_days_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "check-on-startup", self->check_on_startup_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  list_provider_files (self, catalogue);
  list_services (self);

  return self;
}
