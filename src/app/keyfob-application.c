/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-application"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>

#include "keyfob-application.h"
#include "keyfob-preferences-window.h"
#include "keyfob-search-provider.h"
#include "keyfob-text.h"
#include "keyfob-window.h"

/* Defined by gdkconfig.h, which the headers above include. */
#ifdef GDK_WINDOWING_WAYLAND
#include <gdk/wayland/gdkwayland.h>
#endif

/* The signals that ask a program to end: a logout, kill or Ctrl+C in the terminal. */
static const int quit_signals[] = { SIGTERM, SIGINT, SIGHUP };

/* How long a Keyfob that GNOME Shell started for a search stays after its last answer: the
 * next keystroke's search finds it running, with the keyring already read. */
#define SERVICE_INACTIVITY_MS 20000

struct _KeyfobApplication
{
  AdwApplication   parent_instance;

  /* owned */
  KeyfobCatalogue *catalogue;
  KeyfobStore     *store;
  KeyfobTokenList *tokens;
  KeyfobPendingDeletes *pending_deletes;
  KeyfobVerifier  *verifier;
  KeyfobClipboard *clipboard;
  GSettings       *settings;
  KeyfobSearchProvider *search_provider;

  /* borrowed: cleared when it closes */
  GtkWindow       *preferences;

  gboolean         catalogue_loaded;
  gboolean         activate_pending;
  guint            quit_signal_ids[G_N_ELEMENTS (quit_signals)];
};


G_DEFINE_FINAL_TYPE (KeyfobApplication, keyfob_application, ADW_TYPE_APPLICATION)

static void
catalogue_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KeyfobApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  if (!keyfob_catalogue_load_finish (KEYFOB_CATALOGUE (object), result, &error))
    g_warning ("Could not load the providers: %s", error->message);

  /* A broken user file must not hide the others; say which and why, without letting the
   * file's text drive the terminal Keyfob was started from. */
  problems = keyfob_catalogue_get_problems (self->catalogue);
  for (guint i = 0; i < problems->len; i++)
    {
      const GError *problem = g_ptr_array_index (problems, i);
      g_autofree char *line = keyfob_text_for_terminal (problem->message, 1024);

      g_message ("%s", line);
    }

  /* The store reads each item's fields as its provider declares them. */
  keyfob_store_set_catalogue (self->store, self->catalogue);
  self->catalogue_loaded = TRUE;
  keyfob_search_provider_set_ready (self->search_provider);
  if (self->activate_pending)
    g_application_activate (G_APPLICATION (self));

  g_application_release (G_APPLICATION (self));
}

/* Ends through the normal quit, which clears a copied token from the clipboard. Once: a
 * second signal ends Keyfob at once, should the quit hang. */
static void
deletes_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KeyfobApplication) self = user_data;

  keyfob_pending_deletes_commit_all_finish (KEYFOB_PENDING_DELETES (object), result);
  g_application_quit (G_APPLICATION (self));
}

/* A token deleted with the chance to undo still open is deleted before Keyfob ends. */
static void
quit (KeyfobApplication *self)
{
  keyfob_pending_deletes_commit_all_async (self->pending_deletes, deletes_done_cb,
                                           g_object_ref (self));
}

static gboolean
quit_on_signal_cb (gpointer user_data)
{
  KeyfobApplication *self = user_data;

  for (guint i = 0; i < G_N_ELEMENTS (self->quit_signal_ids); i++)
    g_clear_handle_id (&self->quit_signal_ids[i], g_source_remove);
  quit (self);

  return G_SOURCE_REMOVE;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  quit (KEYFOB_APPLICATION (user_data));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KeyfobApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* One Preferences window, raised again rather than opened twice. */
  if (self->preferences == NULL)
    {
      self->preferences = GTK_WINDOW (keyfob_preferences_window_new (parent, self->settings,
                                                                     self->catalogue,
                                                                     self->verifier));
      g_object_add_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
    }

  gtk_window_present (self->preferences);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  KeyfobApplication *self = user_data;
  static const char *developers[] = { "The Keyfob developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Keyfob"),
                         "application-icon", KEYFOB_APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", developers[0],
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Keep API tokens in your keyring and check them live"),
                         "website", "https://github.com/keyfob/keyfob",
                         "issue-url", "https://github.com/keyfob/keyfob/issues",
                         /* Translators: your name and address, one a line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

/* Wayland compositors take clipboard changes only from the focused client. */
static gboolean
display_clears_only_focused (void)
{
#ifdef GDK_WINDOWING_WAYLAND
  return GDK_IS_WAYLAND_DISPLAY (gdk_display_get_default ());
#else
  return FALSE;
#endif
}

static void
window_active_cb (KeyfobApplication *self)
{
  gboolean focused = FALSE;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    focused |= gtk_window_is_active (l->data);

  keyfob_clipboard_set_focused (self->clipboard, focused);
}

static void
keyfob_application_window_added (GtkApplication *app,
                                 GtkWindow      *window)
{
  KeyfobApplication *self = KEYFOB_APPLICATION (app);

  GTK_APPLICATION_CLASS (keyfob_application_parent_class)->window_added (app, window);

  g_signal_connect_object (window, "notify::is-active", G_CALLBACK (window_active_cb), self,
                           G_CONNECT_SWAPPED);
  window_active_cb (self);
}

static void
keyfob_application_window_removed (GtkApplication *app,
                                   GtkWindow      *window)
{
  GTK_APPLICATION_CLASS (keyfob_application_parent_class)->window_removed (app, window);

  window_active_cb (KEYFOB_APPLICATION (app));
}

static void
keyfob_application_activate (GApplication *app)
{
  KeyfobApplication *self = KEYFOB_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  /* The window names providers from its first frame: wait for them (a few milliseconds). */
  self->activate_pending = !self->catalogue_loaded;
  if (self->activate_pending)
    return;

  if (window == NULL)
    window = GTK_WINDOW (keyfob_window_new (self));

  gtk_window_present (window);
}

static void
keyfob_application_startup (GApplication *app)
{
  KeyfobApplication *self = KEYFOB_APPLICATION (app);
  static const struct
  {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.add", { "<Control>n", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.test-all", { "<Control><Shift>t", NULL } },
    { "win.reload", { "<Control>r", NULL } },
  };

  /* The keyring takes longest to answer: ask it first, while GTK starts and the window is
   * built. */
  keyfob_token_list_reload_async (self->tokens, NULL, NULL, NULL);

  G_APPLICATION_CLASS (keyfob_application_parent_class)->startup (app);

  g_object_set (self->clipboard, "clear-needs-focus", display_clears_only_focused (), NULL);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  for (guint i = 0; i < G_N_ELEMENTS (quit_signals); i++)
    self->quit_signal_ids[i] = g_unix_signal_add (quit_signals[i], quit_on_signal_cb, self);

  if (g_application_get_flags (app) & G_APPLICATION_IS_SERVICE)
    g_application_set_inactivity_timeout (app, SERVICE_INACTIVITY_MS);

  /* Held until the providers are in, so that the first window knows them. */
  g_application_hold (app);
  keyfob_catalogue_load_async (self->catalogue, NULL, catalogue_loaded_cb, g_object_ref (self));
}

/* GNOME Shell's search provider, at the path the .ini in data/ names, on the application's
 * own connection: D-Bus activation of the application's name starts it. */
static gboolean
keyfob_application_dbus_register (GApplication     *app,
                                  GDBusConnection  *connection,
                                  const char       *object_path,
                                  GError          **error)
{
  KeyfobApplication *self = KEYFOB_APPLICATION (app);
  g_autofree char *path = g_strconcat (object_path, "/SearchProvider", NULL);

  if (!G_APPLICATION_CLASS (keyfob_application_parent_class)->dbus_register (app, connection,
                                                                             object_path, error))
    return FALSE;

  return keyfob_search_provider_export (self->search_provider, connection, path, error);
}

static void
keyfob_application_dbus_unregister (GApplication    *app,
                                    GDBusConnection *connection,
                                    const char      *object_path)
{
  KeyfobApplication *self = KEYFOB_APPLICATION (app);

  keyfob_search_provider_unexport (self->search_provider);

  G_APPLICATION_CLASS (keyfob_application_parent_class)->dbus_unregister (app, connection,
                                                                          object_path);
}

static void
keyfob_application_shutdown (GApplication *app)
{
  KeyfobApplication *self = KEYFOB_APPLICATION (app);

  /* A copied token does not outlive Keyfob. */
  keyfob_clipboard_clear (self->clipboard);
  for (guint i = 0; i < G_N_ELEMENTS (self->quit_signal_ids); i++)
    g_clear_handle_id (&self->quit_signal_ids[i], g_source_remove);

  G_APPLICATION_CLASS (keyfob_application_parent_class)->shutdown (app);
}

static void
keyfob_application_dispose (GObject *object)
{
  KeyfobApplication *self = (KeyfobApplication *) object;

  if (self->preferences != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
  /* First: it borrows the rest. */
  g_clear_object (&self->search_provider);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->pending_deletes);
  g_clear_object (&self->tokens);
  g_clear_object (&self->store);
  g_clear_object (&self->verifier);
  g_clear_object (&self->clipboard);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (keyfob_application_parent_class)->dispose (object);
}

static void
keyfob_application_class_init (KeyfobApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = keyfob_application_dispose;
  app_class->activate = keyfob_application_activate;
  app_class->startup = keyfob_application_startup;
  app_class->shutdown = keyfob_application_shutdown;
  app_class->dbus_register = keyfob_application_dbus_register;
  app_class->dbus_unregister = keyfob_application_dbus_unregister;
  gtk_app_class->window_added = keyfob_application_window_added;
  gtk_app_class->window_removed = keyfob_application_window_removed;
}

static void
keyfob_application_init (KeyfobApplication *self)
{
  self->catalogue = keyfob_catalogue_new ();
  self->store = keyfob_store_new ();
  self->tokens = keyfob_token_list_new (self->store);
  self->pending_deletes = keyfob_pending_deletes_new (self->tokens);
  self->verifier = keyfob_verifier_new ();
  self->clipboard = keyfob_clipboard_new ();
  self->settings = g_settings_new (KEYFOB_APPLICATION_ID);
  self->search_provider = keyfob_search_provider_new (self);
}

KeyfobApplication *
keyfob_application_new (void)
{
  return g_object_new (KEYFOB_TYPE_APPLICATION,
                       "application-id", KEYFOB_APPLICATION_ID,
                       "resource-base-path", "/io/github/keyfob/Keyfob",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

KeyfobCatalogue *
keyfob_application_get_catalogue (KeyfobApplication *self)
{
  g_return_val_if_fail (KEYFOB_IS_APPLICATION (self), NULL);

  return self->catalogue;
}

KeyfobStore *
keyfob_application_get_store (KeyfobApplication *self)
{
  g_return_val_if_fail (KEYFOB_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * keyfob_application_get_tokens:
 *
 * Returns: (transfer none): the keyring's tokens, which every window shows
 */
KeyfobTokenList *
keyfob_application_get_tokens (KeyfobApplication *self)
{
  g_return_val_if_fail (KEYFOB_IS_APPLICATION (self), NULL);

  return self->tokens;
}

KeyfobVerifier *
keyfob_application_get_verifier (KeyfobApplication *self)
{
  g_return_val_if_fail (KEYFOB_IS_APPLICATION (self), NULL);

  return self->verifier;
}

KeyfobClipboard *
keyfob_application_get_clipboard (KeyfobApplication *self)
{
  g_return_val_if_fail (KEYFOB_IS_APPLICATION (self), NULL);

  return self->clipboard;
}

KeyfobPendingDeletes *
keyfob_application_get_pending_deletes (KeyfobApplication *self)
{
  g_return_val_if_fail (KEYFOB_IS_APPLICATION (self), NULL);

  return self->pending_deletes;
}

GSettings *
keyfob_application_get_settings (KeyfobApplication *self)
{
  g_return_val_if_fail (KEYFOB_IS_APPLICATION (self), NULL);

  return self->settings;
}
