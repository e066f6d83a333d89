/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token-menu"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-token-menu.h"

typedef struct
{
  const char *label;
  const char *action;
} MenuEntry;

/* One row menu for every place a token is shown (the table's More button, a right click, the
 * Menu key, the narrow list): the same items in the same sections, each a window action that
 * takes the token's id. */
static const MenuEntry sections[][4] = {
  {
    { N_("_Copy"), "win.copy-token" },
    { N_("_Reveal"), "win.reveal-token" },
    { N_("Copy as HTTP _Header"), "win.copy-header" },
  },
  {
    { N_("_Test"), "win.test-token" },
    { N_("_Details"), "win.show-details" },
    { N_("Open Provider _Dashboard"), "win.open-dashboard" },
  },
  {
    { N_("Re_name…"), "win.rename-token" },
    { N_("_Edit…"), "win.edit-token" },
    { N_("Re_place Token…"), "win.replace-token" },
  },
  {
    { N_("Re_voke…"), "win.revoke-token" },
    { N_("De_lete From Keyring"), "win.delete-token" },
  },
};

GMenuModel *
keyfob_token_menu_new (const char *token_id)
{
  GMenu *menu = g_menu_new ();

  g_return_val_if_fail (token_id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autoptr(GMenu) section = g_menu_new ();

      for (guint j = 0; j < G_N_ELEMENTS (sections[i]) && sections[i][j].label != NULL; j++)
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (_(sections[i][j].label), NULL);

          g_menu_item_set_action_and_target_value (item, sections[i][j].action,
                                                   g_variant_new_string (token_id));
          g_menu_append_item (section, item);
        }
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }

  return G_MENU_MODEL (menu);
}
