/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-token-actions.h"
#include "keyfob-window-private.h"

#define REVEAL_SECONDS 10

struct _KeyfobTokenActions
{
  GtkWidget     parent_instance;

  /* template widgets */
  GtkWidget    *box;
  GtkWidget    *copy_button;
  GtkWidget    *test_button;
  GtkWidget    *menu_button;
  GtkWidget    *reveal_popover;
  GtkWidget    *reveal_label;

  /* owned */
  KeyfobToken  *token;
  GCancellable *cancellable;
  guint         reveal_timeout_id;
  gulong        checking_id;
  gulong        name_id;
};

G_DEFINE_FINAL_TYPE (KeyfobTokenActions, keyfob_token_actions, GTK_TYPE_WIDGET)

static GMenuModel *
build_menu (const char *id)
{
  static const struct
  {
    const char *label;
    const char *action;
  } items[] = {
    { N_("_Reveal"), "row.reveal" },
    { N_("Copy as HTTP _Header"), "win.copy-header" },
    { N_("Re_name…"), "win.rename-token" },
    { N_("Re_voke…"), "win.revoke-token" },
    { N_("_Delete From Keyring…"), "win.delete-token" },
    { N_("Open Provider _Dashboard"), "win.open-dashboard" },
  };
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

      if (g_str_has_prefix (items[i].action, "row."))
        g_menu_item_set_action_and_target_value (item, items[i].action, NULL);
      else
        g_menu_item_set_action_and_target_value (item, items[i].action, g_variant_new_string (id));
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

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

  menu = build_menu (keyfob_token_get_id (self->token));
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
hide_secret (KeyfobTokenActions *self)
{
  g_clear_handle_id (&self->reveal_timeout_id, g_source_remove);
  gtk_label_set_label (GTK_LABEL (self->reveal_label), "");
}

static void
reveal_closed_cb (KeyfobTokenActions *self)
{
  hide_secret (self);
}

static gboolean
reveal_timeout_cb (gpointer user_data)
{
  KeyfobTokenActions *self = user_data;

  self->reveal_timeout_id = 0;
  gtk_popover_popdown (GTK_POPOVER (self->reveal_popover));

  return G_SOURCE_REMOVE;
}

static void
secret_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KeyfobTokenActions) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretValue) secret = keyfob_token_list_load_secret_finish (KEYFOB_TOKEN_LIST (object),
                                                                        result, &error);
  GtkRoot *root;

  /* Cancelled when the row was recycled for another token or went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (secret == NULL)
    {
      if (KEYFOB_IS_WINDOW (root))
        _keyfob_window_toast (KEYFOB_WINDOW (root), error->message);
      return;
    }

  /* Shown until focus leaves (the popover closes) or the time is up. */
  gtk_label_set_label (GTK_LABEL (self->reveal_label), secret_value_get_text (secret));
  gtk_popover_popup (GTK_POPOVER (self->reveal_popover));
  g_clear_handle_id (&self->reveal_timeout_id, g_source_remove);
  self->reveal_timeout_id = g_timeout_add_seconds (REVEAL_SECONDS, reveal_timeout_cb, self);
}

/* Drops any secret load still under way: its answer belongs to what the row showed before. */
static void
forget_pending_load (KeyfobTokenActions *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static void
reveal_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KeyfobTokenActions *self = KEYFOB_TOKEN_ACTIONS (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->token == NULL || !KEYFOB_IS_WINDOW (root))
    return;

  hide_secret (self);
  forget_pending_load (self);
  keyfob_token_list_load_secret_async (_keyfob_window_get_tokens (KEYFOB_WINDOW (root)),
                                       self->token, self->cancellable, secret_loaded_cb,
                                       g_object_ref (self));
}

/* The buttons take the space; the popover is presented beside them. */
static void
keyfob_token_actions_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  KeyfobTokenActions *self = KEYFOB_TOKEN_ACTIONS (widget);

  gtk_widget_measure (self->box, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
}

static void
keyfob_token_actions_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  KeyfobTokenActions *self = KEYFOB_TOKEN_ACTIONS (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  gtk_popover_present (GTK_POPOVER (self->reveal_popover));
}

static void
keyfob_token_actions_dispose (GObject *object)
{
  KeyfobTokenActions *self = (KeyfobTokenActions *) object;

  g_cancellable_cancel (self->cancellable);
  hide_secret (self);
  keyfob_token_actions_set_token (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEYFOB_TYPE_TOKEN_ACTIONS);

  G_OBJECT_CLASS (keyfob_token_actions_parent_class)->dispose (object);
}

static void
keyfob_token_actions_finalize (GObject *object)
{
  KeyfobTokenActions *self = (KeyfobTokenActions *) object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (keyfob_token_actions_parent_class)->finalize (object);
}

static void
keyfob_token_actions_class_init (KeyfobTokenActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keyfob_token_actions_dispose;
  object_class->finalize = keyfob_token_actions_finalize;
  widget_class->measure = keyfob_token_actions_measure;
  widget_class->size_allocate = keyfob_token_actions_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-token-actions.ui");
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenActions, box);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenActions, copy_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenActions, test_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenActions, menu_button);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenActions, reveal_popover);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenActions, reveal_label);
  gtk_widget_class_bind_template_callback (widget_class, reveal_closed_cb);

  gtk_widget_class_install_action (widget_class, "row.reveal", NULL, reveal_action);
}

static void
keyfob_token_actions_init (KeyfobTokenActions *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->menu_button), create_menu_cb,
                                         self, NULL);
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

  if (self->token == token)
    return;

  /* A recycled row must never show the previous token's secret. */
  forget_pending_load (self);
  gtk_popover_popdown (GTK_POPOVER (self->reveal_popover));
  hide_secret (self);

  if (self->token != NULL)
    {
      g_clear_signal_handler (&self->checking_id, self->token);
      g_clear_signal_handler (&self->name_id, self->token);
    }
  g_set_object (&self->token, token);

  if (token == NULL)
    return;

  id = keyfob_token_get_id (token);
  /* Target first: the action takes a string, and an untargeted button would not match it. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->copy_button), "s", id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->copy_button), "win.copy-token");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->test_button), "s", id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->test_button), "win.test-token");
  /* The previous token's menu, if it was opened, must not open again for this one. */
  if (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (self->menu_button)) != NULL)
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), NULL);

  self->name_id = g_signal_connect_swapped (token, "notify::name", G_CALLBACK (name_changed_cb),
                                            self);
  name_changed_cb (self);

  self->checking_id = g_signal_connect_swapped (token, "notify::checking",
                                                G_CALLBACK (checking_changed_cb), self);
  checking_changed_cb (self);
}
