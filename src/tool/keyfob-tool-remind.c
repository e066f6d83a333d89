/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-tool"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "keyfob-expiry-notice.h"
#include "keyfob-tool-private.h"

/* remind: the window's expiry notification, sent from a systemd timer while no window is open
 * (data/keyfob-remind.timer). */

#define APPLICATION_ID "io.github.keyfob.Keyfob"

/* A notification server that does not answer within this is not going to. */
#define NOTIFY_TIMEOUT_MS 25000

/* The window's settings: the warning days and the day of the last reminder are shared, so the
 * two together still remind once a day. */
static GSettings *
open_settings (GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);

  if (schema == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Keyfob’s settings schema is not installed, and reminders follow its "
                     "settings. Install Keyfob, or in a build tree run “meson devenv -C _build "
                     "keyfob-tool remind”."));
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

/* Straight to org.freedesktop.Notifications, which GNOME Shell and every other desktop serve:
 * this process ends before any action could come back to it, so the notification carries none,
 * and desktop-entry lets the desktop open Keyfob when it is clicked. */
static gboolean
send_notification (KeyfobToolContext  *context,
                   const char         *title,
                   const char         *body,
                   GError            **error)
{
  const char * const no_actions[] = { NULL };
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder hints;

  g_bus_get (G_BUS_TYPE_SESSION, context->cancellable, _keyfob_tool_context_ready_cb, context);
  connected = _keyfob_tool_context_wait (context);
  bus = g_bus_get_finish (connected, error);
  if (bus == NULL)
    return FALSE;

  g_variant_builder_init (&hints, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&hints, "{sv}", "desktop-entry", g_variant_new_string (APPLICATION_ID));
  g_variant_builder_add (&hints, "{sv}", "urgency", g_variant_new_byte (1));

  g_dbus_connection_call (bus,
                          "org.freedesktop.Notifications",
                          "/org/freedesktop/Notifications",
                          "org.freedesktop.Notifications",
                          "Notify",
                          g_variant_new ("(susss^asa{sv}i)", _("Keyfob"), 0, APPLICATION_ID,
                                         title, body, no_actions, &hints, -1),
                          G_VARIANT_TYPE ("(u)"),
                          G_DBUS_CALL_FLAGS_NONE,
                          NOTIFY_TIMEOUT_MS,
                          context->cancellable,
                          _keyfob_tool_context_ready_cb,
                          context);
  result = _keyfob_tool_context_wait (context);
  reply = g_dbus_connection_call_finish (bus, result, error);
  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (*error);
      return FALSE;
    }

  return TRUE;
}

int
_keyfob_tool_remind (KeyfobToolContext  *context,
                     int                 argc,
                     char              **argv)
{
  g_autofree char *days_text = NULL;
  const GOptionEntry entries[] = {
    { "days", 0, 0, G_OPTION_ARG_STRING, &days_text,
      N_("Remind of tokens expiring within DAYS, not the days set in Preferences"),
      N_("DAYS") },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  guint days = 0;

  option_context = _keyfob_tool_option_context_new ("remind", NULL,
                                                    _("Send the desktop notification the "
                                                      "window sends when tokens expire soon, "
                                                      "at most once a day."),
                                                    entries);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    return _keyfob_tool_usage ("remind", "%s", error->message);
  if (argc > 1)
    return _keyfob_tool_usage ("remind",
                               /* Translators: %s is what the user typed */
                               _("Unexpected argument “%s”: “remind” takes none."), argv[1]);
  if (days_text != NULL && !_keyfob_tool_parse_days ("--days", days_text, &days, &error))
    return _keyfob_tool_usage ("remind", "%s", error->message);

  settings = open_settings (&error);
  if (settings == NULL)
    return _keyfob_tool_fail (error);
  if (days_text == NULL)
    days = g_settings_get_uint (settings, "expiry-warning-days");

  if (!keyfob_expiry_notice_is_due (settings, now))
    {
      _keyfob_tool_say (stderr, _("Already reminded today.\n"));
      return KEYFOB_TOOL_EXIT_OK;
    }

  if (!_keyfob_tool_context_load_catalogue (context, FALSE, &error))
    return _keyfob_tool_fail (error);

  /* Loads the context's token list, which the notice counts. */
  tokens = _keyfob_tool_context_list_tokens (context, &error);
  if (tokens == NULL)
    return _keyfob_tool_fail (error);

  if (!keyfob_expiry_notice_compose (G_LIST_MODEL (context->tokens), now, days, &title, &body))
    {
      /* Translators: %u is a number of days */
      _keyfob_tool_say (stderr, g_dngettext (GETTEXT_PACKAGE,
                                             "No token expires within %u day.\n",
                                             "No token expires within %u days.\n", days),
                        days);
      return KEYFOB_TOOL_EXIT_OK;
    }

  if (!send_notification (context, title, body, &error))
    {
      /* Translators: %s says why, from the desktop's notification service */
      _keyfob_tool_say (stderr, _("keyfob-tool: Could not show the reminder (%s). Reminders "
                                  "need a desktop session with a notification service.\n"),
                        error->message);
      return KEYFOB_TOOL_EXIT_FAILED;
    }

  keyfob_expiry_notice_mark_sent (settings, now);
  g_settings_sync ();
  _keyfob_tool_say (stdout, "%s: %s\n", title, body);

  return KEYFOB_TOOL_EXIT_OK;
}
