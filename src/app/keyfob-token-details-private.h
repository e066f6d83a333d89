/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-check-badge.h"
#include "keyfob-provider-dot.h"
#include "keyfob-token-details.h"

G_BEGIN_DECLS

/* One provider field's editor: a group of its own, so that its error shows under its row. */
typedef struct
{
  const KeyfobProviderField *field;        /* the page's provider's */
  GtkWidget                 *group;
  GtkWidget                 *row;          /* AdwEntryRow, or AdwComboRow for a choice */
  GtkWidget                 *error_label;
} KeyfobDetailsField;

struct _KeyfobTokenDetails
{
  GtkWidget            parent_instance;

  /* template widgets */
  GtkStack            *stack;
  GtkWidget           *empty_page;
  GtkLabel            *name_label;
  KeyfobProviderDot   *provider_dot;
  GtkLabel            *provider_label;
  GtkLabel            *preview_label;
  GtkLabel            *secret_label;
  GtkWidget           *reveal_button;
  GtkWidget           *copy_button;
  GtkWidget           *copy_header_button;
  AdwActionRow        *account_row;
  AdwActionRow        *created_row;
  AdwActionRow        *rotated_row;
  GtkWidget           *fields_group;
  GtkBox              *fields_box;
  GtkWidget           *expiry_group;
  AdwActionRow        *expiry_row;
  GtkLabel            *expiry_state;
  GtkWidget           *expiry_button;
  GtkPopover          *expiry_popover;
  GtkCalendar         *expiry_calendar;
  GtkWidget           *no_expiry_button;
  GtkWidget           *set_expiry_button;
  GtkWidget           *test_button;
  KeyfobCheckBadge    *check_badge;
  AdwActionRow        *status_row;
  AdwActionRow        *message_row;
  AdwActionRow        *latency_row;
  AdwActionRow        *checked_row;
  AdwActionRow        *service_row;
  AdwActionRow        *collection_row;
  GtkWidget           *rename_button;
  GtkWidget           *replace_button;
  GtkWidget           *revoke_button;
  GtkWidget           *delete_button;

  /* made in init */
  GtkWidget           *expiry_error;

  /* owned, set at construction */
  KeyfobTokenList     *tokens;
  KeyfobCatalogue     *catalogue;
  GSettings           *settings;

  /* owned */
  KeyfobToken         *token;
  KeyfobProvider      *provider;    /* the token's; NULL when no installed provider has its id */
  GBindingGroup       *bindings;    /* on the token */
  GSignalGroup        *signals;     /* on the token */
  GPtrArray           *fields;      /* of KeyfobDetailsField */
  GCancellable        *cancellable;
  GCancellable        *reveal_cancellable;  /* the secret being loaded for Reveal */
  guint                reveal_timeout_id;
  gboolean             updating;    /* rows are being set from the token, not by the user */
  gboolean             locating;
  gboolean             located;
};

/* keyfob-token-details-reveal.c */
void _keyfob_token_details_hide_secret       (KeyfobTokenDetails *self);

/* keyfob-token-details-edit.c */
void _keyfob_token_details_edit_class_init   (GtkWidgetClass     *widget_class);
void _keyfob_token_details_add_field_rows    (KeyfobTokenDetails *self);
void _keyfob_token_details_clear_field_rows  (KeyfobTokenDetails *self);
void _keyfob_token_details_update_fields     (KeyfobTokenDetails *self);

G_END_DECLS
