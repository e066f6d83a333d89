/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "keyfob-catalogue.h"
#include "keyfob-check-result.h"
#include "keyfob-store.h"
#include "keyfob-token.h"
#include "keyfob-token-draft.h"
#include "keyfob-token-list.h"

G_BEGIN_DECLS

/* What every command shares: the core objects and a main loop that runs their async calls. */
typedef struct
{
  GMainLoop       *loop;
  GCancellable    *cancellable;
  KeyfobCatalogue *catalogue;  /* NULL until loaded */
  KeyfobStore     *store;      /* created on first use, with tokens */
  KeyfobTokenList *tokens;
  GAsyncResult    *result;     /* the result _keyfob_tool_context_wait() waits for */
  guint            pending;    /* calls _keyfob_tool_context_wait_all() waits for */
  GPtrArray       *noted;      /* replaced providers already named, borrowed */
  gboolean         said_prompt;
  guint            prompt_notice_id;
} KeyfobToolContext;

/* Exit codes of the CLI contract. */
#define KEYFOB_TOOL_EXIT_OK          0
#define KEYFOB_TOOL_EXIT_FAILED      1
#define KEYFOB_TOOL_EXIT_USAGE       2
#define KEYFOB_TOOL_EXIT_KEYRING     3
#define KEYFOB_TOOL_EXIT_CANCELLED   130

KeyfobToolContext *_keyfob_tool_context_new              (void);
void               _keyfob_tool_context_free             (KeyfobToolContext  *self);
KeyfobTokenList   *_keyfob_tool_context_get_tokens       (KeyfobToolContext  *self);

void               _keyfob_tool_context_ready_cb         (GObject            *object,
                                                          GAsyncResult       *result,
                                                          gpointer            user_data);
GAsyncResult      *_keyfob_tool_context_wait             (KeyfobToolContext  *self);
void               _keyfob_tool_context_hold             (KeyfobToolContext  *self);
void               _keyfob_tool_context_release          (KeyfobToolContext  *self);
void               _keyfob_tool_context_wait_all         (KeyfobToolContext  *self);

gboolean           _keyfob_tool_context_load_catalogue   (KeyfobToolContext  *self,
                                                          gboolean            report,
                                                          GError            **error);
void               _keyfob_tool_context_note_replaced    (KeyfobToolContext  *self,
                                                          KeyfobProvider     *provider);
KeyfobProvider    *_keyfob_tool_context_lookup_provider  (KeyfobToolContext  *self,
                                                          const char         *id,
                                                          GError            **error);
KeyfobToken       *_keyfob_tool_context_find_token       (KeyfobToolContext  *self,
                                                          const char         *name_or_id,
                                                          GError            **error);
GPtrArray         *_keyfob_tool_context_list_tokens      (KeyfobToolContext  *self,
                                                          GError            **error);
SecretValue       *_keyfob_tool_context_load_secret      (KeyfobToolContext  *self,
                                                          KeyfobToken        *token,
                                                          GError            **error);
GPtrArray         *_keyfob_tool_context_load_secrets     (KeyfobToolContext  *self,
                                                          GPtrArray          *tokens,
                                                          GError            **error);
KeyfobToken       *_keyfob_tool_context_add_token        (KeyfobToolContext  *self,
                                                          KeyfobTokenDraft   *draft,
                                                          GError            **error);
gboolean           _keyfob_tool_context_rename_token     (KeyfobToolContext  *self,
                                                          KeyfobToken        *token,
                                                          const char         *new_name,
                                                          GError            **error);
gboolean           _keyfob_tool_context_edit_token       (KeyfobToolContext  *self,
                                                          KeyfobToken        *token,
                                                          KeyfobTokenDraft   *draft,
                                                          GError            **error);
gboolean           _keyfob_tool_context_delete_token     (KeyfobToolContext  *self,
                                                          KeyfobToken        *token,
                                                          GError            **error);

void               _keyfob_tool_say                      (FILE               *stream,
                                                          const char         *format,
                                                          ...) G_GNUC_PRINTF (2, 3);
int                _keyfob_tool_exit_code                (const GError       *error);
int                _keyfob_tool_fail                     (const GError       *error);
int                _keyfob_tool_usage                    (const char         *command,
                                                          const char         *format,
                                                          ...) G_GNUC_PRINTF (2, 3);
void               _keyfob_tool_warn                     (const char         *format,
                                                          ...) G_GNUC_PRINTF (1, 2);
GOptionContext    *_keyfob_tool_option_context_new       (const char         *command,
                                                          const char         *parameters,
                                                          const char         *summary,
                                                          const GOptionEntry *entries);

char              *_keyfob_tool_format_date              (GDateTime          *date);
char              *_keyfob_tool_format_iso8601           (GDateTime          *date);
void               _keyfob_tool_json_add_token           (JsonBuilder        *builder,
                                                          KeyfobToken        *token);
void               _keyfob_tool_print_json               (JsonNode           *root);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyfobToolContext, _keyfob_tool_context_free)

G_END_DECLS
