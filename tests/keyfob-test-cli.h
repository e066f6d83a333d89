/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdarg.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What one run of keyfob-tool ($KEYFOB_TOOL) did. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} KeyfobTestRun;

KeyfobTestRun *keyfob_test_run_tool  (const char         *data_home,
                                      const char         *input,
                                      gsize               input_length,
                                      const char * const *env,
                                      guint               timeout_seconds,
                                      const char * const *args);
void           keyfob_test_add_tool_command (GPtrArray *argv);
void           keyfob_test_run_free  (KeyfobTestRun      *run);
void           keyfob_test_remove_tree (const char       *path);
GPtrArray     *keyfob_test_collect_args (va_list          ap);
JsonArray     *keyfob_test_parse_array  (const char       *text);
JsonObject    *keyfob_test_find_named   (JsonArray        *array,
                                         const char       *name);
const char    *keyfob_test_string_or_null (JsonObject     *object,
                                         const char       *member);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyfobTestRun, keyfob_test_run_free)

G_END_DECLS
