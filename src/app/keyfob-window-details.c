/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-window-details"

#include "config.h"

#include "keyfob-token-details.h"
#include "keyfob-window-private.h"

/* The details pane: beside the tokens where the window is wide, over them where it is not. */

void
_keyfob_window_setup_details (KeyfobWindow *self)
{
  GtkEventController *escape;

  self->details = GTK_WIDGET (keyfob_token_details_new (self->tokens, self->catalogue,
                                                        self->settings));
  gtk_widget_set_vexpand (self->details, TRUE);
  gtk_box_append (self->details_pane, self->details);
  /* Escape leaves the details, as it leaves a dialog. */
  escape = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (escape),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("win.close-details")));
  gtk_widget_add_controller (GTK_WIDGET (self->details_pane), escape);
  _keyfob_window_setup_actions (self);
}

void
_keyfob_window_set_details_token (KeyfobWindow *self,
                                  KeyfobToken  *token)
{
  keyfob_token_details_set_token (KEYFOB_TOKEN_DETAILS (self->details), token);
}

static void
show_details (KeyfobWindow *self,
              KeyfobToken  *token)
{
  if (token == NULL)
    return;

  _keyfob_window_select_token (self, keyfob_token_get_id (token));
  _keyfob_window_set_details_token (self, token);
  adw_flap_set_reveal_flap (self->flap, TRUE);
  gtk_widget_child_focus (self->details, GTK_DIR_TAB_FORWARD);
}

static void
show_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);

  show_details (self, _keyfob_window_lookup_token (self, parameter));
}

/* Fields and expiry are edited in place on the details page. */
static void
edit_token_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  show_details_action (widget, action_name, parameter);
}

static void
reveal_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);
  KeyfobToken *token = _keyfob_window_lookup_token (self, parameter);

  if (token == NULL)
    return;

  show_details (self, token);
  keyfob_token_details_reveal (KEYFOB_TOKEN_DETAILS (self->details));
}

/* Back to the row the details were for, so the keyboard goes on from there. */
static void
close_details_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, FALSE);
  gtk_widget_child_focus (GTK_WIDGET (self->token_view), GTK_DIR_TAB_FORWARD);
}

/* How the window's widgets report what they cannot do: plain text, shown as a toast. */
static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _keyfob_window_toast (KEYFOB_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

void
_keyfob_window_details_init (KeyfobWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (KEYFOB_TYPE_TOKEN_DETAILS);

  gtk_widget_class_install_action (widget_class, "win.show-details", "s", show_details_action);
  gtk_widget_class_install_action (widget_class, "win.edit-token", "s", edit_token_action);
  gtk_widget_class_install_action (widget_class, "win.reveal-token", "s", reveal_token_action);
  gtk_widget_class_install_action (widget_class, "win.close-details", NULL,
                                   close_details_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
}
