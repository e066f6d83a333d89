/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-tool-context.h"

G_BEGIN_DECLS

/* Each command takes its own argv, argv[0] being the command's name, and returns the exit code. */
typedef int (*KeyfobToolCommandFunc) (KeyfobToolContext  *context,
                                      int                 argc,
                                      char              **argv);

typedef struct
{
  const char            *name;
  const char            *usage;    /* this and summary: for keyfob-tool --help */
  KeyfobToolCommandFunc  run;
  const char            *summary;
} KeyfobToolCommand;

void _keyfob_tool_setup     (void);
int  _keyfob_tool_dispatch  (const KeyfobToolCommand  *commands,
                             guint                     n_commands,
                             int                       argc,
                             char                    **argv);

/* keyfob-tool-input.c */
char       *_keyfob_tool_read_token       (KeyfobProvider     *provider,
                                           gsize              *length,
                                           GError            **error);
void        _keyfob_tool_wipe_and_free    (char               *buffer);
GHashTable *_keyfob_tool_parse_fields     (char              **specs,
                                           GError            **error);
gboolean    _keyfob_tool_draft_set_fields (KeyfobTokenDraft   *draft,
                                           GHashTable         *fields,
                                           GError            **error);

/* keyfob-tool-list.c */
gboolean _keyfob_tool_parse_days  (const char         *option,
                                   const char         *text,
                                   guint              *days,
                                   GError            **error);

int _keyfob_tool_providers (KeyfobToolContext  *context,
                            int                 argc,
                            char              **argv);
int _keyfob_tool_add       (KeyfobToolContext  *context,
                            int                 argc,
                            char              **argv);
int _keyfob_tool_list      (KeyfobToolContext  *context,
                            int                 argc,
                            char              **argv);
int _keyfob_tool_get       (KeyfobToolContext  *context,
                            int                 argc,
                            char              **argv);
int _keyfob_tool_rename    (KeyfobToolContext  *context,
                            int                 argc,
                            char              **argv);
int _keyfob_tool_edit      (KeyfobToolContext  *context,
                            int                 argc,
                            char              **argv);
int _keyfob_tool_delete    (KeyfobToolContext  *context,
                            int                 argc,
                            char              **argv);
int _keyfob_tool_test      (KeyfobToolContext  *context,
                            int                 argc,
                            char              **argv);
int _keyfob_tool_revoke    (KeyfobToolContext  *context,
                            int                 argc,
                            char              **argv);
int _keyfob_tool_exec      (KeyfobToolContext  *context,
                            int                 argc,
                            char              **argv);
int _keyfob_tool_remind    (KeyfobToolContext  *context,
                            int                 argc,
                            char              **argv);
int _keyfob_tool_import    (KeyfobToolContext  *context,
                            int                 argc,
                            char              **argv);
int _keyfob_tool_scan      (KeyfobToolContext  *context,
                            int                 argc,
                            char              **argv);

G_END_DECLS
