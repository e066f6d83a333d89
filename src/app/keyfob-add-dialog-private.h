/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-add-dialog.h"
#include "keyfob-check-result.h"
#include "keyfob-check-row.h"
#include "keyfob-provider-dot.h"
#include "keyfob-token-draft.h"

G_BEGIN_DECLS

#define KEYFOB_ADD_DIALOG_PAGE_PROVIDERS "providers"
#define KEYFOB_ADD_DIALOG_PAGE_STEPS     "steps"
#define KEYFOB_ADD_DIALOG_PAGE_FORM      "form"

/* Shared by keyfob-add-dialog.c (pages and the form's rules) and keyfob-add-dialog-actions.c
 * (what its buttons do). */
struct _KeyfobAddDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *back_button;
  GtkButton           *next_button;
  GtkButton           *save_button;
  GtkStack            *stack;
  AdwPreferencesGroup *providers_group;
  GtkListBox          *providers_list;
  GtkWidget           *shown_once_list;
  AdwActionRow        *shown_once_row;
  AdwPreferencesGroup *steps_group;
  GtkListBox          *steps_list;
  GtkButton           *dashboard_button;
  GtkLabel            *banner_label;
  AdwPreferencesGroup *replace_group;
  AdwActionRow        *replace_row;
  KeyfobProviderDot   *replace_dot;
  AdwPreferencesGroup *name_group;
  AdwEntryRow         *name_row;
  GtkLabel            *name_error;
  GtkBox              *fields_box;        /* of KeyfobFieldRow */
  AdwPreferencesGroup *expiry_group;
  AdwEntryRow         *expiry_row;
  GtkLabel            *expiry_error;
  AdwPreferencesGroup *token_group;
  AdwEntryRow         *token_row;
  GtkLabel            *token_error;
  GtkButton           *paste_button;
  KeyfobCheckRow      *check_row;

  /* Owned refs */
  KeyfobCatalogue     *catalogue;
  KeyfobTokenList     *tokens;
  KeyfobVerifier      *verifier;
  KeyfobToken         *token;             /* the one to replace; NULL when adding */
  KeyfobProvider      *provider;
  GCancellable        *cancellable;
  GCancellable        *test_cancellable;
  KeyfobTokenDraft    *draft;             /* the form as core's rules took it */
  char                *duplicate_name;    /* the name the keyring refused as taken */
  char                *duplicate_message;

  int                  last_verdict;      /* a KeyfobVerdict, or -1 before any Test */
  KeyfobCheckResult   *last_check;        /* the Test's, kept with the token when it is saved */
  guint                testing : 1;
  guint                saving : 1;
  guint                closing : 1;       /* asked already, or saved: close without asking */
};

#define KEYFOB_ADD_DIALOG_FOREACH_FIELD_ROW(self, row)                                \
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET ((self)->fields_box)); \
       row != NULL;                                                                   \
       row = gtk_widget_get_next_sibling (row))

/* A group's description is markup; a provider's words, and ours around them, are not. */
static inline void
_keyfob_add_dialog_describe (gpointer    group,
                             const char *text)
{
  g_autofree char *escaped = text != NULL ? g_markup_escape_text (text, -1) : NULL;

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped);
}

void        _keyfob_add_dialog_form_init       (KeyfobAddDialogClass *klass);
void        _keyfob_add_dialog_fill_form       (KeyfobAddDialog      *self);
void        _keyfob_add_dialog_update_help_button (KeyfobAddDialog   *self);
void        _keyfob_add_dialog_actions_init    (KeyfobAddDialogClass *klass);
void        _keyfob_add_dialog_validate        (KeyfobAddDialog      *self);
void        _keyfob_add_dialog_reset_check     (KeyfobAddDialog      *self);
void        _keyfob_add_dialog_set_page        (KeyfobAddDialog      *self,
                                                const char           *page);
GHashTable *_keyfob_add_dialog_dup_page_fields (KeyfobAddDialog      *self);
void        _keyfob_add_dialog_ask_discard     (KeyfobAddDialog      *self);
void        _keyfob_add_dialog_populate_providers (KeyfobAddDialog   *self);

G_END_DECLS
