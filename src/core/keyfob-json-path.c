/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-json-path"

#include "config.h"

#include <stdlib.h>

#include "keyfob-json-path.h"

/* Walks a dotted path such as "errors.0.detail" through objects and arrays,
 * checking each node's type before reading it: the body comes from the network. */
JsonNode *
keyfob_json_path_lookup (JsonNode   *root,
                         const char *path)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *node = root;

  if (root == NULL || path == NULL || path[0] == '\0')
    return NULL;

  parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *object = json_node_get_object (node);

          node = json_object_get_member (object, parts[i]);
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          char *end = NULL;
          guint64 index = g_ascii_strtoull (parts[i], &end, 10);

          if (end == parts[i] || *end != '\0' || index >= json_array_get_length (array))
            return NULL;

          node = json_array_get_element (array, index);
        }
      else
        {
          return NULL;
        }
    }

  return node;
}

/* A string, or a number written as one; NULL for anything else or empty text. */
char *
keyfob_json_path_dup_string (JsonNode   *root,
                             const char *path)
{
  JsonNode *node = keyfob_json_path_lookup (root, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);

        return text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
      }
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    default:
      return NULL;
    }
}
