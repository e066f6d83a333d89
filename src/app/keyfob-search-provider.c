/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-search-provider"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-search-provider.h"
#include "keyfob-shell-search-provider.h"
#include "keyfob-text.h"

/* How much of a token's name the Shell is given: one line, as the window's table shows it. */
#define NAME_MAX_CHARS 256

struct _KeyfobSearchProvider
{
  GObject                     parent_instance;

  /* borrowed: the application owns this object */
  KeyfobApplication          *app;

  /* owned */
  KeyfobShellSearchProvider2 *skeleton;
  GPtrArray                  *waiting;    /* GDBusMethodInvocation, each holding the app */
  GdkClipboard               *copied_to;  /* while the app is held for a copied token */

  gulong                      loading_id;
  gulong                      changed_id;
  gboolean                    ready;      /* the providers are in */
};

G_DEFINE_FINAL_TYPE (KeyfobSearchProvider, keyfob_search_provider, G_TYPE_OBJECT)

typedef struct
{
  KeyfobSearchProvider  *self;        /* owned */
  GDBusMethodInvocation *invocation;  /* owned until answered */
} Call;

static void
call_free (Call *call)
{
  g_clear_object (&call->self);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

/* Every call holds the application until it is answered, so that a D-Bus-activated Keyfob
 * does not quit between the Shell's question and its answer. */
static void
answered (KeyfobSearchProvider *self)
{
  g_application_release (G_APPLICATION (self->app));
}

static const char *
provider_name (KeyfobSearchProvider *self,
               KeyfobToken          *token)
{
  KeyfobCatalogue *catalogue = keyfob_application_get_catalogue (self->app);
  KeyfobProvider *provider = keyfob_catalogue_lookup (catalogue,
                                                      keyfob_token_get_provider_id (token));

  /* A token whose provider file is gone still shows, under its provider's id. */
  return provider != NULL ? keyfob_provider_get_name (provider)
                          : keyfob_token_get_provider_id (token);
}

/* Every term must be found, as the Shell's own application search does. */
static gboolean
matches (KeyfobSearchProvider *self,
         KeyfobToken          *token,
         GPtrArray            *folded_terms)
{
  const char *name = provider_name (self, token);

  for (guint i = 0; i < folded_terms->len; i++)
    if (!keyfob_token_matches_folded (token, name, g_ptr_array_index (folded_terms, i)))
      return FALSE;

  return TRUE;
}

/* The ids of the tokens that match @terms, out of @previous when the Shell narrows its last
 * search, else out of the whole list. */
static GPtrArray *
search (KeyfobSearchProvider *self,
        const char *const    *previous,
        const char *const    *terms)
{
  KeyfobTokenList *tokens = keyfob_application_get_tokens (self->app);
  g_autoptr(GPtrArray) folded = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; terms[i] != NULL; i++)
    g_ptr_array_add (folded, keyfob_token_fold_query (terms[i]));

  if (previous != NULL)
    {
      for (guint i = 0; previous[i] != NULL; i++)
        {
          KeyfobToken *token = keyfob_token_list_lookup (tokens, previous[i]);

          if (token != NULL && matches (self, token, folded))
            g_ptr_array_add (found, (gpointer) keyfob_token_get_id (token));
        }
    }
  else
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (tokens)); i++)
        {
          g_autoptr(KeyfobToken) token = g_list_model_get_item (G_LIST_MODEL (tokens), i);

          if (matches (self, token, folded))
            g_ptr_array_add (found, (gpointer) keyfob_token_get_id (token));
        }
    }

  g_ptr_array_add (found, NULL);
  return found;
}

/* Name, provider and the masked preview the keyring keeps beside the secret: what the window's
 * table shows, never the token itself. Names come from the keyring, which other programs can
 * write: one printable line. */
static GVariant *
result_metas (KeyfobSearchProvider *self,
              const char *const    *ids)
{
  KeyfobTokenList *tokens = keyfob_application_get_tokens (self->app);
  g_autoptr(GIcon) icon = g_themed_icon_new (KEYFOB_APPLICATION_ID);
  g_autofree char *icon_name = g_icon_to_string (icon);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      KeyfobToken *token = keyfob_token_list_lookup (tokens, ids[i]);
      g_autofree char *name = NULL;
      g_autofree char *description = NULL;

      /* Deleted since the search: the Shell drops what it gets no meta for. */
      if (token == NULL)
        continue;

      name = keyfob_text_one_line (keyfob_token_get_name (token), NAME_MAX_CHARS);
      if (keyfob_token_get_preview (token) != NULL)
        /* Translators: a token in GNOME Shell's search results: its provider, then the first
         * and last characters of the token with the rest hidden, e.g. "Pylon · pyl_…9f2e" */
        description = g_strdup_printf (_("%s · %s"), provider_name (self, token),
                                       keyfob_token_get_preview (token));
      else
        description = g_strdup (provider_name (self, token));

      g_variant_builder_open (&builder, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&builder, "{sv}", "id",
                             g_variant_new_string (keyfob_token_get_id (token)));
      g_variant_builder_add (&builder, "{sv}", "name",
                             g_variant_new_string (name != NULL ? name : ""));
      g_variant_builder_add (&builder, "{sv}", "description",
                             g_variant_new_take_string (keyfob_text_one_line (description,
                                                                              NAME_MAX_CHARS)));
      g_variant_builder_add (&builder, "{sv}", "gicon", g_variant_new_string (icon_name));
      g_variant_builder_close (&builder);
    }

  return g_variant_builder_end (&builder);
}

/* Held until the token is off the clipboard: a D-Bus-activated Keyfob that quit would take
 * its copy with it before the user could paste, and would not be there to clear it. */
static void
clipboard_changed_cb (KeyfobSearchProvider *self)
{
  if (keyfob_clipboard_holds_ours (keyfob_application_get_clipboard (self->app)))
    return;

  g_clear_signal_handler (&self->changed_id, self->copied_to);
  g_clear_object (&self->copied_to);
  g_application_release (G_APPLICATION (self->app));
}

static void
copy (KeyfobSearchProvider *self,
      SecretValue          *secret)
{
  KeyfobClipboard *ours = keyfob_application_get_clipboard (self->app);
  GSettings *settings = keyfob_application_get_settings (self->app);
  GdkClipboard *clipboard = gdk_display_get_clipboard (gdk_display_get_default ());
  gboolean needs_focus = FALSE;

  /* Where the compositor takes a copy and its clear only from the focused client (GNOME on
   * Wayland), the window comes up to be that client. */
  g_object_get (ours, "clear-needs-focus", &needs_focus, NULL);
  if (needs_focus)
    g_application_activate (G_APPLICATION (self->app));

  keyfob_clipboard_copy (ours, clipboard, secret_value_get_text (secret),
                         g_settings_get_uint (settings, "clipboard-clear-delay"));

  if (self->copied_to == NULL)
    {
      g_application_hold (G_APPLICATION (self->app));
      self->copied_to = g_object_ref (clipboard);
      self->changed_id = g_signal_connect_swapped (clipboard, "changed",
                                                   G_CALLBACK (clipboard_changed_cb), self);
    }
}

static void
secret_for_copy_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  KeyfobSearchProvider *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretValue) secret = keyfob_token_list_load_secret_finish (KEYFOB_TOKEN_LIST (object),
                                                                        result, &error);

  /* The store's messages name the keyring's trouble, never the token. */
  if (secret == NULL)
    {
      g_dbus_method_invocation_return_gerror (call->invocation, error);
    }
  else
    {
      copy (self, secret);
      keyfob_shell_search_provider2_complete_activate_result (self->skeleton, call->invocation);
    }

  answered (self);
}

static void
activate_result (KeyfobSearchProvider  *self,
                 GDBusMethodInvocation *invocation)
{
  KeyfobTokenList *tokens = keyfob_application_get_tokens (self->app);
  const char *id = NULL;
  KeyfobToken *token;
  Call *call;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(&s@asu)", &id,
                 NULL, NULL);
  token = keyfob_token_list_lookup (tokens, id);
  if (token == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             _("This token is no longer in the keyring. "
                                               "Search again."));
      answered (self);
      return;
    }

  call = g_new0 (Call, 1);
  call->self = g_object_ref (self);
  call->invocation = invocation;
  keyfob_token_list_load_secret_async (tokens, token, NULL, secret_for_copy_cb, call);
}

/* The window, its search filled in with what the user typed in Activities. */
static void
launch_search (KeyfobSearchProvider  *self,
               GDBusMethodInvocation *invocation)
{
  g_autofree const char **terms = NULL;
  g_autofree char *query = NULL;
  GtkWindow *window;
  guint32 timestamp = 0;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(^a&su)", &terms,
                 &timestamp);
  g_application_activate (G_APPLICATION (self->app));
  window = gtk_application_get_active_window (GTK_APPLICATION (self->app));
  if (window != NULL)
    {
      query = g_strjoinv (" ", (char **) terms);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.search-for", "s", query);
      gtk_window_present_with_time (window, timestamp);
    }

  keyfob_shell_search_provider2_complete_launch_search (self->skeleton, invocation);
  answered (self);
}

static void
dispatch (KeyfobSearchProvider  *self,
          GDBusMethodInvocation *invocation)
{
  const char *method = g_dbus_method_invocation_get_method_name (invocation);
  GVariant *parameters = g_dbus_method_invocation_get_parameters (invocation);

  if (g_str_equal (method, "GetInitialResultSet"))
    {
      g_autofree const char **terms = NULL;
      g_autoptr(GPtrArray) found = NULL;

      g_variant_get (parameters, "(^a&s)", &terms);
      found = search (self, NULL, terms);
      keyfob_shell_search_provider2_complete_get_initial_result_set (
        self->skeleton, invocation, (const char *const *) found->pdata);
    }
  else if (g_str_equal (method, "GetSubsearchResultSet"))
    {
      g_autofree const char **previous = NULL;
      g_autofree const char **terms = NULL;
      g_autoptr(GPtrArray) found = NULL;

      g_variant_get (parameters, "(^a&s^a&s)", &previous, &terms);
      found = search (self, previous, terms);
      keyfob_shell_search_provider2_complete_get_subsearch_result_set (
        self->skeleton, invocation, (const char *const *) found->pdata);
    }
  else if (g_str_equal (method, "GetResultMetas"))
    {
      g_autofree const char **ids = NULL;

      g_variant_get (parameters, "(^a&s)", &ids);
      keyfob_shell_search_provider2_complete_get_result_metas (self->skeleton, invocation,
                                                               result_metas (self, ids));
    }
  else if (g_str_equal (method, "ActivateResult"))
    {
      activate_result (self, invocation);
      return;
    }
  else
    {
      launch_search (self, invocation);
      return;
    }

  answered (self);
}

/* Answers only once the tokens and their providers are in: a Keyfob the Shell has just
 * started would otherwise find nothing. A keyring that could not be read finds nothing. */
static void
answer_waiting (KeyfobSearchProvider *self)
{
  g_autoptr(GPtrArray) waiting = NULL;

  if (!self->ready || keyfob_token_list_get_loading (keyfob_application_get_tokens (self->app)))
    return;

  waiting = g_steal_pointer (&self->waiting);
  self->waiting = g_ptr_array_new ();
  for (guint i = 0; i < waiting->len; i++)
    dispatch (self, g_ptr_array_index (waiting, i));
}

/* One handler for all five methods: the arguments GLib passes after the invocation are read
 * from the invocation instead, so that a call can wait for the tokens and be answered later. */
static gboolean
handle_method_cb (KeyfobSearchProvider  *self,
                  GDBusMethodInvocation *invocation)
{
  g_application_hold (G_APPLICATION (self->app));
  g_ptr_array_add (self->waiting, invocation);
  answer_waiting (self);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
keyfob_search_provider_dispose (GObject *object)
{
  KeyfobSearchProvider *self = (KeyfobSearchProvider *) object;

  if (self->app != NULL)
    g_clear_signal_handler (&self->loading_id, keyfob_application_get_tokens (self->app));
  /* The application is going: nothing to release, nothing to answer for it. */
  self->app = NULL;
  keyfob_search_provider_unexport (self);
  g_clear_signal_handler (&self->changed_id, self->copied_to);
  g_clear_object (&self->copied_to);
  g_clear_object (&self->skeleton);

  G_OBJECT_CLASS (keyfob_search_provider_parent_class)->dispose (object);
}

static void
keyfob_search_provider_finalize (GObject *object)
{
  KeyfobSearchProvider *self = (KeyfobSearchProvider *) object;

  g_ptr_array_unref (self->waiting);

  G_OBJECT_CLASS (keyfob_search_provider_parent_class)->finalize (object);
}

static void
keyfob_search_provider_class_init (KeyfobSearchProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keyfob_search_provider_dispose;
  object_class->finalize = keyfob_search_provider_finalize;
}

static void
keyfob_search_provider_init (KeyfobSearchProvider *self)
{
  static const char *const methods[] = {
    "handle-get-initial-result-set", "handle-get-subsearch-result-set",
    "handle-get-result-metas", "handle-activate-result", "handle-launch-search",
  };

  self->waiting = g_ptr_array_new ();
  self->skeleton = keyfob_shell_search_provider2_skeleton_new ();
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    g_signal_connect_object (self->skeleton, methods[i], G_CALLBACK (handle_method_cb), self,
                             G_CONNECT_SWAPPED);
}

KeyfobSearchProvider *
keyfob_search_provider_new (KeyfobApplication *app)
{
  KeyfobSearchProvider *self;

  g_return_val_if_fail (KEYFOB_IS_APPLICATION (app), NULL);

  self = g_object_new (KEYFOB_TYPE_SEARCH_PROVIDER, NULL);
  self->app = app;
  self->loading_id = g_signal_connect_swapped (keyfob_application_get_tokens (app),
                                               "notify::loading",
                                               G_CALLBACK (answer_waiting), self);

  return self;
}

gboolean
keyfob_search_provider_export (KeyfobSearchProvider  *self,
                               GDBusConnection       *connection,
                               const char            *object_path,
                               GError               **error)
{
  g_return_val_if_fail (KEYFOB_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);

  return g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton),
                                           connection, object_path, error);
}

/* Off the bus; a call still waiting for the tokens is told Keyfob is quitting. */
void
keyfob_search_provider_unexport (KeyfobSearchProvider *self)
{
  g_autoptr(GPtrArray) waiting = NULL;

  g_return_if_fail (KEYFOB_IS_SEARCH_PROVIDER (self));

  if (self->skeleton != NULL &&
      g_dbus_interface_skeleton_get_connection (G_DBUS_INTERFACE_SKELETON (self->skeleton)))
    g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->skeleton));

  waiting = g_steal_pointer (&self->waiting);
  self->waiting = g_ptr_array_new ();
  for (guint i = 0; i < waiting->len; i++)
    {
      g_dbus_method_invocation_return_error (g_ptr_array_index (waiting, i), G_DBUS_ERROR,
                                             G_DBUS_ERROR_NO_SERVER, _("Keyfob is quitting."));
      if (self->app != NULL)
        answered (self);
    }
}

/* The application says so once the providers are loaded. */
void
keyfob_search_provider_set_ready (KeyfobSearchProvider *self)
{
  g_return_if_fail (KEYFOB_IS_SEARCH_PROVIDER (self));

  self->ready = TRUE;
  answer_waiting (self);
}
