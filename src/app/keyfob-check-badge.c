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
  KeyfobToken *token;
  gulong       notify_id;
};

G_DEFINE_FINAL_TYPE (KeyfobCheckBadge, keyfob_check_badge, GTK_TYPE_WIDGET)

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
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
      return;
    }

  when = keyfob_time_describe (checked, now);
  account = keyfob_token_get_account (self->token);
  tooltip = account != NULL
    /* Translators: “Valid, as Acme Inc” in a tooltip */
    ? g_strdup_printf (_("%s, as %s"), keyfob_verdict_describe (verdict), account)
    : g_strdup (keyfob_verdict_describe (verdict));

  gtk_widget_set_visible (self->badge, TRUE);
  gtk_label_set_label (GTK_LABEL (self->badge), keyfob_verdict_describe (verdict));
  gtk_widget_add_css_class (self->badge, style_for (verdict));
  gtk_label_set_label (GTK_LABEL (self->when), when);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
}

static void
keyfob_check_badge_dispose (GObject *object)
{
  KeyfobCheckBadge *self = (KeyfobCheckBadge *) object;

  keyfob_check_badge_set_token (self, NULL);
  g_clear_pointer (&self->spinner, gtk_widget_unparent);
  g_clear_pointer (&self->badge, gtk_widget_unparent);
  g_clear_pointer (&self->when, gtk_widget_unparent);

  G_OBJECT_CLASS (keyfob_check_badge_parent_class)->dispose (object);
}

static void
keyfob_check_badge_class_init (KeyfobCheckBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keyfob_check_badge_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "checkbadge");
}

static void
keyfob_check_badge_init (KeyfobCheckBadge *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

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

  if (self->token != NULL)
    g_clear_signal_handler (&self->notify_id, self->token);
  g_set_object (&self->token, token);

  /* Any change of the check (started, finished, recorded) redraws the badge. */
  if (token != NULL)
    self->notify_id = g_signal_connect_swapped (token, "notify", G_CALLBACK (update), self);

  update (self);
}
