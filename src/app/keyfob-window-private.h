/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-token-list.h"
#include "keyfob-window.h"

G_BEGIN_DECLS

struct _KeyfobWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *throwaway_revealer;
  GtkStack             *stack;
  GtkSpinner           *loading_spinner;
  AdwWindowTitle       *window_title;
  AdwStatusPage        *unavailable_page;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *name_column;
  GtkColumnViewColumn  *provider_column;
  GtkColumnViewColumn  *key_column;
  GtkColumnViewColumn  *created_column;
  GtkColumnViewColumn  *checked_column;
  GtkColumnViewColumn  *expires_column;
  GtkColumnViewColumn  *actions_column;

  /* owned references to the application's */
  KeyfobCatalogue      *catalogue;
  KeyfobVerifier       *verifier;
  KeyfobClipboard      *clipboard;
  GSettings            *settings;

  /* owned */
  GCancellable         *cancellable;
  KeyfobTokenList      *tokens;
  GtkFilterListModel   *filtered;
  GtkCustomFilter      *filter;
  GtkSingleSelection   *selection;
  char                 *select_after_reload;  /* a token id */
  char                 *search_query;         /* casefolded */
  gboolean              bench_armed;
  gboolean              loaded_once;
};

void             _keyfob_window_actions_init   (KeyfobWindowClass *klass);
void             _keyfob_window_reload         (KeyfobWindow      *self);
void             _keyfob_window_toast          (KeyfobWindow      *self,
                                                const char        *message);
KeyfobProvider  *_keyfob_window_lookup_provider (KeyfobWindow     *self,
                                                 KeyfobToken      *token);
KeyfobTokenList *_keyfob_window_get_tokens     (KeyfobWindow      *self);
void             _keyfob_window_select_token  (KeyfobWindow      *self,
                                               const char        *id);
const char      *_keyfob_window_get_view_name  (KeyfobWindow      *self);
GListModel      *_keyfob_window_get_model      (KeyfobWindow      *self);

G_END_DECLS
