/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "keyfob-check-badge.h"
#include "keyfob-provider-dot.h"
#include "keyfob-time.h"
#include "keyfob-token-actions.h"
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
          /* A status page's description is markup; the message is not. */
          g_autofree char *description = g_markup_escape_text (load_error->message, -1);

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

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.test-all",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->tokens)) > 0);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));
  gtk_stack_set_visible_child_name (self->stack, page);
  update_progress (self);
}

/* bench/run's first-frame probe, opt-in: KEYFOB_BENCH_FIRST_FRAME=FILE receives
 * "MONOTONIC_US RSS_KIB" once the first frame showing rows is painted. */
static void
bench_after_paint_cb (GdkFrameClock *clock,
                      KeyfobWindow  *self)
{
  g_autofree char *status = NULL;
  g_autofree char *line = NULL;
  const char *rss = NULL;
  gint64 now = g_get_monotonic_time ();

  g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, self);
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (rss = strstr (status, "VmRSS:")) != NULL)
    rss += strlen ("VmRSS:");
  line = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", now,
                          rss != NULL ? g_ascii_strtoll (rss, NULL, 10) : 0);
  g_file_set_contents (g_getenv ("KEYFOB_BENCH_FIRST_FRAME"), line, -1, NULL);
  if (g_strcmp0 (g_getenv ("KEYFOB_BENCH_EXIT"), "1") == 0)
    g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

/* Ticks run before layout and paint: this frame's paint is the first with rows. */
static gboolean
bench_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (bench_after_paint_cb), widget, 0);
  return G_SOURCE_REMOVE;
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

  if (!self->bench_armed && g_getenv ("KEYFOB_BENCH_FIRST_FRAME") != NULL &&
      g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    {
      self->bench_armed = TRUE;
      gtk_widget_add_tick_callback (GTK_WIDGET (self), bench_tick_cb, NULL, NULL);
    }
}

static gboolean
filter_token_cb (gpointer item,
                 gpointer user_data)
{
  KeyfobWindow *self = user_data;
  KeyfobToken *token = item;
  KeyfobProvider *provider = _keyfob_window_lookup_provider (self, token);

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
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *last = g_settings_get_string (self->settings, "last-expiry-notification");
  guint warning_days = g_settings_get_uint (self->settings, "expiry-warning-days");
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;
  guint soon = 0;
  guint expired = 0;

  /* Once a day at most: a reminder, not a nag. */
  if (g_str_equal (today, last))
    return;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tokens)); i++)
    {
      g_autoptr(KeyfobToken) token = g_list_model_get_item (G_LIST_MODEL (self->tokens), i);

      switch (keyfob_token_get_expiry (token, now, warning_days, NULL))
        {
        case KEYFOB_EXPIRY_SOON:
          soon++;
          break;
        case KEYFOB_EXPIRY_EXPIRED:
          expired++;
          break;
        case KEYFOB_EXPIRY_NONE:
        case KEYFOB_EXPIRY_LATER:
        default:
          break;
        }
    }

  if (soon + expired == 0)
    return;

  /* Translators: the first %u counts expired tokens, the second tokens expiring soon, the
   * third is the number of days the user chose to be warned in */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u expired, %u expiring within %u day",
                                       "%u expired, %u expiring within %u days", warning_days),
                          expired, soon, warning_days);
  notification = g_notification_new (_("API tokens need renewing"));
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.activate");
  g_application_send_notification (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                   "expiry", notification);
  g_settings_set_string (self->settings, "last-expiry-notification", today);
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

/* Column cells */

static GtkWidget *
new_cell_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);

  return label;
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  gtk_list_item_set_child (item, new_cell_label ());
}

/* The name and the preview follow the token: another program may rename or rotate it. */
static void
bind_label_to (GtkListItem *item,
               const char  *property)
{
  KeyfobToken *token = gtk_list_item_get_item (item);
  GBinding *binding = g_object_bind_property (token, property, gtk_list_item_get_child (item),
                                              "label", G_BINDING_SYNC_CREATE);

  g_object_set_data (G_OBJECT (item), "binding", binding);
}

static void
bind_name_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  bind_label_to (item, "name");
}

static void
unbind_label_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GBinding *binding = g_object_steal_data (G_OBJECT (item), "binding");

  if (binding != NULL)
    g_binding_unbind (binding);
}

static void
setup_provider_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (box), keyfob_provider_dot_new ());
  gtk_box_append (GTK_BOX (box), new_cell_label ());
  gtk_list_item_set_child (item, box);
}

static void
bind_provider_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  KeyfobWindow             *self)
{
  KeyfobToken *token = gtk_list_item_get_item (item);
  KeyfobProvider *provider = _keyfob_window_lookup_provider (self, token);
  GtkWidget *dot = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *label = gtk_widget_get_next_sibling (dot);

  gtk_label_set_label (GTK_LABEL (label), provider ? keyfob_provider_get_name (provider)
                                                   : keyfob_token_get_provider_id (token));
  keyfob_provider_dot_set_provider (KEYFOB_PROVIDER_DOT (dot), provider);
}

static void
setup_key_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *label = new_cell_label ();

  gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (item, label);
}

static void
bind_key_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  bind_label_to (item, "preview");
}

static char *
format_day (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return g_strdup ("—");

  local = g_date_time_to_local (date);

  /* Translators: a date in the token table, see strftime(3) */
  return g_date_time_format (local, _("%e %b %Y"));
}

static void
bind_created_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  KeyfobToken *token = gtk_list_item_get_item (item);
  g_autofree char *text = format_day (keyfob_token_get_created (token));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), g_strstrip (text));
}

static void
show_expiry (GtkWidget   *label,
             KeyfobToken *token,
             GSettings   *settings)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = NULL;
  g_autofree char *day = NULL;
  guint warning_days = g_settings_get_uint (settings, "expiry-warning-days");

  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "error");

  switch (keyfob_token_get_expiry (token, now, warning_days, NULL))
    {
    case KEYFOB_EXPIRY_NONE:
      text = g_strdup (_("Never"));
      break;
    case KEYFOB_EXPIRY_EXPIRED:
      text = g_strdup (_("Expired"));
      gtk_widget_add_css_class (label, "error");
      break;
    case KEYFOB_EXPIRY_SOON:
      text = keyfob_time_describe (keyfob_token_get_expires (token), now);
      gtk_widget_add_css_class (label, "warning");
      break;
    case KEYFOB_EXPIRY_LATER:
    default:
      text = keyfob_time_describe (keyfob_token_get_expires (token), now);
      break;
    }

  day = format_day (keyfob_token_get_expires (token));
  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, g_strstrip (day));
}

static void
expires_changed_cb (KeyfobToken *token,
                    GParamSpec  *pspec,
                    GtkWidget   *label)
{
  GtkRoot *root = gtk_widget_get_root (label);

  if (KEYFOB_IS_WINDOW (root))
    show_expiry (label, token, KEYFOB_WINDOW (root)->settings);
}

/* An edit elsewhere changes the expiry: the cell follows it. */
static void
bind_expires_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 KeyfobWindow             *self)
{
  KeyfobToken *token = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  show_expiry (label, token, self->settings);
  g_signal_connect_object (token, "notify::expires", G_CALLBACK (expires_changed_cb), label, 0);
}

static void
unbind_expires_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), expires_changed_cb,
                                        gtk_list_item_get_child (item));
}

static void
setup_badge_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  gtk_list_item_set_child (item, GTK_WIDGET (keyfob_check_badge_new ()));
}

static void
bind_badge_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  keyfob_check_badge_set_token (KEYFOB_CHECK_BADGE (gtk_list_item_get_child (item)),
                                gtk_list_item_get_item (item));
}

static void
unbind_badge_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  keyfob_check_badge_set_token (KEYFOB_CHECK_BADGE (gtk_list_item_get_child (item)), NULL);
}

static void
setup_actions_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  gtk_list_item_set_child (item, GTK_WIDGET (keyfob_token_actions_new ()));
}

static void
bind_actions_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  keyfob_token_actions_set_token (KEYFOB_TOKEN_ACTIONS (gtk_list_item_get_child (item)),
                                  gtk_list_item_get_item (item));
}

static void
unbind_actions_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  keyfob_token_actions_set_token (KEYFOB_TOKEN_ACTIONS (gtk_list_item_get_child (item)), NULL);
}

static void
set_factory (GtkColumnViewColumn *column,
             GCallback            setup,
             GCallback            bind,
             GCallback            unbind,
             gpointer             user_data)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, user_data);
  g_signal_connect (factory, "bind", bind, user_data);
  if (unbind != NULL)
    g_signal_connect (factory, "unbind", unbind, user_data);

  gtk_column_view_column_set_factory (column, factory);
}

static int
compare_dates (GDateTime *a,
               GDateTime *b)
{
  /* Unset dates (never checked, never expires) sort last. */
  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);

  return g_date_time_compare (a, b);
}

static int
compare_created_cb (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  return compare_dates (keyfob_token_get_created ((KeyfobToken *) a),
                        keyfob_token_get_created ((KeyfobToken *) b));
}

static int
compare_expires_cb (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  return compare_dates (keyfob_token_get_expires ((KeyfobToken *) a),
                        keyfob_token_get_expires ((KeyfobToken *) b));
}

static int
compare_checked_cb (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  return compare_dates (keyfob_token_get_last_checked ((KeyfobToken *) a),
                        keyfob_token_get_last_checked ((KeyfobToken *) b));
}

static void
set_string_sorter (GtkColumnViewColumn *column,
                   const char          *property)
{
  GtkExpression *expression = gtk_property_expression_new (KEYFOB_TYPE_TOKEN, NULL, property);
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_string_sorter_new (expression));

  gtk_column_view_column_set_sorter (column, sorter);
}

static void
set_custom_sorter (GtkColumnViewColumn *column,
                   GCompareDataFunc     compare)
{
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare, NULL, NULL));

  gtk_column_view_column_set_sorter (column, sorter);
}

static void
setup_columns (KeyfobWindow *self)
{
  set_factory (self->name_column, G_CALLBACK (setup_label_cb), G_CALLBACK (bind_name_cb),
               G_CALLBACK (unbind_label_cb), self);
  set_factory (self->provider_column, G_CALLBACK (setup_provider_cb),
               G_CALLBACK (bind_provider_cb), NULL, self);
  set_factory (self->key_column, G_CALLBACK (setup_key_cb), G_CALLBACK (bind_key_cb),
               G_CALLBACK (unbind_label_cb), self);
  set_factory (self->created_column, G_CALLBACK (setup_label_cb), G_CALLBACK (bind_created_cb),
               NULL, self);
  set_factory (self->checked_column, G_CALLBACK (setup_badge_cb), G_CALLBACK (bind_badge_cb),
               G_CALLBACK (unbind_badge_cb), self);
  set_factory (self->expires_column, G_CALLBACK (setup_label_cb), G_CALLBACK (bind_expires_cb),
               G_CALLBACK (unbind_expires_cb), self);
  set_factory (self->actions_column, G_CALLBACK (setup_actions_cb), G_CALLBACK (bind_actions_cb),
               G_CALLBACK (unbind_actions_cb), self);

  set_string_sorter (self->name_column, "name");
  set_string_sorter (self->provider_column, "provider-id");
  set_custom_sorter (self->created_column, compare_created_cb);
  set_custom_sorter (self->checked_column, compare_checked_cb);
  set_custom_sorter (self->expires_column, compare_expires_cb);
  /* By name, as the keyring's own order means nothing to a person, and rows read later
   * fall into place. */
  gtk_column_view_sort_by_column (self->column_view, self->name_column, GTK_SORT_ASCENDING);
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
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->tokens, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tokens, "notify::loading", G_CALLBACK (loading_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);
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

  gtk_widget_add_controller (GTK_WIDGET (self->column_view), controller);
}

static gboolean
keyfob_window_close_request (GtkWindow *window)
{
  KeyfobWindow *self = KEYFOB_WINDOW (window);
  int width;
  int height;

  g_cancellable_cancel (self->cancellable);

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
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->tokens);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->verifier);
  g_clear_object (&self->clipboard);
  g_clear_object (&self->settings);

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

  g_type_ensure (KEYFOB_TYPE_CHECK_BADGE);
  g_type_ensure (KEYFOB_TYPE_TOKEN_ACTIONS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, throwaway_revealer);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, unavailable_page);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, name_column);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, provider_column);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, key_column);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, created_column);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, checked_column);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, expires_column);
  gtk_widget_class_bind_template_child (widget_class, KeyfobWindow, actions_column);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  _keyfob_window_actions_init (klass);
}

static void
keyfob_window_init (KeyfobWindow *self)
{
  self->search_query = g_strdup ("");
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  setup_table_shortcuts (self);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
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

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  setup_columns (self);
  setup_model (self, application);
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

const char *
_keyfob_window_get_view_name (KeyfobWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

/* What the table shows, filtered and sorted. */
GListModel *
_keyfob_window_get_model (KeyfobWindow *self)
{
  return G_LIST_MODEL (self->selection);
}

KeyfobTokenList *
_keyfob_window_get_tokens (KeyfobWindow *self)
{
  return self->tokens;
}
