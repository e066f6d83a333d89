/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token-details"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-text.h"
#include "keyfob-time.h"
#include "keyfob-token-details-private.h"
#include "keyfob-ui-util.h"

#define DEFAULT_WARNING_DAYS 7

/* A provider id from an item another program wrote: shown, never trusted. */
#define PROVIDER_ID_MAX_CHARS 64

G_DEFINE_FINAL_TYPE (KeyfobTokenDetails, keyfob_token_details, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TOKENS,
  PROP_CATALOGUE,
  PROP_SETTINGS,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* An instant, where the user is. */
static char *
format_time (GDateTime *date,
             gboolean   with_time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (date);

  /* Translators: a date, or a date and time, on the token details page; see
   * g_date_time_format() */
  return g_date_time_format (local, with_time ? _("%-d %B %Y, %H:%M") : _("%-d %B %Y"));
}

/* An expiry is a calendar day, kept as its midnight in UTC: shown as that day wherever the
 * user is, as it was picked. */
static char *
format_day (GDateTime *date)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (date);

  /* Translators: a token's expiry date on its details page; see g_date_time_format() */
  return g_date_time_format (utc, _("%-d %B %Y"));
}

static guint
warning_days (KeyfobTokenDetails *self)
{
  return self->settings != NULL ? g_settings_get_uint (self->settings, "expiry-warning-days")
                                : DEFAULT_WARNING_DAYS;
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  adw_action_row_set_subtitle (row, text != NULL ? text : "");
}

/* ---- what the token says ---- */

static void
update_details (KeyfobTokenDetails *self)
{
  const char *account = keyfob_token_get_account (self->token);
  GDateTime *created = keyfob_token_get_created (self->token);
  GDateTime *rotated = keyfob_token_get_rotated (self->token);
  g_autofree char *created_text = created != NULL ? format_time (created, FALSE) : NULL;
  g_autofree char *rotated_text = rotated != NULL ? format_time (rotated, FALSE) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->account_row), account != NULL);
  set_subtitle (self->account_row, account);
  set_subtitle (self->created_row, created_text != NULL ? created_text : _("Unknown"));
  gtk_widget_set_visible (GTK_WIDGET (self->rotated_row), rotated != NULL);
  set_subtitle (self->rotated_row, rotated_text);
}

static void
update_check (KeyfobTokenDetails *self)
{
  gboolean checked = keyfob_token_get_last_checked (self->token) != NULL;
  int status = keyfob_token_get_last_status (self->token);
  const char *message = keyfob_token_get_last_message (self->token);
  int latency = keyfob_token_get_last_latency (self->token);
  g_autofree char *status_text = NULL;
  g_autofree char *latency_text = NULL;
  g_autofree char *checked_text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->status_row), checked && status >= 0);
  status_text = status > 0 ? g_strdup_printf ("%d", status) : g_strdup (_("No response"));
  set_subtitle (self->status_row, status_text);

  gtk_widget_set_visible (GTK_WIDGET (self->message_row), checked && message != NULL);
  set_subtitle (self->message_row, message);

  gtk_widget_set_visible (GTK_WIDGET (self->latency_row), checked && latency >= 0);
  /* Translators: how long a check took, in milliseconds */
  latency_text = g_strdup_printf (_("%d ms"), latency);
  set_subtitle (self->latency_row, latency_text);

  gtk_widget_set_visible (GTK_WIDGET (self->checked_row), checked);
  if (checked)
    checked_text = format_time (keyfob_token_get_last_checked (self->token), TRUE);
  set_subtitle (self->checked_row, checked_text);
}

static void
update_expiry (KeyfobTokenDetails *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDateTime *expires;
  g_autofree char *text = NULL;
  const char *css_class = NULL;
  KeyfobExpiry expiry;

  if (self->token == NULL)
    return;

  expires = keyfob_token_get_expires (self->token);
  expiry = keyfob_token_get_expiry (self->token, now, warning_days (self), NULL);

  /* A vendor whose tokens never expire gets no expiry, unless one was set anyway. Without
   * its provider a token cannot be checked, so not edited. */
  gtk_widget_set_visible (self->expiry_group,
                          expires != NULL || self->provider == NULL ||
                          keyfob_provider_get_has_expiry (self->provider));
  gtk_widget_set_visible (self->expiry_button, self->provider != NULL);

  if (expiry == KEYFOB_EXPIRY_NONE)
    {
      text = g_strdup (_("Never"));
    }
  else
    {
      g_autofree char *day = format_day (expires);
      g_autofree char *when = keyfob_time_describe (expires, now);

      /* Translators: an expiry date, then how far off it is: “31 January 2030 (in 5 days)”,
       * or “2 March 2024 (3 days ago)” */
      text = g_strdup_printf (_("%s (%s)"), day, when);
    }

  /* The row's own error style is for what the user typed: the state has a badge. */
  if (expiry == KEYFOB_EXPIRY_EXPIRED)
    {
      css_class = "error";
      gtk_label_set_text (self->expiry_state, _("Expired"));
    }
  else if (expiry == KEYFOB_EXPIRY_SOON)
    {
      css_class = "warning";
      gtk_label_set_text (self->expiry_state, _("Expires soon"));
    }

  set_subtitle (self->expiry_row, text);
  gtk_widget_set_visible (GTK_WIDGET (self->expiry_state), css_class != NULL);
  keyfob_ui_set_severity_class (GTK_WIDGET (self->expiry_state), css_class);
}

/* ---- where it is stored ---- */

static void
located_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KeyfobTokenDetails) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobStoreLocation) location = NULL;

  location = keyfob_token_list_locate_finish (KEYFOB_TOKEN_LIST (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->locating = FALSE;
  /* The page says "Unknown", never why: the error is the keyring's, not the user's. The next
   * token shown asks again. */
  if (location == NULL)
    g_debug ("Could not find out where tokens are kept: %s", error->message);
  self->located = location != NULL;

  set_subtitle (self->service_row,
                location != NULL && location->service != NULL ? location->service
                                                               : _("Unknown"));
  set_subtitle (self->collection_row,
                location != NULL && location->collection != NULL ? location->collection
                                                                 : _("Unknown"));
}

/* Where every token of the list is: asked once, when the first is shown. */
static void
locate (KeyfobTokenDetails *self)
{
  if (self->locating || self->located)
    return;

  self->locating = TRUE;
  keyfob_token_list_locate_async (self->tokens, self->cancellable, located_cb,
                                  g_object_ref (self));
}

/* ---- showing a token ---- */

/* The window's actions, for this token. Target first: an untargeted button would not match
 * an action that takes a string. */
static void
set_actions (KeyfobTokenDetails *self)
{
  const struct
  {
    GtkWidget  *button;
    const char *action;
  } buttons[] = {
    { self->copy_button, "win.copy-token" },
    { self->copy_header_button, "win.copy-header" },
    { self->reveal_button, "win.reveal-token" },
    { self->test_button, "win.test-token" },
    { self->rename_button, "win.rename-token" },
    { self->replace_button, "win.replace-token" },
    { self->revoke_button, "win.revoke-token" },
    { self->delete_button, "win.delete-token" },
  };
  const char *id = self->token != NULL ? keyfob_token_get_id (self->token) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkActionable *button = GTK_ACTIONABLE (buttons[i].button);

      if (id == NULL)
        {
          gtk_actionable_set_action_name (button, NULL);
          gtk_actionable_set_action_target_value (button, NULL);
          continue;
        }

      gtk_actionable_set_action_target (button, "s", id);
      gtk_actionable_set_action_name (button, buttons[i].action);
    }
}

static void
show_provider (KeyfobTokenDetails *self)
{
  const char *id = keyfob_token_get_provider_id (self->token);
  KeyfobProvider *provider = keyfob_catalogue_lookup (self->catalogue, id);

  g_set_object (&self->provider, provider);
  keyfob_provider_dot_set_provider (self->provider_dot, self->provider);

  if (self->provider != NULL)
    {
      gtk_label_set_text (self->provider_label, keyfob_provider_get_name (self->provider));
    }
  else
    {
      g_autofree char *shown = keyfob_text_one_line (id, PROVIDER_ID_MAX_CHARS);
      /* Translators: a token whose provider file is not installed; %s is the provider's id */
      g_autofree char *text = g_strdup_printf (_("Unknown provider “%s”"),
                                               shown != NULL ? shown : "");

      gtk_label_set_text (self->provider_label, text);
    }
}

static void
show_token (KeyfobTokenDetails *self)
{
  keyfob_ui_clear_row_error (GTK_WIDGET (self->expiry_row), self->expiry_error);
  gtk_popover_popdown (self->expiry_popover);
  _keyfob_token_details_hide_secret (self);
  set_actions (self);

  if (self->token == NULL)
    {
      g_clear_object (&self->provider);
      _keyfob_token_details_clear_field_rows (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  show_provider (self);
  _keyfob_token_details_add_field_rows (self);
  update_details (self);
  update_expiry (self);
  update_check (self);
  locate (self);
  gtk_stack_set_visible_child_name (self->stack, "token");
}

/* The token left the list (deleted here or elsewhere): there is nothing left to show. */
static void
tokens_changed_cb (KeyfobTokenDetails *self)
{
  if (self->token != NULL &&
      keyfob_token_list_lookup (self->tokens, keyfob_token_get_id (self->token)) != self->token)
    keyfob_token_details_set_token (self, NULL);
}

/* ---- the object ---- */

static void
keyfob_token_details_constructed (GObject *object)
{
  KeyfobTokenDetails *self = (KeyfobTokenDetails *) object;

  G_OBJECT_CLASS (keyfob_token_details_parent_class)->constructed (object);

  g_return_if_fail (KEYFOB_IS_TOKEN_LIST (self->tokens));

  g_signal_connect_object (self->tokens, "items-changed", G_CALLBACK (tokens_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::expiry-warning-days",
                             G_CALLBACK (update_expiry), self, G_CONNECT_SWAPPED);
}

static void
keyfob_token_details_dispose (GObject *object)
{
  KeyfobTokenDetails *self = (KeyfobTokenDetails *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->secret_label != NULL)
    _keyfob_token_details_hide_secret (self);
  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->bindings);
  g_clear_object (&self->signals);
  g_clear_object (&self->token);
  g_clear_object (&self->provider);
  g_clear_object (&self->tokens);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEYFOB_TYPE_TOKEN_DETAILS);

  G_OBJECT_CLASS (keyfob_token_details_parent_class)->dispose (object);
}

static void
keyfob_token_details_finalize (GObject *object)
{
  KeyfobTokenDetails *self = (KeyfobTokenDetails *) object;

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (keyfob_token_details_parent_class)->finalize (object);
}

static void
keyfob_token_details_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KeyfobTokenDetails *self = KEYFOB_TOKEN_DETAILS (object);

  switch (prop_id)
    {
    case PROP_TOKENS:
      g_value_set_object (value, self->tokens);
      break;
    case PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_TOKEN:
      g_value_set_object (value, self->token);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_token_details_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KeyfobTokenDetails *self = KEYFOB_TOKEN_DETAILS (object);

  switch (prop_id)
    {
    case PROP_TOKENS:
      self->tokens = g_value_dup_object (value);
      break;
    case PROP_CATALOGUE:
      self->catalogue = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_TOKEN:
      keyfob_token_details_set_token (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_token_details_class_init (KeyfobTokenDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags construct_flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                      G_PARAM_STATIC_STRINGS;

  object_class->constructed = keyfob_token_details_constructed;
  object_class->dispose = keyfob_token_details_dispose;
  object_class->finalize = keyfob_token_details_finalize;
  object_class->get_property = keyfob_token_details_get_property;
  object_class->set_property = keyfob_token_details_set_property;

  /* The live list: every change the page makes goes through it. */
  properties[PROP_TOKENS] =
    g_param_spec_object ("tokens", NULL, NULL, KEYFOB_TYPE_TOKEN_LIST, construct_flags);
  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL, KEYFOB_TYPE_CATALOGUE, construct_flags);
  /* For expiry-warning-days; without it, the default week. */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, construct_flags);
  properties[PROP_TOKEN] =
    g_param_spec_object ("token", NULL, NULL, KEYFOB_TYPE_TOKEN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KEYFOB_TYPE_CHECK_BADGE);
  g_type_ensure (KEYFOB_TYPE_PROVIDER_DOT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-token-details.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KeyfobTokenDetails, name)
  BIND (stack);
  BIND (empty_page);
  BIND (name_label);
  BIND (provider_dot);
  BIND (provider_label);
  BIND (preview_label);
  BIND (secret_label);
  BIND (reveal_button);
  BIND (copy_button);
  BIND (copy_header_button);
  BIND (account_row);
  BIND (created_row);
  BIND (rotated_row);
  BIND (fields_group);
  BIND (fields_box);
  BIND (expiry_group);
  BIND (expiry_row);
  BIND (expiry_state);
  BIND (expiry_button);
  BIND (expiry_popover);
  BIND (expiry_calendar);
  BIND (no_expiry_button);
  BIND (set_expiry_button);
  BIND (test_button);
  BIND (check_badge);
  BIND (status_row);
  BIND (message_row);
  BIND (latency_row);
  BIND (checked_row);
  BIND (service_row);
  BIND (collection_row);
  BIND (rename_button);
  BIND (replace_button);
  BIND (revoke_button);
  BIND (delete_button);
#undef BIND
  _keyfob_token_details_edit_class_init (widget_class);
}

static void
keyfob_token_details_init (KeyfobTokenDetails *self)
{
  static const char * const check_signals[] = {
    "notify::last-checked", "notify::last-result", "notify::last-status",
    "notify::last-message", "notify::last-latency",
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->fields = g_ptr_array_new_with_free_func (g_free);

  self->expiry_error = keyfob_ui_error_label_new (GTK_WIDGET (self->expiry_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->expiry_group), self->expiry_error);

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "name", self->name_label, "label", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "preview", self->preview_label, "label",
                        G_BINDING_SYNC_CREATE);

  /* Whatever changes the token, here or in another program, shows at once. */
  self->signals = g_signal_group_new (KEYFOB_TYPE_TOKEN);
  g_signal_group_connect_swapped (self->signals, "notify::account", G_CALLBACK (update_details),
                                  self);
  g_signal_group_connect_swapped (self->signals, "notify::rotated", G_CALLBACK (update_details),
                                  self);
  g_signal_group_connect_swapped (self->signals, "notify::fields",
                                  G_CALLBACK (_keyfob_token_details_update_fields), self);
  g_signal_group_connect_swapped (self->signals, "notify::expires", G_CALLBACK (update_expiry),
                                  self);
  for (guint i = 0; i < G_N_ELEMENTS (check_signals); i++)
    g_signal_group_connect_swapped (self->signals, check_signals[i], G_CALLBACK (update_check),
                                    self);

  show_token (self);
}

KeyfobTokenDetails *
keyfob_token_details_new (KeyfobTokenList *tokens,
                          KeyfobCatalogue *catalogue,
                          GSettings       *settings)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN_LIST (tokens), NULL);
  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (KEYFOB_TYPE_TOKEN_DETAILS,
                       "tokens", tokens,
                       "catalogue", catalogue,
                       "settings", settings,
                       NULL);
}

/**
 * keyfob_token_details_get_token:
 *
 * Returns: (transfer none) (nullable): the token shown
 */
KeyfobToken *
keyfob_token_details_get_token (KeyfobTokenDetails *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN_DETAILS (self), NULL);

  return self->token;
}

/**
 * keyfob_token_details_set_token:
 * @token: (nullable): a token of the page's list, or %NULL for none
 */
void
keyfob_token_details_set_token (KeyfobTokenDetails *self,
                                KeyfobToken        *token)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_DETAILS (self));
  g_return_if_fail (token == NULL || KEYFOB_IS_TOKEN (token));

  if (!g_set_object (&self->token, token))
    return;

  g_binding_group_set_source (self->bindings, token);
  g_signal_group_set_target (self->signals, token);
  keyfob_check_badge_set_token (self->check_badge, token);
  show_token (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}
