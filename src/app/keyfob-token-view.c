/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token-view"

#include "config.h"

#include <adwaita.h>

#include "keyfob-cell-scope.h"
#include "keyfob-check-badge.h"
#include "keyfob-expiry-label.h"
#include "keyfob-provider-dot.h"
#include "keyfob-token-actions.h"
#include "keyfob-token-view.h"

#define CELLS_PATH "/io/github/keyfob/Keyfob/cells/"

typedef enum
{
  SORT_NAME,
  SORT_PROVIDER,
  SORT_CREATED,
  SORT_CHECKED,
  SORT_EXPIRES,
  N_SORTS
} SortKey;

/* The settings' names for the sortable columns, in SortKey order. */
static const char *const sort_names[N_SORTS] = { "name", "provider", "created", "checked",
                                                 "expires" };

struct _KeyfobTokenView
{
  GtkWidget            parent_instance;

  /* template widgets */
  GtkWidget           *squeezer;   /* the only child: bound so that disposing unparents it */
  GtkColumnView       *column_view;
  GtkListView         *list_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *provider_column;
  GtkColumnViewColumn *key_column;
  GtkColumnViewColumn *created_column;
  GtkColumnViewColumn *checked_column;
  GtkColumnViewColumn *expires_column;
  GtkColumnViewColumn *actions_column;

  /* owned */
  GSettings           *settings;
  GtkSelectionModel   *model;

  /* which column a comparison asked first, while the sort order is read back */
  gboolean             probing;
  int                  probe_key;
  int                  probe_order;
};

G_DEFINE_FINAL_TYPE (KeyfobTokenView, keyfob_token_view, GTK_TYPE_WIDGET)

static GtkColumnViewColumn *
sort_column (KeyfobTokenView *self,
             SortKey          key)
{
  GtkColumnViewColumn *columns[N_SORTS] = {
    self->name_column, self->provider_column, self->created_column, self->checked_column,
    self->expires_column,
  };

  return columns[key];
}

static int
compare_strings (const char *a,
                 const char *b)
{
  return g_utf8_collate (a != NULL ? a : "", b != NULL ? b : "");
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
compare_key (SortKey      key,
             KeyfobToken *a,
             KeyfobToken *b)
{
  switch (key)
    {
    case SORT_NAME:
      return compare_strings (keyfob_token_get_name (a), keyfob_token_get_name (b));
    case SORT_PROVIDER:
      return compare_strings (keyfob_token_get_provider_id (a), keyfob_token_get_provider_id (b));
    case SORT_CREATED:
      return compare_dates (keyfob_token_get_created (a), keyfob_token_get_created (b));
    case SORT_CHECKED:
      return compare_dates (keyfob_token_get_last_checked (a), keyfob_token_get_last_checked (b));
    case SORT_EXPIRES:
    case N_SORTS:
    default:
      return compare_dates (keyfob_token_get_expires (a), keyfob_token_get_expires (b));
    }
}

typedef struct
{
  KeyfobTokenView *view;
  SortKey          key;
} ColumnSort;

/* GTK 4.8 cannot say which column the table is sorted by: each column's comparison notes
 * whether it was asked first, and with what answer, while the window reads the order back. */
static int
compare_column_cb (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  ColumnSort *sort = user_data;
  int result = compare_key (sort->key, (KeyfobToken *) a, (KeyfobToken *) b);

  if (sort->view->probing && sort->view->probe_key < 0)
    {
      sort->view->probe_key = sort->key;
      sort->view->probe_order = result;
    }

  return result;
}

/* The table's first and last rows differ in the sort column unless all rows agree on it: how
 * the table compares them, against how the column does, says the direction. */
static void
remember_sort_cb (KeyfobTokenView *self)
{
  GListModel *model = G_LIST_MODEL (self->model);
  guint n_items = model != NULL ? g_list_model_get_n_items (model) : 0;
  GtkSorter *sorter;
  g_autoptr(GObject) first = NULL;
  g_autoptr(GObject) last = NULL;
  g_autofree char *old_column = NULL;
  gboolean descending;
  GtkOrdering table_order;

  /* Also told while the table is taken apart. */
  if (n_items < 2 || self->column_view == NULL)
    return;

  sorter = gtk_column_view_get_sorter (self->column_view);
  first = g_list_model_get_item (model, 0);
  last = g_list_model_get_item (model, n_items - 1);
  self->probing = TRUE;
  self->probe_key = -1;
  table_order = gtk_sorter_compare (sorter, first, last);
  self->probing = FALSE;

  if (self->probe_key < 0)
    return;

  old_column = g_settings_get_string (self->settings, "sort-column");
  if (self->probe_order != 0)
    descending = (table_order < 0) != (self->probe_order < 0);
  else if (g_str_equal (old_column, sort_names[self->probe_key]))
    /* A second click on the same header turns the order round. */
    descending = !g_settings_get_boolean (self->settings, "sort-descending");
  else
    descending = FALSE;

  g_settings_set_string (self->settings, "sort-column", sort_names[self->probe_key]);
  g_settings_set_boolean (self->settings, "sort-descending", descending);
}

static void
setup_sorters (KeyfobTokenView *self)
{
  g_autofree char *remembered = g_settings_get_string (self->settings, "sort-column");
  SortKey sorted_by = SORT_NAME;

  for (SortKey key = 0; key < N_SORTS; key++)
    {
      ColumnSort *sort = g_new0 (ColumnSort, 1);
      g_autoptr(GtkSorter) sorter = NULL;

      sort->view = self;
      sort->key = key;
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_column_cb, sort, g_free));
      gtk_column_view_column_set_sorter (sort_column (self, key), sorter);
      if (g_str_equal (remembered, sort_names[key]))
        sorted_by = key;
    }

  gtk_column_view_sort_by_column (self->column_view, sort_column (self, sorted_by),
                                  g_settings_get_boolean (self->settings, "sort-descending")
                                    ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (remember_sort_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
setup_factories (KeyfobTokenView *self,
                 KeyfobCatalogue *catalogue)
{
  g_autoptr(GtkBuilderScope) scope = keyfob_cell_scope_new (catalogue, self->settings);
  struct
  {
    GtkColumnViewColumn *column;
    const char          *cell;
  } cells[] = {
    { self->name_column, "name.ui" },
    { self->provider_column, "provider.ui" },
    { self->key_column, "key.ui" },
    { self->created_column, "created.ui" },
    { self->checked_column, "checked.ui" },
    { self->expires_column, "expires.ui" },
    { self->actions_column, "actions.ui" },
  };
  g_autoptr(GtkListItemFactory) row_factory =
    gtk_builder_list_item_factory_new_from_resource (scope, CELLS_PATH "row.ui");

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      g_autofree char *path = g_strconcat (CELLS_PATH, cells[i].cell, NULL);
      g_autoptr(GtkListItemFactory) factory =
        gtk_builder_list_item_factory_new_from_resource (scope, path);

      gtk_column_view_column_set_factory (cells[i].column, factory);
    }

  gtk_list_view_set_factory (self->list_view, row_factory);
}

static void
activate_cb (KeyfobTokenView *self,
             guint            position)
{
  g_autoptr(KeyfobToken) token = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (token != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-details", "s",
                                keyfob_token_get_id (token));
}

static GtkWidget *
row_of (GtkWidget *widget,
        GtkWidget *view)
{
  for (; widget != NULL && widget != view; widget = gtk_widget_get_parent (widget))
    if (g_str_equal (gtk_widget_get_css_name (widget), "row"))
      return widget;

  return NULL;
}

static GtkWidget *
find_actions (GtkWidget *widget)
{
  if (KEYFOB_IS_TOKEN_ACTIONS (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actions (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Opens the menu of the row @widget is in: the row's own menu button, so the menu shows
 * beside the row and is the same one a pointer or a screen reader reaches. */
static gboolean
popup_row_menu (KeyfobTokenView *self,
                GtkWidget       *widget)
{
  GtkWidget *row = row_of (widget, GTK_WIDGET (self));
  GtkWidget *actions = row != NULL ? find_actions (row) : NULL;

  if (actions == NULL)
    return FALSE;

  /* The row the menu is for becomes the selected one, as in a file manager. */
  gtk_widget_activate_action (widget, "listitem.select", "(bb)", FALSE, FALSE);
  keyfob_token_actions_popup_menu (KEYFOB_TOKEN_ACTIONS (actions));

  return TRUE;
}

static void
secondary_click_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    KeyfobTokenView *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);

  if (picked != NULL && popup_row_menu (self, picked))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static gboolean
menu_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && popup_row_menu (KEYFOB_TOKEN_VIEW (widget), focus);
}

/* In the narrow list a tap opens the token, as on a phone; buttons in the row keep theirs. */
static void
list_released_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  KeyfobTokenView *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->list_view), x, y, GTK_PICK_DEFAULT);
  GtkWidget *row = picked != NULL ? row_of (picked, GTK_WIDGET (self->list_view)) : NULL;
  g_autoptr(GtkBitset) selected = NULL;

  if (n_press != 1 || row == NULL ||
      gtk_widget_get_ancestor (picked, GTK_TYPE_BUTTON) != NULL ||
      gtk_widget_get_ancestor (picked, GTK_TYPE_MENU_BUTTON) != NULL)
    return;

  gtk_widget_activate_action (picked, "listitem.select", "(bb)", FALSE, FALSE);
  selected = gtk_selection_model_get_selection (self->model);
  if (!gtk_bitset_is_empty (selected))
    activate_cb (self, gtk_bitset_get_minimum (selected));
}

static void
keyfob_token_view_dispose (GObject *object)
{
  KeyfobTokenView *self = KEYFOB_TOKEN_VIEW (object);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->model);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEYFOB_TYPE_TOKEN_VIEW);

  G_OBJECT_CLASS (keyfob_token_view_parent_class)->dispose (object);
}

static void
keyfob_token_view_class_init (KeyfobTokenViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = keyfob_token_view_dispose;

  /* The cell templates name these types; a builder finds only registered ones. */
  g_type_ensure (KEYFOB_TYPE_CHECK_BADGE);
  g_type_ensure (KEYFOB_TYPE_EXPIRY_LABEL);
  g_type_ensure (KEYFOB_TYPE_PROVIDER);
  g_type_ensure (KEYFOB_TYPE_PROVIDER_DOT);
  g_type_ensure (KEYFOB_TYPE_TOKEN);
  g_type_ensure (KEYFOB_TYPE_TOKEN_ACTIONS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/keyfob/Keyfob/keyfob-token-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenView, squeezer);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenView, column_view);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenView, list_view);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenView, name_column);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenView, provider_column);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenView, key_column);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenView, created_column);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenView, checked_column);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenView, expires_column);
  gtk_widget_class_bind_template_child (widget_class, KeyfobTokenView, actions_column);
  /* Named for tests, which check which of the two shows. */
  gtk_widget_class_bind_template_child_full (widget_class, "table_page", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "list_page", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, menu_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, menu_key_cb, NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
keyfob_token_view_init (KeyfobTokenView *self)
{
  GtkGesture *secondary = gtk_gesture_click_new ();
  GtkGesture *tap = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (secondary),
                                              GTK_PHASE_CAPTURE);
  g_signal_connect (secondary, "pressed", G_CALLBACK (secondary_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (secondary));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (tap), GDK_BUTTON_PRIMARY);
  g_signal_connect (tap, "released", G_CALLBACK (list_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (tap));
}

KeyfobTokenView *
keyfob_token_view_new (KeyfobCatalogue *catalogue,
                       GSettings       *settings)
{
  KeyfobTokenView *self;

  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (KEYFOB_TYPE_TOKEN_VIEW, NULL);
  self->settings = g_object_ref (settings);
  setup_factories (self, catalogue);
  setup_sorters (self);

  return self;
}

/* What the window sorts its model with: the order the table's headers choose. */
GtkSorter *
keyfob_token_view_get_sorter (KeyfobTokenView *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN_VIEW (self), NULL);

  return gtk_column_view_get_sorter (self->column_view);
}

void
keyfob_token_view_set_model (KeyfobTokenView   *self,
                             GtkSelectionModel *model)
{
  g_return_if_fail (KEYFOB_IS_TOKEN_VIEW (self));

  if (!g_set_object (&self->model, model))
    return;

  gtk_column_view_set_model (self->column_view, model);
  gtk_list_view_set_model (self->list_view, model);
}
