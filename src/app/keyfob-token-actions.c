/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-token-actions.h"
#include "keyfob-token-menu.h"

struct _KeyfobTokenActions
{
  GtkWidget     parent_instance;

  /* template widgets */
  GtkWidget    *copy_button;
  GtkWidget    *test_button;
  GtkWidget    *menu_button;

  /* owned */
  KeyfobToken  *token;
  GSignalGroup *token_signals;
};

G_DEFINE_FINAL_TYPE (KeyfobTokenActions, keyfob_token_actions, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The menu is built as it opens: a popover for every row a view binds would cost more than
 * all the rest of the row, and a view rebinds its rows whenever the list grows. */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  KeyfobTokenActions *self = user_data;
  g_autoptr(GMenuModel) menu = NULL;

  if (self->token == NULL)
    return;

  menu = keyfob_token_menu_new (keyfob_token_get_id (self->token));
  gtk_menu_button_set_menu_model (button, menu);
}

static void
set_label (GtkWidget *widget,
           char      *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_free (label);
}

/* Screen readers name each row's buttons after the token, also once it is renamed. */
static void
name_changed_cb (KeyfobTokenActions *self)
{
  const char *name = keyfob_token_get_name (self->token);

  /* Translators: accessible labels of a table row's buttons; %s is the token's name */
  set_label (self->copy_button, g_strdup_printf (_("Copy %s"), name));
  set_label (self->test_button, g_strdup_printf (_("Test %s"), name));
  set_label (self->menu_button, g_strdup_printf (_("More actions for %s"), name));
}

/* While a check runs, the Test button spins instead of starting another. */
static void
checking_changed_cb (KeyfobTokenActions *self)
{
  gboolean checking = keyfob_token_get_checking (self->token);

  gtk_widget_set_sensitive (self->test_button, !checking);
  if (checking)
    {
      GtkWidget *spinner = gtk_spinner_new ();

      gtk_spinner_start (GTK_SPINNER (spinner));
      gtk_button_set_child (GTK_BUTTON (self->test_button), spinner);
    }
  else
    {
      gtk_button_set_icon_name (GTK_BUTTON (self->test_button),
                                "network-transmit-receive-symbolic");
    }
}

static void
keyfob_token_actions_dispose (GObject *object)
{
  KeyfobTokenActions *self = KEYFOB_TOKEN_ACTIONS (object);

  g_clear_object (&self->token_signals);
  g_clear_object (&self->token);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEYFOB_TYPE_TOKEN_ACTIONS);

  G_OBJECT_CLASS (keyfob_token_actions_parent_class)->dispose (object);
}

static void
keyfob_token_actions_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KeyfobTokenActions *self = KEYFOB_TOKEN_ACTIONS (object);

  switch (prop_id)
    {
    case PROP_TOKEN:
      g_value_set_object (value, self->token);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_token_actions_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KeyfobTokenActions *self = KEYFOB_TOKEN_ACTIONS (object);

  switch (prop_id)
    {
    case PROP_TOKEN:
      keyfob_token_actions_set_token (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_token_actions_class_init (KeyfobTokenActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keyfob_token_actions_dispose;
  object_class->get_property = keyfob_token_actions_get_property;
  object_class->set_property = keyfob_token_actions_set_property;

  properties[PROP_TOKEN] =
    g_param_spec_object ("token", NULL, NULL, KEYFOB_TYPE_TOKEN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-token-actions.ui");
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenActions, copy_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenActions, test_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenActions, menu_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
keyfob_token_actions_init (KeyfobTokenActions *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              2);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->menu_button), create_menu_cb,
                                         self, NULL);

  self->token_signals = g_signal_group_new (KEYFOB_TYPE_TOKEN);
  g_signal_group_connect_swapped (self->token_signals, "notify::name",
                                  G_CALLBACK (name_changed_cb), self);
  g_signal_group_connect_swapped (self->token_signals, "notify::checking",
                                  G_CALLBACK (checking_changed_cb), self);
}

KeyfobTokenActions *
keyfob_token_actions_new (void)
{
  return g_object_new (KEYFOB_TYPE_TOKEN_ACTIONS, NULL);
}

void
keyfob_token_actions_set_token (KeyfobTokenActions *self,
                                KeyfobToken        *token)
{
  const char *id;

  g_return_if_fail (KEYFOB_IS_TOKEN_ACTIONS (self));

  if (!g_set_object (&self->token, token))
    return;

  g_signal_group_set_target (self->token_signals, token);
  /* The previous token's menu, if it was opened, must not open again for this one. */
  if (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (self->menu_button)) != NULL)
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), NULL);

  if (token != NULL)
    {
      id = keyfob_token_get_id (token);
      /* Target first: the action takes a string, and an untargeted button would not match. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->copy_button), "s", id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->copy_button), "win.copy-token");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->test_button), "s", id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->test_button), "win.test-token");
      name_changed_cb (self);
      checking_changed_cb (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

/* The right click and the Menu key open the same menu as the button, beside it. */
void
keyfob_token_actions_popup_menu (KeyfobTokenActions *self)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_ACTIONS (self));

  gtk_menu_button_popup (GTK_MENU_BUTTON (self->menu_button));
}
