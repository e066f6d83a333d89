/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-pending-deletes.h"
#include "keyfob-token-list.h"
#include "keyfob-token-view.h"
#include "keyfob-window.h"

G_BEGIN_DECLS

struct _KeyfobWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
  AdwHeaderBar         *header_bar;
  AdwHeaderBar         *details_header;
  GtkWidget            *close_details_button;
  GtkBox               *details_pane;
  GtkWidget            *search_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *throwaway_revealer;
  GtkStack             *stack;
  GtkSpinner           *loading_spinner;
  AdwWindowTitle       *window_title;
  AdwStatusPage        *unavailable_page;
  AdwStatusPage        *locked_page;
  GtkButton            *unlock_button;
  GtkBox               *tokens_page;

  /* owned references to the application's */
  KeyfobCatalogue      *catalogue;
  KeyfobVerifier       *verifier;
  KeyfobClipboard      *clipboard;
  GSettings            *settings;
  KeyfobPendingDeletes *pending_deletes;

  /* owned */
  KeyfobTokenView      *token_view;
  GtkWidget            *details;
  GCancellable         *cancellable;
  KeyfobTokenList      *tokens;
  GtkFilterListModel   *filtered;
  GtkCustomFilter      *filter;
  GtkSingleSelection   *selection;
  char                 *select_after_reload;  /* a token id */
  char                 *search_query;         /* casefolded */
  gboolean              loaded_once;
  gboolean              unlocking;
};

void             _keyfob_window_actions_init      (KeyfobWindowClass *klass);
void             _keyfob_window_setup_actions     (KeyfobWindow      *self);
void             _keyfob_window_token_actions_init (KeyfobWindowClass *klass);
void             _keyfob_window_details_init      (KeyfobWindowClass *klass);
void             _keyfob_window_setup_details     (KeyfobWindow      *self);
void             _keyfob_window_set_details_token (KeyfobWindow      *self,
                                                   KeyfobToken       *token);
void             _keyfob_window_reload            (KeyfobWindow      *self);
void             _keyfob_window_delete_with_undo  (KeyfobWindow      *self,
                                                   KeyfobToken       *token,
                                                   const char        *title);
void             _keyfob_window_toast             (KeyfobWindow      *self,
                                                   const char        *message);
KeyfobProvider  *_keyfob_window_lookup_provider   (KeyfobWindow      *self,
                                                   KeyfobToken       *token);
const char      *_keyfob_window_provider_name     (KeyfobWindow      *self,
                                                   KeyfobToken       *token);
KeyfobToken     *_keyfob_window_lookup_token      (KeyfobWindow      *self,
                                                   GVariant          *parameter);
KeyfobToken     *_keyfob_window_selected_token    (KeyfobWindow      *self);
void             _keyfob_window_select_token      (KeyfobWindow      *self,
                                                   const char        *id);

G_END_DECLS
