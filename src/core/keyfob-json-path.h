/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than any vendor answer or provider file needs, shallow enough for json-glib, which
 * recurses once per level. */
#define KEYFOB_JSON_MAX_DEPTH 64

typedef enum
{
  KEYFOB_JSON_SHAPE_OK,
  KEYFOB_JSON_SHAPE_NOT_ONE_VALUE,  /* a second value, a comment, or not an object or array */
  KEYFOB_JSON_SHAPE_TOO_DEEP,       /* nested deeper than KEYFOB_JSON_MAX_DEPTH */
} KeyfobJsonShape;

JsonNode       *keyfob_json_path_lookup     (JsonNode    *root,
                                             const char  *path);
char           *keyfob_json_path_dup_string (JsonNode    *root,
                                             const char  *path);
KeyfobJsonShape keyfob_json_check_shape     (const char  *data,
                                             gsize        length,
                                             gsize       *bad);

G_END_DECLS
