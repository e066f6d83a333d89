/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-window-details"

#include "config.h"

#include "keyfob-window-private.h"

/* The details pane: beside the tokens where the window is wide, over them where it is not. */

void
_keyfob_window_setup_details (KeyfobWindow *self)
{
  _keyfob_window_setup_actions (self);
}

void
_keyfob_window_set_details_token (KeyfobWindow *self,
                                  KeyfobToken  *token)
{
  adw_window_title_set_title (ADW_WINDOW_TITLE (adw_header_bar_get_title_widget (
                                self->details_header)),
                              token != NULL ? keyfob_token_get_name (token) : "");
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
  gtk_widget_grab_focus (GTK_WIDGET (self->details_pane));
}

static void
show_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);

  show_details (self, _keyfob_window_lookup_token (self, parameter));
}

/* Back to the row the details were for, so the keyboard goes on from there. */
static void
close_details_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KeyfobWindow *self = KEYFOB_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->token_view));
}

void
_keyfob_window_details_init (KeyfobWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.show-details", "s", show_details_action);
  gtk_widget_class_install_action (widget_class, "win.close-details", NULL,
                                   close_details_action);
}
