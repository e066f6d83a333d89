/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *keyfob_json_path_lookup      (JsonNode    *root,
                                        const char  *path);
char     *keyfob_json_path_dup_string  (JsonNode    *root,
                                        const char  *path);
gboolean  keyfob_json_is_one_container (const char  *data,
                                        gsize        length,
                                        gsize       *bad);

G_END_DECLS
