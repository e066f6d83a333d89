/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-check-badge"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-check-badge.h"
#include "keyfob-time.h"

struct _KeyfobCheckBadge
{
  GtkWidget    parent_instance;

  /* children */
  GtkWidget   *spinner;
  GtkWidget   *badge;
  GtkWidget   *when;

  /* owned */
  KeyfobToken  *token;
  GSignalGroup *token_signals;
  guint         refresh_id;
  gboolean      compact;
};

G_DEFINE_FINAL_TYPE (KeyfobCheckBadge, keyfob_check_badge, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TOKEN,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
style_for (KeyfobVerdict verdict)
{
  switch (verdict)
    {
    case KEYFOB_VERDICT_VALID:
      return "success";
    case KEYFOB_VERDICT_INVALID:
      return "error";
    case KEYFOB_VERDICT_FORBIDDEN:
    case KEYFOB_VERDICT_RATE_LIMITED:
    case KEYFOB_VERDICT_SERVER_ERROR:
    case KEYFOB_VERDICT_NETWORK:
    case KEYFOB_VERDICT_TLS:
    case KEYFOB_VERDICT_TIMEOUT:
    case KEYFOB_VERDICT_UNEXPECTED:
    default:
      return "warning";
    }
}

static void update (KeyfobCheckBadge *self);

static gboolean
refresh_cb (gpointer user_data)
{
  KeyfobCheckBadge *self = user_data;

  self->refresh_id = 0;
  update (self);

  return G_SOURCE_REMOVE;
}

/* "3 minutes ago" is redrawn when it becomes "4 minutes ago", not on a fixed beat. */
static void
schedule_refresh (KeyfobCheckBadge *self,
                  GDateTime        *checked,
                  GDateTime        *now)
{
  GTimeSpan valid = keyfob_time_describe_valid_for (checked, now);

  self->refresh_id = g_timeout_add_full (G_PRIORITY_LOW, valid / 1000 + 1, refresh_cb, self,
                                         NULL);
}

static void
update (KeyfobCheckBadge *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = NULL;
  g_autofree char *tooltip = NULL;
  const char *account;
  GDateTime *checked;
  KeyfobVerdict verdict;
  gboolean checking;

  gtk_widget_set_css_classes (self->badge, (const char *[]) { "check-badge", NULL });
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (self->token == NULL)
    return;

  checking = keyfob_token_get_checking (self->token);
  gtk_widget_set_visible (self->spinner, checking);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), checking);

  checked = keyfob_token_get_last_checked (self->token);
  if (checked == NULL ||
      !keyfob_verdict_from_string (keyfob_token_get_last_result (self->token), &verdict))
    {
      gtk_widget_set_visible (self->badge, FALSE);
      gtk_label_set_label (GTK_LABEL (self->when), checking ? _("Checking…") : _("Never"));
      gtk_widget_set_visible (self->when, TRUE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
      return;
    }

  when = keyfob_time_describe (checked, now);
  schedule_refresh (self, checked, now);
  account = keyfob_token_get_account (self->token);
  tooltip = account != NULL
    /* Translators: “Valid, as Acme Inc” in a tooltip */
    ? g_strdup_printf (_("%s, as %s"), keyfob_verdict_describe (verdict), account)
    : g_strdup (keyfob_verdict_describe (verdict));
  if (self->compact)
    {
      g_autofree char *verdict_text = g_steal_pointer (&tooltip);

      /* Translators: a check's verdict and when it was made, “Valid, 3 minutes ago” */
      tooltip = g_strdup_printf (_("%s, %s"), verdict_text, when);
    }

  gtk_widget_set_visible (self->badge, TRUE);
  gtk_label_set_label (GTK_LABEL (self->badge), keyfob_verdict_get_label (verdict));
  gtk_widget_add_css_class (self->badge, style_for (verdict));
  gtk_label_set_label (GTK_LABEL (self->when), when);
  gtk_widget_set_visible (self->when, !self->compact);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
}

static void
keyfob_check_badge_dispose (GObject *object)
{
  KeyfobCheckBadge *self = (KeyfobCheckBadge *) object;

  keyfob_check_badge_set_token (self, NULL);
  g_clear_object (&self->token_signals);
  g_clear_pointer (&self->spinner, gtk_widget_unparent);
  g_clear_pointer (&self->badge, gtk_widget_unparent);
  g_clear_pointer (&self->when, gtk_widget_unparent);

  G_OBJECT_CLASS (keyfob_check_badge_parent_class)->dispose (object);
}

static void
keyfob_check_badge_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KeyfobCheckBadge *self = KEYFOB_CHECK_BADGE (object);

  switch (prop_id)
    {
    case PROP_TOKEN:
      g_value_set_object (value, self->token);
      break;
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_check_badge_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KeyfobCheckBadge *self = KEYFOB_CHECK_BADGE (object);

  switch (prop_id)
    {
    case PROP_TOKEN:
      keyfob_check_badge_set_token (self, g_value_get_object (value));
      break;
    case PROP_COMPACT:
      if (self->compact != g_value_get_boolean (value))
        {
          self->compact = g_value_get_boolean (value);
          update (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_check_badge_class_init (KeyfobCheckBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keyfob_check_badge_dispose;
  object_class->get_property = keyfob_check_badge_get_property;
  object_class->set_property = keyfob_check_badge_set_property;

  properties[PROP_TOKEN] =
    g_param_spec_object ("token", NULL, NULL, KEYFOB_TYPE_TOKEN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Where there is no room for “3 minutes ago”: the verdict alone, the time in the tooltip. */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "checkbadge");
}

static void
keyfob_check_badge_init (KeyfobCheckBadge *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  /* Any change of the check (started, finished, recorded) redraws the badge. */
  self->token_signals = g_signal_group_new (KEYFOB_TYPE_TOKEN);
  g_signal_group_connect_swapped (self->token_signals, "notify", G_CALLBACK (update), self);

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_widget_set_parent (self->spinner, GTK_WIDGET (self));

  self->badge = gtk_label_new (NULL);
  gtk_widget_set_valign (self->badge, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->badge, GTK_WIDGET (self));

  self->when = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->when, "dim-label");
  gtk_widget_set_parent (self->when, GTK_WIDGET (self));
}

KeyfobCheckBadge *
keyfob_check_badge_new (void)
{
  return g_object_new (KEYFOB_TYPE_CHECK_BADGE, NULL);
}

void
keyfob_check_badge_set_token (KeyfobCheckBadge *self,
                              KeyfobToken      *token)
{
  g_return_if_fail (KEYFOB_IS_CHECK_BADGE (self));

  if (self->token == token)
    return;

  g_set_object (&self->token, token);
  g_signal_group_set_target (self->token_signals, token);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}
