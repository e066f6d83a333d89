/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "keyfob-add-dialog.h"
#include "keyfob-catalogue.h"
#include "keyfob-check-row.h"
#include "keyfob-emulator.h"
#include "keyfob-store.h"
#include "keyfob-test-async.h"
#include "keyfob-token-list.h"
#include "keyfob-verifier.h"

G_BEGIN_DECLS

#define CUTOVER_TOKEN  "0123456789abcdef0123456789abcdef0123456789abcdef"
#define PYLON_US_TOKEN "pylon_api_0123456789abcdef0123"
#define PYLON_EU_TOKEN "pylon_api_eu_0123456789abcdef0123"
#define PUSHLY_TOKEN   "pk_0123456789abcdef0123456789"
#define PULSETIC_TOKEN "33fea0a1b2c3d4e5f6a7b8c9d0e1f7b4"
#define REJECTED_TOKEN "33fea0ffffffffffffffffffffff0000"

/* One of each per process, as the window hands them to the dialog */
extern KeyfobCatalogue *catalogue;
extern KeyfobStore     *store;
extern KeyfobTokenList *token_list;
extern KeyfobVerifier  *verifier;
extern KeyfobEmulator  *emulator;

typedef struct
{
  KeyfobAddDialog *dialog;       /* weak: the dialog closes itself after saving */
  KeyfobToken     *added;
  guint            n_added;
  KeyfobToken     *replaced;
  guint            n_replaced;
} Fixture;

void              spin                 (guint              ms);
void              token_added_cb       (KeyfobAddDialog   *dialog,
                                        KeyfobToken       *token,
                                        Fixture           *fixture);
void              fixture_setup        (Fixture           *fixture,
                                        gconstpointer      data);
void              fixture_teardown     (Fixture           *fixture,
                                        gconstpointer      data);

/* Acting as a person would */
void              click                (GtkWidget         *button);
void              type_into            (GtkWidget         *editable,
                                        const char        *text);
void              answer               (AdwMessageDialog  *question,
                                        const char        *response);

/* The dialog's widgets, as its template names them, and what they show */
const char       *row_title            (GtkWidget         *row);
const char       *label_text           (GtkWidget         *label);
GtkWidget        *template_child       (KeyfobAddDialog   *dialog,
                                        const char        *name);
const char       *current_page         (KeyfobAddDialog   *dialog);
GtkWidget        *field_input          (KeyfobAddDialog   *dialog,
                                        const char        *key);
GtkWidget        *field_error          (KeyfobAddDialog   *dialog,
                                        const char        *key);
KeyfobCheckRow   *check_row            (KeyfobAddDialog   *dialog);
GtkWidget        *check_part           (KeyfobAddDialog   *dialog,
                                        const char        *name);
GtkWidget        *find_provider_row    (KeyfobAddDialog   *dialog,
                                        const char        *name);
guint             count_children       (GtkWidget         *widget);

/* Going through it */
void              choose_from_list     (Fixture           *fixture,
                                        const char        *provider_name);
void              go_to_form           (Fixture           *fixture,
                                        const char        *provider_id);
gboolean          save_enabled         (Fixture           *fixture);
void              run_test             (Fixture           *fixture);

/* The keyring, read back through core */
guint             count_stored         (const char        *provider_id,
                                        const char        *name);
KeyfobToken      *find_stored          (const char        *provider_id,
                                        const char        *name);
void              assert_secret        (KeyfobToken       *token,
                                        const char        *expected);

/* What each test's main () does before and after its own tests */
gboolean          add_dialog_test_init (int               *argc,
                                        char            ***argv);
int               add_dialog_test_run  (void);

G_END_DECLS
