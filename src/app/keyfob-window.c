/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "keyfob-expiry-notice.h"
#include "keyfob-token-view.h"
#include "keyfob-window-private.h"

G_DEFINE_FINAL_TYPE (KeyfobWindow, keyfob_window, ADW_TYPE_APPLICATION_WINDOW)

/* While a large keyring is read, the rows already there are usable: say how far it got. */
static void
update_progress (KeyfobWindow *self)
{
  guint n_read = g_list_model_get_n_items (G_LIST_MODEL (self->tokens));
  guint n_listed = keyfob_token_list_get_n_listed (self->tokens);
  g_autofree char *progress = NULL;

  if (keyfob_token_list_get_loading (self->tokens) && n_read > 0 && n_read < n_listed)
    /* Translators: shown under the window title while tokens are read, e.g. “Reading 1,200
     * of 10,000 tokens…” */
    progress = g_strdup_printf (ngettext ("Reading %'u of %'u token…",
                                          "Reading %'u of %'u tokens…", n_listed),
                                n_read, n_listed);

  adw_window_title_set_subtitle (self->window_title, progress);
}

/* What went wrong, in the page's title; the message below says what to do. */
static const char *
unavailable_title (const GError *error)
{
  if (error->domain != KEYFOB_STORE_ERROR)
    return _("The Keyring Failed");

  switch ((KeyfobStoreError) error->code)
    {
    case KEYFOB_STORE_ERROR_TIMEOUT:
      return _("The Keyring Does Not Answer");
    case KEYFOB_STORE_ERROR_DENIED:
      return _("Access Not Granted");
    case KEYFOB_STORE_ERROR_NO_COLLECTION:
      return _("No Keyring to Keep Tokens In");
    case KEYFOB_STORE_ERROR_UNAVAILABLE:
      return _("No Keyring Available");
    case KEYFOB_STORE_ERROR_LOCKED:
    case KEYFOB_STORE_ERROR_NOT_FOUND:
    case KEYFOB_STORE_ERROR_FAILED:
    default:
      return _("The Keyring Failed");
    }
}

/* Store errors say what to do; one Keyfob does not know says nothing a person can act on. */
static char *
unavailable_description (const GError *error)
{
  if (g_error_matches (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_FAILED) ||
      error->domain != KEYFOB_STORE_ERROR)
    return g_strdup (_("The keyring answered with an error Keyfob does not know. Try again; "
                       "if it keeps failing, restart the keyring or log in again."));

  /* A status page's description is markup; the message is not. */
  return g_markup_escape_text (error->message, -1);
}

/* Every action that reads or changes the keyring, off while it cannot be reached: a token
 * pasted into an Add dialog that cannot save it would be lost. */
static void
enable_keyring_actions (KeyfobWindow *self,
                        gboolean      usable)
{
  static const char *const actions[] = {
    "win.add", "win.search", "win.copy-token", "win.copy-header", "win.reveal-token",
    "win.test-token", "win.rename-token", "win.edit-token", "win.replace-token",
    "win.revoke-token", "win.delete-token", "win.copy-selected", "win.test-selected",
    "win.rename-selected", "win.delete-selected", "win.revoke-selected",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], usable);

  /* The search button is bound to the bar, not to win.search; typing searches only when
   * there is something to search. */
  gtk_widget_set_sensitive (self->search_button, usable);
  gtk_search_bar_set_key_capture_widget (self->search_bar, usable ? GTK_WIDGET (self) : NULL);
  if (!usable)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
update_view (KeyfobWindow *self)
{
  gboolean loading = keyfob_token_list_get_loading (self->tokens);
  const GError *load_error = keyfob_token_list_get_error (self->tokens);
  const char *page;

  if (load_error != NULL)
    {
      if (g_error_matches (load_error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_LOCKED))
        {
          page = "locked";
        }
      else
        {
          g_autofree char *description = unavailable_description (load_error);

          adw_status_page_set_title (self->unavailable_page, unavailable_title (load_error));
          adw_status_page_set_description (self->unavailable_page, description);
          page = "unavailable";
        }
    }
  else if (loading && !self->loaded_once &&
           g_list_model_get_n_items (G_LIST_MODEL (self->tokens)) == 0)
    page = "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->tokens)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    page = "no-results";
  else
    page = "tokens";

  enable_keyring_actions (self, load_error == NULL && !g_str_equal (page, "loading"));
  /* An import compares the file with every stored token: not before they are all read. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", load_error == NULL && !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.test-all",
                                 load_error == NULL &&
                                 g_list_model_get_n_items (G_LIST_MODEL (self->tokens)) > 0);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));
  gtk_stack_set_visible_child_name (self->stack, page);
  update_progress (self);
}

/* A token just added is the one the user wants to see next: selected as soon as it is read,
 * which is first, however long the rest of a large keyring takes. */
static void
select_pending (KeyfobWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  for (guint i = 0; self->select_after_reload != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KeyfobToken) token = g_list_model_get_item (model, i);

      if (g_str_equal (keyfob_token_get_id (token), self->select_after_reload))
        {
          gtk_single_selection_set_selected (self->selection, i);
          g_clear_pointer (&self->select_after_reload, g_free);
        }
    }
}

/* Selects the token as soon as the list has it: now, or once a reload reads it. */
void
_keyfob_window_select_token (KeyfobWindow *self,
                             const char   *id)
{
  g_free (self->select_after_reload);
  self->select_after_reload = g_strdup (id);
  select_pending (self);
}

static void
items_changed_cb (KeyfobWindow *self)
{
  update_view (self);
  select_pending (self);
}

static gboolean
filter_token_cb (gpointer item,
                 gpointer user_data)
{
  KeyfobWindow *self = user_data;
  KeyfobToken *token = item;
  KeyfobProvider *provider = _keyfob_window_lookup_provider (self, token);

  if (keyfob_pending_deletes_contains (self->pending_deletes, token))
    return FALSE;

  return keyfob_token_matches_folded (token,
                                      provider ? keyfob_provider_get_name (provider) : NULL,
                                      self->search_query);
}

/* Typing on narrows the search, so only the rows still shown are looked at again; erasing
 * widens it, so only the hidden ones are. */
static void
search_changed_cb (KeyfobWindow *self)
{
  g_autofree char *old = g_steal_pointer (&self->search_query);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  self->search_query =
    keyfob_token_fold_query (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

  if (g_str_equal (old, self->search_query))
    return;
  if (strstr (self->search_query, old) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (old, self->search_query) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

static void
stop_search_cb (KeyfobWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
notify_expiring (KeyfobWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint warning_days = g_settings_get_uint (self->settings, "expiry-warning-days");
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  if (!keyfob_expiry_notice_is_due (self->settings, now) ||
      !keyfob_expiry_notice_compose (G_LIST_MODEL (self->tokens), now, warning_days, &title,
                                     &body))
    return;

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.activate");
  g_application_send_notification (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                   KEYFOB_EXPIRY_NOTICE_ID, notification);
  keyfob_expiry_notice_mark_sent (self->settings, now);
}

static void
first_load_done (KeyfobWindow *self)
{
  notify_expiring (self);

  if (g_settings_get_boolean (self->settings, "check-on-startup"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.test-all", NULL);
}

/* The list is the application's, and its first reload starts before any window: follow its
 * state rather than a reload's callback. */
static void
loading_changed_cb (KeyfobWindow *self)
{
  gboolean first;

  update_view (self);
  if (keyfob_token_list_get_loading (self->tokens))
    return;

  select_pending (self);
  g_clear_pointer (&self->select_after_reload, g_free);
  first = keyfob_token_list_get_error (self->tokens) == NULL && !self->loaded_once;
  self->loaded_once |= first;

  if (first)
    first_load_done (self);
}

void
_keyfob_window_reload (KeyfobWindow *self)
{
  keyfob_token_list_reload_async (self->tokens, NULL, NULL, NULL);
}

/* The details follow the selected row while they are open. */
static void
selection_changed_cb (KeyfobWindow *self)
{
  KeyfobToken *token = gtk_single_selection_get_selected_item (self->selection);

  if (token != NULL)
    _keyfob_window_set_details_token (self, token);
}

static void
pending_changed_cb (KeyfobWindow *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Beside the tokens, the details pane has the window's buttons; over them, the tokens keep
 * theirs and the pane offers the way back. */
static void
flap_changed_cb (KeyfobWindow *self)
{
  gboolean folded;
  gboolean revealed;

  /* Also called while the template is built, before its children are known. */
  if (self->details_header == NULL || self->close_details_button == NULL)
    return;

  folded = adw_flap_get_folded (self->flap);
  revealed = adw_flap_get_reveal_flap (self->flap);

  adw_header_bar_set_show_end_title_buttons (self->header_bar, !revealed || folded);
  adw_header_bar_set_show_end_title_buttons (self->details_header, revealed);
  gtk_button_set_icon_name (GTK_BUTTON (self->close_details_button),
                            folded ? "go-previous-symbolic" : "window-close-symbolic");
}

static void
setup_model (KeyfobWindow      *self,
             KeyfobApplication *application)
{
  GtkSortListModel *sorted;

  self->tokens = g_object_ref (keyfob_application_get_tokens (application));
  self->filter = gtk_custom_filter_new (filter_token_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->tokens)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                    g_object_ref (keyfob_token_view_get_sorter (self->token_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  keyfob_token_view_set_model (self->token_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->tokens, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tokens, "notify::loading", G_CALLBACK (loading_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pending_deletes, "changed", G_CALLBACK (pending_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

/* Shortcuts on the selected row belong to the table: in the search entry, Ctrl+C and Delete
 * keep their meaning for text. */
static void
setup_table_shortcuts (KeyfobWindow *self)
{
  static const struct
  {
    const char *accelerator;
    const char *action;
  } shortcuts[] = {
    { "<Control>c", "win.copy-selected" },
    { "<Control>t", "win.test-selected" },
    { "F2", "win.rename-selected" },
    { "Delete", "win.delete-selected" },
    { "<Shift>Delete", "win.revoke-selected" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_shortcut_trigger_parse_string (shortcuts[i].accelerator),
                        gtk_named_action_new (shortcuts[i].action)));

  gtk_widget_add_controller (GTK_WIDGET (self->token_view), controller);
}

static void
deletes_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GApplication) application = user_data;

  keyfob_pending_deletes_commit_all_finish (KEYFOB_PENDING_DELETES (object), result);
  g_application_release (application);
}

static gboolean
keyfob_window_close_request (GtkWindow *window)
{
  KeyfobWindow *self = KEYFOB_WINDOW (window);
  GApplication *application = G_APPLICATION (gtk_window_get_application (window));
  int width;
  int height;

  g_cancellable_cancel (self->cancellable);

  /* Deletes the user could still undo happen now; Keyfob stays until the keyring answers. */
  if (application != NULL && keyfob_pending_deletes_get_n_pending (self->pending_deletes) > 0)
    {
      g_application_hold (application);
      keyfob_pending_deletes_commit_all_async (self->pending_deletes, deletes_done_cb,
                                               g_object_ref (application));
    }

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (keyfob_window_parent_class)->close_request (window);
}

static void
keyfob_window_dispose (GObject *object)
{
  KeyfobWindow *self = (KeyfobWindow *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->token_view != NULL)
    keyfob_token_view_set_model (self->token_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->tokens);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->verifier);
  g_clear_object (&self->clipboard);
  g_clear_object (&self->settings);
  g_clear_object (&self->pending_deletes);

  gtk_widget_dispose_template (GTK_WIDGET (self), KEYFOB_TYPE_WINDOW);

  G_OBJECT_CLASS (keyfob_window_parent_class)->dispose (object);
}

static void
keyfob_window_finalize (GObject *object)
{
  KeyfobWindow *self = (KeyfobWindow *) object;

  g_clear_object (&self->cancellable);
  g_free (self->select_after_reload);
  g_free (self->search_query);

  G_OBJECT_CLASS (keyfob_window_parent_class)->finalize (object);
}

static void
keyfob_window_class_init (KeyfobWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = keyfob_window_dispose;
  object_class->finalize = keyfob_window_finalize;
  window_class->close_request = keyfob_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, details_header);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, close_details_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, details_pane);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, search_bar);
  /* Named for tests and tools that look at the window as a person does. */
  gtk_widget_class_bind_template_child_full (widget_class, "add_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "test_all_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, throwaway_revealer);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, unavailable_page);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, locked_page);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, tokens_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, flap_changed_cb);

  _keyfob_window_actions_init (klass);
}

static void
keyfob_window_init (KeyfobWindow *self)
{
  self->search_query = g_strdup ("");
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_revealer_set_reveal_child (self->throwaway_revealer,
                                 g_getenv ("KEYFOB_THROWAWAY_KEYRING") != NULL);
}

KeyfobWindow *
keyfob_window_new (KeyfobApplication *application)
{
  KeyfobWindow *self;

  g_return_val_if_fail (KEYFOB_IS_APPLICATION (application), NULL);

  self = g_object_new (KEYFOB_TYPE_WINDOW, "application", application, NULL);
  self->catalogue = g_object_ref (keyfob_application_get_catalogue (application));
  self->verifier = g_object_ref (keyfob_application_get_verifier (application));
  self->clipboard = g_object_ref (keyfob_application_get_clipboard (application));
  self->settings = g_object_ref (keyfob_application_get_settings (application));
  self->pending_deletes = g_object_ref (keyfob_application_get_pending_deletes (application));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->token_view = keyfob_token_view_new (self->catalogue, self->settings);
  gtk_widget_set_hexpand (GTK_WIDGET (self->token_view), TRUE);
  gtk_box_append (self->tokens_page, GTK_WIDGET (self->token_view));
  setup_model (self, application);
  setup_table_shortcuts (self);
  _keyfob_window_setup_details (self);
  flap_changed_cb (self);
  /* A later window reads the keyring again; the first finds the application reading it. */
  if (!keyfob_token_list_get_loading (self->tokens))
    _keyfob_window_reload (self);
  update_view (self);

  return self;
}

/* @message is plain text (names, vendor words): libadwaita 1.2 reads a toast's title as
 * markup, so "R&D <bot>" would show an empty toast, and a vendor could style it. */
void
_keyfob_window_toast (KeyfobWindow *self,
                      const char   *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

KeyfobProvider *
_keyfob_window_lookup_provider (KeyfobWindow *self,
                                KeyfobToken  *token)
{
  return keyfob_catalogue_lookup (self->catalogue, keyfob_token_get_provider_id (token));
}

/* For text about @token: its provider's name, or the id where the provider file is gone. */
const char *
_keyfob_window_provider_name (KeyfobWindow *self,
                              KeyfobToken  *token)
{
  KeyfobProvider *provider = _keyfob_window_lookup_provider (self, token);

  return provider != NULL ? keyfob_provider_get_name (provider)
                          : keyfob_token_get_provider_id (token);
}

KeyfobToken *
_keyfob_window_lookup_token (KeyfobWindow *self,
                             GVariant     *parameter)
{
  return keyfob_token_list_lookup (self->tokens, g_variant_get_string (parameter, NULL));
}

KeyfobToken *
_keyfob_window_selected_token (KeyfobWindow *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}
